"""Per-repository configuration from `.github/coordinator.yml` on the default branch.

An absent file means defaults. An invalid file is an error the bot reports in a comment; it is
never silently replaced by defaults, because a maintainer who wrote a config expects it to count.
"""

from __future__ import annotations

from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.domain.roles import DEFAULT_ROLES, AgentRole, RoleSet

CONFIG_PATH = ".github/coordinator.yml"


class ConfigError(Exception):
    """The configuration file exists but cannot be used; the message says what is wrong."""


class RoleOverride(BaseModel):
    """A change to a built-in role, or a whole new role (then label, display name and charter are needed)."""

    model_config = ConfigDict(extra="forbid")

    label: str | None = None
    display_name: str | None = None
    charter: str | None = None
    keywords: list[str] | None = None
    colour: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{6}$")
    assignees: list[str] = Field(default_factory=list, max_length=10)
    mention: str | None = Field(default=None, pattern=r"^@[A-Za-z0-9][A-Za-z0-9-]*(\[bot\])?(/[A-Za-z0-9_.-]+)?$")


class StalledThresholds(BaseModel):
    """When work counts as stalled, in days (GitHub sends no timer events: `coordinator sweep` and
    `/status` look)."""

    model_config = ConfigDict(extra="forbid")

    ready_without_pr_days: float = Field(default=3, gt=0, le=365)
    pr_without_review_days: float = Field(default=2, gt=0, le=365)


class RepoConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    trigger_label: str = Field(default="coordinate", min_length=1, max_length=50)
    trigger_permission: Literal["read", "triage", "write", "maintain", "admin"] = "write"
    planner: Literal["auto", "rules", "claude"] = "auto"
    task_cap: int = Field(default=50, ge=1, le=500)
    close_parent_when_done: bool = False
    roles: dict[str, RoleOverride] = Field(default_factory=dict)
    native_dependencies: bool = True  # mirror task dependencies as GitHub's own "blocked by" links
    stalled: StalledThresholds = Field(default_factory=StalledThresholds)
    conventions: str = Field(default="", max_length=4000)  # text, or a repository path such as CONTRIBUTING.md

    def role_set(self) -> RoleSet:
        """Built-in roles with this repository's overrides applied, then its new roles, in that order."""
        roles = [self._apply(role) for role in DEFAULT_ROLES.roles]
        known = set(DEFAULT_ROLES.slugs)
        roles += [self._new_role(slug, spec) for slug, spec in self.roles.items() if slug not in known]
        return RoleSet(roles=tuple(roles))

    def _apply(self, role: AgentRole) -> AgentRole:
        spec = self.roles.get(role.slug)
        if spec is None:
            return role
        changes = spec.model_dump(exclude_none=True)
        changes["assignees"] = tuple(spec.assignees)
        if "keywords" in changes:
            changes["keywords"] = tuple(changes["keywords"])
        return role.model_copy(update=changes)

    @staticmethod
    def _new_role(slug: str, spec: RoleOverride) -> AgentRole:
        if not (spec.display_name and spec.charter):
            raise ConfigError(f"roles.{slug}: a new role needs display_name and charter")
        try:
            return AgentRole(
                slug=slug,
                label=spec.label or f"agent:{slug}",
                display_name=spec.display_name,
                charter=spec.charter,
                keywords=tuple(spec.keywords or ()),
                colour=spec.colour or "1d76db",
                assignees=tuple(spec.assignees),
                mention=spec.mention,
            )
        except ValidationError as error:
            raise ConfigError(f"roles.{slug}: {error.errors()[0]['msg']}") from None


def parse_repo_config(text: str | None) -> RepoConfig:
    """The configuration in `text` (None or blank: defaults); raises ConfigError naming the problem."""
    if text is None or not text.strip():
        return RepoConfig()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{CONFIG_PATH} is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{CONFIG_PATH} must be a mapping of keys to values")
    try:
        config = RepoConfig.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'file'}: {item['msg']}" for item in error.errors()
        )
        raise ConfigError(f"{CONFIG_PATH}: {problems}") from None
    config.role_set()  # new roles are checked now, not when first used
    return config
