"""The Celery app of ``test_redis_restart.py`` (``celery -A redis_restart_worker worker``).

It is the real app, ``create_celery_app(load_settings())`` with the real scan task, except
that the web channel is slowed down and records every delivery: the real ``WebSender``
stores each message after ``REDIS_RESTART_SEND_DELAY`` seconds, and one line
``SESSION_ID`` is appended to ``REDIS_RESTART_DELIVERIES`` per send handed to the channel
(flushed at once), so that a pass takes long enough for Redis to restart in its middle and
a second send of the same reminder shows up even though the web store would hide it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot import composition
from companion_bot.celery_app import create_celery_app
from companion_bot.config import Settings, load_settings
from companion_bot.ports import DeliveryResult, OutboundMessage, Sender

DELIVERIES = os.environ["REDIS_RESTART_DELIVERIES"]
SEND_DELAY = float(os.environ.get("REDIS_RESTART_SEND_DELAY", "0.05"))
_real_senders = composition.standalone_senders


class SlowRecordingWeb:
    """The web channel, one message at a time (no ``send_many``), slowly, recorded."""

    channel = "web"

    def __init__(self, inner: Sender) -> None:
        self._inner = inner

    async def send(self, message: OutboundMessage) -> DeliveryResult:
        await asyncio.sleep(SEND_DELAY)
        result = await self._inner.send(message)
        with open(DELIVERIES, "a", encoding="utf-8") as out:  # noqa: ASYNC230 (a short append)
            out.write(f"{message.proactive_session_id}\n")
        return result


@asynccontextmanager
async def _slow_senders(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[Mapping[str, Sender]]:
    async with _real_senders(settings, sessionmaker) as senders:
        yield {**senders, "web": SlowRecordingWeb(senders["web"])}


composition.standalone_senders = _slow_senders
app = create_celery_app(load_settings())
