"""Journey 3: one person on two channels. Each reminder goes to the channel where its
meeting was mentioned; Telegram's arrives with its buttons and is stored for the answer."""

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
from companion_bot.storage.models import Message, UserSchedule
from companion_bot.testing import FakeSender, FrozenClock

CHAT = 8080


async def test_each_reminder_goes_to_its_own_channel(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    bot_api: BotApiState,
) -> None:
    async with sessionmaker() as session:
        user = await users.create_user(
            session,
            username="ada",
            timezone="Europe/Berlin",
            telegram_id=CHAT,
            telegram_chat_id=CHAT,
        )
        web_meeting = UserSchedule(
            user_id=user.id,
            event_name="Team meeting",
            start_time=NOW + dt.timedelta(minutes=20),
            channel="web",
        )
        telegram_meeting = UserSchedule(
            user_id=user.id,
            event_name="Dentist",
            start_time=NOW + dt.timedelta(minutes=25),
            channel="telegram",
        )
        session.add_all([web_meeting, telegram_meeting])
        await session.commit()
    web = FakeSender(channel="web")
    limits = Limits(global_rate=100, global_burst=100, chat_rate=100, chat_burst=100)
    telegram = TelegramSender(
        build_bot(settings, limiter=LocalSendLimiter(limits=limits)), sessionmaker
    )
    handler = build_proactive_handler(
        settings, sessionmaker, senders={"web": web, "telegram": telegram}, clock=clock
    )
    try:
        await handler.check_and_send_preparation_reminders(NOW)
    finally:
        await telegram.close()

    assert [m.schedule_id for m in web.sent] == [web_meeting.id]
    (call,) = bot_api.calls_of("sendMessage")
    assert int(call.params["chat_id"]) == CHAT
    text = call.params["text"].lower()
    assert "dentist" in text and "team meeting" not in text
    buttons = [b["callback_data"] for b in call.params["reply_markup"]["inline_keyboard"][0]]
    assert [b.split(":")[0] for b in buttons] == ["ack", "snooze", "notmeeting"]
    async with sessionmaker() as session:
        stored = (await session.scalars(select(Message))).all()
    assert [(m.channel, m.message_type, m.content) for m in stored] == [
        ("telegram", "proactive", call.params["text"])
    ]
    assert stored[0].proactive_session_id is not None
