"""Persistence behind a small interface: webhook deliveries and coordination state.

`Store` is what the rest of the bot sees; `SQLiteStore` is the embedded default. A PostgreSQL
store later implements the same methods (the documents are JSON, the tables are three).
"""

from __future__ import annotations

import json
import queue
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from bot.domain.coordination import CoordinationState


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    DONE = "done"
    FAILED = "failed"


class Delivery(BaseModel):
    """A webhook delivery as received: enough to run it again after a crash."""

    id: str
    event: str
    action: str
    key: str
    payload: dict[str, Any]
    status: DeliveryStatus = DeliveryStatus.QUEUED


class Store(Protocol):
    def claim_delivery(self, delivery: Delivery) -> bool:
        """Records a new delivery; False when it was already recorded and is not to be run again."""

    def finish_delivery(self, delivery_id: str, status: DeliveryStatus, error: str = "") -> None: ...

    def delivery(self, delivery_id: str) -> Delivery | None:
        """A delivery as received (its payload is dropped once it is done)."""

    def unfinished_deliveries(self) -> list[Delivery]: ...

    def load(self, repo: str, parent_number: int) -> CoordinationState | None: ...

    def save(self, state: CoordinationState) -> None: ...

    def parent_of(self, repo: str, issue_number: int) -> int | None: ...

    def coordinations(self, repo: str) -> list[CoordinationState]: ...

    def healthy(self) -> bool: ...

    def close(self) -> None: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    id TEXT PRIMARY KEY, event TEXT NOT NULL, action TEXT NOT NULL, key TEXT NOT NULL,
    payload TEXT NOT NULL, status TEXT NOT NULL, error TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL, finished_at TEXT
);
CREATE TABLE IF NOT EXISTS coordinations (
    repo TEXT NOT NULL, parent_number INTEGER NOT NULL, document TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (repo, parent_number)
);
CREATE TABLE IF NOT EXISTS task_issues (
    repo TEXT NOT NULL, issue_number INTEGER NOT NULL, parent_number INTEGER NOT NULL,
    PRIMARY KEY (repo, issue_number)
);
"""


BUSY_TIMEOUT = 30.0  # seconds a write waits for another one to finish before it fails


def _now() -> str:
    return datetime.now(UTC).isoformat()


class SQLiteStore:
    """A small pool of connections to one database in WAL mode.

    Readers never wait for writers, and every write is one statement or one short transaction, so
    SQLite's own lock (waited for through the busy timeout) is held only while SQLite works. One
    shared connection behind a Python lock was slower than that suggests: a request thread holding
    the lock could wait for the GIL with it, and under a burst of webhooks the request threads kept
    the worker waiting for seconds per job while its backlog grew.
    """

    def __init__(self, path: str) -> None:
        if path == ":memory:":  # one memory database shared by the pool, alive while a connection is open
            self._target, self._uri = f"file:coordinator-{id(self)}?mode=memory&cache=shared", True
        else:
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self._target, self._uri = path, False
        self._idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._closed = False
        first = self._connect()
        first.execute("PRAGMA journal_mode=WAL")
        first.executescript(_SCHEMA)
        self._idle.put(first)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self._target, uri=self._uri, timeout=BUSY_TIMEOUT, check_same_thread=False,
                             isolation_level=None)
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """An idle connection, or a new one: the pool grows to the number of threads using it at once."""
        if self._closed:
            raise sqlite3.ProgrammingError("the store is closed")
        try:
            db = self._idle.get_nowait()
        except queue.Empty:
            db = self._connect()
        try:
            yield db
        finally:
            if self._closed:
                db.close()
            else:
                self._idle.put(db)

    def claim_delivery(self, delivery: Delivery) -> bool:
        """A delivery seen before runs again only if it failed (a redelivery is the way to retry).

        One statement, so two requests carrying the same delivery cannot both claim it.
        """
        document = json.dumps(delivery.payload)
        with self._connection() as db:
            claimed = db.execute(
                "INSERT INTO deliveries (id, event, action, key, payload, status, received_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET event = excluded.event,"
                " action = excluded.action, key = excluded.key, payload = excluded.payload,"
                " status = excluded.status, error = '', received_at = excluded.received_at, finished_at = NULL"
                " WHERE deliveries.status = ?",
                (delivery.id, delivery.event, delivery.action, delivery.key, document, DeliveryStatus.QUEUED,
                 _now(), DeliveryStatus.FAILED),
            )
            return claimed.rowcount == 1

    def finish_delivery(self, delivery_id: str, status: DeliveryStatus, error: str = "") -> None:
        with self._connection() as db:
            db.execute(
                "UPDATE deliveries SET status = ?, error = ?, finished_at = ?, payload = "
                "CASE WHEN ? = 'done' THEN '{}' ELSE payload END WHERE id = ?",
                (status, error[:2000], _now(), status, delivery_id),
            )

    def delivery(self, delivery_id: str) -> Delivery | None:
        with self._connection() as db:
            row = db.execute(
                "SELECT id, event, action, key, payload, status FROM deliveries WHERE id = ?", (delivery_id,)
            ).fetchone()
        return _delivery(row) if row else None

    def unfinished_deliveries(self) -> list[Delivery]:
        with self._connection() as db:
            rows = db.execute(
                "SELECT id, event, action, key, payload, status FROM deliveries WHERE status = ?"
                " ORDER BY received_at",
                (DeliveryStatus.QUEUED,),
            ).fetchall()
        return [_delivery(row) for row in rows]

    def load(self, repo: str, parent_number: int) -> CoordinationState | None:
        with self._connection() as db:
            row = db.execute(
                "SELECT document FROM coordinations WHERE repo = ? AND parent_number = ?",
                (repo.lower(), parent_number),
            ).fetchone()
        return CoordinationState.model_validate_json(row[0]) if row else None

    def save(self, state: CoordinationState) -> None:
        """Writes the document and the sub-issue index in one transaction."""
        repo = state.repo.lower()
        numbers = [task.issue_number for task in state.tasks.values() if task.issue_number]
        document = state.model_dump_json()
        with self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(
                    "INSERT OR REPLACE INTO coordinations (repo, parent_number, document, updated_at)"
                    " VALUES (?, ?, ?, ?)",
                    (repo, state.parent_number, document, _now()),
                )
                db.executemany(
                    "INSERT OR REPLACE INTO task_issues (repo, issue_number, parent_number) VALUES (?, ?, ?)",
                    [(repo, number, state.parent_number) for number in numbers],
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def parent_of(self, repo: str, issue_number: int) -> int | None:
        with self._connection() as db:
            row = db.execute(
                "SELECT parent_number FROM task_issues WHERE repo = ? AND issue_number = ?",
                (repo.lower(), issue_number),
            ).fetchone()
        return int(row[0]) if row else None

    def coordinations(self, repo: str) -> list[CoordinationState]:
        with self._connection() as db:
            rows = db.execute(
                "SELECT document FROM coordinations WHERE repo = ? ORDER BY parent_number", (repo.lower(),)
            ).fetchall()
        return [CoordinationState.model_validate_json(row[0]) for row in rows]

    def healthy(self) -> bool:
        try:
            with self._connection() as db:
                db.execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False

    def close(self) -> None:
        """Closes the idle connections now and the busy ones as they come back."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


def _delivery(row: tuple[Any, ...]) -> Delivery:
    return Delivery(id=row[0], event=row[1], action=row[2], key=row[3], payload=json.loads(row[4]),
                    status=row[5])


def open_store(database_path: str) -> Store:
    """The one place that picks a store implementation from the settings."""
    return SQLiteStore(database_path)
