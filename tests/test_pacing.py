"""The write pacer on a simulated clock: a burst at once, then one write per interval."""

from __future__ import annotations

from bot.pacing import WritePacer


class SimulatedClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_a_burst_goes_at_once_then_one_write_per_interval() -> None:
    clock = SimulatedClock()
    pacer = WritePacer(1.0, 3, clock=clock, sleep=clock.sleep)
    waits = [pacer.acquire() for _ in range(6)]
    assert waits == [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    assert clock.now == 3.0


def test_no_minute_holds_more_than_the_burst_plus_the_paced_writes() -> None:
    clock = SimulatedClock()
    pacer = WritePacer(1.0, 15, clock=clock, sleep=clock.sleep)
    times = []
    for _ in range(300):
        pacer.acquire()
        times.append(clock.now)
    assert max(sum(1 for t in times if start <= t < start + 60) for start in times) <= 15 + 60 < 80


def test_quiet_time_refills_the_burst_but_not_beyond_it() -> None:
    clock = SimulatedClock()
    pacer = WritePacer(1.0, 2, clock=clock, sleep=clock.sleep)
    pacer.acquire(), pacer.acquire()
    clock.now += 100
    assert [pacer.acquire() for _ in range(3)] == [0.0, 0.0, 1.0]


def test_an_interval_of_zero_never_waits() -> None:
    clock = SimulatedClock()
    pacer = WritePacer(0, 1, clock=clock, sleep=clock.sleep)
    assert {pacer.acquire() for _ in range(10)} == {0.0}
