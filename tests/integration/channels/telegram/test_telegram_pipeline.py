"""Journey 2 end to end: Telegram updates through the real conversation pipeline
(``wiring.build_message_handler``, offline responder): a meeting mentioned in Telegram
becomes a schedule with channel ``telegram``, and ``/schedule`` lists it in local time."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import ADA, Say, callback_update, message_update
from tg_standin import BotApiState

from companion_bot.composition import build_message_handler
from companion_bot.config import Settings
from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage import users
from companion_bot.storage.models import Message, UserSchedule

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def handler(settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> MessageHandler:
    """The real conversation pipeline under the bot, instead of the recording stand-in."""
    return build_message_handler(settings, sessionmaker)


async def test_meetings_mentioned_in_telegram_are_scheduled_and_listed(
    say: Say, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await say(message_update(ADA, "/start"))
    await say(message_update(ADA, "/timezone Europe/Berlin"))

    for text in (
        "team meeting 3-4 PM Friday",
        "1-on-1 with Sam tomorrow at 10",
        "dentist at half past 3 today",
    ):
        reply = await say(message_update(ADA, text))
        assert reply and reply[0].strip()

    async with sessionmaker() as session:
        rows = (await session.scalars(select(UserSchedule).order_by(UserSchedule.start_time))).all()
        messages = (await session.scalars(select(Message))).all()
    assert {r.channel for r in rows} == {"telegram"}
    assert [(r.start_time.astimezone(BERLIN).strftime("%a %H:%M")) for r in rows] == [
        "Wed 15:30",
        "Thu 10:00",
        "Fri 15:00",
    ]
    assert {m.channel for m in messages} == {"telegram"}

    (schedule,) = await say(message_update(ADA, "/schedule"))
    assert "<b>Today · Wed 25 Nov</b>\n1. 15:30 " in schedule
    assert "<b>Tomorrow · Thu 26 Nov</b>\n2. 10:00 " in schedule
    assert "<b>Fri 27 Nov</b>\n3. 15:00–16:00 " in schedule


async def test_text_the_database_cannot_hold_is_cleaned_and_stored(
    say: Say, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """NUL (PostgreSQL refuses it) and a lone surrogate (UTF-8 cannot encode one), in a
    message and in the sender's name: the user gets an answer and nothing is lost."""
    odd = {**ADA, "id": 7099, "first_name": "Nul\u0000 \ud800Name"}
    await say(message_update(odd, "/start"))
    await say(message_update(odd, "/timezone Europe/Berlin"))
    reply = await say(message_update(odd, "dentist\u0000 tomorrow at 3pm \ud83d"))

    async with sessionmaker() as session:
        texts = (
            await session.scalars(
                select(Message.content).where(Message.role == "user").order_by(Message.id)
            )
        ).all()
        names = (await session.scalars(select(UserSchedule.event_name))).all()
        user = await users.get_user_by_telegram_id(session, telegram_id=7099)
    assert reply and reply[0].strip()
    assert texts[-1] == "dentist tomorrow at 3pm \ufffd"
    assert len(names) == 1 and names[0].startswith("dentist")  # the meeting was read
    assert user is not None and user.display_name == "Nul \ufffdName"


async def test_yes_button_under_an_offer_notes_the_offered_meeting(
    say: Say, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await say(message_update(ADA, "/start"))
    await say(message_update(ADA, "/timezone Europe/Berlin"))

    (offered,) = await say(message_update(ADA, "tomorrow. lunch with Sam?"))
    keyboard = bot_api.calls_of("sendMessage")[-1].params["reply_markup"]["inline_keyboard"]
    buttons = {button["text"]: button["callback_data"] for button in keyboard[0]}
    async with sessionmaker() as session:
        assert (await session.scalars(select(UserSchedule))).all() == []
    replies = await say(callback_update(ADA, buttons["Yes"]))

    assert 'say "lunch with Sam tomorrow"' in offered
    assert list(buttons) == ["Yes", "No"]
    async with sessionmaker() as session:
        [row] = (await session.scalars(select(UserSchedule))).all()
    assert (row.event_name, row.start_time.astimezone(BERLIN).strftime("%a %H:%M")) == (
        "lunch with Sam",
        "Thu 00:00",
    )
    assert len(replies) == 1 and "lunch with Sam" in replies[0]
    assert "reply_markup" not in bot_api.calls_of("sendMessage")[-1].params  # no offer now
