"""The `coordinator` command: help, one-line configuration errors, the offline preview (the demo runs from a
built package in tests/test_packaging.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert all(command in out for command in ("serve", "plan", "demo"))


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({}, "GITHUB_WEBHOOK_SECRET"),
        ({"GITHUB_WEBHOOK_SECRET": "s"}, "GITHUB_TOKEN"),
        ({"GITHUB_WEBHOOK_SECRET": "s", "GITHUB_TOKEN": "t", "GITHUB_API_URL": "ftp://x"}, "GITHUB_API_URL"),
        ({"GITHUB_WEBHOOK_SECRET": "s", "GITHUB_APP_ID": "12"}, "GITHUB_APP_PRIVATE_KEY"),
        ({"GITHUB_WEBHOOK_SECRET": "s", "GITHUB_TOKEN": "t", "COORDINATOR_WORKERS": "none"}, "COORDINATOR_WORKERS"),
        ({"GITHUB_WEBHOOK_SECRET": "s", "GITHUB_TOKEN": "t", "COORDINATOR_LOG_LEVEL": "loud"}, "COORDINATOR_LOG_LEVEL"),
    ],
)
def test_a_missing_or_invalid_setting_stops_serve_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], environment: dict[str, str], named: str
) -> None:
    for name in ("GITHUB_WEBHOOK_SECRET", "GITHUB_TOKEN", "GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_API_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and named in err


def test_plan_preview_of_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(EXAMPLES / "payment-endpoint.md")]) == 0
    out = capsys.readouterr().out
    assert "```mermaid" in out and "Charge endpoint" in out


def test_plan_preview_of_a_vague_plan_asks_questions_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(EXAMPLES / "underspecified.md")]) == 2
    assert "?" in capsys.readouterr().out
