"""Time atoms: the pieces a time expression is made of, and what they share.

``atom_scan`` prepares a text for the atom finders in ``date_atoms`` and ``clock_atoms``;
the cheap gates (which word families occur) decide which patterns run at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from companion_bot.extraction.lexicon import (
    CLOCK_WORDS,
    HOLIDAY_WORDS,
    MONTH_FIRST_ZONES,
    MONTHS,
    NUMBER_WORDS,
    ONE_O_CLOCK_WORDS,
    ORDINAL_WORDS,
    PART_WORDS,
    REGION_WORDS,
    RELDAY_WORDS,
    UNIT_WORDS,
    WEEKDAYS,
    ZONE_NAMES,
    ZONE_OFFSETS,
    alternation,
    wordset,
)

MAX_CHARS = 4000
UTC = dt.UTC

# Accents folded so one spelling serves ("reunión", "mañana", "fällt"); "à" stays, it is a
# word of its own ("à 15h", "às 14h").
_FOLD = str.maketrans("áâãäéèêëíìîïóòôõöúùûüñç", "aaaaeeeeiiiiooooouuuunc")
_TRANSLATE = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-", "’": "'",
                            "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "＠": "@"})  # fmt: skip


WD = alternation(list(WEEKDAYS))
MON = alternation(list(MONTHS))
HOURW = alternation(
    [
        w
        for w, v in NUMBER_WORDS.items()
        if isinstance(v, int) and 1 <= v <= 12 and " " not in w and w not in ("a", "an")
    ]
)
ORDW = alternation(list(ORDINAL_WORDS))
AMPM = r"(?P<ap>[ap])\.?\s?m\b\.?|(?P<ap2>[ap])(?![a-z'])"
ZONE = alternation(list(ZONE_OFFSETS) + list(ZONE_NAMES))
ZONE_WORDS = frozenset(ZONE_OFFSETS) | frozenset(w.split()[0] for w in ZONE_NAMES)


# Cheap gates: which word families occur decides which patterns run at all.
WORD = re.compile(r"[a-z]+")
DIGIT = re.compile(r"\d")


DIGITS = re.compile(r"\d+")


def windows(s: str, anchor: re.Pattern[str], before: int, after: int) -> list[tuple[int, int]]:
    """The stretches of ``s`` a pattern needs scanning in: around each anchor word it must
    contain (a unit, a weekday), ``before``/``after`` characters either side, overlapping
    ones joined. A long message with one "in 20 mins" is scanned over 100 characters."""
    spans: list[tuple[int, int]] = []
    for m in anchor.finditer(s):
        lo, hi = max(0, m.start() - before), min(len(s), m.end() + after)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def finditer_in(
    pattern: re.Pattern[str], s: str, spans: list[tuple[int, int]]
) -> list[re.Match[str]]:
    """Matches of ``pattern`` within the stretches ``spans`` of ``s``, each once."""
    found: list[re.Match[str]] = []
    for lo, hi in spans:
        for m in pattern.finditer(s, lo, hi):
            if not found or m.start() >= found[-1].end():
                found.append(m)
    return found


def digit_matches(starts: list[int], pattern: re.Pattern[str], s: str) -> list[re.Match[str]]:
    """Matches of a digit-led pattern tried only where a run of digits begins."""
    return [m for pos in starts if (m := pattern.match(s, pos)) is not None]


HOUR_WORDS = frozenset(
    w for w, v in NUMBER_WORDS.items() if " " not in w and w not in ("a", "an", "one")
)
MONTHS_NOT_MAY = frozenset(MONTHS) - {"may"}
AMOUNT_WORDS = wordset("a an one half couple few several") | HOUR_WORDS
TIME_WORDS = (
    HOUR_WORDS | RELDAY_WORDS | UNIT_WORDS | CLOCK_WORDS | PART_WORDS | HOLIDAY_WORDS
    | frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(ORDINAL_WORDS)
)  # fmt: skip
RESCHEDULE_BEFORE = re.compile(
    r"\b(?:mov\w*|push\w*|postpon\w*|reschedul\w*|chang\w*|shift\w*|bump\w*|delay\w*|"
    r"brought|bring)\b[^.!?;]{0,30}$"
)
STRONG_AT = re.compile(
    r"(?:\b(?:at|around|about|abt|approx\.?|approximately|starting at|starts at|starting|"
    r"from|until|untill|till|til|a las|a la|às|alle|vers)\s*|@\s*)"
    r"(?:\b(?:uh+|um+|uhm|erm?|like)\b[\s,]*)?$"
)


# A number after these is a room, a version, a price...: not a clock time or a day.month.
NOT_A_TIME_BEFORE = re.compile(
    r"(?:\b(?:room|rm|gate|platform|floor|level|building|bldg|unit|suite|ext|no|number|version|"
    r"ver|v|release|build|chapter|ch|section|sec|page|step|figure|fig|table|lecture hall|hall|"
    r"size|grade|score|rated|ratio|rate|costs?|price|paid|pay)\.?\s*#?|[£$€#]\s*)$"
)


@dataclass(slots=True)
class Atom:
    """One recognised piece: a date, a clock time, a part of day, an offset, ..."""

    start: int
    end: int
    kind: str  # date | time | num | part | rel | zone | dur | range
    date: dt.date | None = None
    date_kind: str = ""  # full | rel | wd | dom
    weekday: int = -1
    past: bool = False
    hour: int = -1
    minute: int = 0
    ampm: str = ""  # "am" | "pm" | ""
    exact: bool = False  # 24-hour clock, no am/pm reading to choose
    strong: bool = False
    approx: bool = False
    part: str = ""
    delta: dt.timedelta | None = None
    delta_days: bool = False
    tz: dt.tzinfo | None = None  # a stated zone ("CET", "ET")
    end_atom: Atom | None = None
    habit: bool = False
    military: bool = False  # "1530" with nothing saying it is a time: only beside a day


def normalize(text: str) -> str:
    """Lower-case, unify dashes and quotes, fold accents ("miércoles" -> "miercoles"), keep
    every offset (one char for one char)."""
    cut = text[:MAX_CHARS]
    if cut.isascii():
        return cut.lower()  # no dash, quote or accent to unify: the common case, fast
    cut = cut.translate(_TRANSLATE)
    low = cut.lower()
    if len(low) != len(cut):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in cut)
    return low.translate(_FOLD) if not low.isascii() else low


def is_month_first(now: dt.datetime) -> bool:
    return str(getattr(now.tzinfo, "key", "")) in MONTH_FIRST_ZONES


def full_year(raw: str | None, now: dt.datetime) -> int | None:
    if not raw:
        return None
    raw = raw.strip("'")
    value = int(raw)
    return value + 2000 if value < 100 else value


def make_date(year: int | None, month: int, day: int, now: dt.datetime) -> dt.date | None:
    """A calendar date; with no year, this year's unless it has passed (then next year's)."""
    today = now.date()
    try:
        if year is not None:
            return dt.date(year, month, day)
        candidate = dt.date(today.year, month, day)
        if candidate < today:
            candidate = dt.date(today.year + 1, month, day)
        return candidate
    except ValueError:
        if year is None and month == 2 and day == 29:
            for y in range(today.year, today.year + 8):
                try:
                    return dt.date(y, 2, 29)
                except ValueError:
                    continue
        return None


def parse_amount(word: str) -> float | None:
    word = re.sub(r"\s+", " ", word.strip())
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


def word_hour(word: str) -> int:
    if word.isdigit():
        return int(word)
    value = NUMBER_WORDS.get(word, -1)
    return int(value)


@dataclass(slots=True)
class AtomScan:
    """One text being scanned for atoms: the text, ``now``, and which word families occur."""

    s: str
    now: dt.datetime
    words: frozenset[str]
    found: list[Atom] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    has_digit: bool = False
    has_colon: bool = False
    has_dot: bool = False
    has_hour_word: bool = False
    has_relday: bool = False
    has_wd: bool = False
    has_month: bool = False
    has_unit: bool = False
    has_ordinal: bool = False
    has_rel: bool = False
    has_dur: bool = False
    has_wordclock: bool = False
    has_part: bool = False
    has_zone: bool = False
    has_ordinal_word: bool = False
    has_holiday: bool = False
    has_place_time: bool = False  # "manila time", "their time": zones named by place
    has_region: bool = False

    @property
    def today(self) -> dt.date:
        return self.now.date()

    @property
    def month_first(self) -> bool:
        return is_month_first(self.now)

    def add(self, atom: Atom) -> None:
        self.found.append(atom)


# Word families as bits: one dictionary lookup per word of the text sets every gate.
_FAMILY_WORDS: dict[str, frozenset[str]] = {
    "hour": HOUR_WORDS,
    "one_clock": ONE_O_CLOCK_WORDS,
    "relday": RELDAY_WORDS,
    "wd": frozenset(WEEKDAYS),
    "month": MONTHS_NOT_MAY,
    "unit": UNIT_WORDS,
    "unit_letter": frozenset("mhdw"),
    "ordinal_suffix": frozenset(["st", "nd", "rd", "th"]),
    "amount": AMOUNT_WORDS,
    "clock": CLOCK_WORDS,
    "part": PART_WORDS,
    "zone": ZONE_WORDS,
    "ordinal_word": frozenset(ORDINAL_WORDS),
    "holiday": HOLIDAY_WORDS,
    "region": frozenset(REGION_WORDS),
    "may": frozenset(["may"]),
    "one": frozenset(["one"]),
    "past": frozenset(["past"]),
    "on": frozenset(["on"]),
    "time": frozenset(["time"]),
}
_BIT = {name: 1 << i for i, name in enumerate(_FAMILY_WORDS)}
_WORD_BITS: dict[str, int] = {}
for _name, _family in _FAMILY_WORDS.items():
    for _word in _family:
        _WORD_BITS[_word] = _WORD_BITS.get(_word, 0) | _BIT[_name]


def _families(words: frozenset[str]) -> int:
    bits = 0
    get = _WORD_BITS.get
    for w in words:
        bits |= get(w, 0)
    return bits


def atom_scan(s: str, now: dt.datetime, words: frozenset[str]) -> AtomScan:
    """The scan context, with the cheap gates that decide which patterns run."""
    c = AtomScan(s, now, words)
    bits = _families(words)
    b = _BIT
    c.starts = [m.start() for m in DIGITS.finditer(s)]
    digit = c.has_digit = bool(c.starts)
    c.has_colon = digit and ":" in s
    c.has_dot = digit and "." in s
    c.has_hour_word = bool(bits & b["hour"]) or (
        bool(bits & b["one"]) and bool(bits & b["one_clock"])
    )
    c.has_relday = bool(bits & b["relday"]) or (digit and "2day" in s)
    c.has_wd = bool(bits & b["wd"])
    c.has_month = bool(bits & b["month"]) or (bool(bits & b["may"]) and digit)
    c.has_unit = bool(bits & b["unit"]) or (digit and bool(bits & b["unit_letter"]))
    c.has_ordinal = digit and bool(bits & b["ordinal_suffix"])
    c.has_rel = c.has_unit and (digit or bool(bits & b["amount"]))
    c.has_dur = c.has_rel or (digit and "'" in s)
    c.has_wordclock = (
        bool(bits & b["clock"]) or c.has_hour_word or (digit and bool(bits & b["past"]))
    )
    c.has_part = bool(bits & b["part"]) or "end of" in s or "close of" in s
    c.has_zone = bool(bits & b["zone"])
    c.has_ordinal_word = bool(bits & b["on"]) and bool(bits & b["ordinal_word"])
    c.has_holiday = bool(bits & b["holiday"])
    c.has_place_time = bool(bits & b["time"])
    c.has_region = bool(bits & b["region"])
    return c
