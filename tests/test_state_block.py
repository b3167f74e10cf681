"""The roadmap's hidden state block (action mode): invisible, round-trips, bounded, and distrusted."""

from __future__ import annotations

import base64
import json
import zlib

from markdown_it import MarkdownIt

from bot.domain.bookkeeping import CommentKind, Intent
from bot.domain.coordination import CoordinationState, PullLink, TaskState
from bot.domain.roles import DEFAULT_ROLES
from bot.domain.status import TaskStatus
from bot.github_limits import BODY_CHARS as MAX_BODY
from bot.planning.rules import RulePlanner
from bot.render.roadmap import render_roadmap
from bot.render.text import marked_comment
from bot.state_block import MAX_JSON, read_block, state_block, strip_block
from tests.e2e import generated_plan

REPO = "octo-org/widgets"


def _state(tasks: int = 3) -> CoordinationState:
    plan = RulePlanner(cap=500).plan("Checkout", generated_plan(tasks)).plan
    assert plan is not None
    state = CoordinationState(repo=REPO, parent_number=7, plan=plan)
    for number, key in enumerate(plan.keys, start=100):
        state.tasks[key] = TaskState(key=key, issue_number=number, issue_id=number * 1000, attached=True,
                                     status=TaskStatus.DONE, pulls=[PullLink(number=number + 500, state="merged")])
    state.sent += [Intent.parse("handover:x"), Intent.parse("reply:12")]
    state.comments[CommentKind.ROADMAP] = 55
    state.rendered.update({CommentKind.ROADMAP: "aaaa", CommentKind.SUMMARY: "bbbb"})
    return state


def test_the_block_round_trips_what_the_markers_cannot_tell() -> None:
    state = _state()
    kept = read_block("roadmap text" + state_block(state, 60_000), REPO, 7)
    assert kept is not None
    assert kept.plan == state.plan and kept.tasks == state.tasks and kept.sent == state.sent
    assert kept.started_at == state.started_at
    assert kept.comments == {} and kept.rendered == {"summary": "bbbb"}  # ids come from markers; see state_block


def test_the_roadmap_looks_the_same_with_the_block() -> None:
    """Only `render_roadmap(..., with_state=True)` adds it (action mode), as one trailing HTML comment."""
    state, roles = _state(), DEFAULT_ROLES
    plain, with_state = render_roadmap(state, roles), render_roadmap(state, roles, with_state=True)
    assert with_state.startswith(plain) and strip_block(with_state) == plain
    block = with_state[len(plain):]
    assert block.startswith("\n<!-- coordinator-state v1 ") and block.endswith(" -->") and block.count("\n") == 1
    markdown = MarkdownIt("commonmark")
    assert markdown.render(with_state) == markdown.render(plain) + block.lstrip("\n")  # a bare HTML comment


def test_a_big_plan_still_fits_in_one_comment() -> None:
    """The plan is the first thing left out (the parent issue has it), then the record of sent comments."""
    state = _state(400)
    body = marked_comment("<!-- coordinator:roadmap -->", render_roadmap(state, DEFAULT_ROLES, with_state=True))
    assert len(body) <= MAX_BODY
    kept = read_block(body, REPO, 7)
    assert kept is not None and set(kept.tasks) == set(state.tasks)
    assert kept.plan is None  # read again from the parent issue by the next run


def test_no_room_means_no_block() -> None:
    assert state_block(_state(), 10) == ""


def test_a_block_for_another_issue_or_repository_is_refused() -> None:
    block = state_block(_state(), 60_000)
    assert read_block(block, REPO, 8) is None
    assert read_block(block, "octo-org/other", 7) is None
    assert read_block(block, REPO.upper(), 7) is not None


def _raw(data: bytes) -> str:
    return f"\n<!-- coordinator-state v1 {base64.b64encode(zlib.compress(data)).decode()} -->"


def test_anything_but_a_valid_state_is_ignored() -> None:
    for body in ("", "no block", _raw(b"not json"), _raw(b'{"repo": 1}'), _raw(json.dumps([1]).encode()),
                 "\n<!-- coordinator-state v1 !!!! -->", "\n<!-- coordinator-state v1 AAAA -->",
                 "\n<!-- coordinator-state v9 " + state_block(_state(), 60_000).split(" ")[3] + " -->"):
        assert read_block(body, REPO, 7) is None, body[:60]


def test_a_decompression_bomb_is_not_inflated() -> None:
    bomb = _raw(b"{" + b" " * (MAX_JSON + 10) + b"}")
    assert len(bomb) < 20_000
    assert read_block(bomb, REPO, 7) is None


def test_the_block_must_close_the_comment() -> None:
    """A block pasted in the middle of the text is not the bot's (the bot always ends the roadmap with it)."""
    block = state_block(_state(), 60_000)
    assert read_block(block + "\nmore text", REPO, 7) is None
