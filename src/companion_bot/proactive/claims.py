"""The database side of exactly-once, after planning (:mod:`.planning`): claim, settle.

* ``claim``: due ``pending`` rows are leased with a conditional ``UPDATE … RETURNING``
  (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; on SQLite the write lock of
  ``BEGIN IMMEDIATE``): ``claimed_until`` is the lease, ``attempts`` counts claims. A worker
  that dies leaves rows another run takes after the lease.
* ``settle``: outcomes are written only where the row is still ours (same ``attempts``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ARRAY,
    Integer,
    any_,
    bindparam,
    delete,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.config import check_timezone
from companion_bot.storage.db import SQLITE_IMMEDIATE
from companion_bot.storage.models import ProactiveSession, User, UserSchedule
from companion_bot.storage.types import UTCDateTime

from .decisions import ScheduleFacts, is_date_only

CAPPED_TYPES = ("preparation_reminder", "completion")
#: Types forgotten when a meeting moves (a snooze belongs to the old time's reminder).
RESET_TYPES = (*CAPPED_TYPES, "snooze")
LOOKBACK = dt.timedelta(hours=24)

PS = ProactiveSession
US = UserSchedule


@dataclass(frozen=True, slots=True)
class Claimed:
    """A leased ``pending`` row and what is needed to write and send its message."""

    session_id: int
    kind: str
    user_id: int
    channel: str
    attempts: int
    due_at: dt.datetime | None
    schedule_id: int
    event_name: str
    facts: ScheduleFacts
    tz: ZoneInfo


def zone_of(name: str | None) -> ZoneInfo:
    try:
        return check_timezone(name or "UTC")
    except ValueError:
        return ZoneInfo("UTC")


async def begin_write(session: AsyncSession) -> None:
    """Start the session's transaction as a writer: ``BEGIN IMMEDIATE`` on SQLite."""
    options: Any = {SQLITE_IMMEDIATE: True}
    await session.connection(execution_options=options)


def among(column: Any, values: list[int], dialect: str) -> Any:
    """``column IN values``; on PostgreSQL one array parameter (``= ANY``), not thousands."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(Integer)))
    return column.in_(values)


async def claim(
    session: AsyncSession,
    *,
    kind: str,
    channels: Iterable[str],
    now: dt.datetime,
    lease: dt.timedelta,
    limit: int,
) -> list[Claimed]:
    """Lease up to ``limit`` due ``pending`` rows of ``kind`` on ``channels``."""
    due = (
        select(PS.id)
        .where(
            text("proactive_sessions.status = 'pending'"),
            PS.next_attempt_at <= now,
            PS.session_type == kind,
            PS.channel.in_(list(channels)),
            or_(PS.claimed_until.is_(None), PS.claimed_until < now),
        )
        .order_by(PS.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite holds the write lock
    )
    leased = await session.execute(
        update(PS)
        .where(PS.id.in_(due.scalar_subquery()))
        .values(claimed_until=now + lease, attempts=PS.attempts + 1)
        .returning(PS.id)
        .execution_options(synchronize_session=False)
    )
    ids = [row[0] for row in leased]
    if not ids:
        return []
    rows = await session.execute(
        select(
            PS.id,
            PS.session_type,
            PS.user_id,
            PS.channel,
            PS.attempts,
            PS.due_at,
            US.id.label("schedule_id"),
            US.event_name,
            US.start_time,
            US.end_time,
            US.time_is_approximate,
            US.status,
            User.timezone,
        )
        .join(US, US.id == PS.reference_id)
        .join(User, User.id == PS.user_id)
        .where(among(PS.id, ids, session.bind.dialect.name))
        .order_by(PS.id)
    )
    return [_claimed(row) for row in rows]


def _claimed(row: Any) -> Claimed:
    tz = zone_of(row.timezone)
    facts = ScheduleFacts(
        start=row.start_time,
        end=row.end_time,
        all_day=is_date_only(row.start_time, tz, approximate=bool(row.time_is_approximate)),
        status=row.status,
    )
    return Claimed(
        session_id=row.id,
        kind=row.session_type,
        user_id=row.user_id,
        channel=row.channel,
        attempts=row.attempts,
        due_at=row.due_at,
        schedule_id=row.schedule_id,
        event_name=row.event_name,
        facts=facts,
        tz=tz,
    )


_SETTLE = (
    update(PS)
    .where(
        PS.id == bindparam("b_id"),
        PS.attempts == bindparam("b_attempts"),
        PS.status == "pending",
    )
    .values(
        status=bindparam("b_status"),
        reason=bindparam("b_reason"),
        last_error=bindparam("b_error"),
        message_content=bindparam("b_content"),
        sent_at=bindparam("b_sent_at", type_=UTCDateTime()),
        next_attempt_at=bindparam("b_next", type_=UTCDateTime()),
        claimed_until=None,
    )
)

SENT_FLAGS = {
    "preparation_reminder": ("preparation_reminder_sent", "preparation_reminder_sent_at"),
    "completion": ("event_completed_sent", "event_completed_sent_at"),
}


@dataclass(frozen=True, slots=True)
class Settlement:
    """The new state of one claimed row."""

    claimed: Claimed
    status: str  # pending (retry) | sent | failed | skipped
    reason: str | None = None
    error: str | None = None
    content: str | None = None
    sent_at: dt.datetime | None = None
    next_attempt_at: dt.datetime | None = None


async def settle(session: AsyncSession, settlements: Sequence[Settlement]) -> None:
    """Write outcomes (only where the lease is still ours) and mark schedules as sent."""
    if not settlements:
        return
    params = [
        {
            "b_id": s.claimed.session_id,
            "b_attempts": s.claimed.attempts,
            "b_status": s.status,
            "b_reason": s.reason,
            "b_error": s.error,
            "b_content": s.content,
            "b_sent_at": s.sent_at,
            "b_next": s.next_attempt_at or s.claimed.due_at,
        }
        for s in settlements
    ]
    connection = await session.connection()
    await connection.execute(_SETTLE, params)  # Core executemany, not an ORM bulk update
    for kind, (flag, flag_at) in SENT_FLAGS.items():
        done = [s for s in settlements if s.status == "sent" and s.claimed.kind == kind]
        if not done:
            continue
        sent_at = done[0].sent_at
        await session.execute(
            update(US)
            .where(US.id.in_([s.claimed.schedule_id for s in done]))
            .values({flag: True, flag_at: sent_at})
            .execution_options(synchronize_session=False)
        )


async def reset_after_reschedule(session: AsyncSession, *, schedule_id: int) -> int:
    """Forget the reminder and completion of a meeting whose time changed, so the new time
    gets its own (the pipeline calls this when it moves a meeting; the caller commits).
    Returns how many session rows were removed."""
    removed = await session.execute(
        delete(PS)
        .where(PS.reference_id == schedule_id, PS.session_type.in_(RESET_TYPES))
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(US)
        .where(US.id == schedule_id)
        .values(
            preparation_reminder_sent=False,
            preparation_reminder_sent_at=None,
            event_completed_sent=False,
            event_completed_sent_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(removed, "rowcount", 0) or 0)
