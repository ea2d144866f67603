"""Repeating meetings: an RFC 5545 rule read on the wall clock of one zone (pure).

A series is kept as RFC 5545 text of two lines, ``DTSTART:20270322T093000`` (floating: the
first occurrence's local wall time) and ``RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR`` (its
``UNTIL``, if any, floating too), and an ``EXDATE:`` line of the starts left out, if any (an
imported event's), with the IANA zone whose clock it follows. Occurrences are
expanded by python-dateutil on naive wall times and only then placed in the zone, so a
9:30 standup stays at 9:30 across a DST change (its UTC instant moves by the hour); a wall
time the zone skips that day (a DST gap) moves forward, as everywhere in the bot.

Nothing here reads a clock or a database: instants come in aware and go out in UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo

from dateutil import rrule

#: How often a series may repeat: a reminder every hour would be spam, not a meeting.
FREQUENCIES: Final = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
#: Rule parts this module reads and writes; a rule with another part is refused.
PARTS: Final = frozenset(
    {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "UNTIL", "COUNT", "WKST"}
)
DAY_CODES: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WORKDAYS: Final = ("MO", "TU", "WE", "TH", "FR")
_ORDINALS: Final = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_EVERY: Final = {2: "other", 3: "third", 4: "fourth"}
_BYDAY: Final = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_STAMP: Final = "%Y%m%dT%H%M%S"


class RuleError(ValueError):
    """A recurrence rule this bot does not keep (unreadable, or repeating within a day)."""


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A rule (``RRULE`` value), its first occurrence's local wall time (``DTSTART``,
    naive) and the zone whose clock both follow."""

    rule: str
    first: dt.datetime
    zone: ZoneInfo
    exdates: tuple[dt.datetime, ...] = ()  # starts left out (naive wall times)

    def __post_init__(self) -> None:
        if any(t.tzinfo is not None for t in (self.first, *self.exdates)):
            raise ValueError("a rule's times are naive local wall times")
        self._expansion()  # refuses what it cannot read

    def _expansion(self) -> rrule.rrulebase:
        return _expansion(self.rule, self.first, self.exdates)

    @property
    def text(self) -> str:
        """The stored form: ``DTSTART:…``, ``RRULE:…`` and ``EXDATE:…`` lines (floating)."""
        text = f"DTSTART:{self.first:{_STAMP}}\nRRULE:{self.rule}"
        if self.exdates:
            text += "\nEXDATE:" + ",".join(f"{t:{_STAMP}}" for t in self.exdates)
        return text

    @classmethod
    def parse(cls, text: str, zone: ZoneInfo) -> Recurrence:
        """The rule of :attr:`text` (as stored), on ``zone``'s clock."""
        lines = dict(line.split(":", 1) for line in text.strip().splitlines() if ":" in line)
        try:
            first = floating(lines["DTSTART"])
            left_out = tuple(floating(t) for t in lines.get("EXDATE", "").split(",") if t)
            return cls(lines["RRULE"], first, zone, left_out)
        except (KeyError, ValueError) as exc:
            raise RuleError(f"not a stored rule: {text!r}") from exc

    @property
    def parts(self) -> dict[str, str]:
        return rule_parts(self.rule)

    @property
    def first_start(self) -> dt.datetime:
        """The first occurrence, in UTC."""
        return wall(self.first, self.zone)

    def between(self, after: dt.datetime, until: dt.datetime) -> list[dt.datetime]:
        """The starts (UTC) with ``after < start <= until``, in order."""
        _require_aware(after, until)
        low = after.astimezone(self.zone).replace(tzinfo=None) - dt.timedelta(days=1)
        high = until.astimezone(self.zone).replace(tzinfo=None) + dt.timedelta(days=1)
        starts = (wall(n, self.zone) for n in self._expansion().between(low, high, inc=True))
        return [s for s in starts if after < s <= until]

    def after(self, instant: dt.datetime) -> dt.datetime | None:
        """The first start (UTC) strictly after ``instant``; ``None`` when the rule has ended."""
        found = self._next(instant)
        return None if found is None else found[1]

    def first_after(self, instant: dt.datetime) -> dt.datetime | None:
        """The local wall time (naive) of the first start strictly after ``instant``."""
        found = self._next(instant)
        return None if found is None else found[0]

    def _next(self, instant: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
        _require_aware(instant)
        low = instant.astimezone(self.zone).replace(tzinfo=None) - dt.timedelta(days=1)
        for naive in self._expansion().xafter(low, inc=True):
            start = wall(naive, self.zone)
            if start > instant:
                return naive, start
        return None

    def before(self, instant: dt.datetime) -> dt.datetime | None:
        """The last start (UTC) at or before ``instant``; ``None`` when none is."""
        _require_aware(instant)
        high = instant.astimezone(self.zone).replace(tzinfo=None) + dt.timedelta(days=1)
        found = None
        for naive in self._expansion().xafter(self.first, inc=True):
            if naive > high:
                break
            start = wall(naive, self.zone)
            if start <= instant:
                found = start
        return found

    def resumed_at(self, start: dt.datetime) -> Recurrence:
        """The same rule begun again at ``start``, one of its own starts (UTC): the same starts
        from there on, found without stepping through every one before (python-dateutil
        walks a rule from its first start). A rule with ``COUNT``, counted from its first
        start, stays as it is."""
        _require_aware(start)
        if "COUNT" in self.parts:
            return self
        again = dt.datetime.combine(start.astimezone(self.zone).date(), self.first.time())
        if again <= self.first:
            return self
        left_out = tuple(t for t in self.exdates if t >= again)
        return Recurrence(self.rule, again, self.zone, left_out)

    def until(self) -> dt.datetime | None:
        """The rule's own end (``UNTIL``) as a UTC instant, if it has one."""
        said = self.parts.get("UNTIL")
        if said is None:
            return None
        return wall(floating(said), self.zone)

    def ending(self, instant: dt.datetime) -> Recurrence:
        """The same rule stopped before ``instant`` (its occurrences from then on gone)."""
        local = instant.astimezone(self.zone).replace(tzinfo=None) - dt.timedelta(seconds=1)
        parts = {k: v for k, v in self.parts.items() if k not in ("UNTIL", "COUNT")}
        own = self.until()
        if own is not None and own.astimezone(self.zone).replace(tzinfo=None) < local:
            local = own.astimezone(self.zone).replace(tzinfo=None)
        parts["UNTIL"] = f"{local:{_STAMP}}"
        return Recurrence(join_parts(parts), self.first, self.zone, self.exdates)


def floating(stamp: str) -> dt.datetime:
    """An RFC 5545 floating time ("20270322T093000") as a naive wall time."""
    return dt.datetime.strptime(stamp[:15], _STAMP)  # noqa: DTZ007 (a wall time, no zone)


def wall(naive: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """A local wall time in ``zone`` as UTC; one in a DST gap moves forward."""
    return naive.replace(tzinfo=zone).astimezone(dt.UTC)


def rule_parts(rule: str) -> dict[str, str]:
    """``FREQ=WEEKLY;BYDAY=MO`` as ``{"FREQ": "WEEKLY", "BYDAY": "MO"}``."""
    parts: dict[str, str] = {}
    for item in rule.removeprefix("RRULE:").split(";"):
        key, sep, value = item.partition("=")
        if not sep or not value:
            raise RuleError(f"not a rule part: {item!r}")
        parts[key.strip().upper()] = value.strip().upper()
    return parts


def join_parts(parts: dict[str, str]) -> str:
    """:func:`rule_parts` back as rule text, ``FREQ`` first."""
    order = ["FREQ", *sorted(k for k in parts if k != "FREQ")]
    return ";".join(f"{k}={parts[k]}" for k in order if k in parts)


@lru_cache(maxsize=1024)
def _expansion(rule: str, first: dt.datetime, exdates: tuple[dt.datetime, ...]) -> rrule.rrulebase:
    parts = rule_parts(rule)
    unknown = set(parts) - PARTS
    if unknown:
        raise RuleError(f"rule parts not kept: {', '.join(sorted(unknown))}")
    if parts.get("FREQ") not in FREQUENCIES:
        raise RuleError(f"a rule repeats {FREQUENCIES}, not {parts.get('FREQ')!r}")
    until = parts.get("UNTIL")
    if until is not None and until.endswith("Z"):
        raise RuleError("UNTIL is a floating local time here (no Z)")
    try:
        found = rrule.rrulestr(rule.removeprefix("RRULE:"), dtstart=first)
    except (ValueError, TypeError) as exc:
        raise RuleError(f"unreadable rule {rule!r}: {exc}") from exc
    if not isinstance(found, rrule.rrule):
        raise RuleError(f"not a single rule: {rule!r}")
    if not exdates:
        return found
    combined = rrule.rruleset()
    combined.rrule(found)
    for left_out in exdates:
        combined.exdate(left_out)
    return combined


def _require_aware(*values: dt.datetime) -> None:
    for value in values:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()}: attach a time zone")


# -- in words --------------------------------------------------------------------------


def clock(t: dt.time) -> str:
    """ "9:30 AM", "4 PM", "12 PM"."""
    hour = t.hour % 12 or 12
    base = f"{hour}" if t.minute == 0 else f"{hour}:{t.minute:02d}"
    return f"{base} {'AM' if t.hour < 12 else 'PM'}"


def cadence(recurrence: Recurrence) -> str:
    """How often, in words: "every weekday", "every other Tuesday", "every Monday and
    Thursday", "the first Monday of every month", "every day", "every month on the 15th"."""
    parts = recurrence.parts
    freq = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1") or "1")
    days = _days(parts.get("BYDAY", ""))
    every = "every" if interval == 1 else f"every {_EVERY.get(interval, f'{interval}th')}"
    if freq == "DAILY":
        return "every day" if interval == 1 else f"every {interval} days"
    if freq == "WEEKLY":
        plain = [code for n, code in days if n is None]
        if not plain:
            plain = [DAY_CODES[recurrence.first.weekday()]]
        if interval == 1 and tuple(sorted(plain, key=DAY_CODES.index)) == WORKDAYS:
            return "every weekday"
        if interval == 1 and sorted(plain, key=DAY_CODES.index) == ["SA", "SU"]:
            return "every weekend"
        if interval == 1 and len(plain) == 7:
            return "every day"
        return f"{every} {_and([DAY_NAMES[DAY_CODES.index(c)] for c in _ordered(plain)])}"
    months = "every month" if interval == 1 else f"{every} month"
    if freq == "MONTHLY":
        position = parts.get("BYSETPOS")
        ordinal = [(n, code) for n, code in days if n is not None]
        if position is not None and days:
            ordinal = [(int(position), code) for _, code in days]
        if ordinal:
            n, code = ordinal[0]
            return (
                f"the {_ORDINALS.get(n, f'{n}th')} {DAY_NAMES[DAY_CODES.index(code)]} of {months}"
            )
        day = parts.get("BYMONTHDAY") or str(recurrence.first.day)
        return f"{months} on the {_nth(int(day.split(',')[0]))}"
    return f"every year on {recurrence.first.day} {recurrence.first:%b}"


def describe(recurrence: Recurrence, *, approximate: bool = False) -> str:
    """The series in words with its time and its end: "every weekday at 9:30 AM", "every
    day at 8 AM until Fri 26 Mar", "every evening around 6 PM"."""
    at = "around" if approximate else "at"
    text = f"{cadence(recurrence)} {at} {clock(recurrence.first.time())}"
    until = recurrence.until()
    count = recurrence.parts.get("COUNT")
    if until is not None:
        last = until.astimezone(recurrence.zone)
        text += f" until {last:%a} {last.day} {last:%b}"
    elif count is not None:
        text += f", {count} times"
    return text


def _days(byday: str) -> list[tuple[int | None, str]]:
    found = []
    for item in filter(None, byday.split(",")):
        m = _BYDAY.fullmatch(item)
        if m is None:
            raise RuleError(f"not a BYDAY value: {item!r}")
        found.append((int(m.group(1)) if m.group(1) else None, m.group(2)))
    return found


def _ordered(codes: list[str]) -> list[str]:
    return sorted(set(codes), key=DAY_CODES.index)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _nth(n: int) -> str:
    if n < 0:
        return "last day" if n == -1 else f"{-n}th-last day"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
