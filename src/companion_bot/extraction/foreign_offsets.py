"""Offsets from now told in another language: Spanish "en 14 horas", Portuguese "daqui a 2
horas", German "in 3 Stunden", French "dans une demi-heure", Swedish "om 3 timmar", Arabizi
"ba3d 11 sa3a", Hungarian "3 óra múlva", Finnish "2 tunnin päästä", Turkish "3 saat sonra".

Elapsed time, as "in 3 hours" (DST-aware downstream); the amount must have the word before it
or the word after its unit, so "2 horas" alone (a length) is no offset.
"""

from __future__ import annotations

import datetime as dt
import re

from companion_bot.extraction.atoms import Atom, AtomScan
from companion_bot.extraction.lexicon import (
    FOREIGN_HALF_AMOUNTS,
    FOREIGN_HOUR_UNITS,
    FOREIGN_MINUTE_UNITS,
    FOREIGN_OFFSET_AFTER,
    FOREIGN_OFFSET_AMOUNTS,
    FOREIGN_OFFSET_BEFORE,
    UNIT_WORDS,
    alternation,
    gate_words,
)
from companion_bot.extraction.tokens import finditer_at, index_of

_UNITS = alternation(sorted(FOREIGN_HOUR_UNITS | FOREIGN_MINUTE_UNITS))
_HALF_ARTICLES = "una|uma|einer|eine|une|en|egy"
_P_FOREIGN_OFFSET = re.compile(
    rf"(?:\b({alternation(p.strip() for p in FOREIGN_OFFSET_BEFORE.split('|'))})\s+)?"
    r"(?:(\d{1,3}(?:[.,]5)?)"
    rf"|(?:(?:{_HALF_ARTICLES})\s+)?({alternation(sorted(FOREIGN_HALF_AMOUNTS))})"
    rf"|({alternation(sorted(FOREIGN_OFFSET_AMOUNTS))}))"
    rf"[\s-]*({_UNITS})(?![\w'])"
    rf"(?:\s+({FOREIGN_OFFSET_AFTER}))?\b"
)
_FIRST_WORDS = (
    gate_words(FOREIGN_OFFSET_BEFORE)
    | frozenset(FOREIGN_OFFSET_AMOUNTS)
    | FOREIGN_HALF_AMOUNTS
    | frozenset(["ba", "b"])  # "ba3d", "b3d"
)
_MAX_OFFSET_HOURS = 72


def _minutes(number: str | None, half: str | None, word: str | None, unit: str) -> float:
    """The offset in minutes, from its amount (digits, a half, or a word) and its unit."""
    if number is not None:
        amount = float(number.replace(",", "."))
    elif half is not None:
        amount = 0.5
    else:
        amount = FOREIGN_OFFSET_AMOUNTS[word or ""]
    return amount * (60 if unit in FOREIGN_HOUR_UNITS else 1)


def find_foreign_offsets(c: AtomScan) -> None:
    """ "en 14 horas" (14 hours from now), "3 óra múlva", "ba3d 11 sa3a"."""
    s = c.s
    starts = index_of(s).starts(_FIRST_WORDS, digits=True)
    for m in finditer_at(_P_FOREIGN_OFFSET, s, starts):
        before, number, half, word, unit, after = m.groups()
        if not (before or after):
            continue  # "2 horas": a length, no offset
        if before == "in" and unit in UNIT_WORDS:
            continue  # "in 20 minutes": read as English already
        if before == "om" and unit == "uur":
            continue  # Dutch "om 2 uur" is at two o'clock
        minutes = _minutes(number, half, word, unit)
        if 0 < minutes <= _MAX_OFFSET_HOURS * 60:
            c.add(Atom(m.start(), m.end(), "rel", delta=dt.timedelta(minutes=minutes), strong=True))
