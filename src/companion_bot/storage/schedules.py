"""Schedules (``user_schedules``): the queries every channel shares."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    and_,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.models import (
    UserSchedule,
)


async def upcoming_schedules(
    session: AsyncSession,
    *,
    user_id: int,
    now: dt.datetime,
    until: dt.datetime | None = None,
    limit: int = 50,
) -> list[UserSchedule]:
    """The user's scheduled meetings that have not ended yet, soonest first."""
    query = (
        select(UserSchedule)
        .where(
            UserSchedule.user_id == user_id,
            UserSchedule.status == "scheduled",
            UserSchedule.start_time >= now - dt.timedelta(hours=12),
        )
        .order_by(UserSchedule.start_time, UserSchedule.id)
        .limit(limit)
    )
    if until is not None:
        query = query.where(UserSchedule.start_time < until)
    rows = (await session.scalars(query)).all()
    return [row for row in rows if (row.end_time or row.start_time) >= now]


async def schedules_at(
    session: AsyncSession, *, user_id: int, start_time: dt.datetime
) -> list[UserSchedule]:
    """The user's schedules (any status) starting exactly at ``start_time``."""
    rows = await session.scalars(
        select(UserSchedule)
        .where(UserSchedule.user_id == user_id, UserSchedule.start_time == start_time)
        .order_by(UserSchedule.id)
    )
    return list(rows.all())


async def schedules_around(
    session: AsyncSession, *, user_id: int, start: dt.datetime, end: dt.datetime, limit: int
) -> list[UserSchedule]:
    """The user's meetings (any status) starting in [start, end), oldest first."""
    rows = await session.scalars(
        select(UserSchedule)
        .where(
            UserSchedule.user_id == user_id,
            UserSchedule.start_time >= start,
            UserSchedule.start_time < end,
        )
        .order_by(UserSchedule.start_time, UserSchedule.id)
        .limit(limit)
    )
    return list(rows.all())


async def schedules_between(
    session: AsyncSession,
    *,
    user_id: int,
    start: dt.datetime,
    end: dt.datetime,
    limit: int,
) -> list[UserSchedule]:
    """The user's meetings (all channels, not cancelled) that have not ended by ``start``
    and begin before ``end``, soonest first."""
    rows = await session.scalars(
        select(UserSchedule)
        .where(
            UserSchedule.user_id == user_id,
            UserSchedule.status != "cancelled",
            UserSchedule.start_time < end,
            or_(
                UserSchedule.start_time >= start,
                and_(UserSchedule.end_time.is_not(None), UserSchedule.end_time >= start),
            ),
        )
        .order_by(UserSchedule.start_time, UserSchedule.id)
        .limit(limit)
    )
    return list(rows.all())


async def get_user_schedule(
    session: AsyncSession, *, user_id: int, schedule_id: int
) -> UserSchedule | None:
    """The schedule, only when it belongs to ``user_id`` (another user's id reads as absent)."""
    schedule: UserSchedule | None = await session.scalar(
        select(UserSchedule).where(UserSchedule.id == schedule_id, UserSchedule.user_id == user_id)
    )
    return schedule
