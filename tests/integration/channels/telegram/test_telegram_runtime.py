"""Starting and stopping the bot: a rejected token is a clear error; a Bot API that is down
does not stop the web app, the bot starts once it answers."""

from __future__ import annotations

import asyncio
import socket

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import RecordingHandler
from tg_standin import BotApiState, running_bot_api

from companion_bot.channels.telegram.runtime import TelegramRuntime
from companion_bot.config import Settings, load_settings
from companion_bot.errors import ConfigError
from companion_bot.testing import FrozenClock


async def test_a_rejected_token_is_a_config_error(
    settings: Settings,
    bot_api: BotApiState,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> None:
    wrong = load_settings(**{**settings.model_dump(), "telegram_bot_token": "999:wrong"})
    runtime = TelegramRuntime(wrong, sessionmaker, RecordingHandler(), clock)
    with pytest.raises(ConfigError, match="COMPANION_TELEGRAM_BOT_TOKEN"):
        await runtime.start()
    await runtime.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_bot_api_down_at_start_is_retried_in_the_background(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    port = _free_port()
    down = load_settings(
        **{**settings.model_dump(), "telegram_api_url": f"http://127.0.0.1:{port}"}
    )
    runtime = TelegramRuntime(down, sessionmaker, RecordingHandler(), clock)
    try:
        await runtime.start()  # does not raise
        assert not runtime.started.is_set()
        with running_bot_api(port=port) as (_, state):
            await asyncio.wait_for(runtime.started.wait(), timeout=10)
            assert state.calls_of("getMe") and state.calls_of("setMyCommands")
            assert runtime.bot_username == "companion_test_bot"
            await runtime.stop()
    finally:
        await runtime.stop()
