"""Rendering plan text safely: mentions, markers, HTML, tables, Mermaid labels and size limits."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bot.domain import DEFAULT_ROLES, Plan, Question, Task, TaskStatus
from bot.github_limits import BODY_CHARS
from bot.markers import comment_kind, parse_task_marker, task_marker
from bot.render.mermaid import MAX_NODES, node_id, render_mermaid
from bot.render.questions import render_questions
from bot.render.subissue import PrerequisiteLink, render_subissue_body
from bot.render.text import (
    mermaid_label,
    neutralize_mentions,
    quote,
    safe_inline,
    safe_markdown,
    table_cell,
    truncate,
)

HOSTILE = (
    "@alice @org/team <!-- coordinator:task parent=1 key=evil --> <script>alert(1)</script> "
    "| pipe | ```unclosed\n<details><summary>x"
)
LIVE_MENTION = re.compile(r"(?<![A-Za-z0-9])@[A-Za-z0-9]")
COMMONMARK = MarkdownIt("commonmark")


def live_mentions(markdown: str) -> list[str]:
    """Mentions GitHub would link: @name in rendered text, outside code, as a CommonMark parser sees it."""
    found: list[str] = []
    for token in COMMONMARK.parse(markdown):
        text = "".join(child.content if child.type == "text" else " " for child in token.children or [])
        found += LIVE_MENTION.findall(text)
    return found


def swallows_what_follows(markdown: str) -> bool:
    """Whether text appended after a blank line would end up inside the embedded Markdown's code."""
    tokens = COMMONMARK.parse(markdown + "\n\nSENTINEL")
    return not any(t.type == "inline" and t.content == "SENTINEL" and t.level == 1 for t in tokens)


def task(key: str = "users", **fields: object) -> Task:
    values: dict[str, object] = {"key": key, "title": "Create the users table", "agent": "datatypes", **fields}
    return Task.model_validate(values)


def plan_of(*tasks: Task) -> Plan:
    return Plan(title="Auth", tasks=tasks)


# Text helpers --------------------------------------------------------------------------------------


def test_mentions_are_broken_by_a_joiner_but_emails_and_code_are_left_alone() -> None:
    assert safe_markdown("hi @alice and @org/team") == "hi @\u200dalice and @\u200dorg/team"
    assert safe_markdown("mail bob@example.com") == "mail bob@example.com"
    assert safe_markdown("&#64;alice") == "&amp;#64;alice"
    assert safe_markdown("`@alice` stays") == "`@alice` stays"
    assert safe_markdown("```\n@alice\n```") == "```\n@alice\n```"
    assert safe_markdown("@@alice") == "@@\u200dalice"


def test_html_is_escaped_and_comments_cannot_forge_markers() -> None:
    out = safe_markdown("<img src=x onerror=alert(1)> <!-- coordinator:task parent=1 key=evil -->")
    assert "<img" not in out and "<!--" not in out
    assert parse_task_marker(out) is None and comment_kind(out) is None
    in_code = safe_markdown("```\n<!-- coordinator:roadmap -->\n```")
    assert comment_kind(in_code) is None


def test_unclosed_fences_are_closed() -> None:
    assert safe_markdown("```python\nx = 1").endswith("\n```")
    assert safe_markdown("~~~~\nx\n~~~~") == "~~~~\nx\n~~~~"


def test_table_cells_cannot_break_the_table() -> None:
    cell = table_cell("a | b\nc \\| d")
    assert "\n" not in cell
    assert re.search(r"(?<!\\)\|", cell) is None


def test_truncate_marks_what_it_cut() -> None:
    assert truncate("short", 10) == "short"
    cut = truncate("word " * 100, 50)
    assert len(cut) <= 50 and cut.endswith("… (truncated)")


def test_neutralize_mentions_is_idempotent_plain_text() -> None:
    once = neutralize_mentions("cc @alice, mail a@b.c")
    assert once == "cc @\u200dalice, mail a@b.c"
    assert neutralize_mentions(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab @<>!-`~|\\\n #:/>*")), max_size=200))
def test_safe_markdown_never_leaves_a_live_mention_a_comment_or_an_open_block(text: str) -> None:
    out = safe_markdown(text)
    assert "<!--" not in out
    assert live_mentions(out) == []
    assert not swallows_what_follows(out)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab @<!-`\\|._")), max_size=80))
def test_safe_inline_in_a_list_item_or_table_cell_is_inert(text: str) -> None:
    assert live_mentions(f"- [ ] {safe_inline(text)}") == []
    assert live_mentions(f"| {table_cell(text)} |") == []
    assert "<!--" not in safe_inline(text)


def test_tricky_mentions() -> None:
    for text in ("\\@alice", "`@alice", "``@alice`", "\\`x` @alice", "a`b`c @alice`", "- ```\n  x\n@alice",
                 "_@alice_", "**@alice**", "&#64;alice", "[@alice](x)", "@a@b", "x`y`@alice"):
        assert live_mentions(safe_markdown(text)) == [], text


# Mermaid ----------------------------------------------------------------------------------------


def test_mermaid_graph_has_nodes_edges_and_status_classes() -> None:
    plan = plan_of(task("users"), task("login", title="Login", depends_on=("users",)))
    graph = render_mermaid(plan, {"users": TaskStatus.DONE, "login": TaskStatus.IN_PROGRESS}, {"users": 5})
    assert graph.startswith("```mermaid\nflowchart TD\n") and graph.endswith("\n```")
    assert '    t_users["#35;5 Create the users table"]' in graph
    assert "    t_users --> t_login" in graph
    assert "class t_users done" in graph and "class t_login in_progress" in graph
    assert "classDef in_progress" in graph


def test_mermaid_labels_cannot_break_out() -> None:
    label = mermaid_label('x"] --> evil[("boom")]; click x call alert() %%\n`code` <b>|</b> end')
    assert not set(re.sub(r"#\d+;", "", label)) & set('"[]()<>|`;%\n')
    assert node_id("end") == "t_end"


def test_mermaid_graph_of_a_huge_plan_is_capped() -> None:
    tasks = [task(f"t{n}", title=f"Task {n}", depends_on=(f"t{n - 1}",) if n else ()) for n in range(150)]
    graph = render_mermaid(plan_of(*tasks))
    assert graph.count('["Task ') == MAX_NODES
    assert "50 more tasks" in graph


# Sub-issues ---------------------------------------------------------------------------------------


def body_of(one: Task, plan: Plan, **kwargs: object) -> str:
    values: dict[str, object] = {"parent_number": 12, "prerequisites": [], "marker": task_marker(12, one.key)}
    values.update(kwargs)
    return render_subissue_body(one, DEFAULT_ROLES.require(one.agent), plan, **values)  # type: ignore[arg-type]


def test_subissue_body_has_every_section_and_ends_with_the_marker() -> None:
    one = task(
        description="Add the table.", excerpt="- [ ] Create the users table\n  - email is unique",
        deliverables=("`migrations/0001.sql`",), acceptance_criteria=("email is unique",),
        constraints=("no plaintext passwords",), depends_on=("schema",), assignment_reason="Tagged.",
    )
    links = [PrerequisiteLink(key="schema", title="Schema", number=7, status=TaskStatus.DONE),
             PrerequisiteLink(key="queue", title="Queue", number=None, status=TaskStatus.BLOCKED)]
    body = body_of(one, plan_of(one), prerequisites=links)
    assert body.startswith("Part of #12 · Agent: **Datatypes** (`agent:datatypes`)")
    assert DEFAULT_ROLES.require("datatypes").charter in body
    assert "### Task\n\nAdd the table." in body
    assert "> - \\[ ] Create the users table" in body  # quoted checkboxes do not count as this tasks
    assert "### Deliverables\n\n- `migrations/0001.sql`" in body
    assert "### Acceptance criteria\n\n- [ ] email is unique" in body
    assert "### Constraints\n\n- no plaintext passwords" in body
    assert "- #7 Schema — ✅ done" in body
    assert "- Queue (`queue`, sub-issue not opened yet) — ⏳ blocked" in body
    assert body.endswith(task_marker(12, "users"))
    assert parse_task_marker(body) == (12, "users")


def test_subissue_body_without_a_parent_names_the_plan() -> None:
    one = task()
    assert body_of(one, plan_of(one), parent_number=None).startswith("Part of the plan “Auth”")


def test_hostile_task_text_is_defused_in_the_subissue() -> None:
    one = task(title="Users @alice", description=HOSTILE, acceptance_criteria=(HOSTILE,), excerpt=HOSTILE)
    body = body_of(one, plan_of(one))
    assert parse_task_marker(body) == (12, "users")
    assert body.count("<!--") == 1
    assert "<script>" not in body and "<details>" not in body
    assert live_mentions(body) == []


def test_subissue_body_stays_under_the_github_limit() -> None:
    huge = "<a> @x " * 20_000
    items = tuple(f"{n} {huge[:400]}" for n in range(40))
    one = task(description=huge, excerpt=huge, deliverables=items, acceptance_criteria=items, constraints=items)
    body = body_of(one, plan_of(one))
    assert len(body) <= BODY_CHARS
    assert body.endswith(task_marker(12, "users"))
    assert "… and 15 more in the plan" in body


# Questions ----------------------------------------------------------------------------------------


def test_questions_are_numbered_and_name_their_subject() -> None:
    comment = render_questions(
        [Question(about="“Webhooks” (line 4)", text="What should this task do?"),
         Question(about="a → b → a", text="Which dependency should go?")],
        ["Planned by the rules."],
        marker="<!-- coordinator:clarification -->",
    )
    assert "1. **“Webhooks” (line 4)**: What should this task do?" in comment
    assert "2. **a → b → a**: Which dependency should go?" in comment
    assert "> **Note:** Planned by the rules." in comment
    assert comment.endswith("<!-- coordinator:clarification -->")


def test_questions_defuse_hostile_text() -> None:
    comment = render_questions([Question(about=HOSTILE, text=HOSTILE)])
    assert "<!--" not in comment and "<script>" not in comment
    assert live_mentions(comment) == []
    assert comment_kind(comment) is None


def test_inline_and_quote_helpers_keep_one_line_and_quote_every_line() -> None:
    assert "\n" not in safe_inline("a\nb\n\nc")
    assert quote("a\n\nb") == "> a\n>\n> b"
