"""The embedded scheduler driving the real handler: one send over many runs, a failing run
does not stop it, and the job metrics count it all."""

from __future__ import annotations

import asyncio
import datetime as dt

from proactive_helpers import BERLIN, add_schedule, add_user, handler, settings
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.composition import build_job_loop
from companion_bot.testing import FakeSender, FrozenClock

SM = async_sessionmaker[AsyncSession]
START = dt.datetime(2026, 11, 26, 14, 30, tzinfo=BERLIN)


class FlakyFlags:
    """Raises on the first read (the flag table was unreachable), then says yes."""

    def __init__(self) -> None:
        self.calls = 0

    async def enabled(self, name: str, *, user_id: int | None = None) -> bool:
        self.calls += 1
        if self.calls == 1:
            raise ConnectionError("flags unavailable")
        return True


def _sample(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_loop_sends_once_over_many_runs_and_survives_a_failed_run(
    sm: SM, web: FakeSender
) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, START)
    clock = FrozenClock(START - dt.timedelta(minutes=30))
    flags = FlakyFlags()
    h = handler(sm, {"web": web}, clock, flags=flags)
    config = settings().model_copy(update={"job_period_seconds": 0.02})
    sent_before = _sample(
        "companion_proactive_messages_total",
        {"type": "preparation_reminder", "channel": "web", "outcome": "sent"},
    )
    failed_runs = _sample("companion_job_runs_total", {"task": "proactive", "status": "failed"})

    loop = build_job_loop(h, config, clock)
    await loop.start()
    for _ in range(200):
        if loop.runs >= 5:
            break
        await asyncio.sleep(0.02)
    await loop.stop()

    assert loop.failures == 1 and loop.runs >= 5
    assert [m.schedule_id for m in web.sent] == [sid]
    assert (
        _sample(
            "companion_proactive_messages_total",
            {"type": "preparation_reminder", "channel": "web", "outcome": "sent"},
        )
        == sent_before + 1
    )
    assert (
        _sample("companion_job_runs_total", {"task": "proactive", "status": "failed"})
        == failed_runs + 1
    )


async def test_serve_loop_runs_on_whole_minutes(sm: SM, web: FakeSender) -> None:
    clock = FrozenClock(dt.datetime(2026, 11, 26, 12, 0, 45, tzinfo=dt.UTC))
    config = settings().model_copy(update={"job_period_seconds": 60.0})

    loop = build_job_loop(handler(sm, {"web": web}, clock), config, clock)
    at_start = loop.first_gap()
    clock.set(dt.datetime(2026, 11, 26, 12, 1, 50, tzinfo=dt.UTC))  # serve started later

    assert at_start == 15.0  # at once, then 12:01:00, 12:02:00, …
    assert loop.first_gap() == 10.0  # asked when the loop starts, not when it was built
