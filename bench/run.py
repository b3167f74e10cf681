"""Measures the bot against the fake GitHub on loopback and prints one Markdown table, each figure
beside its reference.

Run by hand, never in CI: `python bench/run.py` (or `make bench`); `--duration 10 --skip-throttled`
gives a quick look. The bot runs as bench/server.py in a process of its own; this process plays
GitHub (the fake of bot.testing, on 127.0.0.1) and the senders of webhooks.

1. Acknowledgement latency (p50, p99) and deliveries per second under concurrent load for
   `--duration` seconds, over keep-alive connections, against a bare endpoint on the same server.
2. GitHub requests per coordinated task for plans of 10, 50 and 200 tasks (lower bound: 2, create
   and attach).
3. Time from the `labeled` delivery to the last sub-issue of a 50-task plan with 30 ms added to
   every GitHub answer; then again paced to the secondary rate limit (`--skip-throttled` to skip).
4. Resident memory of the server after 1,000, 5,000 and 10,000 deliveries.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # runs from a checkout without installing the package

from bot.markers import parse_task_marker  # noqa: E402
from bot.testing.github import FakeGitHub  # noqa: E402
from bot.testing.payloads import delivery_headers, issue_payload  # noqa: E402

TOKEN = "bench-token"
SECRET = "bench-webhook-secret"
OWNER = "bench-org"
CONFIG_PATH = ".github/coordinator.yml"
LATENCY = 0.030
THROTTLED_INTERVAL = 1.0  # the default pacing: a burst of 15, then one write a second (75 a minute at most)
AGENTS = ["datatypes", "cloud-primitives", "feature-implementation", "unit-testing", "deployment"]


@dataclass(frozen=True)
class Row:
    measure: str
    result: str
    reference: str


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def plan_of(tasks: int) -> str:
    """Chains of five tasks over five agents, each with an acceptance criterion."""
    lines = ["## Tasks"]
    for n in range(1, tasks + 1):
        after = f" (depends on: Build stage {n - 1})" if n % 5 != 1 else ""
        lines += [f"- [ ] Build stage {n} [{AGENTS[(n - 1) % 5]}]{after}",
                  f"  - Acceptance: stage {n} passes its checks"]
    return "\n".join(lines) + "\n"


class Server:
    """bench/server.py in a process of its own, over a fresh database, configured like production."""

    def __init__(self, fake: FakeGitHub, folder: Path, write_interval: float = 0.0) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        env = {
            "PATH": os.environ.get("PATH", ""),
            "GITHUB_WEBHOOK_SECRET": SECRET,
            "GITHUB_TOKEN": TOKEN,
            "GITHUB_API_URL": fake.url,
            "COORDINATOR_DATABASE_URL": f"sqlite:///{folder / 'coordinator.sqlite3'}",
            "COORDINATOR_WRITE_INTERVAL": str(write_interval),
            "COORDINATOR_HOURLY_WRITES": "0",  # the 200-task plan measures requests, not a wait for the next hour
        }
        self.log_file = (folder / "server.log").open("wb")
        self.process = subprocess.Popen([sys.executable, str(ROOT / "bench" / "server.py")], cwd=ROOT, env=env,
                                        stdout=subprocess.PIPE, stderr=self.log_file)
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.log_file.close()

    def rss_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        return kib / 1024

    def queue_depth(self) -> int:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=10) as answer:
            return int(json.load(answer)["queue_depth"])

    def wait_idle(self, timeout: float = 600.0) -> float:
        """Seconds until the worker has nothing left to do."""
        started = time.perf_counter()
        while self.queue_depth():
            if time.perf_counter() - started > timeout:
                raise TimeoutError("the worker did not finish")
            time.sleep(0.05)
        return time.perf_counter() - started

    def deliver(self, event: str, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/webhook", data=body, method="POST",
                                         headers=delivery_headers(event, body, SECRET))
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 202, answer.status


@contextmanager
def serving(fake: FakeGitHub, folder: Path, write_interval: float = 0.0) -> Iterator[Server]:
    server = Server(fake, folder, write_interval)
    try:
        yield server
    finally:
        server.stop()


@dataclass(frozen=True)
class Load:
    latencies: list[float]
    seconds: float

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, share: float) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[round(share * 100) - 1]


def timed_post(connection: http.client.HTTPConnection, path: str, body: bytes, headers: dict[str, str]) -> float:
    """Seconds one POST took to be answered, with a delivery id of its own; a refusal stops the bench."""
    started = time.perf_counter()
    connection.request("POST", path, body, {**headers, "X-GitHub-Delivery": str(uuid.uuid4())})
    answer = connection.getresponse()
    answer.read()
    if answer.status >= 300:
        raise RuntimeError(f"{path} answered {answer.status}")
    return time.perf_counter() - started


def load(port: int, path: str, body: bytes, concurrency: int, *, seconds: float = 0, count: int = 0) -> Load:
    """POSTs `body` from `concurrency` threads, each over one keep-alive connection, for `seconds` or
    `count` requests in all; every request carries a delivery id of its own."""
    headers = {**delivery_headers("issues", body, SECRET), "Connection": "keep-alive"}
    deadline = time.perf_counter() + seconds
    remaining = iter(range(count)) if count else None
    lock = threading.Lock()

    def more() -> bool:
        if remaining is None:
            return time.perf_counter() < deadline
        with lock:
            return next(remaining, None) is not None

    def sender() -> list[float]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        spent: list[float] = []
        while more():
            spent.append(timed_post(connection, path, body, headers))
        connection.close()
        return spent

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda _: sender(), range(concurrency)))
    return Load([latency for spent in results for latency in spent], time.perf_counter() - started)


def ordinary_delivery(fake: FakeGitHub, repo: str) -> bytes:
    """A delivery the bot queues and handles without writing: a label other than the trigger."""
    issue = fake.add_issue(repo, "Flaky test on CI", "It fails one run in ten.")
    return json.dumps(issue_payload("labeled", repo=repo, number=issue["number"], issue_id=issue["id"],
                                    title=issue["title"], body=issue["body"], labels=["bug"], label="bug")).encode()


def labeled(issue: dict[str, Any], repo: str) -> dict[str, Any]:
    return issue_payload("labeled", repo=repo, number=issue["number"], issue_id=issue["id"], title=issue["title"],
                         body=issue["body"], labels=["coordinate"], label="coordinate", sender="maintainer")


def new_repo(fake: FakeGitHub, name: str, config: str = "") -> str:
    repo = f"{OWNER}/{name}"
    fake.add_repo(repo)
    fake.set_permission(repo, "maintainer", "admin")  # who adds the trigger label needs write permission
    if config:
        fake.set_file(repo, CONFIG_PATH, config)
    return repo


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def acknowledgement(fake: FakeGitHub, folder: Path, seconds: float, concurrency: int) -> list[Row]:
    body = ordinary_delivery(fake, new_repo(fake, "ack"))
    with serving(fake, folder / "ack") as server:
        log(f"1. bare endpoint for {seconds:g} s, {concurrency} connections")
        bare = load(server.port, "/bare", body, concurrency, seconds=seconds)
        log(f"1. /webhook for {seconds:g} s, {concurrency} connections")
        hooks = load(server.port, "/webhook", body, concurrency, seconds=seconds)
        drained = server.wait_idle()
    overhead = f"{hooks.percentile(0.5) / bare.percentile(0.5):.1f} times the bare p50"
    return [
        Row("Webhook acknowledgement, p50", f"{ms(hooks.percentile(0.5))} ({overhead})",
            f"bare 204 endpoint: {ms(bare.percentile(0.5))}"),
        Row("Webhook acknowledgement, p99", ms(hooks.percentile(0.99)),
            f"bare: {ms(bare.percentile(0.99))}; GitHub gives up at 10 s"),
        Row(f"Deliveries acknowledged per second ({concurrency} connections, {seconds:g} s)",
            f"{hooks.rate:.0f}/s ({len(hooks.latencies):,} deliveries)", f"bare: {bare.rate:.0f} requests/s"),
        Row("Worker backlog left when the load stopped", f"drained in {drained:.1f} s", "0 s: the worker keeps up"),
    ]


def coordinate(fake: FakeGitHub, server: Server, repo: str, tasks: int) -> tuple[dict[str, Any], float]:
    """Labels a new plan issue; returns it and the seconds until its last task's sub-issue was attached."""
    parent = fake.add_issue(repo, f"A plan of {tasks} tasks", plan_of(tasks), user="maintainer")
    started = time.perf_counter()
    server.deliver("issues", labeled(parent, repo))
    while attached(fake, repo, parent["number"]) < tasks and server.queue_depth():  # idle: it stopped short
        time.sleep(0.01)
    return parent, time.perf_counter() - started


def attached(fake: FakeGitHub, repo: str, parent: int) -> int:
    """Sub-issues carrying a task marker of `parent`, directly under it or under one of its parts."""
    count = 0
    for child in fake.sub_issues(repo, parent):
        marker = parse_task_marker(child["body"])
        if marker is not None and marker[0] == parent:
            count += 1
        else:
            count += sum(1 for grandchild in fake.sub_issues(repo, child["number"])
                         if (parse_task_marker(grandchild["body"]) or (0, ""))[0] == parent)
    return count


def requests_per_task(fake: FakeGitHub, folder: Path) -> list[Row]:
    rows = []
    for tasks in (10, 50, 200):
        repo = new_repo(fake, f"plan-{tasks}", f"task_cap: {tasks}\n")
        log(f"2. coordinating {tasks} tasks")
        with serving(fake, folder / f"plan-{tasks}") as server:
            before = len(fake.requests)
            parent, _ = coordinate(fake, server, repo, tasks)
            server.wait_idle()
            sent = len(fake.requests) - before
            done = attached(fake, repo, parent["number"])
        result = f"{sent / tasks:.2f} ({sent} requests)"
        if done < tasks:
            result += f": only {done}/{tasks} sub-issues, see {folder / f'plan-{tasks}' / 'server.log'}"
        rows.append(Row(f"GitHub requests per task, {tasks}-task plan", result, "2 (create + attach)"))
    return rows


def time_to_last_sub_issue(fake: FakeGitHub, folder: Path, write_interval: float) -> Row:
    name = "paced" if write_interval else "latency"
    repo = new_repo(fake, name)
    fake.latency = LATENCY
    try:
        log(f"3. 50 tasks, {LATENCY * 1000:.0f} ms per answer, writes every {write_interval:g} s")
        with serving(fake, folder / name, write_interval) as server:
            fake.clear_requests()
            parent, seconds = coordinate(fake, server, repo, 50)
            sent, writes = len(fake.requests), len(fake.writes())
            done = attached(fake, repo, parent["number"])
            server.wait_idle()  # hand-overs and the last roadmap edit follow; let them finish
    finally:
        fake.latency = 0.0
    floor = 100  # a create and an attach per task
    if write_interval:
        measure = f"`labeled` to last sub-issue, 50 tasks, default pacing (burst 15, then 1 per {write_interval:g} s)"
        paced = (floor - 15) * write_interval
        reference = f"{floor} writes, 15 at once then {write_interval:g} s apart: {paced:.0f} s (limit: 80/min)"
        counted = f"{writes} writes"
    else:
        measure = f"`labeled` to last sub-issue, 50 tasks, {LATENCY * 1000:.0f} ms per GitHub answer"
        reference = f"{floor} sequential writes of {LATENCY * 1000:.0f} ms: {floor * LATENCY:.1f} s"
        counted = f"{sent} requests"
    result = f"{seconds:.1f} s ({counted} by then)" + ("" if done == 50 else f", only {done}/50 sub-issues")
    return Row(measure, result, reference)


def memory(fake: FakeGitHub, folder: Path, deliveries: int, concurrency: int) -> list[Row]:
    body = ordinary_delivery(fake, new_repo(fake, "memory"))
    checkpoints = sorted({deliveries // 10, deliveries // 2, deliveries})
    readings: list[tuple[int, float]] = []
    with serving(fake, folder / "memory") as server:
        sent = 0
        for checkpoint in checkpoints:
            log(f"4. {checkpoint:,} deliveries")
            load(server.port, "/webhook", body, concurrency, count=checkpoint - sent)
            sent = checkpoint
            server.wait_idle()
            readings.append((checkpoint, server.rss_mib()))
    (first, start), *_, (last, end) = readings
    return [Row(f"Server resident memory after {last:,} deliveries", f"{end:.0f} MiB",
                ", ".join(f"{n:,}: {rss:.0f} MiB" for n, rss in readings[:-1])
                + f" (+{(end - start) / (last - first) * 1000 * 1024:.0f} KiB per 1,000 deliveries)")]


def table(rows: list[Row]) -> str:
    lines = ["| Measure | Result | Reference |", "|---|---|---|"]
    lines += [f"| {row.measure} | {row.result} | {row.reference} |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load per endpoint (default 60)")
    parser.add_argument("--concurrency", type=int, default=8, help="connections sending at once (default 8)")
    parser.add_argument("--deliveries", type=int, default=10_000, help="deliveries before reading memory")
    parser.add_argument("--skip-throttled", action="store_true", help="skip the paced run (over a minute)")
    args = parser.parse_args(argv)

    steps: list[Callable[[FakeGitHub, Path], list[Row]]] = [
        lambda fake, folder: acknowledgement(fake, folder, args.duration, args.concurrency),
        requests_per_task,
        lambda fake, folder: [time_to_last_sub_issue(fake, folder, 0.0)],
    ]
    if not args.skip_throttled:
        steps.append(lambda fake, folder: [time_to_last_sub_issue(fake, folder, THROTTLED_INTERVAL)])
    steps.append(lambda fake, folder: memory(fake, folder, args.deliveries, args.concurrency))

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="coordinator-bench-") as folder, FakeGitHub(token=TOKEN) as fake:
        for step in steps:
            rows += step(fake, Path(folder))
            fake.clear_requests()  # the fake keeps every request; the bench sends hundreds of thousands
    command = " ".join(["python bench/run.py", *(argv if argv is not None else sys.argv[1:])])
    print(f"Measured with `{command}` on {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}; GitHub is the fake of bot.testing on 127.0.0.1.\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
