"""Twins among the meetings found in one message: the same event said with its day alone
(or a part of day) and with its time ("jury duty 1/11, gotta be there 8:30am", "tomorrow
evening dinner with ana, 8pm"), or a booked slot that is the time of the event said for
that day ("date night tomorrow!! table booked for 7:45pm")."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from companion_bot.extraction.changes import same_name
from companion_bot.extraction.lexicon import BOOKED_SEAT_MEALS, wordset
from companion_bot.extraction.types import ExtractedMeeting


def without_undated_twins(results: list[ExtractedMeeting]) -> list[ExtractedMeeting]:
    """ "jury duty 1/11, gotta be there 8:30am": the day alone (or a part of day) goes when
    the same event has a clock time on that day (in that part); a timetable ("trains leave
    at 10:04, 10:34 and 11:04") goes."""
    if len(results) < 2:
        return results  # a meeting is no twin of itself
    results = _without_timetables(results)
    results = _named_by_their_day(results)
    return [m for m in results if not any(_finer_twin(o, m) for o in results)]


#: How far a clock time may stand from a part of day it makes exact ("evening" is 18:00).
PART_TWIN_SPAN = dt.timedelta(hours=4)


def _finer_twin(o: ExtractedMeeting, m: ExtractedMeeting) -> bool:
    """Whether ``o`` is ``m`` said more exactly: the same event and change on the same day,
    at a clock time where ``m`` has only the day, or a clock time in the part of the day
    that ``m`` has ("tomorrow evening dinner with ana, 8pm")."""
    if m.grain == "day":
        finer = o.grain != "day"
    else:
        finer = (
            m.grain == "hour" and o.grain == "minute" and abs(o.start - m.start) <= PART_TWIN_SPAN
        )
    return (
        finer
        and o.action == m.action
        and o.start.date() == m.start.date()
        and same_name(o.event_name, m.event_name)
    )


#: One event at this many clock times of one day is a timetable, not a plan.
TIMETABLE_TIMES = 3


def _without_timetables(results: list[ExtractedMeeting]) -> list[ExtractedMeeting]:
    """ "trains to brighton leave at 10:04, 10:34 and 11:04": the same new event at three or
    more times of one day lists departures or sessions; the speaker goes to none of them."""
    counts: dict[tuple[str, object], int] = {}
    for m in results:
        if m.action == "schedule" and m.grain == "minute":
            key = (m.event_name.lower(), m.start.date())
            counts[key] = counts.get(key, 0) + 1
    listed = {key for key, n in counts.items() if n >= TIMETABLE_TIMES}
    if not listed:
        return results
    return [
        m
        for m in results
        if not (
            m.action == "schedule"
            and m.grain == "minute"
            and (m.event_name.lower(), m.start.date()) in listed
        )
    ]


def _named_by_their_day(results: list[ExtractedMeeting]) -> list[ExtractedMeeting]:
    """ "date night w ben tomorrow!! table booked for 7:45pm", "counselling thursday, 45 min
    session from 5:10": a clock time that names only a booking is the time of the one event
    said for that day alone, which goes."""
    days = [m for m in results if m.grain == "day" and m.action == "schedule"]
    if not days:
        return results
    merged = list(results)
    for m in results:
        if m.grain == "day" or m.action != "schedule" or not _names_only_a_booking(m.event_name):
            continue
        same_day = [d for d in days if d.start.date() == m.start.date() and d in merged]
        if len(same_day) == 1:
            [day] = same_day
            merged.remove(day)
            merged[merged.index(m)] = replace(
                m,
                event_name=day.event_name,
                span=(min(m.span[0], day.span[0]), max(m.span[1], day.span[1])),
            )
    return merged


# Names that say only that a time is booked, not what for.
_BOOKING_WORDS = wordset(
    "table session booking reservation slot appointment appt time spot check-in checkin"
)


def _names_only_a_booking(name: str) -> bool:
    """ "table", "slot", "dinner table" (a table named by its meal): a booking, not what for."""
    words = name.split()
    return name in _BOOKING_WORDS or (len(words) == 2 and words[1] in BOOKED_SEAT_MEALS)
