"""Queries behind the success-metrics report; every window is ``[since, until)`` in UTC.

They run unchanged on SQLite and PostgreSQL. Counting happens in SQL; durations (reply
times, reminder lateness) are differences of fetched timestamps, computed by the caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.models import (
    AnalyticsEvent,
    GreetingPreferences,
    Message,
    ProactiveSession,
    UserSchedule,
)

PS = ProactiveSession


@dataclass(frozen=True)
class AdoptionCounts:
    active_users: int
    users_with_meetings: int
    meetings: int
    meetings_with_end_time: int


@dataclass(frozen=True)
class SentSession:
    """A proactive message sent in the window, and what followed it."""

    user_id: int
    session_type: str
    due_at: dt.datetime | None
    sent_at: dt.datetime
    acknowledged_at: dt.datetime | None
    first_reply_at: dt.datetime | None


@dataclass(frozen=True)
class TimedEvent:
    user_id: int | None
    at: dt.datetime
    previous_message_at: dt.datetime | None


def _window(column: Any, since: dt.datetime, until: dt.datetime) -> ColumnElement[bool]:
    return and_(column >= since, column < until)


async def adoption_counts(
    session: AsyncSession, *, since: dt.datetime, until: dt.datetime
) -> AdoptionCounts:
    """Users who wrote in the window, how many of them got a schedule, and the schedules."""
    active = (
        select(Message.user_id)
        .where(Message.role == "user", _window(Message.created_at, since, until))
        .distinct()
        .subquery()
    )
    active_users = await session.scalar(select(func.count()).select_from(active)) or 0
    in_window = _window(UserSchedule.created_at, since, until)
    with_meetings = await session.scalar(
        select(func.count(distinct(UserSchedule.user_id))).where(
            in_window, UserSchedule.user_id.in_(select(active.c.user_id))
        )
    )
    row = (
        await session.execute(
            select(func.count(UserSchedule.id), func.count(UserSchedule.end_time)).where(in_window)
        )
    ).one()
    return AdoptionCounts(
        active_users=int(active_users),
        users_with_meetings=int(with_meetings or 0),
        meetings=int(row[0]),
        meetings_with_end_time=int(row[1]),
    )


async def sent_sessions(
    session: AsyncSession, *, since: dt.datetime, until: dt.datetime
) -> list[SentSession]:
    """Proactive messages sent in the window, each with the user's first message after it."""
    first_reply = (
        select(func.min(Message.created_at))
        .where(
            Message.user_id == PS.user_id,
            Message.role == "user",
            Message.created_at > PS.sent_at,
            Message.created_at < until,
        )
        .correlate(PS)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(PS.user_id, PS.session_type, PS.due_at, PS.sent_at, PS.acknowledged_at, first_reply)
        .where(PS.status == "sent", _window(PS.sent_at, since, until))
        .order_by(PS.sent_at, PS.id)
    )
    return [
        SentSession(
            user_id=r[0],
            session_type=r[1],
            due_at=r[2],
            sent_at=r[3],
            acknowledged_at=r[4],
            first_reply_at=_aware(r[5]),
        )
        for r in rows
    ]


def _aware(value: Any) -> dt.datetime | None:
    """A timestamp from an aggregate, which bypasses the column type (SQLite gives text)."""
    if value is None:
        return None
    stamp = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(stamp, dt.datetime):
        raise TypeError(f"expected a timestamp, got {type(value).__name__}")
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


async def sessions_by_status(
    session: AsyncSession, *, since: dt.datetime, until: dt.datetime
) -> dict[tuple[str, str], int]:
    """(session type, status) -> proactive sessions created in the window."""
    rows = await session.execute(
        select(PS.session_type, PS.status, func.count())
        .where(_window(PS.created_at, since, until))
        .group_by(PS.session_type, PS.status)
    )
    return {(r[0], r[1]): int(r[2]) for r in rows}


async def event_counts(
    session: AsyncSession, *, names: Iterable[str], since: dt.datetime, until: dt.datetime
) -> dict[str, int]:
    """Analytics events per name in the window (names never recorded count 0)."""
    wanted = list(names)
    rows = await session.execute(
        select(AnalyticsEvent.name, func.count())
        .where(AnalyticsEvent.name.in_(wanted), _window(AnalyticsEvent.created_at, since, until))
        .group_by(AnalyticsEvent.name)
    )
    counts = dict.fromkeys(wanted, 0)
    counts.update({r[0]: int(r[1]) for r in rows})
    return counts


async def events_with_last_proactive(
    session: AsyncSession, *, name: str, since: dt.datetime, until: dt.datetime
) -> list[TimedEvent]:
    """Events of ``name`` in the window, each with the user's last proactive message before."""
    last_sent = (
        select(func.max(PS.sent_at))
        .where(
            PS.user_id == AnalyticsEvent.user_id,
            PS.status == "sent",
            PS.sent_at <= AnalyticsEvent.created_at,
        )
        .correlate(AnalyticsEvent)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(AnalyticsEvent.user_id, AnalyticsEvent.created_at, last_sent)
        .where(AnalyticsEvent.name == name, _window(AnalyticsEvent.created_at, since, until))
        .order_by(AnalyticsEvent.created_at)
    )
    return [TimedEvent(user_id=r[0], at=r[1], previous_message_at=_aware(r[2])) for r in rows]


async def cancellations(
    session: AsyncSession, *, since: dt.datetime, until: dt.datetime
) -> tuple[int, int]:
    """(schedules cancelled in the window, those cancelled after a proactive message about them
    other than by a "not a meeting" answer, which the report counts on its own).

    Read from ``user_schedules`` so that every path counts: chat, web panel, Telegram buttons.
    """
    not_a_meeting = (
        select(AnalyticsEvent.id)
        .where(
            AnalyticsEvent.name == "not_a_meeting",
            AnalyticsEvent.properties["schedule_id"].as_integer() == UserSchedule.id,
        )
        .correlate(UserSchedule)
        .exists()
    )
    reminded = (
        select(PS.id)
        .where(
            PS.reference_id == UserSchedule.id,
            PS.status == "sent",
            PS.sent_at <= UserSchedule.updated_at,
        )
        .correlate(UserSchedule)
        .exists()
    )
    cancelled = and_(
        UserSchedule.status == "cancelled", _window(UserSchedule.updated_at, since, until)
    )
    total = await session.scalar(select(func.count()).where(cancelled))
    after = await session.scalar(select(func.count()).where(cancelled, reminded, ~not_a_meeting))
    return int(total or 0), int(after or 0)


async def reminders_off(session: AsyncSession) -> int:
    """Users whose proactive messages are switched off now, however they did it."""
    count = await session.scalar(
        select(func.count()).where(GreetingPreferences.prefer_proactive.is_(False))
    )
    return int(count or 0)


async def schedules_per_day(
    session: AsyncSession, *, since: dt.datetime, until: dt.datetime
) -> dict[dt.date, int]:
    """The checklist's ``SELECT DATE(created_at), COUNT(*) FROM user_schedules GROUP BY 1``,
    with UTC days on both databases and limited to the window."""
    if session.get_bind().dialect.name == "postgresql":
        day = func.date(func.timezone("UTC", UserSchedule.created_at))
    else:
        day = func.date(UserSchedule.created_at)  # SQLite stores UTC text
    rows = await session.execute(
        select(day, func.count())
        .where(_window(UserSchedule.created_at, since, until))
        .group_by(day)
        .order_by(day)
    )
    return {_day(r[0]): int(r[1]) for r in rows}


def _day(value: Any) -> dt.date:
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")
