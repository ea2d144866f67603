"""Telegram delivery of proactive messages: Bot API ``sendMessage`` to the user's chat.

Limits are shared through :mod:`.ratelimit`. A 429 is honoured (its ``retry_after`` waited
out here when short, else handed back as ``RETRY_LATER``); 5xx answers and network errors are
retried with backoff; 403 (the user blocked the bot) and 400 (chat not found, or a message
Telegram refuses) are permanent, so the caller records them once and stops. A read timeout
is ``UNKNOWN``: the message may have gone out, and sending it again could double it.
After delivery the message is stored (channel ``telegram``) so an answer can link to it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from companion_bot.config import Settings
from companion_bot.ports import (
    DeliveryResult,
    DeliveryStatus,
    OutboundMessage,
    QuickAction,
)
from companion_bot.storage import messages, users

from .ratelimit import SendLimiter

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard one ``send`` tries before handing the message back as ``RETRY_LATER``."""

    attempts: int = 3  # for 5xx and network errors
    backoff_seconds: float = 1.0  # doubled after each failed attempt
    max_backoff_seconds: float = 8.0
    max_wait_for_429: float = 10.0  # a longer retry_after is returned to the caller


def quick_action_keyboard(actions: tuple[QuickAction, ...]) -> InlineKeyboardMarkup | None:
    """One row of buttons under the message; ``None`` without actions."""
    if not actions:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(action.label, callback_data=action.data) for action in actions]]
    )


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def _is_unsent_timeout(exc: TimedOut) -> bool:
    """True when the request never reached Telegram (connect or pool timeout)."""
    return isinstance(exc.__cause__, httpx.ConnectTimeout | httpx.PoolTimeout) or (
        exc.__cause__ is None and "Pool timeout" in exc.message
    )


class TelegramSender:
    """The Telegram channel's :class:`~companion_bot.ports.Sender`.

    ``bot`` should carry the shared rate limiter (see :func:`.app.build_bot`). With
    ``owns_bot`` the sender initializes it on first use and shuts it down in :meth:`close`;
    otherwise (the running bot application's bot) its owner does both.
    """

    channel = "telegram"

    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        policy: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        owns_bot: bool = True,
    ) -> None:
        self._bot = bot
        self._owns_bot = owns_bot
        self._sessions = sessionmaker
        self._policy = policy
        self._sleep = sleep
        self._ready = asyncio.Lock()
        self._initialized = False

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        limiter: SendLimiter | None = None,
    ) -> TelegramSender:
        """A sender with a bot of its own (a worker process without the bot application)."""
        from .app import build_bot

        return cls(build_bot(settings, limiter=limiter), sessionmaker)

    async def close(self) -> None:
        """Close the bot's HTTP connections (when this sender initialized it)."""
        if self._initialized:
            await self._bot.shutdown()
            self._initialized = False

    async def send(self, message: OutboundMessage) -> DeliveryResult:
        try:
            async with self._sessions() as session:
                chat_id = await users.telegram_chat_id(session, user_id=message.user_id)
        except (DBAPIError, OSError) as exc:
            return self._retry_later(message, exc)
        if chat_id is None:
            log.warning(
                "telegram delivery: user has no Telegram chat",
                extra={"action": "telegram_no_chat", "user_id": message.user_id},
            )
            return DeliveryResult(DeliveryStatus.PERMANENT_FAILURE, error="no Telegram chat")
        result = await self._send_with_retries(chat_id, message)
        if result.status is DeliveryStatus.DELIVERED:
            stored = await self._store(message)
            return DeliveryResult(DeliveryStatus.DELIVERED, message_id=stored)
        return result

    async def _send_with_retries(self, chat_id: int, message: OutboundMessage) -> DeliveryResult:
        policy = self._policy
        backoff = policy.backoff_seconds
        failures = 0
        while True:
            try:
                await self._send_once(chat_id, message)
            except RetryAfter as exc:
                wait = _seconds(exc.retry_after)
                if wait > policy.max_wait_for_429:
                    return self._outcome(message, DeliveryStatus.RETRY_LATER, exc, retry=wait)
                log.info(
                    "telegram 429: waiting %.1f s",
                    wait,
                    extra={"action": "telegram_retry_after", "user_id": message.user_id},
                )
                await self._sleep(wait)
                continue
            except (Forbidden, BadRequest) as exc:
                return self._outcome(message, DeliveryStatus.PERMANENT_FAILURE, exc)
            except TimedOut as exc:
                if not _is_unsent_timeout(exc):
                    return self._outcome(message, DeliveryStatus.UNKNOWN, exc)
                failures += 1
                if failures >= policy.attempts:
                    return self._outcome(message, DeliveryStatus.RETRY_LATER, exc, retry=backoff)
            except NetworkError as exc:  # 5xx answers and connection failures
                failures += 1
                if failures >= policy.attempts:
                    return self._outcome(message, DeliveryStatus.RETRY_LATER, exc, retry=backoff)
            except TelegramError as exc:  # e.g. an invalid token: retrying will not help
                return self._outcome(message, DeliveryStatus.PERMANENT_FAILURE, exc)
            else:
                log.info(
                    "telegram message delivered",
                    extra={
                        "action": "telegram_delivered",
                        "user_id": message.user_id,
                        "proactive_session_id": message.proactive_session_id,
                    },
                )
                return DeliveryResult(DeliveryStatus.DELIVERED)
            await self._sleep(backoff)
            backoff = min(backoff * 2, policy.max_backoff_seconds)

    async def _send_once(self, chat_id: int, message: OutboundMessage) -> None:
        async with self._ready:
            if self._owns_bot and not self._initialized:
                await self._bot.initialize()
                self._initialized = True
        await self._bot.send_message(
            chat_id=chat_id,
            text=message.text[: MessageLimit.MAX_TEXT_LENGTH],
            reply_markup=quick_action_keyboard(message.actions),
        )

    def _outcome(
        self,
        message: OutboundMessage,
        status: DeliveryStatus,
        exc: TelegramError,
        *,
        retry: float | None = None,
    ) -> DeliveryResult:
        level = logging.ERROR if status is DeliveryStatus.PERMANENT_FAILURE else logging.WARNING
        log.log(
            level,
            "telegram delivery %s: %s",
            status.value,
            exc.message,
            extra={
                "action": f"telegram_{status.value}",
                "user_id": message.user_id,
                "proactive_session_id": message.proactive_session_id,
            },
        )
        error = f"{type(exc).__name__}: {exc.message}"[:500]
        return DeliveryResult(status, retry_after=retry, error=error)

    def _retry_later(self, message: OutboundMessage, exc: BaseException) -> DeliveryResult:
        log.warning(
            "telegram delivery: database unavailable",
            exc_info=exc,
            extra={"action": "telegram_delivery_retry", "user_id": message.user_id},
        )
        return DeliveryResult(
            DeliveryStatus.RETRY_LATER, retry_after=self._policy.backoff_seconds, error=str(exc)
        )

    async def _store(self, message: OutboundMessage) -> int | None:
        """Record the delivered message; a failure here is logged, never re-sent."""
        try:
            async with self._sessions() as session:
                stored = await messages.add_proactive_message(
                    session,
                    channel="telegram",
                    user_id=message.user_id,
                    content=message.text,
                    proactive_session_id=message.proactive_session_id,
                    is_question=message.is_question,
                    question_schedule_id=message.schedule_id,
                )
                await session.commit()
                return stored.id
        except (IntegrityError, DBAPIError, OSError) as exc:
            log.error(
                "telegram message sent but not stored",
                exc_info=exc,
                extra={"action": "telegram_store_failed", "user_id": message.user_id},
            )
            return None
