"""Order from the plan's layout: numbered steps and phases.

Authors write steps in the order to do them and phases in the order to ship them, but not every
line of work is one sequence: infrastructure, delivery and code run side by side, the frontend and
the backend too, and the feature phases after a foundation phase each start where it ends. Each
edge says which part of the layout it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.planning.topics import topic_words

CHECKING = ("unit-testing", "validation")  # the agents whose work checks other work
VERIFY = re.compile(r"\b(?:verif\w*|end[- ]to[- ]end|e2e|manual|quickstart|smoke|acceptance|full[- ]solution|"
                    r"test the implementation|integration|rehearsal|drill|trial|pilot|dry run)\b",
                    re.IGNORECASE)
DOCS = re.compile(r"\b(?:readme|docs?|documentation|document|changelog|guide)\b|\w\.md\b", re.IGNORECASE)
_FRONTEND = re.compile(r"\b(?:front[- ]?end|ui|client[- ]side|browser|javascript|css|html)\b", re.IGNORECASE)
_BACKEND = re.compile(r"\b(?:back[- ]?end|api|server(?:[- ]side)?|service|datastore|database|db)\b", re.IGNORECASE)
_AFTERWARDS = re.compile(r"\W*(?:post[- ]?(?:implementation|launch|release|merge|deploy\w*|rollout)|after\b|"
                         r"follow[- ]?ups?\b|wrap[- ]?up\b)", re.IGNORECASE)
_FOUNDATION_PHASE = re.compile(r"\b(?:foundation\w*|setup|set[- ]up|infrastructure|prerequisites?|groundwork|"
                               r"scaffold\w*|bootstrap\w*)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Stages:
    """The phase each task sits in, and what the plan says of their order: the tasks of each phase its phase
    waits on (`ordered` when it states any), and whether tests are written before the code they test."""

    names: Sequence[str]
    waits: Sequence[Sequence[Sequence[int]]]
    ordered: bool = False
    tests_first: bool = False


@dataclass(frozen=True)
class Inferred:
    """One implied prerequisite and why."""

    task: str
    after: str
    reason: str


def afterwards(stages: Stages) -> Stages:
    """A closing section named for what comes after the work ("Post-implementation tasks", "Follow-up")
    waits on where the phase before it ends, as a phase the plan says follows it would."""
    order = list(dict.fromkeys(name for name in stages.names if name))
    if stages.ordered or len(order) < 2 or not _AFTERWARDS.match(order[-1]):
        return stages
    before = [index for index, name in enumerate(stages.names) if name == order[-2]]
    waits = [[before] if name == order[-1] else [] for name in stages.names]
    return Stages(stages.names, waits, True, stages.tests_first)


def on_foundation(stages: Stages, steps: list[bool], checking: Sequence[bool]) -> tuple[Stages, list[bool]]:
    """Phases of numbered steps after a first phase that lays the foundation ("Phase 1: Foundation setup"),
    with no order stated between them: each later phase is a feature built on that foundation. Its steps
    start where the foundation ends, not after the step numbered before them (in another feature, or
    one the author merely wrote first), and they order no work within their phase. Tests and checks wait
    on what they check, not on the foundation."""
    order = list(dict.fromkeys(name for name in stages.names if name))
    base = [index for index, name in enumerate(stages.names) if order and name == order[0]]
    if stages.ordered or len(order) < 2 or len(base) < 2 or not _FOUNDATION_PHASE.search(order[0]) \
            or not all(step for step, name in zip(steps, stages.names, strict=True) if name):
        return stages, steps  # a phase that is one step is that step: numbered in order like the others
    waits = [[base] if name and name != order[0] and not checks else []
             for name, checks in zip(stages.names, checking, strict=True)]  # a test waits on what it tests
    later = [step and name == order[0] for step, name in zip(steps, stages.names, strict=True)]
    return Stages(stages.names, waits, True, stages.tests_first), later


def short(title: str, limit: int = 60) -> str:
    """A title cut at a word to fit a one-line note."""
    return title if len(title) <= limit else title[: limit - 1].rsplit(" ", 1)[0] + "…"


def next_step(index: int, keys: Sequence[str], titles: Sequence[str], agents: Sequence[str],
              steps: Sequence[bool], runs: Sequence[str], graph: dict[str, set[str]]) -> list[Inferred]:
    """A numbered step heading waits on the step before it in its line of work: the author wrote them in order.

    Provisioned infrastructure, delivery and code are separate lines, so a step waits on the nearest
    earlier step of its own line; a verification step checks the work just before it, whatever its line.
    Tests, docs and review gates are side work: they neither wait on the step before them nor hold up the next.
    A step written beside the one before it (`beside`) is parallel work: it waits on what that one waits on.
    """
    verifying = agents[index] == "validation" and VERIFY.search(titles[index]) is not None
    lane = _lane(agents[index], titles[index])
    if not steps[index] or (lane is None and not verifying):
        return []
    before = index - 1
    while before >= 0 and steps[before] and runs[before] == runs[index] \
            and not _continues(_lane(agents[before], titles[before]), lane, verifying) \
            and not _sets_up(before, titles, steps, runs):
        before -= 1
    if before < 0 or not steps[before] or runs[before] != runs[index]:
        return []
    if {side(titles[index]), side(titles[before])} == {"frontend", "backend"}:
        return []  # "Settings modal (Frontend)" after "Person schema (API)": the other side, not its next step
    if not verifying and beside(titles[index], titles[before]):
        return [Inferred(keys[index], after, f"written beside “{short(titles[before])}”, it needs the same work")
                for after in sorted(graph[keys[before]], key=keys.index)]
    return [Inferred(keys[index], keys[before], "the plan numbers it as the next step")]


_LEAD = re.compile(r"^\W*(create|add|build|implement|write|define|set\s+up|scaffold|introduce|develop|make)\b",
                   re.IGNORECASE)
# What ends a line of work: a job runs on its own schedule and a backfill once; nothing is built on either
_LEAF = re.compile(r"\b(?:jobs?|cron\s?jobs?|backfill\w*)\b", re.IGNORECASE)


def beside(title: str, before: str) -> bool:
    """Whether a numbered step stands beside the step before it rather than on it: it names nothing that
    one names, and either both make a new thing (`made_alike`) or that one ends its line of work ("Season
    rollover job", "Historical backfill")."""
    if topic_words(title) & topic_words(before):
        return False
    return made_alike(title, before) or _LEAF.search(before) is not None


def made_alike(title: str, before: str) -> bool:
    """"Create the wrapper scripts", "Create the Dockerfile templates": two new things made the same way,
    named apart. They are parts of one piece of work, side by side."""
    lead, lead_before = _LEAD.match(title), _LEAD.match(before)
    return bool(lead and lead_before and lead.group(1).lower() == lead_before.group(1).lower()) \
        and not topic_words(title) & topic_words(before)


def sibling_steps(titles: Sequence[str], steps: Sequence[bool], phases: Sequence[str]) -> dict[int, list[int]]:
    """For each numbered step made alike with the steps just before it (`made_alike`), those steps: what
    builds on the last of such parts builds on all of them. A fact of the plan, worked out once."""
    found: dict[int, list[int]] = {}
    for index in range(1, len(titles)):
        if steps[index] and steps[index - 1] and phases[index] == phases[index - 1] \
                and made_alike(titles[index], titles[index - 1]):
            found[index] = [*found.get(index - 1, []), index - 1]
    return found


_SETS_UP = re.compile(r"\b(?:setup|set[- ]up|scaffold\w*|skeleton|bootstrap\w*|initiali[sz]\w*)\b", re.IGNORECASE)


def _sets_up(index: int, titles: Sequence[str], steps: Sequence[bool], runs: Sequence[str]) -> bool:
    """The first step of a run that sets it up ("Project and database setup"): every line of work starts there."""
    first = index == 0 or not steps[index - 1] or runs[index - 1] != runs[index]
    return first and _SETS_UP.search(titles[index]) is not None


def side(title: str) -> str | None:
    """The side of the product a title names ("(Frontend)", "Service: …"), when it names one only."""
    front, back = _FRONTEND.search(title) is not None, _BACKEND.search(title) is not None
    return None if front == back else "frontend" if front else "backend"


def side_work(agent: str, title: str) -> bool:
    """Tests, verification, review gates and docs: work that nothing else builds on."""
    return agent in CHECKING or DOCS.search(title) is not None


def _lane(agent: str, title: str) -> str | None:
    """The line of work a step continues; None for side work."""
    if side_work(agent, title):
        return None
    return {"cloud-primitives": "infrastructure", "deployment": "delivery"}.get(agent, "code")


def _continues(earlier: str | None, lane: str | None, verifying: bool) -> bool:
    return earlier is not None and (verifying or earlier == lane)


def phase_start(index: int, keys: Sequence[str], titles: Sequence[str], agents: Sequence[str],
                 graph: dict[str, set[str]], stages: Stages, known: dict[int, list[int]]) -> list[Inferred]:
    """A task that waits on nothing in its phase waits on where each phase before it ends: the tasks nothing
    else in that phase waits on (side work only when that is all), leaving out an end another one reaches.

    Earlier phases are settled by then, so their ends are worked out once per phase (`known`)."""
    ends: list[int] = []
    for members in stages.waits[index]:
        if members and members[0] not in known:
            inside = {keys[j] for j in members}
            waited = {dep for j in members for dep in graph[keys[j]] if dep in inside}
            closing = [j for j in members if keys[j] not in waited]
            known[members[0]] = [j for j in closing if not side_work(agents[j], titles[j])] or closing
        ends += known.get(members[0], []) if members else []
    reached = set().union(*(below(graph, keys[j]) for j in ends)) if ends else set()
    return [Inferred(keys[index], keys[j], f"the plan puts its phase after “{short(stages.names[j])}”")
            for j in ends if keys[j] not in reached]


def below(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every task `start` waits on, directly or through others."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        for dep in graph.get(stack.pop(), ()):
            if dep not in seen:
                seen.add(dep)
                stack.append(dep)
    return seen
