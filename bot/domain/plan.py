"""Plans and tasks: what a planner produces and what coordination consumes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Task(BaseModel):
    """One unit of work owned by one agent.

    `key` is derived from the plan text (not from its position), so re-parsing an edited plan maps
    the same task to the same key and the coordination can update it in place.
    """

    model_config = ConfigDict(frozen=True)

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)
    title: str = Field(min_length=1, max_length=256)
    agent: str
    description: str = ""
    deliverables: tuple[str, ...] = ()
    acceptance_criteria: tuple[str, ...] = ()
    constraints: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    excerpt: str = ""
    assignment_reason: str = ""
    phase: str = ""  # the author's phase or group heading, kept as written
    state: Literal["open", "done", "skipped"] = "open"  # done/skipped in the plan itself: never delegated
    inferred: tuple[str, ...] = ()  # the prerequisites in depends_on that were implied, not stated


class Phase(BaseModel):
    """A topological layer: every task in it depends only on tasks of earlier phases."""

    model_config = ConfigDict(frozen=True)

    number: int
    task_keys: tuple[str, ...]


class Plan(BaseModel):
    """A validated decomposition of one plan issue."""

    model_config = ConfigDict(frozen=True)

    title: str
    summary: str = ""
    tasks: tuple[Task, ...]
    acceptance_criteria: tuple[str, ...] = ()
    planner: str = "rules"

    def task(self, key: str) -> Task:
        for task in self.tasks:
            if task.key == key:
                return task
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        return [task.key for task in self.tasks]

    def dependents(self, key: str) -> list[str]:
        """Keys of the tasks that wait on `key`, in plan order."""
        return [task.key for task in self.tasks if key in task.depends_on]

    def phases(self) -> list[Phase]:
        """Topological layers (Kahn's algorithm), keeping plan order inside a layer.

        Assumes the plan is acyclic and closed (the sufficiency check guarantees both); any task
        left over by a cycle is put in a last layer rather than dropped.
        """
        remaining = {task.key: set(task.depends_on) & set(self.keys) for task in self.tasks}
        layers: list[Phase] = []
        done: set[str] = set()
        while remaining:
            layer = [key for key in self.keys if key in remaining and remaining[key] <= done]
            if not layer:
                layer = [key for key in self.keys if key in remaining]
            for key in layer:
                del remaining[key]
            done.update(layer)
            layers.append(Phase(number=len(layers) + 1, task_keys=tuple(layer)))
        return layers

    def ordered_keys(self) -> list[str]:
        """Keys in dependency order: the order sub-issues are created and listed in."""
        return [key for phase in self.phases() for key in phase.task_keys]


class Question(BaseModel):
    """A clarifying question asked instead of guessing; `about` names the task or line concerned."""

    model_config = ConfigDict(frozen=True)

    about: str
    text: str


class PlanOutcome(BaseModel):
    """What a planner returns: a plan, or the questions that must be answered first.

    `notes` carry what the user should know about how the plan was made (for example that the
    Claude planner was unavailable and the rule-based planner stood in).
    """

    model_config = ConfigDict(frozen=True)

    plan: Plan | None = None
    questions: tuple[Question, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        return self.plan is not None and not self.questions
