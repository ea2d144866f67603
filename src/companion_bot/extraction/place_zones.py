"""Zones named by a place: "8pm manila time", "10am eastern", "7am his time" (place elsewhere),
"9am London" (a place right after a clock time).

A place before "time" is looked up among the IANA zones' last parts ("sao paulo") and a few
aliases ("nyc"); "his/her/their time" takes the place the message names for that person
("my brother in sydney", "the boston team"), and is local time when it names none; "my
time" takes the place a transcript's speaker gives ("mia (toronto): ... 1pm my time").
"""

from __future__ import annotations

import re
import unicodedata
from zoneinfo import ZoneInfo

from companion_bot.extraction.atoms import Atom, AtomScan, digit_matches
from companion_bot.extraction.lexicon import (
    CITY_PERSON_NAMES,
    DEMONYM_ZONES,
    REGION_WORDS,
    WEEKDAYS,
    city_zones,
    wordset,
)

_LETTERS = r"[^\W\d_]"
_P_TIME = re.compile(r"\btime\b")
# Up to three words right before "time" ("new york", "sao paulo", "their").
_P_WORDS_BEFORE = re.compile(rf"((?:{_LETTERS}[\w.'-]*\s+){{1,3}})$")
_P_WORD = re.compile(r"\S+")
_LOOK_BACK = 40
_PERSON_WORDS = wordset("his her their")
# A transcript's speaker who says where they are: "mia (toronto): call sat 1pm my time?".
_SPEAKER_PLACE = re.compile(
    r"[^\S\n]*[a-z][\w'.-]{0,20}(?: [a-z][\w'.-]{0,20})?[^\S\n]\(([^)\n]{1,24})\):"
)
_P_IN_PLACE = re.compile(rf"\b(?:in|from|to)\s+(?:the\s+)?({_LETTERS}+(?:[\s-]{_LETTERS}+){{0,2}})")
_P_WITH_PLACE = re.compile(rf"\bwith\s+(?:the\s+)?({_LETTERS}+(?:[\s-]{_LETTERS}+){{0,2}})")
_P_THE_PLACE = re.compile(rf"\bthe\s+({_LETTERS}+(?:\s{_LETTERS}+){{0,2}})")
# "i'm in lisbon": where the speaker is, not the other person.
_SPEAKER_BEFORE = re.compile(r"\b(?:i'?m|i\s+am|we'?re|we\s+are|live|living|based|myself)\s*$")
_SHORT_NAME = 3  # "la", "ny", "uk": only right after "in"/"from"/"the"
_P_REGION = re.compile(r"\b(eastern|central|mountain|pacific)\b(?!\s+time\b)")
_REGION_FOLLOW = re.compile(r"\s*(?:$|[^\w\s]|([a-z]+))")
_REGION_FOLLOW_WORDS = wordset(
    "on for and or so but if then this next tomorrow tmrw today tonight works work ok okay "
    "please pls with is sharp i we lmk let can could would will"
) | frozenset(WEEKDAYS)


def _fold(name: str) -> str:
    """ "São Paulo" -> "sao paulo" (accents dropped, spaces single)."""
    if name.isascii():
        return " ".join(name.split())
    decomposed = unicodedata.normalize("NFD", name)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def _zone_of(words: list[str], *, short_ok: bool) -> str | None:
    """The zone of the longest leading run of ``words`` that names a place."""
    zones = city_zones()
    for n in range(min(3, len(words)), 0, -1):
        name = _fold(" ".join(words[:n]))
        if name in zones and (short_ok or len(name) > _SHORT_NAME):
            return zones[name]
    return None


def _named_place(s: str, near: int, plural: bool = False) -> str | None:
    """The zone of the place the message names ("in sydney", "the boston team"), nearest first;
    for "their time" also a place met "with" ("the sync with melbourne", not "with sydney",
    a person, for "her time")."""
    found: list[tuple[int, str]] = []
    matches = list(_P_IN_PLACE.finditer(s))
    if plural and "with" in s:
        matches += _P_WITH_PLACE.finditer(s)
    for m in matches:
        if _SPEAKER_BEFORE.search(s, max(0, m.start() - 16), m.start()):
            continue
        zone = _zone_of(m.group(1).split(), short_ok=True)
        if zone is not None:
            found.append((abs(m.start() - near), zone))
    if not found:
        for m in _P_THE_PLACE.finditer(s):
            zone = _zone_of(m.group(1).split(), short_ok=True)
            if zone is not None:
                found.append((abs(m.start() - near), zone))
    return min(found)[1] if found else None


def _speaker_place(s: str, pos: int) -> str | None:
    """The zone of the place the speaker of the line at ``pos`` says they are in ("ben (nyc):
    11am my time"); None (local time) when the line names none."""
    m = _SPEAKER_PLACE.match(s, s.rfind("\n", 0, pos) + 1)
    return None if m is None else _zone_of(m.group(1).split(), short_ok=True)


def find_place_times(c: AtomScan) -> None:
    """ "8pm manila time", "10h paris time", "7am his time" (the place named elsewhere)."""
    s = c.s
    for t in _P_TIME.finditer(s):
        lead_start = max(0, t.start() - _LOOK_BACK)
        m = _P_WORDS_BEFORE.search(s, lead_start, t.start())
        if m is None:
            continue
        spans = [(w.start(), w.group()) for w in _P_WORD.finditer(s, m.start(), t.start())]
        words = [w for _, w in spans]
        zone: str | None = None
        if words[-1] in _PERSON_WORDS:
            zone, start = _named_place(s, t.start(), words[-1] == "their"), spans[-1][0]
        elif words[-1] == "my":
            zone, start = _speaker_place(s, t.start()), spans[-1][0]
        elif words[-1] in DEMONYM_ZONES:  # "5pm german time"
            zone, start = DEMONYM_ZONES[words[-1]], spans[-1][0]
        else:
            for n in range(len(words), 0, -1):
                zone, start = _zone_of(words[-n:], short_ok=True), spans[-n][0]
                if zone is not None:
                    break
        if zone is not None:
            c.add(Atom(start, t.end(), "zone", tz=ZoneInfo(zone), strong=True))


def find_regions(c: AtomScan) -> None:
    """ "10am eastern", "9:30 pacific on monday": a region word alone after a time."""
    s = c.s
    for m in _P_REGION.finditer(s):
        follow = _REGION_FOLLOW.match(s, m.end())
        if follow is None or (follow.group(1) and follow.group(1) not in _REGION_FOLLOW_WORDS):
            continue
        c.add(Atom(m.start(), m.end(), "zone", tz=ZoneInfo(REGION_WORDS[m.group(1)])))


# A clock time (am/pm, h:mm, 15h) and up to three words right after it: "9am london, ...",
# "13:00 new york on monday".
_P_CLOCK_THEN_PLACE = re.compile(
    r"(?<![\d:.])\d{1,2}(?::\d\d(?:\s?[ap]\.?m\b\.?)?|\s?[ap]\.?m\b\.?|h(?:\d\d)?)"
    rf"[ \t]+({_LETTERS}+(?:[ \t]{_LETTERS}+){{0,2}})"
)
_LONG_NAME = 4  # "sf", "la", "ny", "uk", "kl": too short to stand bare after a time


def find_clock_places(c: AtomScan) -> None:
    """ "sync at 9am London", "Monday 1pm Berlin works": a place right after a clock time,
    before nothing, punctuation or a small word, is the zone the time is told in."""
    s = c.s
    zones = city_zones()
    for m in digit_matches(c.ampm_starts, _P_CLOCK_THEN_PLACE, s):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            if len(name) < _LONG_NAME or name not in zones or name in CITY_PERSON_NAMES:
                continue
            end = m.start(1) + len(name)
            follow = _REGION_FOLLOW.match(s, end)
            if follow is None or (follow.group(1) and follow.group(1) not in _PLACE_FOLLOW):
                break
            c.add(Atom(m.start(1), end, "zone", tz=ZoneInfo(zones[name]), strong=True))
            break


_PLACE_FOLLOW = _REGION_FOLLOW_WORDS | wordset("which that means so at in")
