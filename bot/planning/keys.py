"""Stable task keys: derived from what a task is called, never from where it sits in the plan.

Re-parsing an edited plan must map an unchanged task to the same key, so the coordination can
update its sub-issue in place instead of opening a duplicate. Keys are slugs of the title (or an
explicit `id`/`key` from a YAML plan), de-duplicated in plan order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

MAX_KEY = 64
_BASE_MAX = 56  # leaves room for a "-NN" suffix when two tasks share a title
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, limit: int = _BASE_MAX) -> str:
    """Lowercase ASCII words joined by hyphens, cut at a word boundary; "task" if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[:limit]
        slug = cut.rsplit("-", 1)[0] if "-" in cut and slug[limit] != "-" else cut
    return slug.strip("-") or "task"


def assign_keys(titles: Sequence[str], explicit: Sequence[str | None]) -> list[str]:
    """One key per task: the explicit key when given, else the title's slug; repeats get -2, -3…

    Explicit keys are claimed first so that a derived key never takes a name the author chose.
    """
    bases = [slugify(key) if key else slugify(title) for title, key in zip(titles, explicit, strict=True)]
    taken = {base for base, key in zip(bases, explicit, strict=True) if key}
    keys: list[str] = []
    used: set[str] = set()
    next_suffix: dict[str, int] = {}  # where the search for a free "-N" resumes: linear in repeated titles
    for base, key in zip(bases, explicit, strict=True):
        candidate = base
        if candidate in used or (not key and candidate in taken):
            suffix = next_suffix.get(base, 2)
            while f"{base}-{suffix}" in used or f"{base}-{suffix}" in taken:
                suffix += 1
            next_suffix[base] = suffix + 1
            candidate = f"{base}-{suffix}"
        used.add(candidate)
        keys.append(candidate)
    return keys
