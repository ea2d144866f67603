"""Repeating meetings (``schedule_series``) and their occurrences, stored ahead of time.

Each occurrence of a series is a ``user_schedules`` row of its own, so it is reminded,
asked about, moved and cancelled exactly as a one-off meeting is, and its reminder and
check-in are the proactive sessions of that row: once per occurrence, by the unique
(reference_id, session_type) the job relies on. Occurrences are stored :data:`AHEAD` in
advance (and always the next one after that, so a monthly series shows its next meeting):
``materialized_until`` is the latest start stored (or passed over when the series was
made), and a series is due for more once it comes within :data:`AHEAD` of now, an index
range scan whatever the number of schedules.

An occurrence is stored once: the unique (series_id, occurrence_start) and the user's
unique (event_name, start_time) make a second insert of it do nothing, whoever races.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Final

from sqlalchemy import func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.proactive.recurrence import Recurrence
from companion_bot.storage.models import ScheduleSeries, UserSchedule

#: How far ahead occurrences are stored: what ``/schedule`` shows (14 days), and well past
#: the longest reminder lead (24 hours), so every occurrence is there before it is due.
AHEAD: Final = dt.timedelta(days=14)
INSERT_CHUNK: Final = 1000

SS = ScheduleSeries
US = UserSchedule


def _due_for_more(now: dt.datetime) -> tuple[Any, ...]:
    """Series with occurrences left to store whose latest stored one is within reach."""
    return (
        text("schedule_series.materialized_until IS NOT NULL"),  # the partial index applies
        SS.materialized_until <= now + AHEAD,
    )


async def any_due(session: AsyncSession, *, now: dt.datetime) -> bool:
    """Whether a series needs occurrences stored (a read: no lock taken)."""
    found = await session.scalar(select(SS.id).where(*_due_for_more(now)).limit(1))
    return found is not None


async def next_due(session: AsyncSession, *, channels: Iterable[str]) -> dt.datetime | None:
    """When the first series on ``channels`` will need occurrences stored (it may be past:
    due now)."""
    latest = await session.scalar(
        select(func.min(SS.materialized_until)).where(
            text("schedule_series.materialized_until IS NOT NULL"),
            SS.channel.in_(list(channels)),
        )
    )
    return None if latest is None else latest - AHEAD


async def store_due(session: AsyncSession, *, now: dt.datetime, limit: int) -> int:
    """Store the occurrences due of up to ``limit`` series (the caller holds the planning
    lock and commits); how many rows were added."""
    due = list(
        await session.scalars(
            select(SS).where(*_due_for_more(now)).order_by(SS.materialized_until).limit(limit)
        )
    )
    return len(await store_occurrences(session, due, now=now))


def _occurrence_row(series: ScheduleSeries, start: dt.datetime) -> dict[str, Any]:
    duration = series.duration_minutes
    return {
        "user_id": series.user_id,
        "message_id": series.message_id,
        "event_name": series.event_name,
        "start_time": start,
        "end_time": None if duration is None else start + dt.timedelta(minutes=duration),
        "channel": series.channel,
        "status": "scheduled",
        "confidence": series.confidence,
        "source_text": series.source_text,
        "time_is_approximate": series.time_is_approximate,
        "kind": series.kind,
        "series_id": series.id,
        "occurrence_start": start,
    }


def starts_to_store(
    series: ScheduleSeries, *, now: dt.datetime, rule: Recurrence | None = None
) -> list[dt.datetime]:
    """The starts after ``materialized_until`` up to ``now + AHEAD``, and the first one after
    that (the next meeting is always stored); none for a series with nothing left.
    ``rule``: the series' rule resumed at ``materialized_until`` (:func:`resumed`)."""
    horizon = now + AHEAD
    latest = series.materialized_until
    if latest is None or latest > horizon:
        return []
    rule = rule or resumed(series)
    starts = rule.between(latest, horizon)
    beyond = rule.after(max(latest, horizon))
    return [*starts, beyond] if beyond is not None else starts


def resumed(series: ScheduleSeries) -> Recurrence:
    """The series' rule begun again at its ``materialized_until`` (one of its starts, or one
    passed over when it was made: see :func:`first_latest`), so a series years old is not
    walked from its first start at every pass."""
    rule = series.rule
    latest = series.materialized_until
    return rule if latest is None else rule.resumed_at(latest)


def first_latest(rule: Recurrence, *, now: dt.datetime) -> dt.datetime:
    """The ``materialized_until`` of a new series: its last start at or before ``now`` (an
    imported series may have begun long ago), or just before its first."""
    return rule.before(now) or rule.first_start - dt.timedelta(microseconds=1)


async def store_occurrences(
    session: AsyncSession, series: Sequence[ScheduleSeries], *, now: dt.datetime
) -> list[int]:
    """Store each series' occurrences up to ``now + AHEAD`` and the next after it, and move
    its ``materialized_until`` on (to NULL when its rule has ended); the ids of the rows
    added (one already there, or clashing with a meeting of the same name and start, is
    left as it is)."""
    rows: list[dict[str, Any]] = []
    for one in series:
        if one.materialized_until is None or one.materialized_until > now + AHEAD:
            continue  # nothing left, or not due yet
        rule = resumed(one)
        starts = starts_to_store(one, now=now, rule=rule)
        rows += [_occurrence_row(one, start) for start in starts]
        last = starts[-1] if starts else None
        # Flushed with the caller's transaction; NULL: the rule has nothing after ``last``.
        one.materialized_until = None if last is None or rule.after(last) is None else last
    if not rows:
        return []
    module: Any = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    statement = module.insert(US).on_conflict_do_nothing().returning(US.id)
    connection = await session.connection()
    added: list[int] = []
    for start in range(0, len(rows), INSERT_CHUNK):
        result = await connection.execute(statement, rows[start : start + INSERT_CHUNK])
        added += [row[0] for row in result]
    return added


async def series_of_user(session: AsyncSession, *, user_id: int) -> list[ScheduleSeries]:
    """The user's series that have not ended, oldest first."""
    query = select(SS).where(SS.user_id == user_id, SS.ended_at.is_(None)).order_by(SS.id)
    return list(await session.scalars(query))


async def occurrences(
    session: AsyncSession, *, series_id: int, since: dt.datetime | None = None
) -> list[UserSchedule]:
    """The stored occurrences of a series (starting at ``since`` or later), soonest first."""
    query = select(US).where(US.series_id == series_id).order_by(US.start_time, US.id)
    if since is not None:
        query = query.where(US.start_time >= since)
    return list(await session.scalars(query))


async def series_by_ids(session: AsyncSession, ids: Iterable[int]) -> dict[int, ScheduleSeries]:
    """The series of these ids, by id."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await session.scalars(select(SS).where(SS.id.in_(wanted)))
    return {row.id: row for row in rows}
