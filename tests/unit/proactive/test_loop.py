"""The embedded scheduler: runs every period, never overlaps, survives a failing run."""

from __future__ import annotations

import asyncio
import time

import pytest

from companion_bot.proactive.loop import JobLoop


async def test_runs_repeatedly_and_never_overlaps() -> None:
    active = 0
    most = 0
    runs = 0

    async def tick() -> None:
        nonlocal active, most, runs
        active += 1
        most = max(most, active)
        await asyncio.sleep(0.03)  # longer than the period
        active -= 1
        runs += 1

    loop = JobLoop(tick, period=0.01)
    await loop.start()
    await loop.start()  # a second start does not start a second loop
    await asyncio.sleep(0.2)
    await loop.stop()

    assert most == 1
    assert runs >= 3
    assert not loop.running


async def test_exception_is_logged_and_next_run_happens(caplog: pytest.LogCaptureFixture) -> None:
    calls = 0

    async def tick() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database went away")

    loop = JobLoop(tick, period=0.01)
    await loop.start()
    await asyncio.sleep(0.1)
    await loop.stop()

    assert loop.failures == 1 and calls >= 3
    assert "job run failed" in caplog.text


async def test_stop_waits_for_the_run_in_progress() -> None:
    finished = asyncio.Event()

    async def tick() -> None:
        await asyncio.sleep(0.05)
        finished.set()

    loop = JobLoop(tick, period=60)
    await loop.start()
    await asyncio.sleep(0.01)
    await loop.stop()

    assert finished.is_set()


async def test_stop_cancels_a_run_that_takes_too_long() -> None:
    async def tick() -> None:
        await asyncio.sleep(10)

    loop = JobLoop(tick, period=60, stop_timeout=0.05)
    await loop.start()
    await asyncio.sleep(0.01)
    await loop.stop()

    assert not loop.running


async def test_phase_puts_later_runs_on_a_grid() -> None:
    starts: list[float] = []

    async def tick() -> None:
        starts.append(time.monotonic())

    loop = JobLoop(tick, period=0.3, phase=lambda: 0.27)  # 0.03 s before the next point
    await loop.start()
    await asyncio.sleep(0.45)
    await loop.stop()

    first, second, third = starts[:3]
    assert second - first < 0.2  # to the grid, not a whole period
    assert third - second >= 0.25  # then whole periods


def test_first_gap_reaches_the_next_grid_point() -> None:
    async def tick() -> None:
        return None

    assert JobLoop(tick, period=60).first_gap() == 60  # no grid: one period
    assert JobLoop(tick, period=60, phase=lambda: 12.0).first_gap() == 48.0
    assert JobLoop(tick, period=60, phase=lambda: 72.5).first_gap() == 47.5
