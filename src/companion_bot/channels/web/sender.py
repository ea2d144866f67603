"""Web delivery of proactive messages: store the bot message, then push it to open pages.

A page that is closed sees the message in its history next time. The message row carries the
proactive session id (the morning agenda, which has none: its unique ``client_key``): a
retried delivery finds the stored message instead of writing a second one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.ports import DeliveryResult, DeliveryStatus, OutboundMessage
from companion_bot.storage import messages
from companion_bot.storage.models import Message

from .sse import StreamHub

log = logging.getLogger(__name__)


class WebSender:
    """The web channel's :class:`~companion_bot.ports.Sender`."""

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

    async def send_many(self, messages: Sequence[OutboundMessage]) -> list[DeliveryResult]:
        """Deliver a batch of proactive messages with one transaction (the job's batches;
        one at a time they cost a transaction each). When the database refuses the batch
        (an earlier attempt stored one of them, an unknown user), each is sent on its own."""
        if not messages or any(m.proactive_session_id is None for m in messages):
            return [await self.send(m) for m in messages]
        try:
            stored = await self._store_all(messages)
        except IntegrityError:
            return [await self.send(m) for m in messages]
        except (DBAPIError, OSError) as exc:
            log.warning(
                "web delivery: database unavailable",
                exc_info=exc,
                extra={"action": "web_delivery_retry", "count": len(messages)},
            )
            return [DeliveryResult(DeliveryStatus.RETRY_LATER, error=_reason(exc))] * len(messages)
        for row in stored:
            self._hub.publish_message(row)
        log.info("web messages delivered", extra={"action": "web_delivered", "count": len(stored)})
        return [DeliveryResult(DeliveryStatus.DELIVERED, message_id=row.id) for row in stored]

    async def _store_all(self, outgoing: Sequence[OutboundMessage]) -> list[Message]:
        """Insert every message (one multi-row INSERT) and read them back in order."""
        rows = [
            Message(
                user_id=m.user_id,
                channel="web",
                role="bot",
                message_type="proactive",
                content=m.text,
                proactive_session_id=m.proactive_session_id,
                is_question=m.is_question,
                question_schedule_id=m.schedule_id if m.is_question else None,
            )
            for m in outgoing
        ]
        async with self._sessions() as session:
            await messages.add_all(session, rows=rows)
            await session.commit()
        return rows

    async def _store_once(self, message: OutboundMessage) -> Message | None:
        """The stored message (new, or the one an earlier attempt stored); ``None`` when the
        database refuses it for good (no such user or proactive session)."""
        try:
            async with self._sessions() as session:
                stored = await messages.add_proactive_web_message(
                    session,
                    user_id=message.user_id,
                    content=message.text,
                    proactive_session_id=message.proactive_session_id,
                    is_question=message.is_question,
                    question_schedule_id=message.schedule_id,
                    client_key=message.client_key,
                )
                await session.commit()
                return stored
        except IntegrityError as exc:
            earlier = await self._stored_before(message)
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

    async def _stored_before(self, message: OutboundMessage) -> Message | None:
        """The copy an earlier attempt stored, found by the proactive session or the key."""
        async with self._sessions() as session:
            if message.proactive_session_id is not None:
                return await messages.message_for_session(
                    session, proactive_session_id=message.proactive_session_id
                )
            if message.client_key is not None:
                keyed = await messages.keyed_messages(
                    session, user_id=message.user_id, channel="web", client_key=message.client_key
                )
                return next((m for m in keyed if m.role == "bot"), None)
        return None


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:500]
