"""The proactive engine outside the web app (``jobs run-once``, Celery workers): its own
engine and senders, built for one pass and closed afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.channels.base import Sender
from companion_bot.channels.web.sender import WebSender
from companion_bot.channels.web.sse import StreamHub
from companion_bot.config import Settings
from companion_bot.ops.clock import Clock, SystemClock
from companion_bot.ops.flag_store import FlagStore
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.wiring import build_llm_client

from .runner import run_pass
from .summary import RunSummary
from .wiring import build_proactive_handler


@asynccontextmanager
async def standalone_senders(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[Mapping[str, Sender]]:
    """The web sender (stores the message; open pages read it from the database), plus
    Telegram when a bot token is configured."""
    async with AsyncExitStack() as stack:
        senders: dict[str, Sender] = {"web": WebSender(sessionmaker, StreamHub())}
        if settings.telegram_bot_token:
            from companion_bot.channels.telegram.sender import TelegramSender

            telegram = TelegramSender.from_settings(settings, sessionmaker)
            stack.push_async_callback(telegram.close)
            senders["telegram"] = telegram
        yield senders


async def run_standalone_pass(
    settings: Settings, *, now: dt.datetime | None = None, clock: Clock | None = None
) -> list[RunSummary]:
    """One reminder + completion pass as of ``now`` (default: the clock), obeying the
    feature flags (``proactive_features``, ``proactive_jobs``) as stored right now."""
    clock = clock or SystemClock()
    engine = make_engine(settings.database_url)
    llm_client = build_llm_client(settings)  # answers None unless configured
    try:
        sessionmaker = make_sessionmaker(engine)
        async with standalone_senders(settings, sessionmaker) as senders:
            flags = FlagStore(sessionmaker, clock)  # read fresh: this pass's own store
            handler = build_proactive_handler(
                settings,
                sessionmaker,
                senders=senders,
                llm_client=llm_client,
                clock=clock,
                flags=flags,
            )
            return await run_pass(handler, now or clock.now())
    finally:
        await llm_client.aclose()
        await engine.dispose()
