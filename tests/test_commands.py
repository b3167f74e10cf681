"""The slash-command parser, its error messages, `/help`, and the task and agent resolvers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.command_targets import Unresolved, resolve_agent, resolve_task
from bot.commands import COMMANDS, CommandError, ParsedCommand, help_text, parse_commands
from bot.domain import DEFAULT_ROLES


def _one(body: str) -> ParsedCommand | CommandError:
    results = parse_commands(body)
    assert len(results) == 1, results
    return results[0]


def _command(body: str) -> ParsedCommand:
    result = _one(body)
    assert isinstance(result, ParsedCommand), result
    return result


def _error(body: str) -> str:
    result = _one(body)
    assert isinstance(result, CommandError), result
    assert result.line == body.strip().replace("`", "")
    return result.message


# --------------------------------------------------------------------------- the table


def test_every_command_is_in_the_table() -> None:
    assert set(COMMANDS) == {
        "coordinate",
        "status",
        "replan",
        "assign",
        "retry",
        "skip",
        "pause",
        "resume",
        "cancel",
        "help",
    }
    for name, spec in COMMANDS.items():
        assert spec.name == name
        assert spec.usage.startswith(f"/{name}") and spec.example.startswith(f"/{name}")


def test_only_help_and_status_are_read_only() -> None:
    assert {name for name, spec in COMMANDS.items() if not spec.mutates} == {"help", "status"}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_example_parses_as_its_command(name: str) -> None:
    command = _command(COMMANDS[name].example)
    assert command.name == name
    assert command.mutates is COMMANDS[name].mutates


# --------------------------------------------------------------------------- recognising commands


@pytest.mark.parametrize("name", ["status", "replan", "pause", "resume", "cancel", "help", "coordinate"])
def test_bare_commands(name: str) -> None:
    assert _command(f"/{name}") == ParsedCommand(name, (), frozenset(), f"/{name}")


def test_names_are_case_insensitive_and_surrounding_space_is_ignored() -> None:
    assert _command("   /Status   ").name == "status"


def test_dry_run_flag() -> None:
    command = _command("/coordinate --dry-run")
    assert command.flags == frozenset({"dry-run"})
    assert _command("/coordinate --DRY-RUN").flags == frozenset({"dry-run"})


def test_two_commands_in_one_comment() -> None:
    results = parse_commands("Thanks, looks good.\n/pause\n\nLater:\n/retry #4")
    assert results == [
        ParsedCommand("pause", line="/pause"),
        ParsedCommand("retry", ("#4",), line="/retry #4"),
    ]


def test_command_needs_its_own_line() -> None:
    assert parse_commands("please run /status for me") == []


def test_command_lines_in_a_list_count() -> None:
    assert [
        result.name for result in parse_commands("- /pause\n- /status") if isinstance(result, ParsedCommand)
    ] == [
        "pause",
        "status",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "```\n/cancel\n```",
        "~~~md\n/cancel\n~~~",
        "Some text:\n\n    /cancel",
        "`/cancel`",
        "`/cancel` is what you want",
        "> /cancel",
        "> quoting:\n> /cancel",
        "> - /cancel",
        "*/cancel*",
        "**/cancel**",
        "[/cancel](https://example.com)",
        "# /cancel",
        "<!-- /cancel -->",
        "<details>\n/cancel\n</details>",
        "| a |\n| - |\n| /cancel |",
    ],
)
def test_commands_in_code_quotes_and_markup_are_ignored(body: str) -> None:
    assert parse_commands(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "/usr/bin/env python",
        "/etc/hosts is broken",
        "/cc @octocat",
        "/hold",
        "/lgtm",
        "/me waves",
        "/",
        "/123",
        "/s",
    ],
)
def test_slash_lines_that_are_not_command_attempts_are_ignored(body: str) -> None:
    assert parse_commands(body) == []


def test_punctuation_after_the_name_is_not_a_command() -> None:
    assert parse_commands("/status.") == []


# --------------------------------------------------------------------------- arguments


def test_assign_takes_the_last_word_as_the_agent() -> None:
    command = _command("/assign Build the parser datatypes")
    assert command.args == ("Build the parser", "datatypes")
    assert (command.task, command.agent) == ("Build the parser", "datatypes")


def test_assign_with_a_label_and_a_quoted_task() -> None:
    command = _command('/assign "load tests" agent:validation')
    assert (command.task, command.agent) == ("load tests", "agent:validation")


def test_assign_on_a_sub_issue_may_leave_out_the_task() -> None:
    command = _command("/assign datatypes")
    assert command.args == ("datatypes",)
    assert (command.task, command.agent) == (None, "datatypes")


def test_inline_code_after_the_command_is_an_argument() -> None:
    command = _command("/assign `parser-module` datatypes")
    assert (command.task, command.agent) == ("parser-module", "datatypes")


@pytest.mark.parametrize(
    ("body", "task"),
    [
        ("/retry #12", "#12"),
        ("/retry 12", "12"),
        ("/retry parser", "parser"),
        ("/retry build the   parser", "build the parser"),
        ("/skip 'load tests'", "load tests"),
        ('/skip "load tests"', "load tests"),
        ("/skip \u201cload tests\u201d", "load tests"),
        ("/skip user's guide", "user's guide"),
        ('/retry ""', None),
        ("/retry", None),
    ],
)
def test_task_arguments(body: str, task: str | None) -> None:
    assert _command(body).task == task


def test_a_quoted_flag_is_an_argument() -> None:
    assert _command('/retry "--dry-run"').task == "--dry-run"


def test_agent_is_none_for_commands_without_one() -> None:
    assert _command("/retry #3").agent is None
    assert _command("/status").task is None


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("stauts", "status"),
        ("stat", "status"),
        ("coord", "coordinate"),
        ("halp", "help"),
        ("canel", "cancel"),
        ("asign", "assign"),
        ("retyr", "retry"),
        ("skp", "skip"),
        ("Replna", "replan"),
    ],
)
def test_typo_suggests_the_closest_command(typo: str, meant: str) -> None:
    assert _error(f"/{typo}") == (
        f"`/{typo.lower()}` is not a command. Did you mean `/{meant}`? Comment `/help` to see every command."
    )


def test_extra_arguments_are_refused_with_usage() -> None:
    assert _error("/status please") == "`/status` takes no arguments, but got `please`. Write just `/status`."


def test_extra_arguments_lose_backticks_in_the_message() -> None:
    assert _error("/pause `now` x") == "`/pause` takes no arguments, but got `now x`. Write just `/pause`."


def test_missing_agent() -> None:
    assert _error("/assign") == (
        "`/assign` needs an agent. Usage: `/assign <task> <agent>`, for example `/assign #12 datatypes`."
    )


def test_unknown_flag_lists_the_known_ones() -> None:
    assert _error("/coordinate --force") == (
        "`/coordinate` has no option `--force`. Its options are `--dry-run`. "
        "Usage: `/coordinate [--dry-run]`, for example `/coordinate --dry-run`."
    )


def test_flag_on_a_command_without_options() -> None:
    assert _error("/retry #3 --dry-run") == (
        "`/retry` has no option `--dry-run`. It has no options. "
        "Usage: `/retry <task>`, for example `/retry #12`."
    )


def test_errors_and_commands_keep_their_order() -> None:
    results = parse_commands("/stauts\n/pause")
    assert isinstance(results[0], CommandError) and isinstance(results[1], ParsedCommand)


# --------------------------------------------------------------------------- help


def test_help_lists_every_command_with_an_example() -> None:
    text = help_text()
    for spec in COMMANDS.values():
        assert f"`{spec.usage}`" in text and f"`{spec.example}`" in text and spec.summary in text
    assert "| Command | What it does | Example |" in text


def test_help_text_has_no_commands_of_its_own() -> None:
    """The bot posts `/help` text itself; it must never read as commands if quoted back."""
    assert parse_commands(help_text()) == []


# --------------------------------------------------------------------------- resolving tasks

TASKS = [
    ("schema", "Define the order schema", 3),
    ("parser", "Build the parser", 4),
    ("parser-tests", "Unit tests for the parser", 5),
    ("deploy", "Deploy", None),
]


@pytest.mark.parametrize(
    ("ref", "key"),
    [
        ("#3", "schema"),
        ("4", "parser"),
        ("parser", "parser"),
        ("PARSER-TESTS", "parser-tests"),
        ("order", "schema"),
        ('"unit   TESTS"', "parser-tests"),
        ("build the parser", "parser"),
        ("deploy", "deploy"),
    ],
)
def test_resolve_task(ref: str, key: str) -> None:
    assert resolve_task(ref, TASKS) == key


def test_exact_title_beats_a_longer_title_containing_it() -> None:
    tasks = [("a", "Parser", 1), ("b", "Parser tests", 2)]
    assert resolve_task("parser", tasks) == "a"


def test_ambiguous_task_lists_the_candidates() -> None:
    result = resolve_task("the", TASKS)
    assert isinstance(result, Unresolved)
    assert result.ref == "the"
    assert result.message == (
        "`the` matches 3 tasks: `schema` (#3 Define the order schema), `parser` (#4 Build the parser), "
        "`parser-tests` (#5 Unit tests for the parser). Use the task key or the sub-issue number."
    )


def test_unknown_number() -> None:
    result = resolve_task("#9", TASKS)
    assert isinstance(result, Unresolved)
    assert result.message.startswith("#9 is not a sub-issue of this plan. Tasks: `schema` (#3 Define")
    assert "`deploy` (Deploy)" in result.message


def test_no_match_and_empty_reference() -> None:
    nothing = resolve_task("zzz", TASKS)
    empty = resolve_task("  ", TASKS)
    assert isinstance(nothing, Unresolved) and nothing.message.startswith("No task matches `zzz`. Tasks: ")
    assert isinstance(empty, Unresolved) and empty.message.startswith("No task given. Tasks: ")
    none = resolve_task("x", [])
    assert isinstance(none, Unresolved) and none.message == "No task matches `x`. This plan has no tasks yet."


def test_long_candidate_lists_are_cut() -> None:
    tasks = [(f"t{index}", f"Task {index}", index) for index in range(1, 15)]
    result = resolve_task("task", tasks)
    assert isinstance(result, Unresolved)
    assert result.message.count("(#") == 10 and "and 4 more" in result.message


# --------------------------------------------------------------------------- resolving agents


@pytest.mark.parametrize(
    "ref", ["datatypes", "agent:datatypes", "Agent:Datatypes", "@datatypes", "Datatypes"]
)
def test_resolve_agent(ref: str) -> None:
    assert resolve_agent(ref, DEFAULT_ROLES) == "datatypes"


def test_resolve_agent_by_display_name() -> None:
    assert resolve_agent("unit testing", DEFAULT_ROLES) == "unit-testing"


def test_unknown_agent_lists_the_agents() -> None:
    result = resolve_agent("@octocat", DEFAULT_ROLES)
    assert isinstance(result, Unresolved)
    assert result.message == (
        "`@octocat` is not an agent. Agents: `cloud-primitives`, `datatypes`, `feature-implementation`, "
        "`unit-testing`, `deployment`, `validation`."
    )


# --------------------------------------------------------------------------- properties

_COMMAND_LINES = st.sampled_from([spec.example for spec in COMMANDS.values()])


@given(st.text())
def test_random_text_never_raises(body: str) -> None:
    for result in parse_commands(body):
        if isinstance(result, ParsedCommand):
            assert result.name in COMMANDS
        else:
            assert result.message and result.line.startswith("/")


@given(
    st.lists(st.sampled_from(["/", "-", "`", ">", "*", "#", " ", "\n", "\t", '"', "'", "--", "a", "status"]))
)
def test_markdown_shaped_noise_never_raises(parts: list[str]) -> None:
    parse_commands("".join(parts))


@given(_COMMAND_LINES, st.sampled_from(["```\n{}\n```", "> {}", "`{}`", "    {}", "<!--\n{}\n-->", "*{}*"]))
def test_wrapped_commands_are_never_run(line: str, wrapper: str) -> None:
    assert parse_commands(wrapper.format(line)) == []


@given(st.lists(_COMMAND_LINES, min_size=1, max_size=5), st.sampled_from(["\n", "\n\n", "  \n"]))
def test_every_line_of_several_commands_is_found(lines: list[str], separator: str) -> None:
    results = parse_commands(separator.join(lines))
    assert [result.line for result in results] == lines
    assert all(isinstance(result, ParsedCommand) for result in results)
