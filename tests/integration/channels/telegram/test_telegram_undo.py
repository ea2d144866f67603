"""Undo in Telegram, through the stand-in Bot API and the real conversation pipeline:
``/undo`` after ``/cancel`` puts the meeting back, a second one goes a step further back, and
"undo" said in the chat does the same."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import ADA, Say, message_update

from companion_bot.channels.telegram.handlers import HELP_TEXT
from companion_bot.composition import build_message_handler
from companion_bot.config import Settings
from companion_bot.services.message_handler import MessageHandler

NOTHING = "There's nothing I can undo from the last 10 minutes."


@pytest.fixture
def handler(settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> MessageHandler:
    """The real conversation pipeline under the bot, instead of the recording stand-in."""
    return build_message_handler(settings, sessionmaker)


async def _ada_in_berlin(say: Say) -> None:
    await say(message_update(ADA, "/start"))
    await say(message_update(ADA, "/timezone Europe/Berlin"))


async def test_undo_after_cancel_puts_the_meeting_back_then_removes_it(say: Say) -> None:
    await _ada_in_berlin(say)
    await say(message_update(ADA, "dentist tomorrow at 3pm"))
    await say(message_update(ADA, "/schedule"))
    assert await say(message_update(ADA, "/cancel 1")) == [
        "Cancelled: dentist, Thu 26 Nov 15:00. No reminders for it."
    ]

    back = await say(message_update(ADA, "/undo"))
    (listed,) = await say(message_update(ADA, "/schedule"))
    removed = await say(message_update(ADA, "/undo"))
    nothing = await say(message_update(ADA, "/undo"))

    assert back == ["Undone: the dentist is back on Thu Nov 26 at 3:00 PM."]
    assert "15:00 dentist" in listed
    assert removed == ['Undone: I removed "dentist".']
    assert nothing == [NOTHING]


async def test_undo_said_in_the_chat_takes_back_what_the_bot_noted(say: Say) -> None:
    await _ada_in_berlin(say)
    await say(message_update(ADA, "lunch with Maria on Friday at noon"))

    undone = await say(message_update(ADA, "undo that"))

    (listed,) = await say(message_update(ADA, "/schedule"))
    assert undone == ['Undone: I removed "lunch with Maria".']
    assert "lunch" not in listed


def test_help_lists_undo() -> None:
    assert "/undo – Take back my last change (within 10 minutes)" in HELP_TEXT
