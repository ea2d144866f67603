"""Conversations (issue 14, items 1 and 7) as a New York user has them, through the real
extractor on both databases, with a frozen clock: a change keeps every field it does not
mention (day, length, channel), and exact words stay exact ("lunch at noon with Maria").

Each test checks what the user sees: the bot's reply and the meeting as stored.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage.models import UserSchedule

NEW_YORK = ZoneInfo("America/New_York")
#: Tuesday 1 December 2026, 10:00 in New York.
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK)
CHANNELS = ["web", "telegram"]


def ny(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A wall-clock time in December 2026, New York."""
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=NEW_YORK)


async def only_meeting(sm: async_sessionmaker[AsyncSession], user_id: int) -> UserSchedule:
    async with sm() as session:
        [row] = (
            await session.scalars(select(UserSchedule).where(UserSchedule.user_id == user_id))
        ).all()
        return row


def when(row: UserSchedule) -> tuple[dt.datetime, dt.datetime | None]:
    """The stored start and end, in New York."""
    end = row.end_time.astimezone(NEW_YORK) if row.end_time is not None else None
    return row.start_time.astimezone(NEW_YORK), end


class Chat:
    """One user talking to the bot on one channel at a frozen time."""

    def __init__(self, handler: MessageHandler, user_id: int, channel: str = "web") -> None:
        self.handler, self.user_id, self.channel = handler, user_id, channel

    async def say(self, text: str, now: dt.datetime = NOW, channel: str | None = None) -> str:
        """The bot's reply to ``text``."""
        result = await self.handler.handle(
            user_id=self.user_id, channel=channel or self.channel, text=text, now=now
        )
        return result.reply.content


# -- a move that names only a time keeps the day, the length and the channel --------------


@pytest.mark.parametrize("channel", CHANNELS)
async def test_the_berlin_call_moved_to_11_stays_on_monday_and_half_an_hour(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int, channel: str
) -> None:
    chat = Chat(handler, dan, channel)
    await chat.say("Call with the Berlin office next Monday 10-10:30")

    reply = await chat.say("the berlin call got moved to 11")

    row = await only_meeting(sm, dan)
    assert when(row) == (ny(7, 11), ny(7, 11, 30))
    assert (row.event_name, row.channel, row.status) == (
        "call with Berlin office",
        channel,
        "scheduled",
    )
    assert "call with Berlin office is now Monday 7 Dec, 11–11:30 AM." in reply


@pytest.mark.parametrize("channel", CHANNELS)
async def test_the_sync_moved_to_6pm_stays_on_friday(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int, channel: str
) -> None:
    chat = Chat(handler, dan, channel)
    await chat.say("team sync Friday at 3pm")

    reply = await chat.say("move the sync to 6pm")

    row = await only_meeting(sm, dan)
    assert when(row) == (ny(4, 18), None)
    assert "team sync is now Friday 4 Dec, 6 PM." in reply


@pytest.mark.parametrize("channel", CHANNELS)
async def test_the_doctor_moved_to_9am_stays_on_december_10(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int, channel: str
) -> None:
    chat = Chat(handler, dan, channel)
    await chat.say("doctor appointment Dec 10 at 2pm")

    reply = await chat.say("doctor appointment moved to 9am")

    row = await only_meeting(sm, dan)
    assert when(row) == (ny(10, 9), None)
    assert "doctor appointment is now Thursday 10 Dec, 9 AM." in reply


async def test_a_time_that_passed_today_still_keeps_the_meetings_day(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int
) -> None:
    chat = Chat(handler, dan)
    await chat.say("Call with the Berlin office next Monday 10-10:30")

    # At 13:00 a bare "11" alone would be tomorrow's 11:00.
    reply = await chat.say("the berlin call got moved to 11", now=ny(1, 13))

    assert when(await only_meeting(sm, dan)) == (ny(7, 11), ny(7, 11, 30))
    assert "is now Monday 7 Dec, 11–11:30 AM." in reply


async def test_a_bare_hour_is_read_on_the_meetings_own_day(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int
) -> None:
    chat = Chat(handler, dan)
    await chat.say("doctor appointment Dec 10 at 2pm")

    # Alone at 10:00, "9" is tonight's 21:00; on a named day it is the earlier reading.
    reply = await chat.say("the doctor got moved to 9")

    assert when(await only_meeting(sm, dan)) == (ny(10, 9), None)
    assert "doctor appointment is now Thursday 10 Dec, 9 AM." in reply


async def test_a_bare_hour_that_passed_today_is_the_evening(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int
) -> None:
    chat = Chat(handler, dan)
    four_pm = ny(1, 16)
    await chat.say("team meeting today at 5pm", now=four_pm)

    reply = await chat.say("the team meeting moved to 7", now=four_pm)

    assert when(await only_meeting(sm, dan)) == (ny(1, 19), None)
    assert "team meeting is now today, Tuesday 1 Dec, 7 PM." in reply


async def test_a_move_said_on_the_other_channel_keeps_the_meetings_channel(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int
) -> None:
    chat = Chat(handler, dan)
    await chat.say("Call with the Berlin office next Monday 10-10:30", channel="telegram")

    reply = await chat.say("the berlin call got moved to 11", channel="web")

    row = await only_meeting(sm, dan)
    assert row.channel == "telegram"  # its reminder still goes where it was mentioned
    assert when(row) == (ny(7, 11), ny(7, 11, 30))
    assert "is now Monday 7 Dec, 11–11:30 AM." in reply


async def test_bumped_up_an_hour_then_same_time_next_week(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int
) -> None:
    chat = Chat(handler, dan)
    await chat.say("standup friday 9:30-9:45")

    bumped = await chat.say("standup got bumped up an hour")

    assert when(await only_meeting(sm, dan)) == (ny(4, 8, 30), ny(4, 8, 45))
    assert "standup is now Friday 4 Dec, 8:30–8:45 AM." in bumped

    next_week = await chat.say("standup moved to same time next week")

    assert when(await only_meeting(sm, dan)) == (ny(11, 8, 30), ny(11, 8, 45))
    assert "standup is now Friday 11 Dec, 8:30–8:45 AM." in next_week


@pytest.mark.parametrize(
    "text",
    [
        "please move the sync to 6pm",
        "can you move the sync to 6pm?",
        "can we move the sync to 6pm?",
        "need to push the sync to 6pm",
    ],
)
async def test_a_move_asked_for_moves_and_never_cancels(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int, text: str
) -> None:
    chat = Chat(handler, dan)
    await chat.say("team sync Friday at 3pm")

    reply = await chat.say(text)

    row = await only_meeting(sm, dan)
    assert (row.status, *when(row)) == ("scheduled", ny(4, 18), None)
    assert "team sync is now Friday 4 Dec, 6 PM." in reply
    assert "cancel" not in reply


async def test_a_day_only_meeting_moved_to_a_clock_time_is_no_longer_approximate(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int
) -> None:
    chat = Chat(handler, dan)
    await chat.say("dentist on friday")

    reply = await chat.say("dentist moved to 3:30pm")

    row = await only_meeting(sm, dan)
    assert (when(row), row.time_is_approximate) == ((ny(4, 15, 30), None), False)
    assert "dentist is now Friday 4 Dec, 3:30 PM." in reply


# -- exact words stay exact ------------------------------------------------------------------


@pytest.mark.parametrize("channel", CHANNELS)
async def test_lunch_at_noon_with_maria_is_12_exactly_and_keeps_her_name(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int, channel: str
) -> None:
    reply = await Chat(handler, dan, channel).say("lunch at noon with Maria")

    row = await only_meeting(sm, dan)
    assert (row.event_name, *when(row), row.time_is_approximate) == (
        "lunch with Maria",
        ny(1, 12),
        None,
        False,
    )
    assert "lunch with Maria today 12 PM." in reply
    assert "around" not in reply


async def test_midnight_is_midnight_exactly(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int
) -> None:
    reply = await Chat(handler, dan).say("release call at midnight")

    row = await only_meeting(sm, dan)
    assert (row.event_name, *when(row), row.time_is_approximate) == (
        "release call",
        ny(2, 0),
        None,
        False,
    )
    assert "release call tomorrow 12 AM." in reply
    assert "around" not in reply
