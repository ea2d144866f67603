"""TelegramSender against the stand-in Bot API: delivery, stored message, buttons, and the
mapping of 429 / 5xx / 403 / 400 answers to delivery results."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_standin import HANG, BotApiState

from companion_bot.channels.telegram.app import build_bot
from companion_bot.channels.telegram.ratelimit import Limits, LocalSendLimiter
from companion_bot.channels.telegram.sender import RetryPolicy, TelegramSender
from companion_bot.config import Settings
from companion_bot.ports import DeliveryStatus, OutboundMessage, QuickAction
from companion_bot.storage import users
from companion_bot.storage.models import Message

FAST_RETRIES = RetryPolicy(attempts=3, backoff_seconds=0.05, max_wait_for_429=5)
GENEROUS = Limits(global_rate=1000, global_burst=1000, chat_rate=1000, chat_burst=1000)


@pytest.fixture
async def sender(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[TelegramSender]:
    bot = build_bot(settings, limiter=LocalSendLimiter(limits=GENEROUS))
    sender = TelegramSender(bot, sessionmaker, policy=FAST_RETRIES)
    yield sender
    await sender.close()


async def _telegram_user(sessionmaker: async_sessionmaker[AsyncSession], chat_id: int) -> int:
    async with sessionmaker() as session:
        user = await users.create_user(session, telegram_id=chat_id, telegram_chat_id=chat_id)
        await session.commit()
        return user.id


async def test_delivers_with_buttons_and_stores_the_message(
    sender: TelegramSender,
    bot_api: BotApiState,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    user_id = await _telegram_user(sessionmaker, 501)
    message = OutboundMessage(
        user_id=user_id,
        text="Team meeting in 30 minutes.",
        actions=(QuickAction("Got it", "ack:9"), QuickAction("Snooze", "snooze:9")),
    )

    result = await sender.send(message)

    assert result.status is DeliveryStatus.DELIVERED
    call = bot_api.calls_of("sendMessage")[0]
    assert (int(call.params["chat_id"]), call.params["text"]) == (501, message.text)
    assert call.params["reply_markup"] == {
        "inline_keyboard": [
            [
                {"text": "Got it", "callback_data": "ack:9"},
                {"text": "Snooze", "callback_data": "snooze:9"},
            ]
        ]
    }
    async with sessionmaker() as session:
        stored = (await session.scalars(select(Message))).all()
    assert [(m.id, m.channel, m.role, m.message_type, m.content) for m in stored] == [
        (result.message_id, "telegram", "bot", "proactive", message.text)
    ]


async def test_429_retry_after_is_waited_out(
    sender: TelegramSender, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    user_id = await _telegram_user(sessionmaker, 502)
    bot_api.fail("sendMessage", 429, retry_after=1)

    result = await sender.send(OutboundMessage(user_id=user_id, text="hi"))

    calls = bot_api.calls_of("sendMessage")
    assert result.status is DeliveryStatus.DELIVERED
    assert len(calls) == 2
    assert calls[1].at - calls[0].at >= 0.95


async def test_long_retry_after_is_handed_back(
    sender: TelegramSender, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    user_id = await _telegram_user(sessionmaker, 503)
    bot_api.fail("sendMessage", 429, retry_after=60)

    result = await sender.send(OutboundMessage(user_id=user_id, text="hi"))

    assert (result.status, result.retry_after) == (DeliveryStatus.RETRY_LATER, 60.0)
    assert len(bot_api.calls_of("sendMessage")) == 1


async def test_5xx_is_retried_with_backoff(
    settings: Settings, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:  # the waits themselves, not the wall clock
        waits.append(seconds)  # around them, which a busy machine stretches
        await asyncio.sleep(seconds)

    bot = build_bot(settings, limiter=LocalSendLimiter(limits=GENEROUS))
    sender = TelegramSender(bot, sessionmaker, policy=FAST_RETRIES, sleep=sleep)
    user_id = await _telegram_user(sessionmaker, 504)
    bot_api.fail("sendMessage", 500, times=2)
    try:
        result = await sender.send(OutboundMessage(user_id=user_id, text="hi"))
    finally:
        await sender.close()

    calls = bot_api.calls_of("sendMessage")
    assert result.status is DeliveryStatus.DELIVERED
    assert len(calls) == 3
    b = FAST_RETRIES.backoff_seconds
    assert waits == [b, 2 * b]  # it backs off, doubling
    assert calls[2].at - calls[1].at >= 2 * b and calls[1].at - calls[0].at >= b


async def test_persistent_5xx_becomes_retry_later(
    sender: TelegramSender, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    user_id = await _telegram_user(sessionmaker, 505)
    bot_api.fail("sendMessage", 502, times=5)

    result = await sender.send(OutboundMessage(user_id=user_id, text="hi"))

    assert result.status is DeliveryStatus.RETRY_LATER
    assert result.retry_after is not None and result.retry_after > 0
    assert len(bot_api.calls_of("sendMessage")) == 3


@pytest.mark.parametrize(
    ("status", "fragment"),
    [(403, "Forbidden: bot was blocked"), (400, "BadRequest: Chat not found")],
)
async def test_blocked_or_unknown_chat_is_permanent_and_not_retried(
    sender: TelegramSender,
    bot_api: BotApiState,
    sessionmaker: async_sessionmaker[AsyncSession],
    status: int,
    fragment: str,
) -> None:
    user_id = await _telegram_user(sessionmaker, 506)
    bot_api.fail("sendMessage", status, times=3)

    result = await sender.send(OutboundMessage(user_id=user_id, text="hi"))

    assert result.status is DeliveryStatus.PERMANENT_FAILURE
    assert result.error is not None and fragment in result.error
    assert len(bot_api.calls_of("sendMessage")) == 1
    async with sessionmaker() as session:
        assert (await session.scalars(select(Message))).all() == []


async def test_user_without_telegram_is_permanent(
    sender: TelegramSender, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with sessionmaker() as session:
        web_only = await users.create_user(session, username="webby")
        await session.commit()

    result = await sender.send(OutboundMessage(user_id=web_only.id, text="hi"))

    assert (result.status, result.error) == (DeliveryStatus.PERMANENT_FAILURE, "no Telegram chat")
    assert bot_api.calls_of("sendMessage") == []


async def test_a_burst_to_many_chats_keeps_the_global_rate(
    settings: Settings, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """100 reminders to 100 chats at Telegram's 30 messages/s take at least (100-30)/30 s."""
    import asyncio

    user_ids = [await _telegram_user(sessionmaker, 10_000 + i) for i in range(100)]
    sender = TelegramSender(build_bot(settings, limiter=LocalSendLimiter()), sessionmaker)
    try:
        started = time.monotonic()
        results = await asyncio.gather(
            *(sender.send(OutboundMessage(user_id=u, text="reminder")) for u in user_ids)
        )
        elapsed = time.monotonic() - started
    finally:
        await sender.close()

    assert all(r.delivered for r in results)
    arrivals = sorted(c.at for c in bot_api.calls_of("sendMessage"))
    assert len(arrivals) == 100
    assert elapsed >= (100 - 30) / 30 * 0.95
    for i in range(len(arrivals) - 40):  # no second ever holds more than burst + rate
        assert arrivals[i + 40] - arrivals[i] > 0.3


async def test_read_timeout_is_unknown_and_not_resent(
    settings: Settings, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """The request reached Telegram but no answer came: re-sending could double it."""
    user_id = await _telegram_user(sessionmaker, 507)
    bot_api.fail("sendMessage", HANG, retry_after=2)
    bot = build_bot(settings, limiter=LocalSendLimiter(limits=GENEROUS), read_timeout=0.5)
    sender = TelegramSender(bot, sessionmaker, policy=FAST_RETRIES)
    try:
        result = await sender.send(OutboundMessage(user_id=user_id, text="hi"))
    finally:
        await sender.close()

    assert result.status is DeliveryStatus.UNKNOWN
    assert len(bot_api.calls_of("sendMessage")) == 1
