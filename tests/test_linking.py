"""Closing keywords and task branches: which issues a pull request points at."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.events import PullRequestEvent, parse_event
from bot.linking import branch_task_number, closing_references, linked_issue_numbers
from bot.testing.payloads import pull_payload

REPO = "octo-org/widgets"
KEYWORDS = ["close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves", "resolved"]


@pytest.mark.parametrize("keyword", KEYWORDS + [keyword.upper() for keyword in KEYWORDS] + ["Fixes"])
def test_every_keyword_in_any_case(keyword: str) -> None:
    assert closing_references(f"{keyword} #12", REPO) == {12}


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Fixes: #1", {1}),
        ("Fixes:#1", {1}),
        ("Fixes  #1", {1}),
        ("This PR fixes #1.", {1}),
        ("(fixes #1)", {1}),
        ("Closes #1, closes #2", {1, 2}),
        ("Closes #1 and resolves #2", {1, 2}),
        ("Closes #1, #2", {1}),
        ("Closes #1 and #2", {1}),
        ("Fixes #1\n\nResolves #2", {1, 2}),
        ("Fixes octo-org/widgets#7", {7}),
        ("Fixes Octo-Org/Widgets#7", {7}),
        ("Fixes https://github.com/octo-org/widgets/issues/9", {9}),
        ("Fixes https://ghe.example.com/octo-org/widgets/issues/9", {9}),
        ("Fixes http://github.com/OCTO-ORG/widgets/issues/9#issuecomment-1", {9}),
        ("**Fixes** #3", {3}),
        ("- Closes #3\n- Closes #4", {3, 4}),
        ("## Fixes #3", {3}),
        ("> Fixes #3", {3}),
    ],
)
def test_closing_references(text: str, numbers: set[int]) -> None:
    assert closing_references(text, REPO) == numbers


@pytest.mark.parametrize(
    "text",
    [
        "#12",
        "See #12",
        "Related to #12",
        "prefix #12",
        "hotfix #12",
        "unfixed #12",
        "fixing #12",
        "Fixes #12abc",
        "Fixes #0",
        "Fixes\n#12",
        "Fixes other-org/widgets#12",
        "Fixes octo-org/widgets-2#12",
        "Fixes https://github.com/other-org/widgets/issues/12",
        "Fixes https://github.com/octo-org/widgets/pull/12",
        "`Fixes #12`",
        "```\nFixes #12\n```",
        "    Fixes #12",
        "<!-- Fixes #12 -->",
        "Fixes `#12`",
        "",
    ],
)
def test_not_closing_references(text: str) -> None:
    assert closing_references(text, REPO) == set()


def test_none_text_closes_nothing() -> None:
    assert closing_references(None, REPO) == set()


def test_pull_request_template_comment_does_not_count() -> None:
    body = "<!--\nWrite `Fixes #<number>` below, e.g. Fixes #123\n-->\nFixes #4\n"
    assert closing_references(body, REPO) == {4}


@pytest.mark.parametrize(
    ("ref", "number"),
    [
        ("task/12-parser", 12),
        ("task/12", 12),
        ("Task/3-x", 3),
        ("task/007-bond", 7),
        ("task/12-", 12),
        ("task/0", None),
        ("task/x", None),
        ("task/12abc", None),
        ("task/", None),
        ("feature/task/12", None),
        ("task-12", None),
        ("changes", None),
        ("", None),
    ],
)
def test_branch_task_number(ref: str, number: int | None) -> None:
    assert branch_task_number(ref) == number


def test_linked_issue_numbers_combines_title_body_and_branch() -> None:
    assert linked_issue_numbers("Fix #1: parser", "Closes #2\n\nFixes other/repo#3", "task/4-x", REPO) == {
        1,
        2,
        4,
    }
    assert linked_issue_numbers("Parser", None, "feature", REPO) == set()


def test_linking_a_built_merged_pull_request() -> None:
    payload = pull_payload(
        "closed", merged=True, title="Parser", body="Resolves #3", head_ref="task/5-parser"
    )
    event = parse_event("pull_request", payload)
    assert isinstance(event, PullRequestEvent)
    pull = event.pull_request
    assert linked_issue_numbers(pull.title, pull.body, pull.head.ref, event.repository.full_name) == {3, 5}


# --------------------------------------------------------------------------- properties

_PROSE = st.text(alphabet=st.characters(categories=["L", "Zs"]), max_size=40)


@given(st.text(), st.text(max_size=20))
def test_random_text_never_raises(text: str, head_ref: str) -> None:
    numbers = linked_issue_numbers(text, text, head_ref, REPO)
    assert all(number > 0 for number in numbers)


@given(st.lists(st.sampled_from(["Fixes", " ", "#", "1", "`", "\n", ":", "/", "octo-org", "widgets", "```"])))
def test_keyword_shaped_noise_never_raises(parts: list[str]) -> None:
    closing_references("".join(parts), REPO)


@given(_PROSE, st.sampled_from(KEYWORDS), st.integers(min_value=1, max_value=10**6), _PROSE)
def test_a_keyword_reference_in_prose_is_found(before: str, keyword: str, number: int, after: str) -> None:
    text = f"{before}\n\n{keyword} #{number} {after}"
    assert number in closing_references(text, REPO)


@given(st.sampled_from(KEYWORDS), st.integers(min_value=1, max_value=10**6))
def test_references_in_code_are_never_found(keyword: str, number: int) -> None:
    for text in (f"`{keyword} #{number}`", f"```\n{keyword} #{number}\n```", f"<!-- {keyword} #{number} -->"):
        assert closing_references(text, REPO) == set()


@given(st.from_regex(r"[a-z][a-z0-9-]{0,10}/[a-z][a-z0-9._-]{0,10}", fullmatch=True), st.integers(1, 999))
def test_other_repositories_are_never_counted(repo: str, number: int) -> None:
    expected = {number} if repo == REPO else set()
    assert closing_references(f"Fixes {repo}#{number}", REPO) == expected
