"""Morning agendas, sending side: claim due rows under a lease, settle the outcomes.

The same exactly-once rules as proactive sessions (:mod:`.proactive_sessions`): a due
``pending`` row is leased by one conditional ``UPDATE … RETURNING`` (``FOR UPDATE SKIP
LOCKED`` on PostgreSQL, the write lock of ``BEGIN IMMEDIATE`` on SQLite); an outcome is
written only while the lease is still ours (same ``attempts``). A Telegram row whose lease
ran out unsettled (the process died, perhaps after Telegram took the message) is sent once
more, and closed as ``sent`` / ``unknown_outcome`` if that happens again; a web row is
repeat-safe (its stored message carries a unique key) and simply sent again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.proactive.kinds import SessionStatus
from companion_bot.storage.models import MorningAgenda
from companion_bot.storage.proactive_sessions import REPEAT_SAFE_CHANNELS, UNCONFIRMED
from companion_bot.storage.types import UTCDateTime

MA = MorningAgenda


@dataclass(frozen=True, slots=True)
class ClaimedAgenda:
    """A leased ``pending`` agenda and what its send needs."""

    agenda_id: int
    user_id: int
    channel: str
    attempts: int
    due_at: dt.datetime
    local_date: dt.date
    content: str


@dataclass(frozen=True, slots=True)
class AgendaSettlement:
    """The new state of one claimed agenda (``PENDING``: to retry at ``next_attempt_at``)."""

    claimed: ClaimedAgenda
    status: SessionStatus
    reason: str | None = None
    error: str | None = None
    sent_at: dt.datetime | None = None
    next_attempt_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class LostLease:
    """A row whose lease ran out unsettled: ``closed`` as unconfirmed, or freed to send once
    more."""

    agenda_id: int
    user_id: int
    channel: str
    closed: bool


def _due(channels: Iterable[str], now: dt.datetime) -> tuple[Any, ...]:
    return (
        text("morning_agendas.status = 'pending'"),  # literal: the partial index applies
        MA.next_attempt_at <= now,
        MA.channel.in_(list(channels)),
        or_(MA.claimed_until.is_(None), MA.claimed_until < now),
    )


async def any_due(session: AsyncSession, *, channels: Iterable[str], now: dt.datetime) -> bool:
    """Whether :func:`claim` would find anything (a read: no lock taken)."""
    return await session.scalar(select(MA.id).where(*_due(channels, now)).limit(1)) is not None


async def claim(
    session: AsyncSession,
    *,
    channels: Iterable[str],
    now: dt.datetime,
    lease: dt.timedelta,
    limit: int,
) -> list[ClaimedAgenda]:
    """Lease up to ``limit`` due ``pending`` agendas on ``channels``."""
    names = list(channels)
    ids = (
        select(MA.id)
        .where(*_due(names, now))
        .order_by(MA.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite holds the write lock
        .scalar_subquery()
    )
    rows = await session.execute(
        update(MA)
        .where(MA.id.in_(ids))
        .values(claimed_until=now + lease, attempts=MA.attempts + 1)
        .returning(
            MA.id, MA.user_id, MA.channel, MA.attempts, MA.due_at, MA.local_date, MA.message_content
        )
        .execution_options(synchronize_session=False)
    )
    claimed = [
        ClaimedAgenda(
            agenda_id=agenda_id,
            user_id=user_id,
            channel=channel,
            attempts=attempts,
            due_at=due_at,
            local_date=local_date,
            content=content or "",
        )
        for agenda_id, user_id, channel, attempts, due_at, local_date, content in rows
    ]
    return sorted(claimed, key=lambda c: c.agenda_id)


async def recover_lost_leases(
    session: AsyncSession, *, channels: Iterable[str], now: dt.datetime, limit: int
) -> list[LostLease]:
    """Due rows on channels that may show a message twice (not :data:`REPEAT_SAFE_CHANNELS`)
    whose lease ran out unsettled: freed for one more send the first time, closed as
    ``sent`` with ``reason = 'unknown_outcome'`` the second time (at most two copies)."""
    risky = [c for c in channels if c not in REPEAT_SAFE_CHANNELS]
    if not risky:
        return []
    lost = list(
        await session.execute(
            select(MA.id, MA.user_id, MA.channel, MA.lease_lost)
            .where(*_due(risky, now), MA.claimed_until.is_not(None))
            .order_by(MA.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    again = [row.id for row in lost if not row.lease_lost]
    closed = [row.id for row in lost if row.lease_lost]
    if again:
        # claimed_until cleared: only a lease taken from now on counts as lost.
        await session.execute(
            update(MA)
            .where(MA.id.in_(again))
            .values(lease_lost=True, claimed_until=None)
            .execution_options(synchronize_session=False)
        )
    if closed:
        await session.execute(
            update(MA)
            .where(MA.id.in_(closed), MA.status == SessionStatus.PENDING)
            .values(
                status=SessionStatus.SENT,
                reason="unknown_outcome",
                last_error=UNCONFIRMED,
                sent_at=now,
                claimed_until=None,
            )
            .execution_options(synchronize_session=False)
        )
    return [LostLease(r.id, r.user_id, r.channel, closed=r.lease_lost) for r in lost]


_SETTLE = (
    update(MA)
    .where(
        MA.id == bindparam("b_id"),
        MA.attempts == bindparam("b_attempts"),
        MA.status == SessionStatus.PENDING,
    )
    .values(
        status=bindparam("b_status"),
        reason=bindparam("b_reason"),
        last_error=bindparam("b_error"),
        sent_at=bindparam("b_sent_at", type_=UTCDateTime()),
        next_attempt_at=bindparam("b_next", type_=UTCDateTime()),
        claimed_until=None,
    )
)


async def settle(session: AsyncSession, settlements: Sequence[AgendaSettlement]) -> None:
    """Write the outcomes, each only where the row is still ours."""
    if not settlements:
        return
    params = [
        {
            "b_id": s.claimed.agenda_id,
            "b_attempts": s.claimed.attempts,
            "b_status": s.status,
            "b_reason": s.reason,
            "b_error": s.error,
            "b_sent_at": s.sent_at,
            "b_next": s.next_attempt_at or s.claimed.due_at,
        }
        for s in settlements
    ]
    connection = await session.connection()
    await connection.execute(_SETTLE, params)
