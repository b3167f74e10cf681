"""The operator's commands beyond `serve`: `worker`, `db upgrade`, `jobs retry` and `sweep`."""

from __future__ import annotations

import signal
import threading

from prometheus_client import start_http_server

from bot import migrate
from bot.jobs import retry_failed
from bot.observability import configure_logging
from bot.scheduler import queue_sweeps
from bot.settings import Settings, SettingsError
from bot.store import engine_for
from bot.wiring import build_runtime


def run_worker(settings: Settings, *, metrics_port: int | None = None) -> int:
    """Consumes the shared queue until SIGTERM or SIGINT; unfinished jobs go back to the queue.

    The jobs' metrics (outcomes, processing time, GitHub requests) are this process's: with
    `metrics_port` it serves them at `/metrics` for Prometheus to scrape, as the web tier does its own.
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
        stopping.wait()
    finally:
        runtime.close()
    return 0


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
    """Queues the dead-lettered deliveries again. Without a shared queue they run here and now."""
    settings.require_credentials()
    runtime = build_runtime(settings, worker=False)
    try:
        retried = retry_failed(runtime.services.store, runtime.queue)
        if not settings.queue_url:
            runtime.queue.wait_idle(timeout=3600)
    finally:
        runtime.close()
    return f"{len(retried)} deliveries queued again" + "".join(f"\n  {delivery}" for delivery in retried)


def sweep(settings: Settings) -> str:
    """One pass over the open coordinations (cron-friendly): each is queued as one job, run in order with
    the webhooks of its repository and paced like them. Without a shared queue they run here and now."""
    settings.require_credentials()
    runtime = build_runtime(settings, worker=False)
    try:
        queued = queue_sweeps(runtime.services.store, runtime.queue)
        if not settings.queue_url:
            runtime.queue.wait_idle(timeout=3600)
    finally:
        runtime.close()
    return f"{len(queued)} coordinations swept" + "".join(f"\n  {name}" for name in queued)
