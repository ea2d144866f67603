"""Schedule changes (``schedule_changes``): the history undo reads, and the reminder state a
move forgets and an undo of it puts back.

Every function takes the caller's session and leaves the commit to it, so a change and its
row are one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.proactive.decisions import Reason
from companion_bot.proactive.kinds import SessionStatus
from companion_bot.storage import db
from companion_bot.storage.models import Message, ProactiveSession, ScheduleChange, UserSchedule
from companion_bot.storage.proactive_sessions import RESET_TYPES

PS = ProactiveSession
US = UserSchedule
SC = ScheduleChange

#: The "sent" marks of a meeting that a move clears (``reset_after_reschedule``).
SENT_MARKS = (
    "preparation_reminder_sent",
    "preparation_reminder_sent_at",
    "event_completed_sent",
    "event_completed_sent_at",
)
#: The columns of a proactive session kept aside when a move forgets it (not its id, nor a
#: lease: a row put back is nobody's).
KEPT_COLUMNS = (
    "user_id",
    "session_type",
    "reference_id",
    "channel",
    "status",
    "reason",
    "message_content",
    "attempts",
    "last_error",
    "due_at",
    "next_attempt_at",
    "created_at",
    "sent_at",
    "acknowledged_at",
    "meta",
)
TIME_COLUMNS = ("due_at", "next_attempt_at", "created_at", "sent_at", "acknowledged_at")


#: :func:`forget_changes` on the driver (PostgreSQL).
_FORGET = "DELETE FROM schedule_changes WHERE user_id = $1 AND changed_at < $2"


async def forget_changes(session: AsyncSession, *, user_id: int, before: dt.datetime) -> None:
    """Remove the user's changes made before ``before`` (too old to undo).

    On PostgreSQL inside a begun transaction (every change is remembered after it was
    written) the ``DELETE`` runs on the driver: through the ORM it cost about 0.7 ms of CPU,
    an eighth of a message that books a meeting. It touches no row the session holds
    (``synchronize_session=False`` either way), so nothing pending has to be flushed
    before it: the session's next flush writes them."""
    if await db.driver_in_transaction(session):
        if before.tzinfo is None or before.utcoffset() is None:  # as UTCDateTime refuses
            raise ValueError(f"naive datetime {before.isoformat()} refused: attach a time zone")
        await db.driver_fetch(session, _FORGET, user_id, before.astimezone(dt.UTC))
        return
    await session.execute(
        delete(SC)
        .where(SC.user_id == user_id, SC.changed_at < before)
        .execution_options(synchronize_session=False)
    )


async def last_change(
    session: AsyncSession, *, user_id: int, lock: bool = True
) -> ScheduleChange | None:
    """The user's latest change not undone yet, locked until the caller's transaction ends
    (PostgreSQL; SQLite's writer holds the database) unless ``lock`` is false (a read)."""
    query = (
        select(SC)
        .where(SC.user_id == user_id, SC.undone_at.is_(None))
        .order_by(SC.changed_at.desc(), SC.id.desc())
        .limit(1)
    )
    found: ScheduleChange | None = await session.scalar(query.with_for_update() if lock else query)
    return found


def _json(value: Any) -> Any:
    return value.astimezone(dt.UTC).isoformat() if isinstance(value, dt.datetime) else value


def _time(value: Any) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


async def reminder_state(session: AsyncSession, *, schedule_id: int) -> dict[str, Any]:
    """The meeting's "sent" marks and the proactive rows a move forgets (each with the
    message that delivered it, if one did), as JSON."""
    marks = (
        await session.execute(
            select(*(getattr(US, m) for m in SENT_MARKS)).where(US.id == schedule_id)
        )
    ).one()
    rows = await session.execute(
        select(*(getattr(PS, c) for c in KEPT_COLUMNS), Message.id)
        .outerjoin(Message, Message.proactive_session_id == PS.id)
        .where(PS.reference_id == schedule_id, PS.session_type.in_(RESET_TYPES))
        .order_by(PS.id)
    )
    return {
        "marks": {m: _json(v) for m, v in zip(SENT_MARKS, marks, strict=True)},
        "sessions": [
            {c: _json(v) for c, v in zip((*KEPT_COLUMNS, "message_id"), row, strict=True)}
            for row in rows
        ],
    }


async def put_back_reminders(
    session: AsyncSession, *, schedule_id: int, state: dict[str, Any]
) -> None:
    """Restore what :func:`reminder_state` kept, once the time they replace is reset: the
    marks, the rows as they were (new ids), and each one's link from its message."""
    marks = state.get("marks", {})
    await session.execute(
        update(US)
        .where(US.id == schedule_id)
        .values(
            {
                m: _time(marks.get(m)) if m.endswith("_at") else bool(marks.get(m))
                for m in SENT_MARKS
            }
        )
        .execution_options(synchronize_session=False)
    )
    for kept in state.get("sessions", []):
        row = ProactiveSession(**{c: kept.get(c) for c in KEPT_COLUMNS})
        for column in TIME_COLUMNS:
            setattr(row, column, _time(kept.get(column)))
        row.reference_id = schedule_id
        session.add(row)
        await session.flush()
        if kept.get("message_id") is not None:
            await session.execute(
                update(Message)
                .where(Message.id == kept["message_id"], Message.proactive_session_id.is_(None))
                .values(proactive_session_id=row.id)
                .execution_options(synchronize_session=False)
            )


async def revive_skipped(session: AsyncSession, *, schedule_id: int) -> int:
    """Make pending again the meeting's messages the job skipped because it was not
    scheduled (it was cancelled when they came due); the job then sends each one that is
    still worth sending. How many."""
    result = await session.execute(
        update(PS)
        .where(
            PS.reference_id == schedule_id,
            PS.status == SessionStatus.SKIPPED,
            PS.reason == Reason.NOT_SCHEDULED,
        )
        .values(status=SessionStatus.PENDING, reason=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
