"""Constants and helpers of the pipeline tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.storage import users

BERLIN = ZoneInfo("Europe/Berlin")
#: Wednesday 25 November 2026, 9:00 in Berlin.
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN)


async def new_user(sm: async_sessionmaker[AsyncSession], username: str, timezone: str) -> int:
    """A new user's id."""
    async with sm() as session:
        user = await users.create_user(session, username=username, timezone=timezone)
        await session.commit()
        return user.id
