"""Golden files of the replies to comments: configuration errors, command answers and their errors.

Each file collects the variants of one kind of reply, one section per variant, so a reviewer reads
them side by side. The sentences the steering commands build (`/skip`, `/assign`…) need a running
coordination and are in the lifecycle golden (tests/test_golden_lifecycle.py).
"""

from __future__ import annotations

from bot.command_targets import Unresolved, resolve_agent, resolve_task
from bot.commands import CommandError, help_text, parse_commands
from bot.domain import PlanOutcome, Question
from bot.domain.coordination import CoordinationStatus
from bot.domain.plan_diff import PlanDiff
from bot.render import replies
from tests.golden import Goldens
from tests.render_world import NUMBERS, PARENT, PLAN, ROLES, fresh


def sections(variants: dict[str, str]) -> str:
    return "\n\n".join(f"<!-- golden: {name} -->\n{text}" for name, text in variants.items())


def test_configuration_and_clarification_notices(golden: Goldens) -> None:
    error = "roles.datatypes.colour: 'blue' is not a six-digit hex colour\n@alice wrote <this>"
    golden.check("replies/notices", sections({
        "config error": replies.config_error_comment(error),
        "config fixed": replies.config_fixed_comment(),
        "questions answered": replies.questions_answered_comment(),
    }))


def test_refusals_and_misplaced_commands(golden: Goldens) -> None:
    golden.check("replies/refusals", sections({
        "denied, one command": replies.denied_reply("mallory", ["skip"]),
        "denied, three commands": replies.denied_reply("mallory", ["skip", "assign", "skip", "cancel"]),
        "not coordinated": replies.not_coordinated_reply(),
        "no plan": replies.no_plan_reply(),
        "cancelled": replies.cancelled_reply(),
        "no sub-issue": replies.no_subissue_reply("Deploy the auth service to staging"),
        "task missing": replies.task_missing_reply("skip", "/skip <task>", '/skip "load tests"'),
        "removed task": replies.removed_task_reply(),
        "config invalid": replies.config_invalid_reply(PARENT),
        "coordinate on a sub-issue": replies.sub_issue_coordinate_reply(PARENT),
    }))


def test_coordinate_replies(golden: Goldens) -> None:
    ready = PlanOutcome(plan=PLAN)
    diff = PlanDiff(added=["deploy"], removed=["old-task"], changed=["endpoints"], kept=["legacy"],
                    titles={**{task.key: task.title for task in PLAN.tasks}, "old-task": "Write the old docs",
                            "legacy": "Keep the legacy login"}, closed={"old-task": 16})
    paused = fresh().model_copy(update={"status": CoordinationStatus.PAUSED})
    golden.check("replies/coordinate", sections({
        "cancelled": replies.coordinate_reply(ready, None, fresh().model_copy(
            update={"status": CoordinationStatus.CANCELLED})),
        "questions": replies.coordinate_reply(PlanOutcome(questions=(Question(about="x", text="y"),)), None, fresh()),
        "nothing changed": replies.coordinate_reply(ready, PlanDiff(), fresh()),
        "changes": replies.coordinate_reply(ready, diff, fresh()),
        "changes while paused": replies.coordinate_reply(ready, diff, paused),
    }))


def test_one_reply_for_several_commands(golden: Goldens) -> None:
    golden.check("replies/several-commands", replies.command_reply([
        ("/status", "The coordination is active: 5 tasks, 2 ready, 3 blocked."),
        ("/skip `deploy` @alice", "Skipped **Deploy the auth service to staging** (#15)."),
    ]))


def test_help(golden: Goldens) -> None:
    golden.check("replies/help", help_text())


def test_malformed_commands(golden: Goldens) -> None:
    lines = ["/stauts", "/coord", "/pause now please", "/assign", "/coordinate --force", "/status --verbose",
             "/skip --dry-run deploy"]
    errors = {line: result.message for line in lines for result in parse_commands(line)
              if isinstance(result, CommandError)}
    assert list(errors) == lines
    golden.check("replies/malformed-commands", sections(errors))


def test_arguments_that_name_nothing(golden: Goldens) -> None:
    tasks = [(key, PLAN.task(key).title, NUMBERS.get(key)) for key in PLAN.keys]
    many = [(f"t{n}", f"Build part {n}", 100 + n) for n in range(12)]
    found = {
        "#99": resolve_task("#99", tasks), "empty": resolve_task('""', tasks), "login": resolve_task("login", tasks),
        "nothing": resolve_task("billing", tasks), "no tasks yet": resolve_task("billing", []),
        "twelve matches": resolve_task("build", many), "agent": resolve_agent("@frontend", ROLES),
        "hostile title": resolve_task("zzz", [("a", "Ping @alice <img src=x> <!-- coordinator:roadmap -->", 3)]),
    }
    assert all(isinstance(result, Unresolved) for result in found.values())
    golden.check("replies/unresolved", sections({name: result.message for name, result in found.items()
                                                 if isinstance(result, Unresolved)}))
