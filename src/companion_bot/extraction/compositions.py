"""Counted dates: "the last Monday of March", "three fridays from now", "2 days after X".

The first two are atom finders; ``shift_dates`` is a refiner over the atom list that moves
a date atom by "N days/weeks after|before" written just in front of it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from companion_bot.extraction.atoms import MON, WD, Atom, AtomScan, Gates, full_year
from companion_bot.extraction.lexicon import MONTHS, WEEKDAYS
from companion_bot.extraction.tokens import scan

_COUNT = r"(\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_COUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_NTH = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "last": -1,
}  # fmt: skip
_P_NTH_WEEKDAY = re.compile(
    rf"\b(?:the\s+)?({'|'.join(_NTH)})\s+({WD})\s+(?:of|in)\s+"
    rf"(?:({MON})\b\.?|(this|next)\s+month)(?:\s+((?:19|20)\d{{2}}))?"
)
_P_WEEKDAYS_AWAY = re.compile(
    rf"\b{_COUNT}\s+({WD})\s+(from\s+now|from\s+today|ago|back|before|earlier)\b"
)
# The words these patterns' matches begin with (besides a number).
_NTH_FIRST = frozenset(w for w in _NTH if w.isalpha()) | {"the"}
_COUNT_WORDS = frozenset(_COUNTS)
_P_SHIFT_BEFORE = re.compile(rf"\b{_COUNT}\s+(days?|weeks?)\s+(after|before|from)\s+$")
_P_COUNT_BEFORE = re.compile(rf"\b{_COUNT}\s+$")


def _count(raw: str) -> int:
    return int(raw) if raw.isdigit() else _COUNTS.get(raw, 0)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    days = [
        d
        for d in calendar.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    if nth == -1:
        return days[-1]
    return days[nth - 1] if nth <= len(days) else None


def finders(g: Gates) -> list[Callable[[AtomScan], None]]:
    """The finders of counted dates that may find anything in a text with these gates."""
    return [
        finder
        for finder, runs in (
            (find_nth_weekdays, g.nth_weekday),
            (find_weekdays_away, g.weekdays_away),
        )
        if runs
    ]


def find_nth_weekdays(c: AtomScan) -> None:
    """ "the last Monday of March", "first friday of next month" (a passed one: next year)."""
    today = c.today
    for m in scan(_P_NTH_WEEKDAY, c.index, _NTH_FIRST, digits=True):
        nth, weekday = _NTH[m.group(1)], WEEKDAYS[m.group(2)]
        if m.group(3):
            month, year = MONTHS[m.group(3)], full_year(m.group(5), c.now) or today.year
        else:
            ahead = 1 if m.group(4) == "next" else 0
            month = (today.month - 1 + ahead) % 12 + 1
            year = today.year + (today.month - 1 + ahead) // 12
        day = _nth_weekday(year, month, weekday, nth)
        if day is not None and day < today and m.group(3) and not m.group(5):
            day = _nth_weekday(year + 1, month, weekday, nth)
        if day is not None:
            c.add(Atom(m.start(), m.end(), "date", date=day, date_kind="full", strong=True,
                       past=day < today))  # fmt: skip


def find_weekdays_away(c: AtomScan) -> None:
    """ "three fridays from now" (the third after today), "2 thursdays ago"."""
    today = c.today
    for m in scan(_P_WEEKDAYS_AWAY, c.index, _COUNT_WORDS, digits=True):
        count, weekday = _count(m.group(1)), WEEKDAYS[m.group(2)]
        if count < 1:
            continue
        if m.group(3).startswith("from"):
            first = today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7)
            day = first + dt.timedelta(weeks=count - 1)
        else:
            first = today - dt.timedelta(days=(today.weekday() - weekday) % 7 or 7)
            day = first - dt.timedelta(weeks=count - 1)
        c.add(Atom(m.start(), m.end(), "date", date=day, date_kind="full", strong=True,
                   past=day < today))  # fmt: skip


def shift_dates(s: str, atoms: list[Atom], today: dt.date) -> list[Atom]:
    """ "2 days after next Friday", "2 weeks after yesterday", "3 day after tomorrow"."""
    shifted: list[Atom] = []
    for a in atoms:
        if a.kind != "date" or a.date is None:
            continue
        lead = s[max(0, a.start - 24) : a.start]
        m = _P_SHIFT_BEFORE.search(lead)
        if m is not None:
            count = _count(m.group(1)) * (7 if m.group(2).startswith("w") else 1)
            sign = -1 if m.group(3) == "before" else 1
            a.date += dt.timedelta(days=sign * count)
        elif s.startswith("day after", a.start) and (m := _P_COUNT_BEFORE.search(lead)):
            a.date += dt.timedelta(days=_count(m.group(1)) - 1)  # "3 day after tomorrow"
        else:
            continue
        a.start -= len(lead) - m.start()
        a.date_kind, a.weekday, a.past, a.part = "full", -1, a.date < today, ""
        shifted.append(a)
    if not shifted:
        return atoms
    return [b for b in atoms if b in shifted or not any(_inside(b, a) for a in shifted)]


def _inside(b: Atom, a: Atom) -> bool:
    return b is not a and a.start <= b.start and b.end <= a.end
