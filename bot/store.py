"""Persistence behind a small interface: webhook deliveries and coordination state.

`Store` is what the rest of the bot sees; `SqlStore` implements it with SQLAlchemy over SQLite
(the embedded default) or PostgreSQL (psycopg 3), chosen by the database URL. The tables live in
`bot.schema`, their migrations in `bot.migrations`.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel, Field
from sqlalchemy.dialects import postgresql, sqlite

from bot import migrate
from bot.database import engine_for, intake_engines, once_more_if_dead
from bot.domain.coordination import CoordinationState, CoordinationStatus
from bot.schema import coordinations, deliveries, task_issues


class DeliveryStatus(StrEnum):
    RECEIVED = "received"  # recorded; not known to be in the queue yet
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
    status: DeliveryStatus = DeliveryStatus.RECEIVED
    payload_text: str = Field(default="", exclude=True, repr=False)  # the payload as received, when known


class StaleState(Exception):
    """Another writer saved this coordination since it was loaded: the job runs again on fresh state."""


UNFINISHED = (DeliveryStatus.RECEIVED.value, DeliveryStatus.QUEUED.value)
T = TypeVar("T")

RECOVER_AFTER = 60.0  # seconds a received delivery waits to be queued before it is recovered


class Store(Protocol):
    def claim_delivery(self, delivery: Delivery, recover_after: float = RECOVER_AFTER) -> bool:
        """Records a new delivery as received; False when it was already recorded and is not to be run again.

        A delivery seen before is claimed again if it failed, or if it is still received (never
        marked queued) past its `recover_at`: its recorder died before the queue took it.
        """

    def mark_queued(self, *delivery_ids: str) -> None:
        """The queue took the deliveries: no sweeper is to queue them again."""

    def claim_stranded(self, recover_after: float = RECOVER_AFTER, limit: int = 100) -> list[tuple[str, str]]:
        """(id, key) of received deliveries past their `recover_at`, each claimed by one caller only
        (its `recover_at` pushed `recover_after` seconds on), oldest first."""

    def finish_delivery(self, delivery_id: str, status: DeliveryStatus, error: str = "") -> None: ...

    def delivery(self, delivery_id: str) -> Delivery | None:
        """A delivery as received (its payload is dropped once it is done)."""

    def unfinished(self) -> list[tuple[str, str]]:
        """(id, key) of every delivery not finished, oldest first: what a restarted in-process queue
        runs again. No payloads: after an outage the backlog may be large."""

    def failed_deliveries(self) -> list[Delivery]:
        """The dead-letter list: deliveries whose last run failed, oldest first."""

    def count_deliveries(self, status: DeliveryStatus) -> int: ...

    def unfinished_before(self, delivery_id: str) -> list[str]:
        """Unfinished deliveries with this one's key received before it, oldest first."""

    def load(self, repo: str, parent_number: int) -> CoordinationState | None: ...

    def save(self, state: CoordinationState) -> None:
        """Saves if nobody else did since `state` was loaded (else StaleState); bumps `state.version`."""

    def parent_of(self, repo: str, issue_number: int) -> int | None: ...

    def coordinations(self, repo: str) -> list[CoordinationState]: ...

    def open_coordinations(self) -> list[CoordinationState]:
        """Every coordination not cancelled or completed, of every repository (for `coordinator sweep`)."""

    def exclusive(self, key: str) -> Any:
        """A context manager held while one job runs for `key`: one holder across every process."""

    def healthy(self) -> bool: ...

    def close(self) -> None: ...


def _now(after: float = 0.0) -> str:
    """A UTC timestamp that sorts as text (always with microseconds), `after` seconds from now."""
    return (datetime.now(UTC) + timedelta(seconds=after)).isoformat(timespec="microseconds")


def _lock_id(key: str) -> int:
    """A stable signed 64-bit number per key, for PostgreSQL's advisory locks."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


# The webhook's statements, written out: the same SQL on both databases, compiled once (and
# prepared by psycopg after a few runs), since building them per request cost more than running them.
_CLAIM = sa.text(
    "INSERT INTO deliveries (id, event, action, key, payload, status, error, received_at, finished_at, recover_at)"
    " VALUES (:id, :event, :action, :key, :payload, 'received', '', :now, NULL, :recover_at)"
    " ON CONFLICT (id) DO UPDATE SET event = excluded.event, action = excluded.action, key = excluded.key,"
    " payload = excluded.payload, status = 'received', error = '', received_at = excluded.received_at,"
    " finished_at = NULL, recover_at = excluded.recover_at"
    " WHERE deliveries.status = 'failed' OR (deliveries.status = 'received' AND deliveries.recover_at < :now)"
    " RETURNING id"  # rowcount is not reported for every driver's INSERT
)
_STATES = sa.select(coordinations.c.document, coordinations.c.version)
_MARK_QUEUED = sa.text("UPDATE deliveries SET status = 'queued' WHERE id IN :ids AND status = 'received'").bindparams(
    sa.bindparam("ids", expanding=True))

# A job's statements, built once with bound parameters: built per call, SQLAlchemy spent longer
# constructing them and computing their cache keys than PostgreSQL spent running them.
_DELIVERY_COLUMNS = sa.select(deliveries.c.id, deliveries.c.event, deliveries.c.action, deliveries.c.key,
                              deliveries.c.payload, deliveries.c.status)
_DELIVERY = _DELIVERY_COLUMNS.where(deliveries.c.id == sa.bindparam("id"))
_FAILED = _DELIVERY_COLUMNS.where(deliveries.c.status == DeliveryStatus.FAILED.value).order_by(deliveries.c.received_at)
_THIS = deliveries.alias("this")
_UNFINISHED_BEFORE = sa.select(deliveries.c.id).where(
    _THIS.c.id == sa.bindparam("id"), deliveries.c.key == _THIS.c.key,
    deliveries.c.status.in_(UNFINISHED), deliveries.c.received_at < _THIS.c.received_at,
).order_by(deliveries.c.received_at)
_FINISH = {done: deliveries.update().where(deliveries.c.id == sa.bindparam("finished_id")).values(
    status=sa.bindparam("new_status"), error=sa.bindparam("new_error"), finished_at=sa.bindparam("finished"),
    payload=sa.literal("{}") if done else deliveries.c.payload) for done in (True, False)}
_UNFINISHED = sa.select(deliveries.c.id, deliveries.c.key).where(deliveries.c.status.in_(UNFINISHED)).order_by(
    deliveries.c.received_at)
_STATE = _STATES.where(coordinations.c.repo == sa.bindparam("repo"),
                       coordinations.c.parent_number == sa.bindparam("number"))
_OPEN_STATES = _STATES.where(coordinations.c.status.in_(
    [CoordinationStatus.ACTIVE.value, CoordinationStatus.PAUSED.value])).order_by(
    coordinations.c.repo, coordinations.c.parent_number)
_PARENT_OF = sa.select(task_issues.c.parent_number).where(
    task_issues.c.repo == sa.bindparam("repo"), task_issues.c.issue_number == sa.bindparam("number"))
_LOCK = sa.select(sa.func.pg_advisory_lock(sa.bindparam("lock", type_=sa.BigInteger)))
_UNLOCK = sa.select(sa.func.pg_advisory_unlock(sa.bindparam("lock", type_=sa.BigInteger)))


class SqlStore:
    """The store over one SQLAlchemy engine; every write is one statement or one short transaction."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._durable, self._lazy = intake_engines(engine)
        self._postgres = engine.dialect.name == "postgresql"
        self._insert = postgresql.insert if self._postgres else sqlite.insert
        self._local_locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._closed = False

    def claim_delivery(self, delivery: Delivery, recover_after: float = RECOVER_AFTER) -> bool:
        """A delivery seen before runs again only if it failed (a redelivery is the way to retry) or
        if it was stranded between record and queue.

        One statement, so two requests carrying the same delivery cannot both claim it.
        """
        values = {"id": delivery.id, "event": delivery.event, "action": delivery.action, "key": delivery.key,
                  "payload": delivery.payload_text or json.dumps(delivery.payload), "now": _now(),
                  "recover_at": _now(recover_after)}
        return self._one(lambda db: db.execute(_CLAIM, values).first() is not None)

    def mark_queued(self, *delivery_ids: str) -> None:
        """One statement for a batch. Not worth waiting for the disk: if the mark is lost, the delivery
        is queued once more and its job, idempotent, finds it done. So PostgreSQL commits it without
        waiting for the flush."""
        if delivery_ids:
            self._one(lambda db: db.execute(_MARK_QUEUED, {"ids": delivery_ids}), wait_for_disk=False)

    def _one(self, statement: Callable[[sa.Connection], T], *, wait_for_disk: bool = True) -> T:
        """One statement, committed: one round trip on PostgreSQL (autocommit, no ping at checkout, a
        connection found dead retried once; a job's reads used to cost four each), BEGIN/COMMIT on
        SQLite. `wait_for_disk=False` is for marks whose loss costs a harmless second run."""
        engine = self._durable if wait_for_disk else self._lazy

        def run() -> T:
            with engine.begin() if engine is self._engine else engine.connect() as db:
                return statement(db)

        return once_more_if_dead(run)

    def claim_stranded(self, recover_after: float = RECOVER_AFTER, limit: int = 100) -> list[tuple[str, str]]:
        """The condition is checked again by the UPDATE itself, so two sweepers never claim one delivery."""
        now = _now()
        stranded = sa.and_(deliveries.c.status == DeliveryStatus.RECEIVED.value, deliveries.c.recover_at < now)
        oldest = sa.select(deliveries.c.id).where(stranded).order_by(deliveries.c.received_at).limit(limit)
        claim = deliveries.update().where(
            deliveries.c.id.in_(oldest.with_for_update(skip_locked=True).scalar_subquery()), stranded,
        ).values(recover_at=_now(recover_after)).returning(deliveries.c.id, deliveries.c.key,
                                                           deliveries.c.received_at)
        with self._engine.begin() as db:
            rows = db.execute(claim).all()
        return [(row[0], row[1]) for row in sorted(rows, key=lambda row: str(row[2]))]

    def finish_delivery(self, delivery_id: str, status: DeliveryStatus, error: str = "") -> None:
        """`done` does not wait for the disk: lost in a database crash, the delivery would run once more
        and find its work done. A failure waits: it is the dead-letter list `jobs retry` reads."""
        done = status is DeliveryStatus.DONE
        values = {"finished_id": delivery_id, "new_status": status.value, "new_error": error[:2000], "finished": _now()}
        self._one(lambda db: db.execute(_FINISH[done], values), wait_for_disk=not done)

    def delivery(self, delivery_id: str) -> Delivery | None:
        row = self._one(lambda db: db.execute(_DELIVERY, {"id": delivery_id}).first())
        return _delivery(row) if row else None

    def unfinished(self) -> list[tuple[str, str]]:
        rows = self._one(lambda db: db.execute(_UNFINISHED).all())
        return [(row[0], row[1]) for row in rows]

    def failed_deliveries(self) -> list[Delivery]:
        return [_delivery(row) for row in self._one(lambda db: db.execute(_FAILED).all())]

    def unfinished_before(self, delivery_id: str) -> list[str]:
        return self._one(lambda db: list(db.execute(_UNFINISHED_BEFORE, {"id": delivery_id}).scalars()))

    def count_deliveries(self, status: DeliveryStatus) -> int:
        count = sa.select(sa.func.count()).where(deliveries.c.status == status.value)
        return self._one(lambda db: int(db.execute(count).scalar_one()))

    def load(self, repo: str, parent_number: int) -> CoordinationState | None:
        row = self._one(lambda db: db.execute(_STATE, {"repo": repo.lower(), "number": parent_number}).first())
        return _state(row) if row else None

    def save(self, state: CoordinationState) -> None:
        """The document and the sub-issue index in one transaction, guarded by the version column."""
        repo = state.repo.lower()
        values = {"document": state.model_dump_json(), "updated_at": _now(), "version": state.version + 1,
                  "status": state.status.value}
        index = [{"repo": repo, "issue_number": task.issue_number, "parent_number": state.parent_number}
                 for task in state.tasks.values() if task.issue_number]
        try:
            with self._engine.begin() as db:
                if state.version == 0:
                    db.execute(coordinations.insert().values(repo=repo, parent_number=state.parent_number, **values))
                elif db.execute(coordinations.update().where(
                        coordinations.c.repo == repo, coordinations.c.parent_number == state.parent_number,
                        coordinations.c.version == state.version).values(values).returning(
                        coordinations.c.version)).first() is None:
                    raise StaleState(f"{repo}#{state.parent_number} was saved by another writer")
                if index:
                    upsert = self._insert(task_issues).values(index)
                    db.execute(upsert.on_conflict_do_update(
                        index_elements=[task_issues.c.repo, task_issues.c.issue_number],
                        set_={"parent_number": upsert.excluded.parent_number}))
        except sa.exc.IntegrityError:
            raise StaleState(f"{repo}#{state.parent_number} was first saved by another writer") from None
        state.version += 1

    def parent_of(self, repo: str, issue_number: int) -> int | None:
        found = self._one(lambda db: db.execute(_PARENT_OF, {"repo": repo.lower(), "number": issue_number}).scalar())
        return None if found is None else int(found)

    def coordinations(self, repo: str) -> list[CoordinationState]:
        rows = self._one(lambda db: db.execute(_STATES.where(
            coordinations.c.repo == repo.lower()).order_by(coordinations.c.parent_number)).all())
        return [_state(row) for row in rows]

    def open_coordinations(self) -> list[CoordinationState]:
        rows = self._one(lambda db: db.execute(_OPEN_STATES).all())
        return [_state(row) for row in rows]

    @contextmanager
    def exclusive(self, key: str) -> Iterator[None]:
        """PostgreSQL: a session advisory lock, released by the server if the holder dies. SQLite has
        one process by construction, so a lock in this process is enough."""
        if not self._postgres:
            with self._guard:
                lock = self._local_locks.setdefault(key, threading.Lock())
            with lock:
                yield
            return
        db = once_more_if_dead(lambda: self._locked(key))
        try:
            yield
        finally:
            try:
                db.execute(_UNLOCK, {"lock": _lock_id(key)})
            finally:
                db.close()

    def _locked(self, key: str) -> sa.Connection:
        """A connection holding the key's advisory lock: autocommit, since a session lock needs no
        transaction (each of the two statements is one round trip)."""
        db = self._durable.connect()
        try:
            db.execute(_LOCK, {"lock": _lock_id(key)})
        except BaseException:
            db.close()
            raise
        return db

    def healthy(self) -> bool:
        if self._closed:
            return False
        try:
            with self._engine.connect() as db:
                db.execute(sa.text("SELECT 1"))
            return True
        except sa.exc.SQLAlchemyError:
            return False

    def close(self) -> None:
        self._closed = True
        for engine in {self._engine, self._durable, self._lazy}:
            engine.dispose()


def _delivery(row: Any) -> Delivery:
    return Delivery(id=row[0], event=row[1], action=row[2], key=row[3], payload=json.loads(row[4]), status=row[5])


def _state(row: Any) -> CoordinationState:
    state = CoordinationState.model_validate_json(row[0])
    state.version = int(row[1])
    return state


def open_store(database_url: str) -> SqlStore:
    """The one place that opens the store: SQLite is upgraded in place, PostgreSQL must be current.

    Raises migrate.SchemaOutOfDate (one line naming the command to run) for an outdated PostgreSQL.
    """
    engine = engine_for(database_url)
    try:
        if engine.dialect.name == "sqlite":
            migrate.upgrade(engine)
        else:
            migrate.require_current(engine)
    except BaseException:
        engine.dispose()
        raise
    return SqlStore(engine)
