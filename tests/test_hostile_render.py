"""What the bot posts is inert and within GitHub's limits, whatever text it is built from (issue #12, items 4, 5).

Every output the sanitiser serves is checked the way GitHub reads it: a CommonMark parser with
tables finds no live mention and no HTML but the bot's own; a table row keeps its cells; a Mermaid
label holds no character that could end it; a title holds no mention; nothing is over its cap.
Hypothesis builds the texts from the shapes that broke the sanitiser before: tab-indented lines
inside quotes, mentions glued to runs of backticks, raw HTML, entity-encoded @, backslash runs.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.domain import DEFAULT_ROLES, Plan, PlanOutcome, Question, Task
from bot.domain.coordination import CoordinationState
from bot.github_limits import BODY_CHARS
from bot.markers import comment_marker, parse_task_marker, task_marker
from bot.preview import render_outcome
from bot.render.questions import render_questions
from bot.render.roadmap import render_roadmap
from bot.render.subissue import PrerequisiteLink, render_subissue_body
from bot.render.text import (
    fit_body,
    marked_comment,
    mermaid_label,
    quote,
    safe_inline,
    safe_markdown,
    safe_title,
    table_cell,
)
from bot.testing.github import FakeGitHub
from tests.e2e import bot_comments, coordinate_by_label, open_plan_issue, post_command, reply_to
from tests.fixtures.app import BotHarness
from tests.inert import GFM, foreign_html, live_mentions

MENTION_START = re.compile(r"(?<![A-Za-z0-9_])@[A-Za-z0-9]")

FRAGMENTS = [
    "@alice", "@org/team", "a@b.c", "@a.@b", "_@c", "`", "``", "```", "````", "~~~", "\t", "    ", "  ", "\n",
    "\n\n", "> ", ">",
    "- ", "* ", "1. ", "- [ ] ", "# ", "<img src=x onerror=alert(1)>", "<b>", "</details>", "<details>",
    "<!--", "-->", "<!-- coordinator:roadmap -->", "&#64;", "&commat;", "&#x40;", "\\", "\\\\", "|", "*", "**",
    "_", "[", "](x)", "<https://e.com>", "x", "word", " ", "\u201c", '"', "#1", ":", "Acceptance:",
]
hostile_text = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))  # FUZZ_EXAMPLES=5000 for a longer hunt
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BIG = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_inert(markdown: str) -> None:
    assert live_mentions(markdown) == set(), markdown
    assert foreign_html(markdown) == [], markdown


def task(**fields: Any) -> Task:
    values: dict[str, Any] = {"key": "t", "title": "Build it", "agent": "datatypes", **fields}
    return Task.model_validate(values)


def body_of(one: Task, *others: Task) -> str:
    plan = Plan(title="P", tasks=(one, *others))
    links = [PrerequisiteLink(key=o.key, title=o.title) for o in others]
    return render_subissue_body(one, DEFAULT_ROLES.require(one.agent), plan, parent_number=7,
                                prerequisites=links, marker=task_marker(7, one.key))


# ------------------------------------------------------------------------------------- reproducers


def test_a_tab_indented_line_quoted_from_the_plan_stays_inert() -> None:
    """Item 4a: code in the plan, a paragraph inside `> `: the mention and the image were live."""
    body = body_of(task(excerpt='- Build it\n\n\t@bob <img src="https://example.com/p.png">'))
    assert_inert(body)
    assert_inert(quote('\t@bob <img src="https://example.com/p.png">'))


def test_code_after_an_escaped_html_block_that_becomes_prose_is_defused_too() -> None:
    """Escaping `<!--` turns an HTML block into a paragraph; the indented code after it then reads as
    that paragraph's continuation, so keeping it verbatim left its mention live (found by the fuzz)."""
    text = "<!--\\\n    @alice -->x\n    @alice again\n\n    code @bob"
    assert_inert(safe_markdown(text))
    assert safe_markdown(text).endswith("\n\n    code @bob")  # real code stays verbatim
    assert_inert(body_of(task(excerpt=text, description=text)))


@pytest.mark.parametrize("title", ["```x```@alice", "``x``@alice <b>", "@alice```x```", "x``` y ```@alice`"])
def test_a_mention_glued_to_a_multi_backtick_code_span_stays_inert(title: str) -> None:
    """Item 4b: the code span added around the mention merged with the plan's run of backticks."""
    one, other = task(key="a", title=title, depends_on=("b",)), task(key="b", title=title)
    assert_inert(body_of(one, other))
    state = CoordinationState(repo="o/r", parent_number=1, plan=Plan(title=title, tasks=(one, other)))
    assert_inert(render_roadmap(state, DEFAULT_ROLES))
    assert_inert(render_questions([Question(about=title, text=title)], [title]))
    assert_inert(render_outcome(PlanOutcome(plan=Plan(title=title, tasks=(other,))), DEFAULT_ROLES))
    assert "@alice" not in safe_title(title)


def test_escaping_cannot_push_the_clarification_over_the_limit() -> None:
    """Item 5: caps were applied before escaping; 31 such questions made a 103,740-character comment."""
    questions = [Question(about="</" * 100, text=f"depends on {'</' * 600}, which is not a task") for _ in range(31)]
    comment = render_questions(questions, ["</" * 400] * 100)
    assert len(marked_comment(comment_marker("clarification"), comment)) <= BODY_CHARS
    assert_inert(comment)


def fenced_plan(count: int) -> str:
    tasks = [{"title": "Build the first thing", "acceptance": "x"}]
    # one-word titles with nothing under them: each is a question (an unknown dependency is only a note)
    tasks += [{"title": "</" * 100 + f"{n}", "depends_on": "</" * 600} for n in range(count)]
    return "```json\n" + json.dumps({"tasks": tasks}) + "\n```\n"


@pytest.mark.timeout(120)
def test_the_45_kb_plan_gets_its_answer_and_dry_run_under_the_limit(bot: BotHarness, fake_github: FakeGitHub) -> None:
    """Item 5 end to end; whether the reader asks (then the 103,740-character clarification) or
    plans, everything posted is within the limit and GitHub refused nothing."""
    fake_github.set_permission("octo-org/widgets", "maintainer", "write")
    parent = open_plan_issue(fake_github, fenced_plan(30))
    coordinate_by_label(bot, parent)
    answers = [c for kind in ("clarification", "roadmap") for c in bot_comments(fake_github, parent["number"], kind)]
    assert answers and all(len(c["body"]) <= BODY_CHARS for c in answers)
    command = post_command(bot, parent, "/coordinate --dry-run\n/coordinate --dry-run\n/coordinate --dry-run")
    reply = reply_to(fake_github, parent["number"], command["id"])
    assert len(reply) <= BODY_CHARS and reply.count("Plan preview") >= 1, reply[-300:]
    assert fake_github.crashes == [] and [d for d in bot.delivery_outcomes() if d[1] == "failed"] == []


# ------------------------------------------------------------------------- properties, per output


@FUZZ
@given(hostile_text)
@example("<img src=x onerror=alert(1)>\n~~~")  # escaping the HTML block let the fence open
@example("\t@bob <img src=x>")
@example("```x```@alice")
def test_a_markdown_block_and_a_quote_are_inert_and_close_what_they_open(text: str) -> None:
    for out in (safe_markdown(text), quote(text)):
        assert "<!--" not in out
        assert_inert(out)
        follow = GFM.parse(out + "\n\nSENTINEL")
        assert any(t.type == "inline" and t.content == "SENTINEL" for t in follow), out


@FUZZ
@given(hostile_text, st.integers(min_value=0, max_value=300))
def test_inline_text_is_inert_wherever_it_is_put_and_within_its_cap(text: str, limit: int) -> None:
    inline = safe_inline(text, limit)
    assert len(inline) <= limit and "\n" not in inline and "<!--" not in inline
    for context in (f"- [ ] {inline}", f"**{inline}**", f"### {inline}", f"> {inline}", f"1. {inline} — #2"):
        assert_inert(context)


@FUZZ
@given(hostile_text, st.integers(min_value=0, max_value=300))
def test_a_table_cell_keeps_the_row_and_is_inert(text: str, limit: int) -> None:
    cell = table_cell(text, limit)
    assert len(cell) <= limit
    table = f"| a | b | c |\n|---|---|---|\n| 1 | {cell} | 3 |"
    assert_inert(table)
    cells = [t for t in GFM.parse(table) if t.type == "td_open"]
    assert len(cells) == 3


@FUZZ
@given(hostile_text)
def test_a_mermaid_label_and_a_title_cannot_break_out(text: str) -> None:
    label = mermaid_label(text)
    assert not set(re.sub(r"#\d+;", "", label)) & set('"[]()<>|`;%\n{}@')
    title = safe_title(text)
    assert len(title) <= 256 and "\n" not in title and MENTION_START.search(title) is None


@FUZZ
@given(hostile_text, hostile_text, st.lists(hostile_text, max_size=4))
def test_a_sub_issue_body_is_inert_has_one_marker_and_states_the_task_once(
    excerpt: str, title: str, items: list[str]
) -> None:
    one = task(title=title.strip() or "t", excerpt=excerpt, description=excerpt, acceptance_criteria=tuple(items),
               deliverables=tuple(items), depends_on=("u",))
    body = body_of(one, task(key="u", title=title.strip() or "u"))
    assert_inert(body)
    assert parse_task_marker(body) == (7, "t") and body.count("<!--") == 1
    lists = re.sub(r"### Task\n.*?(?=\n### |\n<!--)", "", body, flags=re.DOTALL)  # the author's own text aside
    assert "From the plan" not in body and "\n- \n" not in lists and "\n- [ ] \n" not in lists


# -------------------------------------------------------------------- near GitHub's 65,536 limit


@BIG
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12).map("".join).filter(bool))
@pytest.mark.timeout(120)
def test_hostile_text_near_the_limit_renders_inert_and_under_the_limit(unit: str) -> None:
    text = (unit * (BODY_CHARS // len(unit) + 1))[:BODY_CHARS]
    body = body_of(task(excerpt=text, description=text, acceptance_criteria=(text,) * 30, title="T"))
    assert len(body) <= BODY_CHARS and parse_task_marker(body) == (7, "t")
    assert_inert(body)
    comment = marked_comment(comment_marker("reply", "1"), safe_markdown(text) + "\n\n" + quote(text))
    assert len(comment) <= BODY_CHARS
    assert_inert(comment)


def test_fit_body_cuts_between_lines_and_closes_a_fence() -> None:
    body = "intro\n```\n" + "code line @a <b>\n" * 10_000
    fitted = fit_body(body)
    assert len(fitted) <= BODY_CHARS and fitted.endswith("did not fit in one GitHub comment.")
    assert "\n```\n\n… (truncated)" in fitted
