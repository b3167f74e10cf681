"""The one sanitiser: every text the bot posts passes here, in the form it takes on GitHub.

Everything the bot posts is built from untrusted text (the plan, comments, or what a model made of
them), so before it reaches GitHub it must not: ping anyone (@-mentions), forge the bot's own hidden
`<!-- coordinator:... -->` markers, open HTML that swallows the rest of the body, leave a code
fence open, break a Markdown table or a Mermaid graph, or exceed GitHub's size limits.

There is one function per place text can land: a Markdown block (`safe_markdown`), a block quote
(`quote`), one inline line (`safe_inline`), a table cell (`table_cell`), a Mermaid label
(`mermaid_label`), an issue title (`safe_title`), and the whole body (`fit_body`). Each sanitises
the text as it will finally be parsed (a quote is quoted first, then read, because `> ` changes
what is code), and caps its length after escaping, which can make text several times longer.
Every pattern here is linear in its input.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from markdown_it import MarkdownIt

from bot.github_limits import BODY_CHARS, TITLE_CHARS

_PARSER = MarkdownIt("commonmark", {"maxNesting": 20})
_BACKTICKS = re.compile(r"`+")
# Every @ that could start a mention: GitHub needs a letter or digit after it and none before it
# (so `a@b.c` stays an address). Each @ is judged alone: in "@a.@b" the second is a mention too.
_MENTION = re.compile(r"(?<![A-Za-z0-9])@(?=[A-Za-z0-9])")
_AT_ENTITY = re.compile(r"&(?=#0*64;|#[xX]0*40;|commat;)")  # "&#64;alice" renders as a mention
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_PIPE = re.compile(r"(?<!\\)\\*+\|")  # from the start of a backslash run only: linear
_MERMAID_SPECIAL = re.compile(r"[\"#&<>\[\](){}|`;\\%*_~$^=@]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_COMMENT_OPEN = "<!--"
_DEFUSED_COMMENT = "<\u200b!--"

TRUNCATION_NOTE = "… (truncated)"


def _prose(text: str) -> str:
    """Prose outside code: mentions broken by an invisible joiner, HTML and comments escaped.

    The joiner adds no Markdown (a code span around a mention merged with a neighbouring run of
    backticks, and the mention came alive), so nothing around it can change its meaning.
    """
    return _TAG_OPEN.sub("&lt;", _AT_ENTITY.sub("&amp;", neutralize_mentions(text)))


def _code(text: str) -> str:
    """Code renders literally, so only a comment opener (which could forge a marker) needs breaking."""
    return text.replace(_COMMENT_OPEN, _DEFUSED_COMMENT)


def counted(number: int, noun: str) -> str:
    """"1 task", "3 tasks": a count with its noun (a regular plural)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def code_span(text: str) -> str:
    """User text as inline code; backticks inside would end the span, so they are dropped."""
    return "`" + text.replace("`", "") + "`"


def _inline(line: str) -> str:
    """One line of prose with its code spans kept (CommonMark: a run of n backticks closed by n).

    A backslash-escaped backtick opens nothing; a run with no closer is escaped, so that it cannot
    pair with a run on another line: what is code must be the same for us and for GitHub, or a tag
    we left alone as code would be live HTML. Linear in the line's length, whatever it holds.
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
    because treating prose as code would leave its mentions live. Escaping can change what follows:
    an escaped HTML block becomes a paragraph, and an indented code block after it then reads as
    that paragraph's continuation. So the output is parsed again, and a line kept verbatim that
    is no longer code is defused too, until none is (a few passes; then every line is defused).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    code = _code_lines(lines)[0]
    for _ in range(_PASSES):
        out = [_code(line) if is_code else _inline(line) for line, is_code in zip(lines, code, strict=True)]
        now, unclosed = _code_lines(out)  # an escaped HTML block can also let a later `~~~` open a fence
        exposed = [index for index, (was, still) in enumerate(zip(code, now, strict=True)) if was and not still]
        if not exposed:
            return "\n".join([*out, unclosed] if unclosed else out)
        for index in exposed:
            code[index] = False
    out = [_inline(line) for line in lines]
    unclosed = _code_lines(out)[1]
    return "\n".join([*out, unclosed] if unclosed else out)


_PASSES = 4


def _code_lines(lines: list[str]) -> tuple[list[bool], str]:
    """Which lines are code, and the fence that closes a top-level fence left open at the end ("" if none)."""
    code = [False] * len(lines)
    unclosed = ""
    for token in _PARSER.parse("\n".join(lines)):
        if token.type in ("fence", "code_block") and token.map:
            first, end = token.map
            code[first:end] = [True] * (end - first)
            if token.type == "fence" and token.level == 0 and not _closes(lines[first + 1 : end], token.markup):
                unclosed = token.markup
    return code, unclosed


def _closes(body: list[str], markup: str) -> bool:
    """Whether a fence's last line is its closing fence (same character, at least as long)."""
    last = body[-1].strip() if body else ""
    return len(last) >= len(markup) and set(last) == {markup[0]}


def safe_inline(text: str, limit: int = 500) -> str:
    """One line of safe Markdown, for titles, list items and cells: newlines folded, at most `limit` long."""
    folded = " ".join(text.split())
    return _fitted(lambda cut: _inline(truncate(folded, cut)), limit)


def table_cell(text: str, limit: int = 300) -> str:
    """Safe inline Markdown that cannot break out of a table cell, at most `limit` long."""
    folded = " ".join(text.split())
    return _fitted(lambda cut: _PIPE.sub(r"\\|", _inline(truncate(folded, cut))), limit)


def _fitted(render: Callable[[int], str], limit: int) -> str:
    """`render(cut)` for the longest cut of the source whose escaped form fits in `limit`.

    Escaping lengthens text (`<` becomes `&lt;`), so the cap is checked on the result; the source
    is cut shorter in proportion until it fits (a few rounds: escaping at most quadruples it).
    """
    cut = limit
    while True:
        out = render(cut)
        if len(out) <= limit or cut <= 0:
            return out
        cut = min(cut * limit // len(out), cut - max(1, cut // 16))


def quote(text: str) -> str:
    """A Markdown blockquote of safe text: quoted first, then sanitised as the quote it now is."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return safe_markdown("\n".join(f"> {line}" if line.strip() else ">" for line in lines))


def neutralize_mentions(text: str) -> str:
    """Plain text with every @-mention broken by a zero-width joiner; idempotent.

    Used inside Markdown prose and where Markdown does not render (Mermaid labels, issue titles).
    """
    return _MENTION.sub("@\u200d", text)


def safe_title(text: str) -> str:
    """An issue title: one line, no mention, within GitHub's 256 characters."""
    return truncate(neutralize_mentions(" ".join(text.split())), TITLE_CHARS)


def mermaid_label(text: str, limit: int = 60) -> str:
    """Text safe inside a quoted Mermaid label: one line, capped, special characters as #code;."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return _MERMAID_SPECIAL.sub(lambda m: f"#{ord(m.group())};", text)


def truncate(text: str, limit: int, note: str = TRUNCATION_NOTE) -> str:
    """`text` cut to at most `limit` characters at a word boundary, ending with `note` when anything was cut."""
    if len(text) <= limit:
        return text
    keep = max(limit - len(note), 0)
    cut = text[:keep]
    space = cut.rfind(" ")
    if space > keep // 2:
        cut = cut[:space]
    return (cut.rstrip() + note)[:limit] if keep else note[:limit]


def cut_at_boundary(text: str, limit: int) -> str:
    """`text` within `limit`, cut at a line break in the second half of what fits, else at a word."""
    keep = text[: max(limit - len(TRUNCATION_NOTE) - 1, 0)]
    line = keep.rfind("\n")
    if len(text) <= limit or line <= len(keep) // 2:
        return truncate(text, limit)
    return keep[:line].rstrip() + "\n" + TRUNCATION_NOTE


def marked_comment(marker: str, body: str) -> str:
    """A bot comment as posted: its marker line first, then the body fitted to what GitHub accepts."""
    return f"{marker}\n{fit_body(body, BODY_CHARS - len(marker) - 1)}"


def fit_body(body: str, limit: int = BODY_CHARS) -> str:
    """The last step before a body leaves: within `limit`, cut at a line break with any open fence closed.

    The renderers keep their texts short; this guarantees the total whatever they produced. Lines
    of sanitised text are self-contained (a code span never spans two), so a cut between lines
    cannot bring a mention or a tag to life.
    """
    note = f"\n\n{TRUNCATION_NOTE} The rest did not fit in one GitHub comment."
    budget = limit - len(note)
    text = body
    while len(text) > limit:
        kept = body[: max(budget, 0)]
        kept = kept[: kept.rfind("\n")] if "\n" in kept else ""
        if not kept:
            return TRUNCATION_NOTE[:limit]
        fence = _code_lines(kept.split("\n"))[1]
        text = f"{kept}\n{fence}{note}" if fence else f"{kept}{note}"
        budget -= max(len(text) - limit, 1)
    return text
