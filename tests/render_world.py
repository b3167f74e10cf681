"""Domain objects for the golden tests of the renderers: one plan, its states, built by hand.

Built here rather than by a planner, so a golden changes only when its renderer does. The plan is
the auth plan of tests/plans/auth.md, with every field a renderer shows filled in somewhere, a task
finished in the plan itself, and a little hostile text (a mention, a pipe, a tag) to show escaping.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.domain import DEFAULT_ROLES, Plan, RoleSet, Task, TaskStatus
from bot.domain.coordination import CoordinationState, CoordinationStatus, PullLink, TaskState

REPO = "octo-org/widgets"
PARENT = 10
MERGE_SHA = "3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39"
ROLES = RoleSet(roles=tuple(
    role.model_copy(update={"mention": "@octo-org/data-team", "assignees": ("dana",)})
    if role.slug == "datatypes" else role
    for role in DEFAULT_ROLES.roles
))

SCHEMA = Task(
    key="schema", title="Define the User model and credentials schema", agent="datatypes",
    description="Add a `User` model with a unique, lower-cased email and an argon2 password hash.",
    deliverables=("models/user.py", "migration 001_users"),
    acceptance_criteria=("emails are unique and stored lower-case", "passwords are stored only as argon2 hashes"),
    constraints=("no plain-text password ever reaches the logs",),
    excerpt="- [ ] Define the User model and credentials schema [datatypes]\n"
            "  - Acceptance: emails are unique and stored lower-case\n"
            "  - Acceptance: passwords are stored only as argon2 hashes",
    assignment_reason="tagged [datatypes] in the plan", phase="Foundations",
)
DATABASE = Task(
    key="database", title="Provision the Postgres database and the session secret", agent="cloud-primitives",
    acceptance_criteria=("the service reaches the database with credentials from the secret store",),
    excerpt="Provision the Postgres database and the session secret.",
    assignment_reason="keywords: database, secret, provision", phase="Foundations",
)
ENDPOINTS = Task(
    key="endpoints", title="Implement the signup | login endpoints", agent="feature-implementation",
    description="POST /signup and POST /login; ask @alice about <rate limits>.",
    acceptance_criteria=("POST /signup creates a user and POST /login returns a session token",),
    depends_on=("schema", "database"), inferred=("database",),
    assignment_reason="keywords: implement, endpoint", phase="Build",
)
TESTS = Task(
    key="unit-tests", title="Write unit tests for signup and login", agent="unit-testing",
    acceptance_criteria=("every error path of both endpoints is covered",), depends_on=("endpoints",),
    assignment_reason="tagged [unit-testing] in the plan", phase="Build",
)
DEPLOY = Task(
    key="deploy", title="Deploy the auth service to staging", agent="deployment",
    acceptance_criteria=("the pipeline deploys on merge to main",), depends_on=("unit-tests",),
    assignment_reason="keywords: deploy, staging", phase="Ship",
)
DOCS = Task(
    key="docs", title="Write the design note", agent="feature-implementation", state="done",
    assignment_reason="keywords: write", phase="Foundations",
)
PLAN = Plan(
    title="User authentication", summary="Email and password sign-up and login for the public API.",
    tasks=(SCHEMA, DATABASE, ENDPOINTS, TESTS, DEPLOY, DOCS),
    acceptance_criteria=("A user can sign up and log in with email and password",
                         "Passwords are never stored in plain text", "Audit logs keep every login for a year"),
)
NUMBERS = {"schema": 11, "database": 12, "endpoints": 13, "unit-tests": 14, "deploy": 15}
STARTED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def state(statuses: dict[str, TaskStatus], **fields: Any) -> CoordinationState:
    """The plan coordinated on #10, every open task with its sub-issue and the given statuses, the task
    finished in the plan recorded as done (as delegation records it)."""
    tasks = {key: TaskState(key=key, issue_number=number, issue_id=1000 + number, attached=True,
                            status=statuses.get(key, TaskStatus.BLOCKED))
             for key, number in NUMBERS.items()}
    tasks["docs"] = TaskState(key="docs", status=TaskStatus.DONE)  # finished in the plan: no sub-issue
    built = CoordinationState(repo=REPO, parent_number=PARENT, plan=PLAN, tasks=tasks, started_at=STARTED)
    return built.model_copy(update=fields)


def fresh() -> CoordinationState:
    return state({"schema": TaskStatus.READY, "database": TaskStatus.READY})


def midway() -> CoordinationState:
    """Schema merged, database closed by hand, endpoints in review after a closed attempt."""
    current = state({"schema": TaskStatus.DONE, "database": TaskStatus.DONE, "endpoints": TaskStatus.IN_PROGRESS})
    current.tasks["schema"].pulls = [merged(21, ["models/user.py", "migrations/001_users.sql"])]
    current.tasks["endpoints"].pulls = [PullLink(number=22, state="closed"), PullLink(number=23, head_sha=MERGE_SHA)]
    return current


def finished(*, skipped: tuple[str, ...] = ()) -> CoordinationState:
    """Every task merged (or skipped), the coordination complete."""
    current = state({key: TaskStatus.SKIPPED if key in skipped else TaskStatus.DONE for key in NUMBERS},
                    status=CoordinationStatus.COMPLETED)
    files = {"schema": ["models/user.py", "migrations/001_users.sql"], "database": ["infra/postgres.tf"],
             "endpoints": [f"api/{name}.py" for name in ("signup", "login", "session", "errors", "limits",
                                                         "tokens", "email", "hashing", "audit", "config")],
             "unit-tests": ["tests/test_auth.py"], "deploy": [".github/workflows/deploy.yml"]}
    for number, key in enumerate(NUMBERS, start=21):
        if key not in skipped:
            current.tasks[key].pulls = [merged(number, files[key])]
    return current


def merged(number: int, files: list[str]) -> PullLink:
    return PullLink(number=number, state="merged", merge_commit_sha=MERGE_SHA, files=files)


def many_tasks(count: int, *, chained: bool = False) -> Plan:
    """A plan of `count` short tasks, independent or each waiting on the one before."""
    agents = ("datatypes", "cloud-primitives", "feature-implementation", "unit-testing", "deployment")
    tasks = tuple(
        Task(key=f"t{n}", title=f"Build part {n}", agent=agents[n % 5], assignment_reason=f"keyword: part {n}",
             depends_on=(f"t{n - 1}",) if chained and n > 1 else (), acceptance_criteria=(f"part {n} works",))
        for n in range(1, count + 1)
    )
    return Plan(title=f"A plan of {count} parts", tasks=tasks)


def many_state(plan: Plan) -> CoordinationState:
    tasks = {task.key: TaskState(key=task.key, issue_number=100 + n, attached=True,
                                 status=TaskStatus.BLOCKED if task.depends_on else TaskStatus.READY)
             for n, task in enumerate(plan.tasks, start=1)}
    return CoordinationState(repo=REPO, parent_number=PARENT, plan=plan, tasks=tasks, started_at=STARTED)
