"""Connecting to the database: an engine per URL, SQLite (the embedded default) or PostgreSQL.

`bot.store` runs every query; this module only decides how connections are made and kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa

T = TypeVar("T")

BUSY_TIMEOUT = 30.0  # seconds a SQLite write waits for another one to finish before it fails


def engine_for(url: str) -> sa.Engine:
    """An engine for a `sqlite:///PATH` or `postgresql://…` URL (psycopg 3 is the driver)."""
    if url.startswith("sqlite:///"):
        return _sqlite_engine(url)
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), pool_size=10,
                            max_overflow=20, pool_pre_ping=True)


def _sqlite_engine(url: str) -> sa.Engine:
    """WAL mode, so readers never wait for writers; autocommit at the driver, BEGIN sent by SQLAlchemy.

    Every write transaction starts with its write, so SQLite's lock is taken (and waited for
    through the busy timeout) at once, never upgraded from a read half-way.
    """
    Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, pool_size=10, max_overflow=30,
                              connect_args={"timeout": BUSY_TIMEOUT, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _connect(connection: Any, _: Any) -> None:
        connection.isolation_level = None
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def intake_engines(engine: sa.Engine) -> tuple[sa.Engine, sa.Engine]:
    """The webhook's two statements, each one round trip: no ping at checkout (a connection found
    dead is retried once, see `once_more_if_dead`), no BEGIN/COMMIT around a single statement (autocommit).

    The second engine's commits do not wait for the disk (`synchronous_commit=off`): it only writes
    marks whose loss costs a harmless second run (`SqlStore.mark_queued`). SQLite has one engine for all.
    """
    if engine.dialect.name != "postgresql":
        return engine, engine
    durable = sa.create_engine(engine.url, isolation_level="AUTOCOMMIT", pool_size=8, max_overflow=24)
    lazy = sa.create_engine(engine.url, isolation_level="AUTOCOMMIT", pool_size=4, max_overflow=28,
                            connect_args={"options": "-c synchronous_commit=off"})
    return durable, lazy


def once_more_if_dead(run: Callable[[], T]) -> T:
    """Runs a statement again, once, if its pooled connection turned out dead (a restarted server)."""
    try:
        return run()
    except sa.exc.DBAPIError as error:
        if not error.connection_invalidated:
            raise
        return run()
