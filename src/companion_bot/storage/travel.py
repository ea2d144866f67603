"""Stays elsewhere that are over: the users whose ``away_until`` has passed go back to their
``home_timezone`` (:mod:`companion_bot.services.travel` starts and ends stays in chat)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.models import User

#: Written as the partial index's condition, so both databases use the index.
_AWAY = text("users.away_until IS NOT NULL")


async def end_stays(session: AsyncSession, *, now: dt.datetime) -> int:
    """Put every user whose stay ended by ``now`` back on their home zone, in one UPDATE
    (the caller commits); how many were."""
    result = await session.execute(
        update(User)
        .where(_AWAY, User.away_until <= now)
        .values(
            timezone=func.coalesce(User.home_timezone, User.timezone),
            home_timezone=None,
            away_until=None,
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))


async def next_stay_end(session: AsyncSession) -> dt.datetime | None:
    """When the first stay ends (it may be past: due now); ``None`` when nobody is away."""
    end: dt.datetime | None = await session.scalar(select(func.min(User.away_until)).where(_AWAY))
    return end
