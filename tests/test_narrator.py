"""The narrative review of the integration summary, through the real SDK against the fake Messages API."""

from __future__ import annotations

from bot.domain.coordination import CoordinationState
from bot.domain.plan import Plan
from bot.planning import RulePlanner
from bot.planning.narrator import ANSWER_TOKENS, make_narrator
from tests.fakes.anthropic_server import FakeAnthropic, Model, text_reply
from tests.fixtures.anthropic import claude_settings

PLAN = "- Create the users table [datatypes]\n  - email is unique\n"


def _planned() -> tuple[CoordinationState, Plan]:
    outcome = RulePlanner().plan("Login", PLAN)
    assert outcome.plan is not None
    return CoordinationState(repo="octo-org/widgets", parent_number=1, plan=outcome.plan), outcome.plan


def test_a_review_cut_off_at_max_tokens_keeps_only_whole_sentences(fake_anthropic: FakeAnthropic) -> None:
    long = "The users table landed. " + "It is thorough and careful " * 400
    fake_anthropic.push(text_reply(long))
    narrate = make_narrator(claude_settings(fake_anthropic))
    assert narrate is not None
    assert narrate(*_planned()) == "The users table landed."
    (request,) = fake_anthropic.requests
    assert request.body["max_tokens"] == ANSWER_TOKENS and request.body["thinking"] == {"type": "disabled"}


def test_a_model_that_always_thinks_gets_a_budget_and_its_text_is_kept(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.models["claude-test"] = Model(thinks=True, thinking_off=False)
    fake_anthropic.push(text_reply("Delivered. Check the index."))
    narrate = make_narrator(claude_settings(fake_anthropic))
    assert narrate is not None and narrate(*_planned()) == "Delivered. Check the index."
    assert [r.body.get("thinking") for r in fake_anthropic.requests] == [{"type": "disabled"}, None]
