"""The operator's commands beyond `serve`: `worker`, `db upgrade`, `jobs retry`, `jobs recover` and `sweep`."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

from prometheus_client import start_http_server

from bot import migrate
from bot.database import engine_for
from bot.jobs import recover_stranded, retry_failed
from bot.observability import configure_logging
from bot.scheduler import queue_sweeps
from bot.settings import Settings, SettingsError
from bot.wiring import Runtime, build_runtime

log = logging.getLogger(__name__)


def run_worker(settings: Settings, *, metrics_port: int | None = None) -> int:
    """Consumes the shared queue until SIGTERM or SIGINT; unfinished jobs go back to the queue.

    The jobs' metrics (outcomes, processing time, GitHub requests) are this process's: with
    `metrics_port` it serves them at `/metrics` for Prometheus to scrape, as the web tier does its own.
    Meanwhile it sweeps, every quarter of `COORDINATOR_RECOVER_AFTER`, for deliveries a dead web
    process recorded but never queued.
    """
    if not settings.queue_url:
        raise SettingsError("COORDINATOR_QUEUE_URL is required by `coordinator worker` (without it the server"
                            " runs its jobs itself)")
    settings.require_credentials()
    configure_logging(settings.log_level, settings.secret_values())
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    runtime = build_runtime(settings, worker=True)
    if metrics_port is not None:
        start_http_server(metrics_port, registry=runtime.services.metrics.registry)
    try:
        while not stopping.wait(min(settings.recover_after / 4, 15.0)):
            _sweep(runtime, settings.recover_after)
    finally:
        runtime.close()
    return 0


def _sweep(runtime: Runtime, recover_after: float) -> None:
    """One sweep; a database or Redis down for a while only delays it to the next one."""
    try:
        recover_stranded(runtime.services.store, runtime.queue, recover_after)
    except Exception:
        log.exception("sweeping for stranded deliveries failed; trying again later")


def upgrade_database(settings: Settings) -> str:
    """Brings the schema to this build's head; returns a line saying where it is now."""
    engine = engine_for(settings.database_url)
    try:
        before = migrate.current(engine)
        after = migrate.upgrade(engine)
    finally:
        engine.dispose()
    return f"database schema: {before or 'empty'} -> {after}" if before != after else f"database schema: {after}"


def retry_jobs(settings: Settings) -> str:
    """Queues the dead-lettered deliveries again."""
    retried = _queue_once(settings, lambda runtime: retry_failed(runtime.services.store, runtime.queue))
    return f"{len(retried)} deliveries queued again" + "".join(f"\n  {delivery}" for delivery in retried)


def sweep(settings: Settings) -> str:
    """One pass over the open coordinations (cron-friendly): each is queued as one job, run in order with
    the webhooks of its repository and paced like them."""
    queued = _queue_once(settings, lambda runtime: queue_sweeps(runtime.services.store, runtime.queue))
    return f"{len(queued)} coordinations swept" + "".join(f"\n  {name}" for name in queued)


def recover_jobs(settings: Settings) -> str:
    """Queues the deliveries recorded but never queued, as the workers' sweepers do (`jobs recover`)."""
    recovered = _queue_once(
        settings, lambda runtime: recover_stranded(runtime.services.store, runtime.queue, settings.recover_after)
    )
    return f"{len(recovered)} deliveries recovered" + "".join(f"\n  {delivery}" for delivery in recovered)


def _queue_once(settings: Settings, queue: Callable[[Runtime], list[str]]) -> list[str]:
    """Runs one operator command's queueing over a runtime of its own. Without a shared queue the
    jobs run here and now, before the command returns."""
    settings.require_credentials()
    runtime = build_runtime(settings, worker=False)
    try:
        queued = queue(runtime)
        if not settings.queue_url:
            runtime.queue.wait_idle(timeout=3600)
    finally:
        runtime.close()
    return queued
