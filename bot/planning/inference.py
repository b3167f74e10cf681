"""Order the plan does not state but clearly implies, each edge with the evidence for it.

Only tasks the author gave no prerequisites get inferred ones, and only from evidence in the
text: a test task waits on the feature it names (or the kind of work, or the finished product it
names); docs on the work they name in full; a screen on the API it shows; a task on the schema or
model it names, or whose detail defines a name it uses; work in a group on the module or skeleton
the group creates first; a numbered step on the step before it in its line of work (not across the
frontend/backend divide, nor beside parts made alike);
a phase on the phases the plan says it follows, or on the foundation phase it opens with; a task
on the one that introduced the topic it shares; a closing verification on the work that nothing
else waits on; a release on all the open work before it. What a line names in words ("calls the limiter",
"register all routers", "load test staging") is followed back in `wording_order`. Never all pairs:
every edge has one reason, shown in the roadmap, so a wrong guess is easy to spot and undo with `/replan`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from bot.planning.layout_order import (
    CHECKING,
    DOCS,
    VERIFY,
    Inferred,
    Stages,
    afterwards,
    next_step,
    on_foundation,
    phase_start,
    short,
    sibling_steps,
    side,
    side_work,
)
from bot.planning.routes_named import on_route
from bot.planning.topics import affinity, identifiers, shown, siblings, spelled, topic_words
from bot.planning.wording_order import (
    API,
    ENDPOINT,
    REGISTER,
    RELEASE,
    in_environment,
    on_scaffold,
    on_shared_data,
    provisioned_for,
    refers_back,
    registers,
    releases,
    whole_scaffold,
)

__all__ = ["Inferred", "Stages", "infer", "short"]

# What a group's first task may create for the rest: a named foundation, or a file it creates (not one it edits)
_FOUNDATION = re.compile(
    r"^(?:create|add|scaffold|set up|setup|initiali[sz]e|bootstrap|new)\b.*`[^`]*\.[a-z]{1,4}`|"
    r"\b(?:skeleton|scaffold|foundation|bootstrap|base functionality|module|setup|set up|abstraction|interface)\b",
    re.IGNORECASE,
)
_NAMED_FOUNDATION = re.compile(r"skeleton|scaffold", re.IGNORECASE)


_UI = re.compile(r"\b(?:ui|page|pages|screen|screens|dashboard|component|components|view|views|form|frontend|"
                 r"modal|widget)\b", re.IGNORECASE)
_TOOLING = re.compile(r"\btest\w*\s+(?:helper|harness|fixture|framework|setup|infrastructure|utilit)\w*|"
                      r"\b(?:fixtures|mocks?|stubs?)\b", re.IGNORECASE)
# How the tests run ("pytest-xdist parallelism", "coverage threshold"): configuration, not a test of a feature
_TEST_CONFIG = re.compile(r"\btest\w*\s+config\w*|\b(?:pytest-\w+|conftest|addopts)\b|"
                          r"\bcoverage\s+(?:threshold|settings|config\w*|gate|enforcement)", re.IGNORECASE)
_TESTS = re.compile(r"\btest", re.IGNORECASE)
# a check that names what it checks: "Load test the detector", "Sandbox purchase verification"
_NAMES_CHECKED = re.compile(r"\btest|\bverification\b", re.IGNORECASE)
_DECISION = re.compile(r"(?:decide|choose|pick|agree|settle)\s+(?:on|between|whether|if|when|which|what|how|where|"
                       r"who|the|a|an)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Plan:
    """What every rule reads of the plan, and the facts of the whole plan worked out once for all its tasks
    (the test tooling, the scaffold of the whole), not again for each task."""

    keys: Sequence[str]
    titles: Sequence[str]
    agents: Sequence[str]
    phases: Sequence[str]
    steps: Sequence[bool]
    words: Sequence[set[str]]
    defined: Sequence[list[frozenset[str]]]
    named: Sequence[list[frozenset[str]]]
    stages: Stages
    done: Sequence[bool]
    tooling: int
    scaffold: int | None
    siblings: dict[int, list[int]]
    position: dict[str, int]  # a task's index, by key
    group_start: Sequence[int]  # the first task of the phase each task is in


def _group_starts(phases: Sequence[str]) -> list[int]:
    """For each task, the first task of the run of its phase (itself when it has none)."""
    starts: list[int] = []
    for index, phase in enumerate(phases):
        starts.append(starts[index - 1] if index and phase and phases[index - 1] == phase else index)
    return starts


def infer(
    keys: Sequence[str], titles: Sequence[str], agents: Sequence[str], phases: Sequence[str],
    stated: Sequence[Sequence[str]], steps: Sequence[bool] = (), free: frozenset[str] = frozenset(),
    stages: Stages | None = None, done: Sequence[bool] = (), details: Sequence[str] = (),
    last: frozenset[str] = frozenset(), said: Sequence[Inferred] = (),
) -> list[Inferred]:
    """Implied prerequisites for the tasks with none stated (nor stated to be free), in plan order.

    When the plan states the order between its phases (`stages`), numbered steps follow each other only
    within a phase, and a phase starts where the phases it waits on end. The tasks in `last` say they come
    after everything before them ("once everything above has been merged"), whatever their title.
    """
    steps = list(steps) or [False] * len(keys)
    stages, steps = on_foundation(stages or Stages([""] * len(keys), [[] for _ in keys]), steps,
                                  [agent in CHECKING for agent in agents])
    tooling = next((j for j, title in enumerate(titles) if _TOOLING.search(title)), len(keys))
    words = [topic_words(title) for title in titles]
    details = list(details) or [""] * len(keys)
    # what a schema task defines: the tables, models and fields its detail names; what any task names in code
    defined = [identifiers(f"{titles[j]}\n{details[j][:_DETAIL]}") if agents[j] == "datatypes" else []
               for j in range(len(keys))]
    named = [[spelled(title), *identifiers(detail[:_DETAIL])] for title, detail in zip(titles, details, strict=True)]
    plan = _Plan(keys, titles, agents, phases, steps, words, defined, named, afterwards(stages),
                 list(done) or [False] * len(keys), tooling, whole_scaffold(titles),
                 sibling_steps(titles, steps, phases), {key: j for j, key in enumerate(keys)},
                 _group_starts(phases))
    known: dict[int, list[int]] = {}  # a phase's ends, by its first task
    found: list[Inferred] = []
    graph = {key: set(deps) for key, deps in zip(keys, stated, strict=True)}
    for edge in said:  # said in the task's prose: the rules add to it, as they would to nothing stated
        graph[edge.task].add(edge.after)
    told = {edge.task for edge in said}
    for edge in provisioned_for(keys, titles, agents):  # written after what runs on it
        if not stated[keys.index(edge.task)] and edge.task not in free and not reaches(graph, edge.after, edge.task):
            graph[edge.task].add(edge.after)
            found.append(edge)
    for index, key in enumerate(keys):
        if key not in free and (key in last or (stated[index] and _SHIPS_SOMEWHERE.match(titles[index]))):
            # "Roll out … (only once the broker is provisioned)": what it names first, then all it ships
            edges = [edge for edge in _closing(index, keys, titles, agents, graph, plan.done, key in last)
                     if not reaches(graph, key, edge.after) and not reaches(graph, edge.after, key)]
            graph[key] |= {edge.after for edge in edges}
            found += edges
            continue
        if stated[index] or key in free or _DECISION.match(titles[index]):
            continue  # "Decide when cleanup runs": a question to settle waits on no work
        if plan.stages.tests_first and _is_test(agents[index], titles[index]):
            # written first: it waits on its tools, not on what it tests
            edges = [Inferred(key, keys[tooling], f"it uses “{short(titles[tooling])}”")] if tooling < index else []
        else:
            edges = _implied(index, plan, graph, known, key in told)
            edges += _its_tests(index, keys, titles, agents, plan.words, plan.stages) if plan.stages.tests_first \
                else []
        edges += _with_siblings(index, edges, plan)
        edges += [edge for edge in _uses_finished_model(index, plan) if edge.after not in {e.after for e in edges}]
        edges = [edge for edge in edges if not reaches(graph, edge.after, key)]  # never close a cycle
        graph[key] |= {edge.after for edge in edges}
        found += edges
    return found


def _with_siblings(index: int, edges: Sequence[Inferred], plan: _Plan) -> list[Inferred]:
    """What builds on the last of several parts made alike ("Create the wrapper scripts", "Create the
    Dockerfile templates") builds on all of them, not only on the one written last."""
    position = plan.position
    parts = {part: position[edge.after] for edge in edges for part in plan.siblings.get(position[edge.after], ())}
    return [Inferred(plan.keys[index], plan.keys[part], f"it builds on “{short(plan.titles[last])}” and the parts "
                                                        "made beside it") for part, last in sorted(parts.items())
            if part != index and index not in plan.siblings]


def _implied(index: int, plan: _Plan, graph: dict[str, set[str]], known: dict[int, list[int]],
             told: bool = False) -> list[Inferred]:
    """The first rule with evidence for this task decides its prerequisites; code that uses a model also
    waits on the module its group creates (`POST /query` on the query models and on `query.py`). A closing
    "Release …" ships all the work, not the one task it shares a word with. A task whose prose `told` what it
    uses is not guessed to build on a task, or show one's logic, by shared words alone."""
    keys, titles, agents, words, stages = plan.keys, plan.titles, plan.agents, plan.words, plan.stages
    runs = stages.names if stages.ordered else [""] * len(keys)
    group = _in_group(index, plan.group_start[index], keys, titles, agents, words) if not plan.steps[index] else []
    model = _uses_model(index, keys, titles, agents, words)
    return (
        (_closing(index, keys, titles, agents, graph, plan.done) if releases(titles[index]) else [])
        or in_environment(index, keys, titles, agents)
        or _tested(index, plan, graph)
        or _documented(index, plan)
        or _uses_api(index, keys, titles, agents, words, guess=not told)
        or on_route(index, keys, titles, agents)
        or registers(index, keys, titles, agents, words, graph)
        or refers_back(index, keys, titles, agents)
        or (model + [edge for edge in group if edge.after not in graph[model[0].after]] if model else group)
        or next_step(index, keys, titles, agents, plan.steps, runs, graph)
        or (phase_start(index, keys, titles, agents, graph, stages, known) if stages.ordered else [])
        or _like_sibling(index, keys, titles, graph)
        or _uses_defined(index, plan)
        or (_builds_on(index, keys, titles, agents, words) if not told else [])
        or _closing(index, keys, titles, agents, graph, plan.done)
        or on_shared_data(index, keys, titles, agents)
        or on_scaffold(index, keys, titles, agents, plan.scaffold)
    )


def _checks_a_feature(agent: str, title: str) -> bool:
    """A testing or validation task that is not test tooling nor test configuration."""
    return agent in CHECKING and not _TOOLING.search(title) and not _TEST_CONFIG.search(title)


def _test_set_up(agent: str, title: str) -> bool:
    """Test tooling or test configuration: how the tests run, not a test of a feature."""
    return agent in CHECKING and (_TOOLING.search(title) is not None or _TEST_CONFIG.search(title) is not None)


def _is_test(agent: str, title: str) -> bool:
    return _checks_a_feature(agent, title) and _TESTS.search(title) is not None


def _its_tests(index: int, keys: Sequence[str], titles: Sequence[str], agents: Sequence[str],
               words: Sequence[set[str]], stages: Stages) -> list[Inferred]:
    """With tests written first, code waits on the test of it in its phase: the one naming most of its words."""
    if side_work(agents[index], titles[index]) or not stages.names[index]:
        return []
    tests = [(len(words[index] & words[j]), j) for j in range(max(index - _MODEL_REACH, 0), index)
             if stages.names[j] == stages.names[index] and _is_test(agents[j], titles[j])]
    count, test = max(tests, default=(0, -1))
    return [Inferred(keys[index], keys[test], f"the plan writes “{short(titles[test])}” first")] if count else []


def reaches(graph: Mapping[str, Collection[str]], start: str, goal: str) -> bool:
    """Whether `start` already waits on `goal`, directly or through other tasks."""
    seen, stack = {start}, [start]
    while stack:
        for dep in graph.get(stack.pop(), ()):
            if dep == goal:
                return True
            if dep not in seen:
                seen.add(dep)
                stack.append(dep)
    return False


def _tested(index: int, plan: _Plan, graph: dict[str, set[str]]) -> list[Inferred]:
    """A unit-testing task waits on the test tooling the plan builds first (a shared helper, fixtures),
    else on the earlier feature task it shares the most words with; a test naming only a kind of work
    ("Tests (backend)", "the endpoints' happy paths") on the latest work of that kind, and a test of the whole
    the plan scaffolds ("Test the extension by hand") on the finished work."""
    keys, titles, agents = plan.keys, plan.titles, plan.agents
    if not _checks_a_feature(agents[index], titles[index]):
        return []
    closing = index == len(keys) - 1 and VERIFY.search(titles[index]) is not None
    if agents[index] == "validation" and (closing or not _NAMES_CHECKED.search(titles[index])):
        return []  # the closing verification waits on everything; a review gate on nothing it names
    tooling = next((j for j in range(index) if agents[j] == "unit-testing" and _TOOLING.search(titles[j])), None)
    if tooling is not None and agents[index] == "unit-testing":
        return [Inferred(keys[index], keys[tooling], f"it uses “{short(titles[tooling])}”")]
    # a unit test tests code, not the infrastructure or the delivery it runs on; "the signer and the scan
    # endpoint" names two
    subjects = [part for part in _SUBJECTS.split(_subject(titles[index])) if topic_words(part)]
    tested: set[int] = set()
    for subject in subjects or [titles[index]]:
        named = _best_tested(subject, index, titles, agents) if not topic_words(subject) <= _SIDES else set()
        tested |= named or _of_kind(subject, index, plan, graph)
    if plan.scaffold in tested:
        tested = tested - {plan.scaffold} | _finished(index, plan, graph)
    return [Inferred(keys[index], keys[j], f"it tests “{short(titles[j])}”") for j in sorted(tested)]


_DOC_FILE = re.compile(r"`?[\w./-]+\.(?:md|rst|adoc|txt)\b`?", re.IGNORECASE)


def _documented(index: int, plan: _Plan) -> list[Inferred]:
    """Docs wait on the work they describe ("Document the device and preference endpoints"), each part of
    what they name found as a test's subject is, when that task names all of it; the file they are written in
    ("docs/admin-guide.md") names no work. Docs wait on nothing by a shared word alone."""
    titles = plan.titles
    if plan.agents[index] in CHECKING or not DOCS.search(titles[index]):
        return []
    parts = [part for part in _SUBJECTS.split(_DOC_FILE.sub(" ", titles[index])) if topic_words(part)]
    described = {j for part in parts for j in _best_tested(part, index, titles, plan.agents)
                 if topic_words(part) <= plan.words[j]}  # all it names: "webhook semantics" is no one task
    return [Inferred(plan.keys[index], plan.keys[j], f"it documents “{short(titles[j])}”") for j in sorted(described)]


_SIDES = frozenset(("backend", "frontend"))


def _of_kind(subject: str, index: int, plan: _Plan, graph: dict[str, set[str]]) -> set[int]:
    """The work a subject names only by its kind: the side of the product ("backend") or its endpoints. It
    tests the latest work of that kind, the tasks of it that no other task of it builds on."""
    named = topic_words(subject)
    kind = side(subject) if named and named <= _SIDES else None
    if kind is None and not ENDPOINT.search(subject):
        return set()
    members = [j for j in range(index) if plan.agents[j] not in CHECKING and not DOCS.search(plan.titles[j])
               and (side(plan.titles[j]) == kind if kind else ENDPOINT.search(plan.titles[j]) is not None)]
    return _ends(members, plan.keys, graph)


def _finished(index: int, plan: _Plan, graph: dict[str, set[str]]) -> set[int]:
    """The product as built so far: the code and data before `index` that no other of it builds on."""
    members = [j for j in range(index) if plan.agents[j] in ("feature-implementation", "datatypes")
               and not DOCS.search(plan.titles[j])]
    return _ends(members, plan.keys, graph)


def _ends(members: Sequence[int], keys: Sequence[str], graph: dict[str, set[str]]) -> set[int]:
    inside = {keys[j] for j in members}
    waited = {dep for j in members for dep in graph[keys[j]] if dep in inside}
    return {j for j in members if keys[j] not in waited}


_SUBJECTS = re.compile(r",|;|\band\b")
_NOT_CODE = ("cloud-primitives", "deployment")  # what a unit test does not test: where and how the code runs


def _best_tested(subject: str, index: int, titles: Sequence[str], agents: Sequence[str]) -> set[int]:
    """The task a test subject names: most shared words (then as written), then behaviour over its data, then
    the task that names the thing as an identifier (`RateLimiter`, not "calls the limiter"), then the task so
    named (not one whose detail uses it), then the latest."""
    tested_agents = [agent not in CHECKING and (agent not in _NOT_CODE or agents[index] != "unit-testing")
                     for agent in agents]
    named = topic_words(subject)
    overlap = [(shared, exact, agents[j] != "datatypes", introduced, kind, named <= topic_words(_name(titles[j])), j)
               for j in range(index)
               if tested_agents[j] for shared, exact, introduced, kind in [affinity(subject, titles[j])]]
    count, *_, tested = max(overlap, default=(0, 0, False, 0, 0, False, -1))
    if not count:
        return set()
    # "Test health endpoints" tests every variant written on one pattern, not just the last
    return {tested} | {j for shared, *_, j in overlap if shared == count and siblings(titles[j], titles[tested])}


_NAME_END = re.compile(r":\s|\s[\u2014\u2013-]\s")


def _name(title: str) -> str:
    """What a task is called: its title line up to the detail after a colon or a dash ("Streak updater" of
    "Streak updater: when …")."""
    return _NAME_END.split(title, maxsplit=1)[0]


_CASES = re.compile(r"\s*\([^()]*\)")


def _subject(title: str) -> str:
    """What a test names as its subject: "Unit tests for the promoter (empty list, concurrent cancellations)"
    tests the promoter; the cases in brackets name what it runs through, which other tasks may also name."""
    head = _CASES.sub("", title)
    return head if topic_words(head) else title


def _uses_finished_model(index: int, plan: _Plan) -> list[Inferred]:
    """A task still to do uses a finished schema or model whose words it names even when it is written later (a
    board lists its "Done" column last), whatever else it waits on: that work is there already, no later step."""
    if plan.done[index] or plan.agents[index] in ("datatypes", "validation", "cloud-primitives", "deployment"):
        return []
    later = (j for j in range(index + 1, len(plan.keys)) if plan.done[j] and plan.agents[j] == "datatypes"
             and plan.words[index] & plan.words[j])
    model = next(later, None)
    if model is None:
        return []
    named = shown(plan.words[index] & plan.words[model], plan.titles[model])
    return [Inferred(plan.keys[index], plan.keys[model], f"it uses the {named} that “{short(plan.titles[model])}” "
                                                         "defined")]


def _uses_model(index: int, keys: Sequence[str], titles: Sequence[str], agents: Sequence[str],
                words: Sequence[set[str]]) -> list[Inferred]:
    """A task waits on the nearest earlier schema/model task whose words it names."""
    if agents[index] in ("datatypes", "validation", "cloud-primitives", "deployment"):
        return []
    for j in range(index - 1, max(index - _MODEL_REACH, 0) - 1, -1):
        shared = words[index] & words[j]
        if agents[j] == "datatypes" and shared:
            named = affinity(titles[index], titles[j])[:2]
            closer = any(affinity(titles[index], titles[k])[:2] > named for k in range(max(index - _WINDOW, 0), index)
                         if agents[k] not in ("datatypes", *CHECKING))
            if closer:
                return []  # it names another task's work more than this data: it builds on that instead
            return [Inferred(keys[index], keys[j], f"it uses the {shown(shared, titles[j])} that “{short(titles[j])}” "
                                                   "defines")]
    return []


_DETAIL = 600  # how much of a schema task's detail lists what it defines


def _uses_defined(index: int, plan: _Plan) -> list[Inferred]:
    """A task naming no schema task's title waits on the nearest one whose detail defines a name it uses in
    full ("Add the subscription endpoints" after "Implement the alert data model", which defines the
    `Subscription` dataclass; "map CAP messages to `WeatherAlert`" after the one defining `WeatherAlert`)."""
    if plan.agents[index] in ("datatypes", *CHECKING, "cloud-primitives", "deployment") \
            or DOCS.search(plan.titles[index]):
        return []
    for j in range(index - 1, max(index - _MODEL_REACH, 0) - 1, -1):
        used = next((name for name in plan.defined[j] if any(name <= words for words in plan.named[index])), None)
        if used is not None:
            return [Inferred(plan.keys[index], plan.keys[j], f"it uses the {' '.join(sorted(used))} that "
                                                             f"“{short(plan.titles[j])}” defines")]
    return []


def _uses_api(index: int, keys: Sequence[str], titles: Sequence[str], agents: Sequence[str],
              words: Sequence[set[str]], guess: bool = True) -> list[Inferred]:
    """A screen waits on the nearest earlier API it names the topic of, as far as it names it no less than
    the data: the UI calls it ("Billing dashboard UI" after "Billing API routes"), and the API stands on the data.
    With no such API, and when its words are all there is to go by (`guess`), on the logic of its topic."""
    if not _UI.search(titles[index]) or API.search(titles[index]):
        return []
    reach = range(index - 1, max(index - _MODEL_REACH, 0) - 1, -1)
    data = max((len(words[index] & words[j]) for j in reach if agents[j] == "datatypes"), default=0)
    for j in reach:
        shared = words[index] & words[j]
        if API.search(titles[j]) and not _UI.search(titles[j]) and not REGISTER.match(titles[j]) \
                and shared and len(shared) >= data:
            named = shown(shared, titles[j])
            return [Inferred(keys[index], keys[j], f"it shows the {named} that “{short(titles[j])}” serves")]
    if not guess:
        return []
    # no API of its topic: the logic of its topic it shows ("Migration component" after "Migration detection")
    logic = [j for j in reach if agents[j] == "feature-implementation" and not _UI.search(titles[j])
             and not DOCS.search(titles[j]) and len(words[index] & words[j]) > data]
    return [Inferred(keys[index], keys[logic[0]], f"it shows what “{short(titles[logic[0]])}” works out")] \
        if logic else []


# "Roll out at the first shop", "Release behind the flag": shipping the work somewhere, not "Rollout assignment in …"
_SHIPS_SOMEWHERE = re.compile(r"^\W*(?:deploy|release|ship|roll\s?out|launch|publish)\s+"
                              r"(?:(?:the|it|this|all|everything)\s+(?:[\w`-]+\s+){0,3}?)?(?:to|at|in|on|behind|across)\b",
                              re.IGNORECASE)
_PIPELINE = re.compile(r"^\W*(?:ci\b|github actions|gitlab ci|ci/cd|pipeline"
                       r"|(?:deploy\w*|release|build)\s+(?:pipelines?|jobs?|workflows?)\b)", re.IGNORECASE)
_WINDOW = 15  # how far back a task looks for the work it builds on
_MODEL_REACH = 40  # … and for the schema it uses


def _builds_on(index: int, keys: Sequence[str], titles: Sequence[str], agents: Sequence[str],
               words: Sequence[set[str]]) -> list[Inferred]:
    """A task waits on the recent task it shares the most words with: it builds on what that one made.

    Among equals the earliest wins, the one that introduced the shared topic: picking the latest would
    chain every task on a plan-wide word ("key", "webhook") to the one before it. A variant written on
    the same pattern is parallel work, not a prerequisite. Provisioned infrastructure builds on nothing
    in the code, so it never waits this way, and data never builds on code or infrastructure: they use it, or
    hold it, not the reverse.
    Docs describe what they name (`_documented`) and a CI pipeline runs the whole project ("CI: run the
    migration check"): neither builds on a task it shares a word with. Checks build on nothing this way, but
    how the tests run builds on how they ran ("Collapse the coverage threshold" after "Move coverage enforcement").
    """
    set_up = _test_set_up(agents[index], titles[index])
    if (agents[index] in (*CHECKING, "cloud-primitives") and not set_up) or DOCS.search(titles[index]) \
            or _PIPELINE.search(titles[index]):
        return []
    best, choice = (0, 0, 0.0), -1
    for j in range(max(index - _WINDOW, 0), index):
        shared, exact, *_ = affinity(titles[index], titles[j])
        # then: the words it writes as that one does, and how much of that one's topic is shared
        score = (shared, exact, shared / len(words[j]) if words[j] else 0.0)
        data_on_code = agents[index] == "datatypes" and agents[j] in ("feature-implementation", "cloud-primitives")
        alike = _test_set_up(agents[j], titles[j]) if set_up else agents[j] not in CHECKING
        if alike and score > best and not data_on_code and not siblings(titles[index], titles[j]):
            best, choice = score, j
    if choice < 0:
        return []
    named = shown(words[index] & words[choice], titles[choice])
    return [Inferred(keys[index], keys[choice], f"both are about the {named}")]


def _like_sibling(index: int, keys: Sequence[str], titles: Sequence[str],
                  graph: dict[str, set[str]]) -> list[Inferred]:
    """A variant of an earlier task ("Implement Get API key endpoint" after "Implement Create API key endpoint")
    is parallel work: it waits on what that one waits on, not on it."""
    for j in range(index - 1, max(index - _WINDOW, 0) - 1, -1):
        if siblings(titles[index], titles[j]) and graph[keys[j]]:
            return [Inferred(keys[index], after, f"a variant of “{short(titles[j])}”, it needs the same work")
                    for after in sorted(graph[keys[j]], key=keys.index)]
    return []


def _in_group(index: int, first: int, keys: Sequence[str], titles: Sequence[str], agents: Sequence[str],
              words: Sequence[set[str]]) -> list[Inferred]:
    """Work in a group waits on the module or skeleton the group's first task creates; a skeleton of a named
    thing ("Retention purge task skeleton") only for the work on that thing, not for the rest of the group.
    The data a group defines ("Query request/response models") does not wait on its code: code uses data."""
    found = _FOUNDATION.search(titles[first]) if first != index else None
    if agents[index] == "datatypes" and agents[first] != "datatypes":
        return []
    if found is None or (_NAMED_FOUNDATION.fullmatch(found.group(0)) and not words[index] & words[first]):
        return []
    return [Inferred(keys[index], keys[first], f"“{short(titles[first])}” creates what this group builds on")]


def _closing(index: int, keys: Sequence[str], titles: Sequence[str], agents: Sequence[str],
             graph: dict[str, set[str]], done: Sequence[bool], said: bool = False) -> list[Inferred]:
    """The plan's last task, a verification or a release, waits on the work nothing else waits on; so does a
    release anywhere in the plan ("Roll out behind the flag" before a load test): it ships all the work
    written before it, the infrastructure too, not the one task it shares a word with.

    A verification checks the product, so unit tests are not among what it waits on; a release ships
    everything, tests and the pipeline it ships through included. Docs hold nothing up, and a closing task
    still to do waits only on work still to do: finished work is no reason to wait. A task that `said` it comes
    after everything before it ("once everything above is merged") waits on that work as a release does.
    """
    verifying = agents[index] == "validation" and VERIFY.search(titles[index]) is not None and not said
    # a pipeline ships nothing yet
    releasing = said or (agents[index] == "deployment" and not _PIPELINE.search(titles[index])
                         and (RELEASE.search(titles[index]) is not None or releases(titles[index])))
    if index == 0 or not (verifying or releasing) or (index != len(keys) - 1 and not releasing):
        return []
    skipped = {"unit-testing", agents[index]} if verifying else set()
    waited_on = {dep for j, key in enumerate(keys[:index]) if agents[j] not in skipped and not DOCS.search(titles[j])
                 for dep in graph[key]}  # docs describe work: what they wait on is still to be checked
    ends = [j for j in range(index) if keys[j] not in waited_on and agents[j] not in skipped
            and not DOCS.search(titles[j]) and not (verifying and _dev_tooling(agents[j], titles[j]))]
    if not done[index]:
        ends = [j for j in ends if not done[j]]
    reason = "it verifies the finished work" if verifying else "it ships the finished work"
    return [Inferred(keys[index], keys[j], reason) for j in ends]


_SHIPS = re.compile(r"\b(?:pipeline|container\w*|docker\w*|image|build|enabl\w*|cut\s?over|staging|production|prod)\b",
                    re.IGNORECASE)


def _dev_tooling(agent: str, title: str) -> bool:
    """Delivery work that ships nothing ("Configure golangci-lint", "Add a justfile"): the developers' tooling,
    which a verification of the product does not check."""
    return agent == "deployment" and not RELEASE.search(title) and not _SHIPS.search(title)

