"""Meetings as users change them: create, move, rename, cancel and restore, written once.

Chat (:mod:`.message_analyzer`), the web panel (``PATCH /api/schedules/{id}``), Telegram's
``/cancel`` and the "not a meeting" answer (:mod:`.feedback`) all change a meeting here, so a
change has the same effects whoever asks for it:

* only the owner changes a meeting: anyone else's reads as absent (:class:`NotFoundError`);
* a change is counted once: the ``companion_schedules_total`` metric when its transaction
  commits (a transaction rolled back and tried again counts once), the analytics event in
  that transaction (``schedule_created``, ``schedule_updated`` for a move, a rename or a
  meeting back on, ``schedule_cancelled``) with the ``channel`` the user acted on and ``via``
  (how), and a log line with that ``action``; a request that changes nothing records nothing;
* a meeting whose time changes forgets its reminder, check-in and snooze, so the new time gets
  its own; a cancelled meeting keeps its proactive sessions, and the job skips those still
  pending (``not_scheduled``) when they come due;
* a meeting mentioned again at the same time is not stored twice (a cancelled one is back on);
* a change is kept to be undone (:mod:`.schedule_history`), stamped with the ``now`` passed
  in, with the fields it changed as they were and, for a move, the reminders it forgot;
  :mod:`.undo` puts them back (an undo is not kept to be undone in turn).

The caller owns the transaction and commits. A change that would give the user two meetings
of one name at one start is undone to a savepoint and raised as :class:`ScheduleClashError`;
the rest of the caller's transaction stays as it was.
"""

from __future__ import annotations

import collections
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from companion_bot.errors import InputError, NotFoundError
from companion_bot.ops import metrics
from companion_bot.services import schedule_history as history
from companion_bot.services.analytics import Analytics
from companion_bot.services.schedule_matching import same_meeting
from companion_bot.storage import schedule_changes, schedules
from companion_bot.storage.models import UserSchedule
from companion_bot.storage.proactive_sessions import reset_after_reschedule

log = logging.getLogger(__name__)

SCHEDULED: Final = "scheduled"
CANCELLED: Final = "cancelled"
NAME_CHARS: Final = 200
SOURCE_TEXT_CHARS: Final = 500

#: How the user asked for a change (the analytics events' ``via``).
Via = Literal["chat", "web_panel", "telegram_command", "button", "typed", "undo", "calendar_import"]
Event = Literal["schedule_created", "schedule_updated", "schedule_cancelled"]
_METRIC: Final[dict[str, str]] = {
    "schedule_created": "created",
    "schedule_updated": "updated",
    "schedule_cancelled": "cancelled",
}


class ScheduleClashError(InputError):
    """The user already has a meeting of this name at this start time."""

    user_message = "You already have that meeting at that time."


class ScheduleEditError(InputError):
    """An edit of a meeting was refused; ``user_message`` says why."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


@dataclass(frozen=True, slots=True)
class NewMeeting:
    """A meeting to store, as the extractor found it (aware times)."""

    event_name: str
    start: dt.datetime
    end: dt.datetime | None = None
    confidence: float = 1.0
    message_id: int | None = None
    source_text: str | None = None
    span: tuple[int, int] | None = None
    time_is_approximate: bool = False
    kind: Literal["meeting", "task"] = "meeting"  # a task: one reminder at its time


@dataclass(frozen=True, slots=True)
class Creation:
    """What :func:`create_schedule` did: ``created`` a row, put a cancelled one ``restored``
    (back on), or found the meeting already stored (``duplicate``: ``rows`` are those)."""

    outcome: Literal["created", "restored", "duplicate"]
    rows: list[UserSchedule] = field(default_factory=list)


def _owned(schedule: UserSchedule, user_id: int) -> None:
    if schedule.user_id != user_id:
        raise NotFoundError(f"schedule {schedule.id} is not user {user_id}'s")


#: ``Session.info`` key of the changes a transaction made, counted when it commits.
_UNCOUNTED: Final = "companion_uncounted_schedule_changes"


@event.listens_for(Session, "after_commit")
def _count_committed(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint released is not yet stored
        metrics.count_schedule_changes(**session.info.pop(_UNCOUNTED, {}))


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_UNCOUNTED, None)


def record_change(
    session: AsyncSession, event: Event, schedule: UserSchedule, *, channel: str, via: Via
) -> None:
    """The metric (at commit), the analytics event and the log line of one change."""
    counts = session.sync_session.info.setdefault(_UNCOUNTED, collections.Counter())
    counts[_METRIC[event]] += 1
    Analytics().record(
        session,
        event,
        user_id=schedule.user_id,
        value=schedule.confidence,
        schedule_id=schedule.id,
        channel=channel,
        via=via,
    )
    log.info(
        "%s: schedule %s of user %s",
        event,
        schedule.id,
        schedule.user_id,
        extra={
            "action": event,
            "schedule_id": schedule.id,
            "user_id": schedule.user_id,
            "channel": channel,
            "via": via,
        },
    )


async def create_schedule(
    session: AsyncSession,
    *,
    user_id: int,
    channel: str,
    meeting: NewMeeting,
    now: dt.datetime,
    via: Via = "chat",
) -> Creation:
    """Store ``meeting`` for ``user_id`` on ``channel`` (where it was mentioned), unless the
    user already has it: the same start and a name sharing a word is the same meeting, and a
    cancelled meeting of the same name at that start is back on instead of stored anew."""
    start = meeting.start.astimezone(dt.UTC)
    name = meeting.event_name.strip()[:NAME_CHARS] or "meeting"
    existing = await schedules.schedules_at(session, user_id=user_id, start_time=start)
    for row in existing:
        if row.status != CANCELLED and same_meeting(row.event_name, name):
            return Creation("duplicate", [row])
    again = next((r for r in existing if r.event_name == name), None)
    if again is not None:
        await restore_schedule(
            session,
            user_id=user_id,
            schedule=again,
            channel=channel,
            via=via,
            now=now,
            message_id=meeting.message_id,
        )
        return Creation("restored", [again])
    span = meeting.span or (None, None)
    row = UserSchedule(
        user_id=user_id,
        message_id=meeting.message_id,
        event_name=name,
        start_time=start,
        end_time=meeting.end.astimezone(dt.UTC) if meeting.end else None,
        channel=channel,
        status=SCHEDULED,
        confidence=float(meeting.confidence),
        source_text=(
            None if meeting.source_text is None else meeting.source_text[:SOURCE_TEXT_CHARS]
        ),
        source_span_start=span[0],
        source_span_end=span[1],
        time_is_approximate=meeting.time_is_approximate,
        kind=meeting.kind,
        series=None,  # a one-off: nothing to load later, when the session may be gone
    )
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:  # stored concurrently since the look above
        rows = await schedules.schedules_at(session, user_id=user_id, start_time=start)
        return Creation("duplicate", [r for r in rows if r.event_name == name])
    record_change(session, "schedule_created", row, channel=channel, via=via)
    await history.remember(session, row, None, via=via, now=now)
    return Creation("created", [row])


async def cancel_schedule(
    session: AsyncSession,
    *,
    user_id: int,
    schedule: UserSchedule,
    channel: str,
    via: Via,
    now: dt.datetime,
) -> bool:
    """Cancel the user's meeting; ``False`` (and nothing recorded) when it already was.

    Any meeting of the user's that is not cancelled may be cancelled (also one marked done:
    "not a meeting" after the check-in). No more reminders go out for it.
    """
    return await _set_status(
        session, schedule, user_id, CANCELLED, channel=channel, via=via, now=now
    )


async def restore_schedule(
    session: AsyncSession,
    *,
    user_id: int,
    schedule: UserSchedule,
    channel: str,
    via: Via,
    now: dt.datetime,
    message_id: int | None = None,
) -> bool:
    """Put the user's meeting back on (``scheduled``); ``False`` when it already was.
    ``message_id`` is the message that mentioned it again, if one did."""
    if message_id is not None:
        _owned(schedule, user_id)
        schedule.message_id = message_id
    return await _set_status(
        session, schedule, user_id, SCHEDULED, channel=channel, via=via, now=now
    )


async def _set_status(
    session: AsyncSession,
    schedule: UserSchedule,
    user_id: int,
    status: str,
    *,
    channel: str,
    via: Via,
    now: dt.datetime,
) -> bool:
    """The user's meeting set to ``status``, recorded once; ``False`` when it already was."""
    _owned(schedule, user_id)
    if schedule.status == status:
        return False
    before = history.Fields.of(schedule)
    schedule.status = status
    if status == CANCELLED:
        record_change(session, "schedule_cancelled", schedule, channel=channel, via=via)
    else:
        record_change(session, "schedule_updated", schedule, channel=channel, via=via)
    await history.remember(session, schedule, before, via=via, now=now)
    return True


async def move_schedule(
    session: AsyncSession,
    *,
    user_id: int,
    schedule: UserSchedule,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    exact_time: bool,
    channel: str,
    via: Via,
    now: dt.datetime,
) -> bool:
    """Move the user's meeting; ``False`` when it already was at that time.

    ``start`` ``None`` keeps the start; ``end`` ``None`` keeps the meeting's length.
    ``exact_time``: the new time was given exactly (a time picked in the panel), so the
    meeting is no longer "around" a time; else its approximation stays as it was.
    """
    return (
        await edit_schedule(
            session,
            user_id=user_id,
            schedule=schedule,
            start=start,
            end=end,
            exact_time=exact_time,
            channel=channel,
            via=via,
            now=now,
        )
        is not None
    )


async def edit_schedule(
    session: AsyncSession,
    *,
    user_id: int,
    schedule: UserSchedule,
    event_name: str | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    drop_end: bool = False,
    exact_time: bool = True,
    status: Literal["scheduled", "cancelled"] | None = None,
    channel: str,
    via: Via,
    now: dt.datetime,
) -> Event | None:
    """Rename, move (see :func:`move_schedule`) and/or cancel or restore the user's meeting
    as one change: the event it recorded (a cancellation wins), ``None`` when nothing changed.
    ``drop_end`` leaves the meeting without an end (instead of a new ``end``).

    Raises :class:`ScheduleEditError` for an empty name or an end before the start (nothing
    is changed), :class:`ScheduleClashError` when the user has that meeting already.
    """
    _owned(schedule, user_id)
    before = history.Fields.of(schedule)
    name = schedule.event_name
    if event_name is not None:
        name = event_name.strip()[:NAME_CHARS]
        if not name:
            raise ScheduleEditError("The name cannot be empty.")
    new_start, new_end = _new_times(schedule, start, end, drop_end=drop_end)
    retimed = (new_start, new_end) != (schedule.start_time, schedule.end_time)
    updated = retimed or name != schedule.event_name
    approximate = schedule.time_is_approximate and not (retimed and exact_time)
    forgotten = await set_fields(
        session, schedule, user_id=user_id, name=name, times=(new_start, new_end, approximate)
    )
    event: Event = "schedule_updated"
    if status is not None and schedule.status != status:
        schedule.status = status
        updated = True
        if status == CANCELLED:
            event = "schedule_cancelled"
    if not updated:
        return None
    record_change(session, event, schedule, channel=channel, via=via)
    await history.remember(session, schedule, before, via=via, now=now, forgotten=forgotten)
    return event


async def set_fields(
    session: AsyncSession,
    schedule: UserSchedule,
    *,
    user_id: int,
    name: str,
    times: tuple[dt.datetime, dt.datetime | None, bool] | None = None,
) -> dict[str, Any] | None:
    """Rename and/or move ``schedule``, which the caller made sure is the user's (``times``:
    start, end, approximate); a clash raises :class:`ScheduleClashError` with nothing
    changed. Nothing is recorded (the caller records the change). A new time forgets the old
    time's reminder, check-in and snooze, so it gets its own: returns what was forgotten (as
    :func:`.schedule_changes.reminder_state` keeps it), ``None`` when the time stayed."""
    start, end, approximate = times or (
        schedule.start_time,
        schedule.end_time,
        schedule.time_is_approximate,
    )
    retimed = (start, end) != (schedule.start_time, schedule.end_time)
    if not retimed and name == schedule.event_name:
        schedule.time_is_approximate = approximate
        return None
    try:
        async with session.begin_nested():
            schedule.event_name = name
            schedule.start_time, schedule.end_time = start, end
            schedule.time_is_approximate = approximate
    except IntegrityError as exc:
        raise ScheduleClashError(f"user {user_id} has {name!r} at {start} already") from exc
    if not retimed:
        return None
    forgotten = await schedule_changes.reminder_state(session, schedule_id=schedule.id)
    await reset_after_reschedule(session, schedule_id=schedule.id)
    return forgotten


def _new_times(
    schedule: UserSchedule,
    start: dt.datetime | None,
    end: dt.datetime | None,
    *,
    drop_end: bool = False,
) -> tuple[dt.datetime, dt.datetime | None]:
    """The start and end after a move: a new start without an end keeps the length, and
    ``drop_end`` leaves none."""
    for value in (start, end):
        if value is not None and value.tzinfo is None:
            raise ValueError("a meeting's new time must be timezone-aware")
    if drop_end and end is not None:
        raise ValueError("a new end and no end at once")
    new_start, new_end = schedule.start_time, None if drop_end else schedule.end_time
    if start is not None:
        new_start = start.astimezone(dt.UTC)
        if new_end is not None and end is None:
            new_end = new_end + (new_start - schedule.start_time)
    if end is not None:
        new_end = end.astimezone(dt.UTC)
    if new_end is not None and new_end < new_start:
        raise ScheduleEditError("end_time is before start_time.")
    return new_start, new_end
