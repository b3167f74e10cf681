"""The sufficiency check: each gap in a plan becomes one specific question instead of a guess."""

from __future__ import annotations

import textwrap

from bot.domain import PlanOutcome, Question
from bot.planning.rules import RulePlanner
from bot.planning.sufficiency import MAX_ITEMS


def ask(body: str, cap: int = 50) -> PlanOutcome:
    outcome = RulePlanner(cap=cap).plan("Plan", textwrap.dedent(body))
    assert not outcome.ready and outcome.plan is None
    return outcome


def test_no_actionable_tasks() -> None:
    (question,) = ask("We should make notifications better at some point.").questions
    assert question.about == "the plan"
    assert "could not find any actionable tasks" in question.text


def test_a_task_with_no_description() -> None:
    questions = ask("""
        - Webhooks
        - Implement the refund endpoint
          - refunds a charge
    """).questions
    assert questions == (
        Question(about="“Webhooks” (line 2)", text=questions[0].text),
    )
    assert "What should this task do?" in questions[0].text


def test_a_dependency_on_an_unknown_task_is_a_note_not_a_refusal() -> None:
    outcome = RulePlanner().plan("Plan", textwrap.dedent("""
        - Implement the refund endpoint (depends on #7)
          - refunds a charge
    """))
    assert outcome.plan is not None and outcome.plan.tasks[0].depends_on == ()
    assert any("“Implement the refund endpoint” (line 2) depends on “#7”, which is not a task" in note
               for note in outcome.notes)


def test_an_ambiguous_dependency_names_the_candidates_in_a_note() -> None:
    outcome = RulePlanner().plan("Plan", textwrap.dedent("""
        - Define the user schema
          - ok
        - Define the event schema
          - ok
        - Consumer worker, after: schema
          - ok
    """))
    assert outcome.ready
    assert any("matches several tasks (“Define the user schema”, “Define the event schema”)" in note
               for note in outcome.notes)


def test_a_dependency_cycle_is_named() -> None:
    (question,) = ask("""
        1. Schema (after: Consumer)
           - ok
        2. Queue: provision it
           - ok
        3. Consumer (depends on #1)
           - ok
    """).questions
    assert question.about == "schema → consumer → schema"
    assert "“Schema” → “Consumer” → “Schema”" in question.text


def test_a_task_depending_on_itself_is_a_cycle() -> None:
    (question,) = ask("""
        1. Schema work (depends on #1)
           - ok
    """).questions
    assert question.about == "schema-work → schema-work"


def test_every_cycle_is_reported_once() -> None:
    questions = ask("""
        1. Alpha task (depends on #2)
           - ok
        2. Beta task (depends on #1)
           - ok
        3. Gamma task (depends on #4)
           - ok
        4. Delta task (depends on #3)
           - ok
    """).questions
    assert [q.about for q in questions] == ["alpha-task → beta-task → alpha-task",
                                            "gamma-task → delta-task → gamma-task"]


def test_more_tasks_than_the_cap() -> None:
    body = "\n".join(f"- Implement feature number {n}\n  - works" for n in range(6))
    (question,) = ask(body, cap=5).questions
    assert question.about == "the plan"
    assert "6 open tasks, more than the limit of 5" in question.text


def test_thousands_of_finished_items_are_refused_before_they_are_ordered() -> None:
    """Finished work is not delegated, so the cap on open tasks lets it through; ordering it is not free."""
    done = "\n".join(f"- [x] Widget {n} done" for n in range(MAX_ITEMS + 1))
    body = f"## Tasks\n\n{done}\n- [ ] Ship the rest\n"
    (question,) = RulePlanner().plan("Widgets", body).questions
    assert f"lists {MAX_ITEMS + 2} tasks, finished ones included, more than the {MAX_ITEMS} I read" in question.text


def test_missing_acceptance_criteria_do_not_block_delegation() -> None:
    outcome = RulePlanner().plan("Refunds", textwrap.dedent("""
        - Implement the refund endpoint
        - Add the refunds table with a reason column
    """))
    assert outcome.ready


def test_plan_level_acceptance_criteria_are_enough() -> None:
    outcome = RulePlanner().plan("Refunds", textwrap.dedent("""
        - Implement the refund endpoint
        - Add the refunds table with a reason column

        ## Acceptance criteria
        - merchants can refund
    """))
    assert outcome.ready


def test_several_gaps_give_several_questions_each_naming_its_subject() -> None:
    outcome = ask("""
        - Webhooks
        - Email templates (after: Preferences)
        - #7
        - Better error handling
        - Use Redis, Memcached, etc. for the cache
    """)
    assert [q.about for q in outcome.questions] == [
        "“Webhooks” (line 2)",
        "“#7” (line 4)",
        "“Better error handling” (line 5)",
        "“Use Redis, Memcached, etc. for the cache” (line 6)",
    ]
    assert "only a reference to another issue" in outcome.questions[1].text
    assert "names a goal, not the work" in outcome.questions[2].text
    assert "leaves a choice open" in outcome.questions[3].text


def test_a_clear_plan_with_short_titles_and_no_criteria_is_delegated() -> None:
    outcome = RulePlanner().plan("Billing", textwrap.dedent("""
        - [ ] 1. Set up Stripe integration
        - [ ] 2. Write tests
        - [ ] 3. Add documentation
    """))
    assert outcome.ready, outcome.questions


def test_a_placeholder_item_is_asked_about() -> None:
    (question,) = ask("""
        ## Tasks
        - TBD (after the pricing workshop)
    """).questions
    assert "placeholder" in question.text


def test_an_unfilled_template_has_no_tasks() -> None:
    (question,) = ask("""
        ## Tasks

        - [ ]\x20
        - [ ]\x20

        ## Acceptance criteria

        <!-- How do we know it is done? -->
    """).questions
    assert "could not find any actionable tasks" in question.text
