"""Task reminders on SQLite and PostgreSQL: sent at the task's time itself (not before), once
however many passes or runners, on the channel it was asked on; held through quiet hours,
skipped when opted out or over the daily cap or cancelled; no check-in or follow-up."""

from __future__ import annotations

import asyncio
import datetime as dt

from proactive_helpers import BERLIN, add_schedule, add_user, handler, schedule, sessions_of
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.proactive.followups import ProactiveFollowups
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.models import UserSchedule
from companion_bot.testing import FakeSender, FrozenClock

SM = async_sessionmaker[AsyncSession]
#: Call mom at 18:00 on Thursday 26 November 2026, Berlin.
AT = dt.datetime(2026, 11, 26, 18, 0, tzinfo=BERLIN)
SECOND = dt.timedelta(seconds=1)
MINUTE = dt.timedelta(minutes=1)


async def task(sm: SM, user: int, *, channel: str = "web", end: dt.datetime | None = None) -> int:
    """ "remind me to call mom at 6pm", as the pipeline stores it."""
    return await add_schedule(sm, user, AT, name="call mom", kind="task", channel=channel, end=end)


async def test_reminded_at_its_time_not_before_and_once(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    sid = await task(sm, user)
    h = handler(sm, {"web": web}, clock)

    lead_before = await h.check_and_send_preparation_reminders(AT - dt.timedelta(minutes=30))
    just_before = await h.check_and_send_preparation_reminders(AT - SECOND)
    due = await h.check_and_send_preparation_reminders(AT)
    again = await h.check_and_send_preparation_reminders(AT + MINUTE)

    assert lead_before.outcomes == [] and just_before.outcomes == [] and again.outcomes == []
    assert [(o.kind, o.outcome, o.schedule_id) for o in due.outcomes] == [
        ("task_reminder", "sent", sid)
    ]
    [message] = web.sent
    assert message.text == "⏰ Reminder: call mom"
    assert [a.data for a in message.actions] == [f"ack:{message.proactive_session_id}"]
    assert not message.is_question
    [row] = await sessions_of(sm, sid)
    assert (row.session_type, row.status, row.due_at, row.sent_at) == (
        "task_reminder",
        "sent",
        AT,
        AT,
    )
    assert (await schedule(sm, sid)).preparation_reminder_sent


async def test_two_runners_at_once_send_it_once(db_url: str, sm: SM, clock: FrozenClock) -> None:
    user = await add_user(sm)
    await task(sm, user)
    engines = [make_engine(db_url) for _ in range(2)]
    senders = [FakeSender() for _ in engines]
    runners = [
        handler(make_sessionmaker(e), {"web": s}, clock)
        for e, s in zip(engines, senders, strict=True)
    ]
    try:
        await asyncio.gather(*(r.check_and_send_preparation_reminders(AT) for r in runners))
        await asyncio.gather(
            *(r.check_and_send_preparation_reminders(AT + SECOND) for r in runners)
        )
    finally:
        for engine in engines:
            await engine.dispose()

    assert [m.text for s in senders for m in s.sent] == ["⏰ Reminder: call mom"]
    assert [r.status for r in await sessions_of(sm)] == ["sent"]


async def test_sent_on_the_channel_it_was_asked_on(sm: SM, clock: FrozenClock) -> None:
    user = await add_user(sm)
    await task(sm, user, channel="telegram")
    web, telegram = FakeSender(channel="web"), FakeSender(channel="telegram")

    await handler(
        sm, {"web": web, "telegram": telegram}, clock
    ).check_and_send_preparation_reminders(AT)

    assert web.sent == [] and [m.text for m in telegram.sent] == ["⏰ Reminder: call mom"]


async def test_held_through_quiet_hours_and_sent_when_they_end(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm, dnd_start_hour=17, dnd_end_hour=19)
    sid = await task(sm, user)
    h = handler(sm, {"web": web}, clock)

    held = await h.check_and_send_preparation_reminders(AT)
    still = await h.check_and_send_preparation_reminders(AT.replace(hour=18, minute=59))
    sent = await h.check_and_send_preparation_reminders(AT.replace(hour=19))

    assert [(o.outcome, o.reason, o.at) for o in held.outcomes] == [
        ("deferred", "deferred_quiet_hours", AT.replace(hour=19))
    ]
    assert still.sent == [] and [o.schedule_id for o in sent.sent] == [sid]
    assert [m.text for m in web.sent] == ["⏰ Reminder: call mom"]


async def test_skipped_and_recorded_when_opted_out(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm, prefer_proactive=False)
    sid = await task(sm, user)

    summary = await handler(sm, {"web": web}, clock).check_and_send_preparation_reminders(AT)

    assert web.sent == []
    assert [(o.schedule_id, o.reason) for o in summary.skipped] == [(sid, "opted_out")]
    [row] = await sessions_of(sm, sid)
    assert (row.session_type, row.status, row.reason) == ("task_reminder", "skipped", "opted_out")


async def test_the_daily_cap_counts_tasks_and_meetings_alike(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm, max_proactive_per_day=1)
    meeting = await add_schedule(sm, user, AT.replace(hour=15), name="dentist")
    sid = await task(sm, user)
    h = handler(sm, {"web": web}, clock)

    await h.check_and_send_preparation_reminders(AT.replace(hour=14, minute=30))
    capped = await h.check_and_send_preparation_reminders(AT)

    assert [m.schedule_id for m in web.sent] == [meeting]
    assert [(o.schedule_id, o.reason) for o in capped.skipped] == [(sid, "daily_cap")]


async def test_a_cancelled_task_is_not_reminded(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    sid = await task(sm, user)
    async with sm() as session:
        await session.execute(
            update(UserSchedule).where(UserSchedule.id == sid).values(status="cancelled")
        )
        await session.commit()

    summary = await handler(sm, {"web": web}, clock).check_and_send_preparation_reminders(AT)

    assert summary.outcomes == [] and web.sent == [] and await sessions_of(sm, sid) == []


async def test_no_check_in_or_follow_up_after_a_task(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    sid = await task(sm, user, end=AT + dt.timedelta(minutes=30))
    h = handler(sm, {"web": web}, clock)
    await h.check_and_send_preparation_reminders(AT)

    later = AT + dt.timedelta(hours=1)
    completions = await h.check_and_send_completion_messages(later)
    followup = await ProactiveFollowups(sm).followup_for(user_id=user, channel="web", now=later)

    assert completions.outcomes == [] and followup is None
    assert [r.session_type for r in await sessions_of(sm, sid)] == ["task_reminder"]


async def test_the_job_wakes_at_the_tasks_time(sm: SM, web: FakeSender, clock: FrozenClock) -> None:
    user = await add_user(sm)
    await task(sm, user)
    h = handler(sm, {"web": web}, clock)

    assert await h.next_run(AT - dt.timedelta(hours=2)) == AT
    assert await h.next_run(AT) == AT  # due: a pass has work now


async def test_held_by_quiet_hours_the_job_sleeps_until_they_end(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm, dnd_start_hour=17, dnd_end_hour=19)
    await task(sm, user)
    h = handler(sm, {"web": web}, clock)
    await h.check_and_send_preparation_reminders(AT)  # held

    assert await h.next_run(AT + MINUTE) == AT.replace(hour=19)
    assert (
        await handler(sm, {"telegram": FakeSender(channel="telegram")}, clock).next_run(AT + MINUTE)
        is None
    )  # not this handler's channel
