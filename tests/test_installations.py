"""An App uninstalled, or repositories taken from it: what the bot cached for them is dropped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.testing.github import FakeGitHub
from bot.testing.payloads import load_example
from tests.e2e import coordinate_by_label, open_plan_issue, plan_text, sub_issues
from tests.fixtures.app import BotHarness
from tests.fixtures.github import REPO

INSTALLATION = 31


def _uninstalled() -> dict[str, Any]:
    payload = load_example("installation", "deleted")
    payload["installation"]["id"] = INSTALLATION
    payload["repositories"] = [{"id": 1, "node_id": "R_1", "name": "widgets", "full_name": REPO, "private": False}]
    return payload


def _removed() -> dict[str, Any]:
    payload = load_example("installation_repositories", "added")
    payload["action"] = "removed"
    payload["installation"]["id"] = INSTALLATION
    payload["repositories_removed"], payload["repositories_added"] = payload["repositories_added"], []
    payload["repositories_removed"][0]["full_name"] = REPO
    return payload


def _token_exchanges_and_config_reads(fake: FakeGitHub) -> tuple[int, int]:
    paths = [r.path for r in fake.requests]
    return (sum(p.endswith("/access_tokens") for p in paths),
            sum(p.endswith("/contents/.github/coordinator.yml") for p in paths))


def test_uninstalling_drops_the_installation_clients_config_and_permissions(
    fake_github: FakeGitHub, tmp_path: Path, app_key: tuple[str, str]
) -> None:
    fake_github.register_app(4242, app_key[1], installation_id=INSTALLATION)
    bot = BotHarness(fake_github, tmp_path / "db.sqlite3", github_token=None, github_app_id="4242",
                     github_app_private_key=app_key[0])
    try:
        first = open_plan_issue(fake_github, plan_text("auth"))
        coordinate_by_label(bot, first, installation_id=INSTALLATION)
        before = _token_exchanges_and_config_reads(fake_github)
        assert bot.deliver("installation", _uninstalled()).status_code == 202
        assert bot.deliver("installation_repositories", _removed()).status_code == 202
        second = open_plan_issue(fake_github, plan_text("auth"), title="Again")
        coordinate_by_label(bot, second, installation_id=INSTALLATION)
        after = _token_exchanges_and_config_reads(fake_github)
    finally:
        bot.stop()
    assert len(sub_issues(fake_github, second["number"])) == 5
    assert after == (before[0] + 1, before[1] + 1)  # a fresh token and a fresh read of the config
    permission_reads = [r for r in fake_github.requests if r.path.endswith("/collaborators/octocat/permission")]
    assert len(permission_reads) == 2
