"""Scale-out figures: N `coordinator worker` processes over PostgreSQL and Redis.

Run by hand, never in CI: `python bench/scaleout.py` (PostgreSQL on 127.0.0.1:5432 with a `test`
database and trust auth, Redis on 127.0.0.1:6379; it creates and drops a database of its own).

1. 20 repositories, each with a 20-task plan, labelled at once; every fake GitHub answer takes
   30 ms. For 1, 2 and 4 workers: seconds to the last sub-issue, GitHub requests per task, and
   duplicates (asserted zero: every task marker on exactly one issue).
2. Webhook acknowledgement p50/p99 of the web tier (records the delivery durably in PostgreSQL
   before the 202; its forwarder enqueues it in Redis after) against a bare Flask endpoint of the same server. Each
   connection alternates the two, so both meet the same background work (the worker draining
   on the same cores). Served twice: by a threaded Werkzeug server, and by gunicorn as
   docker-compose.yml runs the web tier. `--skip-scaling` measures only this.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import cast

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    LATENCY,
    SECRET,
    TOKEN,
    Load,
    Row,
    Server,
    labeled,
    log,
    ms,
    new_repo,
    ordinary_delivery,
    plan_of,
    table,
    timed_post,
)
from bot.markers import parse_task_marker  # noqa: E402
from bot.testing.github import FakeGitHub  # noqa: E402
from bot.testing.network import free_port  # noqa: E402
from bot.testing.payloads import delivery_headers  # noqa: E402

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"
REPOS, TASKS = 20, 20
GUNICORN = ["--workers", "2", "--threads", "8"]  # the web tier as docker-compose.yml runs it


class ScaledServer(Server):
    """bench/server.py as the web tier of a scaled deployment, and `workers` worker processes."""

    def __init__(self, fake: FakeGitHub, folder: Path, database: str, namespace: str, workers: int,
                 threads: int, *, gunicorn: bool = False) -> None:
        self.env = {"PATH": os.environ.get("PATH", ""), "GITHUB_WEBHOOK_SECRET": SECRET, "GITHUB_TOKEN": TOKEN,
                    "GITHUB_API_URL": fake.url, "COORDINATOR_DATABASE_URL": database,
                    "COORDINATOR_QUEUE_URL": REDIS_URL, "COORDINATOR_QUEUE_NAMESPACE": namespace,
                    "COORDINATOR_WRITE_INTERVAL": "0", "COORDINATOR_WORKERS": str(threads),
                    "COORDINATOR_LOG_LEVEL": "WARNING"}
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], cwd=ROOT, env=self.env, check=True,
                       capture_output=True)
        self.log_file = (folder / "server.log").open("wb")
        if gunicorn:
            self.port = free_port()
            hooks = folder / "gunicorn_ready.py"
            hooks.write_text(READY_HOOK)
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}", *GUNICORN,
                 "--config", str(hooks), "bench.server:create()"], cwd=ROOT,
                env={**self.env, "BENCH_READY": str(folder)}, stdout=self.log_file, stderr=self.log_file)
            wait_for_ready(folder, int(GUNICORN[GUNICORN.index("--workers") + 1]))
        else:
            self.process = subprocess.Popen([sys.executable, str(ROOT / "bench" / "server.py")], cwd=ROOT,
                                            env=self.env, stdout=subprocess.PIPE, stderr=self.log_file)
            assert self.process.stdout is not None
            self.port = int(self.process.stdout.readline())
        self.workers = [subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=self.env,
                                         stdout=self.log_file, stderr=subprocess.STDOUT) for _ in range(workers)]
        client = redis.Redis.from_url(REDIS_URL)
        while cast(int, client.zcard(f"{namespace}:__heartbeats__")) < workers:  # every worker consumes first
            time.sleep(0.1)
        client.close()

    def stop(self) -> None:
        for worker in self.workers:
            worker.terminate()
        for worker in self.workers:
            worker.wait(30)
        super().stop()
        client = redis.Redis.from_url(REDIS_URL)  # the queue's and the throttle's keys of this run
        keys = list(client.scan_iter(f"{self.env['COORDINATOR_QUEUE_NAMESPACE']}*"))
        if keys:
            client.delete(*keys)
        client.close()


# gunicorn binds its socket before its workers have imported the app: connections opened then all go
# to the first worker ready (and stay there, kept alive). The load starts once every worker is ready.
READY_HOOK = """import os
def post_worker_init(worker):
    open(os.path.join(os.environ["BENCH_READY"], f"ready-{worker.pid}"), "w").close()
"""


def wait_for_ready(folder: Path, workers: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while len(list(folder.glob("ready-*"))) < workers:
        if time.monotonic() > deadline:
            raise TimeoutError(f"gunicorn's {workers} workers were not ready after {timeout:g} s")
        time.sleep(0.05)


def fresh_database() -> tuple[str, str]:
    name = f"coordinator_bench_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return name, ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_database(name: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def duplicates(fake: FakeGitHub, repos: list[str]) -> int:
    """Issues beyond the first carrying the same task marker."""
    extra = 0
    for repo in repos:
        markers = Counter(parse_task_marker(issue["body"] or "") for issue in fake.issues(repo))
        markers.pop(None, None)
        extra += sum(count - 1 for count in markers.values())
    return extra


def attached_tasks(fake: FakeGitHub, repo: str, parent: int) -> int:
    return sum(1 for child in fake.sub_issues(repo, parent) if parse_task_marker(child["body"] or ""))


def scaling(fake: FakeGitHub, folder: Path, workers: int, threads: int) -> Row:
    name, database = fresh_database()
    namespace = f"bench-{secrets.token_hex(4)}"
    repos = [new_repo(fake, f"scale-{workers}-{n}") for n in range(REPOS)]
    parents = [fake.add_issue(repo, f"Plan {n}", plan_of(TASKS), user="maintainer") for n, repo in enumerate(repos)]
    try:
        server = ScaledServer(fake, folder / f"scale-{workers}", database, namespace, workers, threads)
        try:
            fake.latency = LATENCY
            fake.clear_requests()
            log(f"1. {REPOS} plans of {TASKS} tasks, {workers} worker(s) of {threads} threads")
            started = time.perf_counter()
            for repo, parent in zip(repos, parents, strict=True):
                server.deliver("issues", labeled(parent, repo))
            while any(attached_tasks(fake, repo, parent["number"]) < TASKS
                      for repo, parent in zip(repos, parents, strict=True)):
                time.sleep(0.05)
            seconds = time.perf_counter() - started
            server.wait_idle()
            sent = len(fake.requests)
        finally:
            fake.latency = 0.0
            server.stop()
    finally:
        drop_database(name)
    extra = duplicates(fake, repos)
    assert extra == 0, f"{extra} duplicate sub-issues"
    return Row(f"{REPOS} plans x {TASKS} tasks labelled at once, {workers} worker(s) x {threads} threads, "
               f"{LATENCY * 1000:.0f} ms per answer",
               f"{seconds:.1f} s to the last sub-issue; {sent / (REPOS * TASKS):.2f} requests per task; "
               f"0 duplicates", "")


def alternating(port: int, body: bytes, concurrency: int, seconds: float) -> tuple[Load, Load]:
    """(bare, webhook): `concurrency` keep-alive connections, each alternating POST /bare and POST
    /webhook (a delivery id of its own each time) for `seconds`."""
    headers = {**delivery_headers("issues", body, SECRET), "Connection": "keep-alive"}
    deadline = time.perf_counter() + seconds

    def sender() -> tuple[list[float], list[float]]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        spent: tuple[list[float], list[float]] = ([], [])
        while time.perf_counter() < deadline:
            for path, into in (("/bare", spent[0]), ("/webhook", spent[1])):
                into.append(timed_post(connection, path, body, headers))
        connection.close()
        return spent

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda _: sender(), range(concurrency)))
    took = time.perf_counter() - started
    return (Load([n for bare, _ in results for n in bare], took),
            Load([n for _, hooks in results for n in hooks], took))


def acknowledgement(fake: FakeGitHub, folder: Path, seconds: float, concurrency: int, *,
                    gunicorn: bool) -> list[Row]:
    """Served by bench/server.py's threaded Werkzeug server (what the issue's first figure used), or by
    gunicorn as docker-compose.yml runs the web tier, whose leaner HTTP handling makes `/bare` cheaper."""
    name, database = fresh_database()
    body = ordinary_delivery(fake, new_repo(fake, f"ack-{gunicorn}".lower()))
    served = f"gunicorn {' '.join(GUNICORN)}" if gunicorn else "Werkzeug, threaded"
    try:
        server = ScaledServer(fake, folder / f"ack-{gunicorn}", database, f"bench-{secrets.token_hex(4)}", 1, 4,
                              gunicorn=gunicorn)
        try:
            log(f"2. /bare and /webhook alternating for {seconds:g} s, {concurrency} connections, {served}")
            bare, hooks = alternating(server.port, body, concurrency, seconds)
            drained = server.wait_idle()
        finally:
            server.stop()
    finally:
        drop_database(name)
    ratio = hooks.percentile(0.99) / bare.percentile(0.99)
    return [
        Row(f"Scaled web tier ({served}): webhook acknowledgement, p50", ms(hooks.percentile(0.5)),
            f"bare: {ms(bare.percentile(0.5))}"),
        Row(f"Scaled web tier ({served}): webhook acknowledgement, p99",
            f"{ms(hooks.percentile(0.99))} ({ratio:.2f}x bare)", f"bare: {ms(bare.percentile(0.99))}; goal ≤ 1.5x"),
        Row(f"Scaled web tier ({served}): deliveries acknowledged per second ({concurrency} connections,"
            " alternating with as many bare requests)", f"{hooks.rate:.0f}/s ({len(hooks.latencies):,})",
            f"bare: {bare.rate:.0f}/s"),
        Row("One worker (4 threads): deliveries run per second (no GitHub write)",
            f"{len(hooks.latencies) / (hooks.seconds + drained):.0f}/s",
            f"backlog when the load stopped: drained in {drained:.1f} s"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--duration", type=float, default=20, help="seconds of load per endpoint (default 20)")
    parser.add_argument("--concurrency", type=int, default=8, help="connections sending at once (default 8)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    parser.add_argument("--skip-scaling", action="store_true", help="measure only the acknowledgement")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="coordinator-scaleout-") as folder, FakeGitHub(token=TOKEN) as fake:
        for workers in () if args.skip_scaling else (1, 2, 4):
            rows.append(scaling(fake, Path(folder), workers, args.threads))
            fake.clear_requests()
        for gunicorn in (False, True):
            rows += acknowledgement(fake, Path(folder), args.duration, args.concurrency, gunicorn=gunicorn)
    command = " ".join(["python bench/scaleout.py", *(argv if argv is not None else sys.argv[1:])])
    print(f"Measured with `{command}` on {os.cpu_count()} cores, Python {platform.python_version()}; "
          "GitHub is the fake of bot.testing on 127.0.0.1, PostgreSQL and Redis on loopback.\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
