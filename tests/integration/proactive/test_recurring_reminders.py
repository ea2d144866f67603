"""Repeating meetings under simulated time, on SQLite and PostgreSQL: a weekday standup is
reminded (and asked about) Monday to Friday, never on the weekend, at 9:30 local across the
European and the American clock change; each occurrence once, however many passes or
runners; a skipped occurrence is not reminded, a moved one at its new time only, and an
ended series no more, its past kept."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from proactive_helpers import BERLIN, NEW_YORK, add_user, handler, sessions_of
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.ports import OutboundMessage
from companion_bot.proactive.engine import ProactiveMeetingHandler
from companion_bot.proactive.recurrence import Recurrence, floating
from companion_bot.services import schedules as changes
from companion_bot.services.series import NewSeries, create_series, end_series
from companion_bot.storage import series as stored
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.models import ScheduleSeries, UserSchedule
from companion_bot.testing import FakeSender, FrozenClock

SM = async_sessionmaker[AsyncSession]
WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
#: Europe goes to summer time on Sunday 28 March 2027, America back to winter time on
#: Sunday 7 November 2027: a week around each, from a Wednesday morning.
CLOCK_CHANGES = [
    pytest.param(BERLIN, dt.datetime(2027, 3, 24, 10, 0, tzinfo=BERLIN), id="europe-march"),
    pytest.param(NEW_YORK, dt.datetime(2027, 11, 3, 10, 0, tzinfo=NEW_YORK), id="us-november"),
]


async def standup(
    sm: SM, user: int, zone: ZoneInfo, now: dt.datetime, *, name: str = "standup"
) -> int:
    """ "standup every weekday 9:30-9:45" said at ``now``: its series id."""
    first = now.astimezone(zone).date() + dt.timedelta(days=1)
    rule = Recurrence(WEEKDAYS, floating(f"{first:%Y%m%d}T093000"), zone)
    new = NewSeries(event_name=name, recurrence=rule, duration=dt.timedelta(minutes=15))
    async with sm() as session:
        made = await create_series(session, user_id=user, channel="web", new=new, now=now)
        await session.commit()
    return made.series.id


async def run_days(jobs: ProactiveMeetingHandler, start: dt.datetime, days: int) -> None:
    """The job as the embedded loop runs it: a pass whenever ``next_run`` says work falls
    due (every pass twice: the second finds nothing), at the latest every six hours."""
    now, end = start, start + dt.timedelta(days=days)
    while now < end:
        for _ in range(2):
            await jobs.check_and_send_preparation_reminders(now)
            await jobs.check_and_send_completion_messages(now)
        wake = await jobs.next_run(now)
        later = now + dt.timedelta(hours=6)
        now = min(later, wake) if wake is not None and wake > now else later


class TimedSender(FakeSender):
    """Records when (on the frozen clock) each message went out."""

    def __init__(self, clock: FrozenClock) -> None:
        super().__init__(channel="web")
        self.clock = clock
        self.at: dict[int, dt.datetime] = {}

    async def send(self, message: OutboundMessage):  # type: ignore[no-untyped-def]
        self.at[id(message)] = self.clock.now()
        return await super().send(message)


class Stepper:
    """A handler whose clock follows the passes it is given."""

    def __init__(self, sm: SM, web: TimedSender) -> None:
        self.web = web
        self.jobs = handler(sm, {"web": web}, web.clock)

    async def check_and_send_preparation_reminders(self, now: dt.datetime) -> object:
        self.web.clock.set(now)
        return await self.jobs.check_and_send_preparation_reminders(now)

    async def check_and_send_completion_messages(self, now: dt.datetime) -> object:
        self.web.clock.set(now)
        return await self.jobs.check_and_send_completion_messages(now)

    async def next_run(self, now: dt.datetime) -> dt.datetime | None:
        return await self.jobs.next_run(now)


@pytest.mark.parametrize(("zone", "now"), CLOCK_CHANGES)
async def test_a_weekday_standup_is_reminded_monday_to_friday_at_930_local_across_dst(
    sm: SM, zone: ZoneInfo, now: dt.datetime
) -> None:
    user = await add_user(sm, tz=zone.key)
    await standup(sm, user, zone, now)
    web = TimedSender(FrozenClock(now))

    await run_days(Stepper(sm, web), now, days=7)  # type: ignore[arg-type]

    reminders = [m for m in web.sent if not m.is_question]
    check_ins = [m for m in web.sent if m.is_question]
    days = ["Thu", "Fri", "Mon", "Tue", "Wed"]
    assert [f"{web.at[id(m)].astimezone(zone):%a %H:%M}" for m in reminders] == [
        f"{d} 09:00" for d in days
    ]
    assert all("9:30 AM" in m.text for m in reminders), [m.text for m in reminders]
    assert [f"{web.at[id(m)].astimezone(zone):%a %H:%M}" for m in check_ins] == [
        f"{d} 09:50" for d in days
    ]
    assert all("standup" in m.text and "?" in m.text for m in check_ins)
    offsets = {web.at[id(m)].astimezone(zone).utcoffset() for m in reminders}
    assert len(offsets) == 2  # the clock changed in between, the wall time did not
    rows = await sessions_of(sm)
    assert len(rows) == 10 and {r.status for r in rows} == {"sent"}
    assert len({(r.reference_id, r.session_type) for r in rows}) == 10


async def test_skip_one_move_one_and_end_the_series(sm: SM) -> None:
    now = dt.datetime(2027, 3, 24, 10, 0, tzinfo=BERLIN)  # Wednesday
    user = await add_user(sm)
    series_id = await standup(sm, user, BERLIN, now)
    async with sm() as session:
        thursday, friday, monday, tuesday = (
            await stored.occurrences(session, series_id=series_id, since=now)
        )[:4]
        await changes.cancel_schedule(  # "skip tomorrow's standup"
            session, user_id=user, schedule=thursday, channel="web", via="chat", now=now
        )
        await changes.move_schedule(  # "move friday's standup to 11"
            session,
            user_id=user,
            schedule=friday,
            start=friday.start_time + dt.timedelta(hours=1, minutes=30),
            exact_time=True,
            channel="web",
            via="chat",
            now=now,
        )
        await session.commit()
    web = TimedSender(FrozenClock(now))
    stepper = Stepper(sm, web)

    await run_days(stepper, now, days=5)  # type: ignore[arg-type]
    stop = dt.datetime(2027, 3, 29, 12, 0, tzinfo=BERLIN)  # Monday, after its standup
    async with sm() as session:
        series = await session.get(ScheduleSeries, series_id)
        assert series is not None
        ended = await end_series(
            session, user_id=user, series=series, channel="web", via="chat", now=stop
        )
        await session.commit()
    await run_days(stepper, stop, days=10)  # type: ignore[arg-type]

    reminders = [m for m in web.sent if not m.is_question]
    assert [f"{web.at[id(m)].astimezone(BERLIN):%a %d %H:%M}" for m in reminders] == [
        "Fri 26 10:30",  # moved to 11:00: reminded before its new time only
        "Mon 29 09:00",  # the last one before the end
    ]
    assert ended is not None and ended.occurrences[0].id != monday.id
    async with sm() as session:
        kept = {
            row.id: row.status for row in await stored.occurrences(session, series_id=series_id)
        }
        stored_after = await session.scalar(
            select(func.count()).select_from(UserSchedule).where(UserSchedule.start_time > stop)
        )
    assert kept[thursday.id] == "cancelled" and kept[monday.id] == "scheduled"  # the past
    assert kept[tuesday.id] == "cancelled"  # the end cancelled what was still to come
    assert stored_after == len(ended.occurrences)  # nothing stored after the end


async def test_two_runners_over_many_series_send_each_occurrence_once(db_url: str, sm: SM) -> None:
    now = dt.datetime(2027, 3, 24, 10, 0, tzinfo=BERLIN)
    for i in range(40):
        user = await add_user(sm, name=f"u{i}", max_proactive_per_day=100)
        await standup(sm, user, BERLIN, now, name=f"standup {i}")
    engines = [make_engine(db_url) for _ in range(2)]
    clocks = [FrozenClock(now) for _ in engines]
    senders = [TimedSender(c) for c in clocks]
    runners = [Stepper(make_sessionmaker(e), s) for e, s in zip(engines, senders, strict=True)]
    try:
        at = now
        for _ in range(3 * 24 * 4):  # to Saturday, every 15 minutes, both at once
            await asyncio.gather(*(r.check_and_send_preparation_reminders(at) for r in runners))
            at += dt.timedelta(minutes=15)
    finally:
        for engine in engines:
            await engine.dispose()

    sent = Counter(m.proactive_session_id for s in senders for m in s.sent)
    assert len(sent) == 40 * 2 and set(sent.values()) == {1}  # Thursday's and Friday's
    rows = await sessions_of(sm)
    async with sm() as session:
        occurrences = Counter(
            (row.series_id, row.occurrence_start)
            for row in await session.scalars(select(UserSchedule))
        )
    assert set(occurrences.values()) == {1}  # each occurrence stored once
    assert len(rows) == 40 * 2 and {r.status for r in rows} == {"sent"}
