"""Prints pip constraints pinning every runtime dependency to the lowest version pyproject.toml allows.

`.ci/test-lowest` installs with them and runs the suite, so a lower bound that no longer holds
(an API the code uses that an older release lacks) fails CI instead of a user's installation.
Only the direct runtime dependencies are pinned; their own dependencies resolve as usual.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path


def constraints(pyproject: Path) -> list[str]:
    project = tomllib.loads(pyproject.read_text())["project"]
    pins = []
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["serve"]]:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*>=\s*([^,;\s]+).*", requirement)
        if match is None:
            sys.exit(f"no lower bound in {requirement!r}: every runtime dependency needs one")
        pins.append(f"{match[1]}=={match[3]}")
    return pins


if __name__ == "__main__":
    print("\n".join(constraints(Path(__file__).resolve().parent.parent / "pyproject.toml")))
