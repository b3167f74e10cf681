"""The sufficiency check: ask instead of delegating a plan that is missing something critical.

Agents cannot ask the author what a vague task means, so before any sub-issue is opened the plan
must have tasks, each task must say what it is, every dependency must name a task, the graph must
be acyclic, the plan must fit the task cap, and done must be defined somewhere. Each question
names the task, line or cycle it is about, so the author can answer by editing the plan.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.domain import Plan, Question, Task
from bot.planning.drafts import DraftPlan
from bot.planning.ordering import Dangling

DEFAULT_CAP = 50
# Tasks read at all, finished ones included: ordering them costs about a millisecond each, so a body of
# thousands of ticked one-word items must be refused before it is ordered, not after seconds of work.
MAX_ITEMS = 1000
_ISSUE_REF = re.compile(r"^\s*(?:[\w.-]+/[\w.-]+)?#\d+\s*$|^\s*https://github\.com/\S+/issues/\d+\s*$")
_VAGUE = re.compile(
    r"^(?:better|improve[ds]?|improving|enhance[ds]?|harden|optimi[sz]e|clean ?up|more|faster|nicer|robust|"
    r"refine|polish|general|misc|various|some)\b",
    re.IGNORECASE,
)
_COMPARATIVE = re.compile(r"\b(?:faster|better|nicer|cleaner|quicker|easier|more (?:robust|reliable|secure|stable))\b"
                          r"\s*$", re.IGNORECASE)
_DECISION = re.compile(r"^(?:pick|choose|decide|select|evaluate|figure out)\b", re.IGNORECASE)
_OPEN_CHOICE = re.compile(r",\s*etc\b|\betc\.?\s*(?:for|to|as|$)|\bor (?:similar|something|whatever)\b|\?\s*$",
                          re.IGNORECASE)
# "TBD", "TODO (after the workshop)", "…": a slot the author has not filled yet, whatever its asides say
_PLACEHOLDER = re.compile(r"^(?:tbd|tbc|tba|todo|to ?do|to be (?:defined|determined|decided|confirmed|done)|n/?a|"
                          r"xxx+|placeholder|\?+|\.{3}|…)$", re.IGNORECASE)
_ASIDES = re.compile(r"\([^()]*\)|\[[^\]]*\]")
# A meeting's action item: a person, then a chore of coordination rather than a change to the product
_PERSON = re.compile(r"^\s*(?:@[\w-]+|[A-Z][a-z]+\s+to\b)\s*[:\u2014\u2013-]?\s*")
_CHORE = re.compile(
    r"^(?:follow[\s-]?up|look\s+into|check\s+(?:with|in\s+with)|ask|discuss|talk\s+to|ping|chase|share|circle\s+back"
    r"|report\s+back|think\s+about|sync\s+with|(?:set\s+up|schedule|book|arrange)\s+a\s+(?:meeting|call|chat|session))\b",
    re.IGNORECASE,
)
MIN_TITLE_WORDS = 2  # a bare one-word title ("Webhooks") does not say what to do; "Write tests" does


def check_drafts(source: DraftPlan, cap: int = DEFAULT_CAP) -> list[Question]:
    """Problems that stop the plan from being assembled at all: unreadable, empty, or too big."""
    if source.problems:
        return list(source.problems)
    if not source.drafts:
        return [
            Question(
                about="the plan",
                text="I could not find any actionable tasks. List them as bullet points, a task list "
                "(`- [ ] …`), one heading per task, or a fenced `yaml` block with a `tasks:` list.",
            )
        ]
    open_tasks = sum(draft.state == "open" for draft in source.drafts)  # finished work is not delegated
    if open_tasks > cap:
        return [
            Question(
                about="the plan",
                text=f"The plan has {open_tasks} open tasks, more than the limit of {cap}. Could you "
                "split it into several plan issues, or merge small tasks into larger ones?",
            )
        ]
    if len(source.drafts) > MAX_ITEMS:
        return [Question(about="the plan", text=f"The plan lists {len(source.drafts)} tasks, finished ones "
                         f"included, more than the {MAX_ITEMS} I read. Could you move the finished work out of the "
                         "plan, or split it into several plan issues?")]
    return []


def check_plan(plan: Plan, dangling: Sequence[Dangling], where: Mapping[str, str]) -> list[Question]:
    """Questions about an assembled plan; empty when it is ready to delegate."""
    questions = [question for task in plan.tasks if (question := _unclear(task, where[task.key])) is not None]
    questions += [_cycle(cycle, plan) for cycle in find_cycles(plan)]
    if not questions and _only_chores(plan):
        questions.append(Question(about="the plan", text="These items are follow-ups for people (ask, look into it, "
                                  "share, meet), not work an agent can do. What should be built or changed?"))
    return questions


def _only_chores(plan: Plan) -> bool:
    """Whether every open task is a meeting's follow-up for a person ("@olu — follow up", "Kemi to ask legal",
    "set up a meeting with finance"): action items that describe no work."""
    open_tasks = [task for task in plan.tasks if task.state == "open"]
    return bool(open_tasks) and all(_PERSON.match(task.title) and _CHORE.match(_action(task)) for task in open_tasks)


def _action(task: Task) -> str:
    """What an action item asks, without the person it is assigned to ("@hana — look into it", "Kemi to ask …")."""
    return _PERSON.sub("", task.title) or task.description.strip()


def _unclear(task: Task, where: str) -> Question | None:
    """The question an open task needs before an agent can start on it, if any."""
    if _ISSUE_REF.match(task.title):
        return Question(about=where, text="This item is only a reference to another issue. Say here what the task "
                        "is (a sentence is enough), so the agent that gets it knows the work.")
    if task.state != "open":
        return None
    if _PLACEHOLDER.match(_ASIDES.sub("", task.title).strip(" :.-—\u2013")):
        return Question(about=where, text="This item is a placeholder. What is the task? A sentence is enough.")
    if _is_bare(task):
        return _undescribed(where)
    described = task.description.strip() or task.acceptance_criteria or task.deliverables
    if not described and (_VAGUE.match(task.title) or _COMPARATIVE.search(task.title)) and len(task.title.split()) <= 5:
        return Question(about=where, text="This names a goal, not the work: what exactly should change, and how "
                        "will we know it is done?")
    if _OPEN_CHOICE.search(task.title) or (not described and _DECISION.match(task.title)
                                            and len(task.title.split()) <= 4):
        return Question(about=where, text="This leaves a choice open. Which one should the agent use?")
    return None


def _is_bare(task: Task) -> bool:
    described = task.description.strip() or task.acceptance_criteria or task.deliverables
    return not described and len(task.title.split()) < MIN_TITLE_WORDS


def _undescribed(where: str) -> Question:
    return Question(
        about=where,
        text="What should this task do? Add a sentence of description or some acceptance criteria under it.",
    )


def _dangling(item: Dangling) -> Question:
    if item.candidates:
        names = ", ".join(f"“{title}”" for title in item.candidates[:5])
        text = f"It depends on “{item.ref}”, which matches several tasks: {names}. Which one is it?"
    else:
        text = (
            f"It depends on “{item.ref}”, which is not a task in this plan. Which task did you mean? "
            "Refer to it by its number in the plan (`#2`) or by its title."
        )
    return Question(about=item.where, text=text)


def _cycle(cycle: list[str], plan: Plan) -> Question:
    titles = " → ".join(f"“{plan.task(key).title}”" for key in cycle)
    return Question(
        about=" → ".join(cycle),
        text=f"These tasks wait on each other in a cycle: {titles}. Which of these dependencies should go?",
    )


def find_cycles(plan: Plan) -> list[list[str]]:
    """One named cycle ("a → b → a" as [a, b, a]) per strongly connected group of tasks.

    Iterative Tarjan, so a hostile plan with a very long chain cannot exhaust the stack.
    """
    known = set(plan.keys)
    graph = {task.key: [dep for dep in task.depends_on if dep in known] for task in plan.tasks}
    cycles: list[list[str]] = []
    for group in _components(graph):
        if len(group) > 1 or group[0] in graph[group[0]]:
            order = {key: i for i, key in enumerate(plan.keys)}
            cycles.append(_walk_cycle(sorted(group, key=order.__getitem__), graph))
    return cycles


def _components(graph: dict[str, list[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if child < len(graph[node]):
                work.append((node, child + 1))
                nxt = graph[node][child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return groups


def _walk_cycle(group: list[str], graph: dict[str, list[str]]) -> list[str]:
    """A concrete cycle inside one strongly connected group, starting from its first task in plan order."""
    members = set(group)
    start = group[0]
    path = [start]
    seen = {start}
    while True:
        nxt = next(dep for dep in graph[path[-1]] if dep in members)
        if nxt in seen:
            return [*path[path.index(nxt) :], nxt]
        path.append(nxt)
        seen.add(nxt)
