"""Golden files: every text the bot posts, kept as reviewed Markdown under `tests/golden/`.

A test renders a text and calls `golden.check(name, text)`: the text is normalised (commit SHAs,
timestamps and GitHub's large ids, which change from run to run, become placeholders; with
`renumber`, issue and pull request numbers become `#1`, `#2`… in order of first appearance) and
compared with `tests/golden/<name>.md`. A difference fails with a diff. After a deliberate change
of wording, regenerate with `pytest --update-goldens` (or `UPDATE_GOLDENS=1`), then read every
changed file in `git diff tests/golden` before committing: the goldens are reviewed, not rubber-stamped.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
UPDATE_ENV = "UPDATE_GOLDENS"
UPDATE_OPTION = "--update-goldens"

# A commit: any hex run in a code span (`abc…` as the bot shows one, 12 characters that may all be digits), or a
# bare one with both letters and digits (so plain numbers stay numbers).
_SHA = re.compile(r"(?<=`)[0-9a-f]{12,40}(?=`)|\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{12,40}\b")
_TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b")
_CLOCK = re.compile(r"\b\d{2}:\d{2}(?= UTC)")
_ID = re.compile(r"(?<![#\w])\d{8,}\b")  # ids, not numbers: the fake's ids start at 10,000,001
_NUMBER = re.compile(r"(?<![&\w:])#(\d+)\b(?!;)")  # not `&#64;` or Mermaid's `#35;` (entities), nor `:#000`


def normalise(text: str, *, renumber: bool = False) -> str:
    """`text` with what varies between runs replaced by placeholders; line ends and the final newline unified."""
    text = _SHA.sub("<sha>", text.replace("\r\n", "\n"))
    text = _CLOCK.sub("<time>", _TIMESTAMP.sub("<date>", text))
    text = _ID.sub("<id>", text)
    if renumber:
        seen: dict[str, int] = {}
        text = _NUMBER.sub(lambda m: f"#{seen.setdefault(m.group(1), len(seen) + 1)}", text)
    return text.rstrip("\n") + "\n"


def updating_from_env() -> bool:
    return os.environ.get(UPDATE_ENV, "").lower() not in ("", "0", "false", "no")


class Goldens:
    """Compares texts with their golden files, or rewrites the files when `update` is set."""

    def __init__(self, update: bool, directory: Path = GOLDEN_DIR) -> None:
        self.update = update
        self.directory = directory
        self.checked: set[str] = set()

    def path(self, name: str) -> Path:
        if not re.fullmatch(r"[a-z0-9]+(?:[-/][a-z0-9]+)*", name):
            raise ValueError(f"golden names are lower-case words joined by - or /, not {name!r}")
        return self.directory / f"{name}.md"

    def check(self, name: str, text: str, *, renumber: bool = False) -> None:
        assert name not in self.checked, f"two checks share the golden file {name!r}"
        self.checked.add(name)
        path, actual = self.path(name), normalise(text, renumber=renumber)
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_file() or path.read_text(encoding="utf-8") != actual:
                path.write_text(actual, encoding="utf-8")
            return
        assert path.is_file(), f"no golden file {path}: run `pytest {UPDATE_OPTION}` and review it"
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"golden/{name}.md",
                                        "rendered", lineterm="")
            raise AssertionError(f"{name} differs from its golden file (regenerate with `pytest "
                                 f"{UPDATE_OPTION}` if the change is meant):\n" + "\n".join(diff))
