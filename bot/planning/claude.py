"""The Claude planner: one forced tool call whose input is the plan, validated with Pydantic.

The tool's input schema is generated from `ProposedPlan`, so the contract Claude sees and the one
we validate are the same. A reply that fails validation gets one retry with the errors in the
conversation; an API failure (timeout, 5xx, overload, bad key) falls back to the rule-based
planner at once, with a note saying so. Whatever Claude returns is data: capped in size, scrubbed
of @-mentions, and put through the same assembly and sufficiency check as the rule-based plan.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.domain import DEFAULT_ROLES, PlanOutcome, Question, RoleSet
from bot.planning.drafts import MAX_ITEMS, Draft, DraftPlan
from bot.planning.prompt import TOOL_NAME, system_prompt, user_message
from bot.planning.rules import RulePlanner
from bot.planning.sufficiency import DEFAULT_CAP
from bot.render.text import neutralize_mentions
from bot.settings import Settings

if TYPE_CHECKING:  # the SDK takes over a second to import; it is loaded only when Claude is used
    import anthropic
    from anthropic.types import MessageParam, ToolParam

log = logging.getLogger(__name__)

MAX_PLAN_CHARS = 60_000
MAX_TOKENS = 8192

Item = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class ProposedTask(BaseModel):
    """One task as Claude proposes it; `id` is only a handle for `depends_on`."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)
    title: str = Field(min_length=1, max_length=200)
    agent: str = Field(description="Slug of the one role that owns the task.")
    agent_reason: str = Field(max_length=300, description="One sentence: why this role.")
    description: str = Field(default="", max_length=4000)
    deliverables: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    acceptance_criteria: list[Item] = Field(min_length=1, max_length=MAX_ITEMS)
    constraints: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    depends_on: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)
    excerpt: str = Field(default="", max_length=2000, description="The plan lines this task comes from.")

    @field_validator("agent")
    @classmethod
    def _known_role(cls, value: str, info: ValidationInfo) -> str:
        roles = (info.context or {}).get("roles")
        if roles is not None and value not in roles:
            raise ValueError(f"must be one of {', '.join(roles)}")
        return value


class ProposedQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    about: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=1000)


class ProposedPlan(BaseModel):
    """The tool input: the whole plan, or the questions that must be answered first."""

    model_config = ConfigDict(extra="forbid")

    summary: str = Field(default="", max_length=1500)
    acceptance_criteria: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    tasks: list[ProposedTask] = Field(max_length=200)
    questions: list[ProposedQuestion] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _closed_graph(self) -> ProposedPlan:
        ids = [task.id for task in self.tasks]
        if len(set(ids)) != len(ids):
            raise ValueError("task ids must be unique")
        unknown = sorted({dep for task in self.tasks for dep in task.depends_on} - set(ids))
        if unknown:
            raise ValueError(f"depends_on names unknown ids: {', '.join(unknown[:10])}")
        return self


class _Unusable(Exception):
    """Claude answered, but not with a plan that validates, even after one retry."""


def tool_schema(roles: RoleSet, cap: int) -> dict[str, Any]:
    """The JSON schema of `ProposedPlan`, with the role slugs and the task cap filled in."""
    schema = ProposedPlan.model_json_schema()
    task = schema["$defs"]["ProposedTask"]["properties"]
    task["agent"]["enum"] = roles.slugs
    schema["properties"]["tasks"]["maxItems"] = cap
    return schema


class ClaudePlanner:
    """Plans with Claude when `ANTHROPIC_API_KEY` is set; the rule-based planner stands in on failure."""

    name = "claude"

    def __init__(
        self,
        settings: Settings,
        roles: RoleSet = DEFAULT_ROLES,
        cap: int = DEFAULT_CAP,
        *,
        timeout: float = 60.0,
        max_retries: int = 0,
    ) -> None:
        import anthropic

        if settings.anthropic_api_key is None:
            raise ValueError("ClaudePlanner needs ANTHROPIC_API_KEY")
        self.roles = roles
        self.cap = cap
        self.model = settings.model
        self.fallback = RulePlanner(roles, cap)
        self._client = anthropic.Anthropic(
            api_key=settings.anthropic_api_key.get_secret_value(),
            base_url=settings.anthropic_base_url,
            max_retries=max_retries,
            timeout=timeout,
        )

    def plan(self, title: str, body: str) -> PlanOutcome:
        import anthropic

        try:
            proposed = self._propose(title, body)
        except anthropic.AnthropicError as error:
            return self._fall_back(title, body, f"the Anthropic API failed ({_describe(error)})")
        except _Unusable as error:
            return self._fall_back(title, body, f"Claude's plan did not validate twice ({error})")
        notes = [f"Planned by Claude ({self.model})."]
        if len(body) > MAX_PLAN_CHARS:
            notes.append(f"Only the first {MAX_PLAN_CHARS:,} characters of the plan were sent to Claude.")
        return self.fallback.conclude(_drafts(proposed), title, self.name, notes)

    def _propose(self, title: str, body: str) -> ProposedPlan:
        messages: list[MessageParam] = [{"role": "user", "content": user_message(title, body[:MAX_PLAN_CHARS])}]
        tool: ToolParam = {
            "name": TOOL_NAME,
            "description": "Submit the task breakdown of the plan (or the questions to ask first).",
            "input_schema": tool_schema(self.roles, self.cap),
        }
        error = ""
        for _ in range(2):
            response = self._client.messages.create(
                model=self.model,
                max_tokens=MAX_TOKENS,
                system=system_prompt(self.roles, self.cap),
                messages=messages,
                tools=[tool],
                tool_choice={"type": "tool", "name": TOOL_NAME},
            )
            call = next((b for b in response.content if b.type == "tool_use" and b.name == TOOL_NAME), None)
            if call is None:
                error = f"no {TOOL_NAME} call in the reply (stop reason {response.stop_reason})"
                continue
            try:
                return ProposedPlan.model_validate(call.input, context={"roles": self.roles.slugs})
            except ValidationError as invalid:
                error = _errors(invalid)
                log.info("Claude's plan did not validate: %s", error)
            messages += [
                {"role": "assistant", "content": [
                    {"type": "tool_use", "id": call.id, "name": call.name, "input": call.input},
                ]},
                {"role": "user", "content": [{
                    "type": "tool_result",
                    "tool_use_id": call.id,
                    "is_error": True,
                    "content": f"The plan did not validate: {error}. Call {TOOL_NAME} again, corrected.",
                }]},
            ]
        raise _Unusable(error)

    def _fall_back(self, title: str, body: str, why: str) -> PlanOutcome:
        log.warning("Claude planner unavailable, using rules: %s", why)
        outcome = self.fallback.plan(title, body)
        note = f"The Claude planner was not used because {why}; the rule-based planner made this plan."
        return outcome.model_copy(update={"notes": (note, *outcome.notes)})


def _drafts(proposed: ProposedPlan) -> DraftPlan:
    clean = neutralize_mentions
    return DraftPlan(
        drafts=[
            Draft(
                title=clean(task.title),
                alias=task.id,
                agent=task.agent,
                agent_reason=f"Chosen by Claude: {clean(task.agent_reason)}",
                description=[clean(task.description)] if task.description else [],
                deliverables=[clean(item) for item in task.deliverables],
                acceptance=[clean(item) for item in task.acceptance_criteria],
                constraints=[clean(item) for item in task.constraints],
                depends=list(task.depends_on),
                excerpt=clean(task.excerpt),
            )
            for task in proposed.tasks
        ],
        summary=clean(proposed.summary),
        acceptance=[clean(item) for item in proposed.acceptance_criteria],
        problems=[Question(about=clean(q.about), text=clean(q.text)) for q in proposed.questions],
    )


def _errors(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(map(str, e['loc'])) or 'plan'}: {e['msg']}" for e in error.errors(include_url=False)[:8]
    )


def _describe(error: anthropic.AnthropicError) -> str:
    import anthropic

    if isinstance(error, anthropic.APIStatusError):
        kind = getattr(error, "type", None) or type(error).__name__
        return f"HTTP {error.status_code} {kind}"
    if isinstance(error, anthropic.APITimeoutError):
        return "the request timed out"
    if isinstance(error, anthropic.APIConnectionError):
        return "could not connect"
    return type(error).__name__
