"""Secrets never leave the process: not in the logs (JSON, at DEBUG, with PyGithub's, urllib3's and
the Anthropic SDK's own debug lines), not in anything posted to GitHub, not in /metrics or /healthz.

Each test first shows that the secret was really used (GitHub saw the token, Anthropic the key),
so a grep that finds nothing means something.
"""

from __future__ import annotations

import io
import json
import secrets
import sqlite3
from pathlib import Path
from typing import Any

from bot.testing.github import FakeGitHub
from tests.e2e import comment, coordinate_by_label, open_plan_issue, plan_text, sub_issues
from tests.fakes.anthropic_server import FakeAnthropic, plan_reply
from tests.fixtures.app import SECRET, BotHarness
from tests.fixtures.github import REPO
from tests.fixtures.logs import ConfigureLogs

TOKEN = "ghp_" + secrets.token_hex(18)
ANTHROPIC_KEY = "sk-ant-api03-" + secrets.token_hex(24)
APP_ID = 4242
INSTALLATION = 77
PLAN = {
    "summary": "Sign-up and login.",
    "acceptance_criteria": ["a user can log in"],
    "tasks": [
        {"id": "users", "title": "Create the users table", "agent": "datatypes", "agent_reason": "schema",
         "acceptance_criteria": ["emails are unique"]},
        {"id": "login", "title": "Implement the login endpoint", "agent": "feature-implementation",
         "agent_reason": "endpoint", "acceptance_criteria": ["returns a session"], "depends_on": ["users"]},
    ],
}






def everything_the_bot_let_out(bot: BotHarness, fake: FakeGitHub, logs: io.StringIO) -> str:
    """Logs (as written and decoded), everything sent to GitHub, the operations pages, recorded errors."""
    entries = [json.loads(line) for line in logs.getvalue().splitlines()]
    sent = [json.dumps(r.json, ensure_ascii=False) for r in fake.writes()]
    pages = [bot.client.get(path).get_data(as_text=True) for path in ("/metrics", "/healthz")]
    with sqlite3.connect(bot.database) as db:
        errors = [row[0] for row in db.execute("SELECT error FROM deliveries")]
    decoded = [f"{e['logger']} {e['message']} {e.get('error', '')}" for e in entries]
    return "\n".join([logs.getvalue(), *decoded, *sent, *pages, *errors])


def assert_nowhere(text: str, *values: str) -> None:
    for value in values:
        for fragment in {value, value[-12:], *value.splitlines()[1:-1]}:  # a PEM key leaks line by line too
            assert fragment not in text, f"a secret leaked: …{fragment[-6:]}"


def run_a_coordination_that_also_fails(bot: BotHarness, fake: FakeGitHub, **payload: Any) -> None:
    """Plan, a command, and a request GitHub refuses (a traceback is logged and an error recorded)."""
    fake.set_permission(REPO, "octocat", "admin")
    parent = open_plan_issue(fake, plan_text("auth"))
    fake.faults.fail("POST", r"/issues$", 500, skip=1, times=2)
    coordinate_by_label(bot, parent, **payload)
    comment(bot, parent, "/coordinate")
    assert sub_issues(fake, parent["number"])


def test_token_webhook_secret_and_anthropic_key_never_appear(
    tmp_path: Path, json_logs: ConfigureLogs, fake_anthropic: FakeAnthropic
) -> None:
    fake_anthropic.push(plan_reply(PLAN), plan_reply(PLAN))
    with FakeGitHub(token=TOKEN) as fake:
        fake.add_repo(REPO)
        bot = BotHarness(fake, tmp_path / "coordinator.sqlite3", github_token=TOKEN,
                         anthropic_api_key=ANTHROPIC_KEY, anthropic_base_url=fake_anthropic.base_url)
        logs = json_logs("DEBUG", bot.settings().secret_values())
        try:
            run_a_coordination_that_also_fails(bot, fake)
            leaked = everything_the_bot_let_out(bot, fake, logs)
        finally:
            bot.stop()

    assert fake.requests[0].headers["authorization"] == f"token {TOKEN}"
    assert ANTHROPIC_KEY in " ".join(fake_anthropic.requests[0].headers.values())
    assert "\ngithub.Requester POST " in leaked and "\nurllib3.connectionpool " in leaked
    assert "\nbot.jobs delivery failed" in leaked and "Traceback" in leaked
    assert_nowhere(leaked, TOKEN, SECRET, ANTHROPIC_KEY)


def test_app_private_key_jwt_and_installation_tokens_never_appear(
    fake_github: FakeGitHub, tmp_path: Path, json_logs: ConfigureLogs,
    app_key: tuple[str, str],
) -> None:
    fake_github.register_app(APP_ID, app_key[1], installation_id=INSTALLATION)
    bot = BotHarness(fake_github, tmp_path / "coordinator.sqlite3", github_token=None, github_app_id=APP_ID,
                     github_app_private_key=app_key[0])
    logs = json_logs("DEBUG", bot.settings().secret_values())
    try:
        run_a_coordination_that_also_fails(bot, fake_github, installation_id=INSTALLATION)
        leaked = everything_the_bot_let_out(bot, fake_github, logs)
    finally:
        bot.stop()

    credentials = {r.headers["authorization"].split(" ", 1)[1] for r in fake_github.requests}
    jwts = {value for value in credentials if value.count(".") == 2}
    installation_tokens = {value for value in credentials if value.startswith("ghs_")}
    assert jwts and installation_tokens and credentials == jwts | installation_tokens
    assert '"token": "[redacted]"' in leaked  # PyGithub logged the token exchange's answer at DEBUG
    assert_nowhere(leaked, app_key[0], SECRET, *credentials)
