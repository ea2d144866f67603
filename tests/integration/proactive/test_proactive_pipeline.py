"""End to end through the conversation pipeline (``build_message_handler`` with our
follow-up hook), in simulated time: chat message → schedule → job → message on the web."""

from __future__ import annotations

import datetime as dt

from proactive_helpers import BERLIN, add_user, handler, settings
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.channels.web.sender import WebSender
from companion_bot.channels.web.sse import StreamHub
from companion_bot.composition import build_followups, build_message_handler
from companion_bot.storage.models import Message, UserSchedule
from companion_bot.testing import FrozenClock

SM = async_sessionmaker[AsyncSession]
MENTIONED = dt.datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)


def local(day: int, h: int, mi: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, h, mi, tzinfo=BERLIN)


async def test_mention_to_reminder_on_the_web_once(sm: SM) -> None:
    user = await add_user(sm)
    chat = build_message_handler(settings(), sm, followups=build_followups(sm))
    jobs = handler(sm, {"web": WebSender(sm, StreamHub())}, FrozenClock(MENTIONED))

    first = await chat.handle(
        user_id=user, channel="web", text="I have a meeting tomorrow at 2:30 PM", now=MENTIONED
    )
    again = await chat.handle(
        user_id=user,
        channel="web",
        text="Just to say: meeting tomorrow at 2:30 PM",
        now=MENTIONED + dt.timedelta(minutes=1),
    )
    passes = [
        await jobs.check_and_send_preparation_reminders(local(26, 13, 59) + dt.timedelta(minutes=i))
        for i in range(3)
    ]

    async with sm() as session:
        schedules = await session.scalar(select(func.count()).select_from(UserSchedule))
        proactive = list(
            await session.scalars(select(Message).where(Message.message_type == "proactive"))
        )
    assert len(first.created) == 1 and again.created == []
    assert schedules == 1
    assert [len(p.sent) for p in passes] == [0, 1, 0]
    [reminder] = proactive
    assert reminder.channel == "web" and "2:30 PM" in reminder.content


async def test_range_completion_is_a_question_the_answer_links_to(sm: SM) -> None:
    user = await add_user(sm)
    chat = build_message_handler(settings(), sm, followups=build_followups(sm))
    jobs = handler(sm, {"web": WebSender(sm, StreamHub())}, FrozenClock(MENTIONED))

    await chat.handle(user_id=user, channel="web", text="Team meeting 3-4 PM Friday", now=MENTIONED)
    reminder = await jobs.check_and_send_preparation_reminders(local(27, 14, 30))
    completion = await jobs.check_and_send_completion_messages(local(27, 16, 5))
    answer = await chat.handle(
        user_id=user, channel="web", text="It went really well!", now=local(27, 16, 20)
    )

    async with sm() as session:
        schedule = await session.scalar(select(UserSchedule))
    assert len(reminder.sent) == 1 and len(completion.sent) == 1
    assert answer.user_message.in_reply_to_id is not None
    assert schedule is not None and schedule.event_completed_sent


async def test_followup_rides_on_the_next_message_after_start_plus_15(sm: SM) -> None:
    user = await add_user(sm)
    chat = build_message_handler(settings(), sm, followups=build_followups(sm))

    await chat.handle(
        user_id=user, channel="web", text="I have a 1-on-1 tomorrow at 10 AM", now=MENTIONED
    )
    early = await chat.handle(user_id=user, channel="web", text="hi there", now=local(26, 10, 10))
    later = await chat.handle(user_id=user, channel="web", text="back again", now=local(26, 10, 20))
    after = await chat.handle(user_id=user, channel="web", text="and again", now=local(26, 10, 30))

    assert not early.reply.is_question
    assert later.reply.is_question and "1-on-1" in later.reply.content
    assert later.reply.proactive_session_id is not None
    assert after.reply.proactive_session_id is None  # asked once
