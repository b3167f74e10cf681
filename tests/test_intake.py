"""The HTTP edge of /webhook: signatures, sizes, malformed bodies, unknown events, ping, bots, health."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.testing.github import FakeGitHub
from bot.testing.payloads import (
    comment_payload,
    delivery_headers,
    example_files,
    load_example,
    shared_examples_dir,
    sign,
)
from tests.e2e import label_event, open_plan_issue, plan_text
from tests.fixtures.app import SECRET, BotHarness
from tests.fixtures.github import REPO


def _post(
    bot: BotHarness, event: str | None, body: bytes, signature: str | None, delivery: str = "d-1",
    content_type: str = "application/json",
) -> tuple[int, dict[str, Any]]:
    headers = {"Content-Type": content_type, "X-GitHub-Delivery": delivery}
    if event is not None:
        headers["X-GitHub-Event"] = event
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    response = bot.client.post("/webhook", data=body, headers=headers)
    bot.wait()
    return response.status_code, response.get_json()


def test_good_signature_is_queued(bot: BotHarness, fake_github: FakeGitHub) -> None:
    body = json.dumps(label_event(open_plan_issue(fake_github, plan_text("auth")))).encode()
    assert _post(bot, "issues", body, sign(body, SECRET))[0] == 202


def test_a_form_encoded_delivery_is_read_from_its_payload_field(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    body = urlencode({"payload": json.dumps(label_event(parent))}).encode()
    form = "application/x-www-form-urlencoded"
    assert _post(bot, "issues", body, sign(body, SECRET), content_type=form)[0] == 202
    assert fake_github.sub_issues(REPO, parent["number"])  # coordinated, as with a JSON delivery
    tampered = body.replace(b"coordinate", b"coordinatE")
    assert _post(bot, "issues", tampered, sign(body, SECRET), "d-2", content_type=form)[0] == 401
    empty = urlencode({"other": "x"}).encode()
    assert _post(bot, "issues", empty, sign(empty, SECRET), "d-3", content_type=form) == (
        400, {"outcome": "malformed", "detail": "body is not JSON"})


def test_missing_or_wrong_signature_is_401_and_nothing_happens(bot: BotHarness, fake_github: FakeGitHub) -> None:
    body = json.dumps(label_event(open_plan_issue(fake_github, plan_text("auth")))).encode()
    fake_github.clear_requests()
    assert _post(bot, "issues", body, None)[0] == 401
    assert _post(bot, "issues", body, sign(body, "another-secret"))[0] == 401
    assert _post(bot, "issues", body, "sha1=" + sign(body, SECRET)[7:])[0] == 401
    assert _post(bot, "issues", body + b" ", sign(body, SECRET))[0] == 401
    assert fake_github.requests == []


def test_body_over_25_mib_is_413(bot: BotHarness) -> None:
    body = b"{" + b" " * (25 * 1024 * 1024) + b"}"
    status, _ = _post(bot, "issues", body, sign(body, SECRET))
    assert status == 413


def test_non_json_body_is_400(bot: BotHarness) -> None:
    body = b"not json at all"
    status, answer = _post(bot, "issues", body, sign(body, SECRET))
    assert status == 400 and "JSON" in answer["detail"]


def test_missing_event_header_is_400(bot: BotHarness) -> None:
    body = json.dumps(load_example("ping")).encode()
    status, answer = _post(bot, None, body, sign(body, SECRET))
    assert status == 400 and "X-GitHub-Event" in answer["detail"]


def test_malformed_payload_of_a_handled_event_is_400_naming_the_field(bot: BotHarness) -> None:
    payload = load_example("issues", "labeled")
    del payload["issue"]["number"]
    body = json.dumps(payload).encode()
    status, answer = _post(bot, "issues", body, sign(body, SECRET))
    assert status == 400 and "issue.number" in answer["detail"]


def test_ping_is_200(bot: BotHarness) -> None:
    body = json.dumps(load_example("ping")).encode()
    status, answer = _post(bot, "ping", body, sign(body, SECRET))
    assert status == 200 and answer["outcome"] == "pong"


def test_unhandled_events_are_202_and_ignored(bot: BotHarness, fake_github: FakeGitHub) -> None:
    for event, action in (("check_run", "created"), ("issues", "milestoned"), ("pull_request", "labeled")):
        body = json.dumps(load_example(event, action)).encode()
        status, answer = _post(bot, event, body, sign(body, SECRET), delivery=f"{event}-{action}")
        assert (status, answer["outcome"]) == (202, "ignored")
    assert fake_github.requests == []


def test_events_sent_by_bots_never_trigger_work(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    fake_github.clear_requests()
    for payload in (
        label_event(parent, sender="coordinator[bot]", sender_type="Bot"),
        comment_payload(
            "created",
            issue_number=parent["number"],
            issue_id=parent["id"],
            body="/coordinate",
            sender="some-bot[bot]",
            sender_type="Bot",
        ),
    ):
        response = bot.deliver("issues" if "label" in payload else "issue_comment", payload)
        assert response.get_json() == {"outcome": "ignored", "detail": "sent by a bot"}
    assert fake_github.requests == []


def test_healthz_reports_database_and_worker(bot: BotHarness) -> None:
    answer = bot.client.get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json()["database"] is True and answer.get_json()["worker"] is True


def test_metrics_count_deliveries_by_event_and_outcome(bot: BotHarness) -> None:
    body = json.dumps(load_example("ping")).encode()
    bot.client.post("/webhook", data=body, headers=delivery_headers("ping", body, SECRET))
    text = bot.client.get("/metrics").get_data(as_text=True)
    assert 'coordinator_deliveries_total{event="ping",outcome="pong"} 1.0' in text
    assert "coordinator_queue_depth" in text and "coordinator_github_requests_total" in text


# --------------------------------------------------------------------------- every example GitHub publishes


def _every_example() -> list[Path]:
    """Every payload example of the shared set (unhandled events such as `check_suite` too), else the copies."""
    shared = shared_examples_dir()
    if shared is None:
        return example_files()
    return sorted(path for path in shared.glob("*/*.json") if path.parent.name != "schemas")


def _as_github_may_send(event: str, payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The example, and what GitHub also sends: a repository webhook (no `installation`), senders that
    are organisations, mannequins or bots, and null texts (`issue.body`, `pull_request.body`)."""
    variants = {"as published": payload}
    if "installation" in payload and event not in ("installation", "installation_repositories"):
        variants["repository webhook"] = {k: v for k, v in payload.items() if k != "installation"}
    for kind in ("Organization", "Mannequin", "Bot"):
        if isinstance(payload.get("sender"), dict):
            variants[f"sender {kind}"] = {**payload, "sender": {**payload["sender"], "type": kind}}
    for key in ("issue", "pull_request", "comment"):
        if isinstance(payload.get(key), dict):
            variants[f"{key}.body null"] = {**payload, key: {**payload[key], "body": None}}
    if "label" in payload:
        variants["no label"] = {k: v for k, v in payload.items() if k != "label"}
    return variants


@pytest.mark.parametrize("path", _every_example(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_published_example_is_answered_2xx_and_its_job_runs(
    bot: BotHarness, fake_github: FakeGitHub, path: Path
) -> None:
    """Signed like GitHub signs it and posted to the real intake: handled or not, a valid delivery is
    acknowledged, never a 400 or a 500, and a handled one's job does not fail."""
    event, payload = path.parent.name, json.loads(path.read_text(encoding="utf-8"))
    repo = (payload.get("repository") or {}).get("full_name")
    if repo:
        fake_github.add_repo(repo)
    for index, (variant, body_json) in enumerate(_as_github_may_send(event, payload).items()):
        body = json.dumps(body_json).encode()
        status, answer = _post(bot, event, body, sign(body, SECRET), delivery=f"{path.name}-{index}")
        assert 200 <= status < 300, (variant, answer)
    assert bot.services.store.failed_deliveries() == []
