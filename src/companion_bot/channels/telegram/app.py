"""The python-telegram-bot application factory (the typed context lives in :mod:`.context`).

Nothing is built at import time: :func:`build_application` and :func:`build_bot` make a new
object on every call, pointed at ``settings.telegram_api_url`` (api.telegram.org or a
self-hosted Bot API server).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import ApplicationBuilder, BaseUpdateProcessor, ContextTypes, ExtBot
from telegram.request import HTTPXRequest

from companion_bot.config import Settings

from .context import SERVICES_KEY, BotApplication, BotContext, TelegramServices
from .handlers import register
from .ratelimit import PTBRateLimiter, SendLimiter, make_send_limiter

#: Long-polling timeout for getUpdates, seconds (the HTTP read timeout is longer).
POLL_TIMEOUT = 25


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Updates of different chats run concurrently; those of one chat run in order
    (a slow LLM reply for one user does not hold up the others)."""

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}  # updates holding or waiting for each chat's lock

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._users[chat.id] = self._users.get(chat.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[chat.id] -= 1
            if not self._users[chat.id]:  # forget idle chats
                del self._users[chat.id], self._locks[chat.id]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def enable_ptb_timedelta() -> None:
    """PTB v22 returns ``timedelta`` (not deprecated ints) for durations such as
    ``RetryAfter.retry_after`` when ``PTB_TIMEDELTA`` is set."""
    os.environ.setdefault("PTB_TIMEDELTA", "1")


def api_urls(settings: Settings) -> tuple[str, str]:
    """``(base_url, base_file_url)`` for PTB: the API root plus ``/bot`` and ``/file/bot``."""
    root = settings.telegram_api_url.rstrip("/")
    return f"{root}/bot", f"{root}/file/bot"


def _request(*, read_timeout: float) -> HTTPXRequest:
    return HTTPXRequest(
        connection_pool_size=16, connect_timeout=5.0, read_timeout=read_timeout, pool_timeout=5.0
    )


def build_bot(
    settings: Settings, *, limiter: SendLimiter | None = None, read_timeout: float = 10.0
) -> ExtBot[None]:
    """A bot for sending only (the proactive engine, Celery workers), sharing the limits."""
    enable_ptb_timedelta()
    base_url, base_file_url = api_urls(settings)
    limiter = limiter or make_send_limiter(
        settings.redis_url, bot_token=settings.telegram_bot_token
    )
    bot: ExtBot[None] = ExtBot(
        settings.telegram_bot_token,
        base_url=base_url,
        base_file_url=base_file_url,
        request=_request(read_timeout=read_timeout),
        rate_limiter=PTBRateLimiter(limiter),
    )
    return bot


def build_application(
    settings: Settings,
    *,
    services: TelegramServices,
    limiter: SendLimiter | None = None,
) -> BotApplication:
    """The bot application with every handler registered (started by the runtime)."""
    if not settings.telegram_bot_token:
        raise ValueError("COMPANION_TELEGRAM_BOT_TOKEN is not set")
    enable_ptb_timedelta()
    base_url, base_file_url = api_urls(settings)
    limiter = limiter or make_send_limiter(
        settings.redis_url, bot_token=settings.telegram_bot_token
    )
    context_types = ContextTypes(context=BotContext)
    application: BotApplication = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .request(_request(read_timeout=10.0))
        .get_updates_request(_request(read_timeout=POLL_TIMEOUT + 10.0))
        .rate_limiter(PTBRateLimiter(limiter))
        .context_types(context_types)
        .concurrent_updates(PerChatUpdateProcessor())
        .job_queue(None)
        .build()
    )
    application.bot_data[SERVICES_KEY] = services
    register(application)
    return application
