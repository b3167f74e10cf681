"""Safety helpers every renderer applies to plan text and generated text before posting it.

Everything the bot posts is built from untrusted text (the plan, or what a model made of it), so
before it reaches GitHub it must not: ping anyone (@-mentions), forge the bot's own hidden
`<!-- coordinator:... -->` markers, open HTML that swallows the rest of the body, leave a code
fence open, break a Markdown table, or exceed GitHub's size limits.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")
_MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)?")
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_PIPE = re.compile(r"\\*\|")
_COMMENT_OPEN = "<!--"
_DEFUSED_COMMENT = "<\u200b!--"

TRUNCATION_NOTE = "… (truncated)"


def _prose(text: str) -> str:
    """Prose outside code: mentions go into code spans, HTML and comments are escaped."""
    return _TAG_OPEN.sub("&lt;", _MENTION.sub(lambda m: f"`{m.group(0)}`", text))


def _code(text: str) -> str:
    """Code renders literally, so only a comment opener (which could forge a marker) needs breaking."""
    return text.replace(_COMMENT_OPEN, _DEFUSED_COMMENT)


def _inline(line: str) -> str:
    """One line of prose with inline code spans (a run of n backticks closed by a run of n)."""
    out: list[str] = []
    pos = 0
    while True:
        opener = _BACKTICKS.search(line, pos)
        if opener is None:
            break
        runs = _BACKTICKS.finditer(line, opener.end())
        closer = next((run for run in runs if run.group() == opener.group()), None)
        if closer is None:
            out.append(_prose(line[pos : opener.end()]))
            pos = opener.end()
            continue
        out.append(_prose(line[pos : opener.start()]))
        out.append(_code(line[opener.start() : closer.end()]))
        pos = closer.end()
    out.append(_prose(line[pos:]))
    return "".join(out)


def safe_markdown(text: str) -> str:
    """Block Markdown made safe to embed: code is kept verbatim, prose defused, open fences closed."""
    out: list[str] = []
    fence: str | None = None
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            out.append(_code(line))
        elif fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = None
            out.append(_code(line))
        else:
            out.append(_inline(line))
    if fence is not None:
        out.append(fence)
    return "\n".join(out)


def safe_inline(text: str, limit: int = 500) -> str:
    """One line of safe Markdown, for titles and list items: newlines folded, length capped."""
    return safe_markdown(truncate(" ".join(text.split()), limit))


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
