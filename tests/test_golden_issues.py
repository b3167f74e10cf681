"""Golden files of sub-issue bodies, the parts of a large plan, clarifying questions and the
comments that follow the work: hand-over, unblocked, review aid."""

from __future__ import annotations

from bot.domain import Question, Task, TaskStatus
from bot.markers import group_marker, task_marker
from bot.render.groups import group_title, render_group_body
from bot.render.progress_notes import (
    PrerequisiteState,
    handover_comment,
    prerequisite_outputs_comment,
    review_aid_comment,
)
from bot.render.questions import render_questions
from bot.render.subissue import PrerequisiteLink, render_subissue_body
from tests.golden import Goldens
from tests.render_world import DATABASE, DEPLOY, ENDPOINTS, PARENT, PLAN, ROLES, SCHEMA, TESTS, finished, midway


def body(task: Task, prerequisites: list[PrerequisiteLink], *, parent: int | None = PARENT, limit: int = 65_536) -> str:
    return render_subissue_body(task, ROLES.require(task.agent), PLAN, parent_number=parent,
                                prerequisites=prerequisites, marker=task_marker(PARENT, task.key), limit=limit)


def test_sub_issue_with_every_section(golden: Goldens) -> None:
    golden.check("subissue/full", body(SCHEMA, []))


def test_sub_issue_with_prerequisites_opened_and_not_yet(golden: Goldens) -> None:
    links = [PrerequisiteLink(key="schema", title=SCHEMA.title, number=11, status=TaskStatus.DONE),
             PrerequisiteLink(key="database", title=DATABASE.title, status=TaskStatus.READY)]
    golden.check("subissue/prerequisites", body(ENDPOINTS, links))


def test_sub_issue_with_only_a_title_in_a_preview(golden: Goldens) -> None:
    bare = Task(key="bare", title="Tidy up the configuration", agent="feature-implementation")
    golden.check("subissue/bare", body(bare, [], parent=None))


def test_sub_issue_with_long_lists(golden: Goldens) -> None:
    long = TESTS.model_copy(update={"deliverables": tuple(f"tests/test_case_{n}.py" for n in range(1, 31))})
    golden.check("subissue/long-lists", body(long, []))


def test_sub_issue_too_long_for_github_is_shrunk(golden: Goldens) -> None:
    """The texts are halved until the body fits, then cut at a line: here under a lowered limit."""
    wordy = SCHEMA.model_copy(update={
        "description": "\n".join(f"Paragraph {n}: the model keeps emails unique and lower-case." for n in range(60)),
        "deliverables": tuple(f"deliverable {n} " + "with many words " * 20 for n in range(8)),
    })
    shrunk = body(wordy, [], limit=6_000)
    assert len(shrunk) <= 6_000 and len(body(wordy, [])) > 6_000
    golden.check("subissue/shrunk", shrunk)


def test_part_of_a_large_plan(golden: Goldens) -> None:
    title = group_title(PLAN.title, 1)
    golden.check("subissue/part", f"{title}\n\n{render_group_body(PARENT, 1, PLAN.title, group_marker(PARENT, 1))}")


def test_clarifying_questions(golden: Goldens) -> None:
    questions = [Question(about="Write unit tests for signup and login", text="Which agent should own this task?"),
                 Question(about="line 12", text="`depends on: the API` names no task; which one is meant?"),
                 Question(about="cycle", text="schema → endpoints → schema: which one comes first?")]
    notes = ["The Claude planner was unavailable; the rule-based planner stood in."]
    golden.check("questions/three", render_questions(questions, notes, marker="<!-- coordinator:clarification -->"))


def test_clarifying_questions_beyond_the_caps(golden: Goldens) -> None:
    questions = [Question(about=f"Task {n}", text=f"What does task {n} deliver?") for n in range(1, 33)]
    notes = [f"Note {n}: inferred from the wording." for n in range(1, 23)]
    golden.check("questions/capped", render_questions(questions, notes))


def test_handover(golden: Goldens) -> None:
    golden.check("comments/handover", handover_comment(ROLES.require("datatypes"), SCHEMA, PARENT))


def test_unblocked_with_what_the_prerequisites_produced(golden: Goldens) -> None:
    done = finished(skipped=("database",))
    done.tasks["schema"].pulls[0].files.extend(f"models/extra_{n}.py" for n in range(20))
    done.tasks["unit-tests"].pulls = []  # closed by hand
    outputs = [(PLAN.task(key), done.tasks[key]) for key in ("schema", "database", "unit-tests")]
    golden.check("comments/unblocked", prerequisite_outputs_comment(outputs))


def test_review_aid_while_prerequisites_are_unfinished(golden: Goldens) -> None:
    current = midway()
    prerequisites = [PrerequisiteState(PLAN.task(key), current.tasks.get(key), current.status_of(key))
                     for key in ("endpoints",)]
    golden.check("comments/review-aid-waiting",
                 review_aid_comment(TESTS, 14, prerequisites, "coordinator/dependencies"))


def test_review_aid_with_prerequisites_finished_and_none(golden: Goldens) -> None:
    current = midway()
    prerequisites = [PrerequisiteState(PLAN.task(key), current.tasks.get(key), current.status_of(key))
                     for key in ("schema", "database")]
    finished_text = review_aid_comment(ENDPOINTS, 13, prerequisites, "coordinator/dependencies")
    bare = DEPLOY.model_copy(update={"acceptance_criteria": ()})
    golden.check("comments/review-aid-ready", finished_text + "\n\n---\n\n" + review_aid_comment(bare, 15, [], "x"))
