"""Clock times that do not exist — "25:00", "13pm", "10:75" — and the meetings said with one.

The extractor reads past a time it cannot use: "meeting at 25:00 tomorrow" comes back as an
all-day meeting tomorrow, "dentist at 13pm" as 13:00. Neither is what the user said, so such
a meeting (or a move to such a time) is held back here and the reply asks for the time
instead: "25:00 isn't a time I know — what time is the meeting tomorrow?".

Pure: text and what the extractor found in, what to keep and what to ask out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .schedule_matching import Change, MeetingLike

# A clock time as written: "25:00", "10:75 am", "13pm", "13 p.m."; not part of a longer
# number, date or amount ("1:25:00", "12/25:00", "$13:00").
_CLOCK = re.compile(
    r"(?<![\w:.,/$€£])(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?(?![\d:])"
    r"(?:\s?(?P<meridiem>[ap]\.?\s?m\b\.?))?",
    re.IGNORECASE,
)
# Words after which a number is said as a time ("meeting at 25:00", "moved to 13pm").
_TIME_WORD_BEFORE = re.compile(
    r"(?:\b(?:at|to|from|by|until|till|til|around|before|after)|@)\s*$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class ImpossibleTime:
    """A clock time in the message that no clock shows, as written and where."""

    text: str
    start: int
    end: int


def impossible_times(text: str) -> list[ImpossibleTime]:
    """Every clock time in ``text`` that cannot be: an hour past 24 or a minute past 59
    ("25:00", "10:75", "24:30"), or an hour past 12 with am/pm ("13pm"). "24:00" (the end of
    a day) and "0:30" are times; a bare number ("at 25") is not read as one."""
    found = []
    for match in _CLOCK.finditer(text):
        hour, minute, meridiem = match["hour"], match["minute"], match["meridiem"]
        if minute is None and meridiem is None:
            continue
        h, m = int(hour), int(minute or 0)
        if m > 59 or h > 24 or (h == 24 and m > 0) or (meridiem is not None and h > 12):
            found.append(ImpossibleTime(match.group().strip(), match.start(), match.end()))
    return found


@dataclass(frozen=True, slots=True)
class HeldBack:
    """What a message with an impossible time keeps, and the question its reply asks."""

    meetings: list[MeetingLike]
    changes: list[Change]
    question: str | None


def hold_back(
    text: str,
    meetings: Sequence[MeetingLike],
    changes: Sequence[Change],
    now: dt.datetime,
) -> HeldBack:
    """The meetings and changes of ``text`` that do not depend on an impossible time, and
    what to ask about the one that does (``now`` in the user's zone, for "tomorrow").

    A meeting depends on the time when its words include it, or, when none do, it is the
    meeting nearest to it that has no time of its own (the extractor dropped the time and
    kept the day). A move in a message with an impossible time is held back too: its new
    time is the one that cannot be."""
    bad = impossible_times(text)
    if not bad:
        return HeldBack(list(meetings), list(changes), None)
    first = bad[0]
    held = [m for m in meetings if any(_depends(m, t, meetings) for t in bad)]
    moves = [c for c in changes if c.action == "reschedule"]
    kept_changes = [c for c in changes if c.action != "reschedule"]
    kept = [m for m in meetings if not any(m is h for h in held)]
    if held:
        meeting = min(held, key=lambda m: _distance(m.span, first))
        if meeting.action == "reschedule":
            question = f"what time should I move {_the(meeting.event_name)} to?"
        else:
            question = f"what time is {_the(meeting.event_name)}{_day(meeting, now)}?"
    elif moves:
        question = "what time should I move it to?"
    elif _TIME_WORD_BEFORE.search(text[: first.start]):
        question = "what time did you mean?"
    else:  # a number that only looks like a time ("my 10:75 split"): not about a meeting
        return HeldBack(list(meetings), list(changes), None)
    return HeldBack(kept, kept_changes, f"{first.text} isn't a time I know — {question}")


def _distance(span: tuple[int, int], time: ImpossibleTime) -> int:
    start, end = span
    return max(start - time.end, time.start - end, 0)


def _depends(meeting: MeetingLike, time: ImpossibleTime, meetings: Sequence[MeetingLike]) -> bool:
    if _distance(meeting.span, time) == 0:
        return True
    if any(_distance(m.span, time) == 0 for m in meetings):
        return False  # the time is in another meeting's words
    untimed = [m for m in meetings if not m.time_stated]
    if meeting.time_stated or not untimed:
        return False
    return meeting is min(untimed, key=lambda m: _distance(m.span, time))


def _the(name: str) -> str:
    first = name.split(" ", 1)[0].lower()
    return name if first in ("the", "my", "our", "a", "an") else f"the {name}"


def _day(meeting: MeetingLike, now: dt.datetime) -> str:
    """ " tomorrow", " on Friday", " on Thu 3 Dec"; nothing when the day was not said."""
    if not meeting.date_stated:
        return ""
    day = meeting.start.astimezone(now.tzinfo).date()
    delta = (day - now.date()).days
    if delta == 0:
        return " today"
    if delta == 1:
        return " tomorrow"
    if 1 < delta < 7:
        return f" on {day:%A}"
    return f" on {day:%a} {day.day} {day:%b}"
