"""Visits named by their specialty: when a booking gives the specialty of the doctor it is
with, in brackets after the name ("wizyta u dr Nowakowskiej (okulista)", "consulta com a
Dra. Prado (dermatologia)") or as the kind of place it is at ("appointment with Dr. Okafor
at Lakeshore Podiatry"), the specialty names the visit: before the English "appointment
with Dr X", in place of the doctor after another language's word for a visit.
"""

from __future__ import annotations

import re
from dataclasses import replace

from companion_bot.extraction.events import Event
from companion_bot.extraction.lexicon import (
    APPOINTMENT_LOANWORDS,
    SPECIALTY_ENDINGS,
    SPECIALTY_WORDS,
    wordset,
)
from companion_bot.extraction.tokens import index_of

SPECIALTY_REACH = 80  # characters after an event's start in which its doctor is named
_TITLES = wordset("dr dra doctor doktor lek dott")
# A doctor, then the specialty in brackets or the place (up to four words) it is at.
_DOCTOR_KIND = re.compile(
    r"\b(?:dr|dra|doctor|doktor|lek|dott)\.?[^\S\n]+(?:[^\W\d_][\w'-]*\.?[^\S\n]+){0,2}?"
    r"[^\W\d_][\w'-]*[^\S\n]*(?:\(([^\W\d_][\w-]*)\)|(?:at|@)[^\S\n]+(?:the[^\S\n]+)?"
    r"((?:[^\W\d_][\w'&-]*[^\S\n]*){1,4}))"
)
_POLISH_VISIT = "wizyta"


def named_by_specialty(s: str, found: list[Event]) -> list[Event]:
    """``found`` with each visit to a titled doctor named by the specialty the text gives."""
    if _TITLES.isdisjoint(index_of(s).words()):
        return found  # no doctor named by title: nothing to rename
    return [_renamed(s, e) for e in found]


def _renamed(s: str, e: Event) -> Event:
    m = _DOCTOR_KIND.search(s, e.start, e.start + SPECIALTY_REACH)
    if m is None or "\n" in s[e.start : m.start()]:
        return e
    kind = m.group(1) or next((w for w in m.group(2).split() if is_specialty(w)), None)
    if kind is None or not is_specialty(kind):
        return e
    head = e.name.split()[0]
    if head == _POLISH_VISIT:
        return replace(e, name=f"{head} u {_polish_genitive(kind)}")
    if head in APPOINTMENT_LOANWORDS:
        return replace(e, name=f"{head} {kind}")  # "consulta dermatologia"
    if not e.name.startswith("appointment") and not _titled_visit(e.name):
        return e
    return replace(e, name=f"{kind} {e.name}")  # "podiatry appointment with dr okafor"


def _titled_visit(name: str) -> bool:
    """Whether ``name`` is a visit named by its doctor ("dr roux appointment")."""
    head, _, rest = name.partition(" ")
    return head in _TITLES and rest.endswith("appointment")


def is_specialty(word: str) -> bool:
    """Whether ``word`` (folded) names a medical or care specialty."""
    return word in SPECIALTY_WORDS or word.endswith(SPECIALTY_ENDINGS)


def _polish_genitive(word: str) -> str:
    """ "okulista" -> "okulisty", "kardiolog" -> "kardiologa": who "wizyta u" visits."""
    if word.endswith("ia"):
        return word[:-1] + "i"
    if word.endswith("a"):
        return word[:-1] + "y"
    return word + "a"
