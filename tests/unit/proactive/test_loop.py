"""The embedded scheduler: runs every period, never overlaps, survives a failing run.

On a fake clock: every wait of the loop goes through :meth:`FakeTime.sleep`, which records the
requested duration and moves the fake monotonic clock by it, so no test waits real time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from companion_bot.proactive.loop import ASK_GAP, WAKE_SETTLE, JobLoop


async def next_turn() -> None:
    """Let the other tasks run once; no time passes, on either clock."""
    await asyncio.sleep(0)


class FakeTime:
    """A monotonic clock that moves when the loop sleeps, or when a run spends time.

    A sleep that would go past ``until`` never returns (time stands still there; only
    :meth:`JobLoop.stop` wakes the loop) and sets ``frozen``.
    """

    def __init__(self, *, until: float = float("inf")) -> None:
        self.now = 0.0
        self.until = until
        self.sleeps: list[float] = []
        self.frozen = asyncio.Event()

    def monotonic(self) -> float:
        return self.now

    def spend(self, seconds: float) -> None:
        """What a run that takes ``seconds`` does to the clock."""
        self.now = round(self.now + seconds, 9)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 9))
        if self.now + seconds > self.until:
            self.frozen.set()
            await asyncio.Event().wait()
        self.spend(seconds)
        await next_turn()

    def job_loop(self, tick: Callable[[], Awaitable[object]], **kwargs: Any) -> JobLoop:
        return JobLoop(tick, sleep=self.sleep, monotonic=self.monotonic, **kwargs)


async def test_runs_repeatedly_and_never_overlaps() -> None:
    fake = FakeTime(until=0.2)
    active = 0
    most = 0
    runs = 0

    async def tick() -> None:
        nonlocal active, most, runs
        active += 1
        most = max(most, active)
        fake.spend(0.03)  # longer than the period
        await next_turn()  # a run that yields: another must still not start
        await next_turn()
        active -= 1
        runs += 1

    loop = fake.job_loop(tick, period=0.01)
    await loop.start()
    await loop.start()  # a second start does not start a second loop
    await fake.frozen.wait()
    await loop.stop()

    assert most == 1
    assert runs >= 3 and runs == loop.runs
    # Each run took longer than the period: the next one starts at once, none is skipped.
    assert fake.sleeps[: loop.runs] == [0.0] * loop.runs
    assert not loop.running


async def test_exception_is_logged_and_next_run_happens(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeTime(until=0.1)
    calls = 0

    async def tick() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database went away")

    loop = fake.job_loop(tick, period=0.01)
    await loop.start()
    await fake.frozen.wait()
    await loop.stop()

    assert loop.failures == 1 and calls >= 3
    assert "job run failed" in caplog.text
    assert fake.sleeps[0] == 0.01  # the failed run is followed by the usual wait


async def test_stop_waits_for_the_run_in_progress() -> None:
    fake = FakeTime(until=0.0)
    started, release, finished = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def tick() -> None:
        started.set()
        await release.wait()
        finished.set()

    loop = fake.job_loop(tick, period=60)
    await loop.start()
    await started.wait()
    stopping = asyncio.create_task(loop.stop())
    await next_turn()
    await next_turn()

    assert not stopping.done() and not finished.is_set()  # stop is waiting for the run
    release.set()
    await stopping

    assert finished.is_set()
    assert not loop.running and loop.runs == 1
    assert fake.sleeps == [30.0]  # within stop_timeout (30 s by default)


async def test_stop_cancels_a_run_that_takes_too_long(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeTime()
    started = asyncio.Event()
    cancelled = False

    async def tick() -> None:
        nonlocal cancelled
        started.set()
        try:
            await asyncio.Event().wait()  # never finishes on its own
        except asyncio.CancelledError:
            cancelled = True
            raise

    loop = fake.job_loop(tick, period=60, stop_timeout=0.05)
    await loop.start()
    await started.wait()
    await loop.stop()

    assert not loop.running
    assert cancelled and loop.runs == 0
    assert fake.sleeps == [0.05]  # gave up after stop_timeout
    assert "still busy at shutdown" in caplog.text


async def test_stop_wakes_a_loop_waiting_for_its_next_run() -> None:
    fake = FakeTime(until=0.0)

    async def tick() -> None:
        return None

    loop = fake.job_loop(tick, period=60)
    await loop.start()
    await fake.frozen.wait()  # waiting the 60 s to the next run
    await loop.stop()

    assert not loop.running and loop.runs == 1
    assert fake.sleeps[0] == 60.0


async def test_period_is_measured_start_to_start() -> None:
    fake = FakeTime(until=100.0)
    starts: list[float] = []

    async def tick() -> None:
        starts.append(fake.monotonic())
        fake.spend(7.0)

    loop = fake.job_loop(tick, period=30)
    await loop.start()
    await fake.frozen.wait()
    await loop.stop()

    assert starts == [0.0, 30.0, 60.0, 90.0]
    assert fake.sleeps[:3] == [23.0, 23.0, 23.0]  # the period minus the run's 7 s


async def test_phase_puts_later_runs_on_a_grid() -> None:
    fake = FakeTime(until=0.45)
    starts: list[float] = []

    async def tick() -> None:
        starts.append(fake.monotonic())

    loop = fake.job_loop(tick, period=0.3, phase=lambda: 0.27)  # 0.03 s before the next point
    await loop.start()
    await fake.frozen.wait()
    await loop.stop()

    first, second, third = starts[:3]
    assert second - first == pytest.approx(0.03)  # to the grid, not a whole period
    assert third - second == pytest.approx(0.3)  # then whole periods
    assert fake.sleeps[:2] == [0.03, 0.3]


def test_first_gap_reaches_the_next_grid_point() -> None:
    async def tick() -> None:
        return None

    assert JobLoop(tick, period=60).first_gap() == 60  # no grid: one period
    assert JobLoop(tick, period=60, phase=lambda: 12.0).first_gap() == 48.0
    assert JobLoop(tick, period=60, phase=lambda: 72.5).first_gap() == 47.5


async def test_the_next_run_comes_when_work_falls_due_before_the_period() -> None:
    fake = FakeTime(until=100.0)
    asked: list[float] = []

    async def tick() -> None:
        fake.spend(0.5)

    async def until_next() -> float | None:
        asked.append(fake.now)
        return 7.0 if len(asked) == 1 else None  # then nothing known: the period rules

    loop = fake.job_loop(tick, period=60.0, until_next=until_next)
    await loop.start()
    await fake.frozen.wait()
    await loop.stop()

    assert fake.sleeps[:2] == [7.0, 59.5]  # then the period, start to start (a 0.5 s run)
    assert loop.runs == 3


async def test_work_due_at_once_still_leaves_the_minimum_gap() -> None:
    fake = FakeTime(until=3.5)

    async def tick() -> None:
        return None

    async def until_next() -> float | None:
        return -5.0  # overdue (say another worker holds it): not a busy loop

    loop = fake.job_loop(tick, period=60.0, until_next=until_next)
    await loop.start()
    await fake.frozen.wait()
    await loop.stop()

    assert fake.sleeps[:3] == [1.0, 1.0, 1.0]


async def _sleeps_after_a_wake(waited: float) -> list[float]:
    """The fake sleeps of a loop woken ``waited`` seconds into its wait, by a meeting whose
    reminder is due in 2 s."""
    fake = FakeTime(until=30.0)
    due_in: list[float | None] = [None]

    async def tick() -> None:
        return None

    async def until_next() -> float | None:
        return due_in[-1]

    loop = fake.job_loop(tick, period=60.0, until_next=until_next)
    await loop.start()
    await fake.frozen.wait()  # waiting out the 60 s period, past the fake clock's end
    fake.until = float("inf")
    fake.now = waited
    due_in.append(2.0)  # a meeting was booked: its reminder is due in 2 s
    loop.wake()
    for _ in range(100):
        if loop.runs >= 2:
            break
        await next_turn()
    await loop.stop()
    assert loop.runs >= 2
    return fake.sleeps[:3]


async def test_a_wake_asks_again_and_the_sooner_work_is_run() -> None:
    assert await _sleeps_after_a_wake(20.0) == [60.0, WAKE_SETTLE, 2.0]  # wakes gather first


async def test_a_wake_just_after_a_question_waits_for_the_gap() -> None:
    assert await _sleeps_after_a_wake(0.0) == [60.0, ASK_GAP, 2.0]
    assert await _sleeps_after_a_wake(0.5) == [60.0, ASK_GAP - 0.5, 2.0]


async def test_a_burst_of_wakes_asks_once() -> None:
    asked: list[float] = []
    first_asked = asyncio.Event()

    async def tick() -> None:
        return None

    async def until_next() -> float | None:
        asked.append(time.monotonic())
        first_asked.set()
        return None

    loop = JobLoop(tick, period=60.0, until_next=until_next)  # real time
    await loop.start()
    await first_asked.wait()
    for _ in range(10):  # ten meetings booked within 50 ms
        loop.wake()
        await asyncio.sleep(0.005)
    await asyncio.sleep(ASK_GAP + WAKE_SETTLE)
    asked_before_stop = len(asked)
    await loop.stop()

    assert asked_before_stop == 2  # after the first run, and once for the whole burst
    assert asked[1] - asked[0] >= ASK_GAP
