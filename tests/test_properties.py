"""Property-based tests where the others stop: the plan parser's invariants on any text, commands
that never hide mid-line, and the webhook endpoint under random bodies and headers.

tests/test_commands.py, tests/test_planning_*.py and tests/test_linking.py already fuzz the parsers
for crashes; here the plans are checked for what coordination relies on, and the endpoint is shown
to answer anything without a 5xx, to do nothing with an unverified body, and to queue only what
the handlers then process without an unexpected exception.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from prometheus_client.parser import text_string_to_metric_families

from bot.commands import parse_commands
from bot.domain import DEFAULT_ROLES
from bot.gateway import GitHubError
from bot.planning.rules import RulePlanner
from bot.testing.github import FakeGitHub
from bot.testing.payloads import comment_payload, issue_payload, load_example, pull_payload, sign
from tests.fixtures.app import SECRET, BotHarness
from tests.fixtures.github import REPO, TOKEN

CAP = 12

# --------------------------------------------------------------------------- the plan parser

_TITLES = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), min_size=1, max_size=40)


@st.composite
def plan_bodies(draw: st.DrawFn) -> str:
    """Task lists in the forms people write, with tags, checkboxes, criteria and references to
    other tasks by number or title, some of them dangling or circular."""
    titles = draw(st.lists(_TITLES, min_size=1, max_size=CAP + 3))
    lines = [draw(st.sampled_from(["", "## Tasks", "# Plan\n\nSome context.", "## Phase 1"]))]
    for index, title in enumerate(titles):
        bullet = draw(st.sampled_from(["- ", "- [ ] ", "* ", f"{index + 1}. ", "- [x] "]))
        tag = draw(st.sampled_from(["", *(f" [{slug}]" for slug in DEFAULT_ROLES.slugs), " (agent: nobody)"]))
        refs = draw(st.lists(st.integers(0, len(titles) + 1), max_size=2))
        after = ""
        if refs:
            named = [f"#{ref}" if draw(st.booleans()) or ref >= len(titles) else titles[ref] for ref in refs]
            after = f" (depends on: {', '.join(named)})"
        lines.append(f"{bullet}{title}{tag}{after}")
        lines += [f"  - {criterion}" for criterion in draw(st.lists(_TITLES, max_size=2))]
    return "\n".join(lines)


def assert_coordinatable(plan: Any) -> None:
    """What delegation assumes of a ready plan: unique keys, known agents, closed and acyclic."""
    keys = plan.keys
    assert 1 <= len(keys) <= CAP and len(set(keys)) == len(keys)
    assert {task.agent for task in plan.tasks} <= set(DEFAULT_ROLES.slugs)
    seen: set[str] = set()
    for phase in plan.phases():
        for key in phase.task_keys:
            assert set(plan.task(key).depends_on) <= seen, f"{key} depends on a later or unknown task"
        seen.update(phase.task_keys)
    assert seen == set(keys) and sorted(plan.ordered_keys()) == sorted(keys)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40), plan_bodies())
def test_a_ready_plan_is_always_coordinatable_and_otherwise_there_are_questions(title: str, body: str) -> None:
    outcome = RulePlanner(cap=CAP).plan(title, body)
    assert outcome.ready != bool(outcome.questions)
    if outcome.plan is not None:
        assert_coordinatable(outcome.plan)
    assert RulePlanner(cap=CAP).plan(title, body) == outcome  # the same text always plans the same


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40), st.text(max_size=2000))
def test_any_text_plans_or_asks(title: str, body: str) -> None:
    outcome = RulePlanner(cap=CAP).plan(title, body)
    assert outcome.ready != bool(outcome.questions)
    if outcome.plan is not None:
        assert_coordinatable(outcome.plan)


# --------------------------------------------------------------------------- the command parser


@given(st.lists(st.tuples(st.characters(whitelist_categories=("L", "N")),
                          st.text(st.characters(blacklist_characters="\r\n"), max_size=60)), max_size=6))
def test_a_command_in_the_middle_of_a_line_is_never_run(lines: list[tuple[str, str]]) -> None:
    """`please don't /cancel yet` is prose: only a line that starts with the command is one."""
    assert parse_commands("\n".join(first + rest + " /cancel" for first, rest in lines)) == []


# --------------------------------------------------------------------------- the webhook endpoint

_HEADER_VALUES = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)
_EVENTS = st.sampled_from(["issues", "issue_comment", "pull_request", "ping", "check_run", ""]) | _HEADER_VALUES
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
_EXAMPLES: list[tuple[str, dict[str, Any]]] = [
    ("issues", issue_payload("labeled", repo=REPO, label="bug")),
    ("issues", issue_payload("edited", repo=REPO, changes={"body": {"from": "old"}})),
    ("issues", issue_payload("closed", repo=REPO, state_reason="completed")),
    ("issue_comment", comment_payload("created", repo=REPO, body="/status")),
    ("pull_request", pull_payload("opened", repo=REPO, body="Closes #1")),
    ("pull_request", pull_payload("closed", repo=REPO, merged=True)),
    ("ping", load_example("ping")),
]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        items: Any = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key))


@st.composite
def mutated_deliveries(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real delivery aimed at the fake's repository, with a few fields removed or replaced."""
    event, payload = draw(st.sampled_from(_EXAMPLES))
    payload = copy.deepcopy(payload)
    paths = list(_paths(payload))
    for path in draw(st.lists(st.sampled_from(paths), max_size=3)):
        parent = payload
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()):
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(_JSON)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    return event, json.dumps(payload).encode()


_BODIES = st.binary(max_size=512) | _JSON.map(lambda value: json.dumps(value).encode())


class _Failures(logging.Handler):
    """Collects the exceptions deliveries failed with."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[BaseException] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.errors.append(record.exc_info[1])


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotHarness]:
    """One bot for every example (Hypothesis runs them all inside one test)."""
    with FakeGitHub(token=TOKEN) as fake:
        fake.add_repo(REPO)
        fake.add_issue(REPO, "Example issue")
        harness = BotHarness(fake, tmp_path_factory.mktemp("endpoint") / "coordinator.sqlite3")
        try:
            yield harness
        finally:
            harness.stop()


@pytest.fixture
def failures() -> Iterator[_Failures]:
    handler = _Failures()
    logger = logging.getLogger("bot")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _post(bot: BotHarness, body: bytes, headers: dict[str, str | None]) -> Any:
    sent = {name: value for name, value in headers.items() if value is not None}
    return bot.client.post("/webhook", data=body, headers={"Content-Type": "application/json", **sent})


def _counted(bot: BotHarness) -> dict[tuple[str, str], float]:
    text = bot.client.get("/metrics").get_data(as_text=True)
    return {
        (sample.labels["event"], sample.labels["outcome"]): sample.value
        for family in text_string_to_metric_families(text) if family.name == "coordinator_deliveries"
        for sample in family.samples if sample.name.endswith("_total")
    }


_FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_FUZZ
@given(
    body=_BODIES | mutated_deliveries().map(lambda delivery: delivery[1]),
    event=_EVENTS,
    delivery=st.none() | _HEADER_VALUES,
    signature=st.none() | _HEADER_VALUES | st.builds(lambda b: sign(b, "not-the-secret"), st.binary(max_size=64))
    | st.builds(lambda b: sign(b, SECRET), st.binary(min_size=1, max_size=64)),
)
def test_an_unverified_body_is_refused_and_never_worked_on(
    endpoint: BotHarness, body: bytes, event: str, delivery: str | None, signature: str | None
) -> None:
    assume(signature != sign(body, SECRET))  # a signature made for another body that is this one
    before = len(endpoint.fake.requests)
    response = _post(endpoint, body, {"X-GitHub-Event": event, "X-GitHub-Delivery": delivery,
                                      "X-Hub-Signature-256": signature})
    assert response.status_code == 401
    assert endpoint.queue.depth() == 0 and len(endpoint.fake.requests) == before
    assert {event for event, outcome in _counted(endpoint) if outcome == "rejected"} == {"-"}


@_FUZZ
@given(delivery=mutated_deliveries() | st.tuples(_EVENTS, _BODIES), guid=st.none() | _HEADER_VALUES)
def test_a_signed_body_of_any_shape_is_answered_without_a_5xx_and_handled_without_a_crash(
    endpoint: BotHarness, failures: _Failures, delivery: tuple[str, bytes], guid: str | None
) -> None:
    event, body = delivery
    response = _post(endpoint, body, {"X-GitHub-Event": event, "X-GitHub-Delivery": guid,
                                      "X-Hub-Signature-256": sign(body, SECRET)})
    endpoint.wait()
    assert response.status_code in (200, 202, 400), response.get_data()
    assert response.get_json()["outcome"] in ("queued", "duplicate", "ignored", "pong", "malformed")
    assert [error for error in failures.errors if not isinstance(error, GitHubError)] == []
    assert endpoint.client.get("/healthz").get_json()["worker"] is True


def test_json_nested_deeper_than_the_stack_is_malformed_not_a_crash(endpoint: BotHarness) -> None:
    for body in (b"[" * 100_000, b'{"a":' * 100_000):
        response = _post(endpoint, body, {"X-GitHub-Event": "issues", "X-Hub-Signature-256": sign(body, SECRET)})
        assert (response.status_code, response.get_json()["outcome"]) == (400, "malformed")


def test_metric_labels_do_not_grow_with_forged_event_names(endpoint: BotHarness) -> None:
    for n in range(50):
        _post(endpoint, b"{}", {"X-GitHub-Event": f"forged-{n}", "X-Hub-Signature-256": "sha256=00"})
    assert "forged" not in endpoint.client.get("/metrics").get_data(as_text=True)


def test_the_endpoint_fixture_reaches_the_fake(endpoint: BotHarness) -> None:
    """Guards the fuzzing above: a plain signed delivery from the examples is queued and processed."""
    body = json.dumps(_EXAMPLES[0][1]).encode()
    response = _post(endpoint, body, {"X-GitHub-Event": "issues", "X-GitHub-Delivery": "guard",
                                      "X-Hub-Signature-256": sign(body, SECRET)})
    endpoint.wait()
    assert response.get_json()["outcome"] == "queued"
    assert _counted(endpoint)[("issues", "processed")] >= 1
