"""A user who blocked the bot: the reminder job tries Telegram once, records the permanent
failure once, and never sends to that chat again."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import NOW
from tg_standin import BotApiState

from companion_bot.channels.telegram.app import build_bot
from companion_bot.channels.telegram.ratelimit import Limits, LocalSendLimiter
from companion_bot.channels.telegram.sender import TelegramSender
from companion_bot.composition import build_proactive_handler
from companion_bot.config import Settings
from companion_bot.storage import users
from companion_bot.storage.models import Message, ProactiveSession, UserSchedule
from companion_bot.testing import FrozenClock

CHAT = 4030
ROOMY = Limits(global_rate=100, global_burst=100, chat_rate=100, chat_burst=100)


async def test_a_blocked_chat_is_recorded_once_and_not_retried(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    bot_api: BotApiState,
) -> None:
    async with sessionmaker() as session:
        user = await users.create_user(
            session, timezone="Europe/Berlin", telegram_id=CHAT, telegram_chat_id=CHAT
        )
        for name, minutes in (("Dentist", 20), ("Standup", 25)):
            session.add(
                UserSchedule(
                    user_id=user.id,
                    event_name=name,
                    start_time=NOW + dt.timedelta(minutes=minutes),
                    channel="telegram",
                )
            )
        await session.commit()
    bot_api.fail("sendMessage", 403, times=100)
    telegram = TelegramSender(
        build_bot(settings, limiter=LocalSendLimiter(limits=ROOMY)), sessionmaker
    )
    handler = build_proactive_handler(
        settings, sessionmaker, senders={"telegram": telegram}, clock=clock
    )
    try:
        for minutes in (0, 1, 5, 10):
            await handler.check_and_send_preparation_reminders(NOW + dt.timedelta(minutes=minutes))
    finally:
        await telegram.close()

    calls = bot_api.calls_of("sendMessage")
    async with sessionmaker() as session:
        sessions = (
            await session.scalars(select(ProactiveSession).order_by(ProactiveSession.id))
        ).all()
        stored = (await session.scalars(select(Message))).all()
    assert [int(c.params["chat_id"]) for c in calls] == [CHAT] * len(sessions)
    assert [(s.status, s.attempts) for s in sessions] == [("failed", 1)] * len(sessions)
    assert all("blocked" in (s.last_error or "") for s in sessions)
    assert len(sessions) == 2  # one per meeting, each tried once
    assert stored == []  # nothing pretends to have been delivered
