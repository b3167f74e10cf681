"""The typed bookkeeping keeps the persisted form: a coordination saved by an older version loads,
and saves again as the same JSON where nothing changed."""

from __future__ import annotations

import json

from bot.domain.bookkeeping import CommentKind, Intent, Problem, ProblemKind
from bot.domain.coordination import CoordinationState, PullState

OLD_DOCUMENT = {
    "repo": "o/r", "parent_number": 1, "comments": {"roadmap": 11, "clarification": 12},
    "rendered": {"roadmap": "abc"}, "pending_comments": ["summary", "handover:api"],
    "sent": ["handover:api", "handover:api.1", "unblocked:db", "review-aid:7.api", "reply:99"],
    "problems": ["GitHub refused a request (GitHub 500); the work is not finished.", "GitHub refused to assign x"],
    "tasks": {"api": {"key": "api", "pulls": [{"number": 7, "state": "merged"}]}},
}


def test_a_document_written_by_the_old_code_loads_typed() -> None:
    state = CoordinationState.model_validate(OLD_DOCUMENT)
    assert state.comments[CommentKind.ROADMAP] == 11
    assert state.pending_comments == [Intent(CommentKind.SUMMARY), Intent.handover("api")]
    assert Intent.review_aid(7, "api") in state.sent and Intent.reply(99) in state.sent
    assert state.handover_attempts("api") == 2
    assert [problem.kind for problem in state.problems] == [ProblemKind.UNFINISHED, ProblemKind.NOTICE]
    assert state.tasks["api"].pulls[0].state is PullState.MERGED


def test_intents_comment_kinds_and_pull_states_are_saved_as_before() -> None:
    saved = json.loads(CoordinationState.model_validate(OLD_DOCUMENT).model_dump_json())
    for field in ("comments", "rendered", "pending_comments", "sent"):
        assert saved[field] == OLD_DOCUMENT[field]
    assert saved["tasks"]["api"]["pulls"][0]["state"] == "merged"


def test_withdrawing_the_unfinished_notes_keeps_the_others() -> None:
    state = CoordinationState.model_validate(OLD_DOCUMENT)
    assert state.withdraw(ProblemKind.UNFINISHED) and not state.withdraw(ProblemKind.UNFINISHED)
    assert state.problems == [Problem(kind=ProblemKind.NOTICE, text="GitHub refused to assign x")]
