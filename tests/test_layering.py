"""The boundaries the code style promises, checked on the source: one package talks to PyGithub, one to
the Anthropic SDK, and the bot never imports the fakes it is tested with."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"


def _imports(path: Path) -> set[str]:
    """Top-level package names a module imports (`github`, `anthropic`, `bot.testing`…)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def _importers(prefix: str) -> set[str]:
    return {str(path.relative_to(BOT.parent)) for path in BOT.rglob("*.py")
            if any(name == prefix or name.startswith(f"{prefix}.") for name in _imports(path))}


@pytest.mark.parametrize(("library", "homes"), [
    ("github", ("bot/gateway/", "bot/testing/")),
    ("anthropic", ("bot/planning/claude.py", "bot/planning/narrator.py")),  # the planner, the summary's review
])
def test_each_client_library_is_used_in_its_own_place(library: str, homes: tuple[str, ...]) -> None:
    outside = {path for path in _importers(library) if not path.startswith(homes)}
    assert not outside, f"{library} imported outside {homes}: {sorted(outside)}"


def test_the_bot_never_imports_its_fakes() -> None:
    outside = {path for path in _importers("bot.testing") if not path.startswith("bot/testing/")}
    assert outside <= {"bot/demo.py"}, sorted(outside)  # the demo runs the bot against the fake
