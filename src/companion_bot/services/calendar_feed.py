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

Cancelled meetings are left out: a subscribed calendar drops them at its next refresh. The
feed has one-off meetings only; a recurring one will be one event with its ``RRULE`` and
``EXDATE`` added, its ``UID`` and the rest as here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final
from zoneinfo import ZoneInfo

from icalendar import STATUS, TRANSP, Calendar, Event, vDuration

from companion_bot.proactive.decisions import is_date_only
from companion_bot.storage.models import UserSchedule

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


def event_uid(schedule_id: int) -> str:
    """The ``UID`` of a meeting's event: the same in every version of the feed."""
    return f"schedule-{schedule_id}@companion-bot"


def feed_calendar(schedules: Iterable[UserSchedule], *, zone: ZoneInfo) -> bytes:
    """The iCalendar text of the feed: one event per meeting in ``schedules``; ``zone`` (the
    user's) gives the day of a meeting without a time."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for schedule in schedules:
        calendar.add_component(feed_event(schedule, zone=zone))
    text: bytes = calendar.to_ical()
    return text


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
