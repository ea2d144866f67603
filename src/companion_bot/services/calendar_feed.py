"""A user's meetings as an iCalendar feed (RFC 5545), for calendar apps that subscribe to
``/calendar/<token>.ics``.

One ``VEVENT`` per meeting, with a ``UID`` that stays the same whatever changes
(``schedule-<id>@companion-bot``), so a calendar app updates the event instead of adding one:

* a meeting with a time: ``DTSTART`` and, when it has an end, ``DTEND``, both in UTC; one
  without an end is a moment at its start (RFC 5545 reads a ``DTSTART`` alone so);
* a meeting with a day but no time ("dentist on Friday"): an all-day event (``DATE``) on that
  day in the user's zone;
* a task reminder ("remind me to call mom at 6"): a moment, in the category ``Reminder`` and
  transparent, so it does not show the user as busy;
* ``DTSTAMP`` and ``LAST-MODIFIED`` are the meeting's last change, so a feed nothing changed
  in is byte for byte the same; ``SEQUENCE`` grows with every change (the whole seconds from
  creation to the last change).

Cancelled meetings are left out: a subscribed calendar drops them at its next refresh.

A repeating meeting is one event (``series-<id>@companion-bot``) with its ``RRULE``, its
``DTSTART`` on the wall clock of its zone (``TZID``, with a ``VTIMEZONE``), so a calendar
app keeps 9:30 at 9:30 across DST, and an ``EXDATE`` for each occurrence skipped, moved or
renamed; a moved or renamed one is its own event as above (a skipped one is cancelled, so
left out). A series stopped ends its ``RRULE`` (``UNTIL``) where it was stopped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from icalendar import STATUS, TRANSP, Calendar, Event, vDuration, vRecur

from companion_bot.proactive.decisions import is_date_only
from companion_bot.proactive.recurrence import floating, join_parts, wall
from companion_bot.storage.models import ScheduleSeries, UserSchedule

PRODID: Final = "-//companion-bot//calendar feed//EN"
CALENDAR_NAME: Final = "companion-bot"
#: How often a calendar app should read the feed again (most pick their own pace anyway).
REFRESH: Final = dt.timedelta(hours=1)
#: How far back the feed reaches: meetings that started earlier are left out.
HISTORY: Final = dt.timedelta(days=30)
#: The most meetings one feed holds (the soonest, from ``HISTORY`` ago on).
MAX_EVENTS: Final = 2000
TASK_CATEGORY: Final = "Reminder"
APPROXIMATE_NOTE: Final = "Around this time: no exact time was given."


#: How many years of a series' zone rules the feed writes out (its ``VTIMEZONE``).
ZONE_YEARS: Final = 5


@dataclass(frozen=True, slots=True)
class FeedSeries:
    """A repeating meeting in the feed, with its stored occurrences (any status) that start
    in the feed's span: those skipped, moved or renamed are its exceptions."""

    series: ScheduleSeries
    occurrences: Sequence[UserSchedule] = ()


def event_uid(schedule_id: int) -> str:
    """The ``UID`` of a meeting's event: the same in every version of the feed."""
    return f"schedule-{schedule_id}@companion-bot"


def series_uid(series_id: int) -> str:
    """The ``UID`` of a repeating meeting's event."""
    return f"series-{series_id}@companion-bot"


def is_exception(row: UserSchedule, series: ScheduleSeries) -> bool:
    """Whether an occurrence is not as its series says: skipped, moved or renamed."""
    length, start = series.duration_minutes, row.occurrence_start
    end = None if length is None or start is None else start + dt.timedelta(minutes=length)
    return (
        row.status == "cancelled"
        or row.start_time != row.occurrence_start
        or row.end_time != end
        or row.event_name != series.event_name
    )


def feed_calendar(
    schedules: Iterable[UserSchedule], *, zone: ZoneInfo, series: Iterable[FeedSeries] = ()
) -> bytes:
    """The iCalendar text of the feed: one event per meeting in ``schedules`` and one per
    repeating meeting in ``series`` (whose occurrences are left to its rule, but for its
    exceptions); ``zone`` (the user's) gives the day of a meeting without a time."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    repeating = {item.series.id: item.series for item in series}
    for schedule in schedules:
        own = repeating.get(schedule.series_id or 0)
        if own is not None and not is_exception(schedule, own):
            continue  # its series' rule shows it
        calendar.add_component(feed_event(schedule, zone=zone))
    firsts = []
    for item in sorted(series, key=lambda i: i.series.id):
        calendar.add_component(series_event(item))
        firsts.append(item.series.rule.first.date())
    if firsts:
        start = min(firsts)
        calendar.add_missing_timezones(
            first_date=start, last_date=start.replace(year=start.year + ZONE_YEARS)
        )
    text: bytes = calendar.to_ical()
    return text


def series_event(item: FeedSeries) -> Event:
    """The ``VEVENT`` of one repeating meeting: its rule on its zone's clock, and the starts
    of its exceptions left out."""
    series = item.series
    rule = series.rule if series.ended_at is None else series.rule.ending(series.ended_at)
    zone = rule.zone
    start = rule.first.replace(tzinfo=zone)
    length = series.duration_minutes
    end = None if length is None else start + dt.timedelta(minutes=length)
    exceptions = [row for row in item.occurrences if is_exception(row, series)]
    changed = max([series.updated_at, *(row.updated_at for row in exceptions)])
    changed = changed.astimezone(dt.UTC)
    task = series.kind == "task"
    event = Event.new(
        uid=series_uid(series.id),
        summary=series.event_name,
        start=start,
        end=end,
        stamp=changed,
        created=series.created_at.astimezone(dt.UTC),
        last_modified=changed,
        sequence=max(0, int((changed - series.created_at).total_seconds())),
        status=STATUS.CONFIRMED,
        categories=[TASK_CATEGORY] if task else (),
        transparency=TRANSP.TRANSPARENT if task else TRANSP.OPAQUE,
        description=APPROXIMATE_NOTE if series.time_is_approximate and not task else None,
    )
    parts = rule.parts
    if "UNTIL" in parts:  # UTC, as RFC 5545 asks beside a DTSTART with a TZID
        parts["UNTIL"] = f"{wall(floating(parts['UNTIL']), zone):%Y%m%dT%H%M%SZ}"
    event.add("rrule", vRecur.from_ical(join_parts(parts)))
    left_out = {wall(t, zone) for t in rule.exdates}
    left_out |= {row.occurrence_start for row in exceptions if row.occurrence_start}
    if left_out:
        event.add("exdate", [t.astimezone(zone) for t in sorted(left_out)])
    return event


def feed_event(schedule: UserSchedule, *, zone: ZoneInfo) -> Event:
    """The ``VEVENT`` of one meeting."""
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None
    if not schedule.is_task and is_date_only(
        schedule.start_time, zone, approximate=schedule.time_is_approximate
    ):
        start = schedule.start_time.astimezone(zone).date()
        end = start + dt.timedelta(days=1)
    else:
        start = schedule.start_time.astimezone(dt.UTC)
        end = schedule.end_time.astimezone(dt.UTC) if schedule.end_time else None
        if end is not None and end <= start:
            end = None
    changed = schedule.updated_at.astimezone(dt.UTC)
    approximate = schedule.time_is_approximate and isinstance(start, dt.datetime)
    return Event.new(
        uid=event_uid(schedule.id),
        summary=schedule.event_name,
        start=start,
        end=end,
        stamp=changed,
        created=schedule.created_at.astimezone(dt.UTC),
        last_modified=changed,
        sequence=_sequence(schedule),
        status=STATUS.CONFIRMED,
        categories=[TASK_CATEGORY] if schedule.is_task else (),
        transparency=TRANSP.TRANSPARENT if schedule.is_task else TRANSP.OPAQUE,
        description=APPROXIMATE_NOTE if approximate and not schedule.is_task else None,
    )


def _sequence(schedule: UserSchedule) -> int:
    """Grows with every change of the meeting: the whole seconds from creation to the last."""
    return max(0, int((schedule.updated_at - schedule.created_at).total_seconds()))
