"""Webhook intake: verify, parse, de-duplicate and queue a delivery, then answer at once.

Nothing here talks to GitHub: the request thread only checks the delivery and hands it to the
work queue, so GitHub gets its answer in milliseconds (it gives up after 10 seconds).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from bot.events import INTERNAL_EVENTS, PayloadError, parse_event, sender_is_bot
from bot.observability import Metrics, delivery_context
from bot.payload_guard import MAX_DEPTH, MAX_ITEMS, nesting_too_deep, oversized_list
from bot.store import RECOVER_AFTER, Delivery, DeliveryStatus, Store
from bot.work_queue import WorkQueue

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 25 * 1024 * 1024

# Pull requests are the agents' work, and agents are often bots; the coordinator itself never
# opens, edits or merges pull requests, so following bot-sent pull_request events cannot loop.
# Reviews (review bots) and check runs (CI apps) come from bots too; the coordinator writes neither.
_BOT_EVENTS_FOLLOWED = frozenset({"pull_request", "pull_request_review", "check_run"})


@dataclass(frozen=True)
class Verdict:
    """The HTTP answer to a delivery and why."""

    status: int
    outcome: str
    detail: str = ""
    then: Callable[[], None] | None = None  # to do once the answer is sent (it need not wait for it)

    def body(self) -> dict[str, str]:
        return {"outcome": self.outcome, "detail": self.detail} if self.detail else {"outcome": self.outcome}


def signature_valid(secret: str, body: bytes, header: str | None) -> bool:
    """GitHub's X-Hub-Signature-256: `sha256=` + HMAC-SHA256(secret, raw body), compared in constant time."""
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def _json_of(body: bytes, content_type: str) -> bytes:
    """The JSON of a delivery: the body, or its `payload` field when the webhook sends a form.

    A repository webhook may be set to `application/x-www-form-urlencoded`; the signature still
    covers the raw body, so it is checked before this runs.
    """
    if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        return body
    fields = parse_qs(body.decode("utf-8", errors="replace"), max_num_fields=16)
    return fields.get("payload", [""])[0].encode()


def _as_text(body: bytes) -> str:
    """The JSON as received, stored as is (re-encoding it cost as much as parsing); "" when it is
    not UTF-8 (JSON may come in UTF-16): the store then writes it from the parsed payload."""
    try:
        return body.decode()
    except UnicodeDecodeError:
        return ""


def _work_key(payload: dict[str, Any]) -> str:
    """Work is serialised per repository (so, a fortiori, per parent issue)."""
    repo = payload.get("repository") or {}
    return str(repo.get("full_name", "")).lower() or "-"


class Intake:
    """Decides what becomes of one delivery; `receive` is called by the Flask view."""

    def __init__(self, secret: str, handles: Any, store: Store, queue: WorkQueue, metrics: Metrics, *,
                 recover_after: float = RECOVER_AFTER) -> None:
        self._secret = secret
        self._recover_after = recover_after
        self._handles = handles
        self._store = store
        self._queue = queue
        self._metrics = metrics

    def receive(self, headers: dict[str, str], body: bytes) -> Verdict:
        event = headers.get("x-github-event", "")
        delivery_id = headers.get("x-github-delivery") or "sha256-" + hashlib.sha256(body).hexdigest()
        with delivery_context(delivery_id):
            verdict = self._judge(event, delivery_id, headers, body)
            # An unsigned request names any event it likes: as a metric label that would add a
            # series per request, so only verified deliveries are counted under their event.
            label = "-" if verdict.outcome == "rejected" else event or "-"
            self._metrics.deliveries.labels(event=label, outcome=verdict.outcome).inc()
            log.info("delivery %s: %s %s", verdict.outcome, event, verdict.detail, extra={"event": event})
            return verdict

    def _judge(self, event: str, delivery_id: str, headers: dict[str, str], body: bytes) -> Verdict:
        if not signature_valid(self._secret, body, headers.get("x-hub-signature-256")):
            return Verdict(401, "rejected", "missing or invalid X-Hub-Signature-256")
        if not event:
            return Verdict(400, "malformed", "missing X-GitHub-Event header")
        return self.admit(event, delivery_id, _json_of(body, headers.get("content-type", "")))

    def admit(self, event: str, delivery_id: str, text: bytes) -> Verdict:
        """Everything after the signature: shared by webhooks and `coordinator action`, whose event file
        GitHub wrote itself (so the same events are ignored, refused or run in both)."""
        if nesting_too_deep(text):
            return Verdict(400, "malformed", f"body nests deeper than {MAX_DEPTH} levels")
        try:
            payload = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than Python's stack allows
            return Verdict(400, "malformed", "body is not JSON")
        if not isinstance(payload, dict):
            return Verdict(400, "malformed", "body is not a JSON object")
        if event == "ping":
            return Verdict(200, "pong")
        action = str(payload.get("action", ""))
        if not self._handles(event, action) or event in INTERNAL_EVENTS:
            return Verdict(202, "ignored", f"{event}.{action} is not handled")
        too_long = oversized_list(payload)
        if too_long is not None:
            return Verdict(400, "malformed", f"{too_long} holds more than {MAX_ITEMS} items")
        try:
            model = parse_event(event, payload)
        except PayloadError as error:
            return Verdict(400, "malformed", str(error))
        if sender_is_bot(model) and event not in _BOT_EVENTS_FOLLOWED:
            return Verdict(202, "ignored", "sent by a bot")
        return self._enqueue(Delivery(id=delivery_id, event=event, action=action, key=_work_key(payload),
                                      payload=payload, payload_text=_as_text(text)))

    def _enqueue(self, delivery: Delivery) -> Verdict:
        """Recorded (durably) before it is queued, and marked queued once the answer is sent (or, by
        a forwarding queue, once the shared queue holds it): if this process dies in between, the
        delivery stays `received` and is recovered once, by a worker's sweeper or by GitHub's
        redelivery, after `recover_after` seconds."""
        if not self._store.claim_delivery(delivery, self._recover_after):
            return Verdict(200, "duplicate", "delivery already received")
        try:
            self._queue.submit(delivery.id, delivery.key)
        except Exception as error:  # recorded as failed, so GitHub's redelivery is claimed and queued again
            log.exception("the queue did not take delivery %s", delivery.id)
            self._store.finish_delivery(delivery.id, DeliveryStatus.FAILED, f"not queued: {error!r}")
            return Verdict(503, "unavailable", "the job queue is unavailable; redeliver later")
        if self._queue.marks_queued:
            return Verdict(202, "queued")
        return Verdict(202, "queued", then=lambda: self._mark_queued(delivery.id))

    def _mark_queued(self, delivery_id: str) -> None:
        try:
            self._store.mark_queued(delivery_id)
        except Exception:  # only a hint for the sweepers: without it the delivery is queued once more
            log.exception("could not mark delivery %s queued", delivery_id)
