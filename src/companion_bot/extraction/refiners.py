"""Refiners: small rules that adjust time groups for meeting reading, one concern each.

They run between the time scan and the pairing of events with times, in the order
``MeetingExtractor`` calls them: drop what is part of a name ("quiz night"), promote a
listed number to a time ("tmrw: dentist 9, standup 10:30"), complete a moved day with its
clock time ("from tues to thurs, same time (11)"), and tell deadlines ("by friday") apart.
"""

from __future__ import annotations

import datetime as dt
import re

from companion_bot.extraction.lexicon import FUNCTION_WORDS, MONTHS, WEEKDAYS, wordset
from companion_bot.extraction.times import Group, resolve

# Parts of day that name an event after a noun: "quiz night", "parents evening".
_NAMED_PARTS = wordset("night evening")
_NOT_A_NAME = (
    FUNCTION_WORDS
    | frozenset(WEEKDAYS)
    | frozenset(MONTHS)
    | wordset(
        "at on in by this next last every each the a one that friday's tomorrow tmrw tonight "
        "sat sun fri late all whole same"
    )
)
_WORD_BEFORE = re.compile(r"([a-z][a-z'-]*)\s+$")
# "by friday", "before the 14th", "due monday": a deadline, not a meeting day.
_DEADLINE_BEFORE = re.compile(r"\b(?:by|before|due|due on|no later than|until|till)\s+$")
# "same time", "same 4:15 slot": the moved meeting keeps (or states) its clock time.
_SAME_TIME = re.compile(r"\bsame\s+(?:time|slot|hour)\b|\bsame\s+(?=\S+\s+slot\b)")
LISTED_HOURS = range(1, 13)


_SPOKEN_MARKS = re.compile(r"\b(?:comma|full stop|period|new line|question mark)\b")


def spoken_punctuation(s: str) -> str:
    """Dictated marks read as marks: "comma" -> ",    " (same length, offsets kept)."""
    if "comma" not in s and "stop" not in s and "period" not in s and "line" not in s:
        return s
    return _SPOKEN_MARKS.sub(lambda m: _MARKS[m.group(0)].ljust(len(m.group(0))), s)


_MARKS = {"comma": ",", "full stop": ".", "period": ".", "new line": "\n", "question mark": "?"}


def drop_named_parts(s: str, groups: list[Group]) -> list[Group]:
    """ "game night @ mikes", "parents evening at 7": the part of day belongs to the name."""
    kept = []
    for g in groups:
        word = _WORD_BEFORE.search(s, max(0, g.start - 24), g.start)
        if (
            g.part in _NAMED_PARTS
            and g.date is None
            and g.time is None
            and s[g.start : g.end].strip() in _NAMED_PARTS
            and word is not None
            and word.group(1) not in _NOT_A_NAME
        ):
            continue
        kept.append(g)
    return kept


def promote_listed_numbers(s: str, groups: list[Group], event_ends: list[int]) -> None:
    """ "tmrw: dentist 9, standup 10:30": a bare hour right after an event, in a message that
    names a day, is that event's clock time."""
    named_day = any(g.date is not None for g in groups)
    for g in groups:
        t = g.time
        if t is None or t.kind != "num" or t.strong or g.date is not None:
            continue
        after_event = any(0 < g.start - e <= 1 for e in event_ends)
        same_time = _SAME_TIME.search(s, max(0, g.start - 16), g.start) is not None
        if t.hour in LISTED_HOURS and (after_event and named_day or same_time):
            t.strong = True
            g.strong = True


def is_deadline(s: str, g: Group) -> bool:
    """A day with no clock time after "by"/"before"/"due": a deadline ("by friday")."""
    return g.time is None and _DEADLINE_BEFORE.search(s, max(0, g.start - 16), g.start) is not None


def keep_same_time(
    s: str, new: Group, old: Group | None, groups: list[Group], now: dt.datetime
) -> None:
    """A moved day with no clock time takes the one stated as "same time (11)" / "same 4:15
    slot" after it, or else the old slot's ("from tuesday 2pm to thursday, same time")."""
    if new.time is not None or new.date is None:
        return
    same = _SAME_TIME.search(s, new.end)
    if same is None:
        return
    after = [h for h in groups if h.start >= same.start() and h.time is not None]
    source = after[0] if after else old
    if source is None or source.time is None:
        return
    new.time, new.tz = source.time, source.tz
    if not new.part:
        new.part = source.part
    new.value_end = None
    resolve(new, now, now.tzinfo)
    if source in groups and source is not old:
        source.value = None  # its clock time now belongs to the moved day
