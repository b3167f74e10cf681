"""`coordinator serve`: the production server (gunicorn), configured like the container image.

One worker process, because the work queue and the SQLite store live in it; threads take the
webhooks. The app is built inside the worker, after the fork, so its worker threads run there.
Settings are checked before gunicorn starts, so a bad one stops `serve` with one line.
"""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from bot.settings import Settings

THREADS = 8
TIMEOUT_SECONDS = 30


class _Gunicorn(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type hints
    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self._settings, self._options = settings, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            if key in self.cfg.settings:  # control_socket_disable is new in gunicorn 25.1
                self.cfg.set(key, value)

    def load(self) -> Any:
        from bot.app import create_app
        from bot.observability import configure_logging

        configure_logging(self._settings.log_level, self._settings.secret_values())
        return create_app(self._settings)


def run_gunicorn(settings: Settings, host: str, port: int) -> int:
    """Serves until stopped (SIGTERM/SIGINT); returns gunicorn's exit status."""
    options = {"bind": f"{host}:{port}", "workers": 1, "threads": THREADS, "timeout": TIMEOUT_SECONDS,
               "accesslog": None, "errorlog": "-", "loglevel": settings.log_level.lower(),
               "proc_name": "coordinator", "control_socket_disable": True}
    _Gunicorn(settings, options).run()
    return 0
