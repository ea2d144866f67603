"""Clock atoms: clock times, offsets, word clocks, bare numbers, parts of day, zones, lengths."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from companion_bot.extraction.atoms import (
    AMPM,
    HOURW,
    NOT_A_TIME_BEFORE,
    RESCHEDULE_BEFORE,
    STRONG_AT,
    ZONE,
    Atom,
    AtomScan,
    digit_matches,
    finditer_in,
    parse_amount,
    windows,
    word_hour,
)
from companion_bot.extraction.lexicon import SPOKEN_MINUTES, ZONE_NAMES, ZONE_OFFSETS, alternation
from companion_bot.extraction.place_zones import place_zones

# A relative time or a length holds a unit: its pattern only runs around one.
_UNIT_ANCHOR = re.compile(
    r"(?=[mhdw\d])(?:(?:\b|(?<=\d))(?:min|mins|minutes?|hrs?|hours?|days?|weeks?|wks?)\b"
    r"|\d\s?[mhdw]\b|\d')"
)
REL_BEFORE_UNIT = 48  # "within about a couple of " + amount
REL_AFTER_UNIT = 48  # " and a half from tomorrow", "to get there"
_P_REL = re.compile(
    r"(?:\b(in|within|after)\s+(?:about\s+|abt\s+|around\s+|approx\.?\s+|like\s+|roughly\s+|"
    r"just\s+|~\s*)?|(?<![\w.:])(\+|-)(?=\d))?"
    r"\b(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|forty-five|fifty|half\s+an?|an?\s+half|half|1/2|a\s+couple(?:\s+of)?|couple(?:\s+of)?|"
    r"a\s+few|few|several)\s*(?:more\s+)?"
    r"(min|mins|minutes?|m|hrs?|hours?|h|days?|d|weeks?|wks?|w)\b(\s+and\s+a\s+half)?"
    r"(?:\s+(from\s+now|from\s+today|from\s+(?:tomorrow|tmrw|tmr)|later|hence|time|ago|back|"
    r"before|earlier))?"
)
_P_CLOCK_AMPM = re.compile(
    rf"(?<![\d:.%])(\d{{1,2}})(?:[:.](\d{{2}}))?\s*(?:{AMPM})"
    rf"|(?<![\d:.])(\d{{3,4}})\s*(?P<ap3>[ap])\.?\s?m\b\.?"
)
_P_CLOCK_COLON = re.compile(r"(?<![\d:.])(\d{1,2}):(\d{2})(?::\d{2})?(?![\d:])")
_P_CLOCK_H = re.compile(r"(?<![\d:.])(\d{1,2})(?:h(\d{2})?(?:h)?\b|\s*uhr\b)")
_P_CLOCK_DOT = re.compile(r"(?<![\d:.])(\d{1,2})\.(\d{2})(h\b|\s*(?:uhr|hrs?)\b)?(?![\d.]\d)")
# "1530" is a time with hrs/h/uhr/sharp after it, "at"/"@" before it, or beside a day word.
_P_MIL = re.compile(r"(?<![\w:.])([01]\d|2[0-3])([0-5]\d)(?![\d:.])(\s*(?:hrs?|h|uhr|sharp)\b)?")
_FOLLOWING_AMPM = re.compile(r"\s*([ap])\.?\s?m\b\.?")
_NOT_MIL_BEFORE = re.compile(
    r"\b(?:room|rm|no|number|ext|flight|gate|bus|route|code|pin|zip|unit|suite|floor|apt|"
    r"platform|order|ticket|id|year|in|since|until|till|by)\.?\s*#?\s*$|#\s*$"
    # an airline code ("ek 2015", "u2 1234"), not a two-letter word
    r"|\b(?!(?:at|on|by|in|is|to|so|or|of|me|we|us|up|do|go|be|he|it|my|no|am|pm|an|as|if|ok)\b)"
    r"[a-z][a-z\d]\s*$"
)
_P_WORDCLOCK = re.compile(
    rf"\b(?:(?:a\s+)?(quarter|half|halfe|\d{{1,2}}|{HOURW}|twenty[\s-]five|twenty|ten|five)"
    rf"\s+(?:minutes\s+)?(past|after|to|till|of)\s+(\d{{1,2}}|{HOURW}))\b"
    rf"|\bhalf\s+(\d{{1,2}}|{HOURW})\b(?!\s*(?:an?\b|hours?|days?|past|the|of|%))"
    rf"|\b(\d{{1,2}}|{HOURW})\s*(?:o'?\s?clock|oclock)\b"
    rf"|\b(\d{{1,2}})(?::(\d{{2}}))?\s*-?\s*ish\b"
    rf"|\b({HOURW})(?:[\s-]+(thirty|fifteen|forty-five|forty five|o\s?five|ten|twenty|"
    rf"forty|fifty))?(?=\s*(?:[ap]\.?\s?m\b|tonight|in the|this|tomorrow|p\.m|a\.m))"
    r"|\b(?:(?:12|twelve)\s*)?(noon|midday|midnight|lunchtime|lunch\s+time)\b"
)
_P_NUM = re.compile(
    rf"(?<![\d.:/,$£€#])(?<!on-)\b(\d{{1,2}}|{HOURW})\b(?!-on\b|-?ish)(?![:/]\d|\.\d|%|'|\s*(?:st|nd|rd|th|k|km|kg|mi|"
    r"miles?|min|mins|minutes?|hours?|hrs?|days?|weeks?|months?|years?|yrs?|people|times|x|"
    r"of\b(?!\s+the\s+(?:morning|afternoon|evening|night))|cups?|grams?|g|degrees?|points?|pounds?|dollars?|euros?|bucks?|percent|pages?|"
    r"chapters?|kids?|items?|hrs?|h|am|pm|a\.m|p\.m)\b)"
)
_P_PART = re.compile(
    r"\b(?:(early|late|mid|first\s+thing(?:\s+in\s+the)?|in\s+the|this|at|during\s+the)\s+)?"
    r"(morning|mornin|afternoon|arvo|evening|night|noon|midday|lunchtime|lunch\s+time|"
    r"end\s+of\s+(?:the\s+)?day|eod|close\s+of\s+business|cob)\b"
    r"|\bfirst\s+thing\b"
)
_P_ZONE = re.compile(rf"\(?\b({ZONE})\b\)?(?:\s*([+-]\d{{1,2}}))?")
_P_DUR = re.compile(
    r"\b(?:for|takes?|taking|lasts?|lasting|runs?)\s+(?:about\s+|around\s+|roughly\s+|"
    r"approx\.?\s+|like\s+)?(\d+(?:\.\d+)?|an?|one|two|three|half\s+an?|"
    r"twenty|thirty|forty|forty-five|fifteen|ninety)\s*(min|mins|minutes?|hrs?|hours?|h|')"
    r"(?!\w)(\s+and\s+a\s+half)?(?!\s+to\s+(?:get|drive|walk|go|reach|travel|commute))"
    r"|(?<![\d.:])(\d{1,3}(?:\.\d{1,2})?)[\s-]?(min|mins|minute|minutes|hr|hrs|hour|hours)\b"
    r"(?!\s*(?:late|early|ago|before|after|earlier|later|behind|away|drive|walk|ride|commute|"
    r"break|from|left|to\s+(?:go|get|drive|walk|reach|travel|commute)|each|per|a\s+day|"
    r"a\s+week|of|more|less|tops|away)\b)"
)

_TO_MINUTES = frozenset({"five", "ten", "twenty", "twenty-five", "twenty five"})
_RANGE_INTRO = re.compile(r"\b(?:from|between)\s*$")
# After a number: a unit or a noun it counts ("five to ten minutes", "two thirty-year-olds").
_NOT_CLOCK_AFTER = re.compile(
    r"(?:-|\s*(?:%|(?:minutes?|mins?|hours?|hrs?|years?|yrs?|days?|weeks?|months?|people|"
    r"persons|guests|times|kids|dollars|bucks|euros|pounds|quid|k|grand|thousand|hundred|"
    r"million|percent|pages|items|of|km|miles|kg)\b))"
)
_P_SPOKEN = re.compile(rf"\b({HOURW})[\s-]+({alternation(list(SPOKEN_MINUTES))})\b")
_SPOKEN_CONTEXT_AFTER = re.compile(
    r"\s*(?:tonight|tomorrow|tmrw|today|sharp|o'?clock|(?:in|this)\s+the\s+"
    r"(?:morning|afternoon|evening)|this\s+(?:morning|afternoon|evening))\b"
)
# "at one" is a time before these, not "at one point", "one of them".
_ONE_AS_TIME_AFTER = re.compile(
    r"\s*(?:$|[^\w\s]|(?:and|or|but|so|then|on|in|this|tomorrow|tmrw|today|tonight|sharp|ish|"
    r"for|with|is|works|ok|okay|please|pls|i|we)\b)"
)
MIN_BARE_MINUTES, MAX_BARE_MINUTES = 5, 90
_P_IN_BARE = re.compile(
    r"\b(?:in|within)\s+(?:about\s+|abt\s+|around\s+|like\s+|~\s*)?(\d{1,2})\b(?![:./,]\d)"
    r"(?=\s*(?:$|[^\w\s%$£€'/.:-]|\.(?!\d)|-?ish\b|(?:and|so|but|then|or|i|i'm|im|we|lol|brb|"
    r"ok|okay|pls|please|guys|everyone|folks|max|tops|hopefully|tho|though|omw|sharp|"
    r"hurry|see)\b))"
)
# "born in 85", "1 in 20": a year or a ratio, not minutes.
_NOT_IN_MINUTES_BEFORE = re.compile(
    r"(?:\b(?:born|since|graduated|founded|established|built|married|retired|class)|\d)\s*$"
)
_DOTTED_CLOCK = re.compile(r"\d{2}\.\d{2}")

_NIGHT_NOUN = re.compile(
    r"\s*(?:shifts?|owls?|life|mode|light|club|bus|terrors|sweats|cream|market|routine)\b"
)
_PART_NAMES = {
    "mornin": "morning", "arvo": "afternoon", "midday": "noon", "lunch time": "lunchtime",
    "eod": "end of day", "end of the day": "end of day", "close of business": "end of day",
    "cob": "end of day",
}  # fmt: skip


def _find_rel(c: AtomScan) -> None:
    """Offsets from now: "in 20 mins", "2 hours ago", "a week from tomorrow"."""
    s = c.s
    add = c.add
    spans = windows(s, _UNIT_ANCHOR, REL_BEFORE_UNIT, REL_AFTER_UNIT) if c.has_rel else []
    for m in finditer_in(_P_REL, s, spans):
        prefix, sign, amount_raw, unit, half, suffix = m.groups()
        if not (prefix or sign or suffix):
            continue
        if unit in ("m", "h", "d", "w") and not (prefix or sign):
            continue
        if prefix == "after" and (unit[0] not in "mh" or s.startswith(" of", m.end())):
            continue  # "after 30 minutes" (= in 30 minutes), not "after 2 hours of ..."
        halfway = amount_raw in ("half", "1/2") or amount_raw.endswith(" half")
        amount = 0.5 if halfway else parse_amount(amount_raw)
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


def _find_clock_ampm(c: AtomScan) -> None:
    """Clock times with am/pm: "3pm", "3:30 p.m.", "1030am"."""
    s = c.s
    add = c.add
    starts = c.starts
    for m in digit_matches(starts, _P_CLOCK_AMPM, s):
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


def _find_clock_colon(c: AtomScan) -> None:
    """Clock times written h:mm: "15:30", "3:30"."""
    s = c.s
    add = c.add
    starts = c.starts
    for m in digit_matches(starts if c.has_colon else [], _P_CLOCK_COLON, s):
        h, mi = int(m.group(1)), int(m.group(2))
        if h > 24 or mi > 59:
            continue
        exact = h > 12 or h == 0 or m.group(1).startswith("0")
        add(Atom(m.start(), m.end(), "time", hour=h % 24, minute=mi, exact=exact, strong=True))


def _find_clock_h(c: AtomScan) -> None:
    """Clock times written with h: "15h", "15h30"."""
    s = c.s
    add = c.add
    starts = c.starts
    for m in digit_matches(starts, _P_CLOCK_H, s):
        h, mi = int(m.group(1)), int(m.group(2) or 0)
        if h <= 23 and mi <= 59:
            add(Atom(m.start(), m.end(), "time", hour=h, minute=mi, exact=True, strong=True))


def _find_clock_dot(c: AtomScan) -> None:
    """Clock times written h.mm: strong after "at"/"around" or with "h"; not rooms or prices."""
    s = c.s
    add = c.add
    starts = c.starts
    for m in digit_matches(starts if c.has_dot else [], _P_CLOCK_DOT, s):
        h, mi = int(m.group(1)), int(m.group(2))
        if h > 23 or mi > 59 or NOT_A_TIME_BEFORE.search(s, max(0, m.start() - 16), m.start()):
            continue
        strong = bool(m.group(3)) or bool(STRONG_AT.search(s, max(0, m.start() - 16), m.start()))
        exact = h > 12 or h == 0 or m.group(1).startswith("0")
        add(Atom(m.start(), m.end(), "time", hour=h, minute=mi, exact=exact, strong=strong))


def _find_mil(c: AtomScan) -> None:
    """Military times "1530" (weak: never a time on their own)."""
    s = c.s
    add = c.add
    starts = c.starts
    for m in digit_matches(starts, _P_MIL, s):
        suffix = m.group(3) is not None
        if not suffix and _NOT_MIL_BEFORE.search(s, max(0, m.start() - 12), m.start()):
            continue
        strong = suffix or bool(STRONG_AT.search(s, max(0, m.start() - 16), m.start()))
        add(Atom(m.start(), m.end(), "time", hour=int(m.group(1)), minute=int(m.group(2)),
                 exact=True, strong=strong, habit=not strong, military=not strong))  # fmt: skip


def _find_wordclock(c: AtomScan) -> None:
    """Clock words: half past 3, quarter to 5, 3 o'clock, 10ish, noon, midnight."""
    s = c.s
    add = c.add
    for m in _P_WORDCLOCK.finditer(s) if c.has_wordclock else ():
        g = m.groups()
        a = Atom(m.start(), m.end(), "time", strong=True)
        if g[0]:
            h = word_hour(g[2])
            if h < 0 or (g[1] in ("to", "till", "of") and not _minutes_to(s, m)):
                continue
            q = {"quarter": 15, "half": 30, "halfe": 30}.get(g[0])
            q = q if q is not None else SPOKEN_MINUTES.get(g[0], word_hour(g[0]))
            if not 0 < q < 60 or (q % 5 and "minute" not in m.group(0)):
                continue  # "ten past", "25 past", "7 minutes past"; not "one after 3"
            if g[1] in ("past", "after"):
                a.hour, a.minute = h, q
            else:
                a.hour, a.minute = (h - 1) % 24, 60 - q
        elif g[3]:
            a.hour, a.minute = word_hour(g[3]), 30
        elif g[4]:
            a.hour = word_hour(g[4])
        elif g[5]:
            a.hour, a.minute, a.approx = int(g[5]), int(g[6] or 0), True
        elif g[7]:
            a.hour = word_hour(g[7])
            tail = g[8] or ""
            mins = {"thirty": 30, "fifteen": 15, "forty-five": 45, "forty five": 45, "ten": 10,
                    "twenty": 20, "forty": 40, "fifty": 50}  # fmt: skip
            a.minute = mins.get(tail, 5 if tail.startswith("o") else 0)
        else:
            word = g[9]
            if word == "midnight":
                a.hour, a.exact, a.part = 0, True, "midnight"
            elif word in ("noon", "midday"):
                a.hour, a.exact, a.part = 12, True, "noon"
            else:  # "lunchtime": around noon, not exactly
                a.hour, a.exact, a.part, a.approx = 12, True, "lunchtime", True
        if not 0 <= a.hour <= 23:
            continue
        a.exact = a.exact or a.hour > 12
        follow = _FOLLOWING_AMPM.match(s, a.end)
        if follow and not a.exact:
            a.ampm, a.end = follow.group(1) + "m", follow.end()
        add(a)


def _minutes_to(s: str, m: re.Match[str]) -> bool:
    """ "quarter to 5", "ten to four", "10 minutes to 4": not a range ("from ten to four")."""
    minutes, link = m.group(1), m.group(2)
    if minutes in ("quarter", "half"):
        return True
    if link == "till" or not (minutes in _TO_MINUTES or "minute" in m.group(0)):
        return False
    return not (
        _RANGE_INTRO.search(s, max(0, m.start() - 12), m.start())
        or _NOT_CLOCK_AFTER.match(s, m.end())
    )


def _find_spoken(c: AtomScan) -> None:
    """Spoken clocks: "two thirty", "six fifty five am", "nine o five" (weak on their own)."""
    s = c.s
    for m in _P_SPOKEN.finditer(s) if c.has_hour_word else ():
        if _NOT_CLOCK_AFTER.match(s, m.end()):
            continue
        a = Atom(m.start(), m.end(), "time", hour=word_hour(m.group(1)),
                 minute=SPOKEN_MINUTES[re.sub(r"\s+", " ", m.group(2))])  # fmt: skip
        follow = _FOLLOWING_AMPM.match(s, a.end)
        if follow:
            a.ampm, a.end = follow.group(1) + "m", follow.end()
        a.strong = bool(
            follow
            or STRONG_AT.search(s, max(0, m.start() - 16), m.start())
            or _SPOKEN_CONTEXT_AFTER.match(s, a.end)
        )
        c.add(a)


def _find_in_minutes(c: AtomScan) -> None:
    """ "in 45", "yoga in 20!!": a bare 5..90 after "in", with no unit or noun, is minutes."""
    s = c.s
    for m in _P_IN_BARE.finditer(s) if c.has_digit and "in" in c.words else ():
        n = int(m.group(1))
        if not MIN_BARE_MINUTES <= n <= MAX_BARE_MINUTES:
            continue
        if _NOT_IN_MINUTES_BEFORE.search(s, max(0, m.start() - 16), m.start()):
            continue
        c.add(Atom(m.start(), m.end(), "rel", delta=dt.timedelta(minutes=n), strong=True))


def _find_num(c: AtomScan) -> None:
    """Bare numbers: strong after "at"/"@"/"from"/"until" or "moved to"."""
    s = c.s
    add = c.add
    starts = c.starts
    for m in _P_NUM.finditer(s) if c.has_hour_word else digit_matches(starts, _P_NUM, s):
        h = word_hour(m.group(1))
        if not 0 <= h <= 24:
            continue
        before = s[max(0, m.start() - 40) : m.start()]
        strong = bool(STRONG_AT.search(before))
        if m.group(1) == "one" and not (strong and _ONE_AS_TIME_AFTER.match(s, m.end())):
            continue  # "at one" is 1 o'clock; "a new one today", "at one point" are not
        if not strong and before.endswith(("to ", "to")) and RESCHEDULE_BEFORE.search(before):
            strong = True
        add(Atom(m.start(), m.end(), "num", hour=h % 24, exact=h > 12 or h == 0, strong=strong))


def _find_part(c: AtomScan) -> None:
    """Parts of day: morning, afternoon, evening, night, lunchtime, end of day."""
    s = c.s
    add = c.add
    for m in _P_PART.finditer(s) if c.has_part else ():
        word = m.group(2) or "morning"
        word = re.sub(r"\s+", " ", word)
        part = _PART_NAMES.get(word, word)
        if part == "night" and not m.group(1) and _NIGHT_NOUN.match(s, m.end()):
            continue  # "night shift", "night owl": a kind of thing, not a time
        # "at noon" is the clock time noon (which may take a zone: "at noon ny time")
        start = m.start(2) if part == "noon" and m.group(1) == "at" else m.start()
        add(Atom(start, m.end(), "part", part=part, strong=True))


def _find_zone(c: AtomScan) -> None:
    """Stated zones after a time: fixed offsets (CET, EST) and region zones (ET, PT)."""
    s = c.s
    add = c.add
    for m in _P_ZONE.finditer(s) if c.has_zone else ():
        name = re.sub(r"\s+", " ", m.group(1))
        tz: dt.tzinfo
        if name in ZONE_NAMES:
            tz = ZoneInfo(ZONE_NAMES[name])
        else:
            off = ZONE_OFFSETS[name] + (int(m.group(2)) * 60 if m.group(2) else 0)
            tz = dt.timezone(dt.timedelta(minutes=off))
        add(Atom(m.start(), m.end(), "zone", tz=tz))


def _find_dur(c: AtomScan) -> None:
    """Lengths: "for 45 minutes", "a 30 min sync", "…, 45 mins"."""
    s = c.s
    add = c.add
    spans = windows(s, _UNIT_ANCHOR, REL_BEFORE_UNIT, REL_AFTER_UNIT) if c.has_dur else []
    for m in finditer_in(_P_DUR, s, spans):
        if m.group(1):
            amount = parse_amount(m.group(1))
            unit = m.group(2)
            if amount is None:
                continue
            if m.group(3):
                amount += 0.5
        else:
            amount, unit = float(m.group(4)), m.group(5)
            if _DOTTED_CLOCK.fullmatch(m.group(4)) and unit.startswith("h"):
                continue  # "16.00 hrs", "10.30 hrs": a clock time
            if unit.startswith("h") and amount > 12:
                continue  # "24 hours" is a span of the day, not a meeting's length
        minutes = amount * 60 if unit.startswith("h") else amount
        if 0 < minutes <= 24 * 60:
            add(Atom(m.start(), m.end(), "dur", delta=dt.timedelta(minutes=minutes)))


def clock_atoms(c: AtomScan) -> None:
    """Every clock, offset, part-of-day, zone and length atom of the text into ``c.found``."""
    _find_rel(c)
    _find_clock_ampm(c)
    _find_clock_colon(c)
    _find_clock_h(c)
    _find_clock_dot(c)
    _find_mil(c)
    _find_wordclock(c)
    _find_spoken(c)
    _find_in_minutes(c)
    _find_num(c)
    _find_part(c)
    place_zones(c)
    _find_zone(c)
    _find_dur(c)
