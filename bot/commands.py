"""Slash commands in comments: the parser (the look-ups of their arguments are `bot.command_targets`).

A command is `/word` at the start of a line of ordinary paragraph text. The comment is parsed as
Markdown, so text in code blocks, inline code, block quotes, headings and HTML is never a
command: quoting someone's `/cancel` in a reply, or pasting a log, must not act on the plan.
Lines that merely start with a slash (`/usr/bin`, `/cc @x`, other bots' commands) are ignored;
only a near miss of a known command (`/stauts`) is reported, so a typo gets an answer instead of
silence. Nothing here does I/O: handlers decide what a command does, and where.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.github_limits import BODY_CHARS
from bot.render.text import code_span

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_COMMAND_LINE = re.compile(r"/([A-Za-z][A-Za-z-]*)(?:\s+(.*))?")
# "double", 'single' or “curly” quotes group words; anything else is split on spaces.
_CLOSING_QUOTE = {'"': '"', "'": "'", "\u201c": "\u201d"}
_WORD = re.compile(r"\S+")
_NOT_TEXT = "\x00"  # starts a line that began with markup, so it cannot match a command


@dataclass(frozen=True)
class CommandSpec:
    """One command: how to write it, what it does, and whether it changes anything.

    `params` name the arguments in order. The first takes the rest of the line (a task may be
    a title of several words) and may be left out, because on a sub-issue the task is implied;
    any later ones are single required words (`/assign`'s agent). `flags` are written `--name`.
    """

    name: str
    summary: str
    usage: str
    example: str
    mutates: bool
    params: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()


COMMANDS: dict[str, CommandSpec] = {
    spec.name: spec
    for spec in (
        CommandSpec(
            "coordinate",
            "Plan this issue and open one sub-issue per task. "
            "With `--dry-run`, show the plan without creating anything.",
            "/coordinate [--dry-run]",
            "/coordinate --dry-run",
            mutates=True,
            flags=frozenset({"dry-run"}),
        ),
        CommandSpec("status", "Show where every task stands.", "/status", "/status", mutates=False),
        CommandSpec(
            "replan",
            "Re-read the plan after it was edited and bring the sub-issues in line.",
            "/replan",
            "/replan",
            mutates=True,
        ),
        CommandSpec(
            "assign",
            "Hand a task to another agent.",
            "/assign <task> <agent>",
            "/assign #12 datatypes",
            mutates=True,
            params=("task", "agent"),
        ),
        CommandSpec(
            "retry",
            "Put a task back to work, for example after its pull request was closed unmerged.",
            "/retry <task>",
            "/retry #12",
            mutates=True,
            params=("task",),
        ),
        CommandSpec(
            "skip",
            "Mark a task as skipped, so the tasks waiting on it can start.",
            "/skip <task>",
            '/skip "load tests"',
            mutates=True,
            params=("task",),
        ),
        CommandSpec("pause", "Stop advancing tasks until `/resume`.", "/pause", "/pause", mutates=True),
        CommandSpec("resume", "Carry on after `/pause`.", "/resume", "/resume", mutates=True),
        CommandSpec("cancel", "Stop coordinating this plan.", "/cancel", "/cancel", mutates=True),
        CommandSpec("help", "Show this list.", "/help", "/help", mutates=False),
    )
}


@dataclass(frozen=True)
class ParsedCommand:
    """A well-formed command. `flags` hold flag names without dashes (`"dry-run"`); `line` is
    the command's line as plain text (inline markup removed), for quoting back in a reply.

    `args` are as written; an omitted task is simply absent, so read them through `task` and
    `agent`, which line them up with the command's parameters.
    """

    name: str
    args: tuple[str, ...] = ()
    flags: frozenset[str] = field(default_factory=frozenset)
    line: str = ""

    @property
    def spec(self) -> CommandSpec:
        return COMMANDS[self.name]

    @property
    def mutates(self) -> bool:
        return self.spec.mutates

    @property
    def task(self) -> str | None:
        """The task reference, or None when left out (the caller defaults it on a sub-issue)."""
        return self._named().get("task")

    @property
    def agent(self) -> str | None:
        return self._named().get("agent")

    def _named(self) -> dict[str, str]:
        """Align args with params from the right: only the leading task can be missing."""
        params = self.spec.params
        return dict(zip(params[len(params) - len(self.args) :], self.args, strict=True))


@dataclass(frozen=True)
class CommandError:
    """A line that tried to be a command and failed; `message` says how to write it instead."""

    line: str
    message: str


# --------------------------------------------------------------------------- finding lines


def parse_commands(body: str) -> list[ParsedCommand | CommandError]:
    """Every command (or failed attempt at one) in a comment, in order of appearance.

    Only GitHub's 65,536 characters of a comment are read: no command lies beyond them.
    """
    results: list[ParsedCommand | CommandError] = []
    for line in _paragraph_lines(body[:BODY_CHARS]):
        result = _parse_line(line.strip())
        if result is not None:
            results.append(result)
    return results


def _paragraph_lines(body: str) -> Iterator[str]:
    """The lines of paragraph text outside block quotes; code, HTML and headings are skipped."""
    tokens = _MD.parse(body)
    quote_depth = 0
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type == "inline" and quote_depth == 0 and tokens[index - 1].type == "paragraph_open":
            yield from _inline_lines(token.children or [])


def _inline_lines(children: Sequence[Token]) -> list[str]:
    """Rebuild a paragraph's lines as plain text.

    A line that starts with anything but plain text (inline code, emphasis, a link, HTML) is
    poisoned with a marker so it cannot be taken for a command. Later on the line, inline code and
    emphasised words are kept as plain text, so `/assign `parser` datatypes` still works.
    """
    lines = [""]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append("")
        elif child.type == "text" or (child.type == "code_inline" and lines[-1]):
            lines[-1] += child.content
        elif not lines[-1]:
            lines[-1] = _NOT_TEXT
    return lines


# --------------------------------------------------------------------------- parsing one line


def _parse_line(line: str) -> ParsedCommand | CommandError | None:
    """A command, an error for a near miss of one, or None for a line that is not a command."""
    match = _COMMAND_LINE.fullmatch(line)
    if match is None:
        return None
    word, rest = match.group(1).lower(), match.group(2) or ""
    spec = COMMANDS.get(word)
    if spec is None:
        suggestion = _closest_command(word)
        return None if suggestion is None else CommandError(line, _unknown_message(word, suggestion))
    return _bind(spec, line, _tokens(rest))


def _tokens(rest: str) -> list[tuple[str, bool]]:
    """Words and quoted phrases as (text, quoted); apostrophes inside words stay put.

    A quote with no closing quote is part of a word. Scanned once: where one closing quote is,
    is remembered, so a line of unclosed quotes is not searched to its end from each of them.
    """
    found: list[tuple[str, bool]] = []
    next_close: dict[str, int] = {}
    pos = 0
    while (word := _WORD.search(rest, pos)) is not None:
        start, closer = word.start(), _CLOSING_QUOTE.get(rest[word.start()])
        end = -1 if closer is None else _next_index(rest, closer, start + 1, next_close)
        text, pos = (rest[start + 1 : end], end + 1) if end != -1 else (word.group(), word.end())
        if text.strip():
            found.append((text.strip(), end != -1))
    return found


def _next_index(text: str, char: str, start: int, known: dict[str, int]) -> int:
    """`text.find(char, start)`, remembered in `known`: starts only grow, so each search goes on from the last."""
    index = known.get(char)
    if index is None or start > index != -1:
        index = known[char] = text.find(char, start)
    return index


def _bind(spec: CommandSpec, line: str, tokens: list[tuple[str, bool]]) -> ParsedCommand | CommandError:
    """Split tokens into flags and arguments and check both against the spec."""
    flags = [text for text, quoted in tokens if not quoted and text.startswith("--")]
    words = [text for text, quoted in tokens if quoted or not text.startswith("--")]
    unknown = [flag for flag in flags if flag[2:].lower() not in spec.flags]
    if unknown:
        return CommandError(line, _flag_message(spec, unknown[0]))
    if not spec.params and words:
        return CommandError(line, _extra_message(spec, " ".join(words)))
    required = spec.params[1:]
    if len(words) < len(required):
        return CommandError(line, _missing_message(spec, required[len(words)]))
    split = len(words) - len(required)
    free = (" ".join(words[:split]),) if split else ()
    return ParsedCommand(
        spec.name, free + tuple(words[split:]), frozenset(f[2:].lower() for f in flags), line
    )


# --------------------------------------------------------------------------- typos and messages


def _closest_command(word: str) -> str | None:
    """The known command `word` is most likely a typo of, if it is close enough to be one.

    Close means a prefix of at least three letters (`/coord`) or an edit distance of 2 (1 for
    words of four letters or fewer, so other bots' `/hold` is not mistaken for `/help`).
    """
    limit = 1 if len(word) <= 4 else 2
    best: tuple[int, str] | None = None
    for name in COMMANDS:
        distance = 0 if len(word) >= 3 and name.startswith(word) else _edit_distance(word, name)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, name)
    return None if best is None else best[1]


def _edit_distance(left: str, right: str) -> int:
    """Levenshtein distance, row by row."""
    previous = list(range(len(right) + 1))
    for i, left_char in enumerate(left, start=1):
        current = [i]
        for j, right_char in enumerate(right, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (left_char != right_char))
            )
        previous = current
    return previous[-1]


def _usage(spec: CommandSpec) -> str:
    return f"Usage: `{spec.usage}`, for example `{spec.example}`."


def _unknown_message(word: str, suggestion: str) -> str:
    return f"`/{word}` is not a command. Did you mean `/{suggestion}`? Comment `/help` to see every command."


def _extra_message(spec: CommandSpec, extra: str) -> str:
    return f"`/{spec.name}` takes no arguments, but got {code_span(extra)}. Write just `/{spec.name}`."


def _missing_message(spec: CommandSpec, param: str) -> str:
    return f"`/{spec.name}` needs {_a(param)}. {_usage(spec)}"


def _flag_message(spec: CommandSpec, flag: str) -> str:
    known = ", ".join(f"`--{name}`" for name in sorted(spec.flags))
    options = f"Its options are {known}." if known else "It has no options."
    return f"`/{spec.name}` has no option {code_span(flag)}. {options} {_usage(spec)}"


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def help_text() -> str:
    """The `/help` answer: every command with what it does and an example, as Markdown."""
    rows = [f"| `{spec.usage}` | {spec.summary} | `{spec.example}` |" for spec in COMMANDS.values()]
    return "\n".join(
        [
            "Write a command at the start of a line in a comment on the plan issue.",
            "",
            "| Command | What it does | Example |",
            "| --- | --- | --- |",
            *rows,
            "",
            "`<task>` is a sub-issue number (`#12`), a task key, or part of a task title; "
            "on a task's own sub-issue it can be left out. "
            "`<agent>` is an agent name such as `datatypes`, or its label such as `agent:datatypes`. "
            "Commands in code, in inline code or in quotes are ignored.",
        ]
    )
