"""Result types of the extraction package."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

Grain = Literal["minute", "hour", "day"]
Action = Literal["schedule", "reschedule", "cancel"]


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression found in text; ``span`` indexes the original text."""

    start: dt.datetime
    end: dt.datetime | None
    grain: Grain
    span: tuple[int, int]
    text: str


@dataclass(frozen=True, slots=True)
class ExtractedMeeting:
    """A meeting the user mentioned, with the best time we can read for it."""

    event_name: str
    start: dt.datetime
    end: dt.datetime | None
    grain: Grain
    confidence: float
    span: tuple[int, int]
    action: Action = "schedule"
    previous_start: dt.datetime | None = None
    time_is_approximate: bool = False
    # What the message said of the (new) time: a change keeps what it does not say ("moved
    # to 11" keeps the day, "same time next week" the clock time, "bumped up an hour" both).
    date_stated: bool = True
    time_stated: bool = True
    shift: dt.timedelta | None = None  # a move by an amount from the booked start
    # "moved to 9": no am/pm said, the 07:00-21:00 rule chose; on a kept day, the earlier.
    meridiem_guessed: bool = False


def meeting_to_json(m: ExtractedMeeting) -> dict[str, Any]:
    """A JSON-ready dict: ISO 8601 times with their UTC offset."""
    return {
        "event_name": m.event_name,
        "start": m.start.isoformat(),
        "end": m.end.isoformat() if m.end else None,
        "grain": m.grain,
        "confidence": round(m.confidence, 2),
        "span": list(m.span),
        "action": m.action,
        "previous_start": m.previous_start.isoformat() if m.previous_start else None,
        "time_is_approximate": m.time_is_approximate,
        "date_stated": m.date_stated,
        "time_stated": m.time_stated,
        "shift_minutes": m.shift.total_seconds() / 60 if m.shift is not None else None,
        "meridiem_guessed": m.meridiem_guessed,
    }
