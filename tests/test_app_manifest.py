"""The App manifest (`app.yml`, `coordinator app manifest`) and the Action's files: exactly the
permissions and events the bot uses, derived from the gateway's calls and the routing table."""

from __future__ import annotations

import html
import inspect
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from bot.gateway import RepoGateway
from bot.routing import ROUTES
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent

# Every RepoGateway call and the App permission GitHub's REST reference gives for its endpoint.
PERMISSION_OF_CALL = {
    "default_branch": ("metadata", "read"),            # GET /repos/{owner}/{repo}
    "get_issue": ("issues", "read"),
    "list_issues": ("issues", "read"),
    "create_issue": ("issues", "write"),
    "edit_issue": ("issues", "write"),
    "add_labels": ("issues", "write"),
    "remove_label": ("issues", "write"),
    "set_assignees": ("issues", "write"),
    "add_sub_issue": ("issues", "write"),
    "list_sub_issues": ("issues", "read"),
    "list_comments": ("issues", "read"),
    "own_comments": ("issues", "read"),
    "create_comment": ("issues", "write"),
    "edit_comment": ("issues", "write"),
    "add_reaction": ("issues", "write"),
    "ensure_labels": ("issues", "write"),              # GET and POST /repos/{owner}/{repo}/labels
    "permission": ("metadata", "read"),                # GET .../collaborators/{username}/permission
    "read_file": ("contents", "read"),
    "get_pull": ("pull_requests", "read"),
    "pull_files": ("pull_requests", "read"),
    "closing_issues": ("pull_requests", "read"),       # GraphQL closingIssuesReferences
    "set_status": ("statuses", "write"),
    "blocked_by": ("issues", "read"),                  # GET .../issues/{n}/dependencies/blocked_by
    "add_blocked_by": ("issues", "write"),
    "remove_blocked_by": ("issues", "write"),
    "commit_checks": ("checks", "read"),               # GET .../commits/{ref}/check-runs (and /status: statuses)
    "pull_reviews": ("pull_requests", "read"),
    "file_url": ("contents", "read"),                  # the conventions file's page
}
LEVEL = {"read": 1, "write": 2}


def _app() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "app.yml").read_text())
    return loaded


def test_every_gateway_call_has_its_permission_decided() -> None:
    calls = {name for name, _ in inspect.getmembers(RepoGateway, inspect.isfunction) if not name.startswith("_")}
    assert calls == set(PERMISSION_OF_CALL), "a new GitHub call: decide its permission here and in app.yml"


def test_the_manifest_asks_exactly_the_permissions_the_calls_need() -> None:
    needed: dict[str, str] = {}
    for decided in filter(None, PERMISSION_OF_CALL.values()):
        name, level = decided
        if LEVEL[level] > LEVEL.get(needed.get(name, ""), 0):
            needed[name] = level
    assert _app()["default_permissions"] == needed


def test_the_manifest_subscribes_to_exactly_the_routed_events() -> None:
    routed = {event for event, _ in ROUTES if event not in ("coordinator", "installation", "installation_repositories")}
    assert sorted(_app()["default_events"]) == sorted(routed)  # installation events come to every App


def test_the_command_prints_the_manifest_and_how_to_register_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "manifest", "--url", "https://coordinator.example.com/webhook", "--org", "octo-org"]) == 0
    out = capsys.readouterr().out
    manifest = json.loads(out[out.index("{"):out.index("\n}\n") + 2])
    assert manifest["hook_attributes"] == {"url": "https://coordinator.example.com/webhook", "active": True}
    assert manifest["default_permissions"] == _app()["default_permissions"]
    assert "https://github.com/organizations/octo-org/settings/apps/new" in out
    form = re.search(r'<form action="([^"]+)" method="post">\s*<input type="hidden" name="manifest" value="([^"]+)">',
                     out)
    assert form is not None and json.loads(html.unescape(form.group(2))) == manifest


def test_without_an_organisation_it_registers_for_the_account(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "manifest"]) == 0
    out = capsys.readouterr().out
    assert "https://github.com/settings/apps/new\n" in out and "set the webhook URL" in out


def test_a_bad_webhook_url_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "manifest", "--url", "not a url"]) == 2
    assert "--url: 'not a url' is not an http(s) URL" in capsys.readouterr().err


# --------------------------------------------------------------------------- the Action's files


def test_the_action_runs_coordinator_action_with_known_settings() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"github-token", "bot-login", "anthropic-api-key", "python-version"}
    assert action["inputs"]["github-token"]["default"] == "${{ github.token }}"
    step = action["runs"]["steps"][-1]
    assert step["run"].rstrip().endswith("/bin/coordinator\" action")
    aliases = {str(field.validation_alias) for field in Settings.model_fields.values()}
    exported = set(step["env"]) - {"INPUT_ANTHROPIC_API_KEY"} | {"ANTHROPIC_API_KEY"}
    assert exported <= aliases


def test_the_workflow_to_copy_listens_to_what_the_bot_handles() -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "github-action" / "coordinator.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    routed: dict[str, set[str]] = {}
    for event, action in ROUTES:
        routed.setdefault("pull_request_target" if event == "pull_request" else event, set()).add(action)
    for event, spec in triggers.items():
        assert set(spec["types"]) == routed[event], event
    assert set(triggers) == {"issues", "issue_comment", "pull_request_target"}
    app = {name.replace("_", "-"): level for name, level in _app()["default_permissions"].items()}
    assert workflow["permissions"] == {name: level for name, level in app.items() if name != "metadata"}
    job = workflow["jobs"]["coordinate"]
    assert job["concurrency"] == {"group": "feature-coordinator-${{ github.repository }}", "cancel-in-progress": False}
    assert job["steps"][0]["uses"].endswith("/feature-coordinator@v1")


def test_the_readme_shows_the_workflow_to_copy() -> None:
    readme = (ROOT / "README.md").read_text()
    workflow = (ROOT / "examples" / "github-action" / "coordinator.yml").read_text()
    assert workflow in readme
