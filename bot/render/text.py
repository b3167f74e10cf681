"""Safety helpers every renderer applies to plan text and generated text before posting it.

Everything the bot posts is built from untrusted text (the plan, or what a model made of it), so
before it reaches GitHub it must not: ping anyone (@-mentions), forge the bot's own hidden
`<!-- coordinator:... -->` markers, open HTML that swallows the rest of the body, leave a code
fence open, break a Markdown table, or exceed GitHub's size limits.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark", {"maxNesting": 20})
_BACKTICKS = re.compile(r"`+")
# An @name and whatever sticks to it ("@a@b", "@org/team"), so no mention starts right after ours.
_MENTION = re.compile(r"(?<![A-Za-z0-9])@[A-Za-z0-9](?:[\w@./-]*[\w@/])?")
_AT_ENTITY = re.compile(r"&(?=#0*64;|#[xX]0*40;|commat;)")  # "&#64;alice" renders as a mention
_ESCAPED_MENTION = re.compile(r"(?<!\\)(\\*)(" + _MENTION.pattern + ")")  # lookbehind: linear on \\ runs
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_PIPE = re.compile(r"(?<!\\)\\*+\|")  # from the start of a backslash run only: linear
_COMMENT_OPEN = "<!--"
_DEFUSED_COMMENT = "<\u200b!--"

TRUNCATION_NOTE = "… (truncated)"


def _prose(text: str) -> str:
    """Prose outside code: mentions go into code spans, HTML and comments are escaped.

    Backslashes before a mention are doubled so none of them can escape the opening backtick.
    """
    wrapped = _ESCAPED_MENTION.sub(lambda m: f"{m.group(1) * 2}`{m.group(2)}`", text)
    return _TAG_OPEN.sub("&lt;", _AT_ENTITY.sub("&amp;", wrapped))


def _code(text: str) -> str:
    """Code renders literally, so only a comment opener (which could forge a marker) needs breaking."""
    return text.replace(_COMMENT_OPEN, _DEFUSED_COMMENT)


def _inline(line: str) -> str:
    """One line of prose with its code spans kept (CommonMark: a run of n backticks closed by n).

    A backslash-escaped backtick opens nothing; a run with no closer is escaped, so that it cannot
    pair with a backtick added around a mention. Linear in the line's length, whatever it holds.
    """
    runs = [(run.start(), run.end()) for run in _BACKTICKS.finditer(line)]
    closers: dict[int, list[int]] = {}
    for run_start, run_end in runs:
        closers.setdefault(run_end - run_start, []).append(run_start)
    out: list[str] = []
    pos = 0
    for run_start, run_end in runs:
        if run_start < pos:
            continue
        slashes = 0
        while run_start - slashes - 1 >= pos and line[run_start - slashes - 1] == "\\":
            slashes += 1
        start = run_start + slashes % 2
        length = run_end - start
        if not length:
            continue
        candidates = closers.get(length, [])
        index = bisect_left(candidates, run_end)
        if index == len(candidates):
            out.append(_prose(line[pos:start]) + "\\`" * length)
        else:
            out += [_prose(line[pos:start]), _code(line[start : candidates[index] + length])]
        pos = run_end if index == len(candidates) else candidates[index] + length
    out.append(_prose(line[pos:]))
    return "".join(out)


def safe_markdown(text: str) -> str:
    """Block Markdown made safe to embed: code kept verbatim, prose defused, an open fence closed.

    Which lines are code is decided by a CommonMark parser (as GitHub decides it), not guessed,
    because treating prose as code would leave its mentions live.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    code = [False] * len(lines)
    unclosed = ""
    for token in _PARSER.parse("\n".join(lines)):
        if token.type in ("fence", "code_block") and token.map:
            first, end = token.map
            code[first:end] = [True] * (end - first)
            if token.type == "fence" and token.level == 0 and not _closes(lines[first + 1 : end], token.markup):
                unclosed = token.markup
    out = [_code(line) if is_code else _inline(line) for line, is_code in zip(lines, code, strict=True)]
    return "\n".join([*out, unclosed] if unclosed else out)


def _closes(body: list[str], markup: str) -> bool:
    """Whether a fence's last line is its closing fence (same character, at least as long)."""
    last = body[-1].strip() if body else ""
    return len(last) >= len(markup) and set(last) == {markup[0]}


def safe_inline(text: str, limit: int = 500) -> str:
    """One line of safe Markdown, for titles, list items and cells: newlines folded, length capped."""
    return _inline(truncate(" ".join(text.split()), limit))


def table_cell(text: str, limit: int = 300) -> str:
    """Safe inline Markdown that cannot break out of a table cell."""
    return _PIPE.sub(r"\\|", safe_inline(text, limit))


def quote(text: str) -> str:
    """A Markdown blockquote of safe text."""
    return "\n".join(f"> {line}" if line else ">" for line in safe_markdown(text).split("\n"))


def neutralize_mentions(text: str) -> str:
    """Plain text (not Markdown) with every @-mention broken by a zero-width joiner.

    For places where code spans do not render (Mermaid labels, issue titles) and for data that
    will be rendered again later; idempotent.
    """
    return _MENTION.sub(lambda m: "@\u200d" + m.group(0)[1:], text)


def truncate(text: str, limit: int, note: str = TRUNCATION_NOTE) -> str:
    """`text` cut to at most `limit` characters, ending with `note` when anything was cut."""
    if len(text) <= limit:
        return text
    keep = max(limit - len(note), 0)
    cut = text[:keep]
    space = cut.rfind(" ")
    if space > keep * 0.8:
        cut = cut[:space]
    return (cut.rstrip() + note)[:limit] if keep else note[:limit]
