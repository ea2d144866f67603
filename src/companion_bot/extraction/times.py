"""Time expressions in chat text: a small grammar of atoms merged into mentions.

``scan`` finds atoms (dates, clock times, parts of day, offsets, zones, bare numbers) with
precompiled regexes, merges neighbours into groups, and resolves each group against ``now``
in now's zone (DST-correct). ``parse_times`` keeps the groups that are clearly times.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from companion_bot.extraction.lexicon import (
    MONTH_FIRST_ZONES,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    PARTS_OF_DAY,
    WEEKDAYS,
    ZONE_NAMES,
    ZONE_OFFSETS,
    alternation,
)

MAX_CHARS = 4000
UTC = dt.UTC

_TRANSLATE = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-", "’": "'",
                            "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "＠": "@"})  # fmt: skip


def _alt(words: list[str]) -> str:
    return alternation(words)


_WD = _alt(list(WEEKDAYS))
_MON = _alt(list(MONTHS))
_HOURW = _alt([w for w, v in NUMBER_WORDS.items() if isinstance(v, int) and 1 <= v <= 12 and
               " " not in w and w not in ("a", "an")])  # fmt: skip
_ORDW = _alt(list(ORDINAL_WORDS))
_AMPM = r"(?P<ap>[ap])\.?\s?m\b\.?|(?P<ap2>[ap])(?![a-z'])"
_ZONE = _alt(list(ZONE_OFFSETS) + list(ZONE_NAMES))
_ZONE_WORDS = frozenset(ZONE_OFFSETS) | frozenset(w.split()[0] for w in ZONE_NAMES)


# Cheap gates: which word families occur decides which patterns run at all.
_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DIGITS = re.compile(r"\d+")


def _at(starts: list[int], pattern: re.Pattern[str], s: str) -> list[re.Match[str]]:
    """Matches of a digit-led pattern tried only where a run of digits begins."""
    found = []
    for pos in starts:
        m = pattern.match(s, pos)
        if m is not None:
            found.append(m)
    return found


_HOUR_WORDS = frozenset(
    w for w, v in NUMBER_WORDS.items() if " " not in w and w not in ("a", "an", "one")
)
_RELDAY_WORDS = _words(
    "today tdy tonight tonite nite night tomorrow tomorow tommorow tommorrow tomorro tmrw "
    "tmr tmrow tmw moro morrow mrw yesterday yday"
)
_UNIT_WORDS = _words("min mins minute minutes hr hrs hour hours day days week weeks wk wks")
_MONTHS_NOT_MAY = frozenset(MONTHS) - {"may"}
_AMOUNT_WORDS = _words("a an one half couple few several") | _HOUR_WORDS
_CLOCK_WORDS = _words("half halfe quarter clock oclock ish noon midday midnight lunchtime lunch")
_PART_WORDS = _words(
    "morning mornin afternoon arvo evening night noon midday lunchtime lunch eod cob thing"
)
_TIME_WORDS = (
    _HOUR_WORDS | _RELDAY_WORDS | _UNIT_WORDS | _CLOCK_WORDS | _PART_WORDS
    | frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(ORDINAL_WORDS)
)  # fmt: skip
_RESCHEDULE_BEFORE = re.compile(
    r"\b(?:mov\w*|push\w*|postpon\w*|reschedul\w*|chang\w*|shift\w*|bump\w*|delay\w*|"
    r"brought|bring)\b[^.!?;]{0,30}$"
)
_AT_BEFORE = re.compile(
    r"(?:\b(?:at|around|about|approx\.?|approximately|from|till|til|until|untill|by|"
    r"starting|starts|start|begins|for|is|it's|its|'s|between)\s*|@\s*)$"
)
_STRONG_AT = re.compile(
    r"(?:\b(?:at|around|about|approx\.?|approximately|starting at|starts at|from|until|"
    r"untill|till|til)\s*|@\s*)$"
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


@dataclass(slots=True)
class Group:
    """Neighbouring atoms read as one time expression, resolved against now."""

    start: int
    end: int
    atoms: list[Atom] = field(default_factory=list)
    date: dt.date | None = None
    date_kind: str = ""
    weekday: int = -1
    time: Atom | None = None
    part: str = ""
    rel: Atom | None = None
    tz: dt.tzinfo | None = None
    duration: dt.timedelta | None = None
    past: bool = False
    habit: bool = False
    # resolved
    value: dt.datetime | None = None
    value_end: dt.datetime | None = None
    grain: str = "day"
    approximate: bool = False
    strong: bool = False
    donor: bool = False
    end_date: dt.date | None = None


def normalize(text: str) -> str:
    """Lower-case, unify dashes and quotes, keep every offset (one char for one char)."""
    cut = text[:MAX_CHARS].translate(_TRANSLATE)
    low = cut.lower()
    if len(low) != len(cut):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in cut)
    return low


def _month_first(now: dt.datetime) -> bool:
    return str(getattr(now.tzinfo, "key", "")) in MONTH_FIRST_ZONES


def _year(raw: str | None, now: dt.datetime) -> int | None:
    if not raw:
        return None
    raw = raw.strip("'")
    value = int(raw)
    return value + 2000 if value < 100 else value


def _make_date(year: int | None, month: int, day: int, now: dt.datetime) -> dt.date | None:
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


def _num(word: str) -> float | None:
    word = re.sub(r"\s+", " ", word.strip())
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


def _word_hour(word: str) -> int:
    if word.isdigit():
        return int(word)
    value = NUMBER_WORDS.get(word, -1)
    return int(value)


# ---------------------------------------------------------------- atom patterns
_P_ISO = re.compile(
    r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::\d{2})?)?\b"
    rf"|\b(\d{{4}})/(\d{{1,2}}|{_MON})/(\d{{1,2}})\b"
)
_P_NUMDATE = re.compile(
    r"(?<![\d.:/])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(\.)?(?![\d/]|\.\d)"
)
_P_DAYMONTH = re.compile(
    rf"\b(?:the\s+)?(\d{{1,2}}|{_ORDW})(?:\s*(?:st|nd|rd|th))?\s*(?:of\s+|[/ .-]\s*)?({_MON})\b\.?"
    r"(?:,?\s*((?:19|20)\d{2}\b|'?\d{2}\b(?![:.h]?\d|\s*(?:[ap]\.?m\b|[ap]\b|o'?\s?clock|h\b|:))))?"
)
_P_MONTHDAY = re.compile(
    rf"\b({_MON})\b\.?\s*(?:the\s+)?(\d{{1,2}}|{_ORDW})(?:\s*(?:st|nd|rd|th))?\b"
    r"(?![:.]\d|\s*(?:[ap]\.?m\b|[ap]\b|o'?\s?clock|h\d|%))(?:,?\s*((?:19|20)\d{2})\b)?"
)
_P_ORDINAL = re.compile(
    r"\b(?:on\s+)?(?:the\s+)?(\d{1,2})\s?(?:st|nd|rd|th)\b(?!\s+(?:floor|place|time|grade|row|"
    r"century|edition|birthday|anniversary|percentile|round|gen|generation|attempt|try)\b)"
)
_P_RELDAY = re.compile(
    r"\b(?:the\s+)?day\s+after\s+(?:tomorrow|tmrw?)\b|\b(?:the\s+)?day\s+before\s+yesterday\b"
    r"|\b(?:today|tdy|2day)\b|\b(?:tonight|tonite|2nite|2night|this\s+night)\b"
    r"|\b(?:tomorrow|tomorow|tommorow|tommorrow|tomorro|tmrw|tmr|tmrow|tmw|2moro|2morrow|"
    r"2mrw)\b|\b(?:yesterday|yday)\b|\blast\s+night\b"
)
_P_WEEKDAY = re.compile(
    rf"\bnext\s+week(?:'s)?\s*,?\s*(?:on\s+)?({_WD})\b"
    rf"|\b(?:(this|next|coming|last|past|every|each)\s+)?({_WD})\b\.?(?:'s)?"
    r"(?:\s+(next\s+week|after\s+next|this\s+week|of\s+next\s+week|week))?"
)
_P_REL = re.compile(
    r"(?:\b(in|within)\s+(?:about\s+|around\s+|approx\.?\s+|like\s+|roughly\s+|just\s+)?|(\+|-)\s*)?"
    r"\b(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|forty-five|fifty|half\s+an?|an?\s+half|half|1/2|a\s+couple(?:\s+of)?|couple(?:\s+of)?|"
    r"a\s+few|few|several)\s*(?:more\s+)?"
    r"(min|mins|minutes?|m|hrs?|hours?|h|days?|d|weeks?|wks?|w)\b(\s+and\s+a\s+half)?"
    r"(?:\s+(from\s+now|from\s+today|from\s+(?:tomorrow|tmrw|tmr)|later|hence|time|ago|back|"
    r"before|earlier))?"
)
_P_CLOCK_AMPM = re.compile(
    rf"(?<![\d:.%])(\d{{1,2}})(?:[:.](\d{{2}}))?\s*(?:{_AMPM})"
    rf"|(?<![\d:.])(\d{{3,4}})\s*(?P<ap3>[ap])\.?\s?m\b\.?"
)
_P_CLOCK_COLON = re.compile(r"(?<![\d:.])(\d{1,2}):(\d{2})(?::\d{2})?(?![\d:])")
_P_CLOCK_H = re.compile(r"(?<![\d:.])(\d{1,2})h(\d{2})?(?:h)?\b")
_P_CLOCK_DOT = re.compile(r"(?<![\d:.])(\d{1,2})\.(\d{2})(h\b)?(?![\d.]\d)")
_P_MIL = re.compile(r"(?<![\d:.])([01]\d|2[0-3])([0-5]\d)(?![\d:.])")
_NOT_DATE_BEFORE = re.compile(r"(?:\b(?:version|ver|v|release|build|update|ip)[:.\s#]*|\d\.)$")
_NOT_CLOCK_BEFORE = re.compile(
    r"(?:\b(?:room|rm|gate|platform|floor|level|building|bldg|unit|suite|ext|no|number|version|"
    r"ver|v|release|build|chapter|ch|section|sec|page|step|figure|fig|table|lecture hall|hall|"
    r"size|grade|score|rated|ratio|rate|costs?|price|paid|pay)\.?\s*#?|[£$€#]\s*)$"
)
_SCORE_BEFORE = re.compile(
    r"\b(?:got|get|gets|getting|scored|score|scoring|rated|rate|rating|gave|give|gives|marks?|"
    r"grade|graded|solid|only|out of|a perfect)\s*(?:(?:it|them|this|that|him|her)\s+)?(?:an?\s+)?$"
)
_DOT_DATE_CONTEXT_BEFORE = re.compile(r"\b(?:on|am)\s*$")
_DOT_DATE_CONTEXT_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:at\b|@|um\b|from\b|\d{1,2}(?::\d\d|\s*[ap]\.?m\b|h\b))"
)
_HALF_HOUR_AFTER = re.compile(r"\s*(?:an?\s+)?(?:hours?|hrs?|h\b|mins?\b|minutes?)")
_FOLLOWING_AMPM = re.compile(r"\s*([ap])\.?\s?m\b\.?")
_NOT_MIL_BEFORE = re.compile(
    r"\b(?:room|rm|no|number|ext|flight|gate|bus|route|code|pin|zip|unit|suite|floor|apt|"
    r"platform|order|ticket|id|year|in|since|until|till|by)\.?\s*#?\s*$|#\s*$"
)
_P_WORDCLOCK = re.compile(
    rf"\b(?:(?:a\s+)?(quarter|half|halfe|\d{{1,2}}|{_HOURW}|twenty|twenty-five|ten|five)"
    rf"\s+(?:minutes\s+)?(past|after|to|till|of)\s+(\d{{1,2}}|{_HOURW}))\b"
    rf"|\bhalf\s+(\d{{1,2}}|{_HOURW})\b(?!\s*(?:an?\b|hours?|days?|past|the|of|%))"
    rf"|\b(\d{{1,2}}|{_HOURW})\s*(?:o'?\s?clock|oclock)\b"
    rf"|\b(\d{{1,2}})(?::(\d{{2}}))?\s*-?\s*ish\b"
    rf"|\b({_HOURW})(?:[\s-]+(thirty|fifteen|forty-five|forty five|o\s?five|ten|twenty|"
    rf"forty|fifty))?(?=\s*(?:[ap]\.?m\b|tonight|in the|this|tomorrow|p\.m|a\.m))"
    r"|\b(?:12\s*)?(noon|midday|midnight|lunchtime|lunch\s+time)\b"
)
_P_NUM = re.compile(
    rf"(?<![\d.:/,$£€#])(?<!on-)\b(\d{{1,2}}|{_HOURW})\b(?!-on\b|-?ish)(?![:/]\d|\.\d|%|'|\s*(?:st|nd|rd|th|k|km|kg|mi|"
    r"miles?|min|mins|minutes?|hours?|hrs?|days?|weeks?|months?|years?|yrs?|people|times|x|"
    r"of|cups?|grams?|g|degrees?|points?|pounds?|dollars?|euros?|bucks?|percent|pages?|"
    r"chapters?|kids?|items?|hrs?|h|am|pm|a\.m|p\.m)\b)"
)
_P_PART = re.compile(
    r"\b(?:(early|late|mid|first\s+thing(?:\s+in\s+the)?|in\s+the|this|at|during\s+the)\s+)?"
    r"(morning|mornin|afternoon|arvo|evening|night|noon|midday|lunchtime|lunch\s+time|"
    r"end\s+of\s+(?:the\s+)?day|eod|close\s+of\s+business|cob)\b"
    r"|\bfirst\s+thing\b"
)
_P_ZONE = re.compile(rf"\(?\b({_ZONE})\b\)?(?:\s*([+-]\d{{1,2}}))?")
_P_DUR = re.compile(
    r"\bfor\s+(?:about\s+|around\s+|roughly\s+)?(\d+(?:\.\d+)?|an?|one|two|three|half\s+an?|"
    r"twenty|thirty|forty|forty-five|fifteen|ninety)\s*(min|mins|minutes?|hrs?|hours?|h|')"
    r"(?!\w)(\s+and\s+a\s+half)?"
    r"|(?<![\d.])(\d{1,3}(?:\.\d{1,2})?)[\s-]?(min|mins|minute|minutes|hr|hrs|hour|hours)\b"
    r"(?!\s*(?:late|early|ago|before|after|earlier|later|behind|away|drive|walk|ride|commute|"
    r"break|from|left|to\s+go|each|per|a\s+day|a\s+week|of|more|less|tops)\b)"
)

_GAP = re.compile(
    r"^(?:[\s,():'-]|@|\b(?:at|on|by|around|about|approx\.?|approximately|from|the|of|in|for|"
    r"this|starting|starts|start|is|it's|at\s+about|between)\b)*$"
)
_RANGE_SEP = re.compile(r"^\s*(?:-+|to|till|til|'til|until|untill|through|thru|and)\s*$")
_RANGE_BEFORE = re.compile(r"\b(?:from|between)\s*$")

_PART_NAMES = {
    "mornin": "morning", "arvo": "afternoon", "midday": "noon", "lunch time": "lunchtime",
    "eod": "end of day", "end of the day": "end of day", "close of business": "end of day",
    "cob": "end of day",
}  # fmt: skip


def _atoms(s: str, now: dt.datetime, words: set[str]) -> list[Atom]:
    today = now.date()
    found: list[Atom] = []
    add = found.append
    starts = [m.start() for m in _DIGITS.finditer(s)]
    has_digit = bool(starts)
    has_colon = has_digit and ":" in s
    has_dot = has_digit and "." in s
    has_hour_word = not words.isdisjoint(_HOUR_WORDS)
    has_relday = not words.isdisjoint(_RELDAY_WORDS) or (has_digit and "2day" in s)
    has_wd = not words.isdisjoint(WEEKDAYS)
    has_month = not words.isdisjoint(_MONTHS_NOT_MAY) or ("may" in words and has_digit)
    has_unit = not words.isdisjoint(_UNIT_WORDS) or (has_digit and not words.isdisjoint("mhdw"))
    has_ordinal = has_digit and not words.isdisjoint(("st", "nd", "rd", "th"))
    has_rel = has_unit and (has_digit or not words.isdisjoint(_AMOUNT_WORDS))
    has_dur = has_rel or (has_digit and "'" in s)
    has_wordclock = not words.isdisjoint(_CLOCK_WORDS) or has_hour_word
    has_part = not words.isdisjoint(_PART_WORDS) or "end of" in s or "close of" in s
    has_zone = not words.isdisjoint(_ZONE_WORDS)

    for m in _at(starts, _P_ISO, s):
        if m.group(1):
            d = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), now)
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
            d = _make_date(int(m.group(6)), month, int(m.group(8)), now)
            if d is not None:
                add(Atom(m.start(), m.end(), "date", date=d, date_kind="full", strong=True))

    month_first = _month_first(now)
    for m in _at(starts, _P_NUMDATE, s):
        a_raw, sep, b_raw, y_raw, dot = m.groups()
        if sep == "-" and not y_raw:
            continue
        if sep == "." and not (y_raw or dot):
            # "4.12 at 3pm", "on 4.12": day.month where a day or a time is plainly meant
            lead = s[max(0, m.start() - 16) : m.start()]
            if (
                month_first
                or _STRONG_AT.search(lead)
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
        year = _year(y_raw, now)
        for month, day in orders:
            if 1 <= month <= 12 and 1 <= day <= 31:
                d = _make_date(year, month, day, now)
                if d is not None:
                    add(Atom(m.start(), m.end(), "date", date=d, date_kind="full", strong=True))
                    break

    for pattern, day_first in ((_P_DAYMONTH, True), (_P_MONTHDAY, False)):
        for m in pattern.finditer(s) if has_month else ():
            if day_first:
                day_raw, month_raw, y_raw = m.group(1), m.group(2), m.group(3)
            else:
                month_raw, day_raw, y_raw = m.group(1), m.group(2), m.group(3)
            day = ORDINAL_WORDS.get(day_raw) or (int(day_raw) if day_raw.isdigit() else 0)
            if month_raw == "may" and not day_first and not s[m.end(1) : m.end(1) + 1].isspace():
                continue
            d = _make_date(_year(y_raw, now), MONTHS[month_raw], day, now)
            if d is not None:
                add(Atom(m.start(), m.end(), "date", date=d, date_kind="full", strong=True))

    for m in _P_ORDINAL.finditer(s) if has_ordinal else ():
        day = int(m.group(1))
        if not 1 <= day <= 31:
            continue
        d = None
        for k in range(0, 13):
            y, mo = today.year + (today.month - 1 + k) // 12, (today.month - 1 + k) % 12 + 1
            try:
                cand = dt.date(y, mo, day)
            except ValueError:
                continue
            if cand >= today:
                d = cand
                break
        if d is not None:
            add(Atom(m.start(), m.end(), "date", date=d, date_kind="dom", strong=bool(m.group(1))))

    for m in _P_RELDAY.finditer(s) if has_relday else ():
        word = m.group(0)
        a = Atom(m.start(), m.end(), "date", date_kind="rel", strong=True)
        if "after" in word:
            a.date = today + dt.timedelta(days=2)
        elif "before" in word:
            a.date, a.past = today - dt.timedelta(days=2), True
        elif word.startswith(("yesterday", "yday")):
            a.date, a.past = today - dt.timedelta(days=1), True
        elif word.startswith("last"):
            a.date, a.past, a.part = today - dt.timedelta(days=1), True, "night"
        elif word in ("today", "tdy", "2day"):
            a.date = today
        elif word.startswith(("tonight", "tonite", "2nite", "2night", "this")):
            a.date, a.part = today, "tonight"
        else:
            a.date = today + dt.timedelta(days=1)
        add(a)

    for m in _P_WEEKDAY.finditer(s) if has_wd else ():
        word2, mod, word, after = m.group(1), m.group(2), m.group(3), m.group(4)
        word = word or word2
        if (
            word in ("sat", "sun", "wed", "mon", "tu", "tue", "thu", "fri", "mar")
            and not (
                mod
                or word2
                or re.match(
                    r"[\s,.]*(?:\d|at\b|@|morning|afternoon|evening|night|$)", s[m.end() :]
                )  # fmt: skip
                or re.search(r"(?:\bon|\d|\d(?:am|pm))\s*$", s[: m.start()])
            )
        ):
            continue
        wd = WEEKDAYS[word]
        delta = (wd - today.weekday()) % 7
        a = Atom(m.start(), m.end(), "date", date_kind="wd", weekday=wd, strong=True)
        after = (after or "").replace(" ", "")
        if word2 or after in ("nextweek", "ofnextweek"):
            monday = today + dt.timedelta(days=7 - today.weekday())
            a.date = monday + dt.timedelta(days=wd)
            a.date_kind = "full"
        elif after == "afternext":
            a.date, a.date_kind = today + dt.timedelta(days=delta + 7), "full"
        elif mod == "next":
            a.date, a.date_kind = today + dt.timedelta(days=delta or 7), "full"
        elif mod in ("last", "past"):
            a.date, a.past = today - dt.timedelta(days=(today.weekday() - wd) % 7 or 7), True
            a.date_kind = "full"
        else:
            a.date = today + dt.timedelta(days=delta)
            a.habit = mod in ("every", "each") or word.endswith("days")
        if after == "week":
            a.end = m.start(4) - 1
        add(a)

    for m in _P_REL.finditer(s) if has_rel else ():
        prefix, sign, amount_raw, unit, half, suffix = m.groups()
        if not (prefix or sign or suffix):
            continue
        if unit in ("m", "h", "d", "w") and not (prefix or sign):
            continue
        halfway = amount_raw in ("half", "1/2") or amount_raw.endswith(" half")
        amount = 0.5 if halfway else _num(amount_raw)
        if amount is None:
            continue
        if half:
            amount += 0.5
        past = sign == "-" or suffix in ("ago", "back", "before", "earlier")
        if unit.startswith("m"):
            span = dt.timedelta(minutes=amount)
        elif unit.startswith("h"):
            span = dt.timedelta(hours=amount)
        elif unit.startswith("d"):
            span = dt.timedelta(days=amount)
        else:
            span = dt.timedelta(weeks=amount)
        days = unit.startswith(("d", "w")) and amount == int(amount)
        if days and suffix and suffix.startswith("from") and not suffix.endswith(("now", "today")):
            span += dt.timedelta(days=1)  # "a week from tomorrow"
        add(Atom(m.start(), m.end(), "rel", delta=-span if past else span, delta_days=days,
                 past=past, strong=True))  # fmt: skip

    for m in _at(starts, _P_CLOCK_AMPM, s):
        if m.group(5):
            raw = m.group(5)
            h, mi = int(raw[:-2]), int(raw[-2:])
            ap = m.group("ap3")
        else:
            h, mi = int(m.group(1)), int(m.group(2) or 0)
            ap = m.group("ap") or m.group("ap2")
        if h > 23 or mi > 59 or (ap == m.group("ap2") and m.start("ap2") > m.end(1) and not
                                 m.group(2)):  # fmt: skip
            continue
        exact = h > 12 or h == 0
        add(Atom(m.start(), m.end(), "time", hour=h, minute=mi,
                 ampm="" if exact else ap + "m", exact=exact, strong=True))  # fmt: skip

    for m in _at(starts if has_colon else [], _P_CLOCK_COLON, s):
        h, mi = int(m.group(1)), int(m.group(2))
        if h > 24 or mi > 59:
            continue
        exact = h > 12 or h == 0 or m.group(1).startswith("0")
        add(Atom(m.start(), m.end(), "time", hour=h % 24, minute=mi, exact=exact, strong=True))

    for m in _at(starts, _P_CLOCK_H, s):
        h, mi = int(m.group(1)), int(m.group(2) or 0)
        if h <= 23 and mi <= 59:
            add(Atom(m.start(), m.end(), "time", hour=h, minute=mi, exact=True, strong=True))

    for m in _at(starts if has_dot else [], _P_CLOCK_DOT, s):
        h, mi = int(m.group(1)), int(m.group(2))
        if h > 23 or mi > 59 or _NOT_CLOCK_BEFORE.search(s, max(0, m.start() - 16), m.start()):
            continue
        strong = bool(m.group(3)) or bool(_STRONG_AT.search(s, max(0, m.start() - 16), m.start()))
        exact = h > 12 or h == 0 or m.group(1).startswith("0")
        add(Atom(m.start(), m.end(), "time", hour=h, minute=mi, exact=exact, strong=strong))

    for m in _at(starts, _P_MIL, s):
        if _NOT_MIL_BEFORE.search(s, max(0, m.start() - 12), m.start()):
            continue
        add(Atom(m.start(), m.end(), "time", hour=int(m.group(1)), minute=int(m.group(2)),
                 exact=True, strong=False, habit=True))  # fmt: skip

    for m in _P_WORDCLOCK.finditer(s) if has_wordclock else ():
        g = m.groups()
        a = Atom(m.start(), m.end(), "time", strong=True)
        if g[0]:
            h = _word_hour(g[2])
            if h < 0 or (g[1] in ("to", "till", "of") and g[0] not in ("quarter", "half")):
                continue
            q = {"quarter": 15, "half": 30, "halfe": 30}.get(g[0])
            q = q if q is not None else _word_hour(g[0])
            if q < 0 or q > 59:
                continue
            if g[1] in ("past", "after"):
                a.hour, a.minute = h, q
            else:
                a.hour, a.minute = (h - 1) % 24, 60 - q
        elif g[3]:
            a.hour, a.minute = _word_hour(g[3]), 30
        elif g[4]:
            a.hour = _word_hour(g[4])
        elif g[5]:
            a.hour, a.minute, a.approx = int(g[5]), int(g[6] or 0), True
        elif g[7]:
            a.hour = _word_hour(g[7])
            tail = g[8] or ""
            mins = {"thirty": 30, "fifteen": 15, "forty-five": 45, "forty five": 45, "ten": 10,
                    "twenty": 20, "forty": 40, "fifty": 50}  # fmt: skip
            a.minute = mins.get(tail, 5 if tail.startswith("o") else 0)
        else:
            word = g[9]
            if word == "midnight":
                a.hour, a.exact, a.part = 0, True, "midnight"
            else:
                a.hour, a.exact, a.part = 12, True, "noon"
        if not 0 <= a.hour <= 23:
            continue
        a.exact = a.exact or a.hour > 12
        follow = _FOLLOWING_AMPM.match(s, a.end)
        if follow and not a.exact:
            a.ampm, a.end = follow.group(1) + "m", follow.end()
        add(a)

    for m in _P_NUM.finditer(s) if has_hour_word else _at(starts, _P_NUM, s):
        h = _word_hour(m.group(1))
        if not 0 <= h <= 24:
            continue
        before = s[max(0, m.start() - 40) : m.start()]
        strong = bool(_STRONG_AT.search(before))
        if not strong and before.endswith(("to ", "to")) and _RESCHEDULE_BEFORE.search(before):
            strong = True
        add(Atom(m.start(), m.end(), "num", hour=h % 24, exact=h > 12 or h == 0, strong=strong))

    for m in _P_PART.finditer(s) if has_part else ():
        word = m.group(2) or "morning"
        word = re.sub(r"\s+", " ", word)
        part = _PART_NAMES.get(word, word)
        add(Atom(m.start(), m.end(), "part", part=part, strong=True))

    for m in _P_ZONE.finditer(s) if has_zone else ():
        name = re.sub(r"\s+", " ", m.group(1))
        tz: dt.tzinfo
        if name in ZONE_NAMES:
            tz = ZoneInfo(ZONE_NAMES[name])
        else:
            off = ZONE_OFFSETS[name] + (int(m.group(2)) * 60 if m.group(2) else 0)
            tz = dt.timezone(dt.timedelta(minutes=off))
        add(Atom(m.start(), m.end(), "zone", tz=tz))

    for m in _P_DUR.finditer(s) if has_dur else ():
        if m.group(1):
            amount = _num(m.group(1))
            unit = m.group(2)
            if amount is None:
                continue
            if m.group(3):
                amount += 0.5
        else:
            amount, unit = float(m.group(4)), m.group(5)
            if unit.startswith("h") and amount > 12:
                continue  # "24 hours" is a span of the day, not a meeting's length
        minutes = amount * 60 if unit.startswith("h") else amount
        if 0 < minutes <= 24 * 60:
            add(Atom(m.start(), m.end(), "dur", delta=dt.timedelta(minutes=minutes)))
    return found


_PRIORITY = {"rel": 0, "date": 1, "time": 2, "dur": 2, "part": 3, "zone": 4, "num": 5}


def _dedupe(atoms: list[Atom]) -> list[Atom]:
    """Keep the longest atom where atoms overlap (ties: the more specific kind)."""
    atoms.sort(key=lambda a: (-(a.end - a.start), _PRIORITY[a.kind], a.start))
    taken: list[tuple[int, int]] = []
    kept: list[Atom] = []
    for a in atoms:
        if any(a.start < e and s < a.end for s, e in taken):
            continue
        taken.append((a.start, a.end))
        kept.append(a)
    kept.sort(key=lambda a: a.start)
    return kept


def _ranges(s: str, atoms: list[Atom]) -> list[Atom]:
    """Join `T1 - T2`, `from T1 to T2`, `between T1 and T2` into one time atom with an end."""
    out: list[Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if (
            a.kind in ("time", "num")
            and i + 1 < len(atoms)
            and atoms[i + 1].kind in ("time", "num")
            and _RANGE_SEP.match(s[a.end : atoms[i + 1].start])
        ):
            b = atoms[i + 1]
            sep = s[a.end : b.start].strip()
            lead = s[max(0, a.start - 12) : a.start]
            intro = bool(_RANGE_BEFORE.search(lead))
            if (sep == "and" and not intro) or (
                sep == "to" and _RESCHEDULE_BEFORE.search(s[max(0, a.start - 40) : a.start])
            ):
                out.append(a)
                i += 1
                continue
            strong = a.kind == "time" and a.strong or b.kind == "time" and b.strong
            if not strong and (intro or sep not in ("-", "--")):
                strong = sep != "to" or intro
            joined = Atom(a.start, b.end, "time", hour=a.hour, minute=a.minute, ampm=a.ampm,
                          exact=a.exact, strong=strong, approx=a.approx, part=a.part,
                          end_atom=b)  # fmt: skip
            out.append(joined)
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _compatible(g: Group, a: Atom) -> bool:
    if a.kind == "date":
        if g.date is None and g.weekday < 0:
            return g.rel is None or not g.rel.delta_days
        if a.date_kind in ("dom",) and g.date_kind == "wd":
            return True
        if a.date_kind == "wd" and g.date_kind in ("full", "dom") and g.weekday < 0:
            return True
        return a.date_kind == "full" and g.date_kind in ("wd", "dom")
    if a.kind in ("time", "num"):
        return g.time is None and (g.rel is None or g.rel.delta_days)
    if a.kind == "part":
        return not g.part or (g.part == "tonight" and a.part in ("night", "evening"))
    if a.kind == "rel":
        return g.rel is None and g.time is None and g.date is None
    if a.kind == "zone":
        return g.time is not None and g.tz is None
    if a.kind == "dur":
        return g.duration is None
    return False


def _add(g: Group, a: Atom) -> None:
    g.atoms.append(a)
    g.end = max(g.end, a.end)
    g.past = g.past or a.past
    g.habit = g.habit or a.habit
    if a.kind == "date":
        if a.date_kind == "dom" and g.date_kind == "wd" and a.date is not None:
            g.date = _dom_on_weekday(a.date, g.weekday)
            g.date_kind = "full"
        elif a.date_kind == "wd" and g.date_kind in ("full", "dom"):
            g.weekday = a.weekday
            if g.date_kind == "dom" and g.date is not None:
                g.date = _dom_on_weekday(g.date, a.weekday)
                g.date_kind = "full"
        elif a.date_kind == "full" and g.date_kind in ("wd", "dom"):
            g.date, g.date_kind = a.date, "full"
        else:
            g.date, g.date_kind, g.weekday = a.date, a.date_kind, a.weekday
        if a.part:
            g.part = a.part
    elif a.kind in ("time", "num"):
        g.time = a
        if a.part:
            g.part = g.part or a.part
    elif a.kind == "part":
        if not g.part or a.part != "night":
            g.part = a.part
    elif a.kind == "rel":
        g.rel = a
    elif a.kind == "zone":
        g.tz = a.tz
    elif a.kind == "dur":
        g.duration = a.delta


def _dom_on_weekday(d: dt.date, weekday: int) -> dt.date:
    """The first date on or after ``d`` with the same day of month that falls on weekday."""
    y, m = d.year, d.month
    for _ in range(28):
        try:
            cand = dt.date(y, m, d.day)
        except ValueError:
            cand = None
        if cand is not None and cand.weekday() == weekday:
            return cand
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return d


def _groups(s: str, atoms: list[Atom]) -> list[Group]:
    groups: list[Group] = []
    current: Group | None = None
    for a in atoms:
        if (
            current is not None
            and a.kind == "date"
            and a.date is not None
            and current.date is not None
            and current.time is None
            and current.end_date is None
            and a.date > current.date
            and _RANGE_SEP.match(s[current.end : a.start])
            and not _RESCHEDULE_BEFORE.search(s, max(0, current.start - 40), current.start)
        ):
            current.end_date = a.date
            current.end = a.end
            current.atoms.append(a)
            continue
        if (
            current is not None
            and _GAP.match(s[current.end : a.start])
            and _compatible(current, a)
            and a.start - current.end <= 24
        ):
            _add(current, a)
            continue
        if a.kind in ("zone",):
            continue
        current = Group(a.start, a.end)
        _add(current, a)
        groups.append(current)
    return groups


# ---------------------------------------------------------------- resolution
def local(day: dt.date, hour: int, minute: int, zone: dt.tzinfo | None) -> dt.datetime:
    """Wall-clock time in zone: a missing time moves forward, an ambiguous one takes fold=0."""
    if hour >= 24:
        day += dt.timedelta(days=1)
    aware = dt.datetime(day.year, day.month, day.day, hour % 24, minute, tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone)


def _window(hour: int, minute: int) -> bool:
    return 7 * 60 <= hour * 60 + minute <= 21 * 60


def _hour_candidates(t: Atom, part: str) -> list[int]:
    h = t.hour
    if t.exact:
        return [h]
    if t.ampm == "am":
        return [h % 12]
    if t.ampm == "pm":
        return [h % 12 + 12]
    if part in ("afternoon", "evening", "night", "tonight", "end of day") and h < 12:
        return [h + 12]
    if part == "morning":
        return [h % 12]
    if h == 12:
        return [12]
    return [h, h + 12]


def resolve(g: Group, now: dt.datetime, zone: dt.tzinfo | None) -> None:
    today = now.date()
    t = g.time
    if g.rel is not None and not g.rel.delta_days or (g.rel is not None and t is None):
        assert g.rel.delta is not None
        value = (now.astimezone(UTC) + g.rel.delta).astimezone(zone)
        if g.rel.delta_days and t is None:
            g.value, g.grain = value, "day"
        else:
            g.value, g.grain = value, "minute"
        g.strong = True
        return
    day = g.date
    if g.rel is not None and g.rel.delta is not None:
        day = (now + g.rel.delta).date()
    if t is not None:
        cands = _hour_candidates(t, g.part)
        if t.end_atom is not None and not t.ampm and not t.exact:
            e = t.end_atom
            if e.ampm == "pm" and (t.hour % 12) <= (e.hour % 12 or 12):
                cands = [t.hour % 12 + 12]
            elif e.ampm == "am" or e.ampm == "pm":
                cands = [t.hour % 12]
        minute = t.minute
        stated = g.tz
        if stated is not None:
            h = cands[-1] if len(cands) > 1 and not _window(cands[0], minute) else cands[0]
            base = day or now.astimezone(stated).date()
            value = local(base, h, minute, stated).astimezone(zone)
            if day is None and value < now:
                value += dt.timedelta(days=1)
        elif day is None:
            value = _next_occurrence(cands, minute, now, zone, window=len(cands) > 1)
            if t.part == "midnight" and value.date() == today and now.hour > 0:
                value = local(today + dt.timedelta(days=1), 0, 0, zone)
        else:
            fits = [c for c in cands if _window(c, minute)]
            h = fits[0] if fits else cands[0]
            late_night = g.part == "tonight" and t.ampm == "am" and t.hour % 12 == 0
            if (t.part == "midnight" or late_night) and g.date_kind in ("rel", "wd", "full"):
                value = local(day + dt.timedelta(days=1), 0, 0, zone)
            else:
                value = local(day, h, minute, zone)
            if g.date_kind == "wd" and not g.habit and value < now and day == today:
                value = local(day + dt.timedelta(days=7), h, minute, zone)
        g.value, g.grain = value, ("hour" if t.part and t.minute == 0 else "minute")
        g.strong = t.strong or g.date is not None or bool(g.part) or g.rel is not None
        if t.end_atom is not None and stated is not None:
            end = _range_end(value.astimezone(stated), t.end_atom, stated)
            g.value_end = end.astimezone(zone)
        elif t.end_atom is not None:
            g.value_end = _range_end(value, t.end_atom, zone)
        g.approximate = t.approx
    elif g.part:
        hour, minute = PARTS_OF_DAY.get(g.part, (0, 0)) if g.part != "midnight" else (24, 0)
        base = day if day is not None else today
        value = local(base, hour, minute, zone)
        if day is None and value < now:
            # "in the morning" said in the evening: most likely this morning, already past
            g.past = g.part not in ("night", "tonight", "midnight")
            value = local(base + dt.timedelta(days=1), hour, minute, zone)
        if g.date_kind == "wd" and not g.habit and value < now and day == today:
            value = local(base + dt.timedelta(days=7), hour, minute, zone)
        g.value, g.grain, g.approximate, g.strong = value, "hour", True, True
    elif day is not None:
        g.value, g.grain, g.approximate, g.strong = local(day, 0, 0, zone), "day", True, True
        if g.end_date is not None:
            g.value_end = local(g.end_date + dt.timedelta(days=1), 0, 0, zone)
    if g.value is not None and g.duration is not None and g.value_end is None:
        g.value_end = (g.value.astimezone(UTC) + g.duration).astimezone(zone)
    if g.value is not None and g.date is not None and g.date_kind != "wd" and g.value < now:
        g.past = g.past or g.value.date() < today


def _next_occurrence(
    cands: list[int], minute: int, now: dt.datetime, zone: dt.tzinfo | None, window: bool
) -> dt.datetime:
    today = now.date()
    first: dt.datetime | None = None
    for offset in (0, 1, 2):
        day = today + dt.timedelta(days=offset)
        for h in sorted(cands):
            value = local(day, h, minute, zone)
            if value < now:
                continue
            if first is None:
                first = value
            if not window or _window(h, minute):
                return value
    assert first is not None
    return first


def _range_end(start: dt.datetime, e: Atom, zone: dt.tzinfo | None) -> dt.datetime:
    day = start.date()
    if e.part == "midnight":
        return local(day + dt.timedelta(days=1), 0, 0, zone)
    cands = _hour_candidates(e, "")
    best: dt.datetime | None = None
    for offset in (0, 1):
        for h in sorted(cands):
            value = local(day + dt.timedelta(days=offset), h, e.minute, zone)
            if value > start and (best is None or value < best):
                best = value
        if best is not None:
            return best
    return start


def scan(text: str, now: dt.datetime) -> tuple[str, list[Group]]:
    """Normalised text and every resolved time group in it (weak ones included)."""
    s = normalize(text)
    return s, scan_normalized(s, now)


def may_hold_time(s: str) -> bool:
    """Cheap test on normalised text: a digit or a time word."""
    return _DIGIT.search(s) is not None or not _TIME_WORDS.isdisjoint(_WORD.findall(s))


def scan_normalized(s: str, now: dt.datetime) -> list[Group]:
    """Every resolved time group in already normalised text."""
    words = set(_WORD.findall(s))
    if words.isdisjoint(_TIME_WORDS) and not _DIGIT.search(s):
        return []
    atoms = _ranges(s, _dedupe(_atoms(s, now, words)))
    groups = _groups(s, atoms)
    zone = now.tzinfo
    for g in groups:
        if g.atoms and all(a.kind in ("dur", "zone") for a in g.atoms):
            continue
        try:
            resolve(g, now, zone)
        except (ValueError, OverflowError):
            g.value = None
    _attach_durations(groups)
    _join_until(s, groups, zone)
    return [g for g in groups if g.value is not None]


_UNTIL_BEFORE = re.compile(r"\b(?:until|till|til|untill|'til)\s*$")
_SENTENCE_BREAK = re.compile(r"[.!?;\n]")


def _join_until(s: str, groups: list[Group], zone: dt.tzinfo | None) -> None:
    """ "until 5, starting 3:30": a lone end time closes the nearest start in its sentence."""
    for g in groups:
        t = g.time
        if t is None or g.value is None or t.end_atom is not None or g.date is not None:
            continue
        if not _UNTIL_BEFORE.search(s, max(0, g.start - 8), g.start):
            continue
        near = [
            h
            for h in groups
            if h is not g and h.value is not None and h.time is not None and h.value_end is None
            and abs(h.start - g.start) <= 40
            and not _SENTENCE_BREAK.search(s, min(h.end, g.end), max(h.start, g.start))
            and not _UNTIL_BEFORE.search(s, max(0, h.start - 8), h.start)
        ]  # fmt: skip
        if not near:
            continue
        h = min(near, key=lambda h: abs(h.start - g.start))
        assert h.value is not None
        end = _range_end(h.value, t, zone)
        if end > h.value and end - h.value <= dt.timedelta(hours=12):
            h.value_end = end
            h.end, h.start = max(h.end, g.end), min(h.start, g.start)
            g.value = None


def _attach_durations(groups: list[Group]) -> None:
    """A lone duration ("30 min sync at 11:30", "for an hour") ends the nearest clock time."""
    for d in groups:
        if d.value is not None or d.duration is None:
            continue
        near = [
            g
            for g in groups
            if g.value is not None and g.grain == "minute" and g.value_end is None
            and (0 <= d.start - g.end <= 40 or 0 <= g.start - d.end <= 40)
        ]  # fmt: skip
        if near:
            g = min(near, key=lambda g: min(abs(d.start - g.end), abs(g.start - d.end)))
            assert g.value is not None
            g.value_end = (g.value.astimezone(UTC) + d.duration).astimezone(g.value.tzinfo)


def is_bare_number(g: Group) -> bool:
    """A lone number with no time context ("= 1", "3 meetings"): never a time on its own.

    A number is a time only after "at"/"@"/"around"/..., with am/pm, as h:mm or o'clock, in
    a range, or beside a day, part of day or offset in its own group.
    """
    t = g.time
    return (
        t is not None
        and t.kind == "num"
        and not t.strong
        and t.end_atom is None
        and g.date is None
        and not g.part
        and g.rel is None
    )


def group_is_time(g: Group) -> bool:
    """Whether a group reads as a time on its own (not a bare number or a score)."""
    if g.date is not None or g.part or g.rel is not None:
        return True
    t = g.time
    if t is None:
        return False
    if t.kind == "num" and t.end_atom is None:
        return t.strong
    return t.strong
