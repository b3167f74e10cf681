"""The `coordinator` command: serve webhooks, preview a plan offline, or run the offline demo."""

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
    from bot.ops import retry_jobs, sweep_jobs

    print((retry_jobs if args.action == "retry" else sweep_jobs)(load_settings()))
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
    plan = commands.add_parser("plan", help="preview offline what the bot would do with a plan file")
    plan.add_argument("file", help="a Markdown file holding the plan issue's body (first heading = title)")
    plan.add_argument("--planner", choices=("rules", "claude"), default="rules", help="which planner to use")
    plan.add_argument("--format", choices=("markdown", "json"), default="markdown", help="output format")
    plan.set_defaults(run=_plan)
    demo = commands.add_parser("demo", help="run a whole coordination offline against a fake GitHub")
    demo.add_argument("--example", help="plan file to coordinate (default: examples/user-authentication.md)")
    demo.set_defaults(run=_demo)
    worker = commands.add_parser("worker", help="run jobs from the shared queue (COORDINATOR_QUEUE_URL)")
    worker.add_argument("--metrics-port", type=int, help="serve this worker's Prometheus metrics on this port")
    worker.set_defaults(run=_worker)
    db = commands.add_parser("db", help="database schema")
    db.add_argument("action", choices=("upgrade",), help="upgrade: migrate the schema to this build's")
    db.set_defaults(run=_db)
    jobs = commands.add_parser("jobs", help="the dead-letter list and stranded deliveries")
    jobs.add_argument("action", choices=("retry", "sweep"),
                      help="retry: run every failed delivery again; sweep: queue the deliveries recorded but"
                           " never queued (the workers also do it on their own)")
    jobs.set_defaults(run=_jobs)
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
