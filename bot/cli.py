"""The `coordinator` command: serve webhooks, run as a GitHub Action, preview a plan offline, or run the demo."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.migrate import SchemaOutOfDate
from bot.settings import SettingsError, load_settings


def _serve(args: argparse.Namespace) -> int:
    """gunicorn, as in production; `--dev` for Werkzeug's development server."""
    settings = load_settings()
    settings.require_serving()
    if not args.dev:
        try:
            from bot.serving import run_gunicorn
        except ImportError:
            raise SettingsError("gunicorn is not installed: pip install 'feature-coordinator[serve]', "
                                "or use --dev for the development server") from None
        return run_gunicorn(settings, args.host, args.port)
    from bot.app import create_app
    from bot.observability import configure_logging

    configure_logging(settings.log_level, settings.secret_values())
    create_app(settings).run(host=args.host, port=args.port, threaded=True)
    return 0


def _plan(args: argparse.Namespace) -> int:
    from bot.preview import run_preview

    text, status = run_preview(Path(args.file), args.planner, args.format, load_settings())
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return status


def _demo(args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    return run_demo(Path(args.example) if args.example else None)


def _worker(args: argparse.Namespace) -> int:
    from bot.ops import run_worker

    return run_worker(load_settings(), metrics_port=args.metrics_port)


def _db(args: argparse.Namespace) -> int:
    from bot.ops import upgrade_database

    print(upgrade_database(load_settings()))
    return 0


def _jobs(args: argparse.Namespace) -> int:
    from bot.ops import recover_jobs, retry_jobs

    print((retry_jobs if args.action == "retry" else recover_jobs)(load_settings()))
    return 0


def _action(args: argparse.Namespace) -> int:
    from bot.action import run_action
    from bot.observability import configure_logging

    settings = load_settings()
    configure_logging(settings.log_level, settings.secret_values())
    return run_action(settings)


def _app(args: argparse.Namespace) -> int:
    from bot.app_manifest import render_instructions

    sys.stdout.write(render_instructions(args.url, args.org, args.redirect_url))
    return 0


def _sweep(args: argparse.Namespace) -> int:
    from bot.ops import sweep

    print(sweep(load_settings()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coordinator",
        description="Turns an implementation plan in a GitHub issue into coordinated, tracked sub-issues.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="run the webhook server (gunicorn; --dev for the development server)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--dev", action="store_true", help="Werkzeug's development server instead of gunicorn")
    serve.set_defaults(run=_serve)
    action = commands.add_parser("action", help="handle the event of the GitHub Actions run (GITHUB_EVENT_PATH)")
    action.set_defaults(run=_action)
    app = commands.add_parser("app", help="the GitHub App: print its manifest and how to register it")
    app.add_argument("what", choices=("manifest",), help="manifest: app.yml as JSON, the URL and form to post it")
    app.add_argument("--url", help="the webhook URL of your server (https://<host>/webhook)")
    app.add_argument("--org", help="register the App for this organisation instead of your account")
    app.add_argument("--redirect-url", help="where GitHub sends you back with the code to exchange")
    app.set_defaults(run=_app)
    plan = commands.add_parser("plan", help="preview offline what the bot would do with a plan file")
    plan.add_argument("file", help="a Markdown file holding the plan issue's body (first heading = title)")
    plan.add_argument("--planner", choices=("rules", "claude"), default="rules", help="which planner to use")
    plan.add_argument("--format", choices=("markdown", "json"), default="markdown", help="output format")
    plan.set_defaults(run=_plan)
    demo = commands.add_parser("demo", help="run a whole coordination offline against a fake GitHub")
    demo.add_argument("--example", help="plan file to coordinate (default: examples/user-authentication.md, packaged)")
    demo.set_defaults(run=_demo)
    worker = commands.add_parser("worker", help="run jobs from the shared queue (COORDINATOR_QUEUE_URL)")
    worker.add_argument("--metrics-port", type=int, help="serve this worker's Prometheus metrics on this port")
    worker.set_defaults(run=_worker)
    db = commands.add_parser("db", help="database schema")
    db.add_argument("action", choices=("upgrade",), help="upgrade: migrate the schema to this build's")
    db.set_defaults(run=_db)
    jobs = commands.add_parser("jobs", help="the dead-letter list and stranded deliveries")
    jobs.add_argument("action", choices=("retry", "recover"),
                      help="retry: run every failed delivery again; recover: queue the deliveries recorded but"
                           " never queued (the workers also do it on their own)")
    jobs.set_defaults(run=_jobs)
    sweeper = commands.add_parser("sweep", help="one pass over the open coordinations: reviews, checks, stalled "
                                               "work (run it from cron)")
    sweeper.set_defaults(run=_sweep)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except SettingsError as error:
        print(f"coordinator: configuration error: {error}", file=sys.stderr)
        return 2
    except SchemaOutOfDate as error:
        print(f"coordinator: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
