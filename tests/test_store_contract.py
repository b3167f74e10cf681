"""The store contract, run against SQLite and PostgreSQL: what every implementation promises."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.cli import main
from bot.database import engine_for
from bot.domain.coordination import CoordinationState, CoordinationStatus, TaskState
from bot.migrate import SchemaOutOfDate, upgrade
from bot.store import Delivery, DeliveryStatus, SqlStore, StaleState, open_store

REPO = "Octo-Org/Widgets"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}" if request.param == "sqlite" else request.getfixturevalue(
        "postgres_url")
    opened = open_store(url)
    try:
        yield opened
    finally:
        opened.close()


def delivery(delivery_id: str = "d-1", key: str = "octo-org/widgets") -> Delivery:
    return Delivery(id=delivery_id, event="issues", action="labeled", key=key, payload={"n": delivery_id})


def state(parent: int = 7, *issues: int) -> CoordinationState:
    tasks = {f"t{n}": TaskState(key=f"t{n}", issue_number=n) for n in issues}
    return CoordinationState(repo=REPO, parent_number=parent, tasks=tasks)


def test_a_delivery_is_claimed_once_and_again_only_after_it_failed(store: SqlStore) -> None:
    assert store.claim_delivery(delivery())
    assert not store.claim_delivery(delivery())
    store.finish_delivery("d-1", DeliveryStatus.FAILED, "boom")
    assert [d.id for d in store.failed_deliveries()] == ["d-1"]
    assert store.count_deliveries(DeliveryStatus.FAILED) == 1
    assert store.claim_delivery(delivery())
    assert store.delivery("d-1") == delivery()
    store.finish_delivery("d-1", DeliveryStatus.DONE)
    assert not store.claim_delivery(delivery())
    done = store.delivery("d-1")
    assert done is not None and (done.status, done.payload) == (DeliveryStatus.DONE, {})


def test_one_of_many_simultaneous_claims_wins(store: SqlStore) -> None:
    results: list[bool] = []
    start = threading.Barrier(8)

    def claim() -> None:
        start.wait()
        results.append(store.claim_delivery(delivery("same")))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


def test_unfinished_deliveries_come_oldest_first(store: SqlStore) -> None:
    for name in ("a", "b", "c"):
        store.claim_delivery(delivery(name))
    store.finish_delivery("b", DeliveryStatus.DONE)
    assert store.unfinished() == [("a", "octo-org/widgets"), ("c", "octo-org/widgets")]
    assert store.delivery("missing") is None


def test_the_unfinished_deliveries_before_one_are_those_of_its_key_oldest_first(store: SqlStore) -> None:
    for name, key in (("a", "k"), ("b", "other"), ("c", "k"), ("d", "k"), ("e", "k")):
        store.claim_delivery(delivery(name, key))
    store.finish_delivery("c", DeliveryStatus.DONE)
    assert store.unfinished_before("e") == ["a", "d"]
    assert store.unfinished_before("a") == []
    assert store.unfinished_before("missing") == []


def test_a_delivery_stranded_before_it_was_queued_is_claimed_again_once(store: SqlStore) -> None:
    """Its recorder died between record and queue (here: its `recover_at` is already past)."""
    assert store.claim_delivery(delivery("lost"), recover_after=-1)
    assert store.claim_delivery(delivery("lost"))  # GitHub's redelivery recovers it...
    assert not store.claim_delivery(delivery("lost"))  # ...once: the claim pushed `recover_at` on
    store.claim_delivery(delivery("fresh"))
    assert not store.claim_delivery(delivery("fresh"))  # still within `recover_after`: its recorder queues it
    store.mark_queued("lost")
    assert not store.claim_delivery(delivery("lost"), recover_after=-1)
    store.finish_delivery("lost", DeliveryStatus.DONE)
    store.mark_queued("lost")  # a late mark does not bring a finished delivery back
    done = store.delivery("lost")
    assert done is not None and done.status is DeliveryStatus.DONE


def test_a_batch_is_marked_queued_by_one_call_and_a_finished_one_stays_finished(store: SqlStore) -> None:
    for name in ("b1", "b2", "b3"):
        store.claim_delivery(delivery(name), recover_after=-1)
    store.finish_delivery("b3", DeliveryStatus.DONE)
    store.mark_queued("b1", "b2", "b3", "never-recorded")
    store.mark_queued()  # an empty batch writes nothing
    statuses = [found.status for found in map(store.delivery, ("b1", "b2", "b3")) if found is not None]
    assert statuses == [DeliveryStatus.QUEUED, DeliveryStatus.QUEUED, DeliveryStatus.DONE]
    assert store.claim_stranded(recover_after=60) == []


def test_sweepers_claim_each_stranded_delivery_once(store: SqlStore) -> None:
    for name in ("s1", "s2", "s3"):
        store.claim_delivery(delivery(name), recover_after=-1)
    store.claim_delivery(delivery("queued"), recover_after=-1)
    store.mark_queued("queued")
    store.claim_delivery(delivery("failed"), recover_after=-1)
    store.finish_delivery("failed", DeliveryStatus.FAILED, "boom")
    store.claim_delivery(delivery("fresh"))
    claimed: list[tuple[str, str]] = []
    start = threading.Barrier(6)

    def sweep() -> None:
        start.wait()
        claimed.extend(store.claim_stranded())

    threads = [threading.Thread(target=sweep) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == [("s1", "octo-org/widgets"), ("s2", "octo-org/widgets"), ("s3", "octo-org/widgets")]
    assert store.claim_stranded() == []  # a claimer that dies is replaced `recover_after` later
    assert [delivery_id for delivery_id, _ in store.unfinished()] == ["s1", "s2", "s3", "queued", "fresh"]


def test_a_saved_state_loads_with_its_sub_issue_index(store: SqlStore) -> None:
    saved = state(7, 11, 12)
    store.save(saved)
    loaded = store.load(REPO.lower(), 7)
    assert loaded is not None and loaded.model_dump() == saved.model_dump()
    assert (store.parent_of(REPO, 11), store.parent_of(REPO, 13)) == (7, None)
    store.save(state(3))
    assert [s.parent_number for s in store.coordinations(REPO.upper())] == [3, 7]
    assert store.load(REPO, 99) is None


def test_saving_is_optimistic(store: SqlStore) -> None:
    """Two writers load the same version; the second to save is refused, not silently overwriting."""
    store.save(state(7, 11))
    first, second = store.load(REPO, 7), store.load(REPO, 7)
    assert first is not None and second is not None
    first.tasks["t12"] = TaskState(key="t12", issue_number=12)
    store.save(first)
    with pytest.raises(StaleState):
        store.save(second)
    store.save(first)  # the winner goes on saving
    reloaded = store.load(REPO, 7)
    assert reloaded is not None and set(reloaded.tasks) == {"t11", "t12"} and reloaded.version == first.version


def test_two_first_saves_of_one_parent_do_not_both_succeed(store: SqlStore) -> None:
    store.save(state(7, 11))
    with pytest.raises(StaleState):
        store.save(state(7, 12))
    assert store.parent_of(REPO, 12) is None


def test_exclusive_holds_one_key_at_a_time_and_other_keys_pass(store: SqlStore) -> None:
    order: list[str] = []
    inside, go_on = threading.Event(), threading.Event()

    def hold() -> None:
        with store.exclusive("octo-org/widgets"):
            order.append("first in")
            inside.set()
            go_on.wait(10)
            order.append("first out")

    def wait_for_it() -> None:
        with store.exclusive("octo-org/widgets"):
            order.append("second in")

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait(10)
    waiter = threading.Thread(target=wait_for_it)
    waiter.start()
    with store.exclusive("octo-org/gadgets"):  # another key is not held up
        order.append("other key")
    go_on.set()
    holder.join()
    waiter.join()
    assert order == ["first in", "other key", "first out", "second in"]


def test_only_active_and_paused_coordinations_are_open_and_a_save_moves_one_between(store: SqlStore) -> None:
    for parent, status in ((9, CoordinationStatus.PAUSED), (3, CoordinationStatus.COMPLETED),
                           (5, CoordinationStatus.ACTIVE), (4, CoordinationStatus.CANCELLED),
                           (6, CoordinationStatus.NEEDS_CLARIFICATION)):
        saved = state(parent)
        saved.status = status
        store.save(saved)
    assert [found.parent_number for found in store.open_coordinations()] == [5, 9]
    reopened = store.load(REPO, 3)
    assert reopened is not None
    reopened.status = CoordinationStatus.ACTIVE
    store.save(reopened)
    assert [(found.parent_number, found.status) for found in store.open_coordinations()] == [
        (3, CoordinationStatus.ACTIVE), (5, CoordinationStatus.ACTIVE), (9, CoordinationStatus.PAUSED)]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_coordinations_saved_before_the_status_column_keep_their_status(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Migration 0003 copies each document's status into the new column the sweep reads."""
    url = f"sqlite:///{tmp_path / 'at-0002.sqlite3'}" if backend == "sqlite" else request.getfixturevalue(
        "make_database")()
    engine = engine_for(url)
    upgrade(engine, "0002")
    with engine.begin() as db:
        for parent, status in ((1, CoordinationStatus.COMPLETED), (2, CoordinationStatus.PAUSED)):
            old = state(parent)
            old.status = status
            db.execute(sa.text("INSERT INTO coordinations (repo, parent_number, document, updated_at, version)"
                               " VALUES (:repo, :parent, :document, '2026-01-01', 1)"),
                       {"repo": REPO.lower(), "parent": parent, "document": old.model_dump_json()})
    upgrade(engine)
    engine.dispose()
    store = open_store(url)
    try:
        assert [(found.parent_number, found.status) for found in store.open_coordinations()] == [
            (2, CoordinationStatus.PAUSED)]
    finally:
        store.close()


def test_an_out_of_date_postgresql_schema_stops_start_up_until_upgraded(
    make_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = make_database()
    with pytest.raises(SchemaOutOfDate, match=r"^database schema is at nothing, this build needs 0003: run "):
        open_store(url)
    monkeypatch.setenv("COORDINATOR_DATABASE_URL", url)
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    assert main(["jobs", "retry"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "coordinator: database schema is at nothing, this build needs 0003: run `coordinator db upgrade`"]
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == "database schema: empty -> 0003\n"
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == "database schema: 0003\n"
    open_store(url).close()


def test_a_database_from_before_migrations_is_adopted(tmp_path: Path) -> None:
    """SQLite files written by the previous build have the tables but no version column nor revision."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:
        old.executescript(
            "CREATE TABLE deliveries (id TEXT PRIMARY KEY, event TEXT NOT NULL, action TEXT NOT NULL,"
            " key TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL, error TEXT NOT NULL DEFAULT '',"
            " received_at TEXT NOT NULL, finished_at TEXT);"
            "CREATE TABLE coordinations (repo TEXT NOT NULL, parent_number INTEGER NOT NULL, document TEXT NOT NULL,"
            " updated_at TEXT NOT NULL, PRIMARY KEY (repo, parent_number));"
            "CREATE TABLE task_issues (repo TEXT NOT NULL, issue_number INTEGER NOT NULL,"
            " parent_number INTEGER NOT NULL, PRIMARY KEY (repo, issue_number));"
        )
        old.execute("INSERT INTO coordinations VALUES (?, 7, ?, '2026-01-01')",
                    (REPO.lower(), state(7).model_dump_json()))
    old.close()
    store = open_store(f"sqlite:///{path}")
    try:
        loaded = store.load(REPO, 7)
        assert loaded is not None and loaded.version == 1
        store.save(loaded)
        assert loaded.version == 2
    finally:
        store.close()
