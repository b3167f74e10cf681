"""The app factory: wires settings, store, gateway, queue and routes into one Flask app.

Nothing happens at import time. `create_app(settings)` builds everything, starts the worker and
re-queues deliveries a crashed process left unfinished.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, jsonify, request
from prometheus_client import generate_latest

from bot.coordination.loading import ConfigCache
from bot.events import parse_event
from bot.gateway import GitHubGateway
from bot.intake import MAX_BODY_BYTES, Intake
from bot.observability import Metrics, delivery_context, redact
from bot.permissions import PermissionCache
from bot.planning.narrator import make_narrator
from bot.routing import Router
from bot.scheduler import Scheduler
from bot.services import Services
from bot.settings import Settings
from bot.store import DeliveryStatus, open_store
from bot.work_queue import InProcessQueue, Runner

log = logging.getLogger(__name__)


def _runner(services: Services, router: Router) -> Runner:
    """The worker's job: read one queued delivery from the store, dispatch it, record how it ended."""

    def run(delivery_id: str) -> None:
        delivery = services.store.delivery(delivery_id)
        if delivery is None or delivery.status is not DeliveryStatus.QUEUED:
            log.warning("skipping delivery %s: it is no longer queued", delivery_id)
            return
        with delivery_context(delivery.id):
            started = time.perf_counter()
            try:
                router.dispatch(services, delivery.event, delivery.action,
                                parse_event(delivery.event, delivery.payload))
            except Exception as error:
                log.exception("delivery failed: %s.%s", delivery.event, delivery.action)
                services.store.finish_delivery(delivery.id, DeliveryStatus.FAILED, redact(repr(error)))
                services.metrics.deliveries.labels(event=delivery.event, outcome="failed").inc()
            else:
                services.store.finish_delivery(delivery.id, DeliveryStatus.DONE)
                services.metrics.deliveries.labels(event=delivery.event, outcome="processed").inc()
            finally:
                services.metrics.processing.labels(event=delivery.event).observe(time.perf_counter() - started)

    return run


def create_app(settings: Settings) -> Flask:
    settings.require_serving()
    metrics = Metrics()
    store = open_store(settings.database_path)
    gateway = GitHubGateway(settings)
    metrics.watch_github(lambda: gateway.stats)
    scheduler = Scheduler(store)
    services = Services(settings=settings, store=store, gateway=gateway, metrics=metrics,
                        config_cache=ConfigCache(), permissions=PermissionCache(),
                        narrator=make_narrator(settings), scheduler=scheduler)
    router = Router.default()
    queue = InProcessQueue(_runner(services, router), settings.workers)
    scheduler.attach(queue)
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    intake = Intake(secret, router.handles, store, queue, metrics)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.extensions["coordinator"] = {"services": services, "queue": queue, "router": router}

    @app.post("/webhook")
    def webhook() -> tuple[Response, int]:
        headers = {key.lower(): value for key, value in request.headers.items()}
        verdict = intake.receive(headers, request.get_data(cache=False))
        return jsonify(verdict.body()), verdict.status

    @app.errorhandler(413)
    def too_large(_: Exception) -> tuple[Response, int]:
        return jsonify({"outcome": "rejected", "detail": "body over 25 MiB"}), 413

    @app.get("/healthz")
    def healthz() -> tuple[Response, int]:
        checks = {"database": store.healthy(), "worker": queue.alive()}
        return jsonify({"ok": all(checks.values()), **checks, "queue_depth": queue.depth()}), (
            200 if all(checks.values()) else 503
        )

    @app.get("/metrics")
    def prometheus() -> Response:
        metrics.queue_depth.set(queue.depth())
        return Response(generate_latest(metrics.registry), mimetype="text/plain; version=0.0.4")

    for delivery in store.unfinished_deliveries():
        log.info("resuming unfinished delivery %s", delivery.id)
        queue.submit(delivery.id, delivery.key)
    return app
