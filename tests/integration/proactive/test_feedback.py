"""Quick actions under proactive messages (services.feedback), on both databases, in
simulated time: thanks acknowledges, snooze re-sends once 10 minutes later through the
proactive engine, not a meeting cancels; typed answers do the same; only the owner may act."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from proactive_helpers import BERLIN, add_schedule, add_user, handler, sessions_of, settings
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.channels.web.sender import WebSender
from companion_bot.channels.web.sse import StreamHub
from companion_bot.composition import build_followups, build_message_handler
from companion_bot.errors import NotFoundError
from companion_bot.services import feedback
from companion_bot.storage.models import AnalyticsEvent, Message, ProactiveSession, UserSchedule
from companion_bot.testing import FakeSender, FrozenClock

SM = async_sessionmaker[AsyncSession]
START = dt.datetime(2026, 11, 26, 14, 30, tzinfo=dt.UTC)  # 15:30 in Berlin
DUE = START - dt.timedelta(minutes=30)


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


async def press(sm: SM, user_id: int, data: str, now: dt.datetime) -> str:
    async with sm() as session:
        text = await feedback.apply_quick_action(session, user_id=user_id, data=data, now=now)
        await session.commit()
    return text


async def events(sm: SM, name: str) -> list[AnalyticsEvent]:
    async with sm() as session:
        rows = await session.scalars(select(AnalyticsEvent).where(AnalyticsEvent.name == name))
        return list(rows)


async def sent_reminder(sm: SM, web: FakeSender, clock: FrozenClock) -> tuple[int, int, int]:
    """A user, their meeting at START and the reminder sent at DUE: (user, schedule, session)."""
    user = await add_user(sm)
    schedule_id = await add_schedule(sm, user, START, end=START + minutes(60))
    summary = await handler(sm, {"web": web}, clock).check_and_send_preparation_reminders(DUE)
    [outcome] = summary.sent
    assert outcome.session_id is not None
    return user, schedule_id, outcome.session_id


async def test_thanks_acknowledges_once(sm: SM, web: FakeSender, clock: FrozenClock) -> None:
    user, _, session_id = await sent_reminder(sm, web, clock)

    first = await press(sm, user, f"ack:{session_id}", DUE + minutes(1))
    second = await press(sm, user, f"ack:{session_id}", DUE + minutes(2))

    assert first == second == "You're welcome — good luck with the team meeting!"
    [row] = [s for s in await sessions_of(sm) if s.id == session_id]
    assert row.acknowledged_at == DUE + minutes(1)
    [event] = await events(sm, "acknowledged")
    assert event.properties["proactive_session_id"] == session_id
    assert event.properties["via"] == "button"


async def test_only_the_owner_may_act(sm: SM, web: FakeSender, clock: FrozenClock) -> None:
    _, schedule_id, session_id = await sent_reminder(sm, web, clock)
    mallory = await add_user(sm, name="mallory")

    answers = [
        await press(sm, mallory, f"{action}:{session_id}", DUE + minutes(1))
        for action in ("ack", "snooze", "notmeeting")
    ]
    async with sm() as session:
        with pytest.raises(NotFoundError):
            await feedback.apply_action(
                session, user_id=mallory, action="ack", proactive_session_id=session_id, now=DUE
            )

    assert answers == [feedback.NOT_FOUND_TEXT] * 3
    assert await press(sm, mallory, "explode:1", DUE) == feedback.UNKNOWN_TEXT
    sessions = await sessions_of(sm)
    assert [(s.session_type, s.acknowledged_at) for s in sessions] == [
        ("preparation_reminder", None)
    ]
    async with sm() as session:
        schedule = await session.get(UserSchedule, schedule_id)
    assert schedule is not None and schedule.status == "scheduled"


async def test_snooze_sends_the_reminder_again_once_ten_minutes_later(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user, schedule_id, session_id = await sent_reminder(sm, web, clock)
    jobs = handler(sm, {"web": web}, clock)
    pressed = DUE + minutes(2)

    answer = await press(sm, user, f"snooze:{session_id}", pressed)
    early = await jobs.check_and_send_preparation_reminders(pressed + minutes(9))
    due = await jobs.check_and_send_preparation_reminders(pressed + minutes(10))
    later = [
        await jobs.check_and_send_preparation_reminders(pressed + minutes(10 + n))
        for n in (1, 5, 12)
    ]
    again = await press(sm, user, f"snooze:{session_id}", pressed + minutes(11))

    assert answer == "Snoozed — I'll remind you again at 3:12 PM."  # Berlin
    assert early.sent == [] and all(p.sent == [] for p in later)
    assert [(o.kind, o.schedule_id) for o in due.sent] == [("snooze", schedule_id)]
    assert len(web.sent) == 2
    snoozed = web.sent[1]
    assert "3:30 PM" in snoozed.text and "18 minutes" in snoozed.text
    assert [a.data.split(":")[0] for a in snoozed.actions] == ["ack", "notmeeting"]
    assert again == "I've already snoozed this reminder once."
    assert snoozed.proactive_session_id is not None
    once_more = await press(
        sm, user, f"snooze:{snoozed.proactive_session_id}", pressed + minutes(12)
    )
    assert once_more == "This was the snoozed reminder — it comes back only once."
    rows = await sessions_of(sm, schedule_id)
    assert [(r.session_type, r.status) for r in rows] == [
        ("preparation_reminder", "sent"),
        ("snooze", "sent"),
    ]
    assert rows[1].sent_at == pressed + minutes(10)
    assert len(await events(sm, "snoozed")) == 1


async def test_two_presses_at_once_make_one_snooze(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user, schedule_id, session_id = await sent_reminder(sm, web, clock)

    answers = await asyncio.gather(
        *(press(sm, user, f"snooze:{session_id}", DUE + minutes(1)) for _ in range(3))
    )

    assert sorted(answers) == [
        "Already snoozed — I'll remind you again at 3:11 PM.",
        "Already snoozed — I'll remind you again at 3:11 PM.",
        "Snoozed — I'll remind you again at 3:11 PM.",
    ]
    rows = await sessions_of(sm, schedule_id)
    assert [r.session_type for r in rows] == ["preparation_reminder", "snooze"]


async def test_snooze_too_close_to_the_start_is_refused(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user, schedule_id, session_id = await sent_reminder(sm, web, clock)

    answer = await press(sm, user, f"snooze:{session_id}", START - minutes(8))

    assert answer == "The team meeting starts at 3:30 PM — too soon to snooze. Good luck!"
    assert [r.session_type for r in await sessions_of(sm, schedule_id)] == ["preparation_reminder"]


async def test_not_a_meeting_cancels_and_counts_a_false_positive(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user, schedule_id, session_id = await sent_reminder(sm, web, clock)
    jobs = handler(sm, {"web": web}, clock)
    await press(sm, user, f"snooze:{session_id}", DUE + minutes(1))

    answer = await press(sm, user, f"notmeeting:{session_id}", DUE + minutes(2))
    snooze_pass = await jobs.check_and_send_preparation_reminders(DUE + minutes(11))
    completion = await jobs.check_and_send_completion_messages(START + minutes(65))
    repeated = await press(sm, user, f"notmeeting:{session_id}", DUE + minutes(3))

    assert "off your list" in answer
    assert snooze_pass.sent == [] and completion.sent == []
    assert len(web.sent) == 1
    async with sm() as session:
        schedule = await session.get(UserSchedule, schedule_id)
    assert schedule is not None and schedule.status == "cancelled"
    [event] = await events(sm, "not_a_meeting")
    assert event.user_id == user and event.value == 1.0
    assert event.properties["schedule_id"] == schedule_id
    assert repeated == "The team meeting is already off your list."
    assert len(await events(sm, "not_a_meeting")) == 1


def test_typed_actions_are_whole_messages() -> None:
    said = {
        "Thanks!": "ack",
        "thank you so much": "ack",
        "ok thanks": "ack",
        "Snooze": "snooze",
        "snooze 10 min": "snooze",
        "remind me later": "snooze",
        "not a meeting": "notmeeting",
        "That’s not a meeting.": "notmeeting",
        "thanks, the meeting moved to 4": None,
        "snooze is my favourite word": None,
        "it was not a meeting, it was a party tomorrow at 8": None,
    }
    assert {text: feedback.typed_action(text) for text in said} == said


async def test_typed_answers_act_on_the_last_proactive_message(sm: SM) -> None:
    user = await add_user(sm)
    chat = build_message_handler(settings(), sm, followups=build_followups(sm))
    web = WebSender(sm, StreamHub())
    jobs = handler(sm, {"web": web}, FrozenClock(DUE))
    mentioned = dt.datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
    await chat.handle(
        user_id=user, channel="web", text="dentist tomorrow at 3:30 PM", now=mentioned
    )
    await chat.handle(
        user_id=user, channel="web", text="team meeting tomorrow at 5 PM", now=mentioned
    )
    await jobs.check_and_send_preparation_reminders(DUE)

    thanks = await chat.handle(user_id=user, channel="web", text="Thanks!", now=DUE + minutes(1))
    snooze = await chat.handle(user_id=user, channel="web", text="snooze", now=DUE + minutes(2))
    sent = await jobs.check_and_send_preparation_reminders(DUE + minutes(12))
    wrong = await chat.handle(
        user_id=user, channel="web", text="not a meeting", now=DUE + minutes(13)
    )

    async with sm() as session:
        rows = list(await session.scalars(select(ProactiveSession).order_by(ProactiveSession.id)))
        schedules = {s.event_name: s.status for s in await session.scalars(select(UserSchedule))}
        reminder_message = await session.scalar(
            select(Message).where(Message.proactive_session_id == rows[0].id)
        )
    assert thanks.reply.content.startswith("You're welcome — good luck with the dentist")
    assert reminder_message is not None
    assert thanks.user_message.in_reply_to_id == reminder_message.id
    assert rows[0].acknowledged_at == DUE + minutes(1)
    assert snooze.reply.content.startswith("Snoozed — I'll remind you again at 3:12 PM.")
    assert [o.kind for o in sent.sent] == ["snooze"]
    assert "off your list" in wrong.reply.content
    assert sorted(schedules.values()) == ["cancelled", "scheduled"]
    assert schedules["team meeting"] == "scheduled"
    assert len(await events(sm, "not_a_meeting")) == 1


async def test_saying_stop_records_one_opt_out(sm: SM) -> None:
    user = await add_user(sm)
    chat = build_message_handler(settings(), sm)
    now = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)

    for n in range(2):
        await chat.handle(
            user_id=user, channel="web", text="stop reminding me", now=now + minutes(n)
        )

    [event] = await events(sm, "opted_out")
    assert event.user_id == user
