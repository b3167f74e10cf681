"""Entry point for WSGI servers: `gunicorn 'bot.wsgi:create()'` builds the app from the environment."""

from __future__ import annotations

import sys

from flask import Flask

from bot.app import create_app
from bot.migrate import SchemaOutOfDate
from bot.observability import configure_logging
from bot.settings import SettingsError, load_settings


def create() -> Flask:
    try:
        settings = load_settings()
        settings.require_serving()
    except SettingsError as error:
        print(f"coordinator: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    configure_logging(settings.log_level, settings.secret_values())
    try:
        return create_app(settings)
    except SchemaOutOfDate as error:
        print(f"coordinator: {error}", file=sys.stderr)
        raise SystemExit(2) from None
