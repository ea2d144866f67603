"""Planning: find the meetings (and tasks) that may need a message and record each decision.

Candidates are read and their decisions recorded as ``proactive_sessions`` rows (``pending``
to send, ``skipped`` with a reason) in one transaction that serialises planners:
``BEGIN IMMEDIATE`` on SQLite, a transaction-level advisory lock on PostgreSQL (so the daily
cap is counted exactly). The unique (reference_id, session_type) makes a second row for the
same schedule and type impossible whatever happens.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.proactive.decisions import (
    Preferences,
    ScheduleFacts,
    local_day_bounds,
)
from companion_bot.proactive.kinds import SessionStatus, SessionType
from companion_bot.storage import morning_agendas
from companion_bot.storage.models import GreetingPreferences, User
from companion_bot.storage.proactive_sessions import (
    CAPPED_TYPES,
    FACT_COLUMNS,
    LOOKBACK,
    PS,
    US,
    among,
    schedule_facts,
)

PLANNING_LOCK_KEY = 0x70726F61  # "proa": one planner at a time on PostgreSQL
INSERT_CHUNK = 1000
#: A meeting gets a preparation reminder and a check-in; a task one reminder at its time.
MEETING = "user_schedules.kind = 'meeting'"
TASK = "user_schedules.kind = 'task'"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A schedule that may need a message, with its owner's zone and preferences."""

    schedule_id: int
    user_id: int
    channel: str
    event_name: str
    facts: ScheduleFacts
    tz: ZoneInfo
    prefs: Preferences


async def lock_for_planning(session: AsyncSession) -> None:
    """Serialise planners (PostgreSQL; SQLite already holds the write lock)."""
    if session.bind.dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(PLANNING_LOCK_KEY)))


async def max_lead_minutes(session: AsyncSession, *, default: int) -> int:
    found = await session.scalar(select(func.max(GreetingPreferences.reminder_lead_minutes)))
    return max(default, int(found or 0))


def _candidate_columns() -> tuple[Any, ...]:
    return (
        US.id,
        US.user_id,
        US.channel,
        US.event_name,
        *FACT_COLUMNS,
        GreetingPreferences.prefer_proactive,
        GreetingPreferences.dnd_start_hour,
        GreetingPreferences.dnd_end_hour,
        GreetingPreferences.max_proactive_per_day,
        GreetingPreferences.reminder_lead_minutes,
    )


async def next_wake(
    session: AsyncSession,
    *,
    now: dt.datetime,
    horizon: dt.timedelta,
    completion_delay: dt.timedelta,
    channels: Iterable[str],
) -> dt.datetime | None:
    """The earliest instant a pass will have work on ``channels``: ``now`` if a meeting waits
    to be planned, else a pending row falling due (or its lease running out), a meeting
    entering the reminder ``horizon``, a task's time still ahead, or a meeting's end passing
    ``completion_delay`` ago. ``None``: nothing ahead at all. (A task whose time has come
    may be held by quiet hours: the engine decides when it wakes for one.)"""
    names = list(channels)
    unplanned = [
        reminder_candidates_query(now=now, horizon=horizon, limit=1),
        completion_candidates_query(now=now, delay=completion_delay, limit=1),
    ]
    for query in unplanned:
        if (await session.execute(query.where(US.channel.in_(names)))).first() is not None:
            return now
    pending = select(
        func.min(
            case(
                (PS.claimed_until > PS.next_attempt_at, PS.claimed_until),
                else_=PS.next_attempt_at,
            )
        )
    ).where(text("proactive_sessions.status = 'pending'"), PS.channel.in_(names))
    enters_horizon = select(func.min(US.start_time)).where(
        text("user_schedules.status = 'scheduled'"),
        text("NOT user_schedules.preparation_reminder_sent"),
        text(MEETING),
        US.start_time > now + horizon,
        US.channel.in_(names),
    )
    task_time = select(func.min(US.start_time)).where(
        text("user_schedules.status = 'scheduled'"),
        text("NOT user_schedules.preparation_reminder_sent"),
        text(TASK),
        US.start_time > now,
        US.channel.in_(names),
    )
    ends = select(func.min(US.end_time)).where(
        text("user_schedules.status = 'scheduled'"),
        text("NOT user_schedules.event_completed_sent"),
        text("user_schedules.end_time IS NOT NULL"),
        text(MEETING),
        US.end_time > now - completion_delay,
        US.channel.in_(names),
    )
    due = await session.scalar(pending)
    start = await session.scalar(enters_horizon)
    task = await session.scalar(task_time)
    end = await session.scalar(ends)
    found = [
        *([due] if due is not None else []),
        *([start - horizon] if start is not None else []),
        *([task] if task is not None else []),
        *([end + completion_delay] if end is not None else []),
    ]
    return min(found, default=None)


def _no_session_of(kind: str) -> Any:
    return ~exists().where(PS.reference_id == US.id, PS.session_type == kind)


def _candidate_rows() -> Any:
    """Schedules with their user's zone and preferences, as :func:`_candidates` reads them."""
    return (
        select(*_candidate_columns())
        .join(User, User.id == US.user_id)
        .outerjoin(GreetingPreferences, GreetingPreferences.user_id == US.user_id)
    )


def reminder_candidates_query(*, now: dt.datetime, horizon: dt.timedelta, limit: int) -> Any:
    """Scheduled meetings without a reminder row, starting before ``now + horizon``."""
    return (
        _candidate_rows()
        .where(
            # Literal predicates, so PostgreSQL can use the partial index.
            text("user_schedules.status = 'scheduled'"),
            text("NOT user_schedules.preparation_reminder_sent"),
            text(MEETING),
            US.start_time <= now + horizon,
            US.start_time >= now - LOOKBACK,
            _no_session_of(SessionType.PREPARATION_REMINDER),
        )
        .order_by(US.start_time)
        .limit(limit)
    )


def task_candidates_query(*, now: dt.datetime, limit: int) -> Any:
    """Scheduled tasks whose time has come (within :data:`LOOKBACK`), without a reminder row."""
    return (
        _candidate_rows()
        .where(
            text("user_schedules.status = 'scheduled'"),
            text("NOT user_schedules.preparation_reminder_sent"),
            text(TASK),
            US.start_time <= now,
            US.start_time >= now - LOOKBACK,
            _no_session_of(SessionType.TASK_REMINDER),
        )
        .order_by(US.start_time)
        .limit(limit)
    )


async def task_candidates(
    session: AsyncSession, *, now: dt.datetime, limit: int, lead: int, max_per_day: int
) -> list[Candidate]:
    """The candidates of :func:`task_candidates_query`, with zones and preferences."""
    query = task_candidates_query(now=now, limit=limit)
    return _candidates(await session.execute(query), lead, max_per_day)


async def reminder_candidates(
    session: AsyncSession,
    *,
    now: dt.datetime,
    horizon: dt.timedelta,
    limit: int,
    lead: int,
    max_per_day: int,
) -> list[Candidate]:
    """The candidates of :func:`reminder_candidates_query`, with zones and preferences.

    ``lead`` and ``max_per_day`` are the defaults (the settings) for a user without their own.
    """
    query = reminder_candidates_query(now=now, horizon=horizon, limit=limit)
    return _candidates(await session.execute(query), lead, max_per_day)


async def completion_candidates(
    session: AsyncSession,
    *,
    now: dt.datetime,
    delay: dt.timedelta,
    limit: int,
    lead: int,
    max_per_day: int,
) -> list[Candidate]:
    """The candidates of :func:`completion_candidates_query`, with zones and preferences."""
    query = completion_candidates_query(now=now, delay=delay, limit=limit)
    return _candidates(await session.execute(query), lead, max_per_day)


def completion_candidates_query(*, now: dt.datetime, delay: dt.timedelta, limit: int) -> Any:
    """Scheduled meetings that ended at least ``delay`` ago, without a completion row."""
    return (
        _candidate_rows()
        .where(
            text("user_schedules.status = 'scheduled'"),
            text("NOT user_schedules.event_completed_sent"),
            text("user_schedules.end_time IS NOT NULL"),
            text(MEETING),
            US.end_time <= now - delay,
            US.end_time >= now - LOOKBACK,
            _no_session_of(SessionType.COMPLETION),
        )
        .order_by(US.end_time)
        .limit(limit)
    )


def _candidates(rows: Iterable[Any], lead: int, max_per_day: int) -> list[Candidate]:
    """Candidates from rows of :func:`_candidate_columns` (users share equal preferences)."""
    shared: dict[tuple[Any, ...], Preferences] = {}
    found = []
    for row in rows:
        schedule_id, user_id, channel, event_name = row[:4]
        facts, tz = schedule_facts(*row[4:9])
        key = tuple(row[9:])
        prefs = shared.get(key)
        if prefs is None:
            prefs = shared[key] = _preferences(key, lead, max_per_day)
        found.append(Candidate(schedule_id, user_id, channel, event_name, facts, tz, prefs))
    return found


def _preferences(values: tuple[Any, ...], lead: int, max_per_day: int) -> Preferences:
    """``greeting_preferences`` columns as :class:`Preferences`: a value the user has wins,
    a missing one (no row) is the default passed in (``lead``, ``max_per_day``: the settings)."""
    proactive, dnd_start, dnd_end, own_max_per_day, lead_minutes = values
    return Preferences(
        prefer_proactive=True if proactive is None else bool(proactive),
        dnd_start_hour=dnd_start,
        dnd_end_hour=dnd_end,
        max_per_day=max_per_day if own_max_per_day is None else own_max_per_day,
        lead_minutes=lead if lead_minutes is None else lead_minutes,
    )


async def sent_today(
    session: AsyncSession, *, now: dt.datetime, zones: dict[int, ZoneInfo]
) -> dict[int, int]:
    """Per user: reminders, completions and morning agendas sent in their local day, plus
    those pending."""
    if not zones:
        return {}
    rows = await session.execute(
        select(PS.user_id, func.coalesce(PS.sent_at, PS.due_at)).where(
            among(PS.user_id, list(zones), session.bind.dialect.name),
            PS.session_type.in_(CAPPED_TYPES),
            or_(
                and_(PS.status == SessionStatus.SENT, PS.sent_at >= now - LOOKBACK),
                and_(PS.status == SessionStatus.PENDING, PS.due_at >= now - LOOKBACK),
            ),
        )
    )
    counts = dict.fromkeys(zones, 0)
    bounds: dict[int, tuple[dt.datetime, dt.datetime]] = {}
    for user_id, when in rows:
        if user_id not in bounds:
            bounds[user_id] = local_day_bounds(now, zones[user_id])
        start, end = bounds[user_id]
        # SQLite returns the coalesced value untyped: compare as UTC either way.
        instant = when if isinstance(when, dt.datetime) else dt.datetime.fromisoformat(when)
        instant = instant if instant.tzinfo else instant.replace(tzinfo=dt.UTC)
        if start <= instant < end:
            counts[user_id] += 1
    for user_id, agendas in (
        await morning_agendas.count_today(session, now=now, zones=zones)
    ).items():
        counts[user_id] += agendas
    return counts


def _insert(session: AsyncSession) -> Any:
    dialect = session.bind.dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    return module.insert(PS)


async def record(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> dict[int, int]:
    """Insert session rows, ignoring any (schedule, type) that already has one.

    Returns ``{schedule_id: session_id}`` for the rows this call inserted.
    """
    if not rows:
        return {}
    stmt = (
        _insert(session)
        .on_conflict_do_nothing(index_elements=["reference_id", "session_type"])
        .returning(PS.reference_id, PS.id)
    )
    connection = await session.connection()
    inserted: dict[int, int] = {}
    for start in range(0, len(rows), INSERT_CHUNK):
        # Core executemany: batched multi-row INSERT … RETURNING ("insertmanyvalues").
        result = await connection.execute(stmt, list(rows[start : start + INSERT_CHUNK]))
        for reference_id, session_id in result:
            inserted[reference_id] = session_id
    return inserted


async def record_planned(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Insert planning's rows (every key of :data:`PLANNED_COLUMNS`) like :func:`record`,
    reading nothing back; on PostgreSQL as one ``INSERT … SELECT FROM unnest(arrays)``."""
    if not rows:
        return
    if session.bind.dialect.name != "postgresql":
        stmt = _insert(session).on_conflict_do_nothing(
            index_elements=["reference_id", "session_type"]
        )
        connection = await session.connection()
        for start in range(0, len(rows), INSERT_CHUNK):
            await connection.execute(stmt, list(rows[start : start + INSERT_CHUNK]))
        return
    await _record_unnest(session, rows)


#: The columns of a planned row, with their PostgreSQL array types for ``unnest``.
PLANNED_COLUMNS = {
    "user_id": "int[]",
    "session_type": "varchar[]",
    "reference_id": "int[]",
    "channel": "varchar[]",
    "status": "varchar[]",
    "reason": "varchar[]",
    "attempts": "int[]",
    "due_at": "timestamptz[]",
    "next_attempt_at": "timestamptz[]",
    "meta": "json[]",
}


async def _record_unnest(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """One ``INSERT … SELECT FROM unnest(arrays)`` on PostgreSQL: ten parameters, not 10×N."""
    names = list(PLANNED_COLUMNS)
    columns = ", ".join("metadata" if n == "meta" else n for n in names)
    arrays = ", ".join(f"CAST(:{n} AS {PLANNED_COLUMNS[n]})" for n in names)
    statement = text(
        f"INSERT INTO proactive_sessions ({columns}) SELECT * FROM unnest({arrays}) "
        "ON CONFLICT (reference_id, session_type) DO NOTHING"
    )
    params: dict[str, list[Any]] = {n: [row[n] for row in rows] for n in names}
    params["meta"] = [json.dumps(m) if m else "{}" for m in params["meta"]]
    params["due_at"] = [v.astimezone(dt.UTC) if v else None for v in params["due_at"]]
    params["next_attempt_at"] = [
        v.astimezone(dt.UTC) if v else None for v in params["next_attempt_at"]
    ]
    await session.execute(statement, params)
