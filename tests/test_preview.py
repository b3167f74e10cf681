"""`coordinator plan FILE`: the offline preview of what the bot would do with a plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain import DEFAULT_ROLES, PlanOutcome
from bot.markers import parse_task_marker
from bot.planning import RulePlanner
from bot.preview import render_outcome, run_preview, split_document
from bot.settings import Settings
from tests.fakes.anthropic_server import FakeAnthropic, overloaded, plan_reply
from tests.fixtures.anthropic import claude_settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
READY = ["user-authentication.md", "payment-endpoint.md", "data-pipeline.md"]
NO_KEY = Settings(anthropic_api_key=None)


def test_there_are_at_least_four_example_plans() -> None:
    assert len([path for path in EXAMPLES.glob("*.md") if path.name != "README.md"]) >= 4
    assert (EXAMPLES / "underspecified.md").exists()


@pytest.mark.parametrize("name", READY)
def test_ready_examples_preview_every_section(name: str) -> None:
    text, status = run_preview(EXAMPLES / name, "rules", "markdown", NO_KEY)
    assert status == 0
    for heading in ("## Tasks", "## Why these agents", "## Phases", "## Dependency graph", "## Sub-issues"):
        assert heading in text
    assert "```mermaid\nflowchart TD" in text
    assert text.count("<!-- coordinator:task parent=0 key=") >= 4


def test_the_authentication_example_preview() -> None:
    text, _ = run_preview(EXAMPLES / "user-authentication.md", "rules", "markdown", NO_KEY)
    assert text.startswith("# Plan preview: Email and password login for the web app\n")
    assert "Planner: **rules** · 7 tasks in 6 phases · ready to delegate" in text
    assert "| 3 | Login endpoint (`login-endpoint`) | Feature Implementation | 1, 2 |" in text
    assert "- **Users and sessions tables**: Tagged “datatypes” in the plan." in text
    assert "### 3. Login endpoint → `agent:feature-implementation`" in text
    assert "- Session store (`session-store`, sub-issue not opened yet) — 🟢 ready" in text
    assert "@security-team" not in text.replace("`@security-team`", "")


def test_an_underspecified_plan_prints_questions_and_exits_2() -> None:
    text, status = run_preview(EXAMPLES / "underspecified.md", "rules", "markdown", NO_KEY)
    assert status == 2
    assert "### ❓ Before I split this plan into tasks" in text
    assert "1. **“Webhooks” (line 5)**: What should this task do?" in text  # line 5 of the file
    assert "## Sub-issues" not in text


def test_json_output_is_the_plan_outcome() -> None:
    text, status = run_preview(EXAMPLES / "payment-endpoint.md", "rules", "json", NO_KEY)
    outcome = PlanOutcome.model_validate_json(text)
    assert status == 0 and outcome.ready and outcome.plan is not None
    assert outcome.plan.keys[:2] == ["payment-data-model", "stripe-secrets-and-webhook-queue"]
    text, status = run_preview(EXAMPLES / "underspecified.md", "rules", "json", NO_KEY)
    assert status == 2 and PlanOutcome.model_validate_json(text).questions


def test_an_unreadable_file_exits_1(tmp_path: Path) -> None:
    text, status = run_preview(tmp_path / "missing.md", "rules", "markdown", NO_KEY)
    assert status == 1 and text.startswith("error: cannot read")


def test_claude_without_a_key_says_the_rules_stood_in() -> None:
    text, status = run_preview(EXAMPLES / "user-authentication.md", "claude", "markdown", NO_KEY)
    assert status == 0
    assert "ANTHROPIC_API_KEY is not set" in text


def test_claude_preview_through_the_fake_api(fake_anthropic: FakeAnthropic, tmp_path: Path) -> None:
    plan = tmp_path / "refunds.md"
    plan.write_text("# Refunds\n\n- Implement the refund endpoint\n  - refunds a charge\n")
    fake_anthropic.push(plan_reply({"tasks": [{
        "id": "refund", "title": "Implement the refund endpoint", "agent": "feature-implementation",
        "agent_reason": "It is an endpoint.", "acceptance_criteria": ["refunds a charge"],
    }]}), overloaded())
    text, status = run_preview(plan, "claude", "markdown", claude_settings(fake_anthropic, claude_retries=0))
    assert status == 0 and "Planner: **claude**" in text
    assert "Chosen by Claude: It is an endpoint." in text
    text, status = run_preview(plan, "claude", "markdown", claude_settings(fake_anthropic, claude_retries=0))
    assert status == 0 and "Planner: **rules**" in text and "HTTP 529 overloaded_error" in text


def test_sub_issue_bodies_are_fenced_so_their_markers_are_whole(tmp_path: Path) -> None:
    plan = tmp_path / "p.md"
    plan.write_text("- Implement the thing\n  - ````\n  - works\n")
    text, _ = run_preview(plan, "rules", "markdown", NO_KEY)
    assert "`````markdown\n" in text
    assert parse_task_marker(text) == (0, "implement-the-thing")


def test_split_document_takes_the_first_heading_as_the_title() -> None:
    assert split_document("# Title\nbody\n", "file") == ("Title", "\nbody\n")
    assert split_document("\ufeff# Title\nbody", "file") == ("Title", "\nbody")
    assert split_document("no heading", "File") == ("File", "no heading")


def test_the_comment_version_fits_in_a_github_comment_and_has_no_task_markers() -> None:
    body = "\n".join(f"- Implement the {'very ' * 30}long feature number {n} [feature-implementation]\n  - works"
                     for n in range(200))
    outcome = RulePlanner(cap=500).plan("Huge", body)
    comment = render_outcome(outcome, DEFAULT_ROLES)
    assert outcome.ready and len(comment) <= 65_536
    assert "| … | 50 more tasks | | |" in comment
    assert parse_task_marker(comment) is None
