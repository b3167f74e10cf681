"""What GitHub would make live in a body: the checks every hostile-text test applies to what the bot posts.

A CommonMark parser with tables reads the text as GitHub does: a mention counts in text, not in code;
HTML counts unless it is one of the bot's own constructs (its markers, `<sub>`, folded `<details>`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from markdown_it import MarkdownIt

OWN_HTML = re.compile(
    r"^(<!-- coordinator:[a-z-]+(?: [^>]*)? -->|</?sub>|<details><summary>[A-Za-z ]+</summary>|</details>)$"
)
MENTION = re.compile(r"(?<![A-Za-z0-9])@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9_.-]+)?")
GFM = MarkdownIt("commonmark").enable("table")


def inline_tokens(markdown: str) -> Iterator[Any]:
    for token in GFM.parse(markdown):
        yield token
        yield from token.children or []


def live_mentions(markdown: str) -> set[str]:
    """Mentions GitHub would turn into a ping: in text, not in code spans or blocks."""
    return {m for t in inline_tokens(markdown) if t.type == "text" for m in MENTION.findall(t.content)}


def foreign_html(markdown: str) -> list[str]:
    return [t.content.strip() for t in inline_tokens(markdown)
            if t.type in ("html_inline", "html_block") and not OWN_HTML.match(t.content.strip())]
