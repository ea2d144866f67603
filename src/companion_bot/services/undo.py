"""Undo: the user's last change to a meeting, put back, within ten minutes.

"undo" said in chat (web and Telegram), Telegram's ``/undo``, ``POST /api/schedules/undo``
and the web panel's Undo toast all come here. The last change is the user's latest one not
undone yet (:mod:`.schedule_history`), whoever made it: the bot from a message, or the user
in the panel or in Telegram. When it is older than :data:`UNDO_WINDOW`, or there is none,
nothing is undone. An undo marks its change undone, so the next one goes a step further back.

The change is put back through :mod:`.schedules`, so it is counted like any change (``via``
"undo") and reminders are handled as a change handles them: a meeting created is cancelled;
a move is moved back, and the old time's reminders come back as they were (one already sent
stays sent; one pending is due again); a rename is named back; a cancelled meeting is back on,
and a message the job skipped while it was cancelled goes out if still worth it; a meeting
back on is cancelled again. A change to a whole repeating meeting (created, or ended) is put
back by :mod:`.series`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.config import zone_of
from companion_bot.errors import InputError
from companion_bot.proactive.decisions import is_date_only
from companion_bot.services import schedules as changes
from companion_bot.services import series as series_changes
from companion_bot.services.schedule_history import UNDO, UNDO_WINDOW
from companion_bot.storage import schedule_changes, schedules
from companion_bot.storage.models import ScheduleChange, UserSchedule

log = logging.getLogger(__name__)

NOTHING: Final = "There's nothing I can undo from the last 10 minutes."

#: A whole message that asks to take back the last change: "undo", "undo that please",
#: "oops, revert that", "take it back", "scratch that", "cancel that" (a bare "cancel" or
#: "forget it" is not one: those answer a question).
_REQUEST = re.compile(
    r"(?:(?:oops|whoops|oh no|ugh|no|nope|wait|sorry|ok|okay|hey)[\s,.!]+)*"
    r"(?:(?:please|pls|plz|can you|could you|would you|just)\s+)*"
    r"(?:(?:undo|un-do|revert|roll ?back)(?:\s+(?:that|it|this|the last (?:one|change|thing)"
    r"|my last (?:change|message)|what you (?:just )?did))?"
    r"|take (?:that|it|this) back"
    r"|(?:cancel|scratch|delete|remove) (?:that|it|this|the last one|what i (?:just )?said))"
    r"(?:[\s,]+(?:please|pls|thanks|thank you))?"
)


class NothingToUndoError(InputError):
    """The user has no change that can still be undone."""

    user_message = NOTHING


class UndoRefusedError(InputError):
    """The last change cannot be undone as asked; ``user_message`` says why."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo did: the change it took back (``kind``, as stored), the meeting as it is
    now, and the sentence that says so."""

    kind: str
    schedule: UserSchedule
    text: str


def is_undo_request(text: str) -> bool:
    """Whether the whole of ``text`` asks to undo the last change."""
    s = text.lower().replace("\u2019", "'").strip()
    s = re.sub(r"[\s!.?…]+$", "", re.sub(r"\s+", " ", s))
    return _REQUEST.fullmatch(s) is not None


async def undo_last(
    session: AsyncSession,
    *,
    user_id: int,
    channel: str,
    now: dt.datetime,
    zone: ZoneInfo,
    schedule_id: int | None = None,
) -> Undone:
    """Undo the user's last change if it is at most :data:`UNDO_WINDOW` old (and, with
    ``schedule_id``, only if it changed that meeting); the caller commits.

    Raises :class:`NothingToUndoError`, or :class:`UndoRefusedError` when the change is of
    another meeting or the meeting cannot go back (another like it is there now).
    """
    change = await schedule_changes.last_change(session, user_id=user_id)
    if change is None or change.changed_at < now - UNDO_WINDOW:
        raise NothingToUndoError(f"user {user_id} has no change since {now - UNDO_WINDOW}")
    schedule = await schedules.get_user_schedule(
        session, user_id=user_id, schedule_id=change.schedule_id
    )
    if schedule is None:  # cannot happen: the change goes when its meeting does
        raise NothingToUndoError(f"schedule {change.schedule_id} is gone")
    if schedule_id is not None and schedule_id != change.schedule_id:
        raise UndoRefusedError(
            f'Your last change was to "{schedule.event_name}", so I didn\'t undo anything.'
        )
    name_now = schedule.event_name
    if change.previous_series is not None:  # a change to a whole repeating meeting
        series = await series_changes.put_back(session, change, schedule, channel=channel, now=now)
        change.undone_at = now
        _log_undone(change, schedule, user_id=user_id, channel=channel)
        return Undone(change.kind, schedule, series_changes.undone_text(change.kind, series))
    try:
        await _put_back(session, change, schedule, channel=channel, now=now)
    except changes.ScheduleClashError as exc:
        raise UndoRefusedError(
            f'I can\'t undo that: you already have "{change.previous_name or name_now}" '
            "at that time."
        ) from exc
    change.undone_at = now
    _log_undone(change, schedule, user_id=user_id, channel=channel)
    return Undone(change.kind, schedule, undone_text(change.kind, schedule, zone, name_now))


async def offered_change(
    session: AsyncSession, *, user_id: int, made_at: dt.datetime, schedule_ids: Collection[int]
) -> ScheduleChange | None:
    """The change an undo would take back now, if it is one made at ``made_at`` (or later) to
    one of ``schedule_ids``: what a message just changed, for the page's Undo under its reply.
    Only reads."""
    change = await schedule_changes.last_change(session, user_id=user_id, lock=False)
    if change is None or change.changed_at < made_at or change.schedule_id not in schedule_ids:
        return None
    return change


def _log_undone(
    change: ScheduleChange, schedule: UserSchedule, *, user_id: int, channel: str
) -> None:
    log.info(
        "undid the %s change %s of schedule %s",
        change.kind,
        change.id,
        schedule.id,
        extra={"action": "schedule_change_undone", "user_id": user_id, "channel": channel},
    )


async def answer_undo(
    session: AsyncSession, *, user_id: int, channel: str, now: dt.datetime, timezone: str
) -> str:
    """:func:`undo_last`'s sentence, or why nothing was undone (for chat and Telegram);
    ``timezone``: the user's."""
    zone = zone_of(timezone)
    try:
        undone = await undo_last(session, user_id=user_id, channel=channel, now=now, zone=zone)
    except (NothingToUndoError, UndoRefusedError) as exc:
        return exc.user_message
    return undone.text


async def _put_back(
    session: AsyncSession,
    change: ScheduleChange,
    schedule: UserSchedule,
    *,
    channel: str,
    now: dt.datetime,
) -> None:
    """Put back what ``change`` changed of ``schedule``, recorded as a change by undo."""
    if change.kind == "created":
        await changes.cancel_schedule(
            session, user_id=change.user_id, schedule=schedule, channel=channel, via=UNDO, now=now
        )
        return
    times = None
    if change.previous_start is not None:
        times = (change.previous_start, change.previous_end, bool(change.previous_approximate))
    name = change.previous_name or schedule.event_name
    if await changes.set_fields(session, schedule, user_id=change.user_id, name=name, times=times):
        await schedule_changes.put_back_reminders(
            session, schedule_id=schedule.id, state=change.previous_reminders or {}
        )
    event: changes.Event = "schedule_updated"
    status = change.previous_status
    if status is not None and status != schedule.status:
        back_on = schedule.status == changes.CANCELLED and status == changes.SCHEDULED
        schedule.status = status
        if status == changes.CANCELLED:
            event = "schedule_cancelled"
        if back_on:
            await schedule_changes.revive_skipped(session, schedule_id=schedule.id)
    changes.record_change(session, event, schedule, channel=channel, via=UNDO)


def undone_text(kind: str, schedule: UserSchedule, zone: ZoneInfo, name_before: str) -> str:
    """ "Undone: …" for the change of ``kind`` put back (``name_before``: the meeting's name
    before the undo)."""
    name = schedule.event_name
    if kind == "created":
        return f'Undone: I removed "{name}".'
    if kind == "restored":
        return f'Undone: I cancelled "{name}" again.'
    day, at = _when(schedule, zone)
    if kind == "cancelled":
        return f"Undone: the {name} is back on {day}{f' at {at}' if at else ''}."
    if kind == "moved":
        return f"Undone: the {name} is back {f'at {at} on ' if at else 'on '}{day}."
    return f'Undone: "{name_before}" is called "{name}" again.'


def _when(schedule: UserSchedule, zone: ZoneInfo) -> tuple[str, str | None]:
    """ "Thu Dec 10" and "3:00 PM" (``None`` for a date without a time; "around 3:00 PM"
    for an approximate one), in the user's zone."""
    start = schedule.start_time.astimezone(zone)
    day = f"{start:%a %b} {start.day}"
    if is_date_only(schedule.start_time, zone, approximate=schedule.time_is_approximate):
        return day, None
    clock = f"{start.hour % 12 or 12}:{start.minute:02d} {'AM' if start.hour < 12 else 'PM'}"
    return day, f"around {clock}" if schedule.time_is_approximate else clock
