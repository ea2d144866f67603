"""Time atoms: the pieces a time expression is made of, and what they share.

``atom_scan`` prepares a text for the atom finders in ``date_atoms`` and ``clock_atoms``;
the cheap gates (which word families occur) decide which patterns run at all.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from companion_bot.extraction.lexicon import (
    CATALAN_HOURS,
    CLOCK_WORDS,
    DAY_AFTER_TOMORROW_FIRST,
    FOREIGN_CLOCK_WORDS,
    FOREIGN_GLUED_CLOCK_WORDS,
    FOREIGN_HOUR_BEFORE,
    FOREIGN_OFFSET_UNIT_WORDS,
    FOREIGN_PARTS,
    GLUED_CASE_LANGUAGE_WORDS,
    HINDI_CLOCK_WORDS,
    HOLIDAY_WORDS,
    LIST_WEEKDAYS,
    MONTH_ABBREVIATIONS_AFTER_A_DAY,
    MONTH_FIRST_ZONE_AREAS,
    MONTH_FIRST_ZONES,
    MONTHS,
    MONTHS_AFTER_A_DAY,
    NATIVE_SCRIPT_CHARS,
    NUMBER_WORDS,
    OF_PARTS,
    ONE_O_CLOCK_WORDS,
    ORDINAL_WORDS,
    PART_WORDS,
    POLISH_HALF_WORDS,
    REGION_WORDS,
    RELDAY_WORDS,
    ROMANCE_CLOCK_WORDS,
    ROMANCE_HOURS,
    UNIT_WORDS,
    WEEKDAY_FIRST_WORDS,
    WEEKDAYS,
    ZONE_NAMES,
    ZONE_OFFSETS,
    alternation,
    wordset,
)
from companion_bot.extraction.tokens import index_of

_NATIVE = re.compile(f"[{NATIVE_SCRIPT_CHARS}]")


_native_last: tuple[str, bool] = ("", False)


def has_native_script(s: str) -> bool:
    """Whether ``s`` holds a character of the other scripts read (``script_times``); the
    answer for the last text asked about is kept (its stages ask again, clause by clause)."""
    global _native_last
    if s.isascii():
        return False
    last = _native_last  # read once: another thread may replace it
    if last[0] is s:
        return last[1]
    found = _NATIVE.search(s) is not None
    _native_last = (s, found)
    return found


MAX_CHARS = 4000
UTC = dt.UTC
# The years whose every wall-clock time exists in every zone: the calendar of ``datetime``
# ends within a day of 1-01-01 and 9999-12-31.
MIN_YEAR, MAX_YEAR = dt.MINYEAR + 1, dt.MAXYEAR - 1

# Accents folded so one spelling serves: Latin letters with marks -> the plain letter
# ("reunión", "mañana", "fällt", "poniedziałek", "yarın", "çarşamba"); "à" stays, it is a
# word of its own ("à 15h", "às 14h").
_FOLD_FROM = "áâãäéèêëíìîïóòôõöúùûüñçåāăąćčďđęěğıłńňřśšşţťůźżžøœőű"
_FOLD_TO = "aaaaeeeeiiiiooooouuuuncaaaaccddeegilnnrsssttuzzzooou"
# Vietnamese letters with one or two marks ("giờ", "chiều", "họp"), Romanian "ș", "ț"
# ("marți") -> their base letter.
_VIETNAMESE = "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịĩọỏốồổỗộơớờởỡợụủũưứừửữựỳỵỷỹýșț"
_FOLD_FROM += _VIETNAMESE
_FOLD_TO += "".join(unicodedata.normalize("NFD", ch)[0] for ch in _VIETNAMESE)
# Azerbaijani "ə" ("sabah saat 11-də"), Maltese "ħ", "ġ", "ċ" ("għada"), Latvian and
# Lithuanian long and nasal vowels ("rīt", "pirmadienį"), Welsh "ŵ", "ŷ", Yoruba "ṣ", Slovak
# "ľ", "ĺ", "ŕ", Icelandic "ð", "þ" (one letter for one: "þriðjudag" -> "tridjudag").
_FOLD_FROM += "əħġċēīūģķļņėįųŵŷṣŕĺľðþ"
_FOLD_TO += "ehgceiugklneiuwysrlldt"
# Turkish capital dotted "İ", whose lower case is two characters and so is kept: "İkindi".
_FOLD_FROM += "İ"
_FOLD_TO += "i"
# The characters the tables below change (each to one character, so offsets are kept).
_TO_FOLD = re.compile(f"[{_FOLD_FROM}]")
_TO_UNIFY = re.compile("[–—−‐‑’‘“”\u00a0＠：〜～（）]")
_UNIFIED = {"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-", "’": "'",
            "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "＠": "@",
            # East Asian full-width marks: "日時：2028年2月12日（土）17:30〜18:00"
            "：": ":", "〜": "-", "～": "-", "（": "(", "）": ")"}  # fmt: skip
_FOLDED = dict(zip(_FOLD_FROM, _FOLD_TO, strict=True))
# "à" inside or at the end of a word is a letter, folded: Catalan "demà" (tomorrow), Italian
# "città"; alone it stays the word "à".
_LETTER_A_GRAVE = re.compile(r"(?<=[^\W\d_])à")


WD = alternation(list(WEEKDAYS))
MON = alternation(list(MONTHS))
# Number words that may be an hour ("two", "eleven"; "few" and "several" are read as 3).
HOURW_WORDS = frozenset(
    w
    for w, v in NUMBER_WORDS.items()
    if isinstance(v, int) and 1 <= v <= 12 and " " not in w and w not in ("a", "an")
)
HOURW = alternation(sorted(HOURW_WORDS))
ORDW = alternation(list(ORDINAL_WORDS))
AMPM = (
    r"(?P<ap>[ap])\.?\s?m\b\.?|(?<!\s)(?P<ap2>[ap])(?![a-z'])"  # "3:30p"; "£1.20 a mile" is no a.m.
)
ZONE = alternation(list(ZONE_OFFSETS) + list(ZONE_NAMES))
ZONE_WORDS = frozenset(ZONE_OFFSETS) | frozenset(w.split()[0] for w in ZONE_NAMES)


# Cheap gates: which word families occur decides which patterns run at all.
DIGIT = re.compile(r"\d")
SPACES = re.compile(r"\s+")  # runs of spaces, read as one


def windows(
    s: str, anchors: Iterable[re.Match[str]], before: int, after: int
) -> list[tuple[int, int]]:
    """The stretches of ``s`` a pattern needs scanning in: around each anchor word it must
    contain (a unit, a weekday), ``before``/``after`` characters either side, overlapping
    ones joined. A long message with one "in 20 mins" is scanned over 100 characters."""
    spans: list[tuple[int, int]] = []
    n = len(s)
    for m in anchors:
        lo, hi = m.start() - before, m.end() + after
        lo, hi = lo if lo > 0 else 0, hi if hi < n else n
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


def finditer_in_at(
    pattern: re.Pattern[str], s: str, spans: list[tuple[int, int]], starts: list[int]
) -> list[re.Match[str]]:
    """What ``finditer_in`` finds, tried only at ``starts`` (ascending): the same matches
    whenever every match of the pattern begins at one of them, or at the word a stretch cuts
    short (the stretch ends the text for the pattern: "ad|d" reads as "ad"). Patterns that
    cost much per position tried ("in 20 mins", "for 45 minutes") are run this way."""
    found: list[re.Match[str]] = []
    match = pattern.match
    k, n = 0, len(starts)
    for lo, hi in spans:
        while k < n and starts[k] < lo:
            k += 1
        j = k
        while j < n and starts[j] < hi:
            j += 1
        tried = starts[k:j]
        cut = _cut_word(s, lo, hi)
        if cut >= 0:
            tried = sorted([*tried, cut])
        end = lo  # as finditer(s, lo, hi): each match after the one before in this stretch
        for pos in tried:
            if pos < end:
                continue
            m = match(s, pos, hi)
            if m is not None:
                end = m.end()
                if not found or m.start() >= found[-1].end():
                    found.append(m)
    return found


def _cut_word(s: str, lo: int, hi: int) -> int:
    """Where the word that ``hi`` cuts in two begins (within ``lo:hi``), or -1."""
    if not (0 < hi < len(s) and "a" <= s[hi] <= "z" and "a" <= s[hi - 1] <= "z"):
        return -1
    i = hi - 1
    while i > lo and "a" <= s[i - 1] <= "z":
        i -= 1
    return i


def digit_matches(starts: list[int], pattern: re.Pattern[str], s: str) -> list[re.Match[str]]:
    """Matches of a digit-led pattern tried only where it may begin (``AtomScan``'s starts)."""
    match = pattern.match
    return [m for pos in starts if (m := match(s, pos)) is not None]


HOUR_WORDS = frozenset(
    w for w, v in NUMBER_WORDS.items() if " " not in w and w not in ("a", "an", "one")
)
MONTHS_NOT_MAY = frozenset(MONTHS) - {"may"}
AMOUNT_WORDS = wordset("a an one half couple few several") | HOUR_WORDS
TIME_WORDS = (
    HOUR_WORDS | RELDAY_WORDS | UNIT_WORDS | CLOCK_WORDS | PART_WORDS | HOLIDAY_WORDS
    | frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(ORDINAL_WORDS) | frozenset(ROMANCE_HOURS)
    | frozenset(["saat", "ora"])  # Turkish hours in words: "gece saat ikide"; Hungarian "12 óra"
    | (frozenset(CATALAN_HOURS) - {"set"}) | wordset("tarda vespre mati")  # "a les set de la tarda"
)  # fmt: skip
RESCHEDULE_BEFORE = re.compile(
    r"\b(?:mov\w*|push\w*|postpon\w*|reschedul\w*|chang\w*|shift\w*|bump\w*|delay\w*|"
    r"brought|bring|pull(?:ed|ing|s)?(?=\s+(?:forward|up|in|ahead|earlier)\b))\b"
    r"(?:(?!\bto\b)[^.!?;]){0,30}(?:\bto\s*)?$"  # the move's own "to" only: "moved to 3"
)
STRONG_AT = re.compile(
    r"(?:\b(?:at|around|about|abt|approx\.?|approximately|starting at|starts at|starting|"
    r"from|until|untill|till|til|a las|a la|a les|para las|para la|às|alle|vers|jam|pukul|"
    r"saat|om|um|o)"
    r"\s*|@\s*)"
    r"(?:\b(?:uh+|um+|uhm|erm?|like)\b[\s,]*)?$"
)
# How a stretch ``STRONG_AT`` matches in ends once its trailing spaces are stripped: a word
# of it ("at", "around", a filler's "uh"/"um"/"like"), "@" or a comma. A cheap test first.
_STRONG_AT_ENDS = (
    "at", "around", "about", "abt", "approx", "approx.", "approximately", "starting", "from",
    "until", "untill", "till", "til", "las", "la", "les", "às", "alle", "vers", "jam", "pukul",
    "saat", "om", "um", "o",  # Turkish, Dutch, German, Polish "at"
    "@", "h", "m", "er",
    "like", ",",
)  # fmt: skip


def strong_at(text: str) -> bool:
    """Whether ``text`` ends with "at", "around", "@", "from", ... (``STRONG_AT``): a number
    right after it is a time."""
    return text.rstrip().endswith(_STRONG_AT_ENDS) and STRONG_AT.search(text) is not None


def strong_at_before(s: str, pos: int, reach: int = 16) -> bool:
    """``strong_at`` for the ``reach`` characters of ``s`` before ``pos`` (the text around
    them seen by the pattern's word boundaries)."""
    lo = max(0, pos - reach)
    return s[lo:pos].rstrip().endswith(_STRONG_AT_ENDS) and STRONG_AT.search(s, lo, pos) is not None


# A number after these is a room, a version, a price...: not a clock time or a day.month.
NOT_A_TIME_BEFORE = re.compile(
    r"(?:\b(?:room|rm|gate|platform|floor|level|building|bldg|unit|suite|ext|no|number|version|"
    r"ver|v|release|build|firmware|ios|macos|android|kernel|chapter|ch|section|sec|page|step|"
    r"figure|fig|table|lecture hall|hall|court|courtroom|ward|bed|desk|counter|bay|terminal|"
    r"cabin|booth|stage|"
    r"size|grade|score|rated|ratio|rate|costs?|price|paid|pay)\.?\s*#?|[£$€#]\s*)$"
)
# How a stretch ``NOT_A_TIME_BEFORE`` matches in ends, once its spaces, a "#" and a dot are
# stripped: one of its words ("lecture hall" in "hall") or a mark. A cheap test first.
_NOT_A_TIME_ENDS = (
    "room", "rm", "gate", "platform", "floor", "level", "building", "bldg", "unit", "suite",
    "ext", "no", "number", "version", "ver", "v", "release", "build", "firmware", "ios",
    "macos", "android", "kernel", "chapter", "ch", "section", "sec", "page", "step", "figure",
    "fig", "table", "hall", "court", "courtroom", "ward", "bed", "desk", "counter", "bay",
    "terminal", "cabin", "booth", "stage", "size", "grade", "score", "rated", "ratio", "rate",
    "cost", "costs", "price", "paid", "pay",
)  # fmt: skip


def not_a_time_label(s: str, lo: int, hi: int) -> re.Match[str] | None:
    """``NOT_A_TIME_BEFORE.search(s, lo, hi)``: the label right before a number at ``hi``
    ("room ", "version ", "£"), the stretch's end tested first."""
    tail = s[lo:hi].rstrip()
    if not tail.endswith(("£", "$", "€", "#")) and not tail.rstrip(".").endswith(_NOT_A_TIME_ENDS):
        return None
    return NOT_A_TIME_BEFORE.search(s, lo, hi)


# After a house number: up to three words of a street's name, then its kind, closing the
# address ("1130 Market St, apt 12B", "at 14 Awolowo Road, Ikoyi", "350 5th Ave.").
STREET_AFTER = re.compile(
    r"(?:\s+(?!(?:with|at|on|in|the|to|for|and|by|near|or|then|until|till|from|[ap]m)\b)"
    r"[a-z0-9][\w'.-]*){1,3}\s+(?:st|street|rd|road|ave|avenue|lane|ln|blvd|boulevard|"
    r"crescent|terrace|sq|square|hwy|highway|pkwy|parkway)\b\.?"
    r"(?=\s*(?:[,;)\n]|$|\.\s|(?:apt|suite|ste|unit|flat|#)))"
    r"|\s+(?:boul|boulevard|bd|rue|av|avenue|chemin|calle|rua|viale|corso|piazza|"
    r"avenida|carrera|jalan|jl|ulica|ul)\b\.?\s+[a-z]"  # "1250 boul. le corbusier"
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
    cut = _replaced(cut, _TO_UNIFY, _UNIFIED)
    low = cut.lower()
    if len(low) != len(cut):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in cut)
    if low.isascii():
        return low
    if "à" in low:
        low = _LETTER_A_GRAVE.sub("a", low)
    return _replaced(low, _TO_FOLD, _FOLDED)


def _replaced(s: str, chars: re.Pattern[str], table: dict[str, str]) -> str:
    """``s`` with each of ``chars`` (one character) replaced by its one character in
    ``table``: what ``str.translate`` gives, but only the few characters found are looked
    up (``translate`` looks up every character of a non-ASCII text)."""
    return chars.sub(lambda m: table[m.group()], s)


def is_month_first(now: dt.datetime) -> bool:
    key = str(getattr(now.tzinfo, "key", ""))
    return key in MONTH_FIRST_ZONES or key.startswith(MONTH_FIRST_ZONE_AREAS)


def full_year(raw: str | None, now: dt.datetime) -> int | None:
    if not raw:
        return None
    raw = raw.strip("'")
    value = int(raw)
    return value + 2000 if value < 100 else value


def make_date(year: int | None, month: int, day: int, now: dt.datetime) -> dt.date | None:
    """A calendar date; with no year, this year's unless it has passed (then next year's)."""
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return None  # "9999/12/31": past the end of the calendar in some zone
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
    word = SPACES.sub(" ", word.strip())
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


class AtomScan:
    """One text being scanned for atoms: the text, ``now``, the atoms found so far, and where
    each digit-led pattern may begin (the runs of digits it can start at)."""

    __slots__ = (
        "ampm_starts", "colon_starts", "dot_starts", "found", "h_starts", "iso_starts",
        "index", "mil_starts", "now", "num_starts", "numdate_starts", "s", "today",
        "unit_spans", "words",
    )  # fmt: skip

    def __init__(self, s: str, now: dt.datetime, words: frozenset[str]) -> None:
        self.s = s
        self.index = index_of(s, words)  # where its words and numbers begin
        self.now = now
        self.today = now.date()
        self.words = words
        self.found: list[Atom] = []
        # Where each digit-led pattern may begin: a run of digits of the length and before
        # the character the pattern needs ("3:30" only for h:mm, "2026-" only for ISO dates).
        self.iso_starts: list[int] = []
        self.numdate_starts: list[int] = []
        self.ampm_starts: list[int] = []
        self.colon_starts: list[int] = []
        self.h_starts: list[int] = []
        self.dot_starts: list[int] = []
        self.mil_starts: list[int] = []
        self.num_starts: list[int] = []
        self.unit_spans: list[tuple[int, int]] | None = None  # around units, once computed

    @property
    def month_first(self) -> bool:
        return is_month_first(self.now)

    def add(self, atom: Atom) -> None:
        self.found.append(atom)


# Word families as bits: one dictionary lookup per word of the text sets every gate.
_FAMILY_WORDS: dict[str, frozenset[str]] = {
    "hour": HOUR_WORDS,
    "one_clock": ONE_O_CLOCK_WORDS,
    "relday": RELDAY_WORDS | DAY_AFTER_TOMORROW_FIRST,  # "après-demain", "öbür gün"
    "wd": WEEKDAY_FIRST_WORDS,
    "list_wd": frozenset(LIST_WEEKDAYS),
    "month": MONTHS_NOT_MAY,
    "unit": UNIT_WORDS,
    "unit_letter": frozenset("mhdw"),
    "ordinal_suffix": frozenset(["st", "nd", "rd", "th"]),
    "amount": AMOUNT_WORDS,
    "clock": CLOCK_WORDS,
    "part": PART_WORDS,
    "foreign_part": frozenset(FOREIGN_PARTS) | frozenset(OF_PARTS),
    "romance_clock": ROMANCE_CLOCK_WORDS,
    "swahili": frozenset(["saa"]),
    # "2 klok", "3 giờ", "9si", "3-ji", "10tay", "3è30" ("3e30"): foreign_clocks.py
    "foreign_clock": FOREIGN_CLOCK_WORDS
    | FOREIGN_GLUED_CLOCK_WORDS
    | FOREIGN_HOUR_BEFORE
    | GLUED_CASE_LANGUAGE_WORDS
    | frozenset(["e", "saat"]),
    "arabizi": frozenset(["sa", "se"]),  # "sa3a" is the words "sa" and "a"
    "foreign_offset": FOREIGN_OFFSET_UNIT_WORDS,  # "en 14 horas": foreign_offsets.py
    "hindi_clock": HINDI_CLOCK_WORDS,
    "polish_half": POLISH_HALF_WORDS,
    "zone": ZONE_WORDS,
    "ordinal_word": frozenset(ORDINAL_WORDS),
    "holiday": HOLIDAY_WORDS,
    "region": frozenset(REGION_WORDS),
    "may": frozenset(["may"]),
    "day_month": frozenset(MONTHS_AFTER_A_DAY) | frozenset(MONTH_ABBREVIATIONS_AFTER_A_DAY),
    "one": frozenset(["one"]),
    "past": frozenset(["past"]),
    "on": frozenset(["on"]),
    "of": frozenset(["of"]),
    "time": frozenset(["time"]),
    "in": frozenset(["in"]),
    # "the last monday of march": an ordinal, then "of"/"in" (counted weekdays)
    "nth": wordset("first second third fourth fifth last st nd rd th"),
    "of_in": wordset("of in"),
    # "three fridays from now", "2 thursdays ago"
    "away": wordset("from ago back before earlier"),
}
# Gates that are not word families: digits, a few substrings, which digit patterns may begin.
_TEXT_GATES = (
    "digit", "2day", "quote", "end_of", "script",
    "iso", "numdate", "ampm", "colon", "h", "dot", "mil", "num",
)  # fmt: skip
_BIT = {name: 1 << i for i, name in enumerate([*_FAMILY_WORDS, *_TEXT_GATES])}
_WORD_BITS: dict[str, int] = {}
for _name, _family in _FAMILY_WORDS.items():
    for _word in _family:
        _WORD_BITS[_word] = _WORD_BITS.get(_word, 0) | _BIT[_name]
_FAMILY_WORDS_ALL = frozenset(_WORD_BITS)
_AMPM, _ISO, _COLON, _H = _BIT["ampm"], _BIT["iso"], _BIT["colon"], _BIT["h"]
_AMPM_NUM = _AMPM | _BIT["num"]
_AMPM_MIL = _AMPM | _BIT["mil"]
_NUMDATE = _BIT["numdate"]
_DOT_NUMDATE = _BIT["dot"] | _NUMDATE


def _families(words: frozenset[str]) -> int:
    bits = 0
    get = _WORD_BITS.__getitem__
    for w in words & _FAMILY_WORDS_ALL:
        bits |= get(w)
    return bits


def _digit_starts(c: AtomScan, runs: list[tuple[int, int]]) -> int:
    """Sort each run of digits to the patterns that can begin at it, by its length and the
    character after it: a pattern is tried only where it can match. The gate bits of the
    patterns that may begin somewhere."""
    s = c.s
    bits = 0
    for a, b in runs:
        n, nxt = b - a, s[b : b + 1]
        if n <= 2:
            c.ampm_starts.append(a)
            c.num_starts.append(a)
            bits |= _AMPM_NUM
            if nxt == ":":
                c.colon_starts.append(a)
                bits |= _COLON
            elif nxt == ".":
                c.dot_starts.append(a)
                c.numdate_starts.append(a)
                bits |= _DOT_NUMDATE
            elif nxt == "/" or nxt == "-":
                c.numdate_starts.append(a)
                bits |= _NUMDATE
            elif nxt == "h" or nxt == "u" or nxt.isspace():
                c.h_starts.append(a)
                bits |= _H
        elif n == 4:
            c.ampm_starts.append(a)
            c.mil_starts.append(a)
            bits |= _AMPM_MIL
            if nxt == "-" or nxt == "/":
                c.iso_starts.append(a)
                bits |= _ISO
        elif n == 3:
            c.ampm_starts.append(a)
            c.mil_starts.append(a)  # "930": a compact 9:30, beside a day or after "at"
            bits |= _AMPM_MIL
    return bits


def atom_scan(s: str, now: dt.datetime, words: frozenset[str]) -> tuple[AtomScan, int]:
    """The scan context and its gate key: the bits of the word families that occur, whether
    there are digits, a few substrings, and which digit-led patterns may begin (``Gates``)."""
    c = AtomScan(s, now, words)
    b = _BIT
    key = _families(words)
    runs = c.index.digit_runs()
    if runs:
        key |= _digit_starts(c, runs) | b["digit"]
        if "2day" in s:
            key |= b["2day"]
        if "'" in s:
            key |= b["quote"]
    if "end of" in s or "close of" in s:
        key |= b["end_of"]
    if has_native_script(s):
        key |= b["script"]
    return c, key


class Gates:
    """Which finders may find anything in a text, read from its gate key (``atom_scan``):
    a finder runs only when the words or digits it needs occur. Read once per key."""

    def __init__(self, key: int) -> None:
        b = _BIT

        def has(name: str) -> bool:
            return bool(key & b[name])

        digit = self.digit = has("digit")
        self.iso, self.numdate, self.ampm = has("iso"), has("numdate"), has("ampm")
        self.colon, self.h, self.dot, self.mil = has("colon"), has("h"), has("dot"), has("mil")
        self.num = has("num")
        self.hour_word = has("hour") or (has("one") and has("one_clock"))
        self.relday = has("relday") or (digit and has("2day"))
        self.wd = has("wd")
        self.list_wd = has("list_wd")
        self.month = has("month") or (digit and (has("may") or has("day_month")))
        self.unit = has("unit") or (digit and has("unit_letter"))
        self.ordinal = digit and has("ordinal_suffix")
        self.rel = self.unit and (digit or has("amount"))
        self.dur = self.rel or (digit and has("quote"))
        self.wordclock = has("clock") or self.hour_word or (digit and has("past"))
        self.part = has("part") or has("end_of")
        self.foreign_part = (digit or self.wordclock) and has("foreign_part")
        self.romance_clock = has("romance_clock")
        self.swahili = has("swahili")
        self.foreign_clock = has("foreign_clock")
        self.arabizi = digit and has("arabizi")
        self.foreign_offset = has("foreign_offset")
        self.hindi_clock = has("hindi_clock")
        self.polish_half = has("polish_half")
        self.zone = has("zone")
        self.ordinal_word = (has("on") or has("wd") or has("of")) and has("ordinal_word")
        self.holiday = has("holiday")
        self.place_time = has("time")
        self.region = has("region")
        self.in_minutes = digit and has("in")
        self.nth_weekday = self.wd and has("nth") and has("of_in")
        self.weekdays_away = self.wd and has("away")
        self.script = has("script")
