"""Which upcoming meeting a message means, and what it asks to change (pure: no I/O).

"the interview got cancelled", "my 3pm moved to 4", "the meeting moved to 5": the words and
times of a message matched against the user's upcoming meetings, by name and/or time.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from companion_bot.extraction import parse_times
from companion_bot.storage.models import UserSchedule

CANCEL_WORDS = re.compile(
    r"\b(cancel(?:l?ed|s|ling)?|called off|call(?:ing)? off|not happening|scrapped|"
    r"no longer (?:on|happening))\b",
    re.IGNORECASE,
)
MOVE_WORDS = re.compile(
    r"\b(moved?|moving|pushed|push|postponed?|reschedul\w*|shifted|bumped|changed to)\b",
    re.IGNORECASE,
)
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "this",
        "that",
        "with",
        "at",
        "on",
        "in",
        "for",
        "to",
        "of",
        "and",
        "or",
        "is",
        "was",
        "got",
        "has",
        "have",
        "been",
        "be",
        "it",
        "its",
        "i",
        "me",
        "we",
    ]
)
#: Words that name no particular meeting ("my 3pm meeting moved"): never used to match.
GENERIC = frozenset({"meeting", "meetings", "call", "appointment", "event", "thing", "one"})


class MeetingLike(Protocol):
    """What the extractor returns per meeting (companion_bot.extraction.ExtractedMeeting)."""

    @property
    def event_name(self) -> str: ...
    @property
    def start(self) -> dt.datetime: ...
    @property
    def end(self) -> dt.datetime | None: ...
    @property
    def grain(self) -> str: ...
    @property
    def confidence(self) -> float: ...
    @property
    def span(self) -> tuple[int, int]: ...
    @property
    def action(self) -> str: ...
    @property
    def previous_start(self) -> dt.datetime | None: ...
    @property
    def time_is_approximate(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Change:
    """A cancellation or a move, and how the message names the meeting."""

    action: str  # "cancel" | "reschedule"
    words: frozenset[str]
    old_time: dt.datetime | None  # when the meeting meant starts, as said
    new_start: dt.datetime | None = None
    new_end: dt.datetime | None = None
    old_grain: str = "minute"  # "day": only the date of old_time was said


def words_of(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9\-]+", text.lower()) if w not in STOPWORDS)


def same_meeting(name_a: str, name_b: str) -> bool:
    """Two names at the same start time mean the same meeting when they share a word."""
    a, b = words_of(name_a), words_of(name_b)
    return name_a.strip().lower() == name_b.strip().lower() or bool(a & b)


def changes_in(text: str, local_now: dt.datetime, meetings: Sequence[MeetingLike]) -> list[Change]:
    """The cancellations and moves a message asks for (none when it asks for neither)."""
    explicit = [explicit_change(m) for m in meetings if m.action in ("cancel", "reschedule")]
    if explicit:
        return explicit
    # The extractor saw no change; the words may still say one ("the interview got
    # cancelled", "my 3pm moved to 4").
    cancel, move = CANCEL_WORDS.search(text), MOVE_WORDS.search(text)
    if not (cancel or move):
        return []
    mentions = parse_times(text, local_now)
    if cancel:
        old = mentions[0].start if mentions else None
        return [Change("cancel", words_of(text), old)]
    if mentions or meetings:
        scheduled = [m for m in meetings if m.action == "schedule"]
        new_start = scheduled[-1].start if scheduled else mentions[-1].start
        new_end = scheduled[-1].end if scheduled else None
        old = mentions[0].start if len(mentions) >= 2 else None
        return [Change("reschedule", words_of(text), old, new_start, new_end)]
    return []


def explicit_change(m: MeetingLike) -> Change:
    if m.action == "reschedule":
        return Change("reschedule", words_of(m.event_name), m.previous_start, m.start, m.end)
    if m.grain == "day" and m.time_is_approximate:  # no time said: match by name only
        return Change("cancel", words_of(m.event_name), None)
    return Change("cancel", words_of(m.event_name), m.start, old_grain=m.grain)


def match_schedules(
    upcoming: Sequence[UserSchedule], change: Change, zone: zoneinfo.ZoneInfo
) -> list[UserSchedule]:
    words = change.words - GENERIC
    by_name = [s for s in upcoming if (words_of(s.event_name) - GENERIC) & words]
    if not by_name and change.old_time is None:
        # Only a generic word ("the meeting got cancelled"): the meetings it can name.
        generic = change.words & GENERIC
        by_name = [s for s in upcoming if words_of(s.event_name) & generic]
    pool = by_name or (list(upcoming) if change.old_time is not None else [])
    if change.old_time is not None:
        wanted = change.old_time.astimezone(zone)
        if change.old_grain == "day":
            timed = [s for s in pool if s.start_time.astimezone(zone).date() == wanted.date()]
        else:
            timed = [
                s
                for s in pool
                if (local := s.start_time.astimezone(zone)).hour == wanted.hour
                and local.minute == wanted.minute
            ]
        if timed or not by_name:
            pool = timed
    return pool


def on_day(
    new_start: dt.datetime, target: UserSchedule, zone: zoneinfo.ZoneInfo, now: dt.datetime
) -> dt.datetime:
    """The new start; a bare time ("moved to 4", read as today) keeps the meeting's day."""
    local_new = new_start.astimezone(zone)
    local_old = target.start_time.astimezone(zone)
    if local_new.date() == now.astimezone(zone).date() != local_old.date():
        return local_new.replace(year=local_old.year, month=local_old.month, day=local_old.day)
    return local_new
