"""Which role a file named in a task belongs to: where the work lands says what kind of work it is.

`migrations/0007_refunds.sql` is a schema change, `.github/workflows/ci.yml` delivery, `terraform/` provisioned
infrastructure and `tests/test_refunds.py` a unit test, whatever words the line around it uses. Each role lists
its own path patterns (roles are data); any other source file, an HTTP route or a call is code, which goes to
the fallback role.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.domain import RoleSet

# A file path as people write it: with a folder (`src/api/query.py`, `terraform/`) or a file name with an extension
_PATH = re.compile(r"(?<![\w/.-])\.?[\w-]+(?:[/.][\w.-]+)*(?:/|\.[a-z][a-z0-9]{0,4})(?![\w/-])")
_FOLDER_OR_EXTENSION = re.compile(r"/|\.[a-z][a-z0-9]{0,4}$")
_SOURCE = re.compile(r"\.(?:py|pyi|ts|tsx|js|jsx|mjs|go|rs|java|kt|swift|rb|php|cs|vue|svelte|scala|ex|exs|dart|"
                     r"c|cc|cpp|h|hpp|m)$")
# "Next.js", "NextAuth.js", "Node.js" are products, not files: a bare file name is written in lower case
_PRODUCT = re.compile(r"^[A-Z][\w]*\.[a-z]+$")
# An HTTP route (`GET /api/rotate`) or a call (`PlaybackSource.resolve()`) is code, whatever the line calls the work
_CODE = re.compile(r"\b(?:GET|POST|PUT|PATCH|DELETE)\s+/[\w{}/:.<>-]*|`[A-Za-z_][\w.]*\([^`()]*\)`")


class FileKinds:
    """The roles whose paths a text names."""

    def __init__(self, roles: RoleSet, fallback: str) -> None:
        self._patterns = [(role.slug, [re.compile(path, re.IGNORECASE) for path in role.paths]) for role in roles.roles]
        self._fallback = fallback

    def roles_named(self, text: str) -> Iterator[tuple[str, str]]:
        """(role, path) for every file path in `text` whose kind is known."""
        for match in _PATH.finditer(text):
            path = match.group(0).rstrip(".")
            if not _FOLDER_OR_EXTENSION.search(path) or path.replace(".", "").isdigit() or _PRODUCT.match(path):
                continue
            slugs = [slug for slug, patterns in self._patterns if any(p.search(path) for p in patterns)]
            if not slugs and _SOURCE.search(path):
                slugs = [self._fallback]  # code that is not data, tests, tooling nor infrastructure
            yield from ((slug, path) for slug in slugs)
        for code in _CODE.finditer(text):
            yield self._fallback, code.group(0).strip("`")
