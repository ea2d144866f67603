"""Clock atoms: clock times, offsets, word clocks, bare numbers, parts of day, zones, lengths."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from companion_bot.extraction.atoms import (
    AMPM,
    HOURW,
    HOURW_WORDS,
    RESCHEDULE_BEFORE,
    SPACES,
    STREET_AFTER,
    ZONE,
    ZONE_WORDS,
    Atom,
    AtomScan,
    Gates,
    digit_matches,
    finditer_in_at,
    not_a_time_label,
    parse_amount,
    strong_at,
    strong_at_before,
    windows,
    word_hour,
)
from companion_bot.extraction.foreign_clocks import find_foreign_clocks
from companion_bot.extraction.foreign_offsets import find_foreign_offsets
from companion_bot.extraction.lexicon import (
    ARABIZI_HOUR_WORDS,
    ARABIZI_MINUTES,
    ARABIZI_PARTS,
    BEFORE_WORDS,
    CATALAN_HOURS,
    CATALAN_QUARTERS,
    COURSE_CODES,
    FOREIGN_PARTS,
    GERMANIC_HOURS,
    HALF_BEFORE_HOURS,
    HALF_BEFORE_WORDS,
    HINDI_FRACTIONS,
    HINDI_HALF_HOURS,
    HINDI_HOURS,
    NUMBER_WORDS,
    OF_PARTS,
    POLISH_HOURS,
    RECIPE_WORDS,
    RELDAY_WORDS,
    ROMANCE_HOURS,
    ROMANCE_MINUTES,
    SCRIPTURE_BOOKS,
    SCRIPTURE_PERSON_BOOKS,
    SCRIPTURE_WORDS,
    SLAVIC_HALF_HOURS,
    SLAVIC_HALF_WORDS,
    SLAVIC_QUARTER_HOURS,
    SPOKEN_MINUTES,
    SWAHILI_HOURS,
    SWAHILI_PARTS,
    WEEKDAYS,
    ZONE_NAMES,
    ZONE_OFFSETS,
    ZONES_ALSO_WORDS,
    alternation,
    wordset,
)
from companion_bot.extraction.place_zones import (
    find_clock_places,
    find_place_times,
    find_regions,
)
from companion_bot.extraction.script_times import find_script_times
from companion_bot.extraction.tokens import finditer_at, index_of, scan, scanned_whole

# A relative time or a length holds a unit: its pattern only runs around one.
_UNIT_ANCHOR = re.compile(
    r"(?=[mhdw\d])(?:(?:\b|(?<=\d))(?:min|mins|minutes?|hrs?|hours?|days?|weeks?|wks?)\b"
    r"|\d\s?[mhdw]\b|\d')"
)
# Where a unit anchor may begin on a long text: a unit word, or the last digit of a number.
_UNIT_ANCHOR_WORDS = wordset("min mins minute minutes hr hrs hour hours day days week weeks wk wks")
REL_BEFORE_UNIT = 48  # "within about a couple of " + amount
REL_AFTER_UNIT = 48  # " and a half from tomorrow", "to get there"
# "forty five", "twenty-one": the compound amounts, with a space or a hyphen.
_COMPOUND_AMOUNTS = "|".join(
    w.replace("-", r"[\s-]") for w in sorted(NUMBER_WORDS, key=len, reverse=True) if "-" in w
)
_P_REL = re.compile(
    r"(?:\b(in|within|after)\s+(?:about\s+|abt\s+|around\s+|approx\.?\s+|like\s+|roughly\s+|"
    r"just\s+|~\s*)?|(?<![\w.:])(\+|-)(?=\d))?"
    rf"\b((?:\d+(?:\.\d+)?|(?:{_COMPOUND_AMOUNTS})\b|"
    r"an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|half\s+an?|an?\s+half|half|1/2|a\s+couple(?:\s+of)?|couple(?:\s+of)?|"
    r"a\s+few|few|several)(?:\s+and\s+a\s+half\b)?)\s*(?:more\s+)?"  # "2 and a half hours"
    # a one-letter unit not run into a word: "2d", "2 d", not "an"+"d" ("packed in and")
    r"(min|mins|minutes?|(?<![a-z])m|hrs?|hours?|(?<![a-z])h|days?|(?<![a-z])d|weeks?|wks?|"
    r"(?<![a-z])w)\b(\s+and\s+a\s+half)?"
    r"(?:\s+(from\s+now|from\s+today|from\s+(?:tomorrow|tmrw|tmr)|later|hence|time|ago|back|"
    r"before|earlier))?"
)
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 24 * 60, "w": 7 * 24 * 60}
# No offset is longer than the span of the calendar (year 1 to 9999).
_MAX_OFFSET_MINUTES = (dt.date.max - dt.date.min) / dt.timedelta(minutes=1)
# The words an offset begins with besides a number or a sign: "in"/"within"/"after", an
# amount, or an amount run into its unit or into "more" ("ahour", "twohrs", "twomore hours").
_REL_AMOUNTS = wordset(
    "a an one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty half couple few several"
)
_REL_UNITS = wordset("min mins minute minutes m hr hrs hour hours h day days d week weeks wk wks w")
_REL_FIRST = (
    wordset("in within after")
    | _REL_AMOUNTS
    | {a + u for a in _REL_AMOUNTS for u in _REL_UNITS | {"more"}}
)
# The words a length begins with besides a number.
_DUR_FIRST = wordset("for take takes taking last lasts lasting run runs")
_P_CLOCK_AMPM = re.compile(
    rf"(?<![\d:.%])(\d{{1,2}})(?:[:.](\d{{2}}))?\s*(?:{AMPM})"
    rf"|(?<![\d:.])(\d{{3,4}})\s*(?P<ap3>[ap])\.?\s?m\b\.?"
)
_P_CLOCK_COLON = re.compile(
    r"(?<![\d:.])(\d{1,2}):(\d{2})(?::00)?(?![\d:]|\.\d)(\s*(?:uhr|uur|hrs?|hours|hs|h)\b)?"
    r"(?! (?:of|in|into) the (?:video|song|clip|podcast|recording|track|movie|episode)\b)"
)  # "3:16 of the video" is a timestamp; "7:45 uhr", "9:45 h", "16:15 hs", "09:30 hours" are
# 24-hour clocks. Seconds are a clock's only as ":00" ("10:00:00" in an export): a readout
# to the second or its fraction is a measure ("Kiptum 2:00:35", "lap 1:29.708").
# "15h", "15h30", "19 uhr"; not an amount of hours ("cancel up to 12h before", "an 8h shift").
_P_CLOCK_H = re.compile(
    r"(?<![\d:.])(\d{1,2})(?:h(?!\s(?:before|after|prior|in advance|ahead|notice|ago|earlier|later|"
    r"away|long|left|of|per|each|a day|a week|shifts?|drive|flight|journey|delay|window|fast|"
    r"sans|sin|ohne|senza|without)\b)"
    r"(\d{2})?(?:h)?\b|\s*(?:uhr|uur)\b|u(\d{2})?\b|[^\S\n]h[^\S\n](\d{2})\b(?!\s*min)"
    r"|([^\S\n])h\b(?![^\S\n]*\d))"
)  # and Flemish "14u", "9u30", Quebec French "13 h 15", "à 10 h"
_FRENCH_AT = re.compile(r"\b(?:à|a|vers|des|dès|de)\s$")  # before a Quebec "10 h"
_FIRST_U_HOUR = 7  # "2u" is "to you", not 2 o'clock
_P_CLOCK_DOT = re.compile(r"(?<![\d:.])(\d{1,2})\.(\d{2})(h\b|\s*(?:uhr|hrs?)\b)?(?![\d.]\d)")
# "1530" is a time with hrs/h/uhr/sharp after it, "at"/"@" before it, or beside a day word.
_P_MIL = re.compile(
    r"(?<![\w:.])([01]\d|2[0-3]|[1-9])([0-5]\d)(?![\d:.])(\s*(?:hrs?|h|uhr|sharp)\b)?"
)
_FOLLOWING_AMPM = re.compile(r"\s*([ap])\.?\s?m\b\.?")
# "930 people", "450 calories", "500 words": an amount, not a compact clock time.
_NOT_A_COMPACT_TIME = re.compile(r"\s*(?:[a-z]+s\b|[%x$£€])")
# An amount's "about" before such a number: "about 400 photos" is no 4:00 ("about 4" is).
_ROUGH_AMOUNT_BEFORE = re.compile(r"\b(?:about|around|abt|approx\.?|approximately|roughly)\s*$")
# A length of time after a number: "220 for 20 min", "180 for 1h30".
_FOR_A_WHILE = re.compile(
    r"\s*(?:°|degrees?\b|for\s+(?:an?\s+|\d+\s*)(?:h|hr|hrs|hours?|min|mins|minutes)?\b)"
)
_NOT_MIL_BEFORE = re.compile(
    r"\b(?:room|rm|no|number|ext|flight|gate|bus|route|code|pin|zip|unit|suite|floor|apt|"
    r"platform|order|ticket|id|year|in|since|until|till|by|"
    r"model|modello|modelo|modele|modulo|form|formulario|module|course|"
    rf"{COURSE_CODES})\.?\s*#?\s*$|#\s*$"  # "modello 730", "MATH 2130"
    # an airline code ("ek 2015", "u2 1234"), not a two-letter word
    r"|\b(?!(?:at|on|by|in|is|to|so|or|of|me|we|us|up|do|go|be|he|it|my|no|am|pm|an|as|if|ok)\b)"
    r"[a-z][a-z\d]\s*$"
)
# The words a pattern's match can begin with (besides a run of digits), for ``tokens.scan``.
_WORDCLOCK_FIRST = HOURW_WORDS | wordset(
    "a quarter half halfe twenty ten five twelve noon midday midnight lunchtime lunch"
)
# "twooclock", "threepm", "twelvenoon": an hour word run into the word after it.
_WORDCLOCK_GLUED = tuple(sorted(HOURW_WORDS | {"twelve"}))
_PART_FIRST = wordset(
    "early late mid first in this at during morning mornin afternoon aftn arvo evening eve "
    "night noon midday lunchtime lunch end eod close cob"
)
_IN_BARE_FIRST = wordset("in within")
# A number word after these stands for a thing ("the one tomorrow"), not an hour.
_PRONOUN_BEFORE = re.compile(r"\b(?:the|that|this|which|each|every|another|other|next|last)\s+$")
_P_WORDCLOCK = re.compile(
    rf"(?<![:.])\b(?:(?:a\s+)?(quarter|half|halfe|\d{{1,2}}|{HOURW}|twenty[\s-]five|twenty|ten|five)"
    rf"\s+(?:minutes\s+)?(past|after|to|till|of)\s+(\d{{1,2}}|{HOURW}))\b"
    rf"|(?<!\bom )\bhalf\s+(\d{{1,2}}|{HOURW})\b(?!\s*(?:an?\b|hours?|days?|past|the|of|%))"
    rf"|(?<![:.])\b(\d{{1,2}}|{HOURW})\s*(?:o'?\s?clock|oclock|baje|bje)\b"
    rf"|\b(\d{{1,2}})(?::(\d{{2}}))?\s*-?\s*ish\b"
    rf"|\b({HOURW})(?:[\s-]+(thirty|fifteen|forty-five|forty five|o\s?five|ten|twenty|"
    rf"forty|fifty))?(?=\s*(?:[ap]\.?\s?m\b|tonight|in the|this|tomorrow|p\.m|a\.m))"
    r"|\b(?:(?:12|twelve)\s*)?(noon|midday|midnight|lunchtime|lunch\s+time)\b"
)
_P_NUM = re.compile(
    rf"(?<![\d.:/,$£€#])(?<!on-)\b(\d{{1,2}}|{HOURW})\b(?!-on\b|-?ish)(?![:/]\d|\.\d|%|'(?![td][ae]\b)|\s*m²|\s*(?:m2|sqm|sq|cm|mm|ml)\b|\s*(?:st|nd|rd|th|k|km|kg|mi|"
    r"miles?|min|mins|minutes?|hours?|hrs?|days?|weeks?|months?|years?|yrs?|people|times|x|"
    r"of\b(?!\s+the\s+(?:morning|afternoon|evening|night))|cups?|grams?|g|degrees?|points?|pounds?|dollars?|euros?|bucks?|percent|pages?|"
    r"chapters?|kids?|items?|hrs?|h|am|pm|a\.m|p\.m)\b)"
)
_P_PART = re.compile(
    r"\b(?:(early|late|mid|first\s+thing(?:\s+in\s+the)?|in\s+the|this|at|during\s+the)\s+)?"
    r"(morning|mornin|afternoon|aftn|arvo|evening|night|noon|midday|lunchtime|lunch\s+time|"
    r"end\s+of\s+(?:the\s+)?day|eod|close\s+of\s+business|cob"
    # "sun eve", "friday eve", "tmrw eve": evening after a day (not "christmas eve", "eve")
    r"|(?:(?<=mon |tue |wed |thu |fri |sat |sun |day )|(?<=tmrw |thur |tues ))eve)\b"
    r"|\bfirst\s+thing\b"
)
_TODAY_PARTS = frozenset(["morning", "afternoon", "evening"])
_FOREIGN_PART = alternation(list(FOREIGN_PARTS))
# A part of day in another language beside a clock: after it ("5 baje shaam", "6 de la
# tarde", "7 uhr abends") or before it ("shaam 5 baje", "pagi jam 9").
_P_FOREIGN_PART = re.compile(
    rf"(?<=\d)(?:\s*(?:baje|bje|bajay|h|uhr|uur|klok|gio|dian|manikku|mani|da|ta)|-?(?:si|ji)(?:-e)?)?"
    rf"\s+(?:na\s+)?(?:({_FOREIGN_PART})"  # Hausa "karfe 3 na yamma"
    rf"|(?:de\s+la|da|di|du|del|de|della)\s+({alternation(list(OF_PARTS))}))\b"
    rf"|\b({_FOREIGN_PART})\s+(?:(?:ke|ko|jam|pukul|om|um|vers|a)\s+)?"
    r"(?=\d|halb |viertel |kwart |half )"
)
_P_ZONE = re.compile(rf"\(?\b({ZONE})\b\)?(?:\s*([+-]\d{{1,2}}))?")
# The UTC offsets zones on earth have, in minutes (UTC-12:00 to UTC+14:00).
MIN_UTC_OFFSET, MAX_UTC_OFFSET = -12 * 60, 14 * 60
_P_DUR = re.compile(
    r"\b(?:for|takes?|taking|lasts?|lasting|runs?)\s+(?:about\s+|around\s+|roughly\s+|"
    r"approximately\s+|approx\.?\s+|like\s+)?(\d+(?:\.\d+)?|an?|one|two|three|half\s+an?|"
    r"twenty|thirty|forty|forty-five|fifteen|ninety)\s*(min|mins|minutes?|hrs?|hours?|h|')"
    r"(?!\w)(\s+and\s+a\s+half)?(?!\s+to\s+(?:get|drive|walk|go|reach|travel|commute))"
    r"|(?<![\d.:])(\d{1,3}(?:\.\d{1,2})?)[\s-]?(min|mins|minute|minutes|hr|hrs|hour|hours)\b"
    r"(?!\s*(?:late|early|ago|before|after|earlier|later|behind|away|drive|walk|ride|commute|"
    r"break|from|left|to\s+(?:go|get|drive|walk|reach|travel|commute)|each|per|a\s+day|"
    r"a\s+week|of|more|less|tops|away)\b)"
    rf"(?!\.?\s*(?:{BEFORE_WORDS})\b)"
)  # not how early to come: "bitte erscheinen sie 10 min. vor terminbeginn"

_TO_MINUTES = frozenset({"five", "ten", "twenty", "twenty-five", "twenty five"})
_RANGE_INTRO = re.compile(r"\b(?:from|between)\s*$")
# After a number: a unit or a noun it counts ("five to ten minutes", "two thirty-year-olds").
_NOT_CLOCK_AFTER = re.compile(
    r"(?:-|\s*(?:%|(?:minutes?|mins?|hours?|hrs?|years?|yrs?|days?|weeks?|months?|people|"
    r"persons|guests|times|kids|dollars|bucks|euros|pounds|quid|k|grand|thousand|hundred|"
    r"million|percent|pages|items|of|km|miles|kg)\b))"
)
# Two more digits said after a number: a phone number or a code read out ("call the clinic
# at five five five two one four oh nine nine"), not a clock time.
_DIGIT = "(?:oh|zero|one|two|three|four|five|six|seven|eight|nine)"
_DIGITS_SAID_AFTER = re.compile(rf"(?:[\s,-]+{_DIGIT}\b){{2}}")
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
_HALF_BEFORE_HOUR = rf"\d{{1,2}}|{alternation(sorted(HALF_BEFORE_HOURS))}"
_P_HALF_BEFORE = re.compile(
    rf"\b(?:(?:{'|'.join(HALF_BEFORE_WORDS)})\s+({_HALF_BEFORE_HOUR})(?:kor)?"
    rf"|half\s+({'|'.join(GERMANIC_HOURS)})|(?<=\bom )half\s+(\d{{1,2}}))\b"
)  # Dutch "half vijf", "om half 3" (Dutch "at"); not English "half 5", "half five" (half past)
_P_SLAVIC_CLOCK = re.compile(
    rf"\b(?:(?:{'|'.join(SLAVIC_HALF_WORDS)})\s+({alternation(list(SLAVIC_HALF_HOURS))})"
    r"|(tri\s+[cs]tvrte|tristvrte|ctvrt|stvrt)\s+na\s+"
    rf"({alternation(list(SLAVIC_QUARTER_HOURS))}|\d{{1,2}}))\b"
)
_SLAVIC_CLOCK_WORDS = frozenset(SLAVIC_HALF_WORDS) | wordset("ctvrt stvrt ctvrte stvrte tristvrte")
_P_CATALAN_QUARTERS = re.compile(
    rf"\b({'|'.join(CATALAN_QUARTERS)})\s+quarts?\s+(?:de\s+|d')"
    rf"({alternation(list(CATALAN_HOURS))}|\d{{1,2}})\b"
)
_P_CATALAN_CLOCK = re.compile(
    rf"\ba\s+l(?:es|a)\s+({alternation(list(CATALAN_HOURS))})"
    r"(?:\s+i\s+(quart|mitja))?(?:\s+(?:del|de\s+la)\s+(tarda|mati|vespre|nit))?\b"
)  # "a les deu del matí" 10:00, "a la una i mitja" 1:30
_CATALAN_HALVES = {"quart": 15, "mitja": 30}
_P_QUARTER = re.compile(
    rf"\b(?:kwart|viertel)\s+(voor|over|vor|nach)\s+(\d{{1,2}}|{'|'.join(GERMANIC_HOURS)})\b"
    rf"|\bdreiviertel\s+(\d{{1,2}}|{'|'.join(GERMANIC_HOURS)})\b"
    rf"|\bviertel\s+({'|'.join(w for w in GERMANIC_HOURS if len(w) > 3)})\b"  # east/south
)
_P_ROMANCE_CLOCK = re.compile(
    r"(?:\b(a\s+las|às|as|alle(?:\s+ore)?|all'|ore|a|à|vers|las|sobre\s+las|por\s+volta\s+das|"
    r"alas(?=[\s-]))[\s-]+)?"
    rf"\b(\d{{1,2}}|{alternation(list(ROMANCE_HOURS))})(?:\s*h\b)?"
    rf"(?:\s+(y|e|et|menos|meno|moins)\s+({alternation(list(ROMANCE_MINUTES))}|\d{{1,2}})\b)?"
    rf"(?:\s+(?:de\s+la|da|di|du|del|de|della|ng)\s+({alternation(list(OF_PARTS))})\b)?"
    r"(?:\s+(?:en\s+punto|heures?|horas?|ore))?"
)
# Articles a clock word needs when nothing follows it: "a las cinco", "às oito", "alle otto".
_ROMANCE_CLOCK_ARTICLES = frozenset(["a las", "às", "as", "alle", "all'", "sobre las", "alas"])
_ROMANCE_FIRST = wordset("a as às à alle all ore vers las sobre por alas") | frozenset(
    ROMANCE_HOURS
)
_PART_NAMES = {
    "mornin": "morning", "arvo": "afternoon", "aftn": "afternoon", "eve": "evening",
    "midday": "noon", "lunch time": "lunchtime",
    "eod": "end of day", "end of the day": "end of day", "close of business": "end of day",
    "cob": "end of day",
}  # fmt: skip


def _unit_windows(c: AtomScan) -> list[tuple[int, int]]:
    """The stretches around each unit ("mins", "2h", "45'") that offsets and lengths need."""
    if c.unit_spans is None:
        index = c.index
        if scanned_whole(c.s):
            anchors: Iterable[re.Match[str]] = _UNIT_ANCHOR.finditer(c.s)
        else:
            starts = index.starts(_UNIT_ANCHOR_WORDS) + [b - 1 for _, b in index.digit_runs()]
            starts.sort()
            anchors = finditer_at(_UNIT_ANCHOR, c.s, starts)
        c.unit_spans = windows(c.s, anchors, REL_BEFORE_UNIT, REL_AFTER_UNIT)
    return c.unit_spans


def _find_rel(c: AtomScan) -> None:
    """Offsets from now: "in 20 mins", "2 hours ago", "a week from tomorrow"."""
    s = c.s
    add = c.add
    starts = c.index.starts(_REL_FIRST, digits=True)
    signs = [a - 1 for a, _ in c.index.digit_runs() if a > 0 and s[a - 1] in "+-"]
    if signs:
        starts = sorted(starts + signs)
    for m in finditer_in_at(_P_REL, s, _unit_windows(c), starts):
        prefix, sign, amount_raw, unit, half, suffix = m.groups()
        if not (prefix or sign or suffix):
            continue
        if unit in ("m", "h", "d", "w") and not (prefix or sign):
            continue
        if prefix == "after" and (unit[0] not in "mh" or s.startswith(" of", m.end())):
            continue  # "after 30 minutes" (= in 30 minutes), not "after 2 hours of ..."
        if amount_raw.endswith(" and a half"):  # "in 2 and a half hours": 2.5 hours
            amount_raw, half = amount_raw[: -len(" and a half")].rstrip(), half or " and a half"
        halfway = amount_raw in ("half", "1/2") or amount_raw.endswith(" half")
        amount = 0.5 if halfway else parse_amount(amount_raw)
        if amount is None:
            continue
        if half:
            amount += 0.5
        if amount * _UNIT_MINUTES[unit[0]] > _MAX_OFFSET_MINUTES:
            continue  # "in 99999999999 days": further than any calendar reaches
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
    for m in digit_matches(c.ampm_starts, _P_CLOCK_AMPM, s):
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
        if ap == m.group("ap2") and s[max(0, m.start() - 2) : m.start()].isalpha():
            continue  # Arabizi "sa3a", "ma3a": a digit inside a word is a letter, no a.m.
        exact = h > 12 or h == 0
        add(Atom(m.start(), m.end(), "time", hour=h, minute=mi,
                 ampm="" if exact else ap + "m", exact=exact, strong=True))  # fmt: skip


# A distance right before a time with seconds: a race's time ("medio 1:49:37").
_DISTANCE_BEFORE = re.compile(
    r"(?:\d+(?:\.\d+)?\s*(?:k|km|mi)|\b(?:half|medio|media|marathon|maraton|mile|miles))\s*:?\s*$"
)
# A measured length's label right before an h:mm: "avg handle time 3:45", "delay 0:14" (not
# "i mean 2:30": a correction).
_MEASURED_BEFORE = re.compile(
    r"\b(?:delay|avg|average|(?<!\bi )mean|median|elapsed|runtime|lap|split|pace|(?:handle|"
    r"talk|hold|match|moving|chip|gun|finish|screen|wait|waiting|run|play|total|ride|drive|"
    r"travel)\s*time|time\s+(?:taken|played|elapsed)|rest|recovery|max|aspect|ratio|t-minus)"
    r"(?:\s+(?:today|yesterday|this\s+week))?"
    r"\s*[:=]?\s*$"
)
# A clock's amount said as what is left: "4th quarter 2:14 left", "1:30 to go".
_LEFT_AFTER = re.compile(
    r"\s+(?:left|remaining|long|total|max|rest(?!\s+of)|recovery|to\s+go(?!\s*[a-z]))\b"
)  # "12:30 long", "4:00 total", "1:00 rest" (not "to go over", "the rest of")
# A zone's offset told as a clock: "kabul is 4:30 ahead of london" (not "at 4:30 ahead of the
# board meeting", "meet at 4:30 behind the library").
_OFFSET_AFTER = re.compile(r"\s+(?:ahead|behind)\b")
_OFFSET_BEFORE = re.compile(r"\b(?:is|are|'s|was|were)\s+$")
_MEASURED_CHARS = 20
# A book's name right before a number: "Psalm 23:4", "1 Corinthians 13:4".
_BOOK_BEFORE = re.compile(r"\b([a-z]+)\s+$")
BOOK_CHARS = 16  # "thessalonians "


def _scripture_books(words: frozenset[str]) -> frozenset[str]:
    """The books a "chapter:verse" may follow in this message: those never said of a person,
    and those that are ("John 3:16") where the message speaks of scripture too."""
    if words.isdisjoint(SCRIPTURE_WORDS):
        return frozenset()
    return SCRIPTURE_BOOKS | SCRIPTURE_PERSON_BOOKS


def _after_book(s: str, pos: int, books: frozenset[str]) -> bool:
    """Whether the number at ``pos`` follows one of ``books``."""
    book = _BOOK_BEFORE.search(s, max(0, pos - BOOK_CHARS), pos)
    return book is not None and book[1] in books


def _find_clock_colon(c: AtomScan) -> None:
    """Clock times written h:mm: "15:30", "3:30" (not a verse: "Psalm 23:4")."""
    s = c.s
    add = c.add
    books = _scripture_books(c.words)
    for m in digit_matches(c.colon_starts, _P_CLOCK_COLON, s):
        h, mi = int(m.group(1)), int(m.group(2))
        if h > 24 or mi > 59 or (h == 24 and mi > 0):
            continue  # "24:31 PB": a run's time, no clock
        if books and _after_book(s, m.start(), books):
            continue
        if m.group(1) == "0":
            continue  # "rest 0:30", "0:59 max": a length; a clock past midnight is "00:30"
        if m.group(0).count(":") == 2 and _DISTANCE_BEFORE.search(
            s, max(0, m.start() - 12), m.start()
        ):
            continue  # "half 1:49:37", "10k 50:12": a race time, not a clock
        if _MEASURED_BEFORE.search(s, max(0, m.start() - _MEASURED_CHARS), m.start()):
            continue  # "avg delay 0:14", "match time 2:47": a length measured, no clock
        if _LEFT_AFTER.match(s, m.end()) or (
            _OFFSET_AFTER.match(s, m.end())
            and _OFFSET_BEFORE.search(s, max(0, m.start() - 6), m.start())
        ):
            continue  # "2:14 left in the 4th", "4:30 ahead": a countdown, a length, an offset
        exact = h > 12 or h == 0 or m.group(1).startswith("0") or m.group(3) is not None
        add(Atom(m.start(), m.end(), "time", hour=h % 24, minute=mi, exact=exact, strong=True))


# A form's length field before an "h" amount: "Duração prevista: 2h30", "Durée estimée :
# 1h15", "Dauer: 1h", "Duración aprox. 2h".
LENGTH_LABEL = re.compile(
    r"\b(?:duracao|duracion|duree|dauer|durata|duration|length|duur)"
    r"(?:\s+(?:prevista|previsto|estimee|estimada|estimado|estimated|prevue|aprox|approx|ca))?"
    r"\.?\s*:?\s*(?:(?:aprox|approx|ca|env)\.?\s*)?$"
)
LENGTH_LABEL_CHARS = 32


def _find_clock_h(c: AtomScan) -> None:
    """Clock times written with h: "15h", "15h30", "14u"."""
    s = c.s
    add = c.add
    for m in digit_matches(c.h_starts, _P_CLOCK_H, s):
        h, mi = int(m.group(1)), int(m.group(2) or m.group(3) or m.group(4) or 0)
        if h < _FIRST_U_HOUR and s.startswith("u", m.end(1)):
            continue
        if m.group(5) and not _FRENCH_AT.search(s, max(0, m.start() - 5), m.start()):
            continue  # "10 h" alone is an hour only as "à 10 h"
        if LENGTH_LABEL.search(s, max(0, m.start() - LENGTH_LABEL_CHARS), m.start()):
            # "Duração prevista: 2h30", "Durée estimée : 1h15": a form's length, no clock
            add(Atom(m.start(), m.end(), "dur", delta=dt.timedelta(hours=h, minutes=mi)))
            continue
        if _MINUTES_AFTER.match(s, m.end()):
            continue  # "screen time: 4h 12m": a length, no clock
        if h <= 23 and mi <= 59:
            # "om 4 uur", "kom teen 4 uur", "um 7 Uhr": an hour word, no 24-hour clock, so an
            # hour up to 12 takes the 07:00-21:00 reading ("15h", "9h30", "14u" stay as said)
            exact = h > 12 or h == 0 or not m.group(0).endswith(("uur", "uhr"))
            add(Atom(m.start(), m.end(), "time", hour=h, minute=mi, exact=exact, strong=True))


_MINUTES_AFTER = re.compile(r"[^\S\n]*\d{1,2}m\b")  # "4h 12m" (not "15h, 30 min")
# Dotted numbers after an upgrade in the same clause are releases ("upgraded from 10.15 to
# 11.30"), not clock times (a platform's name right before one: ``NOT_A_TIME_BEFORE``).
_RELEASES_BEFORE = re.compile(r"\b(?:upgrad|downgrad)\w*\b[^.!?;\n]*$")


def _find_clock_dot(c: AtomScan) -> None:
    """Clock times written h.mm: strong after "at"/"around" or with "h"; not rooms or prices."""
    s = c.s
    add = c.add
    for m in digit_matches(c.dot_starts, _P_CLOCK_DOT, s):
        h, mi = int(m.group(1)), int(m.group(2))
        if h > 23 or mi > 59 or not_a_time_label(s, max(0, m.start() - 16), m.start()):
            continue
        if _RELEASES_BEFORE.search(s, max(0, m.start() - 32), m.start()):
            continue  # "upgrading from 10.15 to 11.30": releases, not clock times
        strong = bool(m.group(3)) or strong_at_before(s, m.start())
        exact = h > 12 or h == 0 or m.group(1).startswith("0")
        add(Atom(m.start(), m.end(), "time", hour=h, minute=mi, exact=exact, strong=strong))


def _oven_heat(c: AtomScan, m: re.Match[str]) -> bool:
    """Whether a three-digit number of 100-299 is said in a recipe ("roast at 220")."""
    return m.group(1) in "12" and not c.words.isdisjoint(RECIPE_WORDS)


def _amount_after(s: str, m: re.Match[str], strong: bool) -> bool:
    """Whether a compact number may be an amount: weak, or strong only by a rough "about"."""
    return (
        not strong or _ROUGH_AMOUNT_BEFORE.search(s, max(0, m.start() - 16), m.start()) is not None
    )


def _find_mil(c: AtomScan) -> None:
    """Military times "1530" (weak: never a time on their own)."""
    s = c.s
    add = c.add
    for m in digit_matches(c.mil_starts, _P_MIL, s):
        suffix = m.group(3) is not None
        if not suffix and (
            _NOT_MIL_BEFORE.search(s, max(0, m.start() - 12), m.start())
            or STREET_AFTER.match(s, m.end())
        ):
            continue
        strong = suffix or strong_at_before(s, m.start())
        compact = len(m.group(1)) == 1  # "930": 9:30, morning or evening as a bare 9:30 is
        if compact and (
            int(m.group(2)) % 5  # "class 101", "route 152": a number, not 1:01
            or (_amount_after(s, m, strong) and _NOT_A_COMPACT_TIME.match(s, m.end()) is not None)
            or (_oven_heat(c, m) and _FOR_A_WHILE.match(s, m.end()) is not None)
        ):
            continue  # "roast at 220 for 20 min": an oven's heat, not 2:20
        add(Atom(m.start(), m.end(), "time", hour=int(m.group(1)), minute=int(m.group(2)),
                 exact=not compact, strong=strong, habit=not strong,
                 military=not strong))  # fmt: skip


def _find_wordclock(c: AtomScan) -> None:
    """Clock words: half past 3, quarter to 5, 3 o'clock, 10ish, noon, midnight."""
    s = c.s
    add = c.add
    for m in _wordclocks(s):
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
            if _stands_for_a_thing(s, m):
                continue  # "the one tomorrow", "that one tonight": a thing, not an hour
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
    if not c.words.isdisjoint(HALF_BEFORE_WORDS) or "half" in c.words:
        _find_half_before(c)
    if "kwart" in s or "viertel" in s:
        _find_quarters(c)
    if not c.words.isdisjoint(_SLAVIC_CLOCK_WORDS):
        _find_slavic_clocks(c)
    if "quart" in c.words or "quarts" in c.words:
        _find_catalan_quarters(c)


def _stands_for_a_thing(s: str, m: re.Match[str]) -> bool:
    """Whether a lone hour word before a day word follows a determiner ("the one tomorrow")."""
    return (
        m.group(9) is None  # no minutes said after the hour word
        and _PRONOUN_BEFORE.search(s, max(0, m.start() - 10), m.start()) is not None
        and _FOLLOWING_AMPM.match(s, m.end()) is None
    )


def _find_half_before(c: AtomScan) -> None:
    """German, Dutch, Nordic, Serbo-Croatian, Hungarian and Finnish half hours count to the
    next hour: "halb drei", "half drie", "halv tre", "halb 3" are 2:30 (English "half three",
    "half 3" stay 3:30)."""
    for m in _P_HALF_BEFORE.finditer(c.s):
        word = m.group(1) or m.group(2) or m.group(3)
        hour = int(word) if word.isdigit() else HALF_BEFORE_HOURS[word]
        if 1 <= hour <= 12:
            c.add(Atom(m.start(), m.end(), "time", hour=hour - 1 or 12, minute=30, strong=True))


def _find_slavic_clocks(c: AtomScan) -> None:
    """Czech and Slovak clocks count to the next hour: "půl deváté" 8:30, "čtvrt na osm"
    7:15, "tři čtvrtě na osm" 7:45."""
    for m in _P_SLAVIC_CLOCK.finditer(c.s):
        half, quarter, word = m.groups()
        if half is not None:
            hour, minute = SLAVIC_HALF_HOURS[half], 30
        else:
            hour = int(word) if word.isdigit() else SLAVIC_QUARTER_HOURS[word]
            minute = 15 if quarter in ("ctvrt", "stvrt") else 45
        if 1 <= hour <= 12:
            c.add(Atom(m.start(), m.end(), "time", hour=hour - 1 or 12, minute=minute, strong=True))


def _find_catalan_quarters(c: AtomScan) -> None:
    """Catalan quarters of the coming hour: "un quart de cinc" 4:15, "dos quarts de sis"
    5:30, "tres quarts d'onze" 10:45."""
    for m in _P_CATALAN_QUARTERS.finditer(c.s):
        count, word = m.groups()
        hour = int(word) if word.isdigit() else CATALAN_HOURS[word]
        if 1 <= hour <= 12:
            minute = CATALAN_QUARTERS[count]
            c.add(Atom(m.start(), m.end(), "time", hour=hour - 1 or 12, minute=minute, strong=True))


def _find_catalan_clocks(c: AtomScan) -> None:
    """Catalan hours in words after "a les"/"a la": "a les deu del matí" 10:00, "a les set
    de la tarda" 19:00, "a la una i mitja" 1:30."""
    for m in _P_CATALAN_CLOCK.finditer(c.s):
        word, fraction, part = m.groups()
        hour, minute = CATALAN_HOURS[word], _CATALAN_HALVES.get(fraction or "", 0)
        end = m.end(2) if fraction else m.end(1)
        c.add(Atom(m.start(1), end, "time", hour=hour, minute=minute, strong=True))
        if part is not None:
            c.add(Atom(end, m.end(3), "part", part=OF_PARTS[part], strong=True))


def _find_romance_clock(c: AtomScan) -> None:
    """Clocks told the Romance way: "a las 8 y media de la tarde" 20:30, "às cinco e um
    quarto", "alle 9 meno un quarto" 8:45, "a las cinco de la tarde" 17:00."""
    if ("les" in c.words or "la" in c.words) and not c.words.isdisjoint(CATALAN_HOURS):
        _find_catalan_clocks(c)
    for m in scan(_P_ROMANCE_CLOCK, c.index, _ROMANCE_FIRST, digits=True):
        article, word, link, fraction, part = m.groups()
        told = fraction or part or m.group().endswith(("punto", "heure", "heures", "horas", "ore"))
        if word.isdigit():
            if not (fraction or part or (article or "").endswith("ore")):
                continue  # "a las 8": the plain number reader has it ("ore 21" is a clock)
            hour = int(word)
        elif told or " ".join((article or "").split()) in _ROMANCE_CLOCK_ARTICLES:
            hour = ROMANCE_HOURS[word]
        else:
            continue  # "las dos", "a dos cuadras": a count, not a clock
        minute = 0
        if fraction is not None:
            minute = int(fraction) if fraction.isdigit() else ROMANCE_MINUTES[fraction]
            if link in ("menos", "meno", "moins"):
                hour, minute = hour - 1 or 12, (60 - minute) % 60
        if not (1 <= hour <= 23 and 0 <= minute <= 59):
            continue
        end = m.end(4) if fraction is not None else m.end(2)
        start = m.start(1) if article == "alas" else m.start(2)  # Tagalog "alas-tres" is one word
        c.add(Atom(start, end, "time", hour=hour, minute=minute, exact=hour > 12, strong=True))
        if part is not None:  # after the clock, as "6 de la tarde" is read
            c.add(Atom(end, m.end(5), "part", part=OF_PARTS[part], strong=True))


def _find_quarters(c: AtomScan) -> None:
    """Dutch and German quarters: "kwart voor tien" 9:45, "viertel nach drei" 3:15,
    "dreiviertel acht" 7:45, "viertel neun" 8:15."""
    for m in _P_QUARTER.finditer(c.s):
        link, named, three_quarters, one_quarter = m.groups()
        word = named or three_quarters or one_quarter
        hour = int(word) if word.isdigit() else GERMANIC_HOURS[word]
        if not 1 <= hour <= 12:
            continue
        if link in ("voor", "vor") or three_quarters:
            hour, minute = hour - 1 or 12, 45
        elif one_quarter:  # a quarter of the way to the hour
            hour, minute = hour - 1 or 12, 15
        else:
            minute = 15
        c.add(Atom(m.start(), m.end(), "time", hour=hour, minute=minute, strong=True))


def _wordclocks(s: str) -> Iterable[re.Match[str]]:
    """Matches of ``_P_WORDCLOCK``: at its first words, a number, or an hour word run on."""
    index = index_of(s)
    starts = index.starts(_WORDCLOCK_FIRST, digits=True) + index.prefixed(_WORDCLOCK_GLUED)
    starts.sort()
    return finditer_at(_P_WORDCLOCK, s, starts)


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
    for m in scan(_P_SPOKEN, c.index, HOURW_WORDS):
        if _NOT_CLOCK_AFTER.match(s, m.end()) or _DIGITS_SAID_AFTER.match(s, m.end()):
            continue
        a = Atom(m.start(), m.end(), "time", hour=word_hour(m.group(1)),
                 minute=SPOKEN_MINUTES[SPACES.sub(" ", m.group(2))])  # fmt: skip
        follow = _FOLLOWING_AMPM.match(s, a.end)
        if follow:
            a.ampm, a.end = follow.group(1) + "m", follow.end()
        a.strong = bool(
            follow or strong_at_before(s, m.start()) or _SPOKEN_CONTEXT_AFTER.match(s, a.end)
        )
        c.add(a)


def _find_in_minutes(c: AtomScan) -> None:
    """ "in 45", "yoga in 20!!": a bare 5..90 after "in", with no unit or noun, is minutes."""
    s = c.s
    for m in scan(_P_IN_BARE, c.index, _IN_BARE_FIRST):
        n = int(m.group(1))
        if not MIN_BARE_MINUTES <= n <= MAX_BARE_MINUTES:
            continue
        if _NOT_IN_MINUTES_BEFORE.search(s, max(0, m.start() - 16), m.start()):
            continue
        c.add(Atom(m.start(), m.end(), "rel", delta=dt.timedelta(minutes=n), strong=True))


def _find_num_words(c: AtomScan) -> None:
    """Bare numbers, in digits or words ("at two")."""
    _add_nums(c, scan(_P_NUM, c.index, HOURW_WORDS, digits=True))


def _find_num_digits(c: AtomScan) -> None:
    """Bare numbers in a text with no number word."""
    _add_nums(c, digit_matches(c.num_starts, _P_NUM, c.s))


# After a "2" or "4" written for "to" or "for": a determiner or a pronoun ("pray 4 me"), or,
# after a change verb, a weekday ("moved 2 thurs 3pm").
_SHORTHAND_OBJECT = re.compile(
    r"\s+(?:the|a|an|my|our|your|ur|me|u|you|him|her|us|them|mama|mum|mom|dad)\b"
)
_SHORTHAND_DAY = re.compile(
    r"\s+(?:(?:next|this|nxt)\s+)?(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|tomorrow|tmrw|"
    r"tmr|tmw|2moro|next\s+week|nxt\s+week)[a-z]*\b"
)
# A number joined by a hyphen to what it counts: "14-night", "3-day", "2-week", "10-minute".
_COUNT_COMPOUND_AFTER = re.compile(
    r"-(?:nights?|days?|weeks?|months?|years?|hours?|hr|minutes?|min|mile|km|person|people|"
    r"seater|course|part|piece|year-old|month-old)\b"
)
_CHANGED_BEFORE = re.compile(r"\b(?:moved|pushed|bumped|changed|shifted|rescheduled)\s+$")
# "7 till late", "from 8 until late": a night out's open end; the hour is the evening's.
_TILL_LATE_AFTER = re.compile(r"[^\S\n]*(?:-|till|until|til|'til|to)[^\S\n]+late\b")
TILL_LATE_HOURS = range(4, 12)  # "7 till late" is 19:00; "12 till late" stays noon


def _shorthand(s: str, end: int, before: str) -> bool:
    """Whether the "2" or "4" ending at ``end`` is the word "to" or "for"."""
    if _SHORTHAND_OBJECT.match(s, end):
        return True
    return _SHORTHAND_DAY.match(s, end) is not None and _CHANGED_BEFORE.search(before) is not None


# A numbered one of a series, when the number ends its title ("Session 14: ...").
_SERIES_BEFORE = re.compile(
    r"\b(?:session|episode|ep|lesson|round|week|season|series|part|stage|module|game|match|"
    r"heat|class|unit|day|meeting|meetup|night|edition|issue|vol)\s*#?$"
)
_TITLE_END_AFTER = re.compile(r"\s*(?::(?!\d)|\s[-\u2013\u2014]\s|\()")  # ":", " - ", "("
_LINE_START = re.compile(r"(?:^|\n)[^\S\n]*$")


def _add_nums(c: AtomScan, found: Iterable[re.Match[str]]) -> None:
    """Bare numbers: strong after "at"/"@"/"from"/"until" or "moved to"."""
    s = c.s
    add = c.add
    for m in found:
        h = word_hour(m.group(1))
        if not 0 <= h <= 24:
            continue
        before = s[max(0, m.start() - 40) : m.start()]
        label = not_a_time_label(before, 0, len(before))
        said = label.group().rstrip(" .#") if label is not None else ""
        if label is not None and said != "no" and not (said == "v" and _day_before_v(before)):
            continue  # "grade 3 on thursday", "room 4": a label's number ("no 5" corrects)
        if _TITLE_END_AFTER.match(s, m.end()) and _SERIES_BEFORE.search(before):
            continue  # "Session 14: next Tuesday 19:30", "episode 3 -": one of a series
        if s.startswith(")", m.end()) and _LINE_START.search(before):
            continue  # "1) Mon 6 Dec, 8:00am": a numbered line of a list
        strong = strong_at(before)
        if STREET_AFTER.match(s, m.end()):
            continue  # "at 14 Awolowo Road, Ikoyi": a house number
        if m.group(1).isalpha() and _DIGITS_SAID_AFTER.match(s, m.end()):
            continue  # "at five five five two one four": a number read out
        if _COUNT_COMPOUND_AFTER.match(s, m.end()):
            continue  # "the 14-night cruise", "a 3-day course": a count, not an hour
        if not strong and m.group(1) in ("2", "4") and _shorthand(s, m.end(), before):
            continue  # "moved 2 thurs 3pm", "pray 4 me", "2moro 4 the naming": "to", "for"
        if m.group(1) == "one" and not (strong and _ONE_AS_TIME_AFTER.match(s, m.end())):
            continue  # "at one" is 1 o'clock; "a new one today", "at one point" are not
        if not strong and before.endswith(("to ", "to")) and RESCHEDULE_BEFORE.search(before):
            strong = True
        a = Atom(m.start(), m.end(), "num", hour=h % 24, exact=h > 12 or h == 0, strong=strong)
        late = _TILL_LATE_AFTER.match(s, m.end()) if "late" in c.words else None
        if late is not None and h in TILL_LATE_HOURS:  # "jacko's 40th at the oxford, 7 till
            a.end, a.strong, a.ampm = late.end(), True, "pm"  # late": 19:00, its open end read
        add(a)


# Czech, Slovak, Bulgarian and Russian "at" is "v" ("zítra v 10", "utre v 6"): after a day
# word it opens a clock time, not a version or a match ("v2", "Arsenal v 2").
_WORD_BEFORE_V = re.compile(r"\b([a-z]+)\s+v\s*$")
_SLAVIC_V_DAYS = RELDAY_WORDS | frozenset(WEEKDAYS)


def _day_before_v(before: str) -> bool:
    """Whether ``before`` ends with a day word and "v": "zitra v " (tomorrow at)."""
    m = _WORD_BEFORE_V.search(before)
    return m is not None and m.group(1) in _SLAVIC_V_DAYS


def _find_part(c: AtomScan) -> None:
    """Parts of day: morning, afternoon, evening, night, lunchtime, end of day."""
    s = c.s
    add = c.add
    for m in scan(_P_PART, c.index, _PART_FIRST):
        word = m.group(2) or "morning"
        word = SPACES.sub(" ", word)
        part = _PART_NAMES.get(word, word)
        if part == "night" and not m.group(1) and _NIGHT_NOUN.match(s, m.end()):
            continue  # "night shift", "night owl": a kind of thing, not a time
        if part == "night" and m.group(1) == "early":
            continue  # "so early night for me": going to bed early, no plan's time
        if s.startswith("-", m.start() - 1) and s[m.start() - 2 : m.start() - 1].isdigit():
            continue  # "a 14-night cruise": nights counted
        # "at noon" is the clock time noon (which may take a zone: "at noon ny time")
        start = m.start(2) if part == "noon" and m.group(1) == "at" else m.start()
        if m.group(1) == "this" and part in _TODAY_PARTS:  # "this morning" is today's, even
            add(Atom(m.start(), m.start(2), "date", date=c.today, date_kind="rel", strong=True))
            start = m.start(2)  # when it has passed: "at 7:30 this morning" is not tomorrow
        add(Atom(start, m.end(), "part", part=part, strong=True))


_P_SWAHILI = re.compile(
    rf"\bsaa\s+({alternation(sorted(SWAHILI_HOURS, key=len, reverse=True))})\b"
    rf"(?:\s+(?:na\s+nusu\s+)?({alternation(list(SWAHILI_PARTS))})\b)?"
)


# Arabizi "el sa3a 9 el sob7", "3al sa3a 6 w nos bel leil": the hour after "the hour" word,
# a fraction and a part of day after it.
_P_ARABIZI = re.compile(
    rf"\b(?:el|al|il|es|3al|3l|3a)[\s-]*(?:{alternation(list(ARABIZI_HOUR_WORDS))})\s+"
    r"(\d{1,2})(?::(\d{2}))?\b"
    rf"(?:\s+w\s*({alternation(list(ARABIZI_MINUTES))})\b)?"
    rf"(?:\s+(?:el|al|il|bel|bil|fel|fil|fi|es|is)[\s-]*({alternation(list(ARABIZI_PARTS))})\b)?"
)
ARABIZI_LATE_NIGHT = 5  # "el sa3a 2 bel leil" is 02:00; from 6 on "bel leil" is evening


def _find_arabizi(c: AtomScan) -> None:
    """Arabizi clock hours: "el sa3a 9 el sob7" (09:00), "el sa3a 6 el maghrib" (18:00)."""
    for m in _P_ARABIZI.finditer(c.s):
        hour = int(m.group(1))
        minute = int(m.group(2)) if m.group(2) else ARABIZI_MINUTES.get(m.group(3) or "", 0)
        if hour > 23 or minute > 59:
            continue
        part = ARABIZI_PARTS.get(m.group(4) or "", "")
        if part == "pm" and hour <= ARABIZI_LATE_NIGHT and m.group(4) in ("leil", "lail", "layl"):
            part = "am"
        exact = hour > 12 or hour == 0
        a = Atom(m.start(), m.end(), "time", hour=hour, minute=minute, exact=exact, strong=True)
        if part and not exact:
            a.ampm = part
        c.add(a)


_HINDI_PART = alternation(["subah", "savere", "dopahar", "shaam", "sham", "raat"])
_P_HINDI_CLOCK = re.compile(
    rf"\b(?:({_HINDI_PART})\s+(?:ke\s+)?)?"
    rf"(?:(?:({alternation(list(HINDI_FRACTIONS))})\s+)?({alternation(list(HINDI_HOURS))})"
    rf"|({alternation(list(HINDI_HALF_HOURS))}))\s+(?:baje|bje)\b"
    rf"(?:\s+({_HINDI_PART})\b)?"
)
HINDI_NIGHT_LAST_HOUR = 4  # "raat ke do baje" is 02:00; "raat nau baje" 21:00


def _find_hindi_clock(c: AtomScan) -> None:
    """Hindi hours in words: "subah saade nau baje" (09:30), "shaam paune saat baje" (18:45)."""
    for m in _P_HINDI_CLOCK.finditer(c.s):
        before, fraction, word, half, after = m.groups()
        if half is not None:
            hour, minute = HINDI_HALF_HOURS[half]
        else:
            hour, minute = HINDI_HOURS[word], HINDI_FRACTIONS.get(fraction or "", 0)
            if minute < 0:  # "paune aath": a quarter to eight
                hour, minute = (hour - 2) % 12 + 1, 60 + minute
        part = FOREIGN_PARTS.get(before or after or "", "")
        a = Atom(m.start(), m.end(), "time", hour=hour, minute=minute, strong=True)
        if part:
            late_night = part == "night" and hour <= HINDI_NIGHT_LAST_HOUR
            a.ampm = "am" if part == "morning" or late_night else "pm"
        c.add(a)


_P_POLISH_HALF = re.compile(
    rf"\bwp[oó][lł]\s+do\s+({alternation(list(POLISH_HOURS))}|\d{{1,2}})(?!\w)"
)  # "wpół do szóstej", typed "wpol do 6": 5:30


def _find_polish_half(c: AtomScan) -> None:
    """Polish half hours: "wpół do piątej" (half to five) is 4:30, by the 07-21 rule."""
    for m in _P_POLISH_HALF.finditer(c.s):
        said = m.group(1)
        hour = (int(said) if said.isdigit() else POLISH_HOURS[said]) - 1 or 12
        if not 0 <= hour <= 12:
            continue
        c.add(Atom(m.start(), m.end(), "time", hour=hour, minute=30, strong=True))


def _find_swahili(c: AtomScan) -> None:
    """Swahili clock hours: "saa nne asubuhi" (10:00), "saa kumi jioni" (16:00)."""
    for m in _P_SWAHILI.finditer(c.s):
        hour = SWAHILI_HOURS[SPACES.sub(" ", m.group(1))]
        part = SWAHILI_PARTS.get(m.group(2) or "", "")
        if part == "pm" and hour == 12 and m.group(2) == "usiku":
            part = "am"  # "saa sita usiku" is midnight
        a = Atom(m.start(), m.end(), "time", hour=hour, minute=0, strong=True)
        if part:
            a.ampm = part
        c.add(a)


def _find_foreign_part(c: AtomScan) -> None:
    """Parts of day in other languages beside a clock number: "shaam 5 baje" (evening)."""
    for m in _P_FOREIGN_PART.finditer(c.s):
        after, of, before = m.groups()
        if before is not None:
            start, part = m.start(3), FOREIGN_PARTS[before]
        elif after is not None:  # after the clock and its hour word: "10h matin", "5 baje shaam"
            start, part = m.start(1), FOREIGN_PARTS[after]
            if c.s.startswith("na ", start - 3):
                start -= 3  # Hausa "karfe 3 na yamma": the part's "na" too, so they join
        else:  # the span runs from the clock: "6 de la tarde"
            start, part = m.start(), OF_PARTS[of]
        c.add(Atom(start, m.end(), "part", part=part, strong=True))


def _find_zone(c: AtomScan) -> None:
    """Stated zones after a time: fixed offsets (CET, EST) and region zones (ET, PT)."""
    s = c.s
    add = c.add
    for m in _zones(s):
        name = SPACES.sub(" ", m.group(1))
        if _word_of_another_language(c, name, m.end()):
            continue  # "14h30, et jeudi soir": French "and", no Eastern Time
        tz: dt.tzinfo
        if name in ZONE_NAMES:
            tz = ZoneInfo(ZONE_NAMES[name])
        else:
            off = ZONE_OFFSETS[name] + (int(m.group(2)) * 60 if m.group(2) else 0)
            if not MIN_UTC_OFFSET <= off <= MAX_UTC_OFFSET:
                continue  # "est-23" is no zone on earth: the time stays local
            tz = dt.timezone(dt.timedelta(minutes=off))
        add(Atom(m.start(), m.end(), "zone", tz=tz))


# A word right after: "et jeudi", "est-ce", "ist leider" (not "8:30 et, who you got?").
_WORD_AFTER_ZONE = re.compile(r"[\s-]+[^\W\d_]")


def _word_of_another_language(c: AtomScan, name: str, end: int) -> bool:
    """Whether zone word ``name`` ending at ``end`` is a word of the message's language with
    a word after it ("um 9:30 ist leider abgesagt": German "is")."""
    markers = ZONES_ALSO_WORDS.get(name)
    return (
        markers is not None
        and not c.words.isdisjoint(markers)
        and _WORD_AFTER_ZONE.match(c.s, end) is not None
    )


def _zones(s: str) -> Iterable[re.Match[str]]:
    """Matches of ``_P_ZONE``: at a zone word, or at the "(" right before one."""
    starts = []
    for pos in index_of(s).starts(ZONE_WORDS):
        if pos > 0 and s[pos - 1] == "(":
            starts.append(pos - 1)
        starts.append(pos)
    return finditer_at(_P_ZONE, s, starts)


def _find_dur(c: AtomScan) -> None:
    """Lengths: "for 45 minutes", "a 30 min sync", "…, 45 mins"."""
    s = c.s
    add = c.add
    starts = c.index.starts(_DUR_FIRST, digits=True)
    for m in finditer_in_at(_P_DUR, s, _unit_windows(c), starts):
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


def finders(g: Gates) -> list[Callable[[AtomScan], None]]:
    """The clock, offset, part-of-day, zone and length finders that may find anything in a
    text with these gates, in order."""
    return [
        finder
        for finder, runs in (
            (_find_rel, g.rel),
            (_find_clock_ampm, g.ampm),
            (_find_clock_colon, g.colon),
            (_find_clock_h, g.h),
            (_find_clock_dot, g.dot),
            (_find_mil, g.mil),
            (_find_wordclock, g.wordclock),
            (_find_spoken, g.hour_word),
            (_find_in_minutes, g.in_minutes),
            (_find_num_words, g.hour_word),
            (_find_num_digits, g.num and not g.hour_word),
            (_find_part, g.part),
            (_find_foreign_part, g.foreign_part),
            (_find_romance_clock, g.romance_clock),
            (_find_swahili, g.swahili),
            (find_foreign_clocks, g.foreign_clock),
            (find_foreign_offsets, g.foreign_offset),
            (_find_arabizi, g.arabizi),
            (_find_hindi_clock, g.hindi_clock),
            (_find_polish_half, g.polish_half),
            (find_place_times, g.place_time),
            (find_regions, g.region),
            (find_clock_places, g.ampm),
            (_find_zone, g.zone),
            (_find_dur, g.dur),
            (find_script_times, g.script),
        )
        if runs
    ]
