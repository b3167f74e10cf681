"""Every pattern outside bot/planning/ that sees user text, with the inputs that would make it super-linear.

Shared by the fuzz suite (tests/test_fuzz.py runs each near GitHub's 65,536-character limit under a
timeout) and the bench (bench/bench_patterns.py prints the time curve at 1K, 10K and 64K characters).
To cover another pattern (the plan reader's, say), append a `PatternCase`: a name, the function that
runs the pattern on one text, and a generator of a hostile text of about `n` characters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.commands import parse_commands
from bot.domain import DEFAULT_ROLES, Plan, Task
from bot.domain.coverage import _WORD as COVERAGE_WORD
from bot.linking import branch_task_number, linked_issue_numbers
from bot.markers import comment_kind, parse_group_marker, parse_task_marker
from bot.observability import redact
from bot.payload_guard import nesting_too_deep
from bot.render.subissue import render_subissue_body
from bot.render.text import (
    mermaid_label,
    neutralize_mentions,
    quote,
    safe_inline,
    safe_markdown,
    table_cell,
    truncate,
)


@dataclass(frozen=True)
class PatternCase:
    name: str
    run: Callable[[str], object]
    make: Callable[[int], str]


def _repeat(unit: str, n: int, prefix: str = "", suffix: str = "") -> str:
    return prefix + unit * max((n - len(prefix) - len(suffix)) // len(unit), 1) + suffix


def _subissue_body(text: str) -> object:
    task = Task(key="t", title="T", agent="datatypes", excerpt=text, description=text)
    return render_subissue_body(task, DEFAULT_ROLES.require("datatypes"), Plan(title="P", tasks=(task,)),
                                parent_number=1, prerequisites=[], marker="<!-- coordinator:task parent=1 key=t -->")


def _payload_depth(text: str) -> object:
    return nesting_too_deep(text.encode())


PATTERN_CASES: list[PatternCase] = [
    PatternCase("markers.comment_kind: open marker, spaces", comment_kind,
                lambda n: _repeat(" ", n, "/status\n\n<!-- coordinator:x ")),
    PatternCase("markers.comment_kind: many open markers", comment_kind, lambda n: _repeat("<!-- coordinator:x", n)),
    PatternCase("markers.parse_task_marker: dashes", parse_task_marker,
                lambda n: _repeat("-", n, "<!-- coordinator:task parent=1 key=a")),
    PatternCase("markers.parse_group_marker: digits", parse_group_marker,
                lambda n: _repeat("1", n, "<!-- coordinator:group parent=1 index=")),
    PatternCase("commands: unclosed curly quotes", parse_commands, lambda n: _repeat("\u201c ", n, "/assign ")),
    PatternCase("commands: unclosed straight quotes", parse_commands, lambda n: _repeat('" \' ', n, "/assign ")),
    PatternCase("commands: spaces after a command", parse_commands, lambda n: _repeat(" ", n, "/assign", "!")),
    PatternCase("commands: emphasis runs", parse_commands, lambda n: _repeat("*a **a ", n, "/status\n")),
    PatternCase("commands: brackets", parse_commands, lambda n: _repeat("[", n, "/status\n")),
    PatternCase("commands: many lines", parse_commands, lambda n: _repeat("/skip x\n", n)),
    PatternCase("redact: private key headers", redact, lambda n: _repeat("-----BEGIN PRIVATE KEY-----", n)),
    PatternCase("redact: token and spaces", redact, lambda n: _repeat(" ", n, "token:")),
    PatternCase("redact: bearer and spaces", redact, lambda n: _repeat(" ", n, "Authorization: token")),
    PatternCase("linking: keyword and spaces", lambda t: linked_issue_numbers(t, t, "main", "o/r"),
                lambda n: _repeat(" ", n, "fixes")),
    PatternCase("linking: keyword and a long word", lambda t: linked_issue_numbers(t, t, "main", "o/r"),
                lambda n: _repeat("fixes a", n)),
    PatternCase("linking: branch name", branch_task_number, lambda n: _repeat("-", n, "task/1")),
    PatternCase("coverage: words", COVERAGE_WORD.findall, lambda n: _repeat("a ", n)),
    PatternCase("text.safe_markdown: backslashes", safe_markdown, lambda n: _repeat("\\", n, "", "@a")),
    PatternCase("text.safe_markdown: backtick runs", safe_markdown, lambda n: _repeat("`` ` ", n)),
    PatternCase("text.safe_markdown: mention runs", safe_markdown, lambda n: _repeat("@a.", n)),
    PatternCase("text.safe_markdown: tags", safe_markdown, lambda n: _repeat("<a", n)),
    PatternCase("text.safe_markdown: nested lists", safe_markdown, lambda n: _repeat("- ", n)),
    PatternCase("text.safe_markdown: nested quotes", safe_markdown, lambda n: _repeat(">", n)),
    PatternCase("text.safe_markdown: emphasis", safe_markdown, lambda n: _repeat("*a **a ", n)),
    PatternCase("text.quote: tab-indented lines", quote, lambda n: _repeat("\t@bob <img src=x>\n", n)),
    PatternCase("text.safe_inline: spaces", lambda t: safe_inline(t, 70_000), lambda n: _repeat(" \t", n)),
    PatternCase("text.table_cell: backslashes", lambda t: table_cell(t, 70_000), lambda n: _repeat("\\", n)),
    PatternCase("text.neutralize_mentions: dots", neutralize_mentions, lambda n: _repeat(".", n, "@a")),
    PatternCase("text.truncate: no spaces", lambda t: truncate(t, len(t) // 2), lambda n: _repeat("x", n)),
    PatternCase("text.mermaid_label: control characters", lambda t: mermaid_label(t, 70_000),
                lambda n: _repeat("\x01#", n)),
    PatternCase("render.subissue: blank lines", _subissue_body, lambda n: _repeat("\n", n, "- [ ] x")),
    PatternCase("render.subissue: checkboxes and labels", _subissue_body, lambda n: _repeat("- [ ] **A:**\n", n)),
    PatternCase("intake: nested arrays", _payload_depth, lambda n: '{"x": ' + "[" * (n // 2) + "]" * (n // 2) + "}"),
    PatternCase("intake: nesting inside strings", _payload_depth, lambda n: _repeat('"[\\"', n, "[", "]")),
]
