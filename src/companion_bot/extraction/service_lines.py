"""The what-line of a pasted confirmation: the line right above its day and time.

A booking app's confirmation prints what is booked on a line of its own and the slot on the
next one::

    Seu agendamento foi confirmado! ✂️
    Corte + barba com Rafael
    seg., 19 de jun. · 10:00 - 10:45

The what-line ("Corte + barba com Rafael", "Reformer Pilates (Level 1) with Joyce",
"Strzyżenie damskie + modelowanie", "Toit, Indiranagar") names the event. It is read only
in a message that says it confirms or reminds of a booking, for a line that opens with its
day or time (after at most a short weekday name: "seg.,", "Thu,", "pt."), and only when the
line above holds no time, no known event and is no header ("You're booked!").
"""

from __future__ import annotations

import re

from companion_bot.extraction.lexicon import LIST_WEEKDAYS, WEEKDAYS, wordset
from companion_bot.extraction.open_events import Phrase
from companion_bot.extraction.times import Group

# Words that say a message confirms or reminds of a booking (as folded, in many languages).
CONFIRMATION_WORDS = wordset(
    "booked booking confirmed confirmation reminder reserved reservation "
    "confirmado confirmada agendamento agendado agendada marcacao reserva lembrete "
    "recordatorio turno cita confirme confirmee rappel bestatigt terminbestatigung buchung "
    "reservierung erinnerung prenotazione confermata confermato promemoria bevestiging "
    "bevestigd afspraak herinnering reservering potwierdzenie potwierdzona przypominamy "
    "rezerwacja bokningsbekraftelse bokning bekraftelse paminnelse randevunuz"
)
MAX_SERVICE_WORDS = 7  # a what-line longer than this is a sentence, not a title
_WEEKDAY_LEAD = frozenset(WEEKDAYS) | frozenset(LIST_WEEKDAYS)
_LEAD_WORD = re.compile(r"[^\W\d_]+")
# A header, not what is booked: "You're booked! 🎉", "Reserva confirmada ✔".
_HEADER_END = re.compile(r"[!?:]\W*$")
_NUMBERED_ASIDE = re.compile(r"\s*\([^()\n]*\d[^()\n]*\)")  # "(Level 1)", "(sira: 7)"
# Where the what-line stops: the place or person after a comma or a spaced dash or bar.
_CUT = re.compile(r",|\s[|\u00b7\u2013\u2014-]\s")
_NAME_TOKEN = re.compile(r"[^\W_][\w'&.-]*[^\W_.']|[^\W_]|[+&]")


def service_line(s: str, groups: list[Group], words: frozenset[str], pos: int) -> Phrase | None:
    """The what-line above the line holding ``pos`` (a time's start), as an event phrase, if
    that line opens with its day or time in a message that confirms a booking."""
    if words.isdisjoint(CONFIRMATION_WORDS):
        return None
    line = s.rfind("\n", 0, pos) + 1
    if line == 0:
        return None
    first = min((g.start for g in groups if line <= g.start <= pos), default=pos)
    lead = _LEAD_WORD.findall(s, line, first)
    if len(lead) > 2 or any(w not in _WEEKDAY_LEAD for w in lead):
        return None  # the line opens with words of its own: "Late cancel fee ... 12 hrs"
    above = s.rfind("\n", 0, line - 1) + 1
    text = s[above : line - 1]
    if any(above <= g.start < line for g in groups) or _HEADER_END.search(text):
        return None
    if not CONFIRMATION_WORDS.isdisjoint(_LEAD_WORD.findall(text)):
        return None  # "Reserva confirmada", "Przypominamy o wizycie": the header
    cut = _CUT.search(text)
    kept = text[: cut.start()] if cut else text
    tokens = _NAME_TOKEN.findall(_NUMBERED_ASIDE.sub(" ", kept))
    if not tokens or len(tokens) > MAX_SERVICE_WORDS or not tokens[0][0].isalpha():
        return None
    start = above + len(text) - len(text.lstrip())
    return Phrase(start, above + len(kept.rstrip()), " ".join(tokens))
