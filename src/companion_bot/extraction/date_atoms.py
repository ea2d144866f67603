"""Date atoms: ISO and numeric dates, day-month names, ordinals, relative days, weekdays."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable

from companion_bot.extraction.atoms import (
    MON,
    ORDW,
    SPACES,
    WD,
    Atom,
    AtomScan,
    Gates,
    digit_matches,
    finditer_in_at,
    full_year,
    make_date,
    not_a_time_label,
    strong_at,
    windows,
)
from companion_bot.extraction.lexicon import (
    BEFORE_NAMES,
    BEFORE_WORDS,
    DAY_AFTER_TOMORROW_FIRST,
    DAY_AFTER_TOMORROW_PHRASES,
    DAY_AFTER_TOMORROW_WORDS,
    DAY_PART_WORDS,
    ENGLISH_LIKE_MONTH_ABBREVIATIONS,
    EVERY_WEEKDAY_WORDS,
    HABIT_WEEKDAYS,
    HOLIDAYS,
    LIST_WEEKDAYS,
    MONTH_ABBREVIATIONS_AFTER_A_DAY,
    MONTHS,
    MONTHS_AFTER_A_DAY,
    NAME_PRONE_DAYS,
    NEXT_WEEK_AFTER_A_DAY,
    ORDINAL_WORDS,
    SWAHILI_DAY_PARTS,
    TODAY_PHRASES,
    TODAY_WORDS,
    TOMORROW_PHRASES,
    TOMORROW_WORDS,
    VIETNAMESE_PARTS_BEFORE_MAI,
    WEEKDAY_FIRST_WORDS,
    WEEKDAYS,
    YESTERDAY_PHRASES,
    YESTERDAY_WORDS,
    alternation,
    gate_words,
    phrases,
    wordset,
)
from companion_bot.extraction.tokens import finditer_at, index_of, scan, scanned_whole

_P_ISO = re.compile(
    r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::\d{2})?)?\b"
    rf"|\b(\d{{4}})/(\d{{1,2}}|{MON})/(\d{{1,2}})\b"
)
_P_NUMDATE = re.compile(
    r"(?<![\d.:/])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(\.)?(?![\d/]|\.\d)"
)
# Day. month. with a space, as Czech, Slovak and Polish print it: "pátek 22. 10. v 8:00",
# "22. 10. 2027" (both dots: not "at 10. 5 of us").
_P_SPACED_DOT_DATE = re.compile(
    r"(?<![\d.:/])(\d{1,2})\.[ \u00a0](\d{1,2})\.(?:[ \u00a0]?((?:19|20)\d{2}))?(?![\d:])"
)
_P_DAYMONTH = re.compile(
    rf"\b(?:the\s+)?(\d{{1,2}}|{ORDW})(?:\s*(?:st|nd|rd|th))?\s*(?:of\s+|de\s+|[/ .-]\s*)?"
    rf"({MON})\b\.?"  # "10 de enero de 2028": Spanish and Portuguese join them with "de"
    r"(?:(?:,?\s*|[-/])(?:de\s+)?((?:19|20)\d{2}\b|'?\d{2}\b(?![:.h]?\d|\s*(?:[ap]\.?m\b|[ap]\b|o'?\s?clock|h\b|:))))?"
)
_P_DAY_THEN_MONTH_WORD = re.compile(
    rf"(\d{{1,2}})\.?\s+(?:de\s+)?({alternation(list(MONTHS_AFTER_A_DAY))})\b"
    r"(?:\s+(?:de\s+)?((?:19|20)\d{2})\b)?"  # "dia 4 de março (de 2027)"
)
_DAY_INTRO = re.compile(rf"\b(?:{WD}|le|am|op|dia|il|el|w|the|den)\.?,?\s+$")
# "7 dic.", "3 set. 2027", "10. marts": a short month name after its day (its dot kept).
_P_DAY_THEN_SHORT_MONTH = re.compile(
    r"(?<![\d:/])(\d{1,2})\.?\s+(?:de\s+)?"
    rf"({alternation(list(MONTH_ABBREVIATIONS_AFTER_A_DAY))})\b(\.)?"
    r"(?:\s+(?:de\s+)?((?:19|20)\d{2})\b)?"
)
# A slot's clock time right after its date: "7 dic. 08:00", "3 set. ore 9:30", ", kl. 14.30".
_SLOT_CLOCK_AFTER = re.compile(
    r"[,\s]*(?:(?:a las|alle|ore|às|as|kl|um|om|a)\.?\s+)?\d{1,2}[:.h]\d{2}(?!\d)"
)
_P_MONTHDAY = re.compile(
    rf"\b({MON})\b\.?\s*(?:the\s+)?(\d{{1,2}}|{ORDW})(?:\s*(?:st|nd|rd|th))?\b"
    r"(?![:./]\d|\s*(?:[ap]\.?m\b|[ap]\b|o'?\s?clock|h\d|%))(?:,?\s*((?:19|20)\d{2})\b)?"
)
# Year first, as Hungarian, Japanese and Korean write it: "2027. szeptember 17." (on one
# line: not a street number above "mar 12/10").
_P_YEAR_MONTHDAY = re.compile(
    rf"\b((?:19|20)\d{{2}})\.?,?[^\S\n]+({MON})\b\.?\s*(\d{{1,2}})\b\.?(?![:.]\d)"
)
_P_ORDINAL = re.compile(
    r"\b(?:on\s+)?(?:the\s+)?(\d{1,2})\s?(?:st|nd|rd|th)\b(?!\s+(?:floor|place|time|grade|row|"
    r"century|edition|birthday|bday|b-day|anniversary|percentile|round|gen|generation|attempt|"
    r"try|wedding anniversary|season|year|week|day)\b)"
)
# The words a relative day can begin with (besides "2day", "2moro": a "2"): a day word, or
# "the day after", "next tomorrow", "last night", "this night" when their last word occurs.
_RELDAY_FIRST = (
    TODAY_WORDS
    | TOMORROW_WORDS
    | DAY_AFTER_TOMORROW_WORDS
    | wordset("tonight tonite tn yesterday yday pasado kal ba3d mai leo")
    | YESTERDAY_WORDS
    | frozenset(DAY_PART_WORDS)
    | frozenset(p.split()[0] for p in TODAY_PHRASES + TOMORROW_PHRASES + YESTERDAY_PHRASES)
    | DAY_AFTER_TOMORROW_FIRST
)
# Every form starts with one of these letters: most positions fail at once.
_RELDAY_INITIALS = "".join(
    sorted({w[0] for w in _RELDAY_FIRST | wordset("next the day last this")})
)
# Vietnamese "mai" (tomorrow) after a part of day: lookbehinds of fixed width, one a word.
_MAI_AFTER = "|".join(rf"(?<=\b{part} )" for part in VIETNAMESE_PARTS_BEFORE_MAI)
_P_RELDAY = re.compile(
    rf"(?=[{_RELDAY_INITIALS}])(?:"
    rf"\b(?:{'|'.join(DAY_AFTER_TOMORROW_PHRASES)})\b|"  # before "kesho", "amanha" alone
    # Swahili a day and its part ("leo jioni", "kesho asubuhi"); "leo" alone is a name
    rf"\b(?:leo|kesho)\s+(?:{'|'.join(SWAHILI_DAY_PARTS)})\b|\bleo(?=\s+saa\b)|"
    r"\bnext\s+(?:tomorrow|tomorow|tmrw|tmr)\b"  # Indian English: the day after tomorrow
    r"|\b(?:the\s+)?day\s+after\s+(?:tomorrow|tmrw?)\b|\b(?:the\s+)?day\s+before\s+yesterday\b"
    rf"|\b(?:{alternation(sorted(TODAY_WORDS))})\b"
    r"|\b(?:tonight|tonite|2nite|2night|tn|this\s+night)\b"
    rf"|\b(?:{alternation(sorted(TOMORROW_WORDS))})\b"
    r"|\b(?:yesterday|yday)\b|\blast\s+night\b|\bkal\b"
    rf"|\b(?:{alternation(sorted(YESTERDAY_WORDS) + list(YESTERDAY_PHRASES))})\b"
    rf"|(?<!the )(?<!\ba )\b(?:{alternation(sorted(DAY_AFTER_TOMORROW_WORDS))}|pasado\s+manana)\b"
    rf"|\b(?:{alternation(TODAY_PHRASES + TOMORROW_PHRASES)})\b"
    rf"|\b(?:{alternation(sorted(DAY_PART_WORDS))})\b"
    rf"|(?:{_MAI_AFTER})mai\b"
    r"|\bba3d\s+(?:bukra|bokra|bukrah)\b)"  # Arabizi "after tomorrow"
)
_RELDAY_FIRST_WITH = (
    (wordset("day"), wordset("the day")),
    (wordset("night"), wordset("this last")),
    (wordset("tomorrow tomorow tmrw tmr"), wordset("next")),
)
_ORDINAL_FIRST = wordset("on the")
_THE = wordset("the")
_MONTH_WORDS = frozenset(MONTHS)
# The first words of ordinal words ("twenty" of "twenty-first"), which may run into the next.
_ORDINAL_PREFIXES = tuple(sorted({w.replace("-", " ").split()[0] for w in ORDINAL_WORDS}))
# The weekday pattern only runs around a weekday word.
_WEEKDAY_FIRST = "".join(sorted({w[0] for w in WEEKDAYS}))
_WEEKDAY_ANCHOR = re.compile(rf"(?=[{_WEEKDAY_FIRST}])\b(?:{WD})\b")
_WEEKDAY_WORDS = WEEKDAY_FIRST_WORDS
# Weekdays spelt with a digit ("jum3a", "arba3"), which the word index reads as two words.
_DIGIT_WEEKDAYS = tuple(w for w in _WEEKDAY_WORDS if not w.isalpha())
# The words a weekday match begins with: the day, or "this", "next", "every", ... before it.
_WEEKDAY_MATCH_FIRST = _WEEKDAY_WORDS | gate_words(
    f"next|nxt|this|coming|last|past|{EVERY_WEEKDAY_WORDS}"
)
WEEKDAY_BEFORE = 24  # "next week, on " before the day
WEEKDAY_AFTER = 24  # "'s of next week" after it
_EVERY = EVERY_WEEKDAY_WORDS.replace(" ", r"\s+")
# Chat shorthand writes "next" as "nxt" ("nxt wk tue", "nxt fri"): read as "next".
_P_WEEKDAY = re.compile(
    rf"\bne?xt\s+w(?:ee)?k(?:'s)?\s*,?\s*(?:on\s+)?({WD})\b"
    rf"|\b(?:(this|next|nxt|coming|last|past|{_EVERY})\s+)?({WD})\b(?:-feira\b)?\.?(?:'s)?"
    r"(?:\s+(ne?xt\s+w(?:ee)?k|after\s+next|this\s+w(?:ee)?k|of\s+ne?xt\s+w(?:ee)?k|week"
    r"|next\b(?!\s+(?:to|door|time)\b)"  # "on monday next": next monday
    rf"|(?P<abroad>{phrases(NEXT_WEEK_AFTER_A_DAY)})))?"  # "fredag i næste uge"
)  # Portuguese "-feira" is part of the day: "23/06 (quarta-feira) às 14h20"
# "on the fifteenth", "wednesday the fifteenth": an ordinal word is a day only after "on
# the", a weekday's "the" or a correction's ("... sorry the eleventh"), before no noun.
_P_ORDINAL_WORD = re.compile(
    rf"\b(on\s+|(?:sorry|sry|no|i\s+mean|i\s+meant|actually|make\s+that)[,\s]+)?the\s+({ORDW})\b"
    r"(?=\s*(?:$|[^\w\s]|\d|(?:at|@|from|in|by|so|and|but|then|to|till|until|around|about|"
    r"between|or|i|we|is|it|please|pls|if|when|instead|this|next|morning|afternoon|evening|"
    r"night|sorry|sry|no|actually|wait)\b|\s+of\s+(?:this|next)\s+month\b))"
)
# A day of the month said with its month: "the 4th of next month", "the fifteenth this month".
_OF_MONTH = re.compile(r"\s+(?:of\s+)?(this|next)\s+month\b")
# A day of the month after a weekday, told by the clock time after it: "el viernes 12 a las
# 16:00", "friday 12 at 4pm", "Freitag, 12. um 16 Uhr" (not "friday 10-12", "monday 9 to 5").
_DOM_AFTER_WEEKDAY = re.compile(
    r"\.?,?\s+(?:the\s+|den\s+)?(\d{1,2})(?:st|nd|rd|th|er|\.)?(?!\d)(?=\s*,?\s*(?:(?:at|@|a\s+las?|"
    r"as|às|à|a|um|alle|ore|om|o|kl\.?|godz\.?|saat|jam|pukul|from|de|von|van|dalle|desde)\s*)?"
    r"\d{1,2}(?:[:.h]\d{2}|\s*(?:h|uhr|u|am|pm|hrs?|heures?)\b))"
)
DOM_AFTER_WEEKDAY_DAYS = 45  # "friday 12" names a Friday the 12th at most this far ahead
_WEEKDAY_BEFORE = re.compile(rf"\b(?:{WD})\.?,?\s+$")
_HOLIDAY_AS_MODIFIER = re.compile(
    r"\s+(?:party|parties|dinner|lunch|do|market|markets|play|show|concert|shopping|tree|"
    r"plans|break|holidays|jumper|card|cards|fair|bonus|movie|special|lights|drinks|event|"
    r"matinee|performance|recital|nativity|assembly|carols?|disco|dance|panto|pantomime|fete|"
    r"bazaar|pageant|parade|potluck|social|gathering)\b"
)
_P_HOLIDAY = re.compile(phrases("|".join(HOLIDAYS)))
_NOT_DATE_BEFORE = re.compile(r"(?:\b(?:version|ver|v|release|build|update|ip)[:.\s#]*|\d\.)$")
_SCORE_BEFORE = re.compile(
    r"\b(?:got|get|gets|getting|scored|score|scoring|rated|rate|rating|gave|give|gives|marks?|"
    r"grade|graded|solid|only|out of|a perfect)\s*(?:(?:it|them|this|that|him|her)\s+)?(?:an?\s+)?$"
)
_DOT_DATE_CONTEXT_BEFORE = re.compile(r"(?:\bon|(?<!\bi )\bam)\s*$")
_DOT_DATE_CONTEXT_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:(?:at|@|um|from|godz\.?|godzina|kl\.?|klo|saat|om|alle|ore|as|a las|v|jam|"
    r"pukul|luc)\s*(?:\d|noon|midday|midnight)|"
    r"\d{1,2}(?::\d\d|\s*[ap]\.?m\b|h\b))"
)
_HALF_HOUR_AFTER = re.compile(r"\s*(?:an?\s+)?(?:hours?|hrs?|h\b|mins?\b|minutes?)")


# "on sat", "9:30 wed", "6am sat, all hands", "4.50pm wed with Mr Byrne": a day, whatever follows.
_ON_OR_DIGIT_BEFORE = re.compile(  # also after a 24-hour clock's mark: "1930hrs wed", "14h sat"
    r"(?:\b(?:on|from|to|till|until|til|by|before|after)|\d(?:\s*(?:[ap]\.?m\.?|hrs?|h|uhr))?)\s*$"
)
_AMBIGUOUS_ABBREVIATIONS = frozenset({"sat", "sun", "wed", "mon", "tu", "tue", "thu", "fri", "mar"})
_DAY_WORDS_AFTER = re.compile(
    r"[\s,.!)]*(?:\d|at\b|@|between\b|from\b|morning|afternoon|aftn|evening|eve\b|night|(?:[^\w\s]\s*)*$|"
    # a British spoken clock: "careers appointment wed half 2", "sat quarter past 10"
    r"(?:half|quarter)\s+(?:past\s+|to\s+)?\d|noon\b|midday\b|"
    rf"(?:{alternation(sorted(MONTHS))})\.?\s+\d|"  # "Mon, Sep 13 at 5:30 PM"
    r"(?:to|till|until|-)\s+(?:mon|tue|wed|"
    r"thu|fri|sat|sun)|"
    # a poll's day settled: "tue it is, 7:30", "sun wins", "sat then"
    r"(?:it is|it's|wins|then)(?=[^\S\n]*(?:[^\w\s]|\n|$)))"
)
# A list item "wed lunch w/ ayesha 1pm, thu physio 7:30am": an abbreviation that opens a
# clause and is followed by a clock time in that clause.
_CLAUSE_OPEN_BEFORE = re.compile(r"(?:^|[,;:(\n]|\d[.)])\s*$")
_LABEL_COLON = re.compile(r"\s*:(?!\d)")  # "sat: dropping the boys at cricket at 8"
_CLOCK_SOON_AFTER = re.compile(
    r":?[^,.;!?\n\d]{0,24}\d{1,2}(?::\d\d|\.\d\d|\s*[ap]\.?m\b|\s*-\s*\d|h\b)"
)


def _abbreviation_is_day(s: str, m: re.Match[str]) -> bool:
    """ "sat 8", "on sat", "sat: swimming 9am", a "sun:" label are days; "sat down", "the
    sun" are not."""
    return bool(
        _DAY_WORDS_AFTER.match(s, m.end())
        or _ON_OR_DIGIT_BEFORE.search(s, max(0, m.start() - 12), m.start())
        or (
            _CLAUSE_OPEN_BEFORE.search(s, max(0, m.start() - 4), m.start())
            and (_CLOCK_SOON_AFTER.match(s, m.end()) or _LABEL_COLON.match(s, m.end()))
        )
    )


def _find_iso(c: AtomScan) -> None:
    """ISO dates ("2026-12-03", "2026/12/03"), with an ISO time when one follows."""
    s = c.s
    now = c.now
    add = c.add
    for m in digit_matches(c.iso_starts, _P_ISO, s):
        if m.group(1):
            d = make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), now)
            if d is None:
                continue
            a = Atom(m.start(), m.end(), "date", date=d, date_kind="full", strong=True)
            if m.group(4):
                add(Atom(m.start(4), m.end(), "time", hour=int(m.group(4)),
                         minute=int(m.group(5)), exact=True, strong=True))  # fmt: skip
                a.end = m.start(4)
            add(a)
        else:
            month_raw = m.group(7)
            month = MONTHS.get(month_raw) or (int(month_raw) if month_raw.isdigit() else 0)
            d = make_date(int(m.group(6)), month, int(m.group(8)), now)
            if d is not None:
                add(Atom(m.start(), m.end(), "date", date=d, date_kind="full", strong=True))


def _find_numdate(c: AtomScan) -> None:
    """Numeric dates: 12/03 and 12-03-2026 in the zone's order, 3.12. German; not scores."""
    s = c.s
    now = c.now
    add = c.add
    month_first = c.month_first
    for m in digit_matches(c.numdate_starts, _P_NUMDATE, s):
        a_raw, sep, b_raw, y_raw, dot = m.groups()
        if sep == "-" and not y_raw:
            continue
        if sep == "." and not (y_raw or dot):
            # "4.12 at 3pm", "on 4.12": day.month where a day or a time is plainly meant
            lead = s[max(0, m.start() - 16) : m.start()]
            if (
                month_first
                or strong_at(lead)
                or not_a_time_label(lead, 0, len(lead))
                or not (
                    _DOT_DATE_CONTEXT_BEFORE.search(lead)
                    or _DOT_DATE_CONTEXT_AFTER.match(s, m.end())
                )
            ):
                continue
        if sep == "/" and (
            _SCORE_BEFORE.search(s, max(0, m.start() - 20), m.start())
            or _HALF_HOUR_AFTER.match(s, m.end())
        ):
            continue
        if sep == "/" and s[m.start() : m.end()] == "24/7":
            continue
        if _NOT_DATE_BEFORE.search(s, max(0, m.start() - 12), m.start()):
            continue
        first, second = int(a_raw), int(b_raw)
        orders = [(first, second), (second, first)]
        if not month_first:
            orders.reverse()
        if sep == ".":
            orders = [(second, first), (first, second)]
        year = full_year(y_raw, now)
        for month, day in orders:
            if 1 <= month <= 12 and 1 <= day <= 31:
                d = make_date(year, month, day, now)
                if d is not None:
                    add(Atom(m.start(), m.end(), "date", date=d, date_kind="full", strong=True))
                    break
    for m in digit_matches(c.numdate_starts, _P_SPACED_DOT_DATE, s):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            d = make_date(full_year(m.group(3), now), month, day, now)
            if d is not None:
                add(Atom(m.start(), m.end(), "date", date=d, date_kind="full", strong=True))


def _find_day_month(c: AtomScan) -> None:
    """Dates with a month name: "3 Dec", "the 3rd of December", "Dec 3rd, 2026"."""
    s = c.s
    now = c.now
    add = c.add
    index = c.index
    day_starts = index.starts(_THE, digits=True) + index.prefixed(_ORDINAL_PREFIXES)
    day_starts.sort()  # "3 dec", "the 3rd of december", "first of dec" (ordinal run on)
    for pattern, day_first, starts in (
        (_P_DAYMONTH, True, day_starts),
        (_P_MONTHDAY, False, index.starts(_MONTH_WORDS)),
    ):
        for m in finditer_at(pattern, s, starts):
            if day_first:
                day_raw, month_raw, y_raw = m.group(1), m.group(2), m.group(3)
            else:
                month_raw, day_raw, y_raw = m.group(1), m.group(2), m.group(3)
            day = ORDINAL_WORDS.get(day_raw) or (int(day_raw) if day_raw.isdigit() else 0)
            if month_raw == "may" and not day_first and not s[m.end(1) : m.end(1) + 1].isspace():
                continue
            d = make_date(full_year(y_raw, now), MONTHS[month_raw], day, now)
            if d is not None:
                add(Atom(m.start(), m.end(), "date", date=d, date_kind="full", strong=True))
                if day_first:
                    _add_range_start(c, m.start(), full_year(y_raw, now), MONTHS[month_raw], d)

    digit_starts = index.starts(frozenset(), digits=True)
    for m in finditer_at(_P_YEAR_MONTHDAY, s, digit_starts):
        d = make_date(int(m.group(1)), MONTHS[m.group(2)], int(m.group(3)), now)
        if d is not None:
            add(Atom(m.start(), m.end(), "date", date=d, date_kind="full", strong=True))
    for m in finditer_at(_P_DAY_THEN_MONTH_WORD, s, digit_starts):
        if m.group(3) is None and not _DAY_INTRO.search(s, max(0, m.start() - 16), m.start()):
            continue  # "10 mai": Hinglish "in 10" as much as the 10th of May
        month = MONTHS_AFTER_A_DAY[m.group(2)]
        d = make_date(full_year(m.group(3), now), month, int(m.group(1)), now)
        if d is not None:
            add(Atom(m.start(), m.end(), "date", date=d, date_kind="full", strong=True))
    for m in finditer_at(_P_DAY_THEN_SHORT_MONTH, s, digit_starts):
        if _short_month_said(s, m):
            month = MONTH_ABBREVIATIONS_AFTER_A_DAY[m.group(2)]
            d = make_date(full_year(m.group(4), now), month, int(m.group(1)), now)
            if d is not None:
                add(Atom(m.start(), m.end(), "date", date=d, date_kind="full", strong=True))


def _short_month_said(s: str, m: re.Match[str]) -> bool:
    """Whether a day and short month name ("7 dic.", "3 set.") is a date: a year, a weekday
    or a clock time beside it; a month that is also an English word needs its dot too."""
    if m.group(2) in ENGLISH_LIKE_MONTH_ABBREVIATIONS and m.group(3) is None:
        return False  # "3 set of keys", "5 ago"
    return (
        m.group(4) is not None
        or _DAY_INTRO.search(s, max(0, m.start() - 16), m.start()) is not None
        or _SLOT_CLOCK_AFTER.match(s, m.end()) is not None
    )


# "14–15 October": the first day of a range of days within one month.
_RANGE_START_DAY = re.compile(r"(?<![\d:.,])(\d{1,2})\s*[-–]\s*$")


def _add_range_start(c: AtomScan, pos: int, year: int | None, month: int, last: dt.date) -> None:
    """The day before "–15 October" as a date of that month, not a clock time."""
    m = _RANGE_START_DAY.search(c.s, max(0, pos - 6), pos)
    if m is None:
        return
    first = make_date(year, month, int(m.group(1)), c.now)
    if first is not None and first < last:
        c.add(Atom(m.start(1), m.end(1), "date", date=first, date_kind="full", strong=True))


def _next_day_of_month(today: dt.date, day: int) -> dt.date | None:
    """The next date (today included) whose day of the month is ``day``."""
    if not 1 <= day <= 31:
        return None
    for k in range(0, 13):
        y, mo = today.year + (today.month - 1 + k) // 12, (today.month - 1 + k) % 12 + 1
        try:
            cand = dt.date(y, mo, day)
        except ValueError:
            continue
        if cand >= today:
            return cand
    return None


def _add_day_of_month(c: AtomScan, start: int, end: int, day: int) -> bool:
    """Add day ``day`` of the month said after ``end`` ("the 4th of next month"), if one is
    said; whether one was (a day the month has not got adds nothing)."""
    said = _OF_MONTH.match(c.s, end)
    if said is None:
        return False
    year, month = c.today.year, c.today.month
    if said.group(1) == "next":
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if day <= calendar.monthrange(year, month)[1]:
        d = dt.date(year, month, day)
        c.add(Atom(start, said.end(), "date", date=d, date_kind="full", strong=True,
                   past=d < c.today))  # fmt: skip
    return True


def _find_ordinal(c: AtomScan) -> None:
    """A day of the month alone: "on the 14th" (the next one)."""
    today = c.today
    add = c.add
    for m in scan(_P_ORDINAL, c.index, _ORDINAL_FIRST, digits=True):
        day = int(m.group(1))
        if _add_day_of_month(c, m.start(), m.end(), day):
            continue
        d = _next_day_of_month(today, day)
        if d is not None:
            add(Atom(m.start(), m.end(), "date", date=d, date_kind="dom", strong=bool(m.group(1))))


def _find_ordinal_word(c: AtomScan) -> None:
    """ "on the fifteenth", "on the twenty-first": the next such day of the month."""
    for m in _P_ORDINAL_WORD.finditer(c.s):
        month = _OF_MONTH.match(c.s, m.end())
        if (
            m.group(1) is None
            and month is None
            and not _WEEKDAY_BEFORE.search(c.s, max(0, m.start() - 16), m.start())
        ):
            continue
        day = ORDINAL_WORDS[SPACES.sub(" ", m.group(2))]
        lead = m.group(1) or ""
        start = m.start() if lead.startswith("on") else m.start() + len(lead)  # not "sorry"
        if month is not None:
            _add_day_of_month(c, start, m.end(), day)
            continue
        d = _next_day_of_month(c.today, day)
        if d is not None:
            c.add(Atom(start, m.end(), "date", date=d, date_kind="dom", strong=True))


def _find_holiday(c: AtomScan) -> None:
    """Holidays on a fixed date: "christmas eve", "new year's eve" (a passed one: next year)."""
    for m in _P_HOLIDAY.finditer(c.s):
        if _HOLIDAY_AS_MODIFIER.match(c.s, m.end()):
            continue  # "the christmas party", "xmas plans": a kind of event, not its date
        month, day = HOLIDAYS[m.group(0)]
        d = make_date(None, month, day, c.now)
        if d is not None:
            c.add(Atom(m.start(), m.end(), "date", date=d, date_kind="full", strong=True))


# The day after tomorrow: "next tomorrow" (Indian English), Hindi, Dutch, German, Italian,
# Spanish, Indonesian and Malay, Arabizi.
_TWO_DAYS_ON = (
    "next", "pasado", "ba3d", "apres", "depois", "kesho kutwa", "obur", "birisi", "ngay kia",
    *sorted(DAY_AFTER_TOMORROW_WORDS),
)  # fmt: skip


# Hindi verbs of the present and future ("meeting hai", "milenge") and of the past ("thi").
_HINDI_FUTURE = wordset(
    "hoga hogi honge karenge karunga karungi jayenge jaenge jaunga jaungi aaunga "
    "aaungi aayenge milenge chalenge rahega rahegi dena dijiye "
    # plans, which with "kal" are tomorrow once no past verb says yesterday ("milna hai",
    # "aa jaana", "aaja", "tu bhi chal"); not a bare "hai" or "milte hai", which also tell
    # of what is usual or was ("kal jo meeting hai uska recording")
    "milna aaja aajana jaana chal chalo"
)
_HINDI_PAST = wordset(
    "tha thi the hua hui huyi gaya gayi gaye chuka chuki chuke "
    "aaya aayi aaye kiya kiye liya diya mila dekha dekhi socha khaya pahuncha pahunchi"
)


def kal_is_tomorrow(words: frozenset[str]) -> bool:
    """Whether Hindi "kal" (yesterday or tomorrow) is tomorrow in a text of these words: a
    verb of the present or future, and none of the past ("kal 5 baje meeting hai")."""
    return not words.isdisjoint(_HINDI_FUTURE) and words.isdisjoint(_HINDI_PAST)


# A person after their name: "Heta's interview", "Heta and I", "Hoy & me".
_PERSON_AFTER = re.compile(r"'s\b|\s+(?:and|&)\s+(?:i|me)\b")
_WORD_AT = re.compile(r"\w+")
_KAL = re.compile(r"\bkal\b")
_PREVIOUS_WORD = re.compile(r"(\w+)\W*$")


def _names_a_person(text: str, s: str, a: int, b: int) -> bool:
    """Whether the day word at ``a:b`` is a name: capitalised inside a sentence ("dinner
    with dr Hoy at 9", "from Bihar"), after a word that names ("with", "from"), or before a
    person's "'s" or "and I" ("Heta and I have a call")."""
    before = text[:a].rstrip()
    word = text[a:b]
    if (
        word[0].isupper()
        and not word.isupper()
        and before
        and (before[-1].isalnum() or before[-1] == ",")
    ):
        return True  # German "Morgen" mid-sentence is the morning, not tomorrow, too
    m = _PREVIOUS_WORD.search(s, max(0, a - 8), a)
    if m is not None and m.group(1) in BEFORE_NAMES and m.end() == a:
        return True
    return _PERSON_AFTER.match(s, b) is not None


def kal_is_a_name(text: str, s: str) -> bool:
    """Whether every "kal" of the text is someone's name ("Kal and I have a call at 2")."""
    spans = [(m.start(), m.end()) for m in _KAL.finditer(s)]
    return bool(spans) and all(_names_a_person(text, s, a, b) for a, b in spans)


def without_named_days(text: str, s: str, words: frozenset[str]) -> str:
    """``s`` with the other languages' today and tomorrow words that name someone or
    somewhere blanked ("coffee with Manana at 11 on thursday": Thursday, not tomorrow)."""
    if words.isdisjoint(NAME_PRONE_DAYS):
        return s
    for a in reversed(index_of(s, words).starts(NAME_PRONE_DAYS)):
        m = _WORD_AT.match(s, a)
        if m is not None and _names_a_person(text, s, a, m.end()):
            s = s[:a] + " " * (m.end() - a) + s[m.end() :]
    return s


def _relday_reading(word: str) -> tuple[dt.timedelta, bool, str]:
    """What a relative day says: days from today, whether it is past, its part of day."""
    if "after" in word or word.startswith(_TWO_DAYS_ON):
        return dt.timedelta(days=2), False, ""
    if "before" in word:
        return dt.timedelta(days=-2), True, ""
    if (
        word.startswith(("yesterday", "yday"))
        or word in YESTERDAY_WORDS
        or word in YESTERDAY_PHRASES
    ):
        return dt.timedelta(days=-1), True, ""
    if word.startswith("last"):
        return dt.timedelta(days=-1), True, "night"
    if word in DAY_PART_WORDS:  # "morgenochtend": tomorrow morning
        days, part = DAY_PART_WORDS[word]
        return dt.timedelta(days=days), False, part
    if word.startswith(("leo", "kesho")):  # Swahili "leo jioni" (this evening), "kesho asubuhi"
        day, _, said = word.partition(" ")
        part = SWAHILI_DAY_PARTS.get(said.strip(), "")
        return dt.timedelta(days=0 if day == "leo" else 1), False, part
    if word in TODAY_WORDS or word in TODAY_PHRASES:
        return dt.timedelta(0), False, ""
    if word.startswith(("tonight", "tonite", "2nite", "2night", "this")) or word == "tn":
        return dt.timedelta(0), False, "tonight"
    return dt.timedelta(days=1), False, ""


# Relative-day spellings read so far -> their reading (a handful of words; multi-word forms
# with odd spacing are read each time).
_RELDAY_READINGS: dict[str, tuple[dt.timedelta, bool, str]] = {}
_MAX_RELDAY_READINGS = 256


# British: "a week tomorrow", "a week on friday", "friday week": that day, a week later.
_A_WEEK_BEFORE = re.compile(r"\ba\s+week\s+(?:on\s+)?$")
A_WEEK_CHARS = 11  # "a week on "
_WEEK = dt.timedelta(days=7)


def _find_relday(c: AtomScan) -> None:
    """Relative days: today, tonight, tomorrow (and chat spellings), yesterday."""
    today = c.today
    add = c.add
    s = c.s
    if scanned_whole(s) and "ba3d" in s:  # Arabizi "after", read by the index as two words
        found: Iterable[re.Match[str]] = _P_RELDAY.finditer(s)
    else:  # tried only where a relative day's words begin, on a short text too: the pattern
        found = finditer_at(_P_RELDAY, s, _relday_starts(c))  # costs much at each letter
    for m in found:
        word = m.group()
        if word == "kal" and not kal_is_tomorrow(c.index.words()):
            continue  # Hindi "kal" is yesterday or tomorrow: only a future verb says which
        reading = _RELDAY_READINGS.get(word)
        if reading is None:
            reading = _relday_reading(word)
            if len(_RELDAY_READINGS) < _MAX_RELDAY_READINGS:
                _RELDAY_READINGS[word] = reading
        days, past, part = reading
        if not past and _A_WEEK_BEFORE.search(s, max(0, m.start() - A_WEEK_CHARS), m.start()):
            days += _WEEK  # "a week tomorrow": tomorrow's day of next week
        add(Atom(m.start(), m.end(), "date", date=today + days, date_kind="rel", past=past,
                 part=part, strong=True))  # fmt: skip


def _relday_starts(c: AtomScan) -> list[int]:
    """Where a relative day can begin: its words, and the runs of digits that open "2day"."""
    s, index = c.s, c.index
    words = index.words()
    starts = index.starts(_RELDAY_FIRST) + [a for a, _ in index.digit_runs() if s[a] == "2"]
    for needed, first in _RELDAY_FIRST_WITH:  # (not joined to the big set: a copy of it)
        if not needed.isdisjoint(words):
            starts += index.starts(first)
    starts.sort()
    return starts


def _find_weekday(c: AtomScan) -> None:
    """Weekdays with this/next/coming/last/every, "next week friday", "friday after next"."""
    s = c.s
    today = c.today
    add = c.add
    if scanned_whole(s) and "3" in s and any(w in s for w in _DIGIT_WEEKDAYS):  # two words
        anchors: Iterable[re.Match[str]] = _WEEKDAY_ANCHOR.finditer(s)
    else:  # tried only where a weekday begins, on a short text too: costs less
        anchors = finditer_at(_WEEKDAY_ANCHOR, s, c.index.starts(_WEEKDAY_WORDS))
    spans = windows(s, anchors, WEEKDAY_BEFORE, WEEKDAY_AFTER)
    weekday = today.weekday()
    for m in finditer_in_at(_P_WEEKDAY, s, spans, c.index.starts(_WEEKDAY_MATCH_FIRST)):
        word2, mod, word, after, abroad = m.groups()
        if abroad:
            after = "nextweek"  # "fredag i næste uge", "Freitag nächste Woche"
        word = word or word2
        if word in _AMBIGUOUS_ABBREVIATIONS and not (mod or word2 or _abbreviation_is_day(s, m)):
            continue
        wd = WEEKDAYS[word]
        delta = (wd - weekday) % 7
        a = Atom(m.start(), m.end(), "date", date_kind="wd", weekday=wd, strong=True)
        after = (after or "").replace(" ", "").replace("wk", "week").replace("nxt", "next")
        mod = "next" if mod == "nxt" else mod
        if word2 or after in ("nextweek", "ofnextweek"):
            monday = today + dt.timedelta(days=7 - today.weekday())
            a.date = monday + dt.timedelta(days=wd)
            a.date_kind = "full"
        elif after == "afternext":
            a.date, a.date_kind = today + dt.timedelta(days=delta + 7), "full"
        elif mod == "next" or after == "next":
            a.date, a.date_kind = today + dt.timedelta(days=delta or 7), "full"
        elif mod in ("last", "past"):
            a.date, a.past = today - dt.timedelta(days=(today.weekday() - wd) % 7 or 7), True
            a.date_kind = "full"
        elif (dom := _day_of_month_after(s, m.end(), today, wd)) is not None:
            a.date, a.end = dom  # "el viernes 12 a las 16:00": Friday the 12th
            a.date_kind = "full"
        else:
            a.date = today + dt.timedelta(days=delta)
            every = mod not in (None, "this", "coming")  # "every", "jeden", "todos los"
            a.habit = every or word in HABIT_WEEKDAYS or word.endswith("days")
        if after == "week" and not s[m.end() : m.end() + 1].isalpha():
            a.date, a.date_kind = today + dt.timedelta(days=delta + 7), "full"
        elif after == "week":  # "monday weekend"
            a.end = m.start(4) - 1
        elif not mod and _A_WEEK_BEFORE.search(s, max(0, m.start() - A_WEEK_CHARS), m.start()):
            a.date, a.date_kind = today + dt.timedelta(days=delta + 7), "full"
        add(a)


def _day_of_month_after(s: str, pos: int, today: dt.date, wd: int) -> tuple[dt.date, int] | None:
    """The date a number after a weekday names when a clock time follows it ("friday 12 at
    4pm", "vendredi 12 à 16h"), and where it ends: the next such day of the month, if it
    falls on that weekday soon; else None (the number may be the hour)."""
    m = _DOM_AFTER_WEEKDAY.match(s, pos)
    if m is None:
        return None
    d = _next_day_of_month(today, int(m.group(1)))
    if d is None or d.weekday() != wd or (d - today).days > DOM_AFTER_WEEKDAY_DAYS:
        return None
    return d, m.end()


# A list line that opens with a short weekday name: "seg 19h – inglês", "wt – fryzjer 17:30".
_P_LIST_WEEKDAY = re.compile(
    rf"^[^\S\n]*(?:[-*\u2022\u25a1\u2610][^\S\n]*)?({alternation(list(LIST_WEEKDAYS))})\.?"
    r"(?=[^\S\n]*(?:[-\u2013\u2014:]|\d))",
    re.M,
)


# Or anywhere right before a clock time said with "uhr" or "h": "Probe Do 19 Uhr", "qua 18h30".
_P_WEEKDAY_BEFORE_CLOCK = re.compile(
    rf"\b({alternation(list(LIST_WEEKDAYS))})\.?,?[^\S\n]+"
    r"(?=(?:[01]?\d|2[0-3])(?:[:.]\d\d)?[^\S\n]*(?:uhr\b|h\b|h\d)"
    rf"(?![^\S\n]*(?:{BEFORE_WORDS})\b))"
)  # not an amount of hours: "odwołanie możliwe do 24 h przed wizytą"


def _find_list_weekday(c: AtomScan) -> None:
    """Short weekday names of other languages at the start of a list's lines (two lines or
    more) or before a clock time in their way, read as the coming such day."""
    weekday = c.today.weekday()
    found = _P_LIST_WEEKDAY.finditer(c.s) if "\n" in c.s else iter(())
    for m in (*found, *_P_WEEKDAY_BEFORE_CLOCK.finditer(c.s)):
        wd = LIST_WEEKDAYS[m.group(1)]
        a = Atom(m.start(1), m.end(), "date", date_kind="wd", weekday=wd, strong=True)
        a.date = c.today + dt.timedelta(days=(wd - weekday) % 7)
        c.add(a)


def finders(g: Gates) -> list[Callable[[AtomScan], None]]:
    """The date finders that may find anything in a text with these gates, in order."""
    return [
        finder
        for finder, runs in (
            (_find_iso, g.iso),
            (_find_numdate, g.numdate),
            (_find_day_month, g.month),
            (_find_ordinal, g.ordinal),
            (_find_ordinal_word, g.ordinal_word),
            (_find_holiday, g.holiday),
            (_find_relday, g.relday),
            (_find_weekday, g.wd),
            (_find_list_weekday, g.list_wd),
        )
        if runs
    ]
