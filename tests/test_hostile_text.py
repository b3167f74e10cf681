"""Reproducers of issue #12 for commands and logs (items 6, 7); the sanitiser's are in test_hostile_render.py."""

from __future__ import annotations

import logging

import pytest

from bot.commands import ParsedCommand, parse_commands
from bot.observability import redact
from tests.fixtures.app import BotHarness

LIMIT = 65_536


@pytest.mark.timeout(20)
def test_unclosed_curly_quotes_in_a_command_are_read_in_linear_time() -> None:
    """Item 6: quadratic `commands._TOKEN`, 6.7 s at 65K characters, by any commenter."""
    body = "/assign " + "\u201c " * (LIMIT // 2 - 5)
    [command] = parse_commands(body)
    assert command.line.startswith("/assign")


@pytest.mark.parametrize(
    ("line", "task", "agent"),
    [
        ('/assign "login page" datatypes', "login page", "datatypes"),
        ("/assign \u201clogin page\u201d datatypes", "login page", "datatypes"),
        ("/assign it's done datatypes", "it's done", "datatypes"),
        ('/assign "unclosed task datatypes', '"unclosed task', "datatypes"),
        ("/assign \u201c \u201c x datatypes", "\u201c \u201c x", "datatypes"),
    ],
)
def test_quotes_still_group_words(line: str, task: str, agent: str) -> None:
    [command] = parse_commands(line)
    assert isinstance(command, ParsedCommand) and command.args == (task, agent)


@pytest.mark.timeout(20)
def test_private_key_headers_are_redacted_in_linear_time() -> None:
    """Item 7: a lazy BEGIN..END pattern was quadratic on BEGIN lines without an END."""
    text = "-----BEGIN PRIVATE KEY-----" * (LIMIT // 27)
    assert redact(text) == text
    key = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"
    text = f"a {key} b {key} -----BEGIN PRIVATE KEY----- c"
    assert redact(text) == "a [redacted] b [redacted] -----BEGIN PRIVATE KEY----- c"


@pytest.mark.timeout(30)
def test_an_unsigned_request_with_a_huge_event_header_is_refused(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    headers = {"X-GitHub-Event": "-----BEGIN PRIVATE KEY-----" * 2200, "X-Hub-Signature-256": "sha256=0"}
    assert bot.client.post("/webhook", data=b"{}", headers=headers).status_code == 401


def test_only_githubs_65536_characters_of_a_comment_are_read_for_commands() -> None:
    [command] = parse_commands("/status\n" + "[" * 200_000)
    assert isinstance(command, ParsedCommand) and command.name == "status"
    assert parse_commands("x\n" * (LIMIT // 2) + "/status\n") == []
