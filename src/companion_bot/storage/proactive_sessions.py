"""Proactive sessions: one row per reminder, check-in or follow-up, and the database side
of exactly-once after planning (:mod:`.proactive_plans`): claim, settle.

* ``claim``: due ``pending`` rows are leased with a conditional ``UPDATE … RETURNING``
  (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; on SQLite the write lock of
  ``BEGIN IMMEDIATE``): ``claimed_until`` is the lease, ``attempts`` counts claims. A worker
  that dies leaves rows another run takes after the lease, once: a row whose lease runs out
  unsettled a second time is closed without another send (:func:`_recover_lost_leases`).
* ``settle``: outcomes are written only where the row is still ours (same ``attempts``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ARRAY,
    JSON,
    Integer,
    Table,
    any_,
    bindparam,
    delete,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.config import zone_of
from companion_bot.ops import metrics
from companion_bot.proactive.decisions import ScheduleFacts, is_date_only
from companion_bot.proactive.kinds import SessionStatus, SessionType
from companion_bot.storage.models import ProactiveSession, User, UserSchedule
from companion_bot.storage.types import UTCDateTime

CAPPED_TYPES = (
    SessionType.PREPARATION_REMINDER,
    SessionType.COMPLETION,
    SessionType.TASK_REMINDER,
)
#: Types forgotten when a meeting (or task) moves (a snooze belongs to the old time's reminder).
RESET_TYPES = (*CAPPED_TYPES, SessionType.SNOOZE)
LOOKBACK = dt.timedelta(hours=24)

PS = ProactiveSession
US = UserSchedule

log = logging.getLogger(__name__)

#: Channels where a repeated send shows once: the web's send stores the message under its
#: unique ``proactive_session_id``, and a repeat finds that copy.
REPEAT_SAFE_CHANNELS = frozenset({"web"})
#: ``meta`` key of a row taken over from a process that died holding its lease.
LEASE_LOST = "lease_lost"
UNCONFIRMED = "the process died twice before recording the outcome; it may have arrived twice"


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


def among(column: Any, values: list[int], dialect: str) -> Any:
    """``column IN values``; on PostgreSQL one array parameter (``= ANY``), not thousands."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(Integer)))
    return column.in_(values)


def _due(*, kind: str, channels: Iterable[str], now: dt.datetime) -> tuple[Any, ...]:
    """Due, unleased ``pending`` rows of ``kind`` on ``channels``."""
    return (
        text("proactive_sessions.status = 'pending'"),  # literal: the partial index applies
        PS.next_attempt_at <= now,
        PS.session_type == kind,
        PS.channel.in_(list(channels)),
        or_(PS.claimed_until.is_(None), PS.claimed_until < now),
    )


def _due_ids(*, kind: str, channels: Iterable[str], now: dt.datetime, limit: int) -> Any:
    """The ids of up to ``limit`` due, unleased ``pending`` rows, locked (PostgreSQL)."""
    return (
        select(PS.id)
        .where(*_due(kind=kind, channels=channels, now=now))
        .order_by(PS.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite holds the write lock
        .scalar_subquery()
    )


async def any_due(
    session: AsyncSession, *, kind: str, channels: Iterable[str], now: dt.datetime
) -> bool:
    """Whether :func:`claim` would find anything (a read: no lock taken)."""
    found = await session.scalar(
        select(PS.id).where(*_due(kind=kind, channels=channels, now=now)).limit(1)
    )
    return found is not None


#: A meeting as the engine decides on it, in the order :func:`schedule_facts` reads it.
FACT_COLUMNS = (US.start_time, US.end_time, US.time_is_approximate, US.status, User.timezone)


def schedule_facts(
    start: dt.datetime, end: dt.datetime | None, approximate: Any, status: str, zone: str | None
) -> tuple[ScheduleFacts, ZoneInfo]:
    """The :data:`FACT_COLUMNS` of one row as the pure decisions' facts, and the user's zone."""
    tz = zone_of(zone)
    all_day = is_date_only(start, tz, approximate=bool(approximate))
    return ScheduleFacts(start=start, end=end, all_day=all_day, status=status), tz


#: What a claim needs to know, in the order :func:`_claimed` reads it.
PROACTIVE_SESSIONS: Table = ProactiveSession.__table__  # type: ignore[assignment]

_CLAIMED_COLUMNS = (
    PS.id,
    PS.session_type,
    PS.user_id,
    PS.channel,
    PS.attempts,
    PS.due_at,
    US.id,
    US.event_name,
    *FACT_COLUMNS,
)


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
    await _recover_lost_leases(session, kind=kind, channels=channels, now=now, limit=limit)
    # A Core UPDATE of the table (not of the mapped class): no ORM bulk bookkeeping for the
    # thousand rows a batch returns.
    lease_rows = (
        update(PROACTIVE_SESSIONS)
        .where(PS.id.in_(_due_ids(kind=kind, channels=channels, now=now, limit=limit)))
        .values(claimed_until=now + lease, attempts=PS.attempts + 1)
    )
    if session.bind.dialect.name == "postgresql":
        # One statement: UPDATE … FROM user_schedules, users … RETURNING what a send needs.
        joined = lease_rows.where(US.id == PS.reference_id, User.id == PS.user_id)
        rows = list(await session.execute(joined.returning(*_CLAIMED_COLUMNS)))
    else:
        # SQLite's RETURNING sees only the updated table: read the rest by id.
        leased = await session.execute(lease_rows.returning(PS.id))
        ids = [row[0] for row in leased]
        if not ids:
            return []
        rows = list(
            await session.execute(
                select(*_CLAIMED_COLUMNS)
                .join(US, US.id == PS.reference_id)
                .join(User, User.id == PS.user_id)
                .where(PS.id.in_(ids))
            )
        )
    return sorted((_claimed(tuple(row)) for row in rows), key=lambda c: c.session_id)


async def _recover_lost_leases(
    session: AsyncSession,
    *,
    kind: str,
    channels: Iterable[str],
    now: dt.datetime,
    limit: int,
) -> None:
    """Due rows whose lease ran out unsettled: the process holding it died, perhaps after the
    channel took the message (Telegram accepted ``sendMessage``, our commit never came).

    The first time, the row is freed for one more send and remembered in ``meta``; the
    second time it is closed as ``sent`` with ``reason = 'unknown_outcome'`` and not sent
    again, so a message reaches the user at most twice even if every attempt dies right
    after sending. (Counting claims instead would not do: a retry after a refused send
    claims again without having sent.) :data:`REPEAT_SAFE_CHANNELS` are claimed as usual."""
    risky = [c for c in channels if c not in REPEAT_SAFE_CHANNELS]
    if not risky:
        return
    lost = list(
        await session.execute(
            select(PS.id, PS.meta, PS.channel, PS.reference_id, PS.user_id)
            .where(*_due(kind=kind, channels=risky, now=now), PS.claimed_until.is_not(None))
            .order_by(PS.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)  # PostgreSQL; SQLite holds the write lock
        )
    )
    if not lost:
        return
    again = [row for row in lost if not (row.meta or {}).get(LEASE_LOST)]
    closed = [row for row in lost if (row.meta or {}).get(LEASE_LOST)]
    connection = await session.connection()
    if again:
        # claimed_until is cleared so that only a lease taken from now on counts as lost.
        free = (
            update(PS)
            .where(PS.id == bindparam("b_id"))
            .values({PS.meta: bindparam("b_meta", type_=JSON()), PS.claimed_until: None})
        )
        params = [{"b_id": r.id, "b_meta": {**(r.meta or {}), LEASE_LOST: 1}} for r in again]
        await connection.execute(free, params)
    if closed:
        await session.execute(
            update(PS)
            .where(PS.id.in_([r.id for r in closed]), PS.status == SessionStatus.PENDING)
            .values(
                status=SessionStatus.SENT,
                reason="unknown_outcome",
                last_error=UNCONFIRMED,
                sent_at=now,
                claimed_until=None,
            )
            .execution_options(synchronize_session=False)
        )
        if kind in SENT_FLAGS:
            flag, flag_at = SENT_FLAGS[SessionType(kind)]
            await session.execute(
                update(US)
                .where(US.id.in_([r.reference_id for r in closed]))
                .values({flag: True, flag_at: now})
                .execution_options(synchronize_session=False)
            )
    closed_ids = {r.id for r in closed}
    for row in lost:
        unconfirmed = row.id in closed_ids
        if unconfirmed:  # counted as the engine counts an unconfirmed send
            metrics.PROACTIVE_MESSAGES.labels(
                type=kind, channel=row.channel, outcome="unknown"
            ).inc()
            metrics.SEND_FAILURES.labels(channel=row.channel, kind="unknown").inc()
        log.warning(
            "lease ran out unsettled: %s",
            "closed unconfirmed, not sent again" if unconfirmed else "sending once more",
            extra={
                "action": f"{kind}_{'unknown' if unconfirmed else 'lease_lost'}",
                "proactive_session_id": row.id,
                "schedule_id": row.reference_id,
                "user_id": row.user_id,
                "channel": row.channel,
            },
        )


def _claimed(row: tuple[Any, ...]) -> Claimed:
    session_id, kind, user_id, channel, attempts, due_at, schedule_id, event_name = row[:8]
    facts, tz = schedule_facts(*row[8:])
    return Claimed(
        session_id=session_id,
        kind=kind,
        user_id=user_id,
        channel=channel,
        attempts=attempts,
        due_at=due_at,
        schedule_id=schedule_id,
        event_name=event_name,
        facts=facts,
        tz=tz,
    )


_SETTLE = (
    update(PS)
    .where(
        PS.id == bindparam("b_id"),
        PS.attempts == bindparam("b_attempts"),
        PS.status == SessionStatus.PENDING,
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
    SessionType.PREPARATION_REMINDER: ("preparation_reminder_sent", "preparation_reminder_sent_at"),
    SessionType.COMPLETION: ("event_completed_sent", "event_completed_sent_at"),
    # A task has one reminder, the one at its time: the same flag says it went out.
    SessionType.TASK_REMINDER: ("preparation_reminder_sent", "preparation_reminder_sent_at"),
}


@dataclass(frozen=True, slots=True)
class Settlement:
    """The new state of one claimed row."""

    claimed: Claimed
    status: SessionStatus  # PENDING: to retry
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
        done = [s for s in settlements if s.status == SessionStatus.SENT and s.claimed.kind == kind]
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


async def get_proactive_session(
    session: AsyncSession, *, session_id: int
) -> ProactiveSession | None:
    found: ProactiveSession | None = await session.get(ProactiveSession, session_id)
    return found


async def owned_proactive_session(
    session: AsyncSession, *, user_id: int, proactive_session_id: int
) -> ProactiveSession | None:
    """The proactive session ``proactive_session_id`` if it belongs to ``user_id``."""
    found: ProactiveSession | None = await session.scalar(
        select(ProactiveSession).where(
            ProactiveSession.id == proactive_session_id, ProactiveSession.user_id == user_id
        )
    )
    return found


async def session_of_type(
    session: AsyncSession, *, schedule_id: int, session_type: str
) -> ProactiveSession | None:
    """The schedule's session of ``session_type`` (there is at most one)."""
    found: ProactiveSession | None = await session.scalar(
        select(ProactiveSession).where(
            ProactiveSession.reference_id == schedule_id,
            ProactiveSession.session_type == session_type,
        )
    )
    return found


async def sessions_for(
    session: AsyncSession, *, schedule_ids: list[int]
) -> dict[int, list[ProactiveSession]]:
    """Proactive sessions per schedule id, in the order they were created."""
    if not schedule_ids:
        return {}
    rows = await session.scalars(
        select(ProactiveSession)
        .where(ProactiveSession.reference_id.in_(schedule_ids))
        .order_by(ProactiveSession.id)
    )
    grouped: dict[int, list[ProactiveSession]] = {i: [] for i in schedule_ids}
    for row in rows:
        grouped[row.reference_id].append(row)
    return grouped
