"""Pathological signed payloads get a cheap 400, never a 500 (issue #12, items 8 and 9)."""

from __future__ import annotations

import json

import pytest

from bot.payload_guard import MAX_DEPTH, nesting_too_deep, oversized_list
from bot.testing.github import FakeGitHub
from bot.testing.payloads import load_example, sign
from tests.e2e import label_event, open_plan_issue, plan_text
from tests.fixtures.app import SECRET, BotHarness


def _post(bot: BotHarness, event: str, body: bytes) -> tuple[int, str]:
    headers = {"Content-Type": "application/json", "X-GitHub-Delivery": "d-hostile", "X-GitHub-Event": event,
               "X-Hub-Signature-256": sign(body, SECRET)}
    response = bot.client.post("/webhook", data=body, headers=headers)
    bot.wait()
    return response.status_code, str((response.get_json() or {}).get("detail", ""))


def test_a_deeply_nested_extra_field_is_400_not_500(bot: BotHarness, fake_github: FakeGitHub) -> None:
    """Item 8: it parsed, then storing the delivery raised RecursionError."""
    payload = label_event(open_plan_issue(fake_github, plan_text("auth")))
    body = json.dumps(payload).encode()[:-1] + b', "x": ' + b"[" * 974 + b"]" * 974 + b"}"
    assert _post(bot, "issues", body) == (400, f"body nests deeper than {MAX_DEPTH} levels")
    assert fake_github.sub_issues("octo-org/widgets", payload["issue"]["number"]) == []


@pytest.mark.timeout(30)
def test_a_million_wrong_labels_is_a_quick_400(bot: BotHarness) -> None:
    """Item 9: validation collected one error per item (8 s, 1.7 GB before its 400)."""
    payload = load_example("issues", "labeled")
    payload["issue"]["labels"] = [1] * 1_000_000
    status, detail = _post(bot, "issues", json.dumps(payload).encode())
    assert (status, detail) == (400, "issue.labels holds more than 1000 items")


def test_brackets_inside_strings_do_not_count(bot: BotHarness, fake_github: FakeGitHub) -> None:
    issue = open_plan_issue(fake_github, plan_text("auth") + "\n" + "[" * 5000 + '\\"{' * 100)
    assert _post(bot, "issues", json.dumps(label_event(issue)).encode())[0] == 202


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        (b'{"a": 1}', False),
        (b"[" * 64 + b"]" * 64, False),
        (b"[" * 65 + b"]" * 65, True),
        (b'{"a": ' * 65 + b"1" + b"}" * 65, True),
        (b"[[]," * 100 + b"[" * 61 + b"]" * 61 + b"]" * 100, True),  # wide, then deep
        (b'["' + b"[" * 100 + b'"]', False),
        (b'["\\"' + b"[" * 100 + b'"]', False),  # an escaped quote does not end the string
        (b'"' + b"[" * 100, False),  # unclosed: invalid JSON, for json.loads to report
    ],
)
def test_depth_is_measured_on_the_raw_text(text: bytes, deep: bool) -> None:
    assert nesting_too_deep(text) is deep


def test_list_sizes_are_found_at_any_depth_without_recursion() -> None:
    assert oversized_list({"a": [{"b": list(range(1001))}]}) == "a[0].b"
    assert oversized_list({"a": [[1] * 1000]}) is None
    deep: list[object] = []
    for _ in range(20_000):
        deep = [deep]
    assert oversized_list({"x": deep}) is None
