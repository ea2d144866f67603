"""Telegram fixtures: the stand-in Bot API, settings pointing at it, a running bot."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from tg_helpers import FAST, NOW, RecordingHandler, Say
from tg_standin import BotApiState, running_bot_api

from companion_bot.channels.telegram.ratelimit import LocalSendLimiter
from companion_bot.channels.telegram.runtime import TelegramRuntime
from companion_bot.config import Settings, load_settings
from companion_bot.ports import MessagePipeline
from companion_bot.storage.db import make_sessionmaker
from companion_bot.testing import FrozenClock

#: Generous limits, so handler tests do not wait on Telegram's 1 message/s per chat.


@pytest.fixture
def bot_api() -> Iterator[BotApiState]:
    with running_bot_api() as (_, state):
        yield state


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def telegram_overrides() -> dict[str, Any]:
    """Tests override this to change settings (e.g. webhook mode)."""
    return {}


@pytest.fixture
def settings(db_url: str, bot_api: BotApiState, telegram_overrides: dict[str, Any]) -> Settings:
    values: dict[str, Any] = {
        "database_url": db_url,
        "telegram_bot_token": bot_api.token,
        "telegram_api_url": bot_api.url,
        "redis_url": "",
        "default_timezone": "UTC",
    }
    values.update(telegram_overrides)
    return load_settings(**values)


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


@pytest.fixture
def handler() -> RecordingHandler:
    return RecordingHandler()


@pytest.fixture
async def runtime(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    handler: MessagePipeline,
    clock: FrozenClock,
) -> AsyncIterator[TelegramRuntime]:
    runtime = TelegramRuntime(
        settings, sessionmaker, handler, clock, limiter=LocalSendLimiter(limits=FAST)
    )
    await runtime.start()
    assert runtime.started.is_set()
    try:
        yield runtime
    finally:
        await runtime.stop()


@pytest.fixture
def say(bot_api: BotApiState, runtime: TelegramRuntime) -> Say:
    """Push an update and return the texts the bot sent back to that chat (``replies``)."""

    async def go(update: dict[str, Any], *, replies: int = 1) -> list[str]:
        chat = _chat_of(update)
        before = len(bot_api.sent_texts(chat))
        bot_api.push_update(update)
        await bot_api.wait_for("sendMessage", len(bot_api.calls_of("sendMessage")) + replies)
        return bot_api.sent_texts(chat)[before:]

    return go


def _chat_of(update: dict[str, Any]) -> int:
    if "message" in update:
        return int(update["message"]["chat"]["id"])
    return int(update["callback_query"]["from"]["id"])
