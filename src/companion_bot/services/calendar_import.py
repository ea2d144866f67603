"""Meetings from a calendar file (``.ics``, RFC 5545): its upcoming events become meetings
on the web channel, created as a meeting mentioned in the chat is
(:func:`.schedules.create_schedule`; a repeating one as a repeating meeting is,
:func:`.series.create_series`), so reminders, undo and the metrics treat them alike.

Each ``VEVENT`` of the file is read in turn (:func:`read_calendar`, no I/O) and counted once:

* ``invalid``: no start, a start that cannot be read, a ``TZID`` this server does not know, or
  a start after 9999-12-30;
* ``recurring_skipped``: a repeating event this bot cannot keep: one with ``RDATE`` or more
  than one ``RRULE``, an all-day one, one repeating within a day (hourly) or by parts not
  read here (``BYHOUR``, ``BYWEEKNO``, …), or one changed occurrence of one
  (``RECURRENCE-ID``);
* ``cancelled``: ``STATUS:CANCELLED``;
* ``past``: a start that is not after ``now`` (an all-day event: a day before today in the
  user's zone);
* ``duplicates``: the user has the meeting already (the same start and a name sharing a word,
  as in the chat), or imported an event of the same ``UID`` before, or the file holds it
  twice;
* ``added``: stored (a cancelled meeting of the same name and start is back on); ``recurring``
  of them repeat: one event with an ``RRULE`` is one repeating meeting, on the clock of its
  ``TZID`` (so 9:30 stays 9:30 across DST), its ``EXDATE`` left out, and only its
  occurrences after now reminded.

Times in UTC or with a ``TZID`` (an IANA name, or a ``VTIMEZONE`` the file defines) keep
their instant; floating times (no zone) are read in the user's zone. An all-day event becomes
a meeting on its first day without a time, as "dentist on Friday" does in the chat.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Final, Literal
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.errors import InputError
from companion_bot.extraction.times import local
from companion_bot.proactive.recurrence import Recurrence, RuleError, join_parts, rule_parts
from companion_bot.services.schedules import NewMeeting, create_schedule
from companion_bot.services.series import NewSeries, create_series
from companion_bot.storage import calendar_feeds

log = logging.getLogger(__name__)

#: The largest calendar file accepted (413 past it).
MAX_FILE_BYTES: Final = 1024 * 1024
#: The most upcoming events one file may add at once: each is a meeting created as in the
#: chat (about 5 ms on SQLite, whose write lock the import holds throughout).
MAX_UPCOMING: Final = 500
#: Imported meetings live on this channel: the web page is where the file was sent.
CHANNEL: Final = "web"
#: The latest start a meeting may have (the API's own limit).
LATEST: Final = dt.datetime(9999, 12, 30, 23, 59, 59, tzinfo=dt.UTC)
#: ``calendar_imports.uid`` holds this many characters; a longer UID is kept as its hash.
UID_CHARS: Final = 255
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")

Skip = Literal["invalid", "recurring_skipped", "cancelled", "past"]


class CalendarFileError(InputError):
    """The upload is not a calendar file this import can read."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


@dataclass(frozen=True, slots=True)
class UpcomingEvent:
    """One upcoming event of the file, as a meeting to store."""

    uid: str | None
    name: str
    start: dt.datetime
    end: dt.datetime | None
    all_day: bool


@dataclass(frozen=True, slots=True)
class UpcomingSeries:
    """One repeating event of the file with an occurrence after now, as a series to store."""

    uid: str | None
    name: str
    recurrence: Recurrence
    duration: dt.timedelta | None


@dataclass
class Reading:
    """What :func:`read_calendar` found: the upcoming events and how many were skipped, why."""

    upcoming: list[UpcomingEvent | UpcomingSeries] = field(default_factory=list)
    skipped: Counter[Skip] = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """How many events of a file were added, and how many were skipped and why."""

    added: int = 0
    recurring: int = 0  # of those added, repeating meetings
    duplicates: int = 0
    past: int = 0
    recurring_skipped: int = 0
    cancelled: int = 0
    invalid: int = 0


def read_calendar(data: bytes, *, zone: ZoneInfo, now: dt.datetime) -> Reading:
    """The events of an iCalendar file, sorted into upcoming and skipped ones.

    Raises :class:`CalendarFileError` when ``data`` is not iCalendar text at all.
    """
    reading = Reading()
    for calendar in _calendars(data):
        for component in calendar.walk("VEVENT"):
            assert isinstance(component, Event)
            outcome = _read_event(component, zone=zone, now=now)
            if isinstance(outcome, UpcomingEvent | UpcomingSeries):
                reading.upcoming.append(outcome)
            else:
                reading.skipped[outcome] += 1
    return reading


def _calendars(data: bytes) -> list[Calendar]:
    try:
        found = Calendar.from_ical(data, multiple=True)
    except ValueError as exc:
        raise CalendarFileError(
            "That file is not a calendar file: export an .ics file from your calendar app "
            "and try again."
        ) from exc
    calendars = [c for c in found if isinstance(c, Calendar) and c.name == "VCALENDAR"]
    if not calendars:
        raise CalendarFileError(
            "That file holds no calendar (no BEGIN:VCALENDAR): export an .ics file from "
            "your calendar app and try again."
        )
    return calendars


def _read_event(
    event: Event, *, zone: ZoneInfo, now: dt.datetime
) -> UpcomingEvent | UpcomingSeries | Skip:
    if "DTSTART" not in event:
        return "invalid"
    if any(key in event for key in ("RDATE", "RECURRENCE-ID")):
        return "recurring_skipped"
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return "cancelled"
    if "RRULE" in event:
        return _read_series(event, zone=zone, now=now)
    try:
        times = _times(event, zone=zone)
    except (ValueError, OverflowError):
        return "invalid"
    if times is None:
        return "invalid"
    start, end, all_day = times
    if start > LATEST:
        return "invalid"
    if all_day and start.astimezone(zone).date() < now.astimezone(zone).date():
        return "past"
    if not all_day and start <= now:
        return "past"
    return UpcomingEvent(uid=_uid(event), name=_name(event), start=start, end=end, all_day=all_day)


def _times(event: Event, *, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime | None, bool] | None:
    """Start, end and whether it is all day, in UTC; ``None`` for a zone this server does not
    know (icalendar reads the time as floating then)."""
    start, end = event.start, event.end
    if not isinstance(start, dt.datetime):  # a DATE: all day, from midnight in the user's zone
        return local(start, 0, 0, zone).astimezone(dt.UTC), None, True
    if start.tzinfo is None and "TZID" in event["DTSTART"].params:
        return None
    start_utc = _utc(start, zone)
    end_utc = _utc(end, zone) if isinstance(end, dt.datetime) else None
    if end_utc is not None and not start_utc < end_utc <= LATEST:
        end_utc = None
    return start_utc, end_utc, False


def _utc(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """An aware time in UTC; a floating one read in ``zone``."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(dt.UTC)


def _read_series(event: Event, *, zone: ZoneInfo, now: dt.datetime) -> UpcomingSeries | Skip:
    """A repeating event as a series on the wall clock of its own zone (the user's for a
    floating time or a zone known by its definition only)."""
    try:
        start = event.start
        if not isinstance(start, dt.datetime) or isinstance(event["RRULE"], list):
            return "recurring_skipped"  # all day, or several rules
        if start.tzinfo is None and "TZID" in event["DTSTART"].params:
            return "invalid"
        own = _own_zone(start, zone)
        first = start.astimezone(own) if start.tzinfo else start.replace(tzinfo=own)
        said = event["RRULE"].to_ical()
        parts = rule_parts(said.decode() if isinstance(said, bytes) else str(said))
        if "UNTIL" in parts:
            parts["UNTIL"] = _floating_until(parts["UNTIL"], own)
        recurrence = Recurrence(
            join_parts(parts), first.replace(tzinfo=None), own, _exdates(event, own)
        )
        end = event.end if "DTEND" in event or "DURATION" in event else None
    except (RuleError, ValueError, OverflowError, KeyError, TypeError):
        return "recurring_skipped"
    if recurrence.after(now) is None:
        return "past"
    duration = end - start if isinstance(end, dt.datetime) and end > start else None
    return UpcomingSeries(
        uid=_uid(event), name=_name(event), recurrence=recurrence, duration=duration
    )


def _own_zone(start: dt.datetime, zone: ZoneInfo) -> ZoneInfo:
    """The IANA zone of an event's start: its ``TZID``, UTC, or else the user's ``zone``."""
    tz = start.tzinfo
    if isinstance(tz, ZoneInfo):
        return tz
    if tz is not None and start.utcoffset() == dt.timedelta(0) and tz.tzname(start) == "UTC":
        return ZoneInfo("UTC")
    return zone


def _floating_until(said: str, zone: ZoneInfo) -> str:
    """An ``UNTIL`` as a floating wall time in ``zone`` (a date: that day's end)."""
    if len(said) == 8:
        return f"{said}T235959"
    if said.endswith("Z"):
        instant = dt.datetime.strptime(said, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        return f"{instant.astimezone(zone):%Y%m%dT%H%M%S}"
    return said


def _exdates(event: Event, zone: ZoneInfo) -> tuple[dt.datetime, ...]:
    """The starts an event leaves out, as wall times in ``zone``."""
    said = event.get("EXDATE")
    lists = said if isinstance(said, list) else [said] if said is not None else []
    found = []
    for one in lists:
        for item in one.dts:
            value = item.dt
            if isinstance(value, dt.datetime):
                found.append(value.astimezone(zone) if value.tzinfo else value)
    return tuple(sorted(v.replace(tzinfo=None) for v in found))


def _name(event: Event) -> str:
    """The event's ``SUMMARY`` on one line (empty without one)."""
    return " ".join(_CONTROL.sub(" ", str(event.get("SUMMARY", ""))).split())


def _uid(event: Event) -> str | None:
    uid = str(event.get("UID", "")).strip().replace("\x00", "")
    if not uid:
        return None
    if len(uid) <= UID_CHARS:
        return uid
    return "sha256:" + hashlib.sha256(uid.encode("utf-8", "replace")).hexdigest()


async def import_calendar(
    session: AsyncSession, *, user_id: int, zone: ZoneInfo, data: bytes, now: dt.datetime
) -> ImportSummary:
    """Add the upcoming events of the calendar file ``data`` as the user's meetings (a
    repeating event as one repeating meeting), in the caller's transaction (the caller
    commits), and count what was skipped.

    Raises :class:`CalendarFileError` for a file that is not iCalendar, or that holds more
    than :data:`MAX_UPCOMING` upcoming events (nothing is added then).
    """
    reading = read_calendar(data, zone=zone, now=now)
    if len(reading.upcoming) > MAX_UPCOMING:
        raise CalendarFileError(
            f"That file has {len(reading.upcoming):,} upcoming events; at most "
            f"{MAX_UPCOMING:,} can be imported at once. Export a shorter time span and try "
            "again."
        )
    seen = await calendar_feeds.imported_uids(
        session, user_id=user_id, uids=[e.uid for e in reading.upcoming if e.uid]
    )
    added = recurring = duplicates = late = 0
    for upcoming in reading.upcoming:
        if upcoming.uid is not None and upcoming.uid in seen:
            duplicates += 1
            continue
        outcome, schedule_id = await _store(session, upcoming, user_id=user_id, now=now)
        added += outcome == "added"
        recurring += outcome == "added" and isinstance(upcoming, UpcomingSeries)
        duplicates += outcome == "duplicate"
        late += outcome == "past"
        if upcoming.uid is not None and schedule_id is not None:
            seen.add(upcoming.uid)
            await calendar_feeds.record_import(
                session, user_id=user_id, uid=upcoming.uid, schedule_id=schedule_id, now=now
            )
    summary = ImportSummary(
        added=added,
        recurring=recurring,
        duplicates=duplicates,
        past=reading.skipped["past"] + late,
        recurring_skipped=reading.skipped["recurring_skipped"],
        cancelled=reading.skipped["cancelled"],
        invalid=reading.skipped["invalid"],
    )
    log.info(
        "calendar file imported for user %s: %s added",
        user_id,
        added,
        extra={"action": "calendar_imported", "user_id": user_id, "added": added},
    )
    return summary


async def _store(
    session: AsyncSession,
    upcoming: UpcomingEvent | UpcomingSeries,
    *,
    user_id: int,
    now: dt.datetime,
) -> tuple[Literal["added", "duplicate", "past"], int | None]:
    """Store one event as a meeting (or a repeating one); the outcome, and the meeting its
    ``UID`` is recorded under (a series: its first coming occurrence)."""
    if isinstance(upcoming, UpcomingSeries):
        made = await create_series(
            session,
            user_id=user_id,
            channel=CHANNEL,
            new=NewSeries(
                event_name=upcoming.name,
                recurrence=upcoming.recurrence,
                duration=upcoming.duration,
            ),
            now=now,
            via="calendar_import",
        )
        first = made.occurrences[0].id if made.occurrences else None
        if made.outcome == "over":
            return "past", None
        return ("added" if made.outcome == "created" else "duplicate"), first
    creation = await create_schedule(
        session,
        user_id=user_id,
        channel=CHANNEL,
        meeting=NewMeeting(
            event_name=upcoming.name,
            start=upcoming.start,
            end=upcoming.end,
            time_is_approximate=upcoming.all_day,
        ),
        now=now,
        via="calendar_import",
    )
    first = creation.rows[0].id if creation.rows else None
    return ("duplicate" if creation.outcome == "duplicate" else "added"), first


def describe(summary: ImportSummary) -> str:
    """The summary in one sentence: "Added 3 meetings; skipped 1 already on your list and 2
    in the past." """
    skipped = [
        (summary.duplicates, "already on your list"),
        (summary.past, "in the past"),
        (summary.recurring_skipped, "repeating in a way I can't keep"),
        (summary.cancelled, "cancelled"),
        (summary.invalid, "I couldn't read"),
    ]
    parts = [f"{count} {why}" for count, why in skipped if count]
    if not summary.added and not parts:
        return "That file has no events to import."
    if summary.added:
        head = f"Added {summary.added} meeting{'' if summary.added == 1 else 's'}"
        if summary.recurring:
            head += (
                " (repeating)"
                if summary.recurring == summary.added
                else (f" ({summary.recurring} of them repeating)")
            )
    else:
        head = "No meetings added"
    if not parts:
        return f"{head}."
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"{head}; skipped {listed}."
