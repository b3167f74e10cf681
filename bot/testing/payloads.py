"""Webhook deliveries for tests, built from real GitHub payload examples.

Hand-written payloads drift from what GitHub sends and hide parsing bugs, so every builder here
starts from one of the octokit examples copied into `bot/testing/data/github-webhooks/` and only
retargets it: repository, numbers, text, labels and users are rewritten consistently (URLs
included) while every other key keeps the shape GitHub sent. The signing helpers produce the
headers a real delivery carries, so the web layer can be tested end to end.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import os
import re
import uuid
import zlib
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

Json = dict[str, Any]

DATA_DIR = Path(__file__).resolve().parent / "data" / "github-webhooks"
HANDLED_EVENTS = ("issues", "issue_comment", "pull_request", "ping", "installation", "installation_repositories",
                  "pull_request_review", "check_run")
TIMESTAMP = "2024-05-01T12:00:00Z"
DEFAULT_REPO = "octo-org/widgets"
DEFAULT_BRANCH = "main"

# Actions with an example of their own; the rest are built from the nearest one.
_ISSUE_TEMPLATES = {
    "opened": "opened",
    "edited": "edited",
    "deleted": "deleted",
    "labeled": "labeled",
    "unlabeled": "unlabeled",
    "reopened": "reopened",
    "closed": "reopened",
    "transferred": "transferred",
}
_PULL_TEMPLATES = {
    "opened": "opened",
    "closed": "closed",
    "reopened": "reopened",
    "synchronize": "synchronize",
    "converted_to_draft": "converted_to_draft",
    "ready_for_review": "ready_for_review",
    "labeled": "labeled",
}
_COMMENT_TEMPLATES = {"created": "created", "edited": "edited", "deleted": "deleted"}


# --------------------------------------------------------------------------- examples


def shared_examples_dir() -> Path | None:
    """The shared example set the copies came from, if this checkout can see it.

    `GITHUB_WEBHOOKS_DIR` wins; otherwise look for `shared/github-webhooks` beside any parent
    folder (CI clones the repository as `<dir>/main` next to `<dir>/shared`).
    """
    configured = os.environ.get("GITHUB_WEBHOOKS_DIR")
    if configured:
        path = Path(configured)
        return path if path.is_dir() else None
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "github-webhooks"
        if candidate.is_dir():
            return candidate
    return None


def example_files() -> list[Path]:
    """Every copied example, for tests that must hold for all of them."""
    return sorted(path for event in HANDLED_EVENTS for path in (DATA_DIR / event).glob("*.json"))


def example_path(event: str, action: str | None = None, variant: str | None = None) -> Path:
    """`<event>/<action>[.<variant>].json`; `ping` examples are named `payload[.<variant>].json`."""
    stem = action or ("payload" if event == "ping" else None)
    if stem is None:
        raise ValueError(f"{event!r} examples are named by action; pass one")
    name = f"{stem}.{variant}.json" if variant else f"{stem}.json"
    path = DATA_DIR / event / name
    if not path.is_file():
        raise FileNotFoundError(f"no webhook example {event}/{name} under {DATA_DIR}")
    return path


@cache
def _example_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load_example(event: str, action: str | None = None, variant: str | None = None) -> Json:
    """A fresh, mutable copy of one real example body."""
    loaded: Json = json.loads(_example_text(example_path(event, action, variant)))
    return loaded


# --------------------------------------------------------------------------- rewriting


def _rewrite_strings(node: Any, replace: Callable[[str], str]) -> Any:
    """Apply `replace` to every string in a JSON tree, so URLs follow renamed repos and numbers."""
    if isinstance(node, dict):
        return {key: _rewrite_strings(value, replace) for key, value in node.items()}
    if isinstance(node, list):
        return [_rewrite_strings(value, replace) for value in node]
    return replace(node) if isinstance(node, str) else node


def stable_id(text: str) -> int:
    """A deterministic positive id for a login, label or sha, so payloads are reproducible."""
    return zlib.crc32(text.encode()) + 1


def _fake_sha(seed: str) -> str:
    return hashlib.sha1(seed.encode()).hexdigest()


def _example_repo_names(payload: Json) -> set[str]:
    """Every `owner/name` an example mentions: its repository, and the issue's own if it differs."""
    names = {payload["repository"]["full_name"]}
    issue_repo_url = payload.get("issue", {}).get("repository_url", "")
    if "/repos/" in issue_repo_url:
        names.add(issue_repo_url.split("/repos/", 1)[1])
    return names


def _retarget_repo(payload: Json, full_name: str) -> Json:
    """Point every repository field and URL at `full_name`, whose default branch is `main`."""
    old_names = _example_repo_names(payload)

    def replace(text: str) -> str:
        for old in old_names:
            text = text.replace(old, full_name)
        return text

    payload = _rewrite_strings(payload, replace)
    owner, name = full_name.split("/", 1)
    for repo in _repo_objects(payload):
        repo.update(id=stable_id(full_name), name=name, full_name=full_name, default_branch=DEFAULT_BRANCH)
        _set_user(repo["owner"], owner, repo["owner"].get("type", "User"))
    return payload


def _repo_objects(payload: Json) -> list[Json]:
    repos = [payload["repository"]]
    pull = payload.get("pull_request")
    if pull:
        repos += [pull["head"]["repo"], pull["base"]["repo"]]
    return repos


def _set_user(user: Json, login: str, user_type: str = "User") -> Json:
    """Rename a user object in place, URLs included, keeping all of its keys."""
    old = user["login"]
    for key, value in user.items():
        if isinstance(value, str):
            user[key] = value.replace(f"/{old}", f"/{login}")
    user.update(login=login, id=stable_id(login), type=user_type)
    return user


def _renumber(node: Json, old: int, new: int) -> Json:
    """Rewrite `/issues/<old>`, `/pull/<old>` and `/pulls/<old>` in every URL below `node`."""
    pattern = re.compile(rf"(/(?:issues|pulls?)/){old}(?!\d)")
    rewritten: Json = _rewrite_strings(node, lambda text: pattern.sub(rf"\g<1>{new}", text))
    return rewritten


def _user_like(template: Json, login: str, user_type: str = "User") -> Json:
    """A new user object with the same keys as `template`."""
    return _set_user(copy.deepcopy(template), login, user_type)


def label_object(name: str, repo: str = DEFAULT_REPO) -> Json:
    """A label with the keys GitHub sends (`id`, `node_id`, `url`, `name`, `color`, ...)."""
    return {
        "id": stable_id(name),
        "node_id": f"LA_{stable_id(name)}",
        "url": f"https://api.github.com/repos/{repo}/labels/{quote(name)}",
        "name": name,
        "color": "ededed",
        "default": False,
        "description": "",
    }


def _set_installation(payload: Json, installation_id: int | None) -> None:
    """Repository events carry the short `{id, node_id}` form, or nothing outside a GitHub App."""
    if installation_id is None:
        payload.pop("installation", None)
    else:
        payload["installation"] = {"id": installation_id, "node_id": f"MDIz{installation_id}"}


def _finish(
    payload: Json,
    sender: str,
    sender_type: str,
    installation_id: int | None,
    changes: Mapping[str, Any] | None,
) -> None:
    """Set what every repository event carries: sender, installation and (if given) `changes`.

    Without explicit `changes` an `edited` example keeps its own, so its shape stays real.
    """
    _set_user(payload["sender"], sender, sender_type)
    _set_installation(payload, installation_id)
    if changes is not None:
        payload["changes"] = dict(changes)


# --------------------------------------------------------------------------- issues


def _fill_issue(
    issue: Json, *, number: int, issue_id: int, title: str, body: str | None, labels: Sequence[str], repo: str
) -> Json:
    """Renumber and rewrite an issue object.

    Assignees and milestone are cleared so no example user leaks in.
    """
    issue = _renumber(issue, issue["number"], number)
    issue.update(
        id=issue_id,
        number=number,
        title=title,
        body=body,
        html_url=f"https://github.com/{repo}/issues/{number}",
        labels=[label_object(name, repo) for name in labels],
        assignee=None,
        assignees=[],
        milestone=None,
    )
    return issue


def _set_issue_state(issue: Json, state: str, state_reason: str | None) -> None:
    """`state_reason` is a newer field the examples lack; GitHub sends it, null while open."""
    issue.update(state=state, state_reason=state_reason, closed_at=TIMESTAMP if state == "closed" else None)


def _labels_after(action: str, labels: Sequence[str], label: str | None) -> list[str]:
    """The issue's labels as GitHub reports them after a (un)labeling."""
    if action in ("labeled", "unlabeled") and label is None:
        raise ValueError(f"an issues/{action} delivery needs label=")
    names = list(labels)
    if action == "labeled" and label not in names:
        names.append(str(label))
    if action == "unlabeled":
        names = [name for name in names if name != label]
    return names


def issue_payload(
    action: str,
    *,
    repo: str = DEFAULT_REPO,
    number: int = 1,
    issue_id: int | None = None,
    title: str = "Example issue",
    body: str | None = "",
    labels: Sequence[str] = (),
    label: str | None = None,
    sender: str = "octocat",
    sender_type: str = "User",
    author: str | None = None,
    installation_id: int | None = None,
    state: str = "open",
    state_reason: str | None = None,
    changes: Mapping[str, Any] | None = None,
    is_pull_request: bool = False,
) -> Json:
    """An `issues` delivery.

    `closed` is built from the `reopened` example (there is none of its own); other actions
    without an example reuse `opened` with only `action` changed. `author` (the issue's `user`)
    defaults to the sender; `label` is the label added or removed, required for
    `labeled`/`unlabeled`. `is_pull_request` makes the issue the record of a pull request.
    """
    payload = _retarget_repo(load_example("issues", _ISSUE_TEMPLATES.get(action, "opened")), repo)
    payload["action"] = action
    issue = _fill_issue(
        payload["issue"],
        number=number,
        issue_id=issue_id or 1_000_000 + number,
        title=title,
        body=body,
        labels=_labels_after(action, labels, label),
        repo=repo,
    )
    _set_issue_state(issue, "closed" if action == "closed" else state, state_reason)
    _set_user(issue["user"], author or sender, sender_type if author is None else "User")
    if is_pull_request:
        _mark_pull_request(issue, repo)
    payload["issue"] = issue
    if label is not None:
        payload["label"] = label_object(label, repo)
    _finish(payload, sender, sender_type, installation_id, changes)
    return payload


# --------------------------------------------------------------------------- comments


def _mark_pull_request(issue: Json, repo: str) -> None:
    """Add the `issue.pull_request` object that makes an issue record a pull request's."""
    html_url = f"https://github.com/{repo}/pull/{issue['number']}"
    issue["html_url"] = html_url
    issue["pull_request"] = {
        "url": f"https://api.github.com/repos/{repo}/pulls/{issue['number']}",
        "html_url": html_url,
        "diff_url": f"{html_url}.diff",
        "patch_url": f"{html_url}.patch",
        "merged_at": None,
    }


def _fill_comment(comment: Json, *, issue: Json, old_number: int, comment_id: int, body: str) -> Json:
    """Give the comment its id and its issue's number everywhere, URLs included."""
    old_id = str(comment["id"])
    comment = _renumber(comment, old_number, issue["number"])
    comment = _rewrite_strings(comment, lambda text: text.replace(old_id, str(comment_id)))
    comment.update(id=comment_id, body=body, html_url=f"{issue['html_url']}#issuecomment-{comment_id}")
    return comment


def comment_payload(
    action: str = "created",
    *,
    repo: str = DEFAULT_REPO,
    issue_number: int = 1,
    issue_id: int | None = None,
    issue_title: str = "Example issue",
    issue_body: str = "",
    issue_labels: Sequence[str] = (),
    issue_author: str | None = None,
    comment_id: int = 5001,
    body: str = "",
    sender: str = "octocat",
    sender_type: str = "User",
    installation_id: int | None = None,
    is_pull_request: bool = False,
    changes: Mapping[str, Any] | None = None,
) -> Json:
    """An `issue_comment` delivery by `sender`, on an issue or (with `is_pull_request`) a PR.

    `issue_body` matters for sub-issues, whose body carries the task marker; `issue_author`
    defaults to the sender.
    """
    payload = _retarget_repo(load_example("issue_comment", _COMMENT_TEMPLATES.get(action, "created")), repo)
    payload["action"] = action
    old_number = payload["issue"]["number"]
    issue = _fill_issue(
        payload["issue"],
        number=issue_number,
        issue_id=issue_id or 1_000_000 + issue_number,
        title=issue_title,
        body=issue_body,
        labels=issue_labels,
        repo=repo,
    )
    _set_user(issue["user"], issue_author or sender, sender_type if issue_author is None else "User")
    if is_pull_request:
        _mark_pull_request(issue, repo)
    payload["issue"] = issue
    comment = _fill_comment(
        payload["comment"], issue=issue, old_number=old_number, comment_id=comment_id, body=body
    )
    _set_user(comment["user"], sender, sender_type)
    payload["comment"] = comment
    _finish(payload, sender, sender_type, installation_id, changes)
    return payload


# --------------------------------------------------------------------------- pull requests


def _set_branches(pull: Json, *, owner: str, head_ref: str, head_sha: str, base_ref: str) -> Json:
    """Point head and base at branches of the same repository (no forks), SHAs in URLs included."""
    old_sha = pull["head"]["sha"]
    pull = _rewrite_strings(pull, lambda text: text.replace(old_sha, head_sha))
    pull["head"].update(ref=head_ref, sha=head_sha, label=f"{owner}:{head_ref}")
    pull["base"].update(ref=base_ref, label=f"{owner}:{base_ref}")
    for end in ("head", "base"):
        _set_user(pull[end]["user"], owner, pull[end]["repo"]["owner"]["type"])
    return pull


def _set_merge_state(
    pull: Json, *, action: str, merged: bool, merge_commit_sha: str | None, merger: Json
) -> None:
    """Closed and merged look alike except `merged`, `merged_at` and `merged_by`, as on GitHub."""
    closed = merged or action == "closed"
    pull.update(
        state="closed" if closed else "open",
        closed_at=TIMESTAMP if closed else None,
        merged=merged,
        merged_at=TIMESTAMP if merged else None,
        merged_by=merger if merged else None,
        merge_commit_sha=merge_commit_sha or (_fake_sha(f"merge:{pull['number']}") if merged else None),
    )


def pull_payload(
    action: str,
    *,
    repo: str = DEFAULT_REPO,
    number: int = 2,
    title: str = "Example pull request",
    body: str | None = "",
    head_ref: str = "feature",
    head_sha: str | None = None,
    base_ref: str = DEFAULT_BRANCH,
    merged: bool = False,
    merge_commit_sha: str | None = None,
    draft: bool | None = None,
    sender: str = "octocat",
    sender_type: str = "User",
    author: str | None = None,
    installation_id: int | None = None,
) -> Json:
    """A `pull_request` delivery. `merged=True` fills `merged_at`/`merged_by` (the sender).

    `draft=None` keeps the example's value (true only for `converted_to_draft`).
    """
    payload = _retarget_repo(load_example("pull_request", _PULL_TEMPLATES.get(action, "opened")), repo)
    payload.update(action=action, number=number)
    pull = _renumber(payload["pull_request"], payload["pull_request"]["number"], number)
    pull = _set_branches(
        pull,
        owner=repo.split("/", 1)[0],
        head_ref=head_ref,
        head_sha=head_sha or _fake_sha(f"head:{number}:{head_ref}"),
        base_ref=base_ref,
    )
    pull.update(
        id=stable_id(f"pull:{repo}#{number}"),
        number=number,
        title=title,
        body=body,
        labels=[],
        assignee=None,
        assignees=[],
    )
    if draft is not None:
        pull["draft"] = draft
    merger = _user_like(payload["sender"], sender, sender_type)
    _set_merge_state(pull, action=action, merged=merged, merge_commit_sha=merge_commit_sha, merger=merger)
    _set_user(pull["user"], author or sender, sender_type if author is None else "User")
    if "after" in payload:
        payload["after"] = pull["head"]["sha"]
    payload["pull_request"] = pull
    _finish(payload, sender, sender_type, installation_id, changes=None)
    return payload


# --------------------------------------------------------------------------- delivery


def encode(payload: Mapping[str, Any]) -> bytes:
    """The raw request body; signatures are computed over exactly these bytes."""
    return json.dumps(payload).encode()


def sign(body: bytes, secret: str) -> str:
    """The `X-Hub-Signature-256` value GitHub would send for `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def delivery_headers(event: str, body: bytes, secret: str, delivery_id: str | None = None) -> dict[str, str]:
    """The headers of a real delivery of `body` as `event`, signed with `secret`."""
    return {
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery_id or str(uuid.uuid4()),
        "X-Hub-Signature-256": sign(body, secret),
        "Content-Type": "application/json",
        "User-Agent": "GitHub-Hookshot/abc",
    }


def delivery(event: str, payload: Mapping[str, Any], secret: str) -> tuple[bytes, dict[str, str]]:
    """Body and headers together, ready for a test client's `post(data=..., headers=...)`."""
    body = encode(payload)
    return body, delivery_headers(event, body, secret)


# --------------------------------------------------------------------------- reviews and check runs


def review_payload(
    pull: Json, *, repo: str = DEFAULT_REPO, state: str = "approved", reviewer: str = "reviewer",
    action: str = "submitted", installation_id: int | None = None,
) -> Json:
    """A `pull_request_review` delivery for a pull request as the fake GitHub returns it (`pulls/{n}`)."""
    payload = _retarget_repo(load_example("pull_request_review", "submitted"), repo)
    payload["action"] = action
    payload["review"].update(state=state, commit_id=pull["head"]["sha"])
    _set_user(payload["review"]["user"], reviewer)
    template = payload["pull_request"]
    payload["pull_request"] = {**template, **{key: pull[key] for key in ("id", "number", "title", "body", "state",
                                                                           "html_url", "head", "base", "user")}}
    _finish(payload, reviewer, "User", installation_id, changes=None)
    return payload


def check_run_payload(
    sha: str, *, repo: str = DEFAULT_REPO, name: str = "build", conclusion: str = "success",
    pulls: Sequence[int] = (), installation_id: int | None = None,
) -> Json:
    """A `check_run.completed` delivery on commit `sha`, sent by the CI App (a bot)."""
    payload = _retarget_repo(load_example("check_run", "completed"), repo)
    run = payload["check_run"]
    run.update(head_sha=sha, name=name, status="completed", conclusion=conclusion,
               pull_requests=[{**run["pull_requests"][0], "number": number} for number in pulls])
    _finish(payload, "github-actions[bot]", "Bot", installation_id, changes=None)
    return payload
