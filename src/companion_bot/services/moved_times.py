"""A move's new time: how it was said (to the minute, or with no am/pm), and a bare hour
read on the meeting's own day (pure)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from .schedule_matching import Change, MeetingLike

#: A clock time with no am/pm on a known day: the earlier reading inside these hours
#: ("moved to 9" keeps the meeting's day and means 09:00; docs/extraction.md conventions).
DAY_HOURS = (dt.time(7, 0), dt.time(21, 0))


@dataclass(frozen=True, slots=True)
class NewTime:
    """How a move's new time was said, beside what its :class:`Change` keeps."""

    exact: bool = False  # a clock time to the minute ("to 11", "to noon"): no longer "around"
    meridiem_guessed: bool = False  # "to 9", no am/pm: read again on the meeting's own day


def new_time(change: Change, meetings: Sequence[MeetingLike]) -> NewTime:
    """How the new time of ``change`` was said: read off the meeting it came from."""
    if change.action != "reschedule" or change.new_start is None or not change.time_stated:
        return NewTime()
    source = next((m for m in meetings if m.start == change.new_start), None)
    if source is None:
        return NewTime()
    return NewTime(
        exact=source.grain == "minute" and not source.time_is_approximate,
        meridiem_guessed=bool(getattr(source, "meridiem_guessed", False)),
    )


def earlier_reading(start: dt.datetime, zone: zoneinfo.ZoneInfo, now: dt.datetime) -> dt.datetime:
    """``start``'s clock time with no am/pm said, read on its day: the earlier of the two
    readings that falls within :data:`DAY_HOURS` and has not passed ("moved to 9" -> 09:00,
    "to 3" -> 15:00; "to 7" said at 16:00 of that day -> 19:00)."""
    local = start.astimezone(zone)
    first, last = DAY_HOURS
    for hour in (local.hour % 12, local.hour % 12 + 12):
        moved = local.replace(hour=hour).astimezone(dt.UTC).astimezone(zone)  # a DST gap
        if first <= dt.time(hour, local.minute) <= last and moved >= now:
            return moved
    return local
