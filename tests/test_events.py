"""Webhook payload views: every real example parses, malformed bodies fail with a readable reason,
and the test payload builders produce deliveries with the same shape."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest

from bot.events import (
    EVENT_MODELS,
    IssueCommentEvent,
    IssuesEvent,
    PayloadError,
    PingEvent,
    PullRequestEvent,
    UnsupportedEventError,
    User,
    parse_event,
    sender_is_bot,
)
from bot.testing.payloads import (
    DATA_DIR,
    HANDLED_EVENTS,
    comment_payload,
    delivery,
    delivery_headers,
    encode,
    example_files,
    issue_payload,
    load_example,
    pull_payload,
    shared_examples_dir,
    sign,
)
from tests.webhook_schemas import loosened

EXAMPLES = example_files()


def _event_of(path: Path) -> str:
    return path.parent.name


# --------------------------------------------------------------------------- the real examples


def test_every_handled_event_has_examples() -> None:
    assert {_event_of(path) for path in EXAMPLES} == set(HANDLED_EVENTS) == set(EVENT_MODELS)
    assert any(".ghes-3.5." in path.name for path in EXAMPLES)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_example_parses(path: Path) -> None:
    payload = json.loads(path.read_text(encoding="utf-8"))
    event = parse_event(_event_of(path), payload)
    assert isinstance(event, EVENT_MODELS[_event_of(path)])
    if not isinstance(event, PingEvent):
        assert event.action == payload["action"]
    if isinstance(event, IssuesEvent | IssueCommentEvent | PullRequestEvent):
        assert event.repository.full_name == payload["repository"]["full_name"]


def _schema_of(path: Path) -> Path | None:
    """The octokit schema of an example (`shared/github-webhooks/schemas/<event>/<action>.schema.json`;
    `ping`, which has no action, has `event.schema.json`)."""
    shared = shared_examples_dir()
    action = json.loads(path.read_text(encoding="utf-8")).get("action") or "event"
    schema = shared / "schemas" / path.parent.name / f"{action}.schema.json" if shared else None
    return schema if schema is not None and schema.is_file() else None


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_what_github_may_leave_out_or_null_still_parses(path: Path) -> None:
    """GitHub's schema decides what a delivery must carry, not the examples: every key it lets GitHub
    omit, and every value it lets be null, is dropped or nulled in turn (`pull_request.merged` may be
    null, `issue.state` is not required), and the delivery still parses."""
    schema = _schema_of(path)
    if schema is None:
        pytest.skip("no schema beside this checkout for this example")
    payload = json.loads(path.read_text(encoding="utf-8"))
    refused = []
    for change, variant in loosened(payload, schema):
        try:
            parse_event(_event_of(path), variant)
        except PayloadError as error:
            refused.append(f"{change}: {error}")
    assert refused == []


def test_copies_match_the_shared_examples_byte_for_byte() -> None:
    shared = shared_examples_dir()
    if shared is None:
        pytest.skip("shared/github-webhooks is not beside this checkout")
    for path in EXAMPLES:
        original = shared / path.relative_to(DATA_DIR)
        assert original.read_bytes() == path.read_bytes(), path
    copied = {path.relative_to(DATA_DIR) for path in EXAMPLES}
    upstream = {
        path.relative_to(shared) for event in HANDLED_EVENTS for path in (shared / event).glob("*.json")
    }
    assert copied == upstream


def test_the_copied_examples_keep_their_licence_note() -> None:
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "MIT License" in readme and "Gregor Martynus" in readme and "octokit/webhooks" in readme


def test_issue_fields() -> None:
    event = parse_event("issues", load_example("issues", "opened"))
    assert isinstance(event, IssuesEvent)
    issue = event.issue
    assert (issue.id, issue.number, issue.state) == (444500041, 1, "open")
    assert issue.title == "Spelling error in the README file"
    assert issue.body.startswith("It looks like you accidently spelled")
    assert issue.label_names == ("bug",)
    assert issue.user == User(login="Codertocat", type="User")
    assert issue.html_url == "https://github.com/Codertocat/Hello-World/issues/1"
    assert issue.state_reason is None  # the 2019 example predates the field
    assert not issue.is_pull_request
    assert event.repository.owner.login == "Codertocat"
    assert event.repository.default_branch == "master"
    assert event.installation is None
    assert event.label is None and event.changes is None


def test_null_body_becomes_empty_text() -> None:
    event = parse_event("issues", load_example("issues", "opened", "with-empty-body"))
    assert isinstance(event, IssuesEvent)
    assert event.issue.body == ""


def test_ghes_example_has_short_installation_and_no_draft() -> None:
    event = parse_event("issues", load_example("issues", "labeled", "ghes-3.5"))
    assert isinstance(event, IssuesEvent)
    assert event.installation is not None and event.installation.id == 5
    assert event.label is not None and event.label.name == "bug"
    pull = parse_event("pull_request", load_example("pull_request", "closed", "ghes-3.5"))
    assert isinstance(pull, PullRequestEvent)
    assert pull.pull_request.state == "closed" and not pull.pull_request.merged


def test_issue_that_is_a_pull_request() -> None:
    event = parse_event("issues", load_example("issues", "milestoned"))
    assert isinstance(event, IssuesEvent)
    assert event.issue.is_pull_request
    assert event.issue.pull_request is not None
    assert event.issue.pull_request.html_url.endswith("/pull/2")


def test_edit_changes() -> None:
    edited = parse_event("issue_comment", load_example("issue_comment", "edited"))
    assert isinstance(edited, IssueCommentEvent)
    assert edited.changes is not None and edited.changes.body is not None
    assert edited.changes.body.previous == "You are totally right! I'll get this fixed right away."
    assert edited.changes.title is None
    empty = parse_event("issues", load_example("issues", "edited"))
    assert isinstance(empty, IssuesEvent)
    assert empty.changes is not None and empty.changes.title is None and empty.changes.body is None


def test_pull_request_fields() -> None:
    event = parse_event("pull_request", load_example("pull_request", "closed"))
    assert isinstance(event, PullRequestEvent)
    pull = event.pull_request
    assert event.number == pull.number == 2
    assert (pull.head.ref, pull.base.ref) == ("changes", "master")
    assert pull.head.sha == "ec26c3e57ca3a959ca5aad62de7213c562f8c821"
    assert pull.state == "closed" and not pull.merged and pull.merged_at is None
    assert pull.merge_commit_sha == "c4295bd74fb0f4fda03689c3df3f2803b658fd85"
    assert not pull.draft
    assert event.installation is not None and event.installation.id == 1
    draft = parse_event("pull_request", load_example("pull_request", "converted_to_draft"))
    assert isinstance(draft, PullRequestEvent) and draft.pull_request.draft


def test_ping_without_repository() -> None:
    event = parse_event("ping", load_example("ping", variant="with-organization"))
    assert isinstance(event, PingEvent)
    assert event.repository is None
    assert event.hook is not None and event.hook.type == "Organization"
    assert event.zen


# --------------------------------------------------------------------------- tolerance


def test_unknown_and_newer_fields_are_ignored_or_read() -> None:
    payload = load_example("issues", "opened")
    payload["issue"].update(state_reason="completed", type={"name": "Bug"}, sub_issues_summary={"total": 2})
    payload["brand_new_top_level_field"] = [1, 2, 3]
    event = parse_event("issues", payload)
    assert isinstance(event, IssuesEvent)
    assert event.issue.state_reason == "completed"


def test_optional_fields_may_be_missing() -> None:
    payload = load_example("pull_request", "opened")
    for key in ("draft", "merged", "merged_at", "merge_commit_sha", "html_url", "body"):
        del payload["pull_request"][key]
    event = parse_event("pull_request", payload)
    assert isinstance(event, PullRequestEvent)
    assert (event.pull_request.draft, event.pull_request.merged, event.pull_request.body) == (
        False,
        False,
        "",
    )


def test_models_are_immutable() -> None:
    event = parse_event("issues", load_example("issues", "opened"))
    assert isinstance(event, IssuesEvent)
    with pytest.raises(ValueError, match="frozen"):
        event.action = "closed"  # type: ignore[misc]


# --------------------------------------------------------------------------- bots


@pytest.mark.parametrize(
    ("login", "user_type", "expected"),
    [
        ("octocat", "User", False),
        ("feature-coordinator[bot]", "Bot", True),
        ("dependabot[bot]", "User", True),
        ("some-app", "Bot", True),
        ("robotics", "Organization", False),
    ],
)
def test_user_is_bot(login: str, user_type: str, expected: bool) -> None:
    assert User(login=login, type=user_type).is_bot is expected


def test_sender_is_bot() -> None:
    human = parse_event("issue_comment", comment_payload(body="/status"))
    bot = parse_event("issue_comment", comment_payload(sender="coordinator[bot]", sender_type="Bot"))
    assert not sender_is_bot(human)
    assert sender_is_bot(bot)
    ping = load_example("ping")
    del ping["sender"]
    assert not sender_is_bot(parse_event("ping", ping))


# --------------------------------------------------------------------------- malformed payloads


def _error(event_name: str, payload: Any) -> PayloadError:
    with pytest.raises(PayloadError) as caught:
        parse_event(event_name, payload)
    return caught.value


def test_missing_object_is_named() -> None:
    payload = load_example("issues", "opened")
    del payload["issue"]
    error = _error("issues", payload)
    assert str(error) == "malformed 'issues' payload: issue is missing"
    assert error.fields == ("issue",) and error.event_name == "issues"


def test_missing_nested_field_is_named_by_path() -> None:
    payload = load_example("pull_request", "opened")
    del payload["pull_request"]["head"]["sha"]
    assert "pull_request.head.sha is missing" in str(_error("pull_request", payload))


def test_wrong_type_shows_the_value() -> None:
    payload = load_example("issue_comment", "created")
    payload["comment"]["id"] = "not-a-number"
    message = str(_error("issue_comment", payload))
    assert "comment.id: input should be a valid integer" in message
    assert "(got 'not-a-number')" in message


def test_long_values_are_shortened() -> None:
    payload = load_example("issues", "opened")
    payload["issue"]["number"] = "x" * 500
    message = str(_error("issues", payload))
    assert "..." in message and "x" * 100 not in message


def test_labels_must_have_names() -> None:
    payload = load_example("issues", "labeled")
    payload["issue"]["labels"] = [{"color": "ffffff"}]
    assert "issue.labels.0.name is missing" in str(_error("issues", payload))


def test_many_problems_are_summarised() -> None:
    error = _error("pull_request", {"pull_request": {}})
    assert len(error.fields) == 10
    assert "pull_request.head" in error.fields and "sender" in error.fields
    assert len(error.problems) == 6 and error.problems[-1] == "and 5 more"


def test_body_that_is_not_an_object() -> None:
    assert str(_error("ping", [1, 2])) == "malformed 'ping' payload: expected a JSON object, got list"


def test_null_action_is_rejected() -> None:
    payload = load_example("issues", "opened")
    payload["action"] = None
    assert "action: input should be a valid string (got None)" in str(_error("issues", payload))


def test_unhandled_event() -> None:
    with pytest.raises(UnsupportedEventError, match="'check_suite' is not handled") as caught:
        parse_event("check_suite", {})
    assert caught.value.event_name == "check_suite"
    assert not isinstance(caught.value, PayloadError)


# --------------------------------------------------------------------------- payload builders


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return [node] if isinstance(node, str) else []


def _assert_retargeted(payload: dict[str, Any], repo: str = "octo-org/widgets") -> None:
    """No example repository or user survives; the builders keep every other key."""
    leftovers = [text for text in _strings(payload) if "Codertocat" in text or "Hello-World" in text]
    assert leftovers == []
    owner, name = repo.split("/")
    assert payload["repository"]["full_name"] == repo
    assert (payload["repository"]["name"], payload["repository"]["owner"]["login"]) == (name, owner)


def test_issue_payload_keeps_the_example_shape() -> None:
    payload = issue_payload(
        "opened", number=12, title="Plan", body="Do it", labels=["plan"], installation_id=7
    )
    assert set(payload) == set(load_example("issues", "opened")) | {"installation"}
    assert set(payload["issue"]) == set(load_example("issues", "opened")["issue"]) | {"state_reason"}
    _assert_retargeted(payload)
    event = parse_event("issues", payload)
    assert isinstance(event, IssuesEvent)
    assert (event.issue.number, event.issue.title, event.issue.body) == (12, "Plan", "Do it")
    assert event.issue.label_names == ("plan",)
    assert event.issue.html_url == "https://github.com/octo-org/widgets/issues/12"
    assert payload["issue"]["url"] == "https://api.github.com/repos/octo-org/widgets/issues/12"
    assert event.installation is not None and event.installation.id == 7
    assert event.sender.login == event.issue.user.login == "octocat"
    assert event.repository.default_branch == "main"


def test_closed_issue_payload() -> None:
    payload = issue_payload("closed", repo="acme/app", number=3, state_reason="not_planned", author="alice")
    _assert_retargeted(payload, "acme/app")
    event = parse_event("issues", payload)
    assert isinstance(event, IssuesEvent)
    assert (event.issue.state, event.issue.state_reason) == ("closed", "not_planned")
    assert payload["issue"]["closed_at"] is not None
    assert event.issue.user.login == "alice" and event.sender.login == "octocat"


def test_label_payloads_follow_github() -> None:
    added = parse_event("issues", issue_payload("labeled", labels=["plan"], label="status:ready"))
    removed = parse_event("issues", issue_payload("unlabeled", labels=["plan", "x"], label="x"))
    assert isinstance(added, IssuesEvent) and isinstance(removed, IssuesEvent)
    assert added.label is not None and added.label.name == "status:ready"
    assert added.issue.label_names == ("plan", "status:ready")
    assert removed.issue.label_names == ("plan",)
    with pytest.raises(ValueError, match="needs label="):
        issue_payload("labeled")


def test_issue_payload_with_changes_and_null_body() -> None:
    payload = issue_payload("edited", body=None, changes={"title": {"from": "Old"}})
    event = parse_event("issues", payload)
    assert isinstance(event, IssuesEvent)
    assert event.issue.body == ""
    assert event.changes is not None and event.changes.title is not None
    assert event.changes.title.previous == "Old"


def test_comment_payload_on_a_pull_request() -> None:
    payload = comment_payload(
        repo="acme/app", issue_number=8, comment_id=99, body="/status", sender="bob", is_pull_request=True
    )
    _assert_retargeted(payload, "acme/app")
    event = parse_event("issue_comment", payload)
    assert isinstance(event, IssueCommentEvent)
    assert event.issue.is_pull_request and event.issue.number == 8
    assert (event.comment.id, event.comment.body, event.comment.user.login) == (99, "/status", "bob")
    assert event.comment.html_url == "https://github.com/acme/app/pull/8#issuecomment-99"
    assert payload["comment"]["issue_url"] == "https://api.github.com/repos/acme/app/issues/8"
    assert "installation" not in payload


def test_comment_payload_on_a_sub_issue() -> None:
    payload = comment_payload(issue_body="<!-- coordinator:task parent=1 key=a -->", issue_labels=["agent:x"])
    event = parse_event("issue_comment", payload)
    assert isinstance(event, IssueCommentEvent)
    assert not event.issue.is_pull_request
    assert event.issue.body.startswith("<!-- coordinator:task")
    assert event.issue.label_names == ("agent:x",)


def test_merged_pull_payload() -> None:
    payload = pull_payload(
        "closed",
        number=5,
        body="Fixes #3",
        head_ref="task/3-parser",
        head_sha="a" * 40,
        merged=True,
        sender="carol",
    )
    _assert_retargeted(payload)
    event = parse_event("pull_request", payload)
    assert isinstance(event, PullRequestEvent)
    pull = event.pull_request
    assert event.number == pull.number == 5
    assert (pull.state, pull.merged) == ("closed", True)
    assert pull.merged_at is not None and pull.merge_commit_sha
    assert payload["pull_request"]["merged_by"]["login"] == "carol"
    assert (pull.head.ref, pull.head.sha, pull.base.ref) == ("task/3-parser", "a" * 40, "main")
    assert pull.html_url == "https://github.com/octo-org/widgets/pull/5"
    assert payload["pull_request"]["statuses_url"].endswith("/statuses/" + "a" * 40)


def test_unmerged_close_and_open_pull_payloads() -> None:
    closed = pull_payload("closed")["pull_request"]
    assert (closed["state"], closed["merged"]) == ("closed", False)
    assert closed["merged_at"] is None and closed["merged_by"] is None
    opened = pull_payload("opened", author="dave", sender="erin")["pull_request"]
    assert (opened["state"], opened["closed_at"], opened["user"]["login"]) == ("open", None, "dave")


def test_synchronize_and_draft_pull_payloads() -> None:
    synced = pull_payload("synchronize", head_sha="b" * 40)
    assert synced["after"] == "b" * 40
    assert pull_payload("converted_to_draft")["pull_request"]["draft"] is True
    assert pull_payload("ready_for_review", draft=False)["pull_request"]["draft"] is False


def test_builders_return_fresh_copies() -> None:
    first = load_example("issues", "opened")
    first["issue"]["title"] = "changed"
    assert load_example("issues", "opened")["issue"]["title"] != "changed"


def test_missing_example_is_explained() -> None:
    with pytest.raises(FileNotFoundError, match=r"issues/closed\.json"):
        load_example("issues", "closed")
    with pytest.raises(ValueError, match="pass one"):
        load_example("issues")


# --------------------------------------------------------------------------- signing


def test_sign_matches_hmac_sha256() -> None:
    body = b'{"zen": "Keep it logically awesome."}'
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert sign(body, "s3cret") == f"sha256={expected}"


def test_delivery_headers() -> None:
    body = encode(issue_payload("opened"))
    headers = delivery_headers("issues", body, "s3cret", delivery_id="fixed-id")
    assert headers == {
        "X-GitHub-Event": "issues",
        "X-GitHub-Delivery": "fixed-id",
        "X-Hub-Signature-256": sign(body, "s3cret"),
        "Content-Type": "application/json",
        "User-Agent": "GitHub-Hookshot/abc",
    }
    assert delivery_headers("issues", body, "s3cret")["X-GitHub-Delivery"] != headers["X-GitHub-Delivery"]


def test_delivery_round_trip() -> None:
    body, headers = delivery("pull_request", pull_payload("opened"), "s3cret")
    assert headers["X-Hub-Signature-256"] == sign(body, "s3cret")
    assert isinstance(parse_event(headers["X-GitHub-Event"], json.loads(body)), PullRequestEvent)
