"""Structured JSON logs carrying the delivery id, and Prometheus metrics for one app instance."""

from __future__ import annotations

import contextvars
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

_delivery: contextvars.ContextVar[str] = contextvars.ContextVar("delivery", default="-")

# Belt and braces: token-shaped strings never leave the process, whatever reaches a log line.
# Log lines carry request headers and payload text, so every pattern is linear (possessive runs).
_SECRET_PATTERNS = (
    (re.compile(r"(gh[pousr]_|github_pat_)[A-Za-z0-9_]{10,}+"), "[redacted]"),
    (re.compile(r"sk-ant-[A-Za-z0-9_-]{10,}+"), "[redacted]"),
    (re.compile(r"(?i)\b(authorization|token|secret|api[_-]?key)(['\"]?+\s*+[:=]\s*+['\"]?+(?:bearer\s++|token\s++)?+)"
                r"[^\s'\",]++"), r"\1\2[redacted]"),
)
_KEY_BEGIN = re.compile(r"-----BEGIN[^-]{0,40}PRIVATE KEY-----")  # bounded: backtracks 40 at most
_KEY_END = re.compile(r"-----END[^-]{0,40}PRIVATE KEY-----")


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _plain(text: str) -> str:
    """Without terminal colour codes: Werkzeug colours its request lines, log stores show them raw."""
    return _ANSI.sub("", text)


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Removes the configured secret values and anything shaped like a credential."""
    for secret in secrets:
        text = text.replace(secret, "[redacted]")
    text = _without_private_keys(text)
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _without_private_keys(text: str) -> str:
    """PEM private keys, BEGIN to the next END, cut out. When a BEGIN has no END after it, no later
    one has either: stopping there keeps a text of many BEGINs linear (a lazy `.*?` was quadratic)."""
    parts: list[str] = []
    pos = 0
    while (begin := _KEY_BEGIN.search(text, pos)) and (end := _KEY_END.search(text, begin.end())):
        parts += [text[pos : begin.start()], "[redacted]"]
        pos = end.end()
    return "".join([*parts, text[pos:]])


@contextmanager
def delivery_context(delivery_id: str) -> Iterator[None]:
    """Every log line written inside carries this delivery id."""
    token = _delivery.set(delivery_id)
    try:
        yield
    finally:
        _delivery.reset(token)


class JsonFormatter(logging.Formatter):
    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self._secrets = tuple(secret for secret in secrets if len(secret) >= 4)

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "delivery": getattr(record, "delivery", None) or _delivery.get(),
            "message": redact(_plain(record.getMessage()), self._secrets),
        }
        for key in ("event", "repo", "parent", "outcome"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["error"] = redact(self.formatException(record.exc_info), self._secrets)
        return json.dumps(entry)


# Libraries whose DEBUG lines are noise to an operator: markdown-it logs every block rule it tries.
_QUIET = ("markdown_it",)
# Libraries that narrate routine steps at INFO: alembic names its implementation on every start.
_TERSE = ("alembic",)
# Libraries that set their own level when left unset: werkzeug's access log would ignore ours.
_FOLLOWING = ("werkzeug",)


def configure_logging(level: str, secrets: tuple[str, ...] = ()) -> None:
    """Every line goes through one JSON handler on the root logger, redacted and with the delivery id.

    Called by the CLI and the WSGI entry point after the app is imported, never at import (tests
    keep pytest's own capture). Handlers that libraries attached themselves are removed: PyGithub
    adds a plain stderr handler at import, which would print its lines a second time, unredacted.
    """
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(secrets))
    for logger in logging.root.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.handlers.clear()
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in _QUIET:
        logging.getLogger(name).setLevel(max(logging.INFO, root.level))
    for name in _TERSE:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    for name in _FOLLOWING:
        logging.getLogger(name).setLevel(root.level)


class Metrics:
    """One registry per app, so tests and several apps in one process never share counters."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.deliveries = Counter(
            "coordinator_deliveries", "Webhook deliveries by event and outcome",
            ["event", "outcome"], registry=self.registry,
        )
        self.processing = Histogram(
            "coordinator_processing_seconds", "Time spent processing a delivery in the worker",
            ["event"], registry=self.registry,
        )
        self.queue_depth = Gauge("coordinator_queue_depth", "Jobs waiting or running", registry=self.registry)
        self.dead_letters = Gauge("coordinator_dead_letters",
                                  "Deliveries whose last run failed (re-run by `coordinator jobs retry`)",
                                  registry=self.registry)

    def watch_github(self, stats: Callable[[], dict[str, int]]) -> None:
        """Exports the gateway's own request counters at scrape time."""
        self.registry.register(_GitHubCollector(stats))


class _GitHubCollector(Collector):
    def __init__(self, stats: Callable[[], dict[str, int]]) -> None:
        self._stats = stats

    def collect(self) -> Iterable[Metric]:
        stats = self._stats()
        for name, help_text in (("requests", "Requests sent to GitHub"),
                                ("errors", "GitHub answers with an error status or no answer"),
                                ("retries", "Requests retried after a 5xx or a rate limit")):
            yield CounterMetricFamily(f"coordinator_github_{name}", help_text, value=stats.get(name, 0))
