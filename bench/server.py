"""The bot as the benchmark serves it: the real app, a bare endpoint beside it, one threaded server.

Run by bench/run.py in a process of its own (so its memory can be read and it does not share a GIL
with the load generator), configured by the same environment variables as `coordinator serve`.
`POST /bare` only answers 204: the same server, the same logging, none of the bot's work, so the
ratio of the two latencies is what the bot adds. Prints the port it listens on, then serves.
"""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.serving import make_server

from bot.app import create_app
from bot.observability import configure_logging
from bot.settings import load_settings


def create() -> Flask:
    """The app with `/bare` beside `/webhook`; also what gunicorn runs (`'bench.server:create()'`)."""
    settings = load_settings()
    app = create_app(settings)
    configure_logging(settings.log_level, settings.secret_values())
    app.add_url_rule("/bare", "bare", lambda: Response(status=204), methods=["POST"])
    return app


def main() -> None:
    server = make_server("127.0.0.1", 0, create(), threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
