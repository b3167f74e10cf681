"""SIGKILL mid-coordination: a real `coordinator serve` process is killed and restarted, and the end
state on GitHub equals that of an uninterrupted run.

The fake GitHub runs in the test process and holds the bot at its n-th write (`fake.faults.halt_at_request`):
either before the write takes effect, or after it took effect but before the answer leaves (the case that duplicates
an issue or a comment if the bot guesses wrong). The test then kills the process with SIGKILL,
starts a new one on the same database, resends the same delivery, and moves on to the next kill
point. One kill point is fixed (the first sub-issue created but unanswered: the orphan a restart
must adopt and still hand over); the others come from a seeded random, so a failure replays exactly.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.testing.faults import Halt
from bot.testing.github import FakeGitHub
from bot.testing.network import free_port
from bot.testing.payloads import delivery_headers
from tests.e2e import label_event, open_plan_issue, sub_issues
from tests.fixtures.app import SECRET, BotHarness, ScaledHarness
from tests.fixtures.github import REPO, TOKEN

ROOT = Path(__file__).resolve().parent.parent
SEED = 20240501
RANDOM_KILLS = 2
DELIVERY = "7e6c1a5e-crash-test"
CONFIG = """\
roles:
  datatypes:
    assignees: [dana]
    mention: "@data-bot"
"""
_AGENTS = ["datatypes", "cloud-primitives", "feature-implementation", "unit-testing", "deployment"]


def thirty_task_plan() -> str:
    """Six chains of five tasks over five agents: ready and blocked tasks, hand-overs and assignees."""
    lines = ["## Tasks"]
    for n in range(1, 31):
        after = f" (depends on: Roll out stage {n - 1})" if n % 5 != 1 else ""
        lines += [f"- [ ] Roll out stage {n} [{_AGENTS[(n - 1) % 5]}]{after}",
                  f"  - Acceptance: stage {n} is verified"]
    return "\n".join(lines) + "\n"


class ServerProcess:
    """`python -m bot serve` on a free port, configured by environment variables only."""

    def __init__(self, fake: FakeGitHub, database: Path, log: Path) -> None:
        self.port = free_port()
        env = {
            "PATH": os.environ.get("PATH", ""),
            "GITHUB_WEBHOOK_SECRET": SECRET,
            "GITHUB_TOKEN": TOKEN,
            "GITHUB_API_URL": fake.url,
            "COORDINATOR_DATABASE_URL": f"sqlite:///{database}",
            "COORDINATOR_WRITE_INTERVAL": "0",
            "COORDINATOR_SECONDARY_RATE_WAIT": "0.5",
            "COORDINATOR_GITHUB_RETRIES": "3",
            "COORDINATOR_LOG_LEVEL": "WARNING",
        }
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )
        self._wait_until(lambda: self.health() is not None, "the server did not start")

    def _wait_until(self, ready: Any, failure: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            assert self.process.poll() is None, f"the server exited with {self.process.returncode}"
            assert time.monotonic() < deadline, failure
            time.sleep(0.05)

    def health(self) -> dict[str, Any] | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5) as answer:
                return dict(json.load(answer))
        except OSError:
            return None

    def deliver(self, event: str, payload: dict[str, Any], delivery_id: str) -> dict[str, Any]:
        body = json.dumps(payload).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/webhook", data=body, method="POST",
                                         headers=delivery_headers(event, body, SECRET, delivery_id))
        with urllib.request.urlopen(request, timeout=10) as answer:
            return dict(json.load(answer))

    def wait_idle_or(self, halted: threading.Event) -> bool:
        """True when the fake halted the bot, False when the bot ran out of work first."""
        def idle() -> bool:
            return (self.health() or {}).get("queue_depth") == 0

        self._wait_until(lambda: halted.is_set() or idle(), "the bot neither halted nor finished")
        return halted.is_set()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def snapshot(fake: FakeGitHub, parent: int) -> dict[str, Any]:
    """What people see on GitHub: every issue, the sub-issue order, every comment, the repository's labels."""
    issues = [(i["number"], i["title"], i["body"], i["state"], sorted(label["name"] for label in i["labels"]),
               sorted(a["login"] for a in i["assignees"])) for i in fake.issues(REPO)]
    comments = sorted((i["number"], c["body"]) for i in fake.issues(REPO) for c in fake.comments(REPO, i["number"]))
    request = urllib.request.Request(f"{fake.url}/repos/{REPO}/labels?per_page=100",
                                     headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        labels = sorted(label["name"] for label in json.load(answer))
    return {"issues": issues, "sub_issues": [i["number"] for i in sub_issues(fake, parent)],
            "comments": comments, "labels": labels}


def prepared(fake: FakeGitHub) -> dict[str, Any]:
    fake.add_repo(REPO)
    fake.set_permission(REPO, "octocat", "maintain")
    fake.set_file(REPO, ".github/coordinator.yml", CONFIG)
    return open_plan_issue(fake, thirty_task_plan(), title="Thirty-step rollout")


@pytest.fixture
def reference(tmp_path: Path) -> Iterator[tuple[dict[str, Any], list[str]]]:
    """The end state of an uninterrupted run (in process: same code, faster), and its writes in order."""
    with FakeGitHub(token=TOKEN) as fake:
        parent = prepared(fake)
        harness = BotHarness(fake, tmp_path / "reference.sqlite3")
        try:
            harness.deliver("issues", label_event(parent), delivery_id=DELIVERY)
        finally:
            harness.stop()
        assert len(sub_issues(fake, parent["number"])) == 30
        yield snapshot(fake, parent["number"]), [f"{r.method} {r.path}" for r in fake.writes()]


def test_sigkill_at_random_writes_then_restart_ends_like_an_uninterrupted_run(
    reference: tuple[dict[str, Any], list[str]], tmp_path: Path
) -> None:
    expected, writes = reference
    chooser = random.Random(SEED)
    first_create = writes.index(f"POST /repos/{REPO}/issues") + 1
    later = sorted(chooser.sample(range(first_create + 1, len(writes) + 1), RANDOM_KILLS))
    kill_points = [(first_create, True), *((point, chooser.random() < 0.5) for point in later)]
    log = tmp_path / "server.log"
    with FakeGitHub(token=TOKEN) as fake:
        parent = prepared(fake)
        payload = label_event(parent)
        server = ServerProcess(fake, tmp_path / "crash.sqlite3", log)
        halt: Halt | None = None
        try:
            assert server.deliver("issues", payload, DELIVERY)["outcome"] == "queued"
            for point, apply_first in kill_points:
                halt = fake.faults.halt_at_request(point, apply_first=apply_first)
                if not server.wait_idle_or(halt.reached):
                    break  # the restarts left fewer writes than this point: the run is already over
                server.kill()
                halt.release()
                server = ServerProcess(fake, tmp_path / "crash.sqlite3", log)
                assert server.deliver("issues", payload, DELIVERY)["outcome"] == "duplicate"
            fake.faults.clear()
            server.wait_idle_or(threading.Event())
        finally:
            server.stop()
            fake.faults.clear()
            if halt is not None:
                halt.release()
        assert fake.crashes == []
        assert snapshot(fake, parent["number"]) == expected, f"server log: {log}"


def test_sigkill_a_worker_mid_plan_and_another_worker_finishes_it(
    reference: tuple[dict[str, Any], list[str]], tmp_path: Path, postgres_url: str, redis_namespace: str
) -> None:
    """Scaled out: the worker running the plan dies with a sub-issue created but unanswered; the
    queue hands the job to the other worker, which adopts that orphan and ends like an uninterrupted run."""
    expected, writes = reference
    with FakeGitHub(token=TOKEN) as fake:
        parent = prepared(fake)
        halt = fake.faults.halt_at_request(writes.index(f"POST /repos/{REPO}/issues") + 3, apply_first=True)
        bot = ScaledHarness(fake, postgres_url, redis_namespace, tmp_path, workers=1)
        try:
            assert bot.deliver("issues", label_event(parent), delivery_id=DELIVERY, wait=False).get_json() == {
                "outcome": "queued"}
            assert halt.reached.wait(60), "the worker never reached the kill point"
            bot.start_workers(1)
            bot.workers[0].send_signal(signal.SIGKILL)
            bot.workers[0].wait(10)
            halt.release()
            bot.wait(timeout=90)
            delivery = bot.services.store.delivery(DELIVERY)
        finally:
            halt.release()
            bot.stop()
        assert fake.crashes == []
        assert delivery is not None and delivery.status == "done"
        assert snapshot(fake, parent["number"]) == expected, f"worker logs in {tmp_path}"
