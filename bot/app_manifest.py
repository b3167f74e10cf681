"""`coordinator app manifest`: the GitHub App this bot needs, ready to register from a manifest.

`app.yml` (at the repository root, shipped in the package) holds the manifest; this prints it as
JSON with the webhook URL filled in, the address to register it at (a personal account or an
organisation), and a one-button HTML form, since GitHub's manifest flow is a form POST with a
`manifest` field.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any
from urllib.parse import quote

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from bot.settings import SettingsError

GITHUB = "https://github.com"


class HookAttributes(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str
    active: bool = True


class AppManifest(BaseModel):
    """The fields of GitHub's App manifest the bot sets; anything else in app.yml is a mistake."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=34)
    url: str
    description: str = ""
    public: bool = False
    hook_attributes: HookAttributes
    redirect_url: str | None = None
    default_permissions: dict[str, str]
    default_events: list[str]


def load_manifest() -> AppManifest:
    text = resources.files("bot").joinpath("app.yml").read_text(encoding="utf-8")
    return AppManifest.model_validate(yaml.safe_load(text))


def registration_url(org: str | None) -> str:
    """Where the manifest is posted: the signed-in user's Apps, or an organisation's."""
    return f"{GITHUB}/organizations/{quote(org, safe='')}/settings/apps/new" if org else f"{GITHUB}/settings/apps/new"


def manifest_for(webhook_url: str | None, redirect_url: str | None = None) -> dict[str, Any]:
    manifest = load_manifest()
    updates: dict[str, Any] = {}
    if webhook_url:
        updates["hook_attributes"] = HookAttributes(url=_http_url(webhook_url, "--url"))
    if redirect_url:
        updates["redirect_url"] = _http_url(redirect_url, "--redirect-url")
    return manifest.model_copy(update=updates).model_dump(exclude_none=True)


def _http_url(value: str, option: str) -> str:
    try:
        return str(HttpUrl(value))
    except ValueError:
        raise SettingsError(f"{option}: {value!r} is not an http(s) URL") from None


def render_instructions(webhook_url: str | None, org: str | None, redirect_url: str | None = None) -> str:
    """The manifest, where to post it, and a form that posts it (save as .html, open, press the button)."""
    manifest = json.dumps(manifest_for(webhook_url, redirect_url), indent=2)
    target = registration_url(org)
    form = (f'<form action="{html.escape(target)}" method="post">\n'
            f'  <input type="hidden" name="manifest" value="{html.escape(json.dumps(json.loads(manifest)))}">\n'
            '  <button type="submit">Register feature-coordinator</button>\n</form>')
    note = "" if webhook_url else "\n(no --url given: set the webhook URL in the App's settings afterwards)"
    return (f"# GitHub App manifest (app.yml){note}\n{manifest}\n\n"
            f"# Register it: POST the manifest as the form field `manifest` to\n{target}\n\n"
            f"# Save this form as register.html, open it in a browser signed in to GitHub, and press the button:\n"
            f"{form}\n\n"
            "# GitHub then redirects to redirect_url (or the App's page) with ?code=…; within an hour,\n"
            "#   curl -X POST https://api.github.com/app-manifests/<code>/conversions\n"
            "# returns the App id, the private key (pem) and the webhook secret: set GITHUB_APP_ID,\n"
            "# GITHUB_APP_PRIVATE_KEY and GITHUB_WEBHOOK_SECRET from them, then install the App.\n")
