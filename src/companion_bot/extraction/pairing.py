"""Pairing: which event each time belongs to.

A time takes the nearest event of its own clause. A clause that is only a time ("..., but
tomorrow at 10", ", rebooked for friday at 2") takes the event of a neighbouring clause, and
one that points back ("it's at 3", "mine is at 2:30") the nearest event before it. A clause
with a time and no known event word gets its open-vocabulary event (``open_events``).
"""

from __future__ import annotations

import dataclasses
import re

from companion_bot.extraction.clauses import RESCHEDULE, change_asked_at, things_time
from companion_bot.extraction.events import Event, others_event, respelled
from companion_bot.extraction.lexicon import (
    BARE_VENUES,
    CHOSEN_AFTER_TIME,
    FILLER,
    HANDOVER_NOUNS,
    HEADLINE_NON_NAMES,
    HEADLINE_STATUS_WORDS,
    LIST_WEEKDAYS,
    MEDIUM_HEADS,
    NAME_JOINERS,
    NATIVE_FORM_LABELS,
    NEVER_IN_EVENTS,
    OLD_SLOT,
    OUTING_HEADS,
    OUTING_STEPS,
    PARTY_SIZE_LINKS,
    PARTY_SIZE_NOUNS,
    PERSONAL_EVENTS,
    PICKED_UP_PEOPLE,
    PICKUP_LEMMAS,
    PICKUP_VERBS,
    POLL_PICK_LEADS,
    POLL_TALLY,
    POLL_WIN_WORDS,
    PROVIDERS,
    SLOT_WEEKDAY_WORDS,
    TAKING_VERBS,
    VENUE_HEADS,
    WEEKDAYS,
    alternation,
    phrases,
    wordset,
)
from companion_bot.extraction.open_events import (
    OPEN_STRENGTH,
    Phrase,
    in_another_language,
    is_locality,
    open_event,
)
from companion_bot.extraction.reading import Reading
from companion_bot.extraction.service_lines import (
    CONFIRMATION_WORDS,
    GENERIC_BOOKINGS,
    booked_before_step,
    only_company,
    service_line,
)
from companion_bot.extraction.times import Group, group_is_time
from companion_bot.extraction.transcripts import said_by_user

_ANAPHOR = re.compile(
    r"\b(?:it|it's|its|mine|one|another|tomorrow's|today's|that's|that|there)\b"
    r"|\b(?:your|my|our)\s+(?:slot|time|appointment|appt|booking)"
    r"(?:\s+with\s+(?:mr|mrs|ms|miss|dr|prof)?\.?\s*[a-z'-]+)?\s+(?:is|will be)\b"
    r"|\bnew\s+(?:slot|time|date)\b"
    r"|\b(?:settled|agreed)\s+on\b"
    r"|\b(?:re-?booked|booked|rescheduled|moved|squeezed|fit|fitted)\s+(?:me|us|him|her|them)\b"
    r"|\bcheck(?:ed)?[ -]in\b"
)  # "... on wednesday 8th december. your slot is 4:10pm": the slot of the event before;
# "the new slot is", "we settled on thursday", "(the dentist cancelled,) rebooked me for",
# "(her op on thursday,) they want her checked in at 7:15"
_SEEING = re.compile(r"\bseeing\s+(?:her|him|them)\b")  # "the physio and i'm seeing her fri"
_ASIDE_MARKS = ",;:.!?()"
# A list line saying its day is empty: "tue: -", "wed: nothing", "thu - free".
_EMPTY_ITEM = re.compile(r"\s*[:\-]\s*(?:-+|nothing|free|off|none|n/a|x|clear|rest|—|–)\s*$")
_CLOCK_DIGIT = re.compile(r"\d")  # a clock time told in digits
LISTED_GAP = 1  # characters between a listed time and its plan: "klo 9 optikko"
_ALNUM = re.compile(r"[^\W_]")  # a letter or a digit (``str.isalnum`` for one character)
MAX_WEAK_GAP = 3  # characters a bare-number range may stand from its event ("12-1 lunch")


# A list of doses: "meds for amma:", "dad's new tablets:", "medication schedule:".
_DOSE_WORDS = wordset("meds medication medications medicine medicines tablets pills doses dosage")
_DOSES = re.compile(rf"\b(?:{'|'.join(sorted(_DOSE_WORDS))})\b[^\n:.]{{0,20}}:")
_LIST_ENDS = re.compile(r"[.!?](?:\s|$)|\n\s*\n")  # a sentence's end or a blank line


def _doses_listed(r: Reading) -> bool:
    """Whether the message lists doses ("dad's new tablets: ...")."""
    return not r.words.isdisjoint(_DOSE_WORDS) and _DOSES.search(r.s) is not None


def in_dose_list(r: Reading, pos: int) -> bool:
    """Whether ``pos`` lies in a list of doses, after its header and before the sentence or
    the list ends ("dad's new tablets: one at 8 with breakfast and one at 20:00 with food")."""
    if not _doses_listed(r):
        return False
    return any(
        m.end() <= pos and _LIST_ENDS.search(r.s, m.end(), pos) is None
        for m in _DOSES.finditer(r.s, 0, pos)
    )


def with_open_events(r: Reading) -> list[Event]:
    """The known events plus, for each clause with a time and none, its open-vocabulary one."""
    found = list(r.events)
    times_in: dict[int, list[tuple[int, int]]] = {}  # clause -> its times, in order
    end = r.spans[-1][1] if r.spans else 0
    for g in r.groups:
        if g.start < end and group_is_time(g):
            times_in.setdefault(r.clause_of(g.start), []).append((g.start, g.end))
    # "swim gala saturday morning at the club": a place alone leaves the clause's plan open
    with_event = {r.clause_of(e.start) for e in r.events if e.start < end and not _venue(r.s, e)}
    placed = {r.clause_of(e.start): e.start for e in r.events if e.start < end}
    if not r.words.isdisjoint(PICKUP_VERBS):
        found = [_as_pickup(r, e, times_in) for e in found]
    if not r.words.isdisjoint(TAKING_VERBS):
        found = [_as_taken(r.s, e) for e in found]
    if _doses_listed(r):
        times_in.clear()  # "meds for amma: amlodipine 8am, eye drops at 9pm": doses, not plans
    for ci, times in sorted(times_in.items()):
        if ci in with_event:
            continue
        c0, c1 = r.spans[ci]
        if "or" in r.words:  # "is the refresher still at 2 or did they move it?"
            c1 = change_asked_at(r.s, c0, c1)
        listed = _listed_events(r, c0, c1, times) if len(times) > 1 else []
        if listed:  # "huomenna klo 9 optikko ja klo 15 palaveri pankissa": a plan each
            found.extend(_open(p, bare=p.bare, others=False) for p in listed)
            continue
        phrase = open_event(r.s, c0, c1, times, r.words)
        if (phrase is None or only_company(r.s, phrase, times[0][1])) and (
            service := _service(r, times[0][0])
        ) is not None:
            if service.start not in (e.start for e in found):  # "Corte + barba com Rafael"
                found.append(_open(service, bare=False, others=False))
            continue  # "seg., 19 de jun. · 10:00": the line above names what is booked
        if phrase is None and _names_the_next(r, ci - 1, times_in, with_event):
            # "nails w/ kim, fri 6:30 pm": the clause before, with no time, names the event
            ahead = open_event(r.s, r.spans[ci - 1][0], c1, times, r.words)
            phrase = ahead if ahead is not None and ahead.end <= c0 else None
        if phrase is None and _names_what_follows(r, ci - 1, times_in, with_event):
            # "i signed up for that pottery taster - it's thursday at 18:00": a plan said
            # with a verb, its time in the clause after that points back to it
            before = open_event(r.s, *r.spans[ci - 1], [], r.words)
            phrase = before if before is not None and not before.bare else None
        if phrase is not None and phrase.end > placed.get(ci, phrase.end):
            phrase = None  # the place itself, or a phrase read past it
        if phrase is not None and _form_label_next(r.s, phrase, times[0][0]):
            phrase = None  # "... Time: 1:40 PM Confirmation #: DL-55102": the next label
        if phrase is not None:
            others = phrase.invited or phrase.theirs or _someone_elses(r.s, c0, phrase)
            found.append(_open(phrase, bare=phrase.bare, others=others))
    if not found and (what := _FORM_WHAT.search(r.s)) is not None:
        found.append(_form_what(what))  # "Service: Gel Manicure ... Time: 3:15 PM"
    found.sort(key=lambda e: e.start)
    return found


def _listed_events(r: Reading, c0: int, c1: int, times: list[tuple[int, int]]) -> list[Phrase]:
    """The plans of a clause in another language that lists clock times, each right before
    its own ("huomenna klo 9 optikko ja klo 15 palaveri pankissa"): each time's stretch up
    to the next must state one, read as a clause of its own; else none."""
    if _ALNUM.search(r.s, c0, times[0][0]) or not all(
        _CLOCK_DIGIT.search(r.s, a, b) for a, b in times
    ):
        return []  # words before the first time, or a day alone among them
    if not in_another_language(r.words):
        return []
    bounds = [*(a for a, _ in times), c1]
    listed = []
    for i, time in enumerate(times):
        phrase = open_event(r.s, bounds[i], bounds[i + 1], [time], r.words)
        if phrase is None or phrase.start > time[1] + LISTED_GAP:
            return []
        listed.append(phrase)
    return listed


def _service(r: Reading, pos: int) -> Phrase | None:
    """What a pasted confirmation books, for the time at ``pos`` (``service_line``), unless a
    known event stands in it."""
    phrase = service_line(r.s, r.groups, r.words, pos, r.events)
    if phrase is None or any(phrase.start <= e.start < phrase.end for e in r.events):
        return None
    return phrase


def _as_pickup(r: Reading, e: Event, times_in: dict[int, list[tuple[int, int]]]) -> Event:
    """A known event someone is collected from is named by the pick-up ("pick up Leo from
    swim club at 4:30": "pick up leo from swim club", not "swim club")."""
    ci = r.clause_of(e.start)
    c0, c1 = r.spans[ci]  # its time may be in the next clause: "collect dad from dialysis,
    phrase = open_event(r.s, c0, c1, times_in.get(ci, []), r.words)  # be there by 4:45"
    if (
        phrase is None
        or not phrase.name.startswith(_PICKUP_NAMES)
        or not phrase.start < e.start <= e.end <= phrase.end
    ):
        return e
    return dataclasses.replace(e, start=phrase.start, end=phrase.end, name=phrase.name)


# Whom the user takes to an appointment, right before it (its title words between): "taking
# papa to the ", "driving the twins for their ", "taking amma for her eye ".
_TAKEN_BEFORE = re.compile(
    rf"\b(?:{alternation(sorted(TAKING_VERBS))})\s+(?:my\s+|our\s+|(the\s+))?([a-z][a-z-]*)\s+"
    r"(?:to|for)\s+(?:the\s+|his\s+|her\s+|their\s+|a\s+|an\s+)?((?:[a-z][a-z-]*\s+){0,2})$"
)
TAKEN_BEFORE_CHARS = 50  # how far before an appointment its "taking X to" is looked for
# Not someone taken: "taking him to" (no name), "taking the bus to the hospital".
_NOT_TAKEN = wordset(
    "him her them it me us you everyone everybody someone something stuff bus train tube car "
    "taxi uber cab metro subway tram ferry boat lift ride van bike"
)
_CARE_HEADS = PERSONAL_EVENTS | frozenset(PROVIDERS)
_PROVIDER_TITLES = frozenset(PROVIDERS.values())
_PROVIDER_TITLE = " appointment"  # what a provider's title adds ("cardiologist appointment")
MIN_BARE_PROVIDER_CHARS = 4  # "GP", "vet", "doc" keep their "appointment"
_APPOINTMENT_SAID = re.compile(r"\bappo|\bappt")


def _as_taken(s: str, e: Event) -> Event:
    """A personal appointment the user takes someone to is named as theirs ("taking Papa to
    the cardiologist at 11": "papa's cardiologist appointment", not "cardiologist
    appointment"); "the" only before people ("driving the twins to the dentist")."""
    taken = _TAKEN_BEFORE.search(s, max(0, e.start - TAKEN_BEFORE_CHARS), e.start)
    if taken is None or "'" in e.name or _CARE_HEADS.isdisjoint(s[e.start : e.end].split()):
        return e
    the, who, between = taken.groups()
    if (
        who in _NOT_TAKEN
        or (the and who not in PICKED_UP_PEOPLE)
        or who in e.name.split()
        or not set(between.split()) <= set(e.name.split())
    ):
        return e
    owner = f"{who}'" if who.endswith("s") else f"{who}'s"  # "the twins' dentist"
    name = e.name
    if (
        name.endswith(_PROVIDER_TITLE)
        and len(name) - len(_PROVIDER_TITLE) >= MIN_BARE_PROVIDER_CHARS
        and not _APPOINTMENT_SAID.search(s, e.start, e.end)
    ):  # the provider stands for it: "papa's cardiologist"; not "dad's GP" (an abbreviation)
        name = name.removesuffix(_PROVIDER_TITLE)
    return dataclasses.replace(e, name=f"{owner} {name}")


_PICKUP_NAMES = tuple(f"{lemma} " for lemma in sorted(set(PICKUP_LEMMAS.values())))
# Someone's transport coming in: "her flight lands 21:35", "his train gets in at 19:40".
_ARRIVES = re.compile(
    r"\b(?:flight|train|bus|coach|plane|ferry)\s+(?:lands|gets\s+in(?:to)?|arrives|comes\s+in|"
    r"is\s+due(?:\s+in)?|pulls\s+in|touches\s+down)\b"
)
_ARRIVES_WORDS = wordset("lands gets arrives comes due pulls touches")  # ``_ARRIVES`` needs one
ARRIVAL_CLAUSES_BACK = 2  # "collecting gran from the airport tonight, her flight lands 9:35"


_HANDOVER = re.compile(rf"[^\S\n]*{phrases(HANDOVER_NOUNS)}")


def handed_over(s: str, event: Event) -> bool:
    """Whether someone's event is followed by a drop-off or pick-up noun: the user takes or
    fetches them ("Milo's dental cleaning drop-off is confirmed for Monday")."""
    return _HANDOVER.match(s, event.end) is not None


def is_arrival(r: Reading, ci: int, event: Event) -> bool:
    """Whether ``event`` is a transport that clause ``ci`` says comes in ("mike: flight
    lands 4:50"): an arrival, no meeting unless the user collects someone off it."""
    if r.words.isdisjoint(_ARRIVES_WORDS):
        return False
    c0, c1 = r.spans[ci]
    arrives = _ARRIVES.search(r.s, c0, c1)
    return arrives is not None and arrives.start() <= event.start < arrives.end()


def collected_on_arrival(r: Reading, ci: int) -> Event | None:
    """The pick-up told just before clause ``ci``, or in the clause after it ("mum's flight
    lands in 5 hours and i'm the one picking her up"), when ``ci`` tells when the person's
    transport comes in: the user collects them then."""
    c0, c1 = r.spans[ci]
    arrives = _ARRIVES.search(r.s, c0, c1)
    if arrives is None:
        return None
    for cj in range(ci - 1, max(-1, ci - 1 - ARRIVAL_CLAUSES_BACK), -1):
        picked = [e for e in r.events_in(cj) if e.name.startswith(_PICKUP_NAMES)]
        if picked:
            return picked[-1]
    owner = _OWNER_BEFORE.search(r.s, c0, arrives.start())
    if (
        owner is not None
        and r.speakers
        and not said_by_user(r.speakers, c0)
        and ci + 1 < len(r.spans)
        and _GET_THEM.search(r.s, *r.spans[ci + 1])
    ):  # "dad: gran's train gets into waverley at 2:40, can someone get her": asked in a chat
        return Event(owner.start(1), arrives.start(), f"pick up {owner.group(1)}", OPEN_STRENGTH)
    if r.words.isdisjoint(PICKUP_VERBS):
        return None
    end = c1
    if ci + 1 < len(r.spans) and not any(g.start in range(*r.spans[ci + 1]) for g in r.groups):
        end = r.spans[ci + 1][1]  # the next clause, when it has no time of its own
    after = open_event(r.s, arrives.end(), end, [], r.words)
    if after is None or not f"{after.name} ".startswith(_PICKUP_NAMES) or after.theirs:
        return None
    if after.name == "pick up" and owner is not None:  # "mum's flight ... picking her up"
        after = after._replace(name=f"pick up {owner.group(1)}")
    return _open(after, bare=False, others=False)


_OWNER_BEFORE = re.compile(r"\b([a-z]+)'s\s+$")
_GET_THEM = re.compile(r"\b(?:get|grab|collect|fetch)\s+(?:her|him|them)\b")


def _open(phrase: Phrase, *, bare: bool, others: bool) -> Event:
    """An open-vocabulary event (``others``: an invitation, the user's only if accepted); a
    head word one letter off a known event word ("meetign w/ bob") is named as that word and
    marked, so that the user is asked, not booked."""
    start, end, name = phrase.start, phrase.end, phrase.name
    parts = name.split()
    head = next((i for i, p in enumerate(parts[1:]) if p in NAME_JOINERS), len(parts) - 1)
    known = respelled(parts[head])
    if known is None:
        return Event(start, end, name, OPEN_STRENGTH, bare=bare, others=others)
    parts[head] = known
    return Event(start, end, " ".join(parts), OPEN_STRENGTH, bare=bare, others=others,
                 respelled=True)  # fmt: skip


def _someone_elses(s: str, c0: int, phrase: Phrase) -> bool:
    """Whether the phrase names someone else's personal event ("grandpa's knee operation",
    "mio fratello ha l'esame"), by the same owner words as a known event's."""
    words = s[c0 : phrase.end].split()
    if not words:
        return False
    head = words[-1].rpartition("'")[2]  # "l'esame" -> "esame"
    return others_event(head, [w.strip(",;:") for w in words[:-1]])


def _untimed_uneventful(
    cj: int, times_in: dict[int, list[tuple[int, int]]], with_event: set[int]
) -> bool:
    """Whether clause ``cj`` exists and holds neither a time nor a known event."""
    return cj >= 0 and cj not in times_in and cj not in with_event


def _names_the_next(
    r: Reading, cj: int, times_in: dict[int, list[tuple[int, int]]], with_event: set[int]
) -> bool:
    """Whether clause ``cj`` (no time, no event) may name the event of the clause after it,
    a time alone or a time and where ("..., sunday 7am at the dock"), from which only a comma
    parts it, or a dash when the name is a label's value ("poll closed: team fika - wed 15:00",
    "your booking: silk press - saturday 11:00")."""
    if not _untimed_uneventful(cj, times_in, with_event):
        return False
    c0, c1 = r.spans[cj + 1]
    lead = r.s[c0:c1].lstrip()[:1]
    if lead == "-":
        lead = "," if r.s[slice(*r.spans[cj])].lstrip().startswith(":") else lead
    return lead == "," and (
        only_time(r.s, c0, c1, r.groups) or _time_at_place(r.s, c0, c1, r.groups)
    )


def _names_what_follows(
    r: Reading, cj: int, times_in: dict[int, list[tuple[int, int]]], with_event: set[int]
) -> bool:
    """Whether clause ``cj`` (no time, no event) may name the event of the clause after it,
    which points back to it ("..., it's thursday at 6")."""
    if not _untimed_uneventful(cj, times_in, with_event):
        return False
    c0, c1 = r.spans[cj + 1]
    return _POINTS_BACK.match(r.s, c0, c1) is not None


# A clause that opens by pointing back: ", it's thursday at 6", "- it is on the 4th at 2".
_POINTS_BACK = re.compile(r"[\s,;:\u2013\u2014-]*(?:it's|it is|its|that's|that is)\s")


def event_for(r: Reading, g: Group, ci: int) -> tuple[Event | None, bool]:
    """The event a time belongs to, and whether it was borrowed from another clause."""
    own = r.events_in(ci)
    if own and ("before" in r.words or "after" in r.words):
        kept = [e for e in own if not _reference_point(r.s, e, g)]
        if not kept:
            return None, False  # "insulin at 6 before breakfast": breakfast is no 6 o'clock
        own = kept
    if own:
        if len(own) == 1:
            if r.s.startswith(":", own[0].end) and (what := _FORM_WHAT.search(r.s)):
                return _form_what(what), True  # "Leistung: Reifenwechsel ... Termin: Mo, 25.10."
            if _plain_in_notice(own[0]) and (headed := headline_event(r, g, own[0])):
                return headed, True  # "vet for Milo" above "… afspraak op woensdag … 09:40"
            return _outing_of(r, ci, own[0]) or _booked_step(r, g, own[0]) or own[0], False
        # "lunch with dad sunday noon at the club": after the time, "at the" names the place;
        # "1:30 aircon service at the clinic": the place of the event named
        # "lunch with dad sunday noon at the club": after the time, "at the" names the place;
        # "1:30 aircon service at the clinic", "blood test at the hospital tmrw 8:15": the
        # place of the event named
        before = any(e.end <= g.start for e in own)
        own = _unplaced(r.s, own, g.end if before else -1) or own
        return min(own, key=lambda e: distance(e, g)), False
    labelled = _FORM_LABEL_BEFORE.search(r.s, max(0, g.start - FORM_LABEL_CHARS), g.start)
    what = _FORM_WHAT.search(r.s) if labelled is not None else None
    if what is not None:  # "Appointment Type: Visa interview ... Time: 07:45"
        return _form_what(what), True
    service = service_line(r.s, r.groups, r.words, g.start, r.events)
    if service is not None:  # "Corte + barba com Rafael\nseg., 19 de jun. · 10:00"
        if _clock_close_after(r, g):
            return None, True  # "pt. 21.01, godz. 16:30": the slot is the line's last clock
        named = [e for e in r.events if service.start <= e.start < service.end]
        return max(named, key=lambda e: e.strength, default=None), True
    found = borrow(r, ci)
    if found is None and labelled is not None:
        found = _form_event(r, g)
    if found is None:
        found = headline_event(r, g)
    return found, True


MAX_HEADLINE_WORDS = 10  # "eye clinic follow up, pasting so I remember"
MAX_HEADLINE_NAME_WORDS = 5  # "cena del cumple de Marta" before "lista"
# Where the user's headline ends: a new line, or a quote the notice opens with.
_HEADLINE_BREAK = re.compile(r"\n|[^\S\n][\"\u201c\u00ab]")
_HEADLINE_WORD = re.compile(r"w/|[^\W\d_][\w'&-]*")


def _plain_in_notice(e: Event) -> bool:
    """Whether a notice's own event says only that something is booked ("afspraak",
    "randevunuz") or is read from words of no known event ("janji temu anda pada")."""
    return e.strength == OPEN_STRENGTH or set(e.name.split()) <= GENERIC_BOOKINGS


def headline_event(r: Reading, g: Group, plain: Event | None = None) -> Event | None:
    """The event the user's own first line names above a pasted notice whose time names
    nothing ("dentist again ugh" above "[서울바른치과] … 3월 7일(화) 오후 4시 30분"): the
    headline is short and holds no clock time, and the time is on a later line; with no
    known event, the words before the status word that closes it ("cinema w/ Jess sorted")."""
    if r.speakers:
        return None  # a transcript's lines are read by speaker
    cut = _HEADLINE_BREAK.search(r.s, 0, g.start + 1)  # none after the time is needed
    if cut is None or g.start <= cut.start():
        return None  # no headline above the time
    first_break = cut.start()
    if len(r.s[:first_break].split()) > MAX_HEADLINE_WORDS:
        return None
    if any(x.start < first_break and x.time is not None for x in r.groups):
        return None  # "dentist at 3\n...": the headline's own time
    if any(e.start > first_break and e is not plain for e in r.events):
        return None  # the notice names its own events
    below = [x for x in r.groups if x.start > first_break and x.time is not None]
    if below and below[0] is not g:
        return None  # "flight 07:30 ... lands 09:05": only the notice's first clock time
    named = [e for e in r.events if not e.others and e is not plain]
    if plain is not None and (not named or _plain_in_notice(named[-1])):
        return None  # only a known event in the headline outnames the notice's own
    if not r.events and not r.words.isdisjoint(HEADLINE_STATUS_WORDS):
        return _status_headline(r, first_break)
    if not named or not CONFIRMATION_WORDS.isdisjoint(named[-1].name.split()):
        return None  # "Bevestiging afspraak": the notice's own header, not the user's line
    return named[-1]


def _status_headline(r: Reading, first_break: int) -> Event | None:
    """The plan a headline names before the status word that closes it ("cinema w/ Jess
    sorted 🍿" -> "cinema w/ jess"); never a delivery or a mere pronoun."""
    found = list(_HEADLINE_WORD.finditer(r.s, 0, first_break))
    if len(found) < 2 or found[-1].group() not in HEADLINE_STATUS_WORDS:
        return None
    name_words = found[:-1]
    said = {w.group() for w in name_words}
    if len(name_words) > MAX_HEADLINE_NAME_WORDS or said <= HEADLINE_NON_NAMES:
        return None
    if not r.words.isdisjoint(NEVER_IN_EVENTS):
        return None  # "groceries sorted" above a delivery slot
    start, end = name_words[0].start(), name_words[-1].end()
    return _open(Phrase(start, end, r.s[start:end]), bare=False, others=False)


OUTING_CLAUSES_BACK = 2  # "booked the snorkel trip!! sunday 8am pickup": the clause before


def _outing_of(r: Reading, ci: int, e: Event) -> Event | None:
    """The outing a step of getting there belongs to, said in a clause just before with no
    clock of its own ("booked the snorkel trip!! sunday 8am pickup at the lobby" -> "snorkel
    trip"); not after a clocked event ("dentist at 2, then pickup at 3:15")."""
    if e.name.rpartition(" ")[2] not in OUTING_STEPS:
        return None
    for cj in range(ci - 1, max(-1, ci - 1 - OUTING_CLAUSES_BACK), -1):
        trips = [x for x in r.events_in(cj) if not OUTING_HEADS.isdisjoint(x.name.split())]
        if trips:
            return trips[-1]
        c0, c1 = r.spans[cj]
        if r.events_in(cj) or any(c0 <= g.start < c1 and g.time is not None for g in r.groups):
            return None  # "dentist at 2, then pickup at 3:15": a step of its own
    return None


def _booked_step(r: Reading, g: Group, e: Event) -> Event | None:
    """The booking a confirmation names before its step of getting there ("Your service
    booking at Ultra Tune is confirmed: Wed 17 Nov, drop-off 7:30am" -> "service booking at
    Ultra Tune"): the drop-off is when the booking starts."""
    if e.name.rpartition(" ")[2] not in OUTING_STEPS:
        return None
    booked = booked_before_step(r.s, r.groups, r.words, g.start)
    if booked is None or booked.end > e.start:
        return None
    return _open(booked, bare=False, others=False)


_REFERENCE_BEFORE = re.compile(r"\b(?:before|after)\s+(?:the\s+|my\s+|our\s+|your\s+)?$")
REFERENCE_CHARS = 16  # "after the " / "before your "


def _reference_point(s: str, e: Event, g: Group) -> bool:
    """Whether an event after a time is only what the time is told against ("coffee at 10
    after the board meeting", "insulin at 6 before breakfast")."""
    return g.end <= e.start and (
        _REFERENCE_BEFORE.search(s, max(0, e.start - REFERENCE_CHARS), e.start) is not None
    )


_AT_PLACE_BEFORE = re.compile(r"(?:\b(?:at|sa)|@)\s+(?:the\s+)?(?:[a-z'-]+\s+){0,2}$")
_AT_PLACE_CHARS = 32  # "at the " and two words of the place's name: "at the st george golf"


def _at_place(s: str, e: Event) -> bool:
    return _AT_PLACE_BEFORE.search(s, max(0, e.start - _AT_PLACE_CHARS), e.start) is not None


# A place named by its own name right after an event: " at northside " before "vet clinic"
# (not "at the hospital": any hospital).
_NAMED_PLACE_GAP = re.compile(r"\s+(?:at|@)\s+(?!(?:the|my|our|a|an|\d)\b)(?:[a-z'-]+\s+){0,2}")


def _venue(s: str, e: Event) -> bool:
    """Whether ``e`` is a place after "at": "at the hospital", "@ the club" (not "presenting
    at the incident review": an event attended)."""
    words = e.name.lower().split()
    if words[-1] in MEDIUM_HEADS:  # "the interview ... is on zoom": how, not what
        return _ON_MEDIUM_BEFORE.search(s, max(0, e.start - _AT_PLACE_CHARS), e.start) is not None
    if VENUE_HEADS.isdisjoint(words) and not (len(words) == 1 and words[0] in BARE_VENUES):
        return False
    return _at_place(s, e)


_ON_MEDIUM_BEFORE = re.compile(r"\b(?:on|over|via|by|through|using)\s+(?:google\s+)?$")


# Only "at the" between two events: the second is the place of the first.
_AT_THE_GAP = re.compile(r"\s+(?:at|@)\s+the\s+")


def _unplaced(s: str, events: list[Event], after: int) -> list[Event]:
    """The events that are not the place of another: any "at" place from ``after`` on, a
    venue anywhere; a named venue is kept in the title of the event before it ("dentist
    appointment at Kingsway Dental"; "blood test at the hospital" -> "blood test")."""
    kept: list[Event] = []
    for e in events:
        if kept and _AT_THE_GAP.fullmatch(s, kept[-1].end, e.start):
            continue  # "citizenship ceremony at the town hall": where the ceremony is
        if not (_venue(s, e) or (e.start >= after and _at_place(s, e))):
            kept.append(e)
        elif kept and _NAMED_PLACE_GAP.fullmatch(s, kept[-1].end, e.start):
            place = s[kept[-1].end : e.end].strip()
            if kept[-1].name.endswith(place) or kept[-1].name in _PROVIDER_TITLES:
                continue  # "checkup at riverside clinic", "vet at parkside vets": said already
            name = f"{kept[-1].name} {place}"
            kept[-1] = dataclasses.replace(kept[-1], name=name, tail=max(kept[-1].tail, e.end))
    return kept


# The rest of a label after a phrase: ":", " #:", " ref #:", " number:".
_LABEL_AFTER = re.compile(r"(?:[^\S\n]+[a-z.]+){0,2}[^\S\n]*#?[^\S\n]*:(?!\d)")


def _form_label_next(s: str, phrase: Phrase, time_start: int) -> bool:
    """Whether ``phrase`` is the label of a form's next field, after its time field ("Time:
    1:40 PM Confirmation #: DL-55102")."""
    return (
        phrase.start > time_start
        and _LABEL_AFTER.match(s, phrase.end) is not None
        and _FORM_LABEL_BEFORE.search(s, max(0, time_start - FORM_LABEL_CHARS), time_start)
        is not None
    )


# A pasted form's date or time field: "Date: March 9, 2028 Time: 10:00 AM", "Fecha: lunes
# 10 de enero Hora: 12:30 h", "Termin: Di., 14.03." (the label right before the time).
_FORM_LABEL_BEFORE = re.compile(
    r"\b(?:date|time|date & time|date and time|when|slot|fecha|hora|datum|uhrzeit|zeit|termin|"
    r"data|horario|heure|tarih|saat|tanggal|waktu|jam|funcion|seance|vorstellung|wanneer|tijd|"
    r"tijdstip|quando|quand|wann|kiedy|godzina|termin wizyty|idopont)"
    r"(?:[^\S\n]+[a-z]+\.?){0,3}\s*:\s*(?:[a-z]{2,12}\.?,?[^\S\n]+)?$"  # "Termin: Mo, 25.10."
    # in other scripts: "日時：", "일시:", "Дата и время:", "תאריך:", "ώρα:"
    rf"|(?:{alternation(NATIVE_FORM_LABELS)})(?:[^\S\n]+\w+){{0,2}}\s*:\s*$"
)
FORM_LABEL_CHARS = 40  # "heure de dépôt : ", "termin bei physiotherapie mayr: mo., "
# The field that names what a form books: "Service: Driver License Renewal", "Trámite:
# apertura de cuenta", "Treatment: deep tissue massage", "Exame: Ultrassonografia".
_FORM_WHAT = re.compile(
    r"\b(?:service|servicio|servico|tramite|trámite|treatment|tratamiento|appointment type|"
    r"type of appointment|reason for visit|reason|class|course|event|leistung|prestation|"
    r"prestazione|prestacao|servizio|motivo|anliegen|behandeling|tratamento|"
    r"pelicula|movie|film|exam|exame|examen|esame|untersuchung|procedure|procedimento|"
    r"procedimiento|specialty|especialidade|especialidad|visit type|wat|layanan|dienst|"
    r"behandlung|usluga|usługa|zabieg|hizmet|soin|restaurant|restaurante|ristorante|"
    r"rodzaj wizyty|rodzaj|typ wizyty|tipo de cita|tipo de consulta|art des termins|klinik|"
    r"poliklinik|kurs|termin)\s*:\s*"
    # not a day ("Termin: Di., 14.09.2027" is the date field)
    rf"(?!(?:{alternation(sorted(set(WEEKDAYS) | set(LIST_WEEKDAYS)))})\b)"
    r"([^\W\d_][\w'&-]*(?:[^\S\n]+(?:[\w'&-]+|\+)){0,5}?)\b"  # "cut + colour + blow dry"
    r"(?=\s*(?:[.,;:\n(]|[^\W\d_][\w'&-]*\s*:|$))"
)


# The field that names who a form's appointment is with: "Doctor: Dr. Reyes".
_FORM_WHO = re.compile(
    r"\b(?:doctor|provider|practitioner|stylist|therapist|consultant|tutor|with|medico|arzt)"
    r"\s*:\s*((?:(?:dr|mr|mrs|ms|prof)\.?\s+)?[^\W\d_][\w'-]*(?:[^\S\n]+[^\W\d_][\w'-]*)?)"
)


def _form_what(what: re.Match[str]) -> Event:
    return Event(what.start(1), what.end(1), what.group(1).strip(), OPEN_STRENGTH)


def _form_event(r: Reading, g: Group) -> Event | None:
    """The event of a pasted form's date or time field that has no "Service:" field: the
    form's first event ("Appointment Details ... Date: ... Time: 10:00 AM"), with whom its
    "Doctor:" field names."""
    before = [e for e in r.events if e.end <= g.start]
    if not before:
        return None
    who = _FORM_WHO.search(r.s)
    if who is None or " with " in before[0].name:
        return before[0]
    name = f"{before[0].name} with {who.group(1).strip()}"  # "appointment with dr. reyes"
    return Event(before[0].start, before[0].end, name, before[0].strength)


LATER_CLOCK_CHARS = 12  # ", godz. " between a date read as a clock and the slot's clock


def _clock_close_after(r: Reading, g: Group) -> bool:
    """Whether a clock time of another group follows ``g`` closely on its line."""
    line_end = r.s.find("\n", g.end, g.end + LATER_CLOCK_CHARS)
    end = g.end + LATER_CLOCK_CHARS if line_end < 0 else line_end
    return any(h.time is not None and g.end <= h.start < end for h in r.groups)


def borrow(r: Reading, ci: int) -> Event | None:
    """An event from another clause when this clause points back to it or is only a time."""
    c0, c1 = r.spans[ci]
    line_end = r.s.find("\n", c1)
    if _EMPTY_ITEM.match(r.s, c1, len(r.s) if line_end < 0 else line_end + 1):
        return None  # "tue: -", "thu: nothing": a list's day with nothing on it
    picks = _picks_option(r, c0, c1)  # "ok thursday 7pm wins": the poll's plan above
    if (
        only_time(r.s, c0, c1, r.groups, POLL_PICK_LEADS if picks else frozenset())
        or _time_at_place(r.s, c0, c1, r.groups)
        or is_locality(r.s, c0, c1)
        or _meeting_point(r, c0, c1)
    ):
        for step in (-1, 1) if picks else _borrow_steps(r, ci, line_end):
            cj = ci + step
            crossed_item = False
            while 0 <= cj < len(r.spans) and (
                _passes_over(r, cj) or (picks and _tallied_option(r, cj))
            ):
                crossed_item |= _LIST_NUMBER.fullmatch(r.s, *r.spans[cj]) is not None
                cj += step
            if crossed_item and 0 <= cj < len(r.spans) and _in_list_item(r.s, r.spans[cj][0]):
                continue  # "2) thu 9 dec, 8:30am - ...": not the event of item 1 above it
            if ci < cj < len(r.spans) and _ends_sentence(r.s, c0, r.spans[cj][0]):
                continue  # "alarms for 8 and 20:00. the follow-up is ...": the alarms' time
            if 0 <= cj < len(r.spans):
                near = r.events_in(cj)
                if near:
                    return near[0] if cj > ci else _last_unplaced(r.s, near)
        header = _line_header(r, c0)
        if header is not None:
            return header  # else "dentist rang, they had a gap so it's now wed 9:05": further back
    points_back = _ANAPHOR.search(r.s, c0, c1) is not None
    if not points_back and not _SEEING.search(r.s, c0, c1):
        return None
    if any(c0 <= g.start < c1 and things_time(r.s, g.start) for g in r.groups):
        return None  # "iftar thurs? maghrib is 5:52 that day": the prayer's time, not the iftar's
    before = [e for e in r.events if e.start < c0]
    if not before:
        return None
    last = max(before, key=lambda e: e.start)
    if points_back or not _SENTENCE_END.search(r.s, last.end, c0):
        return last  # "seeing her" only in the sentence that names her: "... the physio and
    return None  # i'm seeing her friday at 8:15"


def _last_unplaced(s: str, near: list[Event]) -> Event:
    """The last event of a clause before a time that borrows it, passing over the place of
    another ("his vaccination at Northside Vet Clinic tmrw (Wed) at 4.15pm": not the vet)."""
    unplaced = _unplaced(s, near, len(s))
    return unplaced[-1] if unplaced else near[-1]


def _borrow_steps(r: Reading, ci: int, line_end: int) -> tuple[int, ...]:
    """Where a clause that is only a time looks for its event: before it, then after it;
    only after it when it opens a line that goes on ("\nśr – urodziny mamy": that line's)."""
    c0 = r.spans[ci][0]
    opens_line = c0 == 0 or r.s.startswith("\n", c0)
    goes_on = ci + 1 < len(r.spans) and (line_end < 0 or r.spans[ci + 1][0] < line_end)
    return (1,) if opens_line and goes_on else (-1, 1)


def _picks_option(r: Reading, c0: int, c1: int) -> bool:
    """Whether clause s[c0:c1] picks an option offered before it ("ok thursday 7pm wins"):
    the option is the plan named above, not whatever the line goes on to say."""
    if r.words.isdisjoint(POLL_WIN_WORDS) and "it" not in r.words and "its" not in r.words:
        return False
    return any(
        c0 <= g.start < c1 and CHOSEN_AFTER_TIME.match(r.s, g.end) is not None for g in r.groups
    )


_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_GOES_ON = re.compile(r"[\s,]*(?:and|or|&|\+)\s")


def _ends_sentence(s: str, a: int, b: int) -> bool:
    """Whether clause s[a:...] goes on a list before it ("alarms for 8 and 20:00") and its
    sentence ends before ``b``, the start of the next clause (which may open on the full
    stop: ". the follow-up ...")."""
    return _GOES_ON.match(s, a) is not None and _SENTENCE_END.search(s, a, b + 2) is not None


# After the event that heads a line: "Interview confirmed: ...", "Dentist reminder - ...".
_HEADER_AFTER = re.compile(r"[^\S\n]*(?:[a-z]+[^\S\n]*){0,2}[:\u2013\u2014-][^\S\n]")


def _line_header(r: Reading, c0: int) -> Event | None:
    """The event a line opens with as its header, for a time further along that line
    ("Interview confirmed: Senior Data Engineer, panel w/ Hiroshi, Wed 10/13 1pm ET")."""
    line = r.s.rfind("\n", 0, c0) + 1
    for e in r.events:
        if e.start >= c0:
            break
        if e.start >= line and not r.s[line : e.start].strip() and _HEADER_AFTER.match(r.s, e.end):
            return e
    return None


# A clause that is only a room's label or a queue's number: ", court 2", ", room 4b".
_PLACE_LABEL = re.compile(
    r"[\s,;]*(?:room|rm|court|hall|gate|floor|level|unit|suite|ward|bay|platform|terminal|"
    r"building|bldg|block|studio|lab|number|no\.?|token|queue|ticket)\s+#?[\w.-]{1,5}\s*"
)  # and a queue's number: ", number 14"


def _passes_over(r: Reading, cj: int) -> bool:
    """Whether borrowing looks past clause ``cj``: no event, and only a time or an aside."""
    a, b = r.spans[cj]
    if r.events_in(cj):
        return False
    return (
        only_time(r.s, a, b, r.groups, OLD_SLOT)
        or r.s[a:b].lstrip(" ,").startswith("(")
        or r.in_aside(a)
        or is_locality(r.s, a, b)  # "at 14 smith st, parap, saturday 10:00"
        or _PLACE_LABEL.fullmatch(r.s, a, b) is not None  # "..., court 2, on wednesday at 9:30"
        or _LIST_NUMBER.fullmatch(r.s, a, b) is not None  # "ihre fahrstunden\n1. mo 14.6. 17:00"
        or _LONE_WEEKDAY.fullmatch(r.s, a, b) is not None  # "ihr termin: do, 06.05.2027, 11:20"
    )


def _tallied_option(r: Reading, cj: int) -> bool:
    """Whether clause ``cj`` is a poll's option with its tally ("fri 8pm (1 vote)"), which a
    pick looks past for the plan the poll is about."""
    a, b = r.spans[cj]
    tally = POLL_TALLY.search(r.s, a, b)
    return tally is not None and only_time(r.s, a, tally.start(), r.groups)


_LIST_NUMBER = re.compile(r"\n\d{1,2}[.)]?[^\S\n]*")  # a numbered list's item number
_ITEM_LINE = re.compile(r"\d{1,2}[.)]")
_LONE_WEEKDAY = re.compile(rf"[\s:,;]*(?:{alternation(sorted(SLOT_WEEKDAY_WORDS))})\.?\s*")


def _in_list_item(s: str, pos: int) -> bool:
    """Whether the line holding ``pos`` is a numbered list's item ("1) Mon 6 Dec, ...")."""
    return _ITEM_LINE.match(s, s.rfind("\n", 0, pos) + 1) is not None


# A booking's party size: "pour 4 personnes", "for 2 guests", "per 4".
_PARTY_SIZE = re.compile(
    rf"\b(?:{alternation(PARTY_SIZE_LINKS)})\s+\d{{1,2}}(?:\s+(?:{alternation(PARTY_SIZE_NOUNS)}))?\b"
)


_A_DIGIT = re.compile(r"\d")


def only_time(
    s: str, a: int, b: int, groups: list[Group], extra: frozenset[str] = frozenset()
) -> bool:
    """Whether s[a:b] holds nothing but times, filler, change verbs (and ``extra`` words)."""
    inside = [g for g in groups if a <= g.start < b]
    cuts = [a, *[x for g in inside for x in (g.start, g.end)], b]
    rest = " ".join(s[x:y] for x, y in zip(cuts[::2], cuts[1::2], strict=False))
    if _A_DIGIT.search(rest):
        rest = _PARTY_SIZE.sub(" ", rest)  # "samedi à 20h30 pour 4 personnes": a count
    words = rest.split()
    if words and s.startswith(":", b):
        words.pop()  # "date: 07/12 time: 10:45 location:": the next field's label
    for x in words:
        w = x.strip(_ASIDE_MARKS)
        if (
            w
            and w not in FILLER
            and w not in extra
            and (w not in SLOT_WEEKDAY_WORDS or w == "do")  # "ke 7.4. klo 13.15" ("do 20:00":
            # Czech and Polish "until")
            and _ALNUM.search(w) is not None
            and not RESCHEDULE.fullmatch(w)
        ):
            return False  # a word that is neither a time, filler nor a change
    return True


def _time_at_place(s: str, a: int, b: int, groups: list[Group]) -> bool:
    """Whether s[a:b] is a time and where ("7:30pm at the crown", "8 @ nandos"): it names no
    event of its own, so it is the time of the event before it."""
    inside = [g for g in groups if a <= g.start < b]
    if not inside or inside[0].start > a + len(s[a:b]) - len(s[a:b].lstrip(" ,-?!.;:")):
        return False  # the time opens the clause (after the mark that ended the one before)
    rest = s[inside[-1].end : b]
    return _AT_PLACE.fullmatch(rest) is not None and all(g.end <= inside[-1].end for g in inside)


# After a time, where it is: "at the crown", "@ nandos", "in the big room on 4" (a few words),
# "bei Prüfstelle Nord", Tagalog "sa simbahan", "at St. Mary's" (an abbreviation's dot).
_AT_PLACE = re.compile(
    r"\s*(?:at|@|in|bei|beim|bij|chez|presso|en|em|w|sa)\s*(?:the\s+)?[\w'&-]+\.?"
    r"(?:\s+(?:on\s+)?[\w'&-]+\.?){0,3}\s*[.!]?\s*"
)


# Where the group gathers for a plan named before: ", meet at the car park 6:15pm", "- meet
# 7am @ the trailhead", "; we meet outside the gym at 9".
_MEET_POINT = re.compile(
    r"[\s,;:.!?\u2013\u2014-]*(?:(?:we|we'll|well|let's|lets)\s+)?meet(?:ing)?(?:\s+up)?\b"
)
_MEET_WORDS = frozenset(["meet", "meeting"])  # words ``_MEET_POINT`` cannot match without
_PLACE_BEFORE_TIME = re.compile(
    r"\s*(?:at|@|by|outside|near|in front of)\s+(?:the\s+)?[\w'&-]+(?:\s+[\w'&-]+){0,3}"
    r"\s*(?:at|@)?\s*"
)
_MARKS_ONLY = re.compile(r"[\s.!,;]*")


def _meeting_point(r: Reading, c0: int, c1: int) -> bool:
    """Whether clause s[c0:c1] only says where to meet and when (", meet at the parking
    6:15pm"): the time of the plan named before it."""
    if r.words.isdisjoint(_MEET_WORDS):
        return False
    met = _MEET_POINT.match(r.s, c0, c1)
    if met is None:
        return False
    if _time_at_place(r.s, met.end(), c1, r.groups):
        return True  # "meet 7am at the trailhead"
    inside = [g for g in r.groups if c0 <= g.start < c1]
    return (
        bool(inside)
        and _PLACE_BEFORE_TIME.fullmatch(r.s, met.end(), inside[0].start) is not None
        and _MARKS_ONLY.fullmatch(r.s, inside[-1].end, c1) is not None
    )


def points_back(s: str, c0: int, c1: int) -> bool:
    """Whether a clause points back to an event ("tomorrow's at 9:30", "mine is at 2")."""
    return _ANAPHOR.search(s, c0, c1) is not None or _SEEING.search(s, c0, c1) is not None


def distance(e: Event, g: Group) -> int:
    if e.end <= g.start:
        return g.start - e.end
    if g.end <= e.start:
        return e.start - g.end
    return 0


def adjacent(s: str, e: Event, g: Group) -> bool:
    """Whether a weak time (a bare-number range) stands right beside its event."""
    gap = s[e.end : g.start] if e.end <= g.start else s[g.end : e.start]
    return len(gap.strip(" ,:-")) <= MAX_WEAK_GAP and "\n" not in gap


def lent_within(donor: Group, groups: list[Group], c0: int, c1: int) -> bool:
    """Whether a day lent its date to a clock time of the same clause."""
    return any(
        h is not donor and h.time is not None and h.date == donor.date and c0 <= h.start < c1
        for h in groups
    )


def inside_event(g: Group, events: list[Event]) -> bool:
    """Whether a time is part of an event's name ("the 1:1", "a 3-day workshop")."""
    return any(e.start <= g.start and g.end <= e.end and not e.synthetic for e in events)
