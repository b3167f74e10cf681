"""Order from the wording of a line: the things it names and where it says the work runs.

People writing a short plan in an issue name what a step uses the way they would say it: "calls the
limiter", "register all routers", "load test staging". Each rule follows such a phrase back to the task
that introduced the thing, wired it, or deployed there; each edge says which phrase it follows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.planning.layout_order import CHECKING, DOCS, Inferred, short
from bot.planning.topics import references, spelled, written

# "Deploy pipeline to staging", "Release workflow": the word names the tooling built, not a shipping of the work
RELEASE = re.compile(r"\b(?:deploy\w*|release|ship|roll\s?out|launch|publish|go[- ]live|tag\s+`?v\d+(?:\.\d+)*`?"
                     r"|enable\s+(?:[\w-]+\s+){0,3}?(?:in|on)\s+(?:production|prod))\b"
                     r"(?!\s+(?:pipelines?|jobs?|workflows?|scripts?|keys?|tooling)\b)", re.IGNORECASE)
_REACH = 15  # how far back a line looks for the thing it names

API = re.compile(r"\b(?:api|apis|endpoints?|routes?|routers?|blueprints?|controller|graphql|rest)\b|"
                 r"\b(?:GET|POST|PUT|PATCH|DELETE)\s+/", re.IGNORECASE)
ENDPOINT = re.compile(r"\b(?:GET|POST|PUT|PATCH|DELETE)\s+/|`/[\w{}/.-]+`|\bendpoints?\b", re.IGNORECASE)
REGISTER = re.compile(r"^\W*(?:register|mount|wire|include|plug|hook)\w*\b.*\b(?:routers?|blueprints?|routes?|"
                      r"endpoints?|controllers?)\b", re.IGNORECASE)

_ENVIRONMENT = re.compile(r"\b(?:staging|production|prod|pre-?prod\w*|canary|uat|sandbox|preview env\w*)\b",
                          re.IGNORECASE)


def _environments(title: str) -> set[str]:
    return {match.group(0).lower()[:4] for match in _ENVIRONMENT.finditer(title)}  # "prod" is "production"


def in_environment(index: int, keys: Sequence[str], titles: Sequence[str],
                   agents: Sequence[str]) -> list[Inferred]:
    """A check run in an environment ("Load test staging with k6") waits on the latest step that deploys
    there ("Roll out … staging first"): it checks what that step put there, which is all the work it ships."""
    places = _environments(titles[index]) if agents[index] in CHECKING else set()
    if not places:
        return []
    deploys = [j for j in range(index - 1, -1, -1) if agents[j] == "deployment"]
    there = [j for j in deploys if places & _environments(titles[j])]
    # none names the place: the release before it put the work there ("Ship to the pilot studios, then everyone")
    there = there or [j for j in deploys if releases(titles[j])]
    return [Inferred(keys[index], keys[there[0]], f"it checks the environment “{short(titles[there[0]])}” "
                                                  "deploys to")] if there else []


_SWITCH_ON = re.compile(r"^\W*(?:enable|turn\s+on|switch\s+on|flip|activate)\b", re.IGNORECASE)


def releases(title: str) -> bool:
    """A line that opens with shipping the work ("Release …", "Roll out …"), or with switching it on in an
    environment ("Enable in production and backfill …"): what it turns on there is all the work before it."""
    return RELEASE.match(title) is not None or (_SWITCH_ON.match(title) is not None and bool(_environments(title)))


def registers(index: int, keys: Sequence[str], titles: Sequence[str], agents: Sequence[str],
              words: Sequence[set[str]], graph: dict[str, set[str]]) -> list[Inferred]:
    """"Register all routers", "Mount the swaps blueprint": wiring routes into the app waits on the modules the
    endpoints are written in (or on the endpoints, when no module holds them), those it names or else all."""
    if not REGISTER.match(titles[index]):
        return []
    endpoints = [j for j in range(index) if ENDPOINT.search(titles[j]) and agents[j] not in CHECKING]
    position = {key: j for j, key in enumerate(keys)}
    modules = sorted({position[dep] for j in endpoints for dep in graph[keys[j]]
                      if API.search(titles[position[dep]]) and not ENDPOINT.search(titles[position[dep]])})
    pool = modules or endpoints
    named = [j for j in pool if words[index] & words[j]]
    return [Inferred(keys[index], keys[j], f"it wires in “{short(titles[j])}”") for j in named or pool]


_FOR_THE = re.compile(r"\bfor\s+the\s+[^,;:()]*", re.IGNORECASE)


def refers_back(index: int, keys: Sequence[str], titles: Sequence[str], agents: Sequence[str]) -> list[Inferred]:
    """Work that names a thing with "the" ("calls the limiter", "checks the token with the signer") waits on
    the task that introduced it: the first recent one writing all the words of that thing as this one does.
    Infrastructure provisioned for a thing ("IAM role for the export job") comes before it, not after."""
    if agents[index] in (*CHECKING, "datatypes"):
        return []
    title = _FOR_THE.sub("", titles[index]) if agents[index] == "cloud-primitives" else titles[index]
    found: dict[int, str] = {}
    earlier = [j for j in range(max(index - _REACH, 0), index) if agents[j] not in CHECKING]
    for phrase, thing in references(title):
        # the one naming the whole phrase ("the label service"), else the one naming its topic ("the limiter")
        introduced = next((j for j in earlier if spelled(phrase) <= spelled(titles[j])),
                          next((j for j in earlier if thing <= written(titles[j])), None))
        if introduced is not None:
            found.setdefault(introduced, phrase)
    return [Inferred(keys[index], keys[j], f"it uses the {phrase} that “{short(titles[j])}” introduces")
            for j, phrase in sorted(found.items())]


def provisioned_for(keys: Sequence[str], titles: Sequence[str], agents: Sequence[str]) -> list[Inferred]:
    """Infrastructure provisioned for a thing written before it ("IAM for the erasure job" after "Nightly
    erasure job …"): the thing runs on it, so it waits on it, though the plan writes it first. A schema that
    merely names the thing runs on nothing."""
    found: list[Inferred] = []
    for index, title in enumerate(titles):
        if agents[index] != "cloud-primitives":
            continue
        for phrase, _ in (ref for match in _FOR_THE.finditer(title) for ref in references(match.group(0))):
            user = next((j for j in range(max(index - _REACH, 0), index) if agents[j] not in _NOT_RUNNING
                         and spelled(phrase) <= spelled(titles[j])), None)
            if user is not None:
                found.append(Inferred(keys[user], keys[index], f"it runs on the infrastructure “{short(title)}” "
                                                               f"provisions for the {phrase}"))
    return found


_PLACES = ("cloud-primitives", "deployment")
# What runs on infrastructure is code: a table whose column names the thing ("`machines` … board id") does not
_NOT_RUNNING = (*CHECKING, *_PLACES, "datatypes")
_SCAFFOLD = re.compile(r"\b(?:skeleton|scaffold\w*|bootstrap)\b", re.IGNORECASE)
_WHOLE = re.compile(r"\b(?:extension|app|application|project|service|repo|repository|package|plugin|site|cli|bot)\b",
                    re.IGNORECASE)


def whole_scaffold(titles: Sequence[str]) -> int | None:
    """The task creating the whole the plan opens with ("Scaffold the extension", not "Deliveries controller
    skeleton", nor one of several scaffolds): a fact of the plan, worked out once for all its tasks."""
    scaffolds = [j for j, title in enumerate(titles) if _SCAFFOLD.search(title)]
    return 0 if scaffolds == [0] and _WHOLE.search(titles[0]) is not None else None


def on_scaffold(index: int, keys: Sequence[str], titles: Sequence[str], agents: Sequence[str],
                scaffold: int | None) -> list[Inferred]:
    """Work that names nothing earlier waits on the scaffold of the whole the plan opens with (`whole_scaffold`):
    the code and its pipeline live in what that task creates. Infrastructure and checks stand apart."""
    if scaffold is None or index <= scaffold or agents[index] in (*CHECKING, "cloud-primitives") \
            or DOCS.search(titles[index]):
        return []
    return [Inferred(keys[index], keys[scaffold], f"it lives in what “{short(titles[scaffold])}” creates")]


_SHARED = re.compile(r"\b(?:shared|common)\b", re.IGNORECASE)


def on_shared_data(index: int, keys: Sequence[str], titles: Sequence[str],
                   agents: Sequence[str]) -> list[Inferred]:
    """Code that names nothing earlier waits on the shared data an earlier task defines for the rest ("Define a
    shared retention policy format"): the author says it is there for the others to use."""
    if agents[index] != "feature-implementation" or DOCS.search(titles[index]):
        return []
    shared = next((j for j in range(index - 1, max(index - _REACH, 0) - 1, -1)
                   if agents[j] == "datatypes" and _SHARED.search(titles[j])), None)
    return [] if shared is None else [Inferred(keys[index], keys[shared], f"it uses what “{short(titles[shared])}” "
                                                                         "defines for the rest")]
