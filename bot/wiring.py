"""Wiring in one place: which store, queue, gateway (and its write pacing) the settings choose.

`COORDINATOR_DATABASE_URL` picks SQLite or PostgreSQL; `COORDINATOR_QUEUE_URL` picks the shared
Redis queue (jobs run by `coordinator worker`, writes paced in Redis across every process) over
the embedded one (jobs run by threads of the server). The web app and the worker both start here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import redis

from bot.coordination.loading import ConfigCache
from bot.gateway import GitHubGateway
from bot.handover import Forwarder
from bot.jobs import Job
from bot.observability import Metrics
from bot.pacing import Pacer, WritePacer
from bot.permissions import PermissionCache
from bot.planning.narrator import make_narrator
from bot.redis_queue import RedisQueue
from bot.routing import Router
from bot.scheduler import Scheduler
from bot.services import Services
from bot.settings import Settings
from bot.shared_pacing import SharedWritePacer
from bot.store import open_store
from bot.work_queue import InProcessQueue, WorkQueue


@dataclass(frozen=True)
class Runtime:
    """What one process runs: the services handlers use, the router, and the queue."""

    services: Services
    router: Router
    queue: WorkQueue

    def close(self) -> None:
        self.queue.stop()
        self.services.store.close()


def build_services(settings: Settings) -> Services:
    metrics = Metrics()
    gateway = GitHubGateway(settings, pacer_for=_pacer_factory(settings))
    metrics.watch_github(lambda: gateway.stats)
    store = open_store(settings.database_url)
    return Services(settings=settings, store=store, gateway=gateway, metrics=metrics,
                    config_cache=ConfigCache(), permissions=PermissionCache(), narrator=make_narrator(settings),
                    scheduler=Scheduler(store, settings.recover_after))


def _pacer_factory(settings: Settings) -> Callable[[str], Pacer]:
    """Per credential: a bucket in this process, or (with a shared queue) one bucket in Redis."""
    if not settings.queue_url:
        return lambda _: WritePacer(settings.write_interval, settings.write_burst, hourly=settings.hourly_writes)
    client = redis.Redis.from_url(settings.queue_url)
    token = settings.github_token.get_secret_value() if settings.github_token else ""
    owner = f"app-{settings.github_app_id}" if settings.uses_app else hashlib.sha256(token.encode()).hexdigest()[:16]
    prefix = f"{settings.queue_namespace}:pace:{owner}"
    return lambda credential: SharedWritePacer(client, f"{prefix}-{credential}", settings.write_interval,
                                               settings.write_burst)


def build_runtime(settings: Settings, *, worker: bool) -> Runtime:
    """The web tier (`worker=False`: with a shared queue it only enqueues) or a worker process.

    With the embedded queue the web process is also the worker, whatever `worker` says.
    """
    services = build_services(settings)
    router = Router.default()
    job = Job(services, router)
    queue: WorkQueue
    if settings.queue_url:
        shared = RedisQueue(settings.queue_url, namespace=settings.queue_namespace,
                            dead_after=settings.queue_dead_after)
        if worker:
            shared.work(job.in_order, services.store.exclusive, settings.workers)
        queue = shared if worker else Forwarder(services.store, shared)
    else:
        queue = InProcessQueue(job, settings.workers)
    if services.scheduler is not None:
        services.scheduler.attach(queue)
    return Runtime(services=services, router=router, queue=queue)
