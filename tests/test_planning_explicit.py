"""Explicit plans: a fenced yaml/json block wins over prose, and its problems become questions."""

from __future__ import annotations

import json
import textwrap

from bot.domain import DEFAULT_ROLES
from bot.planning.markdown import parse_markdown
from bot.planning.phrases import RoleNames
from bot.planning.rules import RulePlanner

YAML_PLAN = """\
Intro paragraph that becomes the summary.

- This bullet is ignored because the yaml block below is the plan

```yaml
acceptance_criteria: [Invoices are ready on the 1st]
constraints: Never log card numbers
tasks:
  - id: event-schema
    title: Usage event schema
    owner: datatypes
    description: Avro schema for usage events
    deliverables: schemas/usage.avsc
    acceptance: [every field documented]
  - title: Aggregate usage
    agent: feature-implementation
    depends_on: [event-schema]
    done_when:
      - duplicates counted once
  - key: 7
    title: Unit tests for aggregation
    requires: Aggregate usage
    acceptance_criteria: [tier boundaries covered]
```
"""


def test_yaml_block_is_the_plan_with_synonyms_and_explicit_keys() -> None:
    outcome = RulePlanner().plan("Billing", YAML_PLAN)
    assert outcome.plan is not None, outcome.questions
    plan = outcome.plan
    assert plan.keys == ["event-schema", "aggregate-usage", "7"]
    first, second, third = plan.tasks
    assert first.agent == "datatypes"
    assert first.assignment_reason == "Set to “datatypes” in the plan's data block."
    assert first.deliverables == ("schemas/usage.avsc",)
    assert first.acceptance_criteria == ("every field documented",)
    assert first.constraints == ("Never log card numbers",)
    assert second.depends_on == ("event-schema",)
    assert second.acceptance_criteria == ("duplicates counted once",)
    assert third.depends_on == ("aggregate-usage",)
    assert third.agent == "unit-testing"
    assert plan.acceptance_criteria == ("Invoices are ready on the 1st",)
    assert plan.summary == "Intro paragraph that becomes the summary."
    assert any("yaml block at line 5" in note for note in outcome.notes)


def test_yaml_tasks_know_their_lines_and_excerpts() -> None:
    drafts = parse_markdown(YAML_PLAN, RoleNames(DEFAULT_ROLES)).drafts
    lines = YAML_PLAN.split("\n")
    assert [lines[d.line - 1].strip() for d in drafts if d.line] == [
        "- id: event-schema", "- title: Aggregate usage", "- key: 7"
    ]
    assert "title: Usage event schema" in drafts[0].excerpt


def test_json_block_and_a_bare_list_of_tasks() -> None:
    tasks = [
        {"title": "Define the refund model", "acceptance_criteria": ["has a reason"]},
        {"title": "Implement the refund endpoint", "depends_on": [1], "acceptance_criteria": ["works"]},
    ]
    body = f"```json\n{json.dumps(tasks)}\n```"
    outcome = RulePlanner().plan("Refunds", body)
    assert outcome.plan is not None, outcome.questions
    assert outcome.plan.tasks[1].depends_on == ("define-the-refund-model",)
    assert outcome.plan.tasks[0].agent == "datatypes"  # untagged: the keyword scorer still decides


def test_numeric_ids_are_how_dependencies_refer_to_tasks() -> None:
    body = textwrap.dedent("""\
        ```yaml
        tasks:
          - {id: 10, title: Provision the queue, acceptance: [exists]}
          - {id: 20, title: Consume the queue, depends_on: [10], acceptance: [consumes]}
        ```
    """)
    plan = RulePlanner().plan("Queue", body).plan
    assert plan is not None
    assert plan.tasks[1].depends_on == ("10",)


def test_yaml_blocks_that_are_not_plans_are_left_alone() -> None:
    body = textwrap.dedent("""\
        - Configure the worker replicas
          ```yaml
          replicas: 3
          ```
    """)
    source = parse_markdown(body, RoleNames(DEFAULT_ROLES))
    assert [d.title for d in source.drafts] == ["Configure the worker replicas"]
    assert not source.problems


def test_unreadable_yaml_plan_becomes_a_question_naming_the_block() -> None:
    body = "Plan:\n\n```yaml\ntasks:\n  - title: [unclosed\n```\n"
    outcome = RulePlanner().plan("Broken", body)
    assert not outcome.ready
    assert outcome.questions[0].about == "the yaml block at line 3"
    assert "could not be read" in outcome.questions[0].text


def test_wrong_fields_become_a_question_listing_them() -> None:
    body = "```yaml\ntasks:\n  - title: Do it\n    dependson: [x]\n```\n"
    outcome = RulePlanner().plan("Typo", body)
    assert not outcome.ready
    assert "tasks.0.dependson" in outcome.questions[0].text


def test_yaml_aliases_are_refused() -> None:
    body = "```yaml\nbase: &b {title: Shared}\ntasks:\n  - *b\n```\n"
    outcome = RulePlanner().plan("Aliases", body)
    assert not outcome.ready
    assert "aliases" in outcome.questions[0].text


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(8)]
    body = "```yaml\n" + "\n".join(lines) + "\ntasks: [*i]\n```\n"
    outcome = RulePlanner().plan("Laughs", body)
    assert not outcome.ready
    assert "aliases" in outcome.questions[0].text


def test_yaml_with_python_tags_is_not_executed() -> None:
    body = "```yaml\ntasks: !!python/object/apply:os.system ['echo pwned']\n```\n"
    outcome = RulePlanner().plan("Tags", body)
    assert not outcome.ready
    assert outcome.questions[0].about == "the yaml block at line 1"
