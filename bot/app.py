"""The app factory: the webhook endpoint, health and metrics over a runtime from `bot.wiring`.

Nothing happens at import time. `create_app(settings)` builds the runtime (store, gateway,
queue, and with the embedded queue the worker threads), or takes one a caller built, and has
the queue resume deliveries a crashed process left unfinished.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from prometheus_client import generate_latest

from bot.intake import MAX_BODY_BYTES, Intake
from bot.settings import Settings
from bot.store import DeliveryStatus
from bot.wiring import Runtime, build_runtime


def create_app(settings: Settings, runtime: Runtime | None = None) -> Flask:
    settings.require_serving()
    runtime = runtime or build_runtime(settings, worker=False)
    services, queue = runtime.services, runtime.queue
    store, metrics = services.store, services.metrics
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    intake = Intake(secret, runtime.router.handles, store, queue, metrics, recover_after=settings.recover_after)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @app.post("/webhook")
    def webhook() -> tuple[Response, int]:
        headers = {key.lower(): value for key, value in request.headers.items()}
        verdict = intake.receive(headers, request.get_data(cache=False))
        response = jsonify(verdict.body())
        if verdict.then is not None:
            response.call_on_close(verdict.then)  # run by the server after the answer is written
        return response, verdict.status

    @app.errorhandler(413)
    def too_large(_: Exception) -> tuple[Response, int]:
        return jsonify({"outcome": "rejected", "detail": "body over 25 MiB"}), 413

    @app.get("/healthz")
    def healthz() -> tuple[Response, int]:
        checks = {"database": store.healthy(), "worker": queue.alive()}
        depth = queue.depth() if checks["worker"] else None
        return jsonify({"ok": all(checks.values()), **checks, "queue_depth": depth}), (
            200 if all(checks.values()) else 503
        )

    @app.get("/metrics")
    def prometheus() -> Response:
        metrics.queue_depth.set(queue.depth())
        metrics.dead_letters.set(store.count_deliveries(DeliveryStatus.FAILED))
        return Response(generate_latest(metrics.registry), mimetype="text/plain; version=0.0.4")

    queue.resume(store.unfinished)
    return app
