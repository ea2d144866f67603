"""Schedules (``user_schedules``): the queries every channel shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import and_, event, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

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


async def followup_due(
    session: AsyncSession,
    *,
    user_id: int,
    channel: str,
    started_from: dt.datetime,
    started_by: dt.datetime,
) -> UserSchedule | None:
    """The user's latest scheduled meeting (not a task) on ``channel`` with no end time that
    started between the two instants and has had no follow-up yet."""
    found: UserSchedule | None = await session.scalar(
        select(UserSchedule)
        .where(
            UserSchedule.user_id == user_id,
            UserSchedule.channel == channel,
            text("user_schedules.status = 'scheduled'"),
            text("user_schedules.kind = 'meeting'"),
            UserSchedule.end_time.is_(None),
            UserSchedule.followup_sent.is_(False),
            UserSchedule.start_time <= started_by,
            UserSchedule.start_time >= started_from,
        )
        .order_by(UserSchedule.start_time.desc())
        .limit(1)
    )
    return found


async def mark_followup_sent(session: AsyncSession, *, schedule_id: int, now: dt.datetime) -> None:
    await session.execute(
        update(UserSchedule)
        .where(UserSchedule.id == schedule_id)
        .values(followup_sent=True, followup_sent_at=now)
        .execution_options(synchronize_session=False)
    )


def on_change(sessionmaker: async_sessionmaker[AsyncSession], callback: Callable[[], None]) -> None:
    """Call ``callback`` after each commit of a session of ``sessionmaker`` that added,
    changed or removed a schedule through the ORM (how a meeting is booked, moved or
    cancelled); bulk statements count only when :func:`mark_changed` says so."""
    session_class = sessionmaker.kw["sync_session_class"]

    def flushed(session: Session, _: object) -> None:
        touched = (*session.new, *session.dirty, *session.deleted)
        if any(isinstance(row, UserSchedule) for row in touched):
            session.info[_CHANGED] = True

    # Both events fire for a SAVEPOINT too (create_schedule adds its row in one): only the
    # outermost COMMIT makes the change visible, and only the outermost ROLLBACK undoes it.
    def committed(session: Session) -> None:
        if not session.in_nested_transaction() and session.info.pop(_CHANGED, False):
            callback()

    def rolled_back(session: Session) -> None:
        if not session.in_nested_transaction():
            session.info.pop(_CHANGED, None)

    event.listen(session_class, "after_flush", flushed)
    event.listen(session_class, "after_commit", committed)
    event.listen(session_class, "after_rollback", rolled_back)


def mark_changed(session: AsyncSession) -> None:
    """Count this session's commit as a change of schedules for :func:`on_change` (after a
    bulk statement that added some, as storing a new series' occurrences does)."""
    session.sync_session.info[_CHANGED] = True


_CHANGED = "companion_schedules_changed"
