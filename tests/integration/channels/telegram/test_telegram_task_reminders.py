"""Task reminders in Telegram (issue 14, item 4), through the real conversation pipeline:
"remind me to call mom at 6pm" is confirmed, ``/schedule`` marks it ⏰ as a reminder,
``/cancel`` removes it, and at 18:00 the job sends it in Telegram once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import ADA, Say, message_update
from tg_standin import BotApiState

from companion_bot.channels.telegram.runtime import TelegramRuntime
from companion_bot.composition import build_message_handler, build_proactive_handler
from companion_bot.config import Settings
from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage.models import UserSchedule
from companion_bot.testing import FrozenClock

BERLIN = ZoneInfo("Europe/Berlin")
#: 18:00 in Berlin on the day of the test clock (Wednesday 25 November 2026).
SIX_PM = dt.datetime(2026, 11, 25, 18, 0, tzinfo=BERLIN)


@pytest.fixture
def handler(settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> MessageHandler:
    """The real conversation pipeline under the bot, instead of the recording stand-in."""
    return build_message_handler(settings, sessionmaker)


async def _ada_asks(say: Say) -> list[str]:
    await say(message_update(ADA, "/start"))
    await say(message_update(ADA, "/timezone Europe/Berlin"))
    return await say(message_update(ADA, "remind me to call mom at 6pm"))


async def test_asked_listed_and_cancelled_by_number(
    say: Say, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    assert await _ada_asks(say) == ["Okay — I'll remind you to call mom today at 6:00 PM."]
    await say(message_update(ADA, "dentist tomorrow at 9"))

    (schedule,) = await say(message_update(ADA, "/schedule"))
    cancelled = await say(message_update(ADA, "/cancel 1"))

    assert "<b>Today · Wed 25 Nov</b>\n1. 18:00 ⏰ call mom\n    reminder · Telegram" in schedule
    assert "<b>Tomorrow · Thu 26 Nov</b>\n2. 09:00 dentist" in schedule
    assert cancelled == ["Cancelled: call mom, Wed 25 Nov 18:00. No reminders for it."]
    async with sessionmaker() as session:
        task = await session.scalar(select(UserSchedule).where(UserSchedule.kind == "task"))
    assert task is not None and (task.channel, task.status) == ("telegram", "cancelled")


async def test_reminded_in_telegram_at_its_time_once(
    say: Say,
    bot_api: BotApiState,
    runtime: TelegramRuntime,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _ada_asks(say)
    jobs = build_proactive_handler(
        settings,
        sessionmaker,
        senders={"telegram": runtime.make_sender()},
        clock=FrozenClock(SIX_PM),
    )
    before = len(bot_api.sent_texts(ADA["id"]))

    await jobs.check_and_send_preparation_reminders(SIX_PM - dt.timedelta(minutes=1))
    await jobs.check_and_send_preparation_reminders(SIX_PM)
    await jobs.check_and_send_preparation_reminders(SIX_PM + dt.timedelta(minutes=1))

    assert bot_api.sent_texts(ADA["id"])[before:] == ["⏰ Reminder: call mom"]
