"""The scaled-out deployment as plain processes, the commands of docker-compose.yml and the README:
`coordinator db upgrade`, gunicorn with two processes serving `bot.wsgi:create()`, two `coordinator worker`s."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.settings import Settings
from bot.testing.github import FakeGitHub
from bot.testing.network import free_port
from bot.testing.payloads import delivery_headers
from tests.e2e import generated_plan, label_event, open_plan_issue, sub_issues
from tests.fixtures.app import ROOT, SECRET, settings_env
from tests.fixtures.backends import REDIS_URL
from tests.fixtures.github import REPO, settings_for


class Deployment:
    """Processes started from one environment, stopped (SIGTERM) together."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.processes: list[subprocess.Popen[bytes]] = []

    def run(self, *command: str) -> str:
        done = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self, name: str, *command: str) -> None:
        with (self.logs / f"{name}.log").open("ab") as log:
            self.processes.append(subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log,
                                                   stderr=subprocess.STDOUT))

    def stop(self) -> list[int]:
        for process in self.processes:
            process.terminate()
        return [process.wait(30) for process in self.processes]


def http(url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> dict[str, Any]:
    request = urllib.request.Request(url, data=body, headers=headers or {}, method="POST" if body else "GET")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return dict(json.load(answer))


def wait_for(ready: Callable[[], bool], failure: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert time.monotonic() < deadline, failure
        time.sleep(0.1)


@pytest.fixture
def deployment(fake_github: FakeGitHub, make_database: Callable[[], str], redis_namespace: str,
               tmp_path: Path) -> Iterator[tuple[Deployment, Settings]]:
    settings = settings_for(fake_github, webhook_secret=SECRET, database_url=make_database(), queue_url=REDIS_URL,
                            queue_namespace=redis_namespace)
    running = Deployment(settings_env(settings), tmp_path)
    try:
        yield running, settings
    finally:
        codes = running.stop()
        assert set(codes) <= {0}, f"a process did not stop cleanly: see {tmp_path}"


def test_migrate_then_gunicorn_and_two_workers_coordinate_a_plan(
    deployment: tuple[Deployment, Settings], fake_github: FakeGitHub
) -> None:
    running, _ = deployment
    coordinator = [sys.executable, "-m", "bot"]
    assert running.run(*coordinator, "db", "upgrade") == "database schema: empty -> 0003\n"
    port = free_port()
    running.start("web", sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                  "--threads", "4", "bot.wsgi:create()")
    metrics_ports = [free_port(), free_port()]
    for n, metrics_port in enumerate(metrics_ports):
        running.start(f"worker-{n}", *coordinator, "worker", "--metrics-port", str(metrics_port))

    def healthy() -> bool:
        try:
            return http(f"http://127.0.0.1:{port}/healthz")["ok"] is True
        except OSError:
            return False

    wait_for(healthy, "the web tier did not start")
    parent = open_plan_issue(fake_github, generated_plan(12), title="Twelve components")
    body = json.dumps(label_event(parent)).encode()
    answer = http(f"http://127.0.0.1:{port}/webhook", body, delivery_headers("issues", body, SECRET, "compose-1"))
    assert answer == {"outcome": "queued"}
    wait_for(lambda: http(f"http://127.0.0.1:{port}/healthz")["queue_depth"] == 0, "the workers did not finish")

    children = sub_issues(fake_github, parent["number"])
    assert len(children) == 12 and len({child["title"] for child in children}) == 12
    assert len(fake_github.issues(REPO)) == 13
    processed = sum(processed_deliveries(f"http://127.0.0.1:{port}/metrics") for port in metrics_ports)
    assert processed == 1  # by one of the workers, which each serve their own metrics


def processed_deliveries(url: str) -> float:
    with urllib.request.urlopen(url, timeout=10) as answer:
        text = answer.read().decode()
    return sum(sample.value for family in text_string_to_metric_families(text)
               if family.name == "coordinator_deliveries" for sample in family.samples
               if sample.name.endswith("_total") and sample.labels.get("outcome") == "processed")
