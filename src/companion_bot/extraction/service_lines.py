"""The what-line of a pasted confirmation: the line right above its day and time; and the
sender or venue that names a booking told only as "appointment".

A booking app's confirmation prints what is booked on a line of its own and the slot on the
next one::

    Seu agendamento foi confirmado! ✂️
    Corte + barba com Rafael
    seg., 19 de jun. · 10:00 - 10:45

The what-line ("Corte + barba com Rafael", "Reformer Pilates (Level 1) with Joyce",
"Strzyżenie damskie + modelowanie", "Toit, Indiranagar") names the event. It is read only
in a message that says it confirms or reminds of a booking, for a line that opens with its
day or time (after at most a short weekday name: "seg.,", "Thu,", "pt."), and only when the
line above holds no time and is no header ("You're booked!"). The same message may say
what it books on one line instead: after its header's colon, "!", dash or emoji and before
the day ("Booking confirmed ✂️ Cut & blow-dry with Sinead, Sat 10 Apr, 11:15"), or as "your
X is confirmed" ("Your snorkel tour at Hanauma Bay is confirmed.").
"""

from __future__ import annotations

import re

from companion_bot.extraction.events import Event
from companion_bot.extraction.lexicon import (
    APPOINTMENT_LOANWORDS,
    APPOINTMENT_WORDS,
    CREDENTIAL_VENUE_WORDS,
    CREDENTIAL_VISITS,
    LIST_WEEKDAYS,
    NEVER_IN_EVENTS,
    SLOT_WEEKDAY_WORDS,
    TIME_LINKS,
    WEEKDAYS,
    alternation,
    wordset,
)
from companion_bot.extraction.open_events import Phrase
from companion_bot.extraction.specialties import is_specialty
from companion_bot.extraction.times import Group

# Words that say a message confirms or reminds of a booking (as folded, in many languages).
CONFIRMATION_WORDS = wordset(
    "booked booking confirmed confirmation reminder reserved reservation programme programmee "
    "programada programado "
    "confirmado confirmada confirmamos confirmo agendamento agendado agendada marcacao reserva "
    "lembrete recordatorio turno cita confirme confirmee rappel bestatigt terminbestatigung "
    "agendamentos agendamientos marcada marcado "
    "buchung reservierung erinnerung prenotazione confermata confermato promemoria bevestiging "
    "bevestigd afspraak herinnering reservering potwierdzenie potwierdzona przypominamy "
    "rezerwacja bokningsbekraftelse bokning bekraftelse paminnelse randevunuz"
)
MAX_LEAD_WORDS = 3  # "pt.", "godz." before the slot's clock time
MAX_SERVICE_WORDS = 7  # a what-line longer than this is a sentence, not a title
# What a day-and-time line may open with before its time: a weekday, short or long, and the
# word a day is said with ("le samedi 4 décembre", "am Dienstag", "on Fri").
_WEEKDAY_LEAD = (
    frozenset(WEEKDAYS) | frozenset(LIST_WEEKDAYS) | wordset("le el am on the op il dia")
)
_LEAD_WORD = re.compile(r"[^\W\d_]+")
# A header, not what is booked: "You're booked! 🎉", "Reserva confirmada ✔".
_HEADER_END = re.compile(r"[!?:]\W*$")
_NUMBERED_ASIDE = re.compile(r"\s*\([^()\n]*\d[^()\n]*\)")  # "(Level 1)", "(sira: 7)"
# Where the what-line stops: the place after a comma, a spaced dash or bar, or a word for
# "at" ("Klippning hos Salong Lina", "Massage @ Harbour Spa").
_CUT = re.compile(r",|\s[|\u00b7\u2013\u2014@-]\s|\s(?:at|hos|chez|bei|beim|presso|bij)\s")
_DASH = re.compile(r"\s[\u2013\u2014-]\s")
_DOCTOR_FIRST = re.compile(r"\s*(?:dr|dra|doctor|dott)\b")
# A line that gives where, not what: a street number after a comma ("Av. Santa Fe 3321").
_ADDRESS = re.compile(r",[^\n]*\d")
# What ends a confirmation's header before what it books: a colon, "!", a dash, an emoji.
_HEADER_MARK = re.compile(r"[:!\u2013\u2014]|[\u2600-\u27bf\U0001f300-\U0001faff]")
# Where the header's sentence opens: after a full stop or colon, or an opening quote.
_SENTENCE_OPEN = re.compile(r"[.:!?][^\S\n]|(?:^|[^\S\n])['\"]")
_NAME_TOKEN = re.compile(r"[^\W_][\w'&.-]*[^\W_.']|[^\W_]|[+&]")


def service_line(
    s: str, groups: list[Group], words: frozenset[str], pos: int, events: list[Event]
) -> Phrase | None:
    """What a confirmation books, for the time at ``pos``, as an event phrase: the what-line
    above a line that opens with the day or time; the words after a confirmation's colon
    (or "!", dash, emoji) and before the comma that the day or time follows ("Your booking
    at Toni&Guy is confirmed: Cut & Blow Dry, Sat 11 Dec, 2:30pm"), unless an event of
    ``events`` other than a mere appointment heads it; or what "your X (at Y) is confirmed"
    names before the time. Never a delivery."""
    nordic = "hos" in words and not words.isdisjoint(NORDIC_BOOKED_WORDS)
    if nordic and (booked := _time_hos(s, groups, pos)) is not None:
        return booked  # "Du har time hos Salong Nova torsdag 9. mars kl. 16.30"
    if words.isdisjoint(CONFIRMATION_WORDS):
        return None
    found = (
        _line_above(s, groups, pos)
        or _after_colon(s, groups, pos, _heading(events))
        or _before_dash(s, groups, pos)
        or _your_booking(s, groups, pos)
    )
    if found is None or not NEVER_IN_EVENTS.isdisjoint(found.name.split()):
        return None  # "Your Ocado delivery slot is confirmed: Sunday 18:00-19:00"
    return found


GENERIC_BOOKINGS = APPOINTMENT_WORDS | APPOINTMENT_LOANWORDS  # words that say only 'booked'


def _heading(events: list[Event]) -> list[int]:
    """Where the events that may head a confirmation's what begin: not a mere appointment
    ("Te confirmamos tu cita en Peluquería Nerea: corte y color, viernes ..."), which what
    it books names better."""
    return [e.start for e in events if GENERIC_BOOKINGS.isdisjoint(e.name.split())]


_WITH_BEFORE = re.compile(r"\b(?:with|w/|w)\s+$")


def only_company(s: str, phrase: Phrase, time_end: int) -> bool:
    """Whether ``phrase`` only names whom the time is with, after it ("..., 2:30pm with Jade"):
    what a confirmation books goes before it."""
    return phrase.start >= time_end and _WITH_BEFORE.search(s, time_end, phrase.start) is not None


def _line_above(s: str, groups: list[Group], pos: int) -> Phrase | None:
    """The what-line above the line holding ``pos``, if that line opens with its time."""
    line = s.rfind("\n", 0, pos) + 1
    if line == 0:
        return None
    if not _opens_with_time(s, groups, line, pos):
        return None  # the line opens with words of its own: "Late cancel fee ... 12 hrs"
    above = s.rfind("\n", 0, line - 1) + 1
    if _ADDRESS.search(s, above, line - 1) and above > 0:
        line, above = above, s.rfind("\n", 0, above - 1) + 1  # "Sede Palermo, Av. Santa Fe 3321"
    text = s[above : line - 1]
    if any(above <= g.start < line for g in groups) or _HEADER_END.search(text):
        return None
    if not CONFIRMATION_WORDS.isdisjoint(_LEAD_WORD.findall(text)):
        # "Reserva confirmada", "Przypominamy o wizycie": the header; what it books may follow
        # its mark ("Zocdoc: You're booked! Dr. Emily Carter, DDS – Teeth cleaning")
        mark = _last(_HEADER_MARK, s, above, line - 1)
        if mark is None or not CONFIRMATION_WORDS.isdisjoint(
            _LEAD_WORD.findall(s, mark.end(), line - 1)
        ):
            return None
        above = mark.end()
        text = s[above : line - 1]
    a, b = _kept(text)
    tokens = _NAME_TOKEN.findall(_NUMBERED_ASIDE.sub(" ", text[a:b]))
    if not tokens or len(tokens) > MAX_SERVICE_WORDS or not tokens[0][0].isalpha():
        return None
    return Phrase(above + a, above + b, " ".join(tokens))


def _opens_with_time(s: str, groups: list[Group], line: int, pos: int) -> bool:
    """Whether the line from ``line`` holds only times, a short weekday or words that join
    them before ``pos`` ("seg., 19 de jun. · 10:00", "pt. 21.01, godz. 16:30"; not "Abfahrt
    07:24, Ankunft 13:31", whose second time is the arrival)."""
    words: list[str] = []
    at = line
    for g in sorted((g for g in groups if line <= g.start < pos), key=lambda g: g.start):
        words += _LEAD_WORD.findall(s, at, g.start)
        at = max(at, g.end)
    words += _LEAD_WORD.findall(s, at, pos)
    return len(words) <= MAX_LEAD_WORDS and all(
        w in _WEEKDAY_LEAD or w in TIME_LINKS for w in words
    )


def _after_colon(s: str, groups: list[Group], pos: int, events: list[int]) -> Phrase | None:
    """The words between a confirmation's colon (or "!", dash or emoji) and the comma before
    the time at ``pos`` ("Te confirmamos tu cita en Peluquería Nerea: corte y color, viernes
    9 de abril ...", "Booking confirmed ✂️ Cut & blow-dry with Sinead, Sat 10 Apr, 11:15")."""
    line = s.rfind("\n", 0, pos) + 1
    comma = s.rfind(",", line, pos)
    if comma < 0 or any(comma < g.start < pos for g in groups):
        return None  # the time at ``pos`` is not the first after the comma
    if any(w not in _WEEKDAY_LEAD for w in _LEAD_WORD.findall(s, comma, pos)):
        return None
    mark = _last(_HEADER_MARK, s, line, comma)
    if mark is None:
        return None
    opened = _last(_SENTENCE_OPEN, s, line, mark.start())
    header = line if opened is None else opened.end()
    said = _LEAD_WORD.findall(s, header, mark.start())
    if CONFIRMATION_WORDS.isdisjoint(said) or any(mark.end() <= g.start < comma for g in groups):
        return None  # no confirmation before the colon: "Notes: bring ID, fri 10:00"
    if any(header <= e < mark.start() for e in events):
        return None  # "Parents' Evening booking confirmed: Mr Okafor ...": the event heads it
    tokens = list(_NAME_TOKEN.finditer(s, mark.end(), comma))
    if not tokens or len(tokens) > MAX_SERVICE_WORDS or not tokens[0].group(0)[0].isalpha():
        return None
    return Phrase(tokens[0].start(), tokens[-1].end(), " ".join(m.group(0) for m in tokens))


# A list item's number or bullet that opens a line: "1) ", "2. ", "• ", "- ".
_ITEM_MARK = re.compile(r"[^\S\n]*(?:\d{1,2}[.)]|[\u2022\u00b7*-])[^\S\n]+")
_SPACED_DASH = re.compile(r"[^\S\n]-[^\S\n]")


def _before_dash(s: str, groups: list[Group], pos: int) -> Phrase | None:
    """What a confirmation's line names before the spaced dash that its day or time follows:
    a list item ("1) Manicure - 12/06 às 10h") or the last part of a dashed header ("Turno
    confirmado ✅ Laboratorio Hidalgo - Extracción de sangre - Lunes 22/03 07:45 hs")."""
    line = s.rfind("\n", 0, pos) + 1
    dashes = list(_SPACED_DASH.finditer(s, line, pos))
    if not dashes or any(dashes[-1].end() <= g.start < pos for g in groups):
        return None  # the time at ``pos`` is not the first after the dash
    if any(w not in _WEEKDAY_LEAD for w in _LEAD_WORD.findall(s, dashes[-1].end(), pos)):
        return None
    if any(line <= g.start < dashes[-1].start() for g in groups):
        return None  # "9:00 - 10:00 - Yoga": a time before it
    if len(dashes) > 1:
        start = dashes[-2].end()
    else:
        item = _ITEM_MARK.match(s, line)
        if item is None:
            return None  # "Dentist - Thu 10:00" with no list mark: its own event words read it
        start = item.end()
    tokens = list(_NAME_TOKEN.finditer(s, start, dashes[-1].start()))
    if not tokens or len(tokens) > MAX_SERVICE_WORDS or not tokens[0].group(0)[0].isalpha():
        return None
    return Phrase(tokens[0].start(), tokens[-1].end(), " ".join(m.group(0) for m in tokens))


def _last(pattern: re.Pattern[str], s: str, a: int, b: int) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``s[a:b]``."""
    matches = list(pattern.finditer(s, a, b))
    return matches[-1] if matches else None


# A sentence saying what of the user's is confirmed: "Your snorkel tour at Hanauma Bay is
# confirmed.", "Your reservation at Burnt Ends is confirmed for Fri, 10 Dec".
# Also in other languages (as folded): "votre réservation chez Le Petit Zinc est confirmée",
# "a sua marcação no Salão Rosa está confirmada", "Ihre Buchung bei X ist bestätigt".
_YOUR_BOOKING = re.compile(
    r"\b(?:your|votre|tu|su|sua|ihre|uw)\s+([a-z][\w&'-]*(?:[^\S\n]+[a-z][\w&'-]*){0,2}?"
    r"(?:[^\S\n]+(?:at|@|chez|en|no|na|bei|im|presso|bij)[^\S\n]+[\w&'.-]+"
    r"(?:[^\S\n]+[\w&'.-]+){0,3}?)?)"
    r"[^\S\n]+(?:is|has been|have been|are|est|esta|e|ist|wurde|werd)[^\S\n]+"
    r"(?:confirmed|booked|scheduled|confirmee|confirme|confirmada|confirmado|confermata|"
    r"confermato|bestatigt|bevestigd|prevu|prevue|programme|programmee|programada|programado|"
    r"agendada|agendado|marcada|marcado|prevista|previsto|geplant|gepland)\b"
)
YOUR_BOOKING_CHARS = 160  # from the sentence that confirms it to its time


def booked_before_step(
    s: str, groups: list[Group], words: frozenset[str], pos: int
) -> Phrase | None:
    """What "your ... is confirmed" names before a step of getting there at ``pos`` ("Your
    service booking at Ultra Tune is confirmed: Wed 17 Nov, drop-off 7:30am"), with no
    other clock time between (its day may stand there)."""
    if words.isdisjoint(CONFIRMATION_WORDS):
        return None
    return _your_booking(s, groups, pos, days_between=True)


def _your_booking(
    s: str, groups: list[Group], pos: int, *, days_between: bool = False
) -> Phrase | None:
    """What "your ... is confirmed" names, before the time at ``pos`` with no other time
    (``days_between``: no other clock time) between ("Your snorkel tour at Hanauma Bay is
    confirmed.\nTour time: 7:30 AM")."""
    found = _last(_YOUR_BOOKING, s, max(0, pos - YOUR_BOOKING_CHARS), pos)
    if found is None or any(
        found.end() <= g.start < pos and (g.time is not None or not days_between) for g in groups
    ):
        return None
    tokens = _NAME_TOKEN.findall(found.group(1))
    if not tokens or not tokens[0][0].isalpha():
        return None
    return Phrase(found.start(1), found.end(1), " ".join(tokens))


# Words a Nordic booking says it with: "Du har time hos Salong Nova", "din tid hos
# Tandläkarna City", "aftale hos Frisør Anna".
NORDIC_BOOKED_WORDS = wordset("time timen tid tiden aftale aftalen")
_TIME_HOS = re.compile(
    r"\b(?:time|timen|tid|tiden|aftale|aftalen)[^\S\n]+hos[^\S\n]+"
    r"([^\W\d_][\w&'.-]*(?:[^\S\n]+[^\W\d_][\w&'.-]*){0,3})"
)
MAX_HOS_CHARS = 80  # from "time hos" to its time


def _time_hos(s: str, groups: list[Group], pos: int) -> Phrase | None:
    """Where a Nordic booking is, before its time at ``pos`` with no other time between ("Du
    har time hos Salong Nova torsdag 9. mars kl. 16.30" -> "Salong Nova")."""
    found = _last(_TIME_HOS, s, max(0, pos - MAX_HOS_CHARS), pos)
    if found is None or any(found.end() <= g.start < pos and g.time is not None for g in groups):
        return None
    tokens: list[re.Match[str]] = []
    for m in _NAME_TOKEN.finditer(s, found.start(1), found.end(1)):
        if (
            m.group(0) in SLOT_WEEKDAY_WORDS
            or m.group(0) in _HOS_STOPS
            or any(g.start <= m.start() < g.end for g in groups)
        ):
            break
        tokens.append(m)
    if not tokens:
        return None
    return Phrase(tokens[0].start(), tokens[-1].end(), " ".join(m.group(0) for m in tokens))


_HOS_STOPS = wordset("den på pa i om kl klokken kl. for til")


def _kept(text: str) -> tuple[int, int]:
    """The span of the what-line that names the booking: up to its first cut, or the part
    after it that is a specialty ("Dra. Paula Giménez – Oftalmología")."""
    cut = _CUT.search(text)
    if cut is None:
        return len(text) - len(text.lstrip()), len(text.rstrip())
    after = _LEAD_WORD.match(text, cut.end())
    if after is not None and is_specialty(after.group(0)) and cut.group(0).strip() != ",":
        return after.start(), after.end()
    dash = _DASH.search(text, cut.start())
    if _DOCTOR_FIRST.match(text) and dash is not None and text[dash.end() :].strip():
        return dash.end(), len(text.rstrip())  # "Dr. Emily Carter, DDS - Teeth cleaning"
    return len(text) - len(text.lstrip()), len(text[: cut.start()].rstrip())


# Who sent a pasted notice, or where it is, for a booking named only by the kind of word a
# booking is: "Laboratorio Chopo: tu cita quedó agendada ...", "ITV SEVILLA - CITA
# CONFIRMADA", "... Venue: Kampala Visa Application Centre".
_SENDER = re.compile(r"[^\S\n]*([^\W\d_][\w.&' ]{1,38}?)[^\S\n]*(?::|[-\u2013\u2014][^\S\n])")
# The rest of a header line after its confirmation word and dash: who sent it.
_HEADER_REST = re.compile(r"[^\S\n]*([^\W\d_][\w.&' ]{1,38}?)[^\S\n]*$", re.MULTILINE)
_VENUE = re.compile(
    r"\b(?:venue|location|place|lugar|lieu|ort|local|locatie)[^\S\n]*:[^\S\n]*([^\n,.]{3,48})"
)
MAX_SENDER_WORDS = 5
# The place a booking word says it is at: "Ihr Termin im Bürgeramt Friedrichshain:",
# "su cita en Clínica Santa Fe," (the name is checked for capitals as written).
_BOOKED_AT = re.compile(
    rf"\b(?:{alternation(sorted(GENERIC_BOOKINGS))})[^\S\n]+"
    r"(?:im|in|at|bei|beim|en|au|no|na|nel|nella|bij)[^\S\n]+([^\W\d_][^\n,.:;!?()]{2,47})"
)
_NAME_LINKS = frozenset(["de", "del", "da", "do", "di", "of", "&", "and", "y", "e", "la", "le"])
_GENERIC_NAMES = frozenset(
    ["appointment", "appointments", *(f"{w} appointment" for w in APPOINTMENT_LOANWORDS)]
)


def generic_name(name: str) -> bool:
    """Whether a title says only that something is booked ("appointment", "cita appointment")."""
    return name.lower() in _GENERIC_NAMES


def sender_or_venue(text: str, s: str, labels: frozenset[str]) -> str | None:
    """The notice's sender (its opening label) or else its venue, as written, if it reads as
    a name (``labels``: words that open a line as a label, "Reminder:", "Monday:")."""
    found = _SENDER.match(s)
    if found is not None and not CONFIRMATION_WORDS.isdisjoint(found.group(1).split()):
        found = _HEADER_REST.match(s, found.end())  # "Terminbestätigung – Praxis Dr. Kessler"
    return (
        _label(text, found, labels)
        or _label(text, _VENUE.search(s), labels)
        or _label(text, _BOOKED_AT.search(s), labels)
    )


def _label(text: str, found: re.Match[str] | None, labels: frozenset[str]) -> str | None:
    """The name a label gives, as written: capitalised words, not a label word ("Reminder:")
    nor an address ("25 St. Clair Ave")."""
    if found is None:
        return None
    label = text[found.start(1) : found.end(1)].strip()
    words = label.split()
    if not words or len(words) > MAX_SENDER_WORDS or words[0].lower() in labels:
        return None
    if not all(w[0].isupper() or w.lower() in _NAME_LINKS for w in words):
        return None  # "Plis putim long calendar:", "Text from Vets on Richmond -"
    return label


_CREDENTIAL = re.compile(
    rf"[^\W\d_],[^\S\n]*({alternation(sorted(CREDENTIAL_VISITS))})\b(?![.'-]?\w)"
)


def credential_visit(s: str, words: frozenset[str]) -> str | None:
    """The visit a provider's credential after their name names ("Priya Raman, DDS ·
    Mon 2/7" -> "dentist appointment"), if the message gives one."""
    if words.isdisjoint(CREDENTIAL_VISITS):
        return None
    found = _CREDENTIAL.search(s)
    return None if found is None else CREDENTIAL_VISITS[found.group(1)]


def only_where_or_whom(name: str) -> bool:
    """Whether a booking's name says only its credential, that it is booked, or the venue of
    a credential's kind ("DDS", "appointment", "Lakeview Family Dental appointment")."""
    folded = name.lower()
    if folded in CREDENTIAL_VISITS or generic_name(folded):
        return True
    head, _, last = folded.rpartition(" ")
    return last == "appointment" and not CREDENTIAL_VENUE_WORDS.isdisjoint(head.split()[1:])
