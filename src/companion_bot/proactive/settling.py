"""Writing the outcomes of messages that went out, through a database outage.

Until its outcome is written a claimed row stays leased, and a pass after the lease would
send it again; so an outage is waited out (retried with backoff for up to half the lease)
instead of failing the pass. Reminders and morning agendas settle the same way."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.proactive import LOGGER_NAME
from companion_bot.storage import db
from companion_bot.storage.outage import database_unavailable

log = logging.getLogger(LOGGER_NAME)
S = TypeVar("S")


async def settle_through_outage(
    sessions: async_sessionmaker[AsyncSession],
    write: Callable[[AsyncSession, Sequence[S]], Awaitable[None]],
    settlements: Sequence[S],
    *,
    lease: dt.timedelta,
) -> None:
    """``write`` the settlements in one writer transaction, retried while the database is
    unavailable for up to half of ``lease``; any other error, or a longer outage, raises."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + lease.total_seconds() / 2
    delay = 0.25
    while True:
        try:
            async with sessions() as session:
                await db.begin_write(session)
                await write(session, settlements)
                await session.commit()
            return
        except Exception as exc:
            if not database_unavailable(exc) or loop.time() + delay > give_up:
                raise
            log.warning(
                "database unavailable; settling again shortly",
                extra={"action": "settle_retry", "count": len(settlements)},
            )
        await asyncio.sleep(delay)
        delay = min(delay * 2, 5.0)
