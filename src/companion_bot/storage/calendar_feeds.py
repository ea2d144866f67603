"""Calendar feeds and imports (``calendar_feeds``, ``calendar_imports``): a user's feed
link by the hash of its token, the meetings the feed shows, and the ``UID`` of each event
imported from a calendar file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.models import (
    CalendarFeed,
    CalendarImport,
    ScheduleSeries,
    User,
    UserSchedule,
)

#: The statuses of the meetings a feed shows: a cancelled one drops out of it.
FEED_STATUSES = ("scheduled", "done")


async def feed_of(session: AsyncSession, *, user_id: int) -> CalendarFeed | None:
    """The user's live feed link, if they made one."""
    feed: CalendarFeed | None = await session.scalar(
        select(CalendarFeed).where(CalendarFeed.user_id == user_id)
    )
    return feed


async def replace_feed(
    session: AsyncSession, *, user_id: int, token_hash: str, now: dt.datetime
) -> CalendarFeed:
    """Store the user's feed token (its hash), replacing the one they had: the old link stops
    working with this commit. One ``INSERT … ON CONFLICT DO UPDATE``, so two clicks at once
    never fail on the one-link-per-user key."""
    values = {"user_id": user_id, "token_hash": token_hash, "created_at": now}
    module: Any = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    statement = (
        module.insert(CalendarFeed)
        .values(values)
        .on_conflict_do_update(
            index_elements=["user_id"], set_={"token_hash": token_hash, "created_at": now}
        )
        .returning(CalendarFeed)
    )
    feed: CalendarFeed = (
        await session.scalars(statement, execution_options={"populate_existing": True})
    ).one()
    return feed


async def delete_feed(session: AsyncSession, *, user_id: int) -> bool:
    """Turn the user's feed off; whether there was one."""
    deleted = await session.scalar(
        delete(CalendarFeed).where(CalendarFeed.user_id == user_id).returning(CalendarFeed.id)
    )
    return deleted is not None


async def feed_owner(session: AsyncSession, *, token_hash: str) -> User | None:
    """The user whose live feed token has this hash."""
    user: User | None = await session.scalar(
        select(User)
        .join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token_hash == token_hash)
    )
    return user


async def feed_schedules(
    session: AsyncSession, *, user_id: int, since: dt.datetime, limit: int
) -> list[UserSchedule]:
    """The user's meetings and reminders (all channels, not cancelled) starting from
    ``since`` on, soonest first: what the feed shows."""
    rows = await session.scalars(
        select(UserSchedule)
        .where(
            UserSchedule.user_id == user_id,
            UserSchedule.status.in_(FEED_STATUSES),
            UserSchedule.start_time >= since,
        )
        .order_by(UserSchedule.start_time, UserSchedule.id)
        .limit(limit)
    )
    return list(rows.all())


async def feed_series(
    session: AsyncSession, *, user_id: int, since: dt.datetime
) -> list[tuple[ScheduleSeries, list[UserSchedule]]]:
    """The user's repeating meetings the feed shows (ongoing, or stopped from ``since`` on),
    each with its stored occurrences starting (as its rule has them) from ``since`` on."""
    found = list(
        await session.scalars(
            select(ScheduleSeries)
            .where(
                ScheduleSeries.user_id == user_id,
                or_(ScheduleSeries.ended_at.is_(None), ScheduleSeries.ended_at >= since),
            )
            .order_by(ScheduleSeries.id)
        )
    )
    if not found:
        return []
    rows = await session.scalars(
        select(UserSchedule)
        .where(
            UserSchedule.series_id.in_([s.id for s in found]),
            UserSchedule.occurrence_start >= since,
        )
        .order_by(UserSchedule.occurrence_start)
    )
    occurrences: dict[int, list[UserSchedule]] = {s.id: [] for s in found}
    for row in rows:
        occurrences[row.series_id or 0].append(row)
    return [(s, occurrences[s.id]) for s in found]


async def imported_uids(session: AsyncSession, *, user_id: int, uids: Iterable[str]) -> set[str]:
    """Which of ``uids`` the user imported before."""
    wanted = sorted(set(uids))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):  # a bounded IN list per statement
        rows = await session.scalars(
            select(CalendarImport.uid).where(
                CalendarImport.user_id == user_id,
                CalendarImport.uid.in_(wanted[start : start + 500]),
            )
        )
        found.update(rows.all())
    return found


async def record_import(
    session: AsyncSession, *, user_id: int, uid: str, schedule_id: int, now: dt.datetime
) -> None:
    """Remember that the event ``uid`` became the meeting ``schedule_id`` (kept as it was
    when the user imported ``uid`` already, from a file sent twice at once)."""
    values = {"user_id": user_id, "uid": uid, "schedule_id": schedule_id, "imported_at": now}
    module: Any = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    await session.execute(
        module.insert(CalendarImport)
        .values(values)
        .on_conflict_do_nothing(index_elements=["user_id", "uid"])
    )
