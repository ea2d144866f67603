"""Web delivery of proactive messages: store the bot message, then push it to open pages.

A page that is closed sees the message in its history next time. The message row carries the
proactive session id, which is unique: a retried delivery finds the stored message instead of
writing a second one.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.channels.base import DeliveryResult, DeliveryStatus, OutboundMessage
from companion_bot.storage import repo_web
from companion_bot.storage.models import Message

from .sse import StreamHub

log = logging.getLogger(__name__)


class WebSender:
    """The web channel's :class:`~companion_bot.channels.base.Sender`."""

    channel = "web"

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], hub: StreamHub) -> None:
        self._sessions = sessionmaker
        self._hub = hub

    async def send(self, message: OutboundMessage) -> DeliveryResult:
        try:
            stored = await self._store_once(message)
        except (DBAPIError, OSError) as exc:
            log.warning(
                "web delivery: database unavailable",
                exc_info=exc,
                extra={"action": "web_delivery_retry", "user_id": message.user_id},
            )
            return DeliveryResult(DeliveryStatus.RETRY_LATER, error=_reason(exc))
        if stored is None:
            return DeliveryResult(
                DeliveryStatus.PERMANENT_FAILURE, error="unknown user or proactive session"
            )
        pages = self._hub.publish_message(stored)
        log.info(
            "web message delivered",
            extra={"action": "web_delivered", "message_id": stored.id, "pages": pages},
        )
        return DeliveryResult(DeliveryStatus.DELIVERED, message_id=stored.id)

    async def _store_once(self, message: OutboundMessage) -> Message | None:
        """The stored message (new, or the one an earlier attempt stored); ``None`` when the
        database refuses it for good (no such user or proactive session)."""
        try:
            async with self._sessions() as session:
                stored = await repo_web.add_proactive_web_message(
                    session,
                    user_id=message.user_id,
                    content=message.text,
                    proactive_session_id=message.proactive_session_id,
                    is_question=message.is_question,
                    question_schedule_id=message.schedule_id,
                )
                await session.commit()
                return stored
        except IntegrityError as exc:
            if message.proactive_session_id is not None:
                async with self._sessions() as session:
                    earlier = await repo_web.message_for_proactive_session(
                        session, proactive_session_id=message.proactive_session_id
                    )
                if earlier is not None:
                    log.info(
                        "web message already delivered",
                        extra={"action": "web_delivery_duplicate", "message_id": earlier.id},
                    )
                    return earlier
            log.error(
                "web delivery refused by the database",
                exc_info=exc,
                extra={"action": "web_delivery_failed", "user_id": message.user_id},
            )
            return None


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:500]
