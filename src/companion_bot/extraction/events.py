"""Event phrases: the words that name something a person attends, and their titles.

``events(s)`` finds event heads (meeting, dentist, webinar, ...) in normalised text, with a
short calendar-style name: up to two words before the head and "with X" / "to X" after it.
The vocabulary lives in ``lexicon.py``; this module holds the grammar that reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from companion_bot.extraction.atoms import has_native_script
from companion_bot.extraction.lexicon import (
    ADDRESSEE_TITLES,
    APPOINTMENT_LOANWORDS,
    APPOINTMENT_WORDS,
    CALL_SUBJECTS,
    CALL_WORDS,
    CATCH_UP_WORDS,
    CELEBRATIONS,
    CHANGE_VERB_WORDS,
    CLINIC_PRACTICE_WORDS,
    DATE_MODIFIERS,
    DAY_PART_MODIFIERS,
    DETERMINERS,
    EVENT_GATE_ATTEND_WORDS,
    EVENT_GATE_CHANGE_WORDS,
    EVENT_GATE_DAY_WORDS,
    EVENT_HEADS,
    FOREIGN_FUNCTION_WORDS,
    FUNCTION_WORDS,
    HALF_BEFORE_TITLE_WORDS,
    HEAD_AS_DEGREE,
    HEADS_NEEDING_MODIFIER,
    HINDI_FOR,
    HOMES,
    MEAL_DETERMINERS,
    MEAL_MODIFIERS,
    MEALS,
    MONTHS,
    MY_WORDS,
    NAME_FIXES,
    NAME_JOINERS,
    NOT_ATTENDED_NOUNS,
    NOT_DATE_MODIFIERS,
    NOT_MODIFIERS,
    OTHERS_MARKERS,
    OUTING_SUBJECTS,
    OUTINGS,
    OWN_MARKERS,
    PARENT_FACING,
    PAYMENT_WORDS,
    PERSONAL_EVENTS,
    PROVIDER_SLOT_WORDS,
    PROVIDERS,
    RELATIVES,
    SESSION_COUNTERS,
    SESSION_OF_WORDS,
    SESSION_WORDS,
    SPECTATOR_EVENTS,
    SUFFIX_SKIP_WORDS,
    SUFFIX_STOP_WORDS,
    SWAHILI_SPECIALTIES,
    TASK_VERBS,
    TIME_OWNERS,
    TITLE_ABBREVIATIONS,
    TITLE_STOP_WORDS,
    TRAVEL_HEADS,
    VERB_FORMS,
    WEAK_EVENT_WORDS,
    WEEKDAYS,
    alternation,
    wordset,
)
from companion_bot.extraction.tokens import finditer_at, index_of, scan

# Characters read before a head for its modifiers, owner and title words.
LOOK_BEHIND_CHARS = 30
# Characters read after a head for "with X", "X night", "meeting <person>" and a time.
LOOK_AHEAD_CHARS = 40
# A known event word ("meeting", "dentist"), and heads run together ("dentist appt").
KNOWN_STRENGTH = 0.9
# A weak event word in context ("lunch with mom"), and a noun after a verb of attending.
WEAK_STRENGTH = 0.7
# A clock time standing for an event ("my 3pm got cancelled").
TIME_AS_EVENT_STRENGTH = 0.6
# Words before a head that may join its title ("project sync meeting").
TITLE_WORDS_BEFORE = 2
# Words of a "with X" / "to X" suffix kept in a title ("call with sarah and tom").
SUFFIX_WORDS = 3
# Words before a personal event searched for its owner ("his flight", "mum's surgery").
OWNER_WORDS_BEFORE = 3
# NAME_FIXES spellings longer than this are heads themselves ("metting"); shorter ones
# ("appt", "mtg") are heads only where the lexicon lists them.
SHORT_FIX_CHARS = 4
# Words at least this long may modify a weak event word ("site visit", not "go visit").
MIN_MODIFIER_CHARS = 3

HEADS = EVENT_HEADS | set(PROVIDERS) | {k for k in NAME_FIXES if len(k) > SHORT_FIX_CHARS}
_HEAD_ALT = alternation(HEADS)
_HEAD_FIRST = "".join(sorted({re.escape(h[0]) for h in HEADS}))
_P_HEAD = re.compile(rf"(?=[{_HEAD_FIRST}])(?<![\w-])(?:{_HEAD_ALT})(?:s|es)?(?![\w-])")
# The word a head match begins as: the head, its plural, or its first part ("x" of "x-ray");
# "1:1" and "1-on-1" begin with a number.
_HEAD_WORDS = frozenset(
    form
    for head in HEADS
    for first in [re.match(r"[a-z]*", head).group()]  # type: ignore[union-attr]
    for form in ((head, head + "s", head + "es") if first == head else (first,))
    if form
)
# Cheap gate on the raw text: no event word (any case) -> no meeting, before any real work.
_GATE_WORD = re.compile(r"[a-z]+")
_GATE_WORDS = (
    frozenset(
        form
        for head in HEADS
        for part in [re.split(r"[^a-z]", head)[0]]
        if len(part) > 1  # a one-letter first part ("1:1", "x-ray") is no gate word
        for form in (part, part + "s", part + "es")
    )
    | EVENT_GATE_CHANGE_WORDS
)
_DIGIT = re.compile(r"\d")
_ONE_ON_ONE = re.compile(r"1\s*(?::|-?\s*on\s*-?)\s*1|one-on-one")
# Words at least this long that are a typing slip away from a known event word of that
# length or more are read as its misspelling ("meetign", "meting", "meeeting"), to be asked.
MIN_RESPELL_CHARS = 6
# Each known event word with one letter after its first left out -> the word.
_ONE_LETTER_OUT: dict[str, str] = {
    h[:i] + h[i + 1 :]: h
    for h in sorted(HEADS, reverse=True)
    if h.isalpha() and len(h) >= MIN_RESPELL_CHARS
    for i in range(1, len(h))
}


def may_mention_event(text: str, words: frozenset[str] | None = None) -> bool:
    """Cheap gate: whether the text may name an event at all (no event word: no meeting).

    ``words``: the text's [a-z] words when the caller has them already.
    """
    low = text.lower()
    if words is None:
        words = frozenset(_GATE_WORD.findall(low))
    if not _GATE_WORDS.isdisjoint(words):
        return True
    # Verbs of attending open the gate only beside a digit or a day word ("a pitch at 3").
    if not EVENT_GATE_ATTEND_WORDS.isdisjoint(words) and (
        _DIGIT.search(low) is not None or not EVENT_GATE_DAY_WORDS.isdisjoint(words)
    ):
        return True
    return "1" in low and _ONE_ON_ONE.search(low) is not None


# --- Grammar around a head ----------------------------------------------------------------

# Words before "call" that make it a noun: "a call", "video call", "my 3pm call".
_CALL_BEFORE = re.compile(
    r"(?:\b(?:a|the|my|our|this|that|video|phone|conference|zoom|team|sales|client|work|quick|"
    r"group|weekly|daily|intro|discovery|status|planning|\d+(?:am|pm)?|\d+:\d\d)\s+$)"
    r"|\b(?:a|the|my|our|this|that)\s+[a-z-]+\s+$"
)
_OUTING_TIME = re.compile(
    r"\s+(?:after\s+)?(?:at|@)\s*\d|\s+after\s+(?:work|school|class|uni|practice|training)\b"
)  # "drinks after at 5:30", "drinks after work thursday"
_CALL_TIME_AFTER = re.compile(
    r"\s*(?:on|at|@|tomorrow|tmrw|today|tonight|this|next|mon|tue|wed|thu|fri|sat|sun|\d"
    r"|in\s+(?:\d|an?\s+(?:hour|few|couple)|half\s+an))"  # "call in an hour and a half"
)
_CALL_VERB_AFTER = re.compile(r"\s*(?:me|you|u|him|her|them|us|it|back|mum|mom|dad|out)\b")
_WITH_NEAR = re.compile(r"^[^.!?;,]{0,20}?\b(?:with|w/|w)\s")
_WITH_AFTER = re.compile(r"^\s*(?:with|w/|w)\s")
_SUFFIX = re.compile(
    r"^\s*(with\b|w/|w\b|con\b|avec\b|mit\b|z\b|ma3\b|ni\b|to\b|home\b|for\b|at\b|com\b|med\b|"
    r"sa\b)\s*((?:[\w'&.-]+\s*){0,4})"
)
# What the text after a head starts with (past its spaces) for ``_SUFFIX`` to match: a cheap
# test first.
# Polish "z", Arabizi "ma3" (with), Tagalog "ni" (of a person: "binyag ni baby Enzo")
# Portuguese "com", Nordic "med" (with), Tagalog and Cebuano "sa" (at, to: only after an
# appointment word, "appointment sa dentista")
_SUFFIX_FIRST = (
    "w", "con", "avec", "mit", "z ", "ma3", "ni ", "to", "home", "for", "at", "com ", "med ", "sa ",
)  # fmt: skip
# A provider's booked slot said with the time word after it: Estonian "hambaarsti aeg",
# Finnish "lääkärin aika" (the dentist's, the doctor's time) -> "hambaarsti aeg".
_SLOT_AFTER = re.compile(rf"[^\S\n]+({alternation(sorted(PROVIDER_SLOT_WORDS))})\b")
# The provider after an appointment loanword: "beim zahnarzt", "con el pediatra", "chez le
# coiffeur", "no oftalmologista", "bij de huisarts", "dal dentista", "u weterynarza",
# Swahili "miadi na daktari", "kikao cha wazazi", Arabizi "maw3ed 3and doktor", Tok Pisin
# "miting long haus lotu", Haitian "randevou ak doktè", Greek "rantevou me ton logisti".
_PROVIDER_AFTER = re.compile(
    r"\s+((?:beim|bei(?:\s+(?:der|dem))?|chez(?:\s+(?:le|la|l'))?|con(?:\s+(?:el|la|il|lo))?|"
    r"com(?:\s+(?:o|a))?|no|na|cha|3and(?:\s+el)?|3end(?:\s+el)?|do|da|dal|dalla|dallo|bij(?:\s+(?:de|het))?|al|del|u|"
    r"long|ak|me(?:\s+(?:ton|tin|to))?|la|"  # Tok Pisin, Haitian, Greek, Romanian
    r"by(?:\s+die)?|hos|s|se|sa|cu|"  # Afrikaans, Nordic "at", Czech, Slovak, Serbian,
    # Romanian "with"
    r"amb(?:\s+(?:el|la|en|na))?)\s+"  # Catalan "with"
    # a title before a name: "con il Dott. Ferri", "con la Dra. Sosa"
    r"(?:(?:dott|dottssa|dr|dra|prof|sig|sra|sr|mme|m)\.\s*)?"
    r"[^\W\d_][\w'-]*"
    # a Swahili doctor's kind: "daktari wa meno" (a dentist), "daktari wa macho"
    rf"(?:\s+wa\s+(?:{alternation(sorted(SWAHILI_SPECIALTIES))})\b)?)"
)
# What an appointment loanword is for, or where: "cita para mechas y corte", "cita en
# peluqueria alba", "l'appuntamento per la revisione auto", "wizyta na badanie krwi".
_PURPOSE_AFTER = re.compile(
    r"\s+(para|per|pour|fur|voor|na|en|presso|in|zur|zum|de|di)\s+"
    r"(?:(?:la|el|le|il|lo|l'|de|het|die|der|das)\s*)?"
    r"(?=[^\W\d_])"
)
# A kind in brackets right after a name: "(tüv)", "(blodprov)".
_KIND_IN_BRACKETS = re.compile(r"[^\S\n]*\(([^\W\d_][\w'-]*(?:[^\S\n]+[^\W\d_][\w'-]*)?)\)")
_COMPLEMENT_WORD = re.compile(r"\s*([^\W\d_][\w'-]*)")
COMPLEMENT_WORDS = 4
_COMPLEMENT_JOINERS = frozenset(["y", "e", "et", "und", "en", "i", "and"])
# Working for or at a provider: "on call for the hospital", "my shift at the clinic", "i
# work at the vet's".
_IN_A_DOCUMENT = re.compile(
    r"\b(?:in|into|on|to|see|check|shared|google|the shared)\s+(?:the\s+)?$"
)
_WORKS_THERE = re.compile(
    r"\b(?:on[ -]call|on shift|shift|shifts|work|works|working|worked|job|locum|cover|covering)"
    r"\s+(?:at|for|in)\s+(?:the\s+|a\s+|our\s+|my\s+)?$"
)
# On a shift a few words before the place: "i'm on earlies all week, 6 till 2 at the
# hospital", "working 7 till 3 at the clinic": where the user works, no visit.
_ON_SHIFT_AT = re.compile(
    r"\b(?:on\s+(?:the\s+)?(?:earlies|lates|nights|early|late|night shift|day shift|shift|shifts|"
    r"duty|call)|working|doing\s+(?:a\s+|the\s+)?(?:shift|double|nights|earlies|lates))\b"
    r"(?:(?!\bthen\b)[^.!?\n;]){0,40}\b(?:at|in)\s+(?:the\s+|a\s+|our\s+|my\s+)?$"
)
SHIFT_BEFORE_CHARS = 70  # "on earlies all week, 6 till 2 at the "
# A provider who speaks: "doctor says", "the dentist told me", "vet recommends".
_SPEAKS = re.compile(
    r"\s+(?:says|said|told|tells|wants|thinks|reckons|recommends|recommended|advised|"
    r"advises|suggested|suggests|prescribed|prescribes)\b"
)
_DATE_NOUN_AFTER = re.compile(r"\s*(?:of|format|range|\d)")
# A place after a meal: "at", and Tagalog, Dutch, German and French "at" ("brunch au café").
_PLACE_AFTER = re.compile(r"\s+(?:at|@|sa|bij|bei|chez|au)\s+(?:the\s+)?[a-z]")
_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_PITCHED = re.compile(r"\s+(?:to|for)\s+(?!be\b)[a-z]")  # "pitch to investors"
_NOT_ATTENDED = re.compile(
    r"\b(?:recording|replay|rerun|recap|highlights|video|slides|notes|minutes|summary|notice|"
    r"proof|certificate|licence|license)\s+"
    r"(?:of|from)\s+(?:\S+\s+){0,3}$"
)
_WATCHING = re.compile(
    r"\b(?:watch\w*|stream\w*|rewatch\w*|record|recording|tape)\s+(?:\S+\s+){0,3}$"
)
_NUMBERED = re.compile(r"\s+\d+\b(?![:.]\d)")
# "the match is on at 8", "game's on @ 7": on air (not "is on for", "is on with").
_ON_AIR = re.compile(r"\s*(?:is|'s)\s+on\s+(?:(?:at|tonight|tn)\b|@)")
_AIRED = frozenset(["match", "game", "race", "fight", "final", "show"])
_MEDIUM_BEFORE = re.compile(r"\b(?:by|via|over)\s+(?:a\s+)?(?:video|phone|zoom|teams)?\s*$")
_PLACE_NOUN_AFTER = re.compile(
    r"\s+(?:room|rooms|hall|halls|theatre|theater|centre|center|building|suite|venue|block|"
    r"point|spot)\b"  # "same meeting point"
)
# Things of an event, not the event: "exam results drop at 9", "meeting notes due at 5".
_THING_NOUN_AFTER = re.compile(
    r"\s+(?:results|result|notes|minutes|timetable|agenda|slides|deck|recording|transcript|"
    r"summary|grades|marks|fees|invite|invites|link|questions|replay|recap|highlights|rerun|"
    r"money|form|forms|slip|slips)\b"  # "dinner money needs paying by friday 5pm"
)
_SUPPLIED = re.compile(
    r"\s+(?:(?:is|will be)\s+)?(?:provided|included|served|supplied|available|on us|catered)\b"
)
_NIGHT_AFTER = re.compile(r"\s+(night|evening)\b")
# The characters a title word is made of: a word with any other is no name word.
_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz'&-"
_DOUBLE_APPOINTMENT = re.compile(r"\b(\w+) appointment appointment\b")
# Where and what for, after "we're meeting": the purpose names the plan.
MEETING_POINT_CHARS = 60
_MEETING_POINT_FOR = re.compile(
    r"\s+(?:up\s+)?(?:at|@|by|outside)\b[^.!?;\n]*?\bfor\s+(?:the|a|an|our)\s"
)
_AT_AFTER = re.compile(r"\s+(?:at|@)\s")
_MEETING_SUBJECT = re.compile(r"\b(?:i'm|im|i am|we're|we are|am|are|i'll be|we'll be)\s+$")
_MEETING_VERB = re.compile(
    r"\s+(?:up\s+)?(?:with\s+)?(the\s+|my\s+|our\s+|a\s+|an\s+)?([a-z][a-z'-]+)"
    # after an article, a role of two or three words: "the real estate agent", "my tax advisor"
    r"((?:\s+(?!(?:at|in|on|for|to|and|then|about|this|next|tomorrow|today|tonight|after|"
    r"before|around|from|so|but|or|is|was|will)\b)[a-z][a-z'-]+){1,2}"
    r"(?=\s+(?:at|@|in|on|for|tomorrow|today|tonight|this|next)\b|\s*[,.!?]|\s*$))?"
)
_SHOWS_SOMETHING = re.compile(r"\s+(?:the|a|an|that|this|how|what|off)\b")
# An event word with an object pronoun right after it is a verb ("quiz me", "call you").
_AS_VERB = re.compile(r"\s+(?:me|you|u|him|them|us)\b")
# "my 3pm got cancelled", "push my 10 o'clock to 11": a clock time used as the event's name.
_TIME_AS_EVENT_FIRST = wordset("my the our this your")
# A ride caught by its departure time: "getting the 07:42", "i'll take the 14:35".
_RIDE_BEFORE = re.compile(
    r"\b(?:take|taking|took|get|getting|got|catch|catching|caught|grab|grabbing|on|miss|missed)"
    r"\s+$"
)
RIDE_CHARS = 10  # "catching "
# A shift told by its start: "i clock in at 6:45 for the 7am", "clocking on for the 6pm".
_SHIFT_START_BEFORE = re.compile(r"\bclock(?:s|ing|ed)?\s+(?:in|on)\b[^.!?\n]{0,16}\bfor\s+$")
SHIFT_START_CHARS = 32
# Not "the 7:15 to lisbon" (a train): "to" only before a new time or a purpose; not "the 5:45
# was taken" (a slot that could not be had).
_TIME_AS_EVENT = re.compile(
    r"\b(?:my|the|our|this|your)\s+(\d{1,2}(?::\d\d)?\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*o'?clock)"
    r"(?:'s)?(?=\s+(?:got|has|"
    r"(?:is|was)(?!\s+(?:already\s+)?(?:taken|full|gone|unavailable|sold out)\b)|will|"
    r"to\s+(?:\d|(?:discuss|talk|review|go|catch|plan|sync|"
    r"chat|meet)\b)|with\b|moved|cancel|pushed|postponed|resched|"
    r"can)|"
    r"[.!?,](?!\d)|$)"
)
# "i have a pitch review at 3", "attending the town planning forum tomorrow": an unknown event
# noun phrase after a verb of attending.
_ATTEND_PHRASE = re.compile(
    r"\b(?:i\s+have|i've\s+got|i\s+got|got|have|attend|attending|going\s+to|off\s+to|heading\s+to|"
    r"i'm\s+at|booked|booked\s+in\s+for|signed\s+up\s+for|registered\s+for)\s+"
    r"(?:a|an|the|my|our|this)\s+((?:[a-z][a-z'-]+\s+){0,2}[a-z][a-z-]{2,})\b"
)
_ATTEND_GATE = re.compile(r"\b(?:have|got|attend|going|off|heading|i'm|booked|signed|registered)\b")

_POSSESSIVE = ("'s", "s'")
# Words no name ends in: articles, joiners and the other languages' function words.
_DANGLING = DETERMINERS | NAME_JOINERS | FOREIGN_FUNCTION_WORDS
_SPEAKER_WORDS = frozenset(["i", "i'm", "im", "i'll", "ill", "we", "we're", "we'll", "me", "us"])
_COPULAS = frozenset(["es", "est", "ist", "e", "sera", "fue", "era"])
_FOREIGN_FILLER = frozenset(
    ["uhr", "uur", "nen", "ein", "eine", "einen", "le", "la", "el", "un", "une"]
    + ["den", "die", "das", "der", "dem", "een", "het", "il", "lo", "una", "les", "los", "las"]
    + ["l", "d"]  # elided: "l'appuntamento", "d'anniversaire"
    # "I have" before the event in Serbo-Croatian, Slovene, Czech and Slovak ("imam
    # sastanak s mentorom"): no part of its title, though it opens an unknown event's name
    + ["imam", "imamo", "mam"]
)
_PROVIDER_TITLES = frozenset(PROVIDERS.values())
# Words that end what an appointment loanword is for: its date, time or the next clause.
_COMPLEMENT_STOPS = (
    FOREIGN_FUNCTION_WORDS
    | FUNCTION_WORDS
    | _FOREIGN_FILLER
    | DETERMINERS
    | frozenset(WEEKDAYS)
    | frozenset(MONTHS)
    | frozenset(["ore", "hora", "horas", "heure", "om", "godz", "um"])
) - _COMPLEMENT_JOINERS
_NAME_STOP_WORDS = TITLE_STOP_WORDS | SUFFIX_STOP_WORDS
# Words that end a title read backwards from its head ("the project sync meeting").
_NOT_TITLE_WORDS = (
    TITLE_STOP_WORDS
    | CHANGE_VERB_WORDS
    | _FOREIGN_FILLER
    | FUNCTION_WORDS
    | (FOREIGN_FUNCTION_WORDS - NAME_JOINERS)  # "tu cita", but "seduta di fisioterapia"
    | HALF_BEFORE_TITLE_WORDS
)


@dataclass(slots=True)
class Event:
    start: int
    end: int
    name: str
    strength: float
    synthetic: bool = False
    others: bool = False  # someone else's: "his flight", "sarah's interview"
    tail: int = 0  # where name words read past its time end ("lunch at noon with maria")
    bare: bool = False  # an open-vocabulary noun phrase with no verb of attending before it
    respelled: bool = False  # its name has a known event word put for a misspelt one


def respelled(word: str) -> str | None:
    """The known event word ``word`` is a typing slip of, if any: a letter left out
    ("meting"), one added ("meeeting") or two neighbours swapped ("meetign"), never the first
    letter. A letter changed is no slip here: it too often makes another word ("winner",
    "branch"); nor is a plural."""
    if len(word) < MIN_RESPELL_CHARS or word in HEADS or not word.isalpha():
        return None
    dropped = _ONE_LETTER_OUT.get(word)
    if dropped is not None and dropped != word + "s":
        return dropped
    for i in range(1, len(word)):
        shorter = word[:i] + word[i + 1 :]
        if shorter in HEADS and word != shorter + "s":
            return shorter  # a letter added
    for i in range(1, len(word) - 1):
        swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if swapped in HEADS:
            return swapped
    return None


def events(s: str) -> list[Event]:
    """Event phrases in normalised text, in order, each with a short calendar title."""
    found = _head_events(s)
    _add_times_as_events(s, found)
    for d in _departures(s):
        if not any(e.start <= d.start < e.end + _SUBJECT_CHARS for e in found):
            found.append(d)  # not "his flight departs at 6": that event is named already
    for v in _doctor_visits(s):
        if not any(e.start <= v.start <= e.end + _WITH_DOCTOR_CHARS for e in found):
            found.append(v)  # not "appointment with dr feld": named already
    if not found and _ATTEND_GATE.search(s):  # only where no known event word is
        found.extend(_attend_phrases(s))
    found.sort(key=_event_start)
    return found


def _event_start(e: Event) -> int:
    return e.start


# --- Known event words ----------------------------------------------------------------------


def _head_events(s: str) -> list[Event]:
    """Events named by known heads; a head right after an event joins it ("dentist appt")."""
    found: list[Event] = []
    index = index_of(s)
    if _HEAD_WORDS.isdisjoint(index.words()) and "1" not in s:
        return found  # no head word, and no "1:1"
    for m in scan(_P_HEAD, index, _HEAD_WORDS, digits=True):
        word = _head_word(m.group(0))
        start, end = m.start(), m.end()
        if found and start < found[-1].end:
            continue  # within the last event's name: "zahnarzt" in "termin beim zahnarzt"
        if found and _runs_on(s, found[-1], start):
            _join(found[-1], word, end, s)
        elif found and word in PROVIDERS and _is_place_of(s, found[-1], start):
            continue  # "appointment with dr. okafor at reddington hospital": where it is
        elif found and word in PROVIDERS and _met_with(s, found[-1], start):
            continue  # "meeting with the accountant": whom the meeting is with
        elif (event := _head_event(s, word, start, end)) is not None:
            found.append(event)
    return found


# Between an event and the provider that is its place, after the person it is with: " with
# dr. okafor at reddington " (whitespace within a line).
_PLACE_GAP = re.compile(
    r"[^\S\n]+(?:with|w/)[^\S\n]+(?:(?:dr|mr|mrs|ms|prof)\.?[^\S\n]+)?"
    r"[a-z'-]+(?:[^\S\n]+[a-z'-]+)?"  # the person
    r"[^\S\n]+(?:at|@)[^\S\n]+(?:the[^\S\n]+)?"
    r"(?:(?!(?:then|and|but|so|or|after|before)\b)[a-z'&-]+[^\S\n]+){0,2}$"  # the place's name
)


# Between an event and the provider it is with: "meeting w the accountant", or after the
# verb "meeting the notary".
_WITH_GAP = re.compile(r"[^\S\n]+(?:with|w/|w)[^\S\n]+(?:(?:the|my|our|a|an)[^\S\n]+)?")
_MET_GAP = re.compile(r"[^\S\n]+(?:the|my|our|a|an)[^\S\n]+")


def _met_with(s: str, prev: Event, start: int) -> bool:
    """Whether the provider head at ``start`` is whom ``prev`` is with: "meeting with the
    accountant", "i'm meeting the notary" (not "call the dentist": a task)."""
    if _WITH_GAP.fullmatch(s, prev.end, start) is not None:
        return True
    return (
        s.startswith("meeting", prev.start) and _MET_GAP.fullmatch(s, prev.end, start) is not None
    )


def _is_place_of(s: str, prev: Event, start: int) -> bool:
    """Whether the provider head at ``start`` is where ``prev`` happens ("appointment with dr.
    okafor at reddington hospital"), not an event of its own."""
    return _PLACE_GAP.fullmatch(s, prev.end, start) is not None


def _head_word(match: str) -> str:
    """The head a match spells, without its plural ending ("meetings" -> "meeting")."""
    if match in HEADS:
        return match
    return match[:-2] if match[:-2] in HEADS else match[:-1]


def _runs_on(s: str, prev: Event, start: int) -> bool:
    """Whether a head at ``start`` follows ``prev`` with nothing but space between."""
    return prev.end >= start - 1 and s[prev.end : start].strip() == ""


def _join(prev: Event, word: str, end: int, s: str) -> None:
    """Extends ``prev`` by the head after it: "team meeting", "dentist appt" -> "dentist
    appointment" (the provider's own "appointment" gives way), "tutor meeting" (the user's
    word, not "tutoring session meeting")."""
    name = prev.name
    if word in CATCH_UP_WORDS and name.rsplit(" ", 1)[-1] in OUTINGS:
        prev.end = end  # "coffee catch-up": the coffee
        return
    if name in _PROVIDER_TITLES and word in APPOINTMENT_WORDS:
        name = name.rsplit(" ", 1)[0]
    elif name in _PROVIDER_TITLES:
        name = s[prev.start : prev.end]
    prev.end = end
    name += " " + _clean(word)
    if "appointment appointment" in name:
        name = _DOUBLE_APPOINTMENT.sub(r"\1 appointment", name)
    prev.name = name
    prev.strength = max(prev.strength, KNOWN_STRENGTH)


def _head_event(s: str, word: str, start: int, end: int) -> Event | None:
    """The event the head ``word`` at ``start:end`` names, or None where it names none."""
    before = s[max(0, start - LOOK_BEHIND_CHARS) : start]
    after = s[end : end + LOOK_AHEAD_CHARS]
    words_before = _child_age_joined(before.split())
    prev_word = words_before[-1] if words_before else ""
    weak = word in WEAK_EVENT_WORDS
    if weak and not _weak_word_is_event(word, start, before, words_before, after):
        return None
    if word in MEALS and work_break(s, after):
        return None  # "break at 10:15, lunch at 12:30": a shift's breaks
    if word in _PUPIL_GROUPS and _FOR_WHOSE.search(before):
        return None  # "PTM for riya's class is ...": the children it is for, not a lesson
    if _lacks_modifier(word, prev_word, after) or _not_attended(word, before, after):
        return None
    if word == "turno" and (_ON_DUTY_BEFORE.search(before) or _SHIFT_PART_AFTER.match(after)):
        return None  # "turno de noche", "sono di turno": a work shift, not a booked slot
    if word == "show" and _SHOWS_SOMETHING.match(after):
        return None  # "logs at 03:01 show the same timeout": a verb
    if _AS_VERB.match(after) and word not in APPOINTMENT_LOANWORDS:
        return None  # "can u quiz me tonight", "i'll call you": a verb (not "wizyta u ...")
    if word in PROVIDERS and _SPEAKS.match(after):
        return None  # "doctor says antibiotics at 8am": the provider speaks, nobody visits
    if word in PROVIDERS and (
        _WORKS_THERE.search(before)
        or _ON_SHIFT_AT.search(s, max(0, start - SHIFT_BEFORE_CHARS), start)
    ):
        return None  # "i'm on call for the hospital 8am saturday": a workplace, no visit
    if word == "practice" and prev_word in CLINIC_PRACTICE_WORDS:
        return None  # "at Mt Lawley Family Practice": a clinic, the place of a visit
    if word == "doc" and _IN_A_DOCUMENT.search(before):
        return None  # "notes from this morning's 9:30 are in the doc": a document
    if _PLACE_NOUN_AFTER.match(after) or _THING_NOUN_AFTER.match(after):
        return None  # "the conference room", "exam results": a place or a thing, no event
    if word in CALL_WORDS and _MEDIUM_BEFORE.search(before):
        return None  # "your appointment ... at 11:00 by video call": how, not what
    if word in APPOINTMENT_LOANWORDS and _payment_after(after):
        return None  # "termin płatności faktury": a payment's due date, no appointment
    if word in APPOINTMENT_LOANWORDS and (complement := _loanword_complement(after)):
        # "den termin beim zahnarzt" -> "termin beim zahnarzt", "tu cita para mechas y corte"
        name, stop = f"{word} {complement[0]}", end + complement[1]
        if kind := _KIND_IN_BRACKETS.match(s, stop):  # "termin zur hauptuntersuchung (tüv)"
            name, stop = f"{name} {kind.group(1)}", kind.end()
        return Event(start, stop, name, KNOWN_STRENGTH)
    if word in PROVIDERS and (slot := _SLOT_AFTER.match(s, end)) is not None:
        return Event(start, slot.end(), f"{s[start:end]} {slot.group(1)}", KNOWN_STRENGTH)
    line_words = _child_age_joined(before[before.rfind("\n") + 1 :].split())  # its line's
    title = _title_before(word, line_words)
    if word in SESSION_WORDS and _counted_only(title) and (what := _session_of(after)):
        return Event(start, end, what, KNOWN_STRENGTH, others=others_event(word, words_before))
    night, end, after = _night_after(s, end, after)
    name = title + night + _suffix(word, after, yours=prev_word == "your")
    if word == "meeting" and name == "meeting":
        if _MEETING_SUBJECT.search(before) and _MEETING_POINT_FOR.match(
            s, end, end + MEETING_POINT_CHARS
        ):
            return None  # "we're meeting at the trailhead at 8:15 for the sunrise hike": a verb
        name = _meeting_person(start, before, after) or _meeting_place(before, after) or name
    strength = WEAK_STRENGTH if weak else KNOWN_STRENGTH
    return Event(start, end, name, strength, others=others_event(word, words_before))


# What a session is of or for, and a word of its name: "session of the evening pottery course".
_SESSION_OF = re.compile(r"\s+(?:of|for)\s+(?:(?:the|my|our|a|an|this|his|her|their)\s+)?")
_NAME_WORD = re.compile(r"[a-z][a-z'-]*")


def _counted_only(title: str) -> bool:
    """Whether a session's title only counts it ("session", "first session"), naming no kind."""
    return all(w in SESSION_COUNTERS for w in title.split()[:-1])


def _session_of(after: str) -> str | None:
    """The thing a session is of or for, which names it ("the first session of the evening
    pottery course" -> "evening pottery course"); a single word ("a session for the kids",
    "session for beginners") says for whom, not what."""
    of = _SESSION_OF.match(after)
    if of is None:
        return None
    words: list[str] = []
    following = after[of.end() :].split()[:SESSION_OF_WORDS]
    for i, w in enumerate(following):
        word = w.rstrip(".,;:!?)")
        modifier = word == w and word in DAY_PART_MODIFIERS and i + 1 < len(following)
        if (
            _NAME_WORD.fullmatch(word) is None
            or (word in SUFFIX_STOP_WORDS and not modifier)
            or word in _PRONOUNS
            or word in _LINK_WORDS
        ):
            break
        words.append(word)
        if word != w:
            break  # the sentence or clause ends with the name
    return " ".join(words) if len(words) > 1 else None


def _payment_after(after: str) -> bool:
    """Whether the word after an appointment loanword names a payment ("termin płatności",
    "Termin der Zahlung"): the loanword is then a due date."""
    words = after.split(maxsplit=3)[:3]
    return any(w.strip(".,:;()") in PAYMENT_WORDS for w in words)


def _loanword_complement(after: str) -> tuple[str, int] | None:
    """What an appointment loanword is with, for or at, and where that ends: "beim zahnarzt",
    "para mechas y corte", "en peluqueria alba", "per la revisione auto" (article dropped)."""
    provider = _PROVIDER_AFTER.match(after)
    if provider is not None:
        return provider.group(1), provider.end()
    found = _PURPOSE_AFTER.match(after)
    if found is None:
        return None
    words: list[tuple[str, int]] = []  # each word and where it ends
    end = found.end()
    for m in _COMPLEMENT_WORD.finditer(after, end):
        w = m.group(1)
        if (
            len(words) == COMPLEMENT_WORDS
            or w in _COMPLEMENT_STOPS
            or after[end : m.start(1)].strip()
        ):
            break
        end = m.end(1)
        words.append((w, end))
    while words and words[-1][0] in _COMPLEMENT_JOINERS:
        words.pop()
    if not words:
        return None
    return f"{found.group(1)} {' '.join(w for w, _ in words)}", words[-1][1]


def _clean(word: str) -> str:
    word = word.strip("'\".,:;!?()")
    return NAME_FIXES.get(word, word)


# --- Weak words: call, meals, date, visit, ... -------------------------------------------


def _weak_word_is_event(
    word: str, start: int, before: str, words_before: list[str], after: str
) -> bool:
    """Whether a weak event word is an event noun here ("lunch with mom", not "call me")."""
    prev_word = words_before[-1] if words_before else ""
    if word == "date":
        return _is_date_out(prev_word, start, after)
    if word in CALL_WORDS:
        if prev_word == "on" and word == "call" and _WITH_NEAR.match(after) is None:
            return False  # "i'm on call this weekend": on duty, not on a call
        return _CALL_VERB_AFTER.match(after) is None and (
            _weak_in_context(word, prev_word, after) or _call_noun(before, prev_word, after)
        )
    if _SUPPLIED.match(after):
        return False  # "morning tea provided", "lunch included": food, not an outing
    if word in OUTINGS:  # meals, drinks, coffee
        return (
            _weak_in_context(word, prev_word, after)
            or _meal_noun(before, words_before, prev_word, after)
            or _kept_on(words_before, after)
        )
    return _weak_in_context(word, prev_word, after)


# "for riya's class", "for his class": the pupils an event is for, not a class taught.
_PUPIL_GROUPS = wordset("class classes")
_FOR_WHOSE = re.compile(r"\bfor\s+(?:[a-z]+'s|his|her|their)\s+$")
# A shift's break named in the message: a meal beside it with no company or place is one
# too ("smoko's at 9:30 and lunch at 12", "lunch is 1-1:30 on my shift").
_BREAK_WORDS = wordset("break breaks smoko smokos")
_ON_SHIFT = re.compile(r"\bon (?:my |the )?shift\b")


def work_break(s: str, after: str) -> bool:
    """Whether a meal whose text follows as ``after`` is a break of the message's shift."""
    words = index_of(s).words()
    if words.isdisjoint(_BREAK_WORDS) and ("shift" not in words or not _ON_SHIFT.search(s)):
        return False
    return _WITH_NEAR.match(after) is None and _PLACE_AFTER.match(after) is None


def _weak_in_context(word: str, prev_word: str, after: str) -> bool:
    """ "lunch with mom", "team lunch", "site visit", "dinner at the hendersons'"."""
    return (
        ("w" in after and _WITH_NEAR.match(after) is not None)  # "with", "w/", "w"
        or prev_word in MEAL_MODIFIERS
        or _modified(prev_word, word)
        or _meal_out(word, after, prev_word)
    )


def _modified(prev_word: str, word: str = "") -> bool:
    """ "site visit", "farewell drinks", "leaving drinks": a plain noun (or, before an outing,
    an -ing word) right before the event word."""
    if word in OUTINGS and prev_word.endswith("ing") and prev_word not in CALL_SUBJECTS:
        return prev_word not in TASK_VERBS and len(prev_word) > MIN_MODIFIER_CHARS
    return (
        prev_word.isalpha()
        and len(prev_word) >= MIN_MODIFIER_CHARS
        and prev_word not in NOT_MODIFIERS
        and prev_word not in TITLE_STOP_WORDS
        and prev_word not in CALL_SUBJECTS
        and not prev_word.endswith(("ed", "ly"))
        and prev_word not in VERB_FORMS
        and prev_word not in TASK_VERBS
    )


def _meal_out(word: str, after: str, prev_word: str) -> bool:
    """ "dinner at the hendersons' sat", "drinks after at 5:30": a meal somewhere, at a time."""
    return (
        word in OUTINGS
        and prev_word != "for"  # "meeting jo for drinks": jo's meeting
        and prev_word not in OUTING_SUBJECTS
        and (_PLACE_AFTER.match(after) is not None or _OUTING_TIME.match(after) is not None)
    )


def _kept_on(words_before: list[str], after: str) -> bool:
    """ "are we still on for dinner at 12:30": an outing said to be on, at a time or a place
    (not "meeting jo for drinks", whom the user meets for it)."""
    return words_before[-2:] == ["on", "for"] and (
        _PLACE_AFTER.match(after) is not None or _OUTING_TIME.match(after) is not None
    )


def _call_noun(before: str, prev_word: str, after: str) -> bool:
    """ "a call", "the supplier call", "call on 12/04 at 11" (not "i'll call at 5")."""
    return _CALL_BEFORE.search(before) is not None or (
        _CALL_TIME_AFTER.match(after) is not None and prev_word not in CALL_SUBJECTS
    )


def _meal_noun(before: str, words_before: list[str], prev_word: str, after: str) -> bool:
    """ "my colleague's farewell lunch", "the xmas dinner"; "dinner 7-9 tomorrow", "drinks
    sun 9pm" opening the text or a line."""
    two_back = words_before[-2] if len(words_before) > 1 else ""
    if prev_word not in TITLE_STOP_WORDS and (
        two_back in MEAL_DETERMINERS or two_back.endswith(_POSSESSIVE)
    ):
        return True
    opens = not before.strip(" ") or before.endswith("\n")
    return opens and _CALL_TIME_AFTER.match(after) is not None


def _is_date_out(prev_word: str, start: int, after: str) -> bool:
    """ "a date", "blind date", "date with ben", "date tmrw"; not "due date", "date of"."""
    if prev_word in NOT_DATE_MODIFIERS:
        return False
    return (
        prev_word in DATE_MODIFIERS
        or _WITH_AFTER.match(after) is not None
        or (start == 0 and _DATE_NOUN_AFTER.match(after) is None)
    )


# --- Heads that need a modifier; events watched, not attended ------------------------------


def _lacks_modifier(word: str, prev_word: str, after: str) -> bool:
    """ "play", "hearing", "panel", "pitch" without the word that makes them events ("the
    school play", "court hearing", "pitch to investors")."""
    allowed = HEADS_NEEDING_MODIFIER.get(word)
    if allowed is None:
        return False
    next_word = _NEXT_WORD.match(after) if word in HEAD_AS_DEGREE else None
    if next_word is not None and next_word[1] in HEAD_AS_DEGREE[word]:
        return True  # "in the pitch dark": no pitch at all
    return (
        prev_word not in allowed
        and _PITCHED.match(after) is None
        and _CHILD_AGE.fullmatch(prev_word) is None  # "ava's 12-month jabs"
        and _SET_DOWN_AFTER.match(after) is None  # "hearing adjourned to 14/9 at 10am"
    )


# "turno" is a booked slot in Rioplatense Spanish, a work shift elsewhere: "turno de noche",
# "il turno di mattina", "estoy de turno", "sono di turno".
_SHIFT_PART_AFTER = re.compile(
    r"\s+(?:de|di|da|del|della|do)\s+(?:la\s+)?(?:noche|notte|noite|tarde|manana|mattina|"
    r"mattino|pomeriggio|sera|dia|giorno|trabajo|lavoro|guardia|madrugada|manha)\b"
    r"|\s+(?:noche|notte|tarde|manana|mattina|pomeriggio|serale|notturno|diurno)\b"
)
_ON_DUTY_BEFORE = re.compile(r"\b(?:de|di|mi|mio|meu|il|al|del)\s+$")

# A change told right after a head: it is an event whatever its modifier.
_SET_DOWN_AFTER = re.compile(
    r"\s+(?:adjourned|relisted|listed for|set down for|moved|postponed|rescheduled|"
    r"brought forward)\b"
)


# A child's age naming a routine check or vaccination: "12-month", "6-week", "4-year".
_CHILD_AGE = re.compile(r"\d{1,2}-(?:week|month|year|wk|mo|yr)s?(?:-old)?")
_AGE_UNITS = wordset("week weeks month months year years wk wks mo mos yr yrs")


def _child_age_joined(words: list[str]) -> list[str]:
    """The words before a head with a child's age typed apart joined as one ("baby's 12 month
    jabs" -> [..., "12-month"]), so it reads as "12-month jabs" does."""
    if len(words) >= 2 and words[-1] in _AGE_UNITS and words[-2].isdigit() and len(words[-2]) < 3:
        return [*words[:-2], f"{words[-2]}-{words[-1]}"]
    return words


def _not_attended(word: str, before: str, after: str) -> bool:
    """ "the recording of the webinar", "watching the match", "game 7 tonight", "the match is
    on at 8": watched."""
    if ("of" in before or "from" in before) and _NOT_ATTENDED.search(before) is not None:
        return True
    return word in SPECTATOR_EVENTS and (
        (
            ("watch" in before or "stream" in before or "record" in before or "tape" in before)
            and _WATCHING.search(before) is not None
        )
        or _NUMBERED.match(after) is not None
        or (word in _AIRED and _ON_AIR.match(after) is not None)
    )


# --- Titles -------------------------------------------------------------------------------


_VISITED_PLACES = frozenset(["dental", "hospital", "clinic", "salon"])


def _title_before(word: str, words_before: list[str]) -> str:
    """The head's title with up to two name words before it ("project sync meeting"); a
    provider stands for its appointment ("dentist" -> "dentist appointment")."""
    if words_before[-2:] == list(HINDI_FOR) and len(words_before) > len(HINDI_FOR):
        purpose = words_before[-3]  # "loan ke liye appointment": the appointment for the loan
        if purpose.isalpha() and purpose not in _NOT_TITLE_WORDS:
            return f"{_clean(word)} for {purpose}"
    parts: list[str] = []
    for w in reversed(words_before[-TITLE_WORDS_BEFORE:]):
        if (
            w in _NOT_TITLE_WORDS
            or (w.strip(_NAME_CHARS) and _CHILD_AGE.fullmatch(w) is None)  # a character no
            # name word has, but for a child's age ("12-month jabs")
            or not w.strip("'&-")  # no letter (a word of [a-z'&-] only, as the search says)
            or (w.endswith("'s") and w[:-2] in TITLE_STOP_WORDS)
        ):
            break
        parts.append(_clean(w))
        if w.endswith(_POSSESSIVE):
            break
    parts.reverse()
    if len(parts) == 1:
        parts = _period_edge(words_before, parts)
    if word in CATCH_UP_WORDS and parts and parts[-1] in OUTINGS:
        return " ".join(parts)  # "coffee catch-up": the coffee
    head = PROVIDERS[word] if word in PROVIDERS else _clean(word)
    if (
        word not in _VISITED_PLACES
        and word not in APPOINTMENT_LOANWORDS  # "termin appointment": a booking, named later
        and not (parts and parts[0].endswith(_POSSESSIVE))
    ):
        # a person the user sees names the visit in their own word ("dentist"; "dentista" is
        # written back as they wrote it), with no "appointment" they did not write; not a place
        # ("clinic appointment") nor someone's ("ella's orthodontist appointment")
        head = head.removesuffix(" appointment")
    return " ".join([*parts, head]).strip()


_PERIOD_EDGES = frozenset(["end", "start", "beginning"])


def _period_edge(words_before: list[str], parts: list[str]) -> list[str]:
    """A title word told as the edge of a period keeps it, and the owner before it ("ayla's
    end of year concert", "end of term assembly"; not "year concert")."""
    n = len(words_before)
    if n < 3 or words_before[-2] != "of" or words_before[-3] not in _PERIOD_EDGES:
        return parts
    parts = [words_before[-3], "of", *parts]
    owner = words_before[-4] if n > 3 else ""
    if owner.endswith(_POSSESSIVE) and owner[:-2] not in TITLE_STOP_WORDS:
        parts.insert(0, owner)
    return parts


def _night_after(s: str, end: int, after: str) -> tuple[str, int, str]:
    """ "game night", "date night w ben": the word to add, the new end and the text after."""
    night = _NIGHT_AFTER.match(after) if "night" in after or "evening" in after else None
    if night is None:
        return "", end, after
    end += night.end()
    return " " + night.group(1), end, s[end : end + LOOK_AHEAD_CHARS]


_OWN_CONNECTORS = frozenset(["to", "for", "at", "con", "avec", "mit", "z", "ma3", "ni"])


# Meals and gatherings named with where they are: "dinner at shreya's place", "bbq at kemi's".
_HOSTED = OUTINGS | frozenset(["bbq", "barbecue", "cookout", "picnic", "potluck"])
AT_PLACE_WORDS = 2  # "at shreya's place", "at the crown"
_PORTUGUESE_ARTICLES = frozenset(["o", "a", "os", "as"])  # "reunião com o contador"
# Joiners of other languages, and the words that end whom they join: "reunião com o senhorio
# ficou para quinta", "com a contabilista no escritório", "möte med revisorn är flyttat".
_FOREIGN_LINKS = frozenset(["com", "med", "sa"])
_OF_WORDS = frozenset(["da", "do", "de", "das", "dos"])  # "com o pessoal do banco"
_FOREIGN_SUFFIX_STOPS = (FOREIGN_FUNCTION_WORDS - _OF_WORDS) | frozenset(
    ["no", "ficou", "foi", "vai", "e", "esta", "er", "ar", "blev", "ble", "ay", "bukas"]
)
_LINK_WORDS = frozenset(["with", "w/", "w", "of", "for", "and", "or"])
_PRONOUNS = frozenset(["them", "him", "her", "you", "u", "us", "me", "it", "everyone", "all"])


def _suffix(word: str, after: str, *, yours: bool = False, placed: bool = False) -> str:
    """ "with X" / "to X" / "home" after the head ("call with sarah", "flight to lisbon");
    "to" and "home" only after travel; "for X" after a celebration, or after an appointment
    a notice calls "your" (``yours``); "at X" after a meal, an appointment or a head named
    by where it is (``placed``)."""
    hosted = placed or word in _HOSTED
    suffix = _SUFFIX.match(after) if after.lstrip().startswith(_SUFFIX_FIRST) else None
    if suffix is None:
        return ""
    link = suffix.group(1)
    if link in ("to", "home") and word not in TRAVEL_HEADS:
        return ""
    if link == "for" and word not in CELEBRATIONS and not (yours and word in APPOINTMENT_WORDS):
        return ""  # "dinner for jess", "party for my nephew", a notice's "your appointment
        # for passport biometric capture"; not "call for feedback"
    if link == "at" and word not in APPOINTMENT_WORDS and not hosted:
        return ""  # "appt at the passport agency", "dinner at shreya's place"; a place names
        # other events no better
    if link == "sa" and word not in APPOINTMENT_WORDS:
        return ""  # "meeting sa office": where, no company
    if link == "home":
        return " home"
    words: list[str] = []
    for w in suffix.group(2).split():
        if (
            w in SUFFIX_STOP_WORDS
            or w in _COPULAS
            or w in WEEKDAYS  # Polish "w piątek" is "on Friday", no company
            or _DIGIT.search(w)
            or has_native_script(w)
            or (link in _FOREIGN_LINKS and w in _FOREIGN_SUFFIX_STOPS)
        ):
            break  # nor a word of another script: "meeting with the accountant ביום ראשון"
        if w not in SUFFIX_SKIP_WORDS and not (link == "com" and w in _PORTUGUESE_ARTICLES):
            words.append(w.strip(".,"))
        if w.endswith((".", ",")) and w[:-1] not in TITLE_ABBREVIATIONS:
            break  # "with dr. mensah. reply yes": the sentence ends with the name
    while words and words[-1] in _DANGLING:
        words.pop()  # "reunion con el cliente a las 9": "a" opens the time, not the name
    if not words or (words[0] in _PRONOUNS and (len(words) == 1 or words[0] != "her")):
        return ""  # "the meeting with them", "a call with me end of day": whom is said before
    if link == "at" and words[0] in HOMES:
        return ""  # "dinner at my place": whose place is the speaker's, no title
    connector = link if link in _OWN_CONNECTORS else "with"
    kept = AT_PLACE_WORDS if link == "at" and hosted else SUFFIX_WORDS
    return f" {connector} " + " ".join(words[:kept])


# Between an event and its own time: "lunch at noon", "dinner tomorrow at 7", "coffee, friday".
_TO_ITS_TIME = re.compile(
    r"[\s,]*(?:(?:at|on|@|around|about|from|this|next|is|tomorrow|today)\s*)*"
)
_COMPANY_SUFFIX = re.compile(r"\s*(?:with|w/|w|con|avec|mit)(?!\w)")


def with_company_after_time(s: str, event: Event, start: int, end: int) -> Event:
    """The event named with the company stated after its own time at ``start:end``: "lunch
    at noon with maria" -> "lunch with maria", "call at 3pm w/ the berlin team" -> "call with
    berlin team". An event already named with company, or a time not right after the event,
    leaves it as it is."""
    if (
        event.synthetic
        or start < event.end
        or " with " in event.name
        or _COMPANY_SUFFIX.match(s, end) is None
        or _TO_ITS_TIME.fullmatch(s, event.end, start) is None
    ):
        return event
    after = s[end : end + LOOK_AHEAD_CHARS]
    company = _suffix("", after)  # no head word: only "with X" is read
    if not company:
        return event
    last = company.rsplit(" ", 1)[-1]
    found = after.find(last, after.find(" ", 1))
    tail = end + found + len(last) if found >= 0 else end
    return replace(event, name=event.name + company, tail=tail)


def _meeting_person(start: int, before: str, after: str) -> str | None:
    """ "i'm meeting the accountant at 4" -> "meeting with accountant"."""
    if start != 0 and _MEETING_SUBJECT.search(before) is None:
        return None
    verb = _MEETING_VERB.match(after)
    if verb is None:
        return None
    article, person, role = verb.groups()
    if article and role:  # "the real estate agent", "the new tenants"
        return f"meeting with {person}{role}"
    if person in SUFFIX_STOP_WORDS or person in TITLE_STOP_WORDS:
        return None
    return "meeting with " + person


def _meeting_place(before: str, after: str) -> str | None:
    """ "we're meeting at gate b" -> "meeting at gate b": where people meet names the meet."""
    if _MEETING_SUBJECT.search(before) is None:
        return None
    return ("meeting" + _suffix("meeting", after, placed=True)) if _AT_AFTER.match(after) else None


def others_event(word: str, words_before: list[str]) -> bool:
    """Whether a personal event belongs to someone else ("his flight", "mum's surgery"), or
    any event to someone else's family ("for his sister's wedding") with no "i"/"we" before
    it in the sentence."""
    if _hindi_owner(words_before) or _wished_well(words_before):
        return True
    if _reminds_addressee(words_before):
        return False  # "... reminding Ms. Dela Cruz of her appointment": the reader's own
    if word not in PERSONAL_EVENTS and word not in PROVIDERS:
        return _relatives_event(words_before)
    first = max(0, len(words_before) - OWNER_WORDS_BEFORE)
    for k in range(len(words_before) - 1, first - 1, -1):
        w = words_before[k]
        if w.endswith((".", "!", "?")):
            break  # the sentence before: "my knee's improving. next session is dec 9"
        if w in OTHERS_MARKERS or (
            (w in RELATIVES or w.removesuffix("s") in RELATIVES)
            and k
            and words_before[k - 1] in MY_WORDS
        ):
            return True  # "his flight", "my bro get interview", "my mums flight", not "sis,
            # interview at 3"
        if w in PARENT_FACING and k and _a_named_childs(words_before[k - 1]):
            return False  # "kofi's pta consultation": the school sees the parent
        if w.endswith(_POSSESSIVE) and w not in TIME_OWNERS and w[:-2] not in PROVIDERS:
            return True  # "sarah's interview", not "the doctor's appointment"
        if w in OWN_MARKERS:
            return False
    return False


def _a_named_childs(word: str) -> bool:
    """Whether ``word`` is a first name's possessive ("kofi's"), not a relative's ("mum's")."""
    return word.endswith(_POSSESSIVE) and word[:-2] not in RELATIVES and word not in TIME_OWNERS


ADDRESSEE_NAME_WORDS = 3  # "ms. maria dela cruz of her": the name between title and "of"


def _reminds_addressee(words_before: list[str]) -> bool:
    """Whether a notice reminds its titled reader of "her"/"his" event right after: the
    reader's own, pasted by them ("reminding Mr. Tan of his appointment")."""
    if len(words_before) < 4 or words_before[-2] != "of" or words_before[-1] not in OTHERS_MARKERS:
        return False
    near = words_before[-ADDRESSEE_NAME_WORDS - 3 : -3]
    return any(w in ADDRESSEE_TITLES for w in near)


# Wishing someone well at their event: "have fun at the prateek kuhad concert tonight!!",
# "enjoy the gig", "good luck in your interview" (not "we'll enjoy the concert at 8").
_WISHED = re.compile(
    r"(?<!we'll )(?<!i'll )(?<!\bi )(?<!\bwe )"
    r"\b(?:have fun|have a (?:great|good|nice|lovely) time|enjoy|good luck)\s+"
    r"(?:(?:at|with|in|for)\s+)?(?:(?:the|your|ur)\s+)?(?:\S+\s+){0,2}$"
)
_WISH_WORDS = frozenset(["fun", "time", "enjoy", "luck"])
WISH_WORDS_BEFORE = 7  # "have a great time at the big" before the event word


def _wished_well(words_before: list[str]) -> bool:
    """Whether the words before an event wish someone well at it (``_WISHED``): theirs."""
    near = words_before[-WISH_WORDS_BEFORE:]
    if _WISH_WORDS.isdisjoint(near):
        return False
    return _WISHED.search(" ".join(near) + " ") is not None


_HINDI_OF = frozenset(["ka", "ki", "ke"])
_HINDI_MINE = frozenset(["mera", "meri", "mere", "apna", "apni", "apne", "hamara", "hamari"])


def _hindi_owner(words_before: list[str]) -> bool:
    """ "mummy ka appointment": someone's event in Hindi ("X ka/ki/ke <event>"), not "mera"
    (mine) nor a provider's ("dentist ka appointment" is the user's)."""
    if len(words_before) < 2 or words_before[-1] not in _HINDI_OF:
        return False
    owner = words_before[-2]
    return owner not in _HINDI_MINE and owner not in PROVIDERS and owner not in HEADS


def _relatives_event(words_before: list[str]) -> bool:
    """ "emeka wants leave for his sister's wedding": a third person's relative's event."""
    if len(words_before) < 2 or words_before[-2] not in OTHERS_MARKERS:
        return False
    if not words_before[-1].endswith(_POSSESSIVE):
        return False
    for w in reversed(words_before[:-2]):
        if w.endswith((".", "!", "?")):
            return True
        if w in _SPEAKER_WORDS:
            return False  # "i'm going to her son's recital"
    return True


# --- Events without a known head ----------------------------------------------------------

_SUBJECT_CHARS = 12  # how far before a departure word an event is what departs
_DEPARTURE_WORDS = wordset("departs departure departing dep abfahrt départ salida partenza vertrek")
# A departure word right before its day or time, as a booking prints it: "departs fri 14 may
# 07:05", "abfahrt 08:10", "new departure: sun, dec 19" (not "departs from pier 3").
_DEPARTURE = re.compile(
    rf"\b(?:{alternation(sorted(_DEPARTURE_WORDS))})\b(?:[\s:/,-]*departure)?[\s:/,-]*"
    r"(?=\d|(?:mon|tue|wed|thu|fri|sat|sun|today|tomorrow|tonight|jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec)[a-z]*\b)"
)
# What a departure is, by the words of a booking or boarding pass around it.
_CARRIERS = (
    (
        "flight",
        re.compile(
            r"\b(?:airlines?|airways|air|gate|terminal|boarding|check-in closes|"
            r"[a-z]{3}-[a-z]{3}|aeroporto|flughafen|airport|passenger|seat \d{1,2}[a-k])\b"
            r"|\([a-z]{3}\)"  # an airport code: "seoul incheon (icn)"
        ),
    ),
    (
        "train",
        re.compile(
            r"\b(?:platform|gleis|hbf|bahnhof|wagen|carriage|coach [a-z0-9]|rail|"
            r"zug|ice|tgv|eurostar|amtrak|station)\b"
        ),
    ),
    ("ferry", re.compile(r"\b(?:ferry|sailing|port|pier)\b")),
    ("bus", re.compile(r"\b(?:bus|coach)\b")),
)


def _departures(s: str) -> list[Event]:
    """ "QF 431 SYD-MEL departs fri 14 may 07:05", "Wien Hbf → Salzburg Hbf, Abfahrt 08:10": a
    pasted booking whose departure is the event, named by its carrier's words."""
    if _DEPARTURE_WORDS.isdisjoint(index_of(s).words()):
        return []
    m = _DEPARTURE.search(s)
    if m is None:
        return []
    for name, cue in _CARRIERS:
        if cue.search(s):
            end = m.start() + len(m.group(0).rstrip(" :/,-"))
            theirs = _owned_before(s, name, m.start())
            return [Event(m.start(), end, name, WEAK_STRENGTH, others=theirs)]
    return []


_OWNER_CHARS = 40  # "my sister's train:", "Tom's flight —": the heading before the booking


def _owned_before(s: str, name: str, pos: int) -> bool:
    """Whether the message names the departing ``name`` as someone else's before ``pos``
    ("Tom's flight: BA 283 LHR-LAX, Fri 5 Mar dep 15:40"): a booking passed on, not the user's."""
    at = s.rfind(name, 0, pos)
    if at < 0:
        return False
    return others_event(name, s[max(0, at - _OWNER_CHARS) : at].split())


_WITH_DOCTOR_CHARS = 8  # "appointment with dr feld": the doctor is the appointment's
# Past a degree and initials: "Dr. med. L. Brunner", "dr n. med. Anna Wierzbicka".
_DOCTOR = re.compile(r"\bdr\.?\s+(?:(?:n\.\s*)?med\.\s*)?(?:[a-z]\.\s*)*([a-z][a-z'-]+)")
# The doctor doing something, not being visited: "dr. reyes is out of office on 11/18".
_DOCTOR_ACTS = re.compile(
    r"(?:'s)?\s+(?:is|was|are|has|had|will|would|said|says|called|asked|told|wants|can|"
    r"could|cancelled|canceled)\b"
)


def _doctor_visits(s: str) -> list[Event]:
    """ "i go to dr. wulan tomorrow at 8.30": a doctor named by title is an appointment."""
    if "dr" not in index_of(s).words():
        return []
    visits = []
    for m in _DOCTOR.finditer(s):
        name = m.group(1)
        if name in _NOT_TITLE_WORDS or name in _HEAD_WORDS or name in NAME_FIXES:
            continue  # "dr appt tmrw": the appointment word is the event
        if _DOCTOR_ACTS.match(s, m.end()) is None:
            visits.append(Event(m.start(), m.end(), f"dr {name} appointment", WEAK_STRENGTH))
    return visits


def _add_times_as_events(s: str, found: list[Event]) -> None:
    """ "my 3pm got cancelled": a clock time standing for an event, where no event is."""
    index = index_of(s)
    if _TIME_AS_EVENT_FIRST.isdisjoint(index.words()):
        return  # no "my", "the", ... to begin one
    starts = []  # "my", "the", ... right before a number, past its spaces: where one begins
    for a, _ in index.digit_runs():
        j = a
        while j > 0 and s[j - 1].isspace():
            j -= 1
        if j == a:
            continue
        for n in (2, 3, 4):  # "my"; "the", "our"; "this", "your"
            i = j - n
            if i >= 0 and s[i:j] in _TIME_AS_EVENT_FIRST and not "a" <= s[i - 1 : i] <= "z":
                starts.append(i)
    starts.sort()
    for m in finditer_at(_TIME_AS_EVENT, s, starts):
        if _RIDE_BEFORE.search(s, max(0, m.start() - RIDE_CHARS), m.start()):
            continue  # "i'll take the 14:35": a bus or a train, no meeting
        if "clock" in s and _SHIFT_START_BEFORE.search(
            s, max(0, m.start() - SHIFT_START_CHARS), m.start()
        ):
            continue  # "i clock in at 6:45 for the 7am": a shift, no meeting
        if not any(e.start <= m.start() < e.end or m.start() <= e.start < m.end() for e in found):
            # "the 2pm with legal": the meeting with its company
            company = _suffix("", s[m.end(1) : m.end(1) + LOOK_AHEAD_CHARS])
            name = "meeting" + company if company.startswith(" with ") else "meeting"
            found.append(Event(m.start(1), m.end(1), name, TIME_AS_EVENT_STRENGTH, synthetic=True))


def _attend_phrases(s: str) -> list[Event]:
    """Unknown event nouns after a verb of attending ("i have a tax advisor consult")."""
    found: list[Event] = []
    for m in _ATTEND_PHRASE.finditer(s):
        words = _attend_words(m.group(1).split())
        if words:
            name = " ".join(words)
            found.append(Event(m.start(1), m.start(1) + len(name), name, WEAK_STRENGTH))
    return found


def _attend_words(words: list[str]) -> list[str]:
    """The words of an attended noun phrase, or [] where it is a task, thing or clause."""
    for i, w in enumerate(words[1:], start=1):
        if w.endswith(("ing", "ed")):  # "a delivery coming", "the kids picked"
            words = words[:i]
            break
    while words and words[-1] in _NAME_STOP_WORDS:
        words.pop()
    if (
        not words
        or words[-1].endswith("'s")
        or words[0] in NOT_ATTENDED_NOUNS
        or words[-1] in NOT_ATTENDED_NOUNS
        or any(w in _NAME_STOP_WORDS for w in words)
    ):
        return []
    return words
