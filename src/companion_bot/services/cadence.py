"""How often and from when until when a message says something repeats (pure): "every
weekday", "every other tuesday", "mondays and thursdays", "first monday of the month", "on
the 15th of every month", "every evening"; "starting monday", "until friday", "for 6
weeks"; and the rule (:class:`..proactive.recurrence.Recurrence`) they make at a wall time.
One how-often phrase per message, the most specific that matches.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from companion_bot.extraction import TimeMention, parse_times
from companion_bot.proactive.recurrence import Recurrence, join_parts

_DAY_CODE: Final = {
    "mo": "MO",
    "tu": "TU",
    "we": "WE",
    "th": "TH",
    "fr": "FR",
    "sa": "SA",
    "su": "SU",
}
_FULL = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
#: A weekday as said: "monday", "mondays", "mon", "thurs".
DAY = rf"(?:{_FULL}|mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)\b"
_PLURAL = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days\b"
_SEP = r"\s*(?:,\s*(?:and\s+|&\s*)?|\band\b|&|\+|/)\s*(?:on\s+)?"
_DAYS = rf"{DAY}(?:{_SEP}{DAY})*"
_PLURALS = rf"{_PLURAL}(?:{_SEP}{_PLURAL})*"
_ORDINAL: Final = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": -1,
}
_ORD = "|".join(_ORDINAL)
_EVERY_N: Final = {
    "other": 2,
    "second": 2,
    "2nd": 2,
    "two": 2,
    "2": 2,
    "third": 3,
    "3rd": 3,
    "three": 3,
    "3": 3,
    "fourth": 4,
    "4th": 4,
    "four": 4,
    "4": 4,
}
_N = "|".join(_EVERY_N)
_WORKDAYS = "MO,TU,WE,TH,FR"
_COUNTS: Final = {
    "a": 1,
    "one": 1,
    "two": 2,
    "a couple of": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often a message says a plan repeats: RRULE parts (no ``UNTIL``), where it was
    said, and the part of day it named ("every evening"), if any."""

    parts: dict[str, str]
    span: tuple[int, int]
    part_of_day: str | None = None


@dataclass(frozen=True, slots=True)
class Bounds:
    """When the repetition starts and ends, as said ("starting monday", "until friday")."""

    start: dt.date | None = None
    until: dt.date | None = None
    weeks: int | None = None  # "for 3 weeks": ends that long after the first
    days: int | None = None  # "for 10 days"
    spans: tuple[tuple[int, int], ...] = ()


# -- how often ---------------------------------------------------------------------------


def _codes(days: str) -> str:
    found = re.findall(DAY, days, re.I)
    codes = sorted({_DAY_CODE[d[:2].lower()] for d in found}, key=list(_DAY_CODE.values()).index)
    return ",".join(codes)


def _weekly(m: re.Match[str]) -> dict[str, str]:
    return {"FREQ": "WEEKLY", "BYDAY": _codes(m.group("days"))}


def _weekly_n(m: re.Match[str]) -> dict[str, str]:
    n = _EVERY_N[m.group("n").lower()] if "n" in m.groupdict() and m.group("n") else 2
    return {"FREQ": "WEEKLY", "INTERVAL": str(n), "BYDAY": _codes(m.group("days"))}


def _monthly_nth(m: re.Match[str]) -> dict[str, str]:
    n = _ORDINAL[m.group("ord").lower()]
    return {"FREQ": "MONTHLY", "BYDAY": f"{n}{_codes(m.group('day'))}"}


def _monthly_day(m: re.Match[str]) -> dict[str, str]:
    day = int(m.group("md"))
    return {"FREQ": "MONTHLY", "BYMONTHDAY": str(day)} if 1 <= day <= 31 else {}


def _daily_n(m: re.Match[str]) -> dict[str, str]:
    return {"FREQ": "DAILY", "INTERVAL": str(_EVERY_N[m.group("n").lower()])}


def _fixed(parts: dict[str, str]) -> Callable[[re.Match[str]], dict[str, str]]:
    return lambda _: dict(parts)


#: How-often phrases, the first that matches wins (most specific first).
_CADENCES: Final[tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], dict[str, str]]], ...]] = (
    (
        re.compile(
            rf"\b(?:on\s+)?(?:the\s+)?(?P<ord>{_ORD})\s+(?P<day>{DAY})\s+(?:of\s+)?"
            r"(?:the|each|every|a)\s+month\b"
            rf"|\b(?:(?:every|each)\s+month|monthly)\s+on\s+the\s+(?P<ord2>{_ORD})\s+"
            rf"(?P<day2>{DAY})",
            re.I,
        ),
        lambda m: _monthly_nth(m) if m.group("ord") else _monthly_nth2(m),
    ),
    (
        re.compile(
            r"\b(?:on\s+)?the\s+(?P<md>\d{1,2})(?:st|nd|rd|th)\s+of\s+(?:each|every|the)\s+"
            r"month\b|\b(?:(?:every|each)\s+month|monthly)\s+on\s+the\s+(?P<md2>\d{1,2})"
            r"(?:st|nd|rd|th)?\b",
            re.I,
        ),
        lambda m: _monthly_day(m) if m.group("md") else _monthly_day2(m),
    ),
    (
        re.compile(
            r"\b(?:every|each|on)\s+(?:week\s?day|work\s?day|working day|business day)s?\b"
            r"|\b(?:week\s?days|work\s?days)\b|\bm-f\b"
            r"|\bmon(?:day)?\s*(?:-|–|to|thru|through)\s*fri(?:day)?\b",
            re.I,
        ),
        _fixed({"FREQ": "WEEKLY", "BYDAY": _WORKDAYS}),
    ),
    (
        re.compile(r"\b(?:every|each|on)\s+weekends?\b|\bweekends\b", re.I),
        _fixed({"FREQ": "WEEKLY", "BYDAY": "SA,SU"}),
    ),
    (
        re.compile(
            rf"\b(?:every|each)\s+(?P<n>{_N})\s+(?:weeks?\s+(?:on\s+)?)?(?P<days>{_DAYS})",
            re.I,
        ),
        _weekly_n,
    ),
    (
        re.compile(
            rf"\b(?:bi-?weekly|fortnightly)\s+(?:on\s+)?(?P<days>{_DAYS})"
            rf"|\b(?:on\s+)?(?P<days2>{_DAYS})\s+(?:every\s+(?:other|2|two)\s+weeks?|"
            r"bi-?weekly|fortnightly)\b",
            re.I,
        ),
        lambda m: {
            "FREQ": "WEEKLY",
            "INTERVAL": "2",
            "BYDAY": _codes(m.group("days") or m.group("days2")),
        },
    ),
    (re.compile(rf"\bevery\s+(?P<n>{_N})\s+days?\b", re.I), _daily_n),
    (
        re.compile(
            rf"\b(?:every|each)\s+(?:week\s+)?(?:on\s+)?(?P<days>{_DAYS})"
            rf"|\b(?:weekly|every\s+week)\s+(?:on\s+)?(?P<days2>{_DAYS})"
            rf"|\b(?:on\s+)?(?P<days3>{_DAYS})\s+(?:weekly|every\s+week)\b"
            rf"|\b(?:on\s+)?(?P<days4>{_PLURALS})",
            re.I,
        ),
        lambda m: {
            "FREQ": "WEEKLY",
            "BYDAY": _codes(
                m.group("days") or m.group("days2") or m.group("days3") or m.group("days4")
            ),
        },
    ),
    (
        re.compile(r"\b(?:every|each)\s+(?:single\s+)?day\b|\bdaily\b|\beveryday\b", re.I),
        _fixed({"FREQ": "DAILY"}),
    ),
)
_DAILY_PART = re.compile(
    r"\b(?:every|each)\s+(?P<part>morning|afternoon|evening|night)\b|\b(?P<nightly>nightly)\b",
    re.I,
)


def _monthly_nth2(m: re.Match[str]) -> dict[str, str]:
    n = _ORDINAL[m.group("ord2").lower()]
    return {"FREQ": "MONTHLY", "BYDAY": f"{n}{_codes(m.group('day2'))}"}


def _monthly_day2(m: re.Match[str]) -> dict[str, str]:
    day = int(m.group("md2"))
    return {"FREQ": "MONTHLY", "BYMONTHDAY": str(day)} if 1 <= day <= 31 else {}


#: Every pattern above holds one of these (lower case): a text with none repeats nothing,
#: and most chat has none, so the patterns are not searched.
_CADENCE_GATE = (
    "every", "each", "month", "week", "work", "business", "m-f", "daily", "nightly",
    "fortnight", "days", "mon",
)  # fmt: skip


def cadence_in(text: str) -> Cadence | None:
    """How often ``text`` says something repeats, if it says so in a way read here."""
    lowered = text.lower()
    if not any(word in lowered for word in _CADENCE_GATE):
        return None
    for pattern, parts_of in _CADENCES:
        m = pattern.search(text)
        if m is not None:
            parts = parts_of(m)
            if parts and parts.get("BYDAY", "x"):
                return Cadence(parts, m.span())
    m = _DAILY_PART.search(text)
    if m is not None:
        part = "night" if m.group("nightly") else m.group("part").lower()
        return Cadence({"FREQ": "DAILY"}, m.span(), part_of_day=part)
    return None


# -- from when, until when ---------------------------------------------------------------

_UNTIL = re.compile(r"\b(?:until|till|til|through|thru|up to|ending)\s+(?:on\s+)?", re.I)
_FROM = re.compile(r"\b(?:starting|beginning|from|as of|effective)\s+(?:on\s+|from\s+)?", re.I)
_NEXT_WEEK = re.compile(r"\b(?:starting|beginning|from)\s+next\s+week\b", re.I)
_FOR = re.compile(
    r"\bfor\s+(?:the\s+next\s+)?(?P<n>\d{1,2}|a couple of|a|one|two|three|four|five|six|seven|"
    r"eight|nine|ten)\s+(?P<unit>days?|weeks?)\b",
    re.I,
)


def _date_at(text: str, at: int, midnight: dt.datetime) -> TimeMention | None:
    """The date said right at ``at`` (a day, not a clock time), read on its own: beside the
    rest a time group may take it in ("tuesday at 6pm starting april 6")."""
    found = parse_times(text[at:], midnight)
    first = found[0] if found else None
    if first is None or first.span[0] != 0 or first.grain != "day":
        return None
    return TimeMention(first.start, first.end, first.grain, (at, at + first.span[1]), first.text)


def bounds_in(text: str, local_midnight: dt.datetime) -> Bounds:
    """The start and end a message gives a repetition."""
    start = until = None
    weeks = days = None
    spans: list[tuple[int, int]] = []
    for m in _UNTIL.finditer(text):
        found = _date_at(text, m.end(), local_midnight)
        if found is not None and until is None:
            until = found.start.date()
            spans.append((m.start(), found.span[1]))
    for m in _FROM.finditer(text):
        found = _date_at(text, m.end(), local_midnight)
        if found is not None and start is None:
            start = found.start.date()
            spans.append((m.start(), found.span[1]))
    m_next = _NEXT_WEEK.search(text)
    if m_next is not None and start is None:
        today = local_midnight.date()
        start = today + dt.timedelta(days=7 - today.weekday())
        spans.append(m_next.span())
    m_for = _FOR.search(text)
    if m_for is not None:
        said = m_for.group("n").lower()
        n = int(said) if said.isdigit() else _COUNTS[said]
        if m_for.group("unit").lower().startswith("week"):
            weeks = n
        else:
            days = n
        spans.append(m_for.span())
    return Bounds(start, until, weeks, days, tuple(spans))


def rule_for(
    cadence: Cadence, bounds: Bounds, at: dt.time, local_now: dt.datetime
) -> Recurrence | None:
    """The rule of ``cadence`` at wall time ``at``, first after ``local_now`` (and not
    before ``bounds.start``); ``None`` when it ends before it starts."""
    zone = local_now.tzinfo
    assert isinstance(zone, ZoneInfo)
    earliest = max(local_now.date(), bounds.start or local_now.date())
    plain = {k: v for k, v in cadence.parts.items() if k != "INTERVAL"}
    probe = Recurrence(join_parts(plain), dt.datetime.combine(earliest, at), zone)
    first = probe.first_after(local_now)
    if first is None:
        return None
    parts = dict(cadence.parts)
    last = bounds.until
    if bounds.weeks is not None:
        last = first.date() + dt.timedelta(weeks=bounds.weeks, days=-1)
    elif bounds.days is not None:
        last = first.date() + dt.timedelta(days=bounds.days - 1)
    if last is not None:
        if last < first.date():
            return None
        parts["UNTIL"] = f"{last:%Y%m%d}T235959"
    return Recurrence(join_parts(parts), first, zone)
