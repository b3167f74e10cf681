"""A plan bigger than GitHub's hourly write limit allows is created over several hours, resumably."""

from __future__ import annotations

from pathlib import Path

from bot.pacing import WritePacer
from bot.testing.github import FakeGitHub
from tests.e2e import coordinate_by_label, generated_plan, open_plan_issue, roadmap_text, sub_issues
from tests.fixtures.app import BotHarness
from tests.test_pacing import SimulatedClock


def test_the_hour_is_counted_and_frees_up_write_by_write() -> None:
    clock = SimulatedClock()
    pacer = WritePacer(0, 1, hourly=3, clock=clock, sleep=clock.sleep)
    assert pacer.hour_room() == (3, 0.0)
    for _ in range(3):
        pacer.acquire()
        clock.now += 600
    assert pacer.hour_room() == (0, 1800.0)
    clock.now = 3600.0
    assert pacer.hour_room() == (1, 600.0)
    assert WritePacer(0, 1).hour_room() == (None, 0.0)


def test_a_plan_over_the_hourly_limit_stops_says_when_it_goes_on_and_resumes(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    bot = BotHarness(fake_github, tmp_path / "db.sqlite3", hourly_writes=40)
    try:
        parent = open_plan_issue(fake_github, generated_plan(20), title="Twenty components")
        coordinate_by_label(bot, parent)
        first = len(sub_issues(fake_github, parent["number"]))
        roadmap = roadmap_text(fake_github, parent)
        waiting = [bot.services.store.delivery(delivery_id) for delivery_id, _ in bot.services.store.unfinished()]
        writes = len(fake_github.writes())
        bot.overrides["hourly_writes"] = 0  # a new hour: the restarted bot takes the resumption up at once
        bot.restart()
        bot.wait()
    finally:
        bot.stop()
    assert 0 < first < 20 and writes <= 40
    assert f"Creating sub-issues: {first}/20 so far" in roadmap
    assert "GitHub allows 500 writes an hour: the rest follows from" in roadmap and "should be done by" in roadmap
    assert [(d.event, d.action) for d in waiting if d is not None] == [("coordinator", "resume")]
    children = sub_issues(fake_github, parent["number"])
    assert sorted(c["title"] for c in children) == sorted(f"Build component {n}" for n in range(1, 21))
    assert "Creating sub-issues" not in roadmap_text(fake_github, parent)
