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
#: Words that name the task reminders ("cancel the reminder", "move my reminder to 7").
REMINDER_WORDS = frozenset({"reminder", "reminders"})


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
    @property
    def date_stated(self) -> bool: ...
    @property
    def time_stated(self) -> bool: ...
    @property
    def shift(self) -> dt.timedelta | None: ...


@dataclass(frozen=True, slots=True)
class Change:
    """A cancellation or a move, and how the message names the meeting."""

    action: str  # "cancel" | "reschedule"
    words: frozenset[str]
    old_time: dt.datetime | None  # when the meeting meant starts, as said
    new_start: dt.datetime | None = None
    new_end: dt.datetime | None = None
    old_grain: str = "minute"  # "day": only the date of old_time was said
    date_stated: bool = True  # False: "moved to 11" keeps the meeting's day
    time_stated: bool = True  # False: "same time next week" keeps its clock time
    shift: dt.timedelta | None = None  # "bumped up an hour": from the booked start


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
        old = mentions[0].start if len(mentions) >= 2 else None
        if scheduled:
            new = scheduled[-1]
            return [
                Change(
                    "reschedule",
                    words_of(text),
                    old,
                    new.start,
                    new.end,
                    date_stated=new.date_stated,
                    time_stated=new.time_stated,
                )
            ]
        mention = mentions[-1]
        # A bare clock time resolves to today or tomorrow: read as "the same day, new time".
        soon = mention.start.date() - local_now.date() <= dt.timedelta(days=1)
        bare = mention.grain != "day" and soon
        return [Change("reschedule", words_of(text), old, mention.start, date_stated=not bare)]
    return []


def explicit_change(m: MeetingLike) -> Change:
    if m.action == "reschedule":
        return Change(
            "reschedule",
            words_of(m.event_name),
            m.previous_start,
            m.start,
            m.end,
            date_stated=m.date_stated,
            time_stated=m.time_stated,
            shift=m.shift,
        )
    if m.grain == "day" and m.time_is_approximate:
        if m.date_stated:  # "cancel tomorrow's standup": that day's
            return Change("cancel", words_of(m.event_name), m.start, old_grain="day")
        return Change("cancel", words_of(m.event_name), None)  # no day or time: by name only
    return Change("cancel", words_of(m.event_name), m.start, old_grain=m.grain)


def match_schedules(
    upcoming: Sequence[UserSchedule], change: Change, zone: zoneinfo.ZoneInfo
) -> list[UserSchedule]:
    words = change.words - GENERIC
    by_name = [s for s in upcoming if (words_of(s.event_name) - GENERIC) & words]
    if not by_name and words & REMINDER_WORDS:
        by_name = [s for s in upcoming if s.is_task]  # "cancel the reminder": the tasks
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


def moved_start(change: Change, target: UserSchedule, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The new start of a moved meeting: what the message did not say stays as it was.

    "the berlin call got moved to 11" keeps the call's day, "same time next week" its clock
    time, "bumped up an hour" both (shifted by the amount). Wall-clock arithmetic in the
    user's zone, so a move across a DST change keeps the stated local time.
    """
    local_old = target.start_time.astimezone(zone)
    if change.shift is not None and not change.time_stated:
        return _wall(local_old.replace(tzinfo=None) + change.shift, zone)
    assert change.new_start is not None
    local_new = change.new_start.astimezone(zone)
    day = local_new.date() if change.date_stated else local_old.date()
    clock = local_new.time() if change.time_stated else local_old.time()
    return _wall(dt.datetime.combine(day, clock), zone)


def _wall(naive: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A local wall-clock time made aware (a time in a DST gap moves forward)."""
    return naive.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)
