"""Clock hours told with another language's hour word after the number: Tok Pisin "2 klok",
Vietnamese "3 giờ rưỡi", pinyin "3 dian", Korean "9si" and "du-si", Japanese "3-ji" and
"san-ji han", Bengali "10tay", Haitian Creole "3è30" (the text is folded: "3e30"); Turkish
hours in words after "saat" ("akşam saat sekizde" 20:00, "saat üç buçukta" 3:30); hours
after another language's hour word ("kell 13", "karfe 3 na yamma", "sagat 15te").

The part of day beside them ("2 klok apinun", "ohu du-si") is read by the part-of-day
finder, as for "5 baje shaam"; alone, the hour follows the 07:00-21:00 rule.
"""

from __future__ import annotations

import re

from companion_bot.extraction.atoms import SPACES, Atom, AtomScan
from companion_bot.extraction.lexicon import (
    FOREIGN_CLOCK_WORDS,
    FOREIGN_HALF_WORDS,
    FOREIGN_HOUR_BEFORE,
    FOREIGN_MINUTE_WORDS,
    GLUED_CASE_LANGUAGE_WORDS,
    JAPANESE_HOURS,
    KOREAN_HOURS,
    TURKISH_AT_HOURS,
    TURKISH_HOURS,
    TURKISH_PARTS,
    alternation,
)
from companion_bot.extraction.tokens import finditer_at, index_of

_HALF = alternation(sorted(FOREIGN_HALF_WORDS))
_MINUTES = (
    rf"(?:\s*(?:(\d{{1,2}})\s*(?:{alternation(sorted(FOREIGN_MINUTE_WORDS))})?|({_HALF}))\b)?"
)
# Haitian Creole's "è" with no minutes only before its part of day ("a 3è apremidi").
_HAITIAN_PARTS = r"(?=\s+(?:nan\s+)?(?:maten|apremidi|aswe|swa)\b)"
_P_FOREIGN_CLOCK = re.compile(
    rf"(?<![\d:.,])(?:(\d{{1,2}})(?:\s*(?:{alternation(sorted(FOREIGN_CLOCK_WORDS))})\b{_MINUTES}"
    rf"|-?(?:si|ji)\b(?:-e\b)?{_MINUTES}|tay\b|e(\d{{2}})\b|e{_HAITIAN_PARTS})"
    rf"|\b({alternation(sorted(KOREAN_HOURS))})-?si\b(?:-e\b)?{_MINUTES}"
    rf"|\b({alternation(sorted(JAPANESE_HOURS))})-?ji\b{_MINUTES})"
)
_WORD_HOURS = frozenset(KOREAN_HOURS) | frozenset(JAPANESE_HOURS)
# An hour word before the number, and the case ending glued to it ("saacadda 2da", "kell
# 13", "sagat 15te", "soat 10 da", "ngo-2"): the number is a clock time.
_P_HOUR_BEFORE = re.compile(
    rf"\b(?:{alternation(sorted(FOREIGN_HOUR_BEFORE))})\.?[\s-]*(\d{{1,2}})(?:[:.](\d{{2}}))?"
    r"(?:'?(?:te|ta|de|da|ka|ga|st|l))?\b(?![:.]\d)"
)


_P_TURKISH = re.compile(
    rf"(?:\b({alternation(sorted(TURKISH_PARTS))})\s+)?\bsaat\s+"
    rf"(?:({alternation(sorted(TURKISH_AT_HOURS))})|({alternation(sorted(TURKISH_HOURS))})"
    r"\s+bucuk(?:ta)?)\b"
)
_TURKISH_FIRST = frozenset(["saat"]) | frozenset(p.split()[0] for p in TURKISH_PARTS)
_TURKISH_NIGHT_LAST_HOUR = 4  # "gece saat ikide" is 02:00; "gece saat dokuzda" 21:00


def _find_turkish(c: AtomScan) -> None:
    """Turkish hours in words: "akşam saat sekizde" (20:00), "saat üç buçukta" (3:30)."""
    s = c.s
    for m in finditer_at(_P_TURKISH, s, index_of(s).starts(_TURKISH_FIRST)):
        part, at, half = m.groups()
        hour = TURKISH_AT_HOURS[SPACES.sub(" ", at)] if at else TURKISH_HOURS[SPACES.sub(" ", half)]
        a = Atom(m.start(), m.end(), "time", hour=hour, minute=0 if at else 30, strong=True)
        if part:
            late = part == "gece" and hour <= _TURKISH_NIGHT_LAST_HOUR
            a.ampm = "am" if late else TURKISH_PARTS[SPACES.sub(" ", part)]
        c.add(a)


def _find_hour_before(c: AtomScan) -> None:
    """Hours after an hour word: "kell 13" (13:00), "karfe 3" (15:00 by the 07-21 rule),
    "saacadda 2da"; the atom opens at the hour word, so a day before it joins ("homme kell
    13")."""
    s = c.s
    for m in finditer_at(_P_HOUR_BEFORE, s, index_of(s).starts(FOREIGN_HOUR_BEFORE)):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if hour <= 23 and minute <= 59:
            c.add(
                Atom(
                    m.start(),
                    m.end(),
                    "time",
                    hour=hour,
                    minute=minute,
                    exact=hour > 12,
                    strong=True,
                )
            )


# A case ending glued to a bare hour: Turkish "3te", "10'da", Basque "10etan", Sinhala
# "10ta", Hungarian "10kor" (read only beside a word of those languages; "20:45'te" is read
# as 20:45 already).
_ONE_WORD_PARTS = sorted(p for p in TURKISH_PARTS if " " not in p)
_TURKISH_PART_BEFORE = re.compile(rf"\b({alternation(_ONE_WORD_PARTS)})\s+(?:saat\s+)?$")
_P_GLUED_CASE = re.compile(r"(?<![\d:.,])(\d{1,2})(?:'?(?:etan|te|ta|de|da)|-?kor)\b")


def _find_glued_case(c: AtomScan) -> None:
    """Hours with a case ending: "yarın saat 3'te" (15:00 by the 07-21 rule), "10etan";
    a Turkish part of day before them decides am/pm ("sabah 8'de" 08:00)."""
    s = c.s
    for a, _ in index_of(s).digit_runs():
        m = _P_GLUED_CASE.match(s, a)
        if m is None:
            continue
        hour = int(m.group(1))
        if hour > 23:
            continue
        atom = Atom(a, m.end(), "time", hour=hour, minute=0, exact=hour > 12, strong=True)
        part = _TURKISH_PART_BEFORE.search(s, max(0, a - 16), a)
        if part is not None:  # "akşam 8'de": the part is the time's, never an event's name
            atom.start, atom.ampm = part.start(), TURKISH_PARTS[part.group(1)]
        c.add(atom)


def find_foreign_clocks(c: AtomScan) -> None:
    """Hours with another language's clock word: "2 klok" (14:00 by the 07-21 rule)."""
    s = c.s
    index = index_of(s)
    if "saat" in index.words():
        _find_turkish(c)
    if not index.words().isdisjoint(FOREIGN_HOUR_BEFORE):
        _find_hour_before(c)
    if not index.words().isdisjoint(GLUED_CASE_LANGUAGE_WORDS):
        _find_glued_case(c)
    for pos in sorted(index.starts(_WORD_HOURS, digits=True)):
        m = _P_FOREIGN_CLOCK.match(s, pos)
        if m is None:
            continue
        (h1, m1, half1, m2, half2, haitian, korean, m3, half3, japanese, m4, half4) = m.groups()
        if korean:
            hour = KOREAN_HOURS[korean]
        elif japanese:
            hour = JAPANESE_HOURS[japanese]
        else:
            hour = int(h1)
        said = next((x for x in (m1, m2, haitian, m3, m4) if x), None)
        half = any((half1, half2, half3, half4))
        minute = int(said) if said else 30 if half else 0
        if hour > 23 or minute > 59:
            continue
        exact = hour > 12 or hour == 0
        c.add(Atom(m.start(), m.end(), "time", hour=hour, minute=minute, exact=exact, strong=True))
