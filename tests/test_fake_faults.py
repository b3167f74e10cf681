"""The fake GitHub's public fault hooks (`fake.faults`, `fake.delete_issue`), as a plain HTTP client sees them."""

from __future__ import annotations

import threading

import pytest
import requests

from bot.testing.faults import Halt
from bot.testing.github import FakeGitHub
from tests.fixtures.github import REPO, TOKEN

AUTH = {"Authorization": f"token {TOKEN}"}


def create(fake: FakeGitHub, title: str) -> requests.Response:
    return requests.post(f"{fake.url}/repos/{REPO}/issues", json={"title": title}, headers=AUTH, timeout=10)


def test_fail_counts_skips_and_times_and_shapes_the_answer(fake_github: FakeGitHub) -> None:
    fake_github.faults.fail("POST", r"/issues$", 429, skip=1, times=2, retry_after=3, headers={"X-Extra": "1"})
    answers = [create(fake_github, f"T{n}") for n in range(4)]
    assert [answer.status_code for answer in answers] == [201, 429, 429, 201]
    assert answers[1].headers["Retry-After"] == "3" and answers[1].headers["X-Extra"] == "1"
    assert "secondary rate limit" in answers[1].json()["message"]
    assert [issue["title"] for issue in fake_github.issues(REPO)] == ["T0", "T3"]


def test_fail_after_effect_and_fail_next(fake_github: FakeGitHub) -> None:
    fake_github.faults.fail("POST", r"/issues$", 502, after_effect=True)
    assert create(fake_github, "done anyway").status_code == 502
    fake_github.faults.fail_next(1, 500)
    assert requests.get(f"{fake_github.url}/repos/{REPO}", headers=AUTH, timeout=10).status_code == 500
    assert [issue["title"] for issue in fake_github.issues(REPO)] == ["done anyway"]


def test_an_answer_dropped_after_the_effect(fake_github: FakeGitHub) -> None:
    fake_github.faults.drop_answer_after_applying("POST", r"/issues$")
    with pytest.raises(requests.ConnectionError):
        create(fake_github, "created, unanswered")
    assert [issue["title"] for issue in fake_github.issues(REPO)] == ["created, unanswered"]
    assert create(fake_github, "answered").status_code == 201


def test_a_deleted_issue_is_gone_and_left_out_of_lists(fake_github: FakeGitHub) -> None:
    kept, gone = fake_github.add_issue(REPO, "kept"), fake_github.add_issue(REPO, "gone")
    fake_github.delete_issue(REPO, gone["number"])
    answer = requests.get(f"{fake_github.url}/repos/{REPO}/issues/{gone['number']}", headers=AUTH, timeout=10)
    assert answer.status_code == 410 and answer.json()["message"] == "This issue was deleted"
    listed = requests.get(f"{fake_github.url}/repos/{REPO}/issues", headers=AUTH, timeout=10).json()
    assert [issue["number"] for issue in listed] == [kept["number"]]


def test_before_runs_its_action_as_the_matching_request_arrives(fake_github: FakeGitHub) -> None:
    parent = fake_github.add_issue(REPO, "parent")
    fake_github.faults.before("GET", rf"/issues/{parent['number']}$",
                              lambda: fake_github.delete_issue(REPO, parent["number"]), skip=1)
    url = f"{fake_github.url}/repos/{REPO}/issues/{parent['number']}"
    assert [requests.get(url, headers=AUTH, timeout=10).status_code for _ in range(3)] == [200, 410, 410]


def _held_write(fake_github: FakeGitHub, halt: Halt, title: str) -> list[Exception]:
    """Sends one write from another thread, lets the halt hold it, then releases it; the client's errors."""
    failures: list[Exception] = []

    def write() -> None:
        try:
            create(fake_github, title)
        except requests.ConnectionError as error:
            failures.append(error)

    client = threading.Thread(target=write)
    client.start()
    assert halt.reached.wait(10)
    halt.release()
    client.join(10)
    return failures


@pytest.mark.parametrize("apply_first", [False, True])
def test_a_halted_write_is_held_then_never_answered(fake_github: FakeGitHub, apply_first: bool) -> None:
    create(fake_github, "first write")
    halt = fake_github.faults.halt_at_request(2, apply_first=apply_first)
    assert len(_held_write(fake_github, halt, "second write")) == 1
    titles = [issue["title"] for issue in fake_github.issues(REPO)]
    assert titles == (["first write", "second write"] if apply_first else ["first write"])
    assert create(fake_github, "third write").status_code == 201


def test_a_halt_by_path_holds_the_chosen_request_after_it_took_effect(fake_github: FakeGitHub) -> None:
    halt = fake_github.faults.halt_at("POST", r"/issues$", skip=1)
    create(fake_github, "first write")
    assert len(_held_write(fake_github, halt, "second write")) == 1
    assert [issue["title"] for issue in fake_github.issues(REPO)] == ["first write", "second write"]
