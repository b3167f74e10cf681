"""The Claude planner: Claude answers with the plan as JSON, validated with Pydantic.

The answer's JSON schema is generated from `ProposedPlan`, so the contract Claude sees and the one
we validate are the same. Newer models refuse a forced tool call (400), so the plan is asked for
with structured outputs (`output_config.format`); a model that refuses those gets the schema as a
tool, forced, and then offered. The request is sized from the plan (thinking tokens count towards
`max_tokens`); an answer cut off at `max_tokens` is asked for again with more room; 429 and 529
are retried with backoff. A reply that fails validation gets one retry with the errors, after the
whole assistant turn (thinking blocks included, as the API requires). Any other failure falls back
to the rule-based planner at once, with a note in the roadmap saying why. Whatever Claude returns
is data: capped in size, scrubbed of @-mentions, and put through the same assembly and sufficiency
check as the rule-based plan.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

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
from bot.planning.grounding import ground, outline_lines, ungrounded
from bot.planning.markdown import parse_markdown
from bot.planning.phrases import RoleNames
from bot.planning.prompt import TOOL_NAME, Part, system_prompt, user_message
from bot.planning.rules import RulePlanner
from bot.planning.sufficiency import DEFAULT_CAP
from bot.render.text import neutralize_mentions
from bot.settings import Settings

if TYPE_CHECKING:  # the SDK takes over a second to import; it is loaded only when Claude is used
    import anthropic
    from anthropic.types import Message, MessageParam

log = logging.getLogger(__name__)

MAX_PLAN_CHARS = 60_000
PART_CHARS = 20_000  # a longer plan is planned in parts, so that each answer fits in MAX_TOKENS
MIN_TOKENS = 8_192
MAX_TOKENS = 21_000  # the SDK refuses a non-streaming request that may run past ten minutes (~21,333)
RETRY_STATUSES = frozenset({429, 503, 529})
BACKOFF_SECONDS = 2.0
MAX_WAIT_SECONDS = 60.0

Way = Literal["structured", "forced tool", "tool"]
WAYS: tuple[Way, ...] = ("structured", "forced tool", "tool")

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
    def _closed_graph(self, info: ValidationInfo) -> ProposedPlan:
        """Ids are unique and every dependency is known: a task here, or of an earlier part (context)."""
        earlier = set((info.context or {}).get("earlier", ()))
        ids = [task.id for task in self.tasks]
        if len(set(ids)) != len(ids) or earlier & set(ids):
            raise ValueError("task ids must be unique" + (" (also across the parts)" if earlier else ""))
        unknown = sorted({dep for task in self.tasks for dep in task.depends_on} - set(ids) - earlier)
        if unknown:
            raise ValueError(f"depends_on names unknown ids: {', '.join(unknown[:10])}")
        invented = ungrounded([task.title for task in self.tasks], (info.context or {}).get("plan", ""))
        if (info.context or {}).get("plan") and invented:
            raise ValueError("these tasks are not in the plan (their words do not occur in it): "
                             + "; ".join(invented[:5]))
        return self


class _Unusable(Exception):
    """Claude answered, but not with a plan we can use: it did not validate twice, or was cut off."""


def tool_schema(roles: RoleSet, cap: int) -> dict[str, Any]:
    """The JSON schema of `ProposedPlan`, with the role slugs and the task cap filled in."""
    schema = ProposedPlan.model_json_schema()
    task = schema["$defs"]["ProposedTask"]["properties"]
    task["agent"]["enum"] = roles.slugs
    schema["properties"]["tasks"]["maxItems"] = cap
    return schema


def token_budget(plan: str) -> int:
    """`max_tokens` for a plan: room to think plus a JSON answer longer than the plan itself.

    A character is at most about one token of answer (the answer repeats the plan's wording as
    titles, criteria and excerpts, and newer tokenizers count more tokens for the same text).
    """
    return min(MAX_TOKENS, MIN_TOKENS + len(plan))


def request_timeout(max_tokens: int) -> float:
    """Seconds to wait for an answer of `max_tokens`: the SDK's own estimate (an hour per 128k)."""
    return 60.0 + max_tokens * 3600 / 128_000


class ClaudePlanner:
    """Plans with Claude when `ANTHROPIC_API_KEY` is set; the rule-based planner stands in on failure."""

    name = "claude"

    def __init__(
        self,
        settings: Settings,
        roles: RoleSet = DEFAULT_ROLES,
        cap: int = DEFAULT_CAP,
        *,
        timeout: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import anthropic

        if settings.anthropic_api_key is None:
            raise ValueError("ClaudePlanner needs ANTHROPIC_API_KEY")
        self.roles = roles
        self.cap = cap
        self.model = settings.model
        self.fallback = RulePlanner(roles, cap)
        self._timeout = timeout
        self._retries = settings.claude_retries
        self._sleep = sleep
        self._way = 0  # index in WAYS: moves on when the model refuses a way of asking
        self._client = anthropic.Anthropic(
            api_key=settings.anthropic_api_key.get_secret_value(),
            base_url=settings.anthropic_base_url,
            max_retries=0,  # retried here, where the waits are visible and testable
        )

    def plan(self, title: str, body: str) -> PlanOutcome:
        import anthropic

        parts = split_plan(body[:MAX_PLAN_CHARS])
        outline = parse_markdown(body, RoleNames(self.roles)).drafts
        try:
            proposals: list[ProposedPlan] = []
            for number, part in enumerate(parts, start=1):
                earlier = [(task.id, task.title) for proposal in proposals for task in proposal.tasks]
                shown = outline_lines(outline, part if len(parts) > 1 else "")
                proposals.append(self._propose(title, part, Part(number, len(parts), earlier), shown))
        except anthropic.AnthropicError as error:
            return self._fall_back(title, body, f"the Anthropic API failed ({_describe(error)})")
        except _Unusable as error:
            return self._fall_back(title, body, str(error))
        proposed = _merged(proposals)
        notes = [f"Planned by Claude ({self.model})."]
        if len(parts) > 1:
            notes.append(f"The plan is long, so Claude planned it in {len(parts)} parts, "
                         "each knowing the tasks before it.")
        if len(body) > MAX_PLAN_CHARS:
            notes.append(f"Only the first {MAX_PLAN_CHARS:,} characters of the plan were sent to Claude.")
        source = _drafts(proposed)
        source.drafts = ground(source.drafts, outline)
        return self.fallback.conclude(source, title, self.name, notes)

    def _propose(self, title: str, body: str, part: Part, outline: list[str]) -> ProposedPlan:
        messages: list[MessageParam] = [{"role": "user", "content": user_message(title, body, part, outline)}]
        context = {"roles": self.roles.slugs, "earlier": [task_id for task_id, _ in part.earlier], "plan": body}
        max_tokens = token_budget(body)
        problem = ""
        answers = 0
        while answers < 2:
            response = self._ask(messages, max_tokens)
            answers += 1
            if response.stop_reason == "max_tokens":
                if max_tokens >= MAX_TOKENS:
                    break
                max_tokens = min(MAX_TOKENS, max_tokens * 2)
                continue
            try:
                return ProposedPlan.model_validate(self._answer(response), context=context)
            except (ValidationError, ValueError) as invalid:
                problem = _errors(invalid) if isinstance(invalid, ValidationError) else str(invalid)
                log.info("Claude's plan did not validate: %s", problem)
            messages += _correction(response, problem)
        if response.stop_reason == "max_tokens":
            raise _Unusable(f"Claude's answer was cut off at its limit of {max_tokens:,} tokens; "
                            "splitting the plan into smaller plan issues would help")
        raise _Unusable(f"Claude's plan did not validate twice ({problem})")

    def _ask(self, messages: list[MessageParam], max_tokens: int) -> Message:
        """One answer, in the first way of asking this model accepts; 400s move on to the next way."""
        import anthropic

        while True:
            try:
                return self._send(self._request(WAYS[self._way], messages, max_tokens))
            except anthropic.BadRequestError as refused:
                if self._way + 1 == len(WAYS):
                    raise
                log.warning("%s refused %s output (%s); asking by %s", self.model, WAYS[self._way],
                            _describe(refused), WAYS[self._way + 1])
                self._way += 1

    def _request(self, way: Way, messages: list[MessageParam], max_tokens: int) -> dict[str, Any]:
        import anthropic

        request: dict[str, Any] = {
            "model": self.model,
            "max_tokens": max_tokens,
            "system": system_prompt(self.roles, self.cap, answer="json" if way == "structured" else "tool"),
            "messages": messages,
            "timeout": self._timeout or request_timeout(max_tokens),
        }
        schema = tool_schema(self.roles, self.cap)
        if way == "structured":
            request["output_config"] = {"format": {"type": "json_schema", "schema": anthropic.transform_schema(schema)}}
            return request
        request["tools"] = [{
            "name": TOOL_NAME,
            "description": "Submit the task breakdown of the plan (or the questions to ask first).",
            "input_schema": schema,
        }]
        request["tool_choice"] = {"type": "tool", "name": TOOL_NAME} if way == "forced tool" else {"type": "auto"}
        return request

    def _send(self, request: dict[str, Any]) -> Message:
        """The request, retried on 429 (rate limit) and 529/503 (overloaded) after a growing wait."""
        import anthropic

        for attempt in range(self._retries + 1):
            try:
                return cast("Message", self._client.messages.create(**request))
            except anthropic.APIStatusError as error:
                if error.status_code not in RETRY_STATUSES or attempt == self._retries:
                    raise
                wait = _retry_after(error) or min(MAX_WAIT_SECONDS, BACKOFF_SECONDS * 2**attempt)
                log.warning("Anthropic API busy (%s); retrying in %.0f s", _describe(error), wait)
                self._sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    @staticmethod
    def _answer(response: Message) -> Any:
        """The plan as JSON data: the tool call's input, or the text of a structured answer."""
        call = next((b for b in response.content if b.type == "tool_use" and b.name == TOOL_NAME), None)
        if call is not None:
            return call.input
        text = "".join(b.text for b in response.content if b.type == "text").strip()
        if not text:
            raise ValueError(f"no plan in the reply (stop reason {response.stop_reason})")
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"the reply is not JSON ({error.msg} at character {error.pos})") from None

    def _fall_back(self, title: str, body: str, why: str) -> PlanOutcome:
        log.warning("Claude planner unavailable, using rules: %s", why)
        outcome = self.fallback.plan(title, body)
        note = f"The Claude planner was not used because {why}; the rule-based planner made this plan."
        return outcome.model_copy(update={"notes": (note, *outcome.notes)})


def split_plan(body: str) -> list[str]:
    """The plan in parts of at most PART_CHARS, cut before a heading or a top-level list item (or,
    inside one huge item, between lines), so that no task is torn apart when it can be helped."""
    if len(body) <= PART_CHARS:
        return [body]
    blocks: list[str] = []
    for line in body.splitlines(keepends=True):
        item = re.match(r"(?:[-*+]|\d+[.)])\s", line) is not None
        headed = bool(blocks) and all(not ln.strip() or ln.startswith("#") for ln in blocks[-1].splitlines())
        starts = (line.startswith("#") or item) and not headed  # a heading keeps its first item
        if not blocks or (starts and blocks[-1].strip()) or len(blocks[-1]) + len(line) > PART_CHARS:
            blocks.append("")
        blocks[-1] += line
    parts = [""]
    for block in blocks:
        if parts[-1] and len(parts[-1]) + len(block) > PART_CHARS:
            parts.append("")
        parts[-1] += block
    return parts


def _merged(proposals: list[ProposedPlan]) -> ProposedPlan:
    """One plan from the parts' answers, in order (each part's ids are unique across the parts)."""
    if len(proposals) == 1:
        return proposals[0]
    return ProposedPlan.model_construct(
        summary=next((p.summary for p in proposals if p.summary), ""),
        acceptance_criteria=list(dict.fromkeys(c for p in proposals for c in p.acceptance_criteria)),
        tasks=[task for p in proposals for task in p.tasks],
        questions=[q for p in proposals for q in p.questions],
    )


def _correction(response: Message, problem: str) -> list[MessageParam]:
    """The whole assistant turn (thinking blocks and their signatures included), then the errors."""
    content: list[Any] = [block.to_dict(exclude_none=True) for block in response.content]
    call = next((b for b in response.content if b.type == "tool_use"), None)
    ask = f"The plan did not validate: {problem}. Answer again with the whole plan, corrected."
    if call is not None:
        feedback: Any = [{"type": "tool_result", "tool_use_id": call.id, "is_error": True,
                          "content": f"{ask} Call {TOOL_NAME} again."}]
    else:
        feedback = ask
    turns: list[MessageParam] = [{"role": "assistant", "content": content}] if content else []
    return [*turns, {"role": "user", "content": feedback}]


def _retry_after(error: anthropic.APIStatusError) -> float | None:
    value = error.response.headers.get("retry-after")
    try:
        return min(MAX_WAIT_SECONDS, float(value)) if value else None
    except ValueError:
        return None


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
