"""ProactiveMeetingHandler on SQLite and PostgreSQL: the checklist's bullets (reminder
sending, completion messages, follow-up greetings) and the rules around them."""

from __future__ import annotations

import datetime as dt

import pytest
from proactive_helpers import (
    BERLIN,
    NEW_YORK,
    DictFlags,
    add_schedule,
    add_user,
    handler,
    schedule,
    sessions_of,
    settings,
)
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.composition import build_proactive_handler
from companion_bot.config import Settings
from companion_bot.proactive.engine import ProactiveMeetingHandler
from companion_bot.proactive.followups import ProactiveFollowups
from companion_bot.storage.models import GreetingPreferences
from companion_bot.testing import FakeSender, FrozenClock

SM = async_sessionmaker[AsyncSession]


def at(y: int, mo: int, d: int, h: int, mi: int = 0, tz: dt.tzinfo = BERLIN) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=tz)


async def test_reminder_sent_lead_before_start_once(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, at(2026, 11, 26, 14, 30))
    h = handler(sm, {"web": web}, clock)

    early = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 13, 59))
    first = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 14, 0))
    again = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 14, 1))

    assert early.sent == [] and again.sent == []
    assert [o.schedule_id for o in first.sent] == [sid]
    assert len(web.sent) == 1
    message = web.sent[0]
    assert "2:30 PM" in message.text and "30 minutes" in message.text
    assert message.schedule_id == sid and not message.is_question
    assert {a.data for a in message.actions} == {
        f"ack:{message.proactive_session_id}",
        f"snooze:{message.proactive_session_id}",
        f"notmeeting:{message.proactive_session_id}",
    }
    [row] = await sessions_of(sm, sid)
    assert (row.session_type, row.status, row.attempts, row.channel) == (
        "preparation_reminder",
        "sent",
        1,
        "web",
    )
    assert row.sent_at == at(2026, 11, 26, 14, 0) and row.message_content == message.text
    assert (await schedule(sm, sid)).preparation_reminder_sent


async def test_meeting_mentioned_late_is_reminded_at_once_or_skipped(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    soon = await add_schedule(sm, user, at(2026, 11, 26, 14, 10), name="soon")
    too_soon = await add_schedule(sm, user, at(2026, 11, 26, 14, 3), name="too soon")
    h = handler(sm, {"web": web}, clock)

    summary = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 14, 0))

    assert [o.schedule_id for o in summary.sent] == [soon]
    assert "in 10 minutes" in web.sent[0].text
    [(skipped, reason)] = [(o.schedule_id, o.reason) for o in summary.skipped]
    assert (skipped, reason) == (too_soon, "missed")
    [row] = await sessions_of(sm, too_soon)
    assert (row.status, row.reason) == ("skipped", "missed")


async def test_completion_message_after_end_is_a_question(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    sid = await add_schedule(
        sm, user, at(2026, 11, 27, 15), end=at(2026, 11, 27, 16), name="Team meeting"
    )
    h = handler(sm, {"web": web}, clock)

    before = await h.check_and_send_completion_messages(at(2026, 11, 27, 16, 4))
    after = await h.check_and_send_completion_messages(at(2026, 11, 27, 16, 5))
    again = await h.check_and_send_completion_messages(at(2026, 11, 27, 17))

    assert before.sent == [] and again.sent == []
    assert [o.schedule_id for o in after.sent] == [sid]
    [message] = web.sent
    assert message.is_question and message.schedule_id == sid
    assert "team meeting" in message.text
    assert (await schedule(sm, sid)).event_completed_sent


async def test_completion_too_long_after_end_is_recorded_missed(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, at(2026, 11, 27, 9), end=at(2026, 11, 27, 10))

    summary = await handler(sm, {"web": web}, clock).check_and_send_completion_messages(
        at(2026, 11, 27, 16, 1)
    )

    assert web.sent == []
    assert [(o.schedule_id, o.reason) for o in summary.skipped] == [(sid, "missed")]


async def test_meeting_without_end_gets_no_completion_but_a_followup(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, at(2026, 11, 26, 10), name="1-on-1")
    hook = ProactiveFollowups(sm)

    completions = await handler(sm, {"web": web}, clock).check_and_send_completion_messages(
        at(2026, 11, 26, 12)
    )
    too_early = await hook.followup_for(user_id=user, channel="web", now=at(2026, 11, 26, 10, 14))
    other_channel = await hook.followup_for(
        user_id=user, channel="telegram", now=at(2026, 11, 26, 10, 20)
    )
    followup = await hook.followup_for(user_id=user, channel="web", now=at(2026, 11, 26, 10, 16))
    second = await hook.followup_for(user_id=user, channel="web", now=at(2026, 11, 26, 10, 30))

    assert completions.outcomes == [] and web.sent == []
    assert too_early is None and other_channel is None and second is None
    assert followup is not None
    assert followup.schedule_id == sid and "1-on-1" in followup.question
    [row] = await sessions_of(sm, sid)
    assert (row.id, row.session_type, row.status) == (
        followup.proactive_session_id,
        "followup",
        "sent",
    )
    assert (await schedule(sm, sid)).followup_sent


async def test_followup_window_ends_after_8_hours_and_respects_flags(
    sm: SM, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    await add_schedule(sm, user, at(2026, 11, 26, 10), name="1-on-1")

    late = await ProactiveFollowups(sm).followup_for(
        user_id=user, channel="web", now=at(2026, 11, 26, 18, 1)
    )
    off = await ProactiveFollowups(sm, flags=DictFlags(followups=False)).followup_for(
        user_id=user, channel="web", now=at(2026, 11, 26, 11)
    )
    on = await ProactiveFollowups(sm, flags=DictFlags()).followup_for(
        user_id=user, channel="web", now=at(2026, 11, 26, 11)
    )

    assert late is None and off is None and on is not None


async def test_delivery_only_on_the_schedules_channel(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, at(2026, 11, 26, 14, 30), channel="telegram")
    when = at(2026, 11, 26, 14)

    without = await handler(sm, {"web": web}, clock).check_and_send_preparation_reminders(when)
    [row] = await sessions_of(sm, sid)
    telegram = FakeSender(channel="telegram")
    with_tg = await handler(
        sm, {"web": web, "telegram": telegram}, clock
    ).check_and_send_preparation_reminders(when + dt.timedelta(minutes=1))

    assert without.sent == [] and row.status == "pending"
    assert web.sent == []
    assert [m.schedule_id for m in telegram.sent] == [sid]
    assert [o.channel for o in with_tg.sent] == ["telegram"]


async def test_quiet_hours_defer_to_their_end_or_skip(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm, dnd_start_hour=22, dnd_end_hour=8)
    morning = await add_schedule(sm, user, at(2026, 11, 26, 8, 15), name="standup")
    early = await add_schedule(sm, user, at(2026, 11, 26, 8, 3), name="gym")
    h = handler(sm, {"web": web}, clock)

    night = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 7, 50))
    at_end = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 8, 0))

    assert [(o.schedule_id, o.outcome) for o in night.outcomes] == [
        (early, "skipped"),
        (morning, "deferred"),
    ]
    assert night.skipped[0].reason == "quiet_hours"
    assert [o.schedule_id for o in at_end.sent] == [morning]
    assert "in 15 minutes" in web.sent[0].text


async def test_daily_cap_counts_the_local_day(sm: SM, web: FakeSender, clock: FrozenClock) -> None:
    user = await add_user(sm, max_proactive_per_day=2)
    ids = [
        await add_schedule(sm, user, at(2026, 11, 26, 10 + i), name=f"meeting {i}")
        for i in range(3)
    ]
    h = handler(sm, {"web": web}, clock)

    passes = [
        await h.check_and_send_preparation_reminders(at(2026, 11, 26, 9 + i, 30)) for i in range(3)
    ]
    next_day = await add_schedule(sm, user, at(2026, 11, 27, 0, 30), name="early call")
    tomorrow = await h.check_and_send_preparation_reminders(at(2026, 11, 27, 0, 0))

    assert [o.schedule_id for p in passes for o in p.sent] == ids[:2]
    assert [(o.schedule_id, o.reason) for o in passes[2].skipped] == [(ids[2], "daily_cap")]
    assert [o.schedule_id for o in tomorrow.sent] == [next_day]


def handler_capped_at(
    cap: int, sm: SM, web: FakeSender, clock: FrozenClock
) -> ProactiveMeetingHandler:
    """A handler whose settings say ``COMPANION_MAX_PROACTIVE_PER_DAY=cap``."""
    capped = Settings(database_url=settings().database_url, max_proactive_per_day=cap)
    return build_proactive_handler(capped, sm, senders={"web": web}, clock=clock)


async def test_daily_cap_setting_is_the_cap_of_a_user_without_their_own(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)  # a new user has picked no cap
    first = await add_schedule(sm, user, at(2026, 11, 26, 10), name="standup")
    second = await add_schedule(sm, user, at(2026, 11, 26, 15), name="1-on-1")
    h = handler_capped_at(1, sm, web, clock)

    morning = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 9, 30))
    afternoon = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 14, 30))

    assert [o.schedule_id for o in morning.sent] == [first]
    assert afternoon.sent == []
    assert [(o.schedule_id, o.reason) for o in afternoon.skipped] == [(second, "daily_cap")]
    assert len(web.sent) == 1 and "standup" in web.sent[0].text
    [row] = await sessions_of(sm, second)
    assert (row.status, row.reason) == ("skipped", "daily_cap")


async def test_a_user_without_a_preferences_row_follows_the_setting_too(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    async with sm() as session:
        await session.execute(
            delete(GreetingPreferences).where(GreetingPreferences.user_id == user)
        )
        await session.commit()
    await add_schedule(sm, user, at(2026, 11, 26, 10), name="standup")
    second = await add_schedule(sm, user, at(2026, 11, 26, 15), name="1-on-1")
    h = handler_capped_at(1, sm, web, clock)

    await h.check_and_send_preparation_reminders(at(2026, 11, 26, 9, 30))
    afternoon = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 14, 30))

    assert [(o.schedule_id, o.reason) for o in afternoon.skipped] == [(second, "daily_cap")]


async def test_a_users_own_daily_cap_wins_over_the_setting(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm, max_proactive_per_day=2)  # as stored by PUT /api/preferences
    ids = [
        await add_schedule(sm, user, at(2026, 11, 26, 10 + 5 * i), name=f"meeting {i}")
        for i in range(2)
    ]
    h = handler_capped_at(1, sm, web, clock)

    passes = [
        await h.check_and_send_preparation_reminders(at(2026, 11, 26, 9 + 5 * i, 30))
        for i in range(2)
    ]

    assert [o.schedule_id for p in passes for o in p.sent] == ids
    assert [o for p in passes for o in p.skipped] == []


@pytest.mark.parametrize("lead", [1, 3])
async def test_a_one_minute_lead_is_honoured_even_by_a_late_pass(
    sm: SM, web: FakeSender, clock: FrozenClock, lead: int
) -> None:
    user = await add_user(sm, reminder_lead_minutes=lead)
    sid = await add_schedule(sm, user, at(2026, 11, 26, 14, 30), name="standup")
    h = handler(sm, {"web": web}, clock)
    due = at(2026, 11, 26, 14, 30) - dt.timedelta(minutes=lead)

    early = await h.check_and_send_preparation_reminders(due - dt.timedelta(minutes=1))
    late = await h.check_and_send_preparation_reminders(due + dt.timedelta(seconds=40))

    assert early.sent == []
    assert [o.schedule_id for o in late.sent] == [sid]
    assert len(web.sent) == 1 and "standup" in web.sent[0].text


async def test_opted_out_user_gets_nothing_and_the_reason_is_recorded(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm, prefer_proactive=False)
    sid = await add_schedule(sm, user, at(2026, 11, 26, 14, 30))

    await handler(sm, {"web": web}, clock).check_and_send_preparation_reminders(
        at(2026, 11, 26, 14)
    )

    [row] = await sessions_of(sm, sid)
    assert web.sent == [] and (row.status, row.reason) == ("skipped", "opted_out")


async def test_flag_off_sends_nothing_and_loses_nothing(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, at(2026, 11, 26, 14, 30))
    flags = DictFlags(proactive_jobs=False)
    h = handler(sm, {"web": web}, clock, flags=flags)

    off = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 14))
    rows_while_off = await sessions_of(sm, sid)
    flags.values["proactive_jobs"] = True
    on = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 14, 5))
    twice = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 14, 6))

    assert off.disabled and rows_while_off == []
    assert [o.schedule_id for o in on.sent] == [sid] and twice.sent == []
    assert len(web.sent) == 1


async def test_master_flag_off_stops_everything(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    await add_schedule(sm, user, at(2026, 11, 26, 14, 30))
    h = handler(sm, {"web": web}, clock, flags=DictFlags(proactive_features=False))

    summary = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 14))

    assert summary.disabled and web.sent == []


async def test_reminder_across_dst_change_at_the_right_absolute_time(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    # Mentioned in winter time; the meeting is on the Monday after clocks go forward.
    user = await add_user(sm)
    sid = await add_schedule(sm, user, at(2026, 3, 30, 10))  # 08:00 UTC (CEST)
    h = handler(sm, {"web": web}, clock)

    before = await h.check_and_send_preparation_reminders(
        dt.datetime(2026, 3, 30, 7, 29, tzinfo=dt.UTC)
    )
    due = await h.check_and_send_preparation_reminders(
        dt.datetime(2026, 3, 30, 7, 30, tzinfo=dt.UTC)
    )

    assert before.sent == [] and [o.schedule_id for o in due.sent] == [sid]
    assert "10:00 AM" in web.sent[0].text


async def test_two_users_in_different_zones(sm: SM, web: FakeSender, clock: FrozenClock) -> None:
    ada = await add_user(sm, name="ada", tz="Europe/Berlin")
    bob = await add_user(sm, name="bob", tz="America/New_York", reminder_lead_minutes=60)
    berlin = await add_schedule(sm, ada, at(2026, 11, 26, 15))  # 14:00 UTC
    new_york = await add_schedule(sm, bob, at(2026, 11, 26, 9, tz=NEW_YORK))  # 14:00 UTC
    h = handler(sm, {"web": web}, clock)

    first = await h.check_and_send_preparation_reminders(
        dt.datetime(2026, 11, 26, 13, 0, tzinfo=dt.UTC)
    )
    second = await h.check_and_send_preparation_reminders(
        dt.datetime(2026, 11, 26, 13, 30, tzinfo=dt.UTC)
    )

    assert [o.schedule_id for o in first.sent] == [new_york]
    assert [o.schedule_id for o in second.sent] == [berlin]
    assert "9:00 AM" in web.sent[0].text and "3:00 PM" in web.sent[1].text


async def test_date_only_meeting_gets_a_morning_note(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, at(2026, 11, 27, 0), name="offsite", approximate=True)
    h = handler(sm, {"web": web}, clock)

    night = await h.check_and_send_preparation_reminders(at(2026, 11, 27, 7, 59))
    morning = await h.check_and_send_preparation_reminders(at(2026, 11, 27, 8, 0))

    assert night.outcomes == []
    assert [o.schedule_id for o in morning.sent] == [sid]
    assert "offsite" in web.sent[0].text and "today" in web.sent[0].text


async def test_moved_meeting_gets_a_reminder_for_its_new_time(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    from sqlalchemy import update

    from companion_bot.storage import proactive_sessions
    from companion_bot.storage.models import UserSchedule

    user = await add_user(sm)
    sid = await add_schedule(sm, user, at(2026, 11, 26, 14, 30))
    h = handler(sm, {"web": web}, clock)
    await h.check_and_send_preparation_reminders(at(2026, 11, 26, 14))
    async with sm() as session:  # what the pipeline does when the meeting moves to 16:00
        await session.execute(
            update(UserSchedule)
            .where(UserSchedule.id == sid)
            .values(start_time=at(2026, 11, 26, 16))
        )
        removed = await proactive_sessions.reset_after_reschedule(session, schedule_id=sid)
        await session.commit()

    early = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 15, 29))
    moved = await h.check_and_send_preparation_reminders(at(2026, 11, 26, 15, 30))

    assert removed == 1 and early.sent == []
    assert [o.schedule_id for o in moved.sent] == [sid]
    assert [m.text.count("4:00 PM") for m in web.sent] == [0, 1]


async def test_pending_message_of_a_channel_without_sender_does_not_eat_tomorrows_cap(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await add_user(sm, max_proactive_per_day=1)
    await add_schedule(sm, user, at(2026, 11, 26, 14, 30), channel="telegram")
    web_meeting = await add_schedule(sm, user, at(2026, 11, 27, 14, 30))
    h = handler(sm, {"web": web}, clock)

    await h.check_and_send_preparation_reminders(at(2026, 11, 26, 14))
    next_day = await h.check_and_send_preparation_reminders(at(2026, 11, 27, 14))

    assert [o.schedule_id for o in next_day.sent] == [web_meeting]
