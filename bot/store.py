"""Persistence behind a small interface: webhook deliveries and coordination state.

`Store` is what the rest of the bot sees; `SQLiteStore` is the embedded default. A PostgreSQL
store later implements the same methods (the documents are JSON, the tables are three).
"""

from __future__ import annotations

import json
import sqlite3
import threading
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


def _now() -> str:
    return datetime.now(UTC).isoformat()


class SQLiteStore:
    """One connection guarded by a lock: simple, and fast enough for one process with a few workers."""

    def __init__(self, path: str) -> None:
        if path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def claim_delivery(self, delivery: Delivery) -> bool:
        """A delivery seen before runs again only if it failed (a redelivery is the way to retry)."""
        with self._lock:
            row = self._db.execute("SELECT status FROM deliveries WHERE id = ?", (delivery.id,)).fetchone()
            if row is not None and row[0] != DeliveryStatus.FAILED:
                return False
            self._db.execute(
                "INSERT OR REPLACE INTO deliveries (id, event, action, key, payload, status, received_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (delivery.id, delivery.event, delivery.action, delivery.key,
                 json.dumps(delivery.payload), DeliveryStatus.QUEUED, _now()),
            )
            return True

    def finish_delivery(self, delivery_id: str, status: DeliveryStatus, error: str = "") -> None:
        with self._lock:
            self._db.execute(
                "UPDATE deliveries SET status = ?, error = ?, finished_at = ?, payload = "
                "CASE WHEN ? = 'done' THEN '{}' ELSE payload END WHERE id = ?",
                (status, error[:2000], _now(), status, delivery_id),
            )

    def unfinished_deliveries(self) -> list[Delivery]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, event, action, key, payload FROM deliveries WHERE status = ? ORDER BY received_at",
                (DeliveryStatus.QUEUED,),
            ).fetchall()
        return [
            Delivery(id=row[0], event=row[1], action=row[2], key=row[3], payload=json.loads(row[4]))
            for row in rows
        ]

    def load(self, repo: str, parent_number: int) -> CoordinationState | None:
        with self._lock:
            row = self._db.execute(
                "SELECT document FROM coordinations WHERE repo = ? AND parent_number = ?",
                (repo.lower(), parent_number),
            ).fetchone()
        return CoordinationState.model_validate_json(row[0]) if row else None

    def save(self, state: CoordinationState) -> None:
        """Writes the document and the sub-issue index in one transaction."""
        repo = state.repo.lower()
        numbers = [task.issue_number for task in state.tasks.values() if task.issue_number]
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO coordinations (repo, parent_number, document, updated_at)"
                    " VALUES (?, ?, ?, ?)",
                    (repo, state.parent_number, state.model_dump_json(), _now()),
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO task_issues (repo, issue_number, parent_number) VALUES (?, ?, ?)",
                    [(repo, number, state.parent_number) for number in numbers],
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def parent_of(self, repo: str, issue_number: int) -> int | None:
        with self._lock:
            row = self._db.execute(
                "SELECT parent_number FROM task_issues WHERE repo = ? AND issue_number = ?",
                (repo.lower(), issue_number),
            ).fetchone()
        return int(row[0]) if row else None

    def coordinations(self, repo: str) -> list[CoordinationState]:
        with self._lock:
            rows = self._db.execute(
                "SELECT document FROM coordinations WHERE repo = ? ORDER BY parent_number", (repo.lower(),)
            ).fetchall()
        return [CoordinationState.model_validate_json(row[0]) for row in rows]

    def healthy(self) -> bool:
        try:
            with self._lock:
                self._db.execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False

    def close(self) -> None:
        with self._lock:
            self._db.close()


def open_store(database_path: str) -> Store:
    """The one place that picks a store implementation from the settings."""
    return SQLiteStore(database_path)
