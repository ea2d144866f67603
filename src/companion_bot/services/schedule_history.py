"""The change history undo reads: each change to a meeting (``schedule_changes``), kept with
the fields it changed as they were, for :data:`UNDO_WINDOW`.

:mod:`.schedules` calls :func:`remember` with every change it makes, in the change's
transaction; :mod:`.undo` reads the history back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage import schedule_changes
from companion_bot.storage.models import ScheduleChange, UserSchedule

#: How long a change can be undone.
UNDO_WINDOW: Final = dt.timedelta(minutes=10)
#: The ``via`` of a change that is an undo: it is not kept to be undone in turn.
UNDO: Final = "undo"


@dataclass(frozen=True, slots=True)
class Fields:
    """What a change may change of a meeting, as it was before."""

    name: str
    start: dt.datetime
    end: dt.datetime | None
    approximate: bool
    status: str

    @classmethod
    def of(cls, s: UserSchedule) -> Fields:
        return cls(s.event_name, s.start_time, s.end_time, s.time_is_approximate, s.status)


async def remember(
    session: AsyncSession,
    schedule: UserSchedule,
    before: Fields | None,
    *,
    via: str,
    now: dt.datetime,
    forgotten: dict[str, Any] | None = None,
) -> None:
    """Keep the change just made to ``schedule`` (``before``: its fields before, ``None`` for
    a meeting created; ``forgotten``: the reminder state a move forgot), unless it is an
    undo; the user's changes too old to undo are dropped."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if via == UNDO:
        return
    await schedule_changes.forget_changes(
        session, user_id=schedule.user_id, before=now - UNDO_WINDOW
    )
    change = ScheduleChange(
        user_id=schedule.user_id, schedule_id=schedule.id, kind="created", changed_at=now
    )
    if before is not None:
        after = Fields.of(schedule)
        if after.name != before.name:
            change.kind, change.previous_name = "edited", before.name
        if (after.start, after.end) != (before.start, before.end):
            change.kind = "moved"
            change.previous_start, change.previous_end = before.start, before.end
            change.previous_approximate = before.approximate
            change.previous_reminders = forgotten
        if after.status != before.status:
            change.kind = "cancelled" if after.status == "cancelled" else "restored"
            change.previous_status = before.status
    session.add(change)


async def remember_series(
    session: AsyncSession,
    schedule: UserSchedule,
    kind: str,
    previous: dict[str, Any],
    *,
    via: str,
    now: dt.datetime,
) -> None:
    """Keep a change to a whole series (``kind`` "created" or "cancelled"), made through
    ``schedule``, one of its occurrences; ``previous``: what an undo of it needs
    (:mod:`.series`)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if via == UNDO:
        return
    await schedule_changes.forget_changes(
        session, user_id=schedule.user_id, before=now - UNDO_WINDOW
    )
    session.add(
        ScheduleChange(
            user_id=schedule.user_id,
            schedule_id=schedule.id,
            kind=kind,
            changed_at=now,
            previous_series=previous,
        )
    )
