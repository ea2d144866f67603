"""How replies word things: a variant picked by the text, clock times, day labels, and when
a meeting or a task is (pure)."""

from __future__ import annotations

import datetime as dt
import zlib
import zoneinfo
from collections.abc import Sequence

from companion_bot.proactive.decisions import is_date_only
from companion_bot.proactive.messages import local_time
from companion_bot.storage.models import UserSchedule


def pick(options: Sequence[str], text: str) -> str:
    """One of ``options``, the same every time for the same text."""
    return options[zlib.crc32(text.strip().lower().encode()) % len(options)]


def clock(t: dt.datetime, *, meridiem: bool = True) -> str:
    """ "3 PM", "2:30 PM" (or without the meridiem)."""
    hour = t.hour % 12 or 12
    base = f"{hour}" if t.minute == 0 else f"{hour}:{t.minute:02d}"
    return f"{base} {'AM' if t.hour < 12 else 'PM'}" if meridiem else base


def day_label(day: dt.date, today: dt.date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if 1 < delta < 7:
        return f"{day:%A}"
    return f"{day:%a} {day.day} {day:%b}"


def dated_label(day: dt.date, today: dt.date) -> str:
    """ "Monday 7 Dec", "tomorrow, Friday 4 Dec": the date itself, for a meeting that moved."""
    full = f"{day:%A} {day.day} {day:%b}"
    near = day_label(day, today)
    return f"{near}, {full}" if near in ("today", "tomorrow") else full


def describe(
    schedule: UserSchedule, zone: zoneinfo.ZoneInfo, now: dt.datetime, *, dated: bool = False
) -> str:
    """ "Friday 3–4 PM", "tomorrow 2:30 PM", "today 11 AM–1 PM" in the user's zone; ``dated``:
    "Monday 7 Dec, 11–11:30 AM", "tomorrow, Friday 4 Dec, 6 PM"; a date without a time is
    the day alone ("Friday", "Monday 7 Dec")."""
    start = schedule.start_time.astimezone(zone)
    today = now.astimezone(zone).date()
    if is_date_only(start, zone, approximate=schedule.time_is_approximate):
        return dated_label(start.date(), today) if dated else day_label(start.date(), today)
    label = dated_label(start.date(), today) + "," if dated else day_label(start.date(), today)
    if schedule.end_time is None:
        when = clock(start)
    else:
        end = schedule.end_time.astimezone(zone)
        same_half = (start.hour < 12) == (end.hour < 12) and start.date() == end.date()
        when = f"{clock(start, meridiem=not same_half)}–{clock(end)}"
    about = "around " if schedule.time_is_approximate else ""
    return f"{label} {about}{when}"


def task_when(schedule: UserSchedule, zone: zoneinfo.ZoneInfo, now: dt.datetime) -> str:
    """ "today at 6:00 PM", "tomorrow at around 8:00 PM": when a task is reminded."""
    start = schedule.start_time.astimezone(zone)
    about = "around " if schedule.time_is_approximate else ""
    return f"{day_label(start.date(), now.date())} at {about}{local_time(start, zone)}"


def listed(schedule: UserSchedule, zone: zoneinfo.ZoneInfo, now: dt.datetime) -> str:
    """One upcoming item: "dentist appointment tomorrow 3 PM", "⏰ call mom today 6 PM",
    "standup tomorrow 9:30 AM (↻ every weekday)"."""
    mark = "⏰ " if schedule.is_task else ""
    again = f" (↻ {schedule.series.cadence})" if schedule.series is not None else ""
    return f"{mark}{schedule.event_name} {describe(schedule, zone, now)}{again}"
