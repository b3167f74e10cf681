"""Schema migrations (Alembic, run programmatically): upgrade, and the start-up check.

SQLite is the embedded default, owned by one process: it is upgraded when the process opens it,
so `make run` stays one command. PostgreSQL is shared by many processes: upgrading it is an
operator's step (`coordinator db upgrade`), and a process finding it out of date refuses to start.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

_SCRIPTS = Path(__file__).parent / "migrations"


class SchemaOutOfDate(Exception):
    """The database's schema is not the one this build expects; the message says what to run."""


def _config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.attributes["connection"] = connection
    return config


def head() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head") -> str | None:
    """Brings the schema to this build's head (or to an older `revision`, as a test of a migration
    does); returns the revision now in place."""
    with engine.begin() as connection:
        command.upgrade(_config(connection), revision)
    return current(engine)


def require_current(engine: sa.Engine) -> None:
    """Raises SchemaOutOfDate unless the schema is at this build's head."""
    found, wanted = current(engine), head()
    if found != wanted:
        raise SchemaOutOfDate(
            f"database schema is at {found or 'nothing'}, this build needs {wanted}: run `coordinator db upgrade`"
        )
