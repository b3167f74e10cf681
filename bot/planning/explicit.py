"""An explicit plan: a fenced `yaml` or `json` block holding the tasks, which wins over prose.

Authors who want full control write the plan as data. The block is untrusted: it is read with a
safe loader that also refuses YAML aliases (no "billion laughs"), validated with Pydantic, and any
problem becomes a clarifying question naming the block's line instead of a guess.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import yaml
from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from bot.domain import Question
from bot.github_limits import TITLE_CHARS
from bot.planning.drafts import MAX_EXCERPT, MAX_ITEMS, Draft, DraftPlan
from bot.planning.outline import Code, ListBlock, Outline
from bot.planning.taskbody import state_of

MAX_BLOCK = 200_000
MAX_DEPTH = 32  # nesting a plan never needs; deeper data is refused before any parser recurses into it
_LANGUAGES = {"yaml": "yaml", "yml": "yaml", "json": "json"}
_IGNORED_FIELDS = frozenset((
    "estimate", "estimation", "effort", "points", "story_points", "size", "priority", "labels", "tags", "type",
    "notes", "links", "assignee", "assignees", "milestone", "component", "risk", "due", "sprint", "week",
))


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that rejects anchors/aliases, which a plan never needs and an attacker could abuse."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("YAML aliases (*name) are not allowed in a plan")
        return super().compose_node(parent, index)


def _as_texts(value: Any) -> Any:
    """A single value or a list of scalars, as a list of strings; anything nested is refused."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    if any(isinstance(item, dict | list) for item in items):
        raise ValueError("must be text or a list of text")
    return [str(item) for item in items[:MAX_ITEMS]]


def _as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Texts = Annotated[list[str], BeforeValidator(_as_texts)]
Text = Annotated[str, BeforeValidator(_as_text)]


class TaskSpec(BaseModel):
    """One task of an explicit plan; field names accept the synonyms people use."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_planning_fields(cls, data: Any) -> Any:
        """Estimates, priorities and labels are for people; a typo of a real field is still an error."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if str(k).lower() not in _IGNORED_FIELDS}
        return data

    key: Text | None = Field(default=None, validation_alias=AliasChoices("key", "id", "slug"))
    title: Text = Field(
        min_length=1, max_length=TITLE_CHARS, validation_alias=AliasChoices("title", "name", "task", "content")
    )
    agent: Text | None = Field(default=None, validation_alias=AliasChoices("agent", "owner", "role"))
    phase: Text = ""
    description: Text = Field(default="", validation_alias=AliasChoices("description", "details", "body"))
    status: Text = Field(default="", validation_alias=AliasChoices("status", "state"))
    deliverables: Texts = Field(
        default_factory=list, validation_alias=AliasChoices("deliverables", "outputs")
    )
    acceptance_criteria: Texts = Field(
        default_factory=list,
        validation_alias=AliasChoices("acceptance_criteria", "acceptance", "criteria", "done_when", "ac"),
    )
    constraints: Texts = Field(default_factory=list)
    depends_on: Texts = Field(
        default_factory=list,
        validation_alias=AliasChoices(
            "depends_on", "dependencies", "depends", "after", "requires", "needs", "blocked_by", "blockedBy",
            "dependsOn", "prerequisites",
        ),
    )


class PlanSpec(BaseModel):
    """The whole explicit plan; unknown top-level keys (version, owner…) are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    summary: Text = Field(default="", validation_alias=AliasChoices("summary", "goal", "description"))
    acceptance_criteria: Texts = Field(
        default_factory=list, validation_alias=AliasChoices("acceptance_criteria", "acceptance", "done_when")
    )
    constraints: Texts = Field(default_factory=list)
    tasks: list[TaskSpec] = Field(validation_alias=AliasChoices("tasks", "todos", "work_items", "steps"))


def find_explicit_plan(outline: Outline) -> DraftPlan | None:
    """Front matter or the first fenced yaml/json block that holds a plan, as drafts; None when none does."""
    if outline.front_matter:
        found = _read_block(outline.front_matter, "yaml", 1, where="the front matter")
        if found is not None:
            return found
    for code in _fences(outline):
        language = _LANGUAGES.get(code.info.split(" ", 1)[0].lower())
        if language is not None and (found := _read_block(code.content, language, code.line)) is not None:
            return found
    return None


def _fences(outline: Outline) -> list[Code]:
    """Every fenced block, in document order, found without recursion."""
    blocks = [block for section in outline.root.walk() for block in section.blocks]
    inner = [b for block in blocks if isinstance(block, ListBlock) for item in block.walk() for b in item.blocks]
    return sorted((b for b in blocks + inner if isinstance(b, Code)), key=lambda code: code.line)


def _too_deep(text: str) -> bool:
    """Whether brackets or indentation nest deeper than any plan needs (checked in one pass)."""
    depth = 0
    for char in text:
        depth += 1 if char in "[{" else -1 if char in "]}" else 0
        if depth > MAX_DEPTH:
            return True
    indents = {len(line) - len(line.lstrip(" -")) for line in text.split("\n") if line.strip()}
    return len(indents) > MAX_DEPTH


def _read_block(text: str, language: str, line: int, where: str = "") -> DraftPlan | None:
    where = where or f"the {language} block at line {line}"
    if len(text) > MAX_BLOCK:
        return _problem(where, f"is larger than {MAX_BLOCK:,} characters; please shorten it.")
    if _too_deep(text):
        if "tasks" not in text and "todos" not in text:
            return None
        return _problem(where, f"nests deeper than {MAX_DEPTH} levels; please flatten it.")
    try:
        data, lines = (json.loads(text), {}) if language == "json" else _load_yaml(text)
    except (ValueError, yaml.YAMLError, RecursionError) as error:
        if "tasks" not in text:
            return None
        return _problem(where, f"looks like a plan but could not be read: {_first_line(error)}")
    if isinstance(data, dict) and isinstance(data.get("plan"), dict):
        data = data["plan"]
    if isinstance(data, list) and data and all(isinstance(item, dict) and "title" in item for item in data):
        data = {"tasks": data}
    key = next((k for k in ("tasks", "todos", "work_items", "steps") if isinstance(data, dict) and k in data), None)
    if key is None or not isinstance(data, dict):
        return None
    try:
        spec = PlanSpec.model_validate(data)
    except ValidationError as error:
        details = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors(include_url=False)[:3]
        )
        return _problem(where, f"has fields I cannot use ({details}). Please fix them.")
    raw_tasks = data[key] if isinstance(data[key], list) else []
    return DraftPlan(
        drafts=[
            _draft(task, raw, line + lines[index] if index in lines else line)
            for index, (task, raw) in enumerate(zip(spec.tasks, raw_tasks, strict=False))
        ],
        summary=spec.summary,
        acceptance=spec.acceptance_criteria,
        constraints=spec.constraints,
        notes=[f"Tasks were read from the explicit plan in {where}."],
    )


def _load_yaml(text: str) -> tuple[Any, dict[int, int]]:
    """The document, and where each entry of its `tasks` list starts (index -> lines after the fence)."""
    loader = _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    tasks = next(
        (value for key, value in node.value if getattr(key, "value", None) == "tasks"),
        None,
    ) if isinstance(node, yaml.MappingNode) else node
    items = tasks.value if isinstance(tasks, yaml.SequenceNode) else []
    return data, {index: item.start_mark.line + 1 for index, item in enumerate(items)}


def _draft(task: TaskSpec, raw: Any, line: int) -> Draft:
    number = task.key if task.key and len(task.key) < 40 else None
    excerpt = yaml.safe_dump([raw], sort_keys=False, allow_unicode=True, width=100)[:MAX_EXCERPT]
    return Draft(
        title=task.title,
        line=line or None,
        phase=task.phase,
        number=number,
        key=task.key,
        agent=task.agent,
        agent_reason=f"Set to “{task.agent}” in the plan's data block." if task.agent else "",
        description=[task.description] if task.description else [],
        deliverables=task.deliverables,
        acceptance=task.acceptance_criteria,
        constraints=task.constraints,
        depends=task.depends_on,
        state=state_of(task.status) if task.status else "open",
        excerpt=excerpt.strip(),
    )


def _problem(where: str, text: str) -> DraftPlan:
    return DraftPlan(problems=[Question(about=where, text=f"The {where.removeprefix('the ')} {text}")])


def _first_line(error: Exception) -> str:
    return " ".join(str(error).split())[:300]
