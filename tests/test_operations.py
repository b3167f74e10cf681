"""What an operator sees: JSON logs carrying the delivery id, /metrics in Prometheus format, /healthz."""

from __future__ import annotations

import json
import logging
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from bot.testing.github import FakeGitHub
from tests.e2e import label_event, open_plan_issue, plan_text
from tests.fixtures.app import BotHarness
from tests.fixtures.logs import ConfigureLogs


def plan_labeled(fake: FakeGitHub, label: str = "coordinate") -> dict[str, Any]:
    return label_event(open_plan_issue(fake, plan_text("auth")), label=label)


def metrics(bot: BotHarness) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = bot.client.get("/metrics").get_data(as_text=True)
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def test_every_line_logged_while_processing_carries_the_delivery_id(
    json_logs: ConfigureLogs, bot: BotHarness, fake_github: FakeGitHub
) -> None:
    """Lines from the worker thread, PyGithub's retry notice included, are JSON with the delivery id."""
    logs = json_logs()
    fake_github.faults.fail("POST", r"/sub_issues$", 403, skip=1, retry_after=0)  # PyGithub logs its wait
    fake_github.faults.fail("POST", r"/issues$", 500, skip=3, times=2)  # the bot logs a problem and a traceback
    bot.deliver("issues", plan_labeled(fake_github), delivery_id="guid-42")

    entries = [json.loads(line) for line in logs.getvalue().splitlines()]
    by_logger = {entry["logger"] for entry in entries}
    assert {"bot.intake", "bot.coordination.session", "bot.jobs", "github.GithubRetry"} <= by_logger
    assert {entry["delivery"] for entry in entries} == {"guid-42"}
    failed = next(entry for entry in entries if entry["logger"] == "bot.jobs")
    assert failed["level"] == "ERROR" and "Traceback" in failed["error"]
    own_handlers = [name for name, logger in logging.root.manager.loggerDict.items()
                    if isinstance(logger, logging.Logger) and logger.handlers]
    assert own_handlers == []  # PyGithub's import-time stderr handler would print its lines again, raw


def test_metrics_count_deliveries_processing_time_github_requests_and_queue_depth(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    fake_github.faults.fail("GET", r"/labels$", 502)
    bot.deliver("issues", plan_labeled(fake_github))
    bot.deliver("issues", plan_labeled(fake_github, label="bug"))
    bot.client.post("/webhook", data=b"{}", headers={"X-GitHub-Event": "issues"})

    seen = metrics(bot)
    issues = (("event", "issues"),)
    assert seen[("coordinator_deliveries_total", (("event", "issues"), ("outcome", "queued")))] == 2
    assert seen[("coordinator_deliveries_total", (("event", "issues"), ("outcome", "processed")))] == 2
    assert seen[("coordinator_deliveries_total", (("event", "-"), ("outcome", "rejected")))] == 1
    assert seen[("coordinator_processing_seconds_count", issues)] == 2
    assert seen[("coordinator_processing_seconds_sum", issues)] > 0
    assert seen[("coordinator_github_requests_total", ())] == len(fake_github.requests)
    assert seen[("coordinator_github_errors_total", ())] == 2  # the 502, and the 404 of the absent config file
    assert seen[("coordinator_github_retries_total", ())] == 1
    assert seen[("coordinator_queue_depth", ())] == 0


def test_healthz_reports_the_database_and_the_worker(bot: BotHarness) -> None:
    answer = bot.client.get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json() == {"ok": True, "database": True, "worker": True, "queue_depth": 0}

    bot.queue.stop()
    answer = bot.client.get("/healthz")
    assert (answer.status_code, answer.get_json()["worker"]) == (503, False)

    bot.services.store.close()
    answer = bot.client.get("/healthz")
    assert (answer.status_code, answer.get_json()["database"]) == (503, False)
