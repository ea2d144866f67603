"""The morning agenda in Telegram, through the real conversation pipeline: ``/morning`` shows,
sets and clears it, chat phrases work here too, and at its time the job sends the day's
meetings to the chat once (the user's main channel: they write here and have no web login)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import ADA, Say, message_update
from tg_standin import BotApiState

from companion_bot.channels.telegram.runtime import TelegramRuntime
from companion_bot.composition import build_message_handler, build_proactive_handler
from companion_bot.config import Settings
from companion_bot.proactive.runner import run_pass
from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage import users
from companion_bot.testing import FrozenClock

BERLIN = ZoneInfo("Europe/Berlin")
#: The day after the test clock's (Wednesday 25 November 2026), 07:30 in Berlin.
THURSDAY_7_30 = dt.datetime(2026, 11, 26, 7, 30, tzinfo=BERLIN)


@pytest.fixture
def handler(settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> MessageHandler:
    """The real conversation pipeline under the bot, instead of the recording stand-in."""
    return build_message_handler(settings, sessionmaker)


async def _setting(sm: async_sessionmaker[AsyncSession]) -> tuple[str | None, bool]:
    async with sm() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id=ADA["id"])
        assert user is not None
        prefs = await users.get_preferences(session, user_id=user.id)
        return prefs.preferred_greeting_time, prefs.agenda_when_empty


async def _start(say: Say) -> None:
    await say(message_update(ADA, "/start"))
    await say(message_update(ADA, "/timezone Europe/Berlin"))


async def test_morning_command_shows_sets_and_clears_it(
    say: Say, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await _start(say)

    shown = await say(message_update(ADA, "/morning"))
    set_reply = await say(message_update(ADA, "/morning 7:30"))
    set_state = await _setting(sessionmaker)
    shown_on = await say(message_update(ADA, "/morning"))
    refused = await say(message_update(ADA, "/morning 25:00"))
    off = await say(message_update(ADA, "/morning off"))

    assert shown == [
        "Morning summary: off. /morning 8:00 sends you the day's meetings every morning."
    ]
    assert set_reply == [
        "Okay — every day at 7:30 AM I'll send you a short summary of the day's meetings, "
        "except on days with nothing planned."
    ]
    assert set_state == ("07:30", False)
    assert shown_on == [
        "Morning summary: every day at 7:30 AM (Europe/Berlin), on days with plans. "
        "/morning off turns it off."
    ]
    assert refused == ["Use /morning 7:30 (any time of day), /morning on or /morning off."]
    assert off[0].startswith("Okay — no more morning summaries.")
    assert await _setting(sessionmaker) == (None, False)


async def test_chat_phrases_work_in_telegram_too(
    say: Say, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await _start(say)

    reply = await say(message_update(ADA, "send me a morning summary even when there's nothing"))

    assert "even on days with nothing planned" in reply[0]
    assert await _setting(sessionmaker) == ("08:00", True)


async def test_sent_to_the_chat_at_its_time_once(
    say: Say,
    bot_api: BotApiState,
    runtime: TelegramRuntime,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _start(say)
    await say(message_update(ADA, "dentist tomorrow at 9"))
    await say(message_update(ADA, "/morning 7:30"))
    clock = FrozenClock(THURSDAY_7_30)
    jobs = build_proactive_handler(
        settings, sessionmaker, senders={"telegram": runtime.make_sender()}, clock=clock
    )
    before = len(bot_api.sent_texts(ADA["id"]))

    for minutes in (-1, 0, 1, 5):
        await run_pass(jobs, THURSDAY_7_30 + dt.timedelta(minutes=minutes))

    sent = bot_api.sent_texts(ADA["id"])[before:]
    assert sent == ["Good morning! Today: 9 AM dentist."]
