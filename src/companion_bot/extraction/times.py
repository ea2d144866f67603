"""Time expressions in chat text: a small grammar of atoms merged into mentions.

``scan`` finds atoms (dates, clock times, parts of day, offsets, zones, bare numbers) with
precompiled regexes, merges neighbours into groups, and resolves each group against ``now``
in now's zone (DST-correct). ``parse_times`` keeps the groups that are clearly times.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from companion_bot.extraction.atoms import (
    DIGIT,
    MAX_CHARS,
    RESCHEDULE_BEFORE,
    TIME_WORDS,
    UTC,
    Atom,
    AtomScan,
    Gates,
    atom_scan,
    has_native_script,
    normalize,
)
from companion_bot.extraction.clock_atoms import LENGTH_LABEL, LENGTH_LABEL_CHARS
from companion_bot.extraction.clock_atoms import finders as clock_finders
from companion_bot.extraction.compositions import finders as counted_date_finders
from companion_bot.extraction.compositions import shift_dates
from companion_bot.extraction.date_atoms import finders as date_finders
from companion_bot.extraction.lexicon import (
    FUNCTION_WORDS,
    MONTHS,
    NAMED_PARTS,
    NATIVE_RANGE_WORDS,
    PARTS_OF_DAY,
    WEEKDAYS,
    wordset,
)
from companion_bot.extraction.tokens import WORD, index_of

__all__ = ["MAX_CHARS", "Group", "normalize", "scan", "scan_normalized"]


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
    theirs: bool = False  # listed under a header of TV or of someone else's plans
    settled: bool = False  # a transcript's later line settled it: its poll or "maybe" answered
    # resolved
    value: dt.datetime | None = None
    value_end: dt.datetime | None = None
    grain: str = "day"
    approximate: bool = False
    strong: bool = False
    donor: bool = False
    lent: bool = False  # its day was lent by another time of the message
    end_date: dt.date | None = None


_GAP = re.compile(
    r"^(?:[\s,():'|\u00b7\u2022-]|\s/\s|@|\b(?:at|on|by|around|about|approx\.?|approximately|from|the|of|in|for|"
    r"this|starting|starts|start|is|it's|at\s+about|between|uh|um|erm|a\s+las|a\s+la|as|à|"
    r"alle|ore|vers|el|le|am|om|um|o|saat|kl|klo|godz|godzina|jam|pukul|time|date|hora|fecha|"
    r"datum|uhrzeit|heure|ng|u|ob|v|ve|ngay)\b|\b(?:kl|klo|godz)\.|às)*$"
)  # "date: .. time: ..", and other languages' "at": "17.05, godz. 12:45", "8/2 kl. 07:50",
# Tagalog "bukas ng 6:30", Serbo-Croatian "sutra u 10"; a booking's dots: "sábado, 19 de
# junio · 21:30"; a bilingual notice's " / ": "dydd Iau / Thursday 04/03/2027 am / at 10:40"
# "karaoke saturday? around 9pm": a day asked about, then its time.
_ASKED_DAY_GAP = re.compile(r"\?[?!]*[^\S\n]+(?:(?:at|around|about|from|@)[^\S\n]+)?$")
# "and" and "to" in the languages read: "zwischen 10 und 14 uhr", "das 18h às 19h30".
_AND_WORDS = frozenset(["and", "und", "e", "y", "et", "en", "og", "och"])
_TO_WORDS = frozenset(
    ["to", "a", "à", "às", "as", "ate", "até", "hasta", "bis", "tot", "alle", "au"]
    # Japanese "3-ji kara 4-ji", Korean "3si buteo 5si", Vietnamese "đến" (folded)
    + ["kara", "buteo", "den"]
    + list(NATIVE_RANGE_WORDS)  # "三点到五点", "3시부터 5시까지", "10:00 до 12:00"
)
_RANGE_WORDS = "|".join(sorted(_AND_WORDS | _TO_WORDS))
_RANGE_SEP = re.compile(
    rf"^\s*(?:-+|till|til|'til|until|untill|through|thru|{_RANGE_WORDS})\s*"
    r"(?:(?:about|around|roughly|approx\.?|approximately|~)\s*)?$"
)  # "9:00 to about 13:00": an end said roughly is still the end
_ROUGHLY_AFTER = re.compile(r"\s*(?:about|around|roughly|approx\.?|approximately|~)$")
_RANGE_BEFORE = re.compile(
    r"\b(?:from|between|zwischen|entre|de|des|das|dalle|dalla|dal|van|von|ab|tussen|mellem|"
    r"mellom|mellan|valilla|miedzy|mezi)(?:\s+kl\.?|\s+klo)?\s*$"  # "mellem kl. 08:00 og 16:00"
)


Finder = Callable[[AtomScan], None]
# "2 days after next friday", "3 day after tomorrow": a counted shift says one of these.
_SHIFT_WORDS = frozenset(["after", "before", "from"])
# Gate key -> the finders to run, in order, and whether counted days may shift a date. Texts
# with the same word families share a plan; the keys are few (they are bits of families).
_PLANS: dict[int, tuple[tuple[Finder, ...], bool]] = {}
_MAX_PLANS = 4096


def _plan(key: int) -> tuple[tuple[Finder, ...], bool]:
    plan = _PLANS.get(key)
    if plan is None:
        g = Gates(key)
        finders = (*date_finders(g), *counted_date_finders(g), *clock_finders(g))
        plan = finders, g.digit or g.unit
        if len(_PLANS) >= _MAX_PLANS:
            _PLANS.clear()
        _PLANS[key] = plan
    return plan


def find_atoms(s: str, now: dt.datetime, words: frozenset[str]) -> list[Atom]:
    """Every atom of normalised text (overlapping ones included)."""
    c, key = atom_scan(s, now, words)
    finders, shifts = _plan(key)
    for finder in finders:
        finder(c)
    if shifts and not _SHIFT_WORDS.isdisjoint(words):
        return shift_dates(s, c.found, c.today)
    return c.found


_PRIORITY = {"rel": 0, "date": 1, "time": 2, "dur": 2, "part": 3, "zone": 4, "num": 5}


def _by_length(a: Atom) -> tuple[int, int, int]:
    return -(a.end - a.start), _PRIORITY[a.kind], a.start


def _by_start(a: Atom) -> int:
    return a.start


def _dedupe(atoms: list[Atom]) -> list[Atom]:
    """Keep the longest atom where atoms overlap (ties: the more specific kind)."""
    kept = sorted(atoms, key=_by_start)
    end = -1
    for a in kept:  # the common case: nothing overlaps, every atom is kept
        if a.start < end or a.end <= a.start:
            break
        end = a.end
    else:
        return kept
    atoms.sort(key=_by_length)
    taken: list[tuple[int, int]] = []
    kept = []
    for a in atoms:
        if any(a.start < e and s < a.end for s, e in taken):
            continue
        taken.append((a.start, a.end))
        kept.append(a)
    kept.sort(key=_by_start)
    return kept


def _ranges(s: str, atoms: list[Atom]) -> list[Atom]:
    """Join `T1 - T2`, `from T1 to T2`, `between T1 and T2` into one time atom with an end."""
    out: list[Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        j = _range_partner(s, atoms, i) if a.kind == "time" or a.kind == "num" else None
        if j is not None:
            b = atoms[j]
            zone = atoms[i + 1] if j == i + 2 else None  # "15h GMT - 18h GMT"
            sep = _ROUGHLY_AFTER.sub("", s[(zone or a).end : b.start].strip())
            lead = s[max(0, a.start - 12) : a.start]
            intro = bool(_RANGE_BEFORE.search(lead))
            if (sep in _AND_WORDS and not intro) or (
                sep == "to" and RESCHEDULE_BEFORE.search(s[max(0, a.start - 40) : a.start])
            ):
                out.append(a)
                i += 1
                continue
            strong = a.kind == "time" and a.strong or b.kind == "time" and b.strong
            if not strong and (intro or sep not in ("-", "--")):
                strong = sep not in _TO_WORDS or intro
            joined = Atom(a.start, b.end, "time", hour=a.hour, minute=a.minute, ampm=a.ampm,
                          exact=a.exact, strong=strong, approx=a.approx, part=a.part,
                          end_atom=b)  # fmt: skip
            out.append(joined)
            if zone is not None:
                out.append(zone)
            i = j + 1
            continue
        out.append(a)
        i += 1
    return out


def _range_partner(s: str, atoms: list[Atom], i: int) -> int | None:
    """Index of the atom that ends a range starting at atoms[i] (a stated zone may sit between)."""
    a = atoms[i]
    if a.kind not in ("time", "num"):
        return None
    for j in (i + 1, i + 2):
        if j >= len(atoms) or (j == i + 2 and atoms[i + 1].kind != "zone"):
            return None
        b, prev = atoms[j], atoms[j - 1]
        gap = s[prev.end : b.start]
        if b.kind in ("time", "num") and "\n" not in gap and _RANGE_SEP.match(gap):
            return j
    return None


def _compatible(g: Group, a: Atom) -> bool:
    if a.kind == "date":
        if g.date is None and g.weekday < 0:
            return g.rel is None or not g.rel.delta_days
        if a.date_kind in ("dom",) and g.date_kind == "wd":
            return True
        if a.date_kind == "wd" and g.date_kind in ("full", "dom") and g.weekday < 0:
            return True
        if a.date_kind == "wd" and g.date_kind == "wd" and a.weekday == g.weekday:
            return True  # the same day said twice: "dydd Iau / Thursday 04/03/2027"
        return a.date_kind == "full" and g.date_kind in ("wd", "dom")
    if a.kind in ("time", "num"):
        return g.time is None and (g.rel is None or g.rel.delta_days)
    if a.kind == "part":
        return not g.part or (g.part == "tonight" and a.part in ("night", "evening"))
    if a.kind == "rel":
        return g.rel is None and g.time is None and g.date is None
    if a.kind == "zone":
        return g.time is not None and g.tz is None
    if a.kind == "dur":  # a bare day has no start for a length to end ("thursday, 45 min")
        return g.duration is None and (g.time is not None or g.rel is not None or bool(g.part))
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
        if a.strong and g.time is not None:
            g.time.strong = True  # "10 their time": a number with a named zone is a time
    if g.time is not None and g.time.military and g.date is not None:
        # "0815 tmrw": a 24-hour number beside a day word is a time
        g.time.strong, g.time.military, g.time.habit = True, False, False
        g.habit = any(b.habit for b in g.atoms)
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
    for i, a in enumerate(atoms):
        if (
            current is not None
            and a.kind == "date"
            and a.date is not None
            and current.date is not None
            and current.time is None
            and current.end_date is None
            and a.date > current.date
            and _RANGE_SEP.match(s[current.end : a.start])
            and not RESCHEDULE_BEFORE.search(s, max(0, current.start - 40), current.start)
        ):
            current.end_date = a.date
            current.end = a.end
            current.atoms.append(a)
            continue
        if (
            current is not None
            and a.start - current.end <= 24
            and _compatible(current, a)
            and (
                _GAP.match(s[current.end : a.start])
                or (current.time is None and _ASKED_DAY_GAP.match(s, current.end, a.start))
            )
            and not _opens_next(s, atoms, i, current)
            and not _ends_sentence(s, current)
            and not _named_part_then_time(s, current, a)
            and "\n" not in s[current.end : a.start]  # a line of a list ends its time
        ):
            _add(current, a)
            continue
        if a.kind in ("zone",):
            continue
        current = Group(a.start, a.end)
        _add(current, a)
        groups.append(current)
    return groups


CLAUSE_BREAK = re.compile(r"[,.;!?\n]")  # a mark that ends a clause
# Words a part of day never ends the name of: "at night", "tomorrow evening", "sat night".
_NOT_A_NAME = (
    FUNCTION_WORDS
    | frozenset(WEEKDAYS)
    | frozenset(MONTHS)
    | wordset(
        "at on in by this next last every each the a one that friday's tomorrow tmrw tonight "
        "sat sun fri late all whole same"
    )
)
_WORD_BEFORE = re.compile(r"([a-z][a-z'-]*)\s+$")
_NAME_REACH = 24  # how far back the word a part of day may end the name of is looked for


def ends_a_name(s: str, start: int) -> bool:
    """Whether the part of day at ``start`` ends an event's name: "parents evening", "game
    night" (not "tomorrow evening", "at night")."""
    word = _WORD_BEFORE.search(s, max(0, start - _NAME_REACH), start)
    return word is not None and word.group(1) not in _NOT_A_NAME


def _named_part_then_time(s: str, current: Group, a: Atom) -> bool:
    """ "parents evening thursday night": the evening is the event's, the night its time."""
    return (
        a.kind in ("date", "part")
        and len(current.atoms) == 1
        and current.atoms[0].kind == "part"
        and s[current.start : current.end] in NAMED_PARTS
        and ends_a_name(s, current.start)
    )


def _ends_sentence(s: str, current: Group) -> bool:
    """ "bbq at 2pm. sunday nothing": a clock time whose "pm." ends a sentence ends its group."""
    return (
        current.time is not None
        and s[current.end - 1 : current.end] == "."
        and (s[current.end : current.end + 1].isspace())
    )


_OWN_TIME_WITHIN = 30


def _opens_next(s: str, atoms: list[Atom], i: int, current: Group) -> bool:
    """ "mon 9:30, wed 1:1 w/ priti at 2": a day after a comma with its own clock time opens
    the next expression instead of closing the time before it."""
    a = atoms[i]
    if a.kind != "date" or current.time is None or "," not in s[current.end : a.start]:
        return False
    nxt = atoms[i + 1] if i + 1 < len(atoms) else None
    return (
        nxt is not None
        and nxt.kind in ("time", "num")
        and nxt.start - a.end <= _OWN_TIME_WITHIN
        and not CLAUSE_BREAK.search(s, a.end, nxt.start)
        and not (s[a.end - 1] == "." and s[a.end : a.end + 1].isspace())  # "11/03/2027. vui"
    )


# ---------------------------------------------------------------- resolution
def local(day: dt.date, hour: int, minute: int, zone: dt.tzinfo | None) -> dt.datetime:
    """Wall-clock time in zone: a missing time moves forward, an ambiguous one takes fold=0."""
    if hour >= 24:
        day += dt.timedelta(days=1)
    aware = dt.datetime(day.year, day.month, day.day, hour % 24, minute, tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone)


# A bare hour is read in 07:00-21:00 (minutes of the day), the next such time.
WINDOW_FIRST_HOUR, WINDOW_LAST_HOUR = 7, 21
_WINDOW_FROM, _WINDOW_TO = WINDOW_FIRST_HOUR * 60, WINDOW_LAST_HOUR * 60
_NEXT_DAYS = (dt.timedelta(0), dt.timedelta(days=1), dt.timedelta(days=2))


def _window(hour: int, minute: int) -> bool:
    return _WINDOW_FROM <= hour * 60 + minute <= _WINDOW_TO


_PM_PARTS = frozenset(["afternoon", "evening", "night", "tonight", "end of day"])


def _hour_candidates(t: Atom, part: str) -> list[int]:
    h = t.hour
    if t.exact:  # "20h", "08:00"; but "demain soir vers 8h", "middag om 2 uur" are pm
        return [h + 12] if part in _PM_PARTS and 0 < h < 12 else [h]
    if t.ampm == "am":
        return [h % 12]
    if t.ampm == "pm":
        return [h % 12 + 12]
    if part in _PM_PARTS and h < 12:
        return [h + 12]
    if part == "morning":
        return [h % 12]
    if h == 12:
        return [12]
    return [h, h + 12]


def resolve(g: Group, now: dt.datetime, zone: dt.tzinfo | None) -> None:
    """The group's start (and end) in now's zone, its grain and strength."""
    t = g.time
    if g.rel is not None and (not g.rel.delta_days or t is None):
        assert g.rel.delta is not None
        g.value = (now.astimezone(UTC) + g.rel.delta).astimezone(zone)
        g.grain = "day" if g.rel.delta_days and t is None else "minute"
        g.strong = True
        return
    day = g.date
    if g.rel is not None and g.rel.delta is not None:
        day = (now + g.rel.delta).date()
    if t is not None:
        _resolve_clock(g, t, day, now, zone)
    elif g.part:
        _resolve_part(g, day, now, zone)
    elif day is not None:
        g.value, g.grain, g.approximate, g.strong = local(day, 0, 0, zone), "day", True, True
        if g.end_date is not None:
            g.value_end = local(g.end_date + dt.timedelta(days=1), 0, 0, zone)
    if g.value is not None and g.duration is not None and g.value_end is None:
        g.value_end = (g.value.astimezone(UTC) + g.duration).astimezone(zone)
    if g.value is not None and g.date is not None and g.date_kind != "wd" and g.value < now:
        g.past = g.past or g.value.date() < now.date()


def meridiem_guessed(g: Group) -> bool:
    """Whether the group's clock time said no am/pm and could be either ("moved to 9"): the
    07:00-21:00 rule chose. Not for a stated zone, a part of day or a 24-hour clock."""
    t = g.time
    return t is not None and g.tz is None and len(_clock_hours(g, t)) > 1


def _clock_hours(g: Group, t: Atom) -> list[int]:
    """The hours a clock time may mean; a range's am/pm end decides its start's."""
    cands = _hour_candidates(t, g.part)
    if t.end_atom is not None and not t.ampm and not t.exact:
        e = t.end_atom
        if e.ampm == "pm" and (t.hour % 12) <= (e.hour % 12 or 12):
            cands = [t.hour % 12 + 12]
        elif e.ampm == "am" or e.ampm == "pm":
            cands = [t.hour % 12]
    return cands


def _resolve_clock(
    g: Group, t: Atom, day: dt.date | None, now: dt.datetime, zone: dt.tzinfo | None
) -> None:
    cands = _clock_hours(g, t)
    minute = t.minute
    stated = g.tz
    if stated is not None:
        h = cands[-1] if len(cands) > 1 and not _window(cands[0], minute) else cands[0]
        base = day or now.astimezone(stated).date()
        value = local(base, h, minute, stated).astimezone(zone)
        if day is None and value < now:
            value += dt.timedelta(days=1)
        elif _weekday_passed(g, day, value, now):
            value = local(base + dt.timedelta(days=7), h, minute, stated).astimezone(zone)
    elif day is None:
        value = _next_occurrence(cands, minute, now, zone, window=len(cands) > 1)
        if t.part == "midnight" and value.date() == now.date() and now.hour > 0:
            value = local(now.date() + dt.timedelta(days=1), 0, 0, zone)
    else:
        fits = [c for c in cands if _WINDOW_FROM <= c * 60 + minute <= _WINDOW_TO]
        h = fits[0] if fits else cands[0]
        late_night = g.part == "tonight" and t.ampm == "am" and t.hour % 12 == 0
        if (t.part == "midnight" or late_night) and g.date_kind in ("rel", "wd", "full"):
            value = local(day + dt.timedelta(days=1), 0, 0, zone)
        else:
            value = local(day, h, minute, zone)
        if _weekday_passed(g, day, value, now):
            value = local(day + dt.timedelta(days=7), h, minute, zone)
    # "noon" and "midnight" are exact clock times; "lunchtime" is about an hour
    g.value, g.grain = value, ("hour" if t.approx and t.part else "minute")
    g.strong = t.strong or g.date is not None or bool(g.part) or g.rel is not None
    if t.end_atom is not None and stated is not None:
        end = _range_end(value.astimezone(stated), t.end_atom, stated)
        g.value_end = end.astimezone(zone)
    elif t.end_atom is not None:
        g.value_end = _range_end(value, t.end_atom, zone)
    g.approximate = t.approx


def _weekday_passed(g: Group, day: dt.date | None, value: dt.datetime, now: dt.datetime) -> bool:
    """A bare weekday that is today, at a time already past: the same day next week."""
    return g.date_kind == "wd" and not g.habit and value < now and day == now.date()


def _resolve_part(g: Group, day: dt.date | None, now: dt.datetime, zone: dt.tzinfo | None) -> None:
    hour, minute = PARTS_OF_DAY.get(g.part, (0, 0)) if g.part != "midnight" else (24, 0)
    base = day if day is not None else now.date()
    value = local(base, hour, minute, zone)
    if day is None and value < now:
        # "in the morning" said in the evening: most likely this morning, already past
        g.past = g.part not in ("night", "tonight", "midnight")
        value = local(base + dt.timedelta(days=1), hour, minute, zone)
    if _weekday_passed(g, day, value, now):
        value = local(base + dt.timedelta(days=7), hour, minute, zone)
    g.value, g.grain, g.approximate, g.strong = value, "hour", True, True


def _next_occurrence(
    cands: list[int], minute: int, now: dt.datetime, zone: dt.tzinfo | None, window: bool
) -> dt.datetime:
    today = now.date()
    first: dt.datetime | None = None
    hours = sorted(cands)
    for offset in _NEXT_DAYS:
        day = today + offset
        for h in hours:
            value = local(day, h, minute, zone)
            if value < now:
                continue
            if first is None:
                first = value
            if not window or _WINDOW_FROM <= h * 60 + minute <= _WINDOW_TO:
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


def resolve_again(g: Group, now: dt.datetime) -> None:
    """Resolve a group whose day or clock time changed, keeping the length of a range it had
    ("dinner 7-9" read in the evening stays two hours)."""
    old_start, old_end = g.value, g.value_end
    g.value_end = None
    resolve(g, now, now.tzinfo)
    if g.value_end is None and old_end is not None and old_start is not None and g.value:
        g.value_end = g.value + (old_end - old_start)


def may_hold_time(s: str, words: frozenset[str] | None = None) -> bool:
    """Cheap test on normalised text: a digit or a time word (``words``: its words, if known)."""
    if DIGIT.search(s) is not None or has_native_script(s):
        return True
    return not TIME_WORDS.isdisjoint(WORD.findall(s) if words is None else words)


def scan_normalized(s: str, now: dt.datetime, words: frozenset[str] | None = None) -> list[Group]:
    """Every resolved time group in already normalised text (``words``: its words, if known)."""
    index = index_of(s, words)
    words = words if words is not None else index.words()
    if words.isdisjoint(TIME_WORDS) and not index.digit_runs() and not has_native_script(s):
        return []
    atoms = _ranges(s, _dedupe(find_atoms(s, now, words)))
    groups = _groups(s, atoms)
    zone = now.tzinfo
    for g in groups:
        for a in g.atoms:
            if a.kind != "dur" and a.kind != "zone":
                break
        else:
            if g.atoms:
                continue  # a length or a zone alone: no start of its own
        try:
            resolve(g, now, zone)
        except (ValueError, OverflowError):
            g.value = None
    _attach_durations(s, groups)
    if "til" in s:  # "until", "till", "til", "'til"
        _join_until(s, groups, zone)
    runs = index_of(s).digit_runs()  # a phone number needs seven digits: a cheap gate
    phone = sum(b - a for a, b in runs) >= MIN_PHONE_DIGITS
    return [g for g in groups if g.value is not None and not (phone and _in_phone_number(s, g))]


# A phone number's digits in groups of two to five, spaced or dashed ("08 9271 4400",
# "720-555-0143", "(773) 555-0199"), or one long run ("0772123456"); not a clock's, a
# dotted or slashed date's, or a decimal's digits around it.
_PHONE = re.compile(
    r"(?<![\w:/.,])\+?(?:\(\d{2,4}\)[^\S\n]?)?\d{2,5}(?:[^\S\n]?-[^\S\n]?|[^\S\n])\d{2,5}"
    r"(?:(?:[^\S\n]?-[^\S\n]?|[^\S\n])\d{2,5}){0,3}(?![\w:/]|[.,]\d)"
    r"|(?<![\w:/.,])\+?\d{7,13}(?![\w:/]|[.,]\d)"
)
PHONE_REACH = 20  # how far around a number its phone number's other digits are looked for
MIN_PHONE_DIGITS = 7  # "555 0142"
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_CLOCK_PAIR = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d\W+(?:[01]\d|2[0-3])[0-5]\d")  # "1030-1130"


def _in_phone_number(s: str, g: Group) -> bool:
    """Whether ``g`` is read from a phone number's digits ("Running late? Call 08 9271 4400",
    "Call 720-555-0143 with questions"): a group that names no day and opens with a digit."""
    if g.date is not None or not s[g.start : g.start + 1].isdigit():
        return False
    for m in _PHONE.finditer(s, max(0, g.start - PHONE_REACH), g.end + PHONE_REACH):
        if m.start() < g.end and g.start < m.end() and _phone_like(m.group(0)):
            return True
    return False


def _phone_like(found: str) -> bool:
    """Whether digits matched as a phone number are one: seven digits or more, not an ISO
    date, nor two 24-hour clocks ("1030-1130")."""
    digits = sum(c.isdigit() for c in found)
    return (
        digits >= MIN_PHONE_DIGITS
        and _ISO_DATE.fullmatch(found) is None
        and _CLOCK_PAIR.fullmatch(found) is None
    )


# "until", and in German, Spanish, French, Italian, Portuguese and Dutch
_UNTIL_BEFORE = re.compile(
    r"\b(?:until|till|til|untill|'til|bis|hasta|jusqu'à|jusqu'a|fino alle|ate às|ate as|tot|"
    r"sampai|hingga|sehingga)\s*$"
)
UNTIL_CHARS = 10  # the longest "until" word and its space: "sehingga 9:25"
_SENTENCE_BREAK = re.compile(r"[.!?;\n]")
# Someone between a start and a lone end: "dinner at 7, i'm working till 6" - two things.
_SUBJECT = re.compile(r"\b(?:i|i'm|im|i'll|we|we're|he|he's|she|she's|they|they're)\b")


# A later time told as its own thing's, after a copula: "parking till 11:40, dentist is at
# 10:50" (the parking ends, the dentist starts; no range).
_OWN_TIME = re.compile(r"(?:\b(?:is|are)|'s)\s+(?:at\s+)?$")


# Before "until" the time is a start after all: "isn't till 3", "pushed till 4", "wait until".
_UNTIL_STARTS = re.compile(
    r"\b(?:not|isn't|isnt|wasn't|won't|aren't|pushed|moved|postponed|delayed|put off|bumped|"
    r"wait|waiting|changed)\b[^.!?\n]*$"
)


def is_lone_end(s: str, g: Group) -> bool:
    """Whether ``g`` only ends something ("stay up till 3am", "working until 6"): a time after
    "until" that no start was found for is no meeting's start."""
    t = g.time
    if t is None or t.end_atom is not None or g.date is not None:
        return False
    until = _UNTIL_BEFORE.search(s, max(0, g.start - UNTIL_CHARS), g.start)
    return until is not None and not _UNTIL_STARTS.search(
        s, max(0, until.start() - 30), until.start()
    )


def _join_until(s: str, groups: list[Group], zone: dt.tzinfo | None) -> None:
    """ "until 5, starting 3:30": a lone end time closes the nearest start in its sentence."""
    for g in groups:
        t = g.time
        if t is None or g.value is None or t.end_atom is not None or g.date is not None:
            continue
        if not _UNTIL_BEFORE.search(s, max(0, g.start - UNTIL_CHARS), g.start):
            continue
        near = [
            h
            for h in groups
            if h is not g and h.value is not None and h.time is not None and h.value_end is None
            and abs(h.start - g.start) <= 40
            and not _SENTENCE_BREAK.search(s, min(h.end, g.end), max(h.start, g.start))
            and not _UNTIL_BEFORE.search(s, max(0, h.start - 8), h.start)
            and not _SUBJECT.search(s, min(h.end, g.end), max(h.start, g.start))
            and not (g.start < h.start and _OWN_TIME.search(s, max(0, h.start - 8), h.start))
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


# A length that is not the meeting's: "arrive 10 minutes before", "fasting 12 hrs", "a
# 20 min drive", "every 2 hours".
_OTHER_LENGTH_AFTER = re.compile(
    r"\s*(?:before|beforehand|early|earlier|prior|ahead|in advance|late|later|ago|away|"
    r"required|needed|max|drive|walk|ride|flight|commute|wait|of|from)\b"
)
_OTHER_LENGTH_BEFORE = re.compile(
    r"\b(?:fasting|fast|arrive|arriving|takes|take|taking|took|parking|park|wait|waiting|"
    r"every|each|within|drive|driving|walk|walking)\s+(?:about\s+|around\s+|approx\.?\s+)?$"
)


DURATION_REACH = 40  # characters between a time and a lone length that ends it
# A length said with its verb or a form's label may come a sentence later, with no time
# between: "on Monday at 11:00 (WAT) via Microsoft Teams. The session will last 45 minutes."
DURATION_VERB_REACH = 120
_LENGTH_VERB = re.compile(r"(?:for|takes?|taking|lasts?|lasting|runs?)\b")


def _attach_durations(s: str, groups: list[Group]) -> None:
    """A lone duration ("30 min sync at 11:30", "for an hour") ends the nearest clock time,
    unless it measures something else ("arrive 10 minutes before", "fasting 12 hrs")."""
    for d in groups:
        if d.value is not None or d.duration is None:
            continue
        if _OTHER_LENGTH_AFTER.match(s, d.end) or _OTHER_LENGTH_BEFORE.search(
            s, max(0, d.start - 16), d.start
        ):
            continue
        said = _LENGTH_VERB.match(s, d.start) or LENGTH_LABEL.search(
            s, max(0, d.start - LENGTH_LABEL_CHARS), d.start
        )  # "The session will last 45 minutes.", "Durée estimée : 25 min."
        reach = DURATION_VERB_REACH if said else DURATION_REACH
        near = [
            g
            for g in groups
            if g.value is not None and g.grain == "minute" and g.value_end is None
            and not is_bare_number(g)
            and (0 <= d.start - g.end <= reach or 0 <= g.start - d.end <= DURATION_REACH)
            and not any(
                g.end <= h.start < d.start and h.value is not None and not is_bare_number(h)
                for h in groups
            )  # not "(rue de la Pépinière 6)": a bare number is no time
        ]  # fmt: skip
        if near:
            g = min(near, key=lambda g: _distance(s, d, g))
            assert g.value is not None
            g.value_end = (g.value.astimezone(UTC) + d.duration).astimezone(g.value.tzinfo)


def _distance(s: str, d: Group, g: Group) -> tuple[bool, bool, int]:
    """How far a length is from a time; a time on its own line, then in its own sentence, is
    nearer than any other ("8:00am - Evaluation lesson (60 min)" before "2) Thu 9 Dec,
    8:30am"; "at 1400 in the education centre, 3 hrs. sleep till 12")."""
    a, b = (g.end, d.start) if g.end <= d.start else (d.end, g.start)
    return "\n" in s[a:b], _SENTENCE_END.search(s, a, b) is not None, b - a


_SENTENCE_END = re.compile(r"[.!?](?=\s)")


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
