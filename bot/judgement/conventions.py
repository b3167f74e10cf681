"""The `conventions` setting: one standard for every agent, as text or as a file in the repository."""

from __future__ import annotations

import re

from bot.domain.judgement import Conventions

_PATH = re.compile(r"[\w.-]++(?:/[\w.-]++){0,8}+")
_DOCUMENT = re.compile(r"\.(?:md|markdown|mdx|txt|rst|adoc)$|^[A-Z][A-Z_-]*+$", re.IGNORECASE)


def read_conventions(value: str) -> Conventions:
    """A single word that looks like a document (`CONTRIBUTING.md`, `docs/STYLE.rst`, `CONVENTIONS`) is
    a path to link; anything else is text to quote."""
    value = value.strip()
    if not value:
        return Conventions()
    if "\n" not in value and _PATH.fullmatch(value) and _DOCUMENT.search(value.rsplit("/", 1)[-1]):
        return Conventions(path=value.removeprefix("./"))
    return Conventions(text=value)
