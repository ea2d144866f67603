"""Open-vocabulary events: what the speaker attends, read from the clause's structure.

A clause that holds a time but no known event word may still state a plan: a bare phrase
beside the time ("tutoring w/ mr okafor 4:30 today", "09:00 site visit"), the object of a
verb of attending ("i have the thing with marcus at 9", "off to jury duty"), a first-person
activity ("i'm volunteering at the food bank saturday 9 to 1") or a pick-up ("picking up my
passport on friday at 2:20" -> "passport pickup"). Its head must not be a thing, a task or
a person (alarm, deadline, the cake, the kids), and nothing but linking words, a place or
another time may stand between the phrase and its time ("the cake needs to come out in 25
mins" states no event).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from companion_bot.extraction.atoms import STREET_AFTER, TIME_WORDS, has_native_script
from companion_bot.extraction.events import work_break
from companion_bot.extraction.lexicon import (
    ADVERBS_NOT_LY,
    AGREEMENT_WORDS,
    ATTEND_VERBS,
    BOOKED_SEATS,
    CHANGE_VERBS,
    COMMON_VERBS,
    DEPARTING_RIDES,
    DEPARTURE_VERBS,
    DETERMINERS,
    DROPOFF_VERBS,
    DROPPED_THINGS,
    ENGLISH_MARKERS,
    FOREIGN_FUNCTION_WORDS,
    FOREIGN_PARTS,
    FUNCTION_WORDS,
    GRANTED_SLOTS,
    HAIRCUT_CLIENTS,
    HOME_VISITORS,
    HOMES,
    IDLE_VERBS,
    LEAD_INS,
    LINK_ADVERBS,
    MEALS,
    MEET_PHRASES,
    MONTHS,
    NAME_FIXES,
    NAME_JOINERS,
    NAMED_PARTS,
    NEVER_IN_EVENTS,
    NON_EVENTS,
    OF_PARTS,
    PARTS_OF_DAY,
    PARTY_SIZE_LINKS,
    PARTY_SIZE_NOUNS,
    PICKED_UP_PEOPLE,
    PICKUP_LEMMAS,
    PICKUP_VERBS,
    PLACE_POSTPOSITIONS,
    PLACE_PREPOSITIONS,
    POSTPOSED_PLACE_LINKS,
    ROTAS,
    ROUTE_OUTINGS,
    ROUTE_PREPOSITIONS,
    SERVICE_RIDE_WORDS,
    SIGNED_PAPERS,
    SLOT_GETTING_VERBS,
    TAKING_VERBS,
    TASK_VERBS,
    TIME_LINKS,
    TITLE_ABBREVIATIONS,
    VERB_FORMS,
    WEEKDAY_SHORTS,
    WEEKDAYS,
    alternation,
    phrases,
    rare_words,
    wordset,
)
from companion_bot.extraction.tokens import index_of, search_at

# An open-vocabulary event is less certain than a known event word (0.9) or a weak one (0.7).
OPEN_STRENGTH = 0.6
MAX_NAME_WORDS = 4  # words of an event name before "with"/"for" and after it
MIN_HEAD_CHARS = 2
MAX_KIND_WORDS = 2  # words in brackets after a name that are its kind: "Provtagning (blodprov)"
MIN_FOREIGN_WORDS = 2  # another language's function words that make a message read as it
MAX_WORDS_BESIDE = 1  # other words a clause in another language may hold beside its phrase
MIN_CANDIDATE_CHARS = 2  # a word of three letters or more may name an activity

_TOKEN = re.compile(
    r"w/|->|@|(?<=\s)[&+](?=\s)|[^\W_][\w'&.-]*s'(?!\w)|[^\W_][\w'&.-]*[^\W_.']|[^\W_]'?|[-:()]"
)
_ATTEND = re.compile(phrases(ATTEND_VERBS + "|" + CHANGE_VERBS) + r"\s+")
_ATTEND_GATE = rare_words(ATTEND_VERBS + "|" + CHANGE_VERBS)
_PROGRESSIVE = re.compile(r"\b(?:i'm|im|i am|we're|we are|i'll be|we'll be)\s+([a-z]+ing)\b\s*")
_PICKUP = re.compile(phrases("|".join(PICKUP_VERBS)))
# "dropping the boys at cricket at 8", "drop mia off to ballet" (not "drop by", "drop out").
_DROPOFF = re.compile(phrases("|".join(DROPOFF_VERBS)) + r"(?!\s+(?:by|in|over|round|out|dead)\b)")
_DROPOFF_PLACE = frozenset(["at", "to", "@"])
# The speaker coming somewhere "for" an event: "i'll come by at 4 for the document signing".
_COMING_FOR = re.compile(
    r"\b(?:i'll|ill|i will|we'll|we will|i'm|im|i am|we're|we are)\s+(?:come|coming|"
    r"be (?:there|in|at)|come (?:in|by|over|round)|drop by|pop in|stop by)\b[^.!?;]*?\bfor\s+"
)
# A meeting point and its purpose: "meet at the jetty in 11 hours for the dolphin cruise",
# "we're meeting at the rock pools at 7:15 for the marine bio walk" (not "they meet ...").
_MEET_FOR = re.compile(
    r"(?<!they )(?<!he )(?<!she )(?:^|(?<=[\s,.;:!?]))meet(?:ing)?(?:\s+up)?\s+"
    r"(?:at|@|by|outside|in front of)\b[^.!?;]*?\bfor\s+"
)
# A meeting confirmed to the others: "see you all at 7:30 at dishoom tmrw".
_SEE_YOU = re.compile(
    r"(?<!hope to )(?<!hoping to )(?<!might )(?<!maybe )(?<!would )(?<!could )"
    r"\b(?:see (?:you|u|ya|yall|y'all)|c u|cu|cya|meet (?:me|us|you|u)"
    r"|(?<=i'll )see (?:her|him|them)|(?<=ill )see (?:her|him|them))"  # "i'll see her at the"
    r"(?: (?:all|guys|both|lot|there))?\b"
)
_SEE_YOU_GATE = frozenset(["see", "c", "cu", "cya", "meet"])  # words ``_SEE_YOU`` needs
_AT_PLACE = frozenset(["at", "@", "in"])
_SEE_YOU_FOR = re.compile(r"\bfor (?:the|our|my|that|this) ")  # "for the run", not "for sure"
# Someone coming to the user's home for a job: "the landlord is coming to check the tank on
# tuesday at 10am", "technician's coming back tomorrow between 1 and 3pm".
# (not "comes at 8 and 5 every day": the present tells a habit)
_VISITOR_GATE = HOME_VISITORS | {f"{who}'s" for who in HOME_VISITORS}
_VISITOR_COMES = re.compile(
    rf"\b((?:[a-z]+\s+)?({alternation(sorted(HOME_VISITORS))}))"
    r"(?:'s|\s+is|\s+will|\s+will be|\s+should be)?\s+(?:coming|come|arriving|arrive|due|popping)\b"
)
_MEET = re.compile(phrases(MEET_PHRASES))
_MEET_GATE = rare_words(MEET_PHRASES)
# Where, after a "we meet" of another language: "im", "da", "en", "na", "sa", "bei", "pale".
_FOREIGN_AT_PLACE = _AT_PLACE | wordset("im am da al alla en na no sa di bij bei chez pale au vor")
_FOREIGN_FOR = wordset("per para pour fur voor kwa untuk for")  # ... what for: the plan
# The user taking someone of theirs somewhere: "taking dad to dialysis", "driving mia to
# swim club" (the place or activity after "to" is the event).
_TAKING_WORDS = TAKING_VERBS
_TAKING = re.compile(
    rf"\b(?:{alternation(sorted(_TAKING_WORDS))})\s+(?:my\s+|our\s+|the\s+)?[a-z]+\s+(?:to|for)\s+"
    r"(?:the\s+|his\s+|her\s+|their\s+|a\s+)?"
)  # "taking ibu for her booster"
# Meeting someone by name, said as a plan: "meet raj at the station at 8:15" (not "meet the
# deadline", nor a relative or "everyone", which name no one in particular here).
_MEET_SOMEONE = re.compile(
    r"(?:^|(?<=[\s,.;:!?]))(?:i'll\s+|ill\s+|i\s+will\s+|gonna\s+|going\s+to\s+)?meet\s+"
    r"(?!(?:me|us|you|u|up|them|him|her|the|a|an|my|our|your|at|in|for|with)\b)([a-z][a-z'-]+)\b"
)
# Someone asking to see the user: "Ms Kowalski wants to see me about Aiden's reading".
_WANTS_TO_SEE = re.compile(
    r"\b((?:(?:mr|mrs|ms|miss|dr|prof)\.?\s+)?[a-z][a-z'-]+)\s+(?:wants|asked|needs|would like)"
    r"\s+to\s+(?:see|meet)\s+(?:me|us)\b"
)
_SEE_WHOM = wordset("me us")
# A trade's or a service's message that they come to the user's home: "confirming we'll be
# at your place wednesday 9 feb between 7:30am and 9:30am to swap the old switchboard".
_YOUR_HOME = wordset("place home house property flat apartment premises")
_TRADE_COMES = re.compile(
    r"\b(?:we'll|we will|we're|we are|our\s+(?:team|technician|engineer|crew)\s+will)"
    r"\s+be\s+(?:at|round|over\s+at)\s+your\s+(?:place|home|house|property|flat|apartment|"
    r"premises)\b"
)
# What they come to do: "to swap the old switchboard", "to service the boiler"; not a
# delivery or a collection, which the user does not attend.
_DELIVERY_VERBS = wordset("deliver drop collect pick read empty bring")
_TRADE_JOB = re.compile(r"\bto\s+([a-z]+)\s+(?:the\s+|your\s+)?((?:[a-z]+\s*){1,3})")
# Time booked with someone: "booked 45 mins with the lagos team", "grabbed 15 min with raj".
_TIME_WITH = re.compile(
    r"\b(?:booked|grabbed|got|scheduled|set up|blocked|put in)\s+(?:(?:a|an|\d{1,3})\s*-?\s*"
    r"(?:min|mins|minutes|hour|hours|hr|hrs|h|m)|half an hour)\s+with\s+"
)
_TIME_WITH_GATE = wordset("booked grabbed got scheduled set blocked put")
# Visiting someone or somewhere: "visiting oma at the care home tuesday 2:30" -> "visit oma".
# A vehicle booked into a garage, and for what: "the car goes in for its service", "booked
# the van in for an mot", "i booked the car for the inspection".
_VEHICLES = wordset("car van bike motorbike truck")
_VEHICLE_IN_FOR = re.compile(
    r"\b(car|van|bike|motorbike|truck)(?:'s)?\s+(?:goes|is going|going|is booked|booked|is)?"
    r"\s*(?:back\s+)?(?:in\s+)?for\s+(?:its|her|the|an?|a)\s+"
    r"(service|mot|inspection|repair|tyres|tires|check|checkup|check-up|valet|wof|nct|tuv)\b"
)
# A departure counted down from now: "the dive boat leaves in 9 hours", "charter leaves the
# wharf in 10 hrs" (a word before the ride names it: "dive boat", "fishing charter").
_COUNTED_DEPARTURE = re.compile(
    rf"\b(?:([a-z][a-z'-]*)\s+)?({alternation(DEPARTING_RIDES)})\s+"
    r"(?:(?:out\s+)?to\s+[^,.;!?\n]{1,30}?\s+)?"  # where it goes: "out to ball's pyramid"
    rf"(?:{alternation(DEPARTURE_VERBS)})\b[^,.;!?\n]{{0,40}}?"
    r"\bin\s+(?:\d+(?:\.\d+)?|an?|half an?)\s*"
    r"(?:hours?|hrs?|h|mins?|minutes?)\b(?!\s+without)"
)
_RIDE_NAME_SKIPS = DETERMINERS | wordset("my our")


def _counted_departure(s: str, c0: int, c1: int, words: frozenset[str]) -> Phrase | None:
    """The ride a clause counts down to ("the dive boat leaves in 9 hours"), not a service's
    ("the last bus leaves in 10 mins") nor another's ("her ferry leaves in 2 hours")."""
    if words.isdisjoint(DEPARTURE_VERBS) or words.isdisjoint(DEPARTING_RIDES):
        return None
    found = _COUNTED_DEPARTURE.search(s, c0, c1)
    if found is None:
        return None
    before, ride = found.group(1), found.group(2)
    if before is not None and (before in SERVICE_RIDE_WORDS or before.endswith("'s")):
        return None
    if before is None or before in _RIDE_NAME_SKIPS:
        return Phrase(found.start(2), found.end(2), ride)
    return Phrase(found.start(1), found.end(2), f"{before} {ride}")


# Tickets the user holds, for what: "i got the two tickets for fontaines d.c.", "we have
# tickets to hamilton".
_TICKETS = re.compile(
    r"\b(?:got|have|bought|booked|grabbed|scored)\s+(?:(?:us|me|the|our|my|some|two|three|four|"
    r"\d+)\s+)*"
    r"tickets?\s+(?:for|to)\s+(?:see\s+)?"
)
_TICKETS_GATE = wordset("ticket tickets")
_VISITING = re.compile(r"\b(?:visiting|visit)\s+(?!hours?\b|times?\b)")
_VISITING_GATE = wordset("visiting visit")
MEET_GAP = 4  # characters between a plan and its place: "aperitivo da marco"
# "i'll be there!" in the sentence before a time's clause: the user goes to the place it names.
_BE_THERE = re.compile(r"\b(?:i'll|ill|i will|we'll|we will)\s+be there\b(?! in spirit)")
BE_THERE_BEFORE = 40
_PERSON_AFTER = re.compile(r"(?:him|her|them|me|us)\b")
_NEEDS_OBJECT = frozenset(["to", "be"])
# Articles and possessives of other languages before an event: "tenemos la quinceañera".
_ARTICLES = wordset("la el los las le les il lo gli una une uno der das dem eine einen mi mis")
_WITH_WORDS = frozenset(["with", "w/", "w"])
_OUTINGS_WITH_SOMEONE = wordset("movie movies film cinema")
_COUNTS = wordset(
    "two three four five six seven eight nine ten eleven twelve twenty several few couple "
    "dozen dozens"
)
# First names that end like a past tense: "send-off for ahmed".
_NAMES_IN_ED = frozenset(["ahmed", "mohammed", "mohamed", "muhammed", "ted", "fred", "ned", "ed"])
_ATTENDING_INFINITIVES = frozenset(["appear", "attend", "report", "be"])
_THING_WITH = re.compile(r"thing (?:with|w/|w)$")
_LIST_MARKS = frozenset(["-", "->", ":", "(", ")"])
_COPULAS = frozenset(["is", "are", "'s", "was"])
_HAS_DIGIT = re.compile(r"\d")  # "u9 9:00, u11 10:30": age groups and codes name no event
_NUMBERED_NAME = re.compile(r"\d{1,2}-a-side|\d-on-\d|\d{2,3}(?:st|nd|rd|th)")  # "nana's 80th"
# Heads that are events only with a word before them: "first day", "quiz night".
_MODIFIED_HEADS = frozenset(["day", "night", "evening", "thing"])
# Words that may end a name run without being name words themselves ("quiz night").
_NAME_ENDINGS = NAMED_PARTS | _MODIFIED_HEADS
_HAVING_DONE = re.compile(
    r"\b(?:getting|get|having|have|got)\s+(?:a|an|my|the|our)\s+([a-z]+(?:\s[a-z]+)?)\s+"
    r"(pulled|done|removed|fixed|checked|cut|dyed|coloured|colored|waxed|installed|repaired|"
    r"serviced|cleaned|tested|taken out|looked at|drawn|filled|set|taken)\b"
)
# Signing papers: "sign the mortgage", "signing our lease".
_SIGNING = re.compile(
    rf"\b(?:sign|signing)\s+(?:the\s+|our\s+|my\s+)?(?:new\s+)?"
    rf"({'|'.join(sorted(SIGNED_PAPERS))})\b"
)
# A place handing the user a slot: "the passport office finally gave me a slot".
_GRANTED = re.compile(
    r"\b(?:the\s+)?((?:[a-z]+\s+){0,1}[a-z]+)\s+(?:finally\s+|just\s+|have\s+|has\s+)?"
    rf"(?:gave|given|offered|sent)\s+(?:me|us)\s+(?:a|an|the)\s+(?:{'|'.join(sorted(GRANTED_SLOTS))})\b"
)


# A place that is no event alone, visited at a time for a booked matter: "bank at 9 to sign
# the loan papers", "immigration office at 9:30 for the residence card".
_ERRAND_PLACES = wordset("bank office")
_BOOKED_MATTERS = wordset(
    "loan mortgage account card visa permit passport biometrics interview appointment papers "
    "documents paperwork lease contract application fingerprints"
)
_PLACE_FOR_MATTER = re.compile(
    r"\b(?:the\s+|my\s+|our\s+)?((?:[a-z]+\s+)?(?:bank|office))\s+(?:at|@)\s+[^,.;!?\n]{1,30}?"
    r"\b(?:for|to)\s+(?:(?:sign|discuss|open|sort out|collect|renew)\s+)?"
    r"(?:the\s+|my\s+|our\s+|a\s+|an\s+)?"
    rf"((?:[a-z]+\s+){{0,2}}(?:{alternation(sorted(_BOOKED_MATTERS))}))\b"
)


def _place_for_matter(s: str, c0: int, c1: int, words: frozenset[str]) -> Phrase | None:
    """ "bank at 12 for the car loan" -> "bank car loan" (``_PLACE_FOR_MATTER``)."""
    if words.isdisjoint(_ERRAND_PLACES) or words.isdisjoint(_BOOKED_MATTERS):
        return None
    m = _PLACE_FOR_MATTER.search(s, c0, c1)
    if m is None:
        return None
    return Phrase(m.start(1), m.end(2), f"{m.group(1)} {m.group(2)}")


# A slot the user gets or is given: "managed to get a", "we grabbed the", "gave me a".
_SLOT_HELD = re.compile(
    rf"(?:^|(?<=[\s,.;:!?]))(?:(?:{alternation(sorted(SLOT_GETTING_VERBS))})|(?:gave|given|"
    r"offered) (?:me|us))\s+(?:a|an|the|my|our)\s+"
)
# Who may get the slot: the user, said or left out ("finally got", "managed to get").
_SLOT_HOLDERS = wordset("i we i've ive we've weve finally just managed to and so ok anyway")
# What a slot is on or for ("the 2-4pm slot on the 3d printer"), or whom it is with ("a
# slot with the writing centre": an appointment); not "at", which says where.
_SLOT_WHAT = {"on": "slot", "for": "slot", "with": "appointment"}
_SLOT = "slot"
_GRANTING = ("gave", "given", "offered")


def _slot_held(s: str, c0: int, c1: int, times: list[tuple[int, int]]) -> Phrase | None:
    """The slot the user holds, named by what it is for: "managed to get a genius bar slot"
    -> "genius bar slot", "got the 18:00-21:00 slot on the confocal microscope" ->
    "confocal microscope slot" (not "she got a slot ...")."""
    held = _SLOT_HELD.search(s, c0, c1)
    if held is None:
        return None
    before = s[max(c0, held.start() - SLOT_SUBJECT_CHARS) : held.start()].split()
    granted = s.startswith(_GRANTING, held.start())
    if before and before[-1] not in _SLOT_HOLDERS and not granted:
        return None  # "she got a slot at the genius bar": hers
    tokens = _tokens(s, held.end(), c1, times)
    slot = next((i for i, t in enumerate(tokens[: MAX_NAME_WORDS + 1]) if t.text == _SLOT), -1)
    if slot < 0:
        return None
    if slot > 0:
        what = _phrase(tokens[:slot], keep_place=False)
        if what is None or what.end != tokens[slot - 1].end:
            return None
        name = f"{what.name} appointment"  # a slot named by what it is for: a booking
    elif not granted and slot + 1 < len(tokens) and tokens[slot + 1].text in _SLOT_WHAT:
        what = _phrase(tokens[slot + 2 :], keep_place=False)
        if what is None:
            return None
        name = f"{what.name} {_SLOT_WHAT[tokens[slot + 1].text]}"  # "microscope slot"
    else:
        return None  # "they gave me a slot at the hub": what for is said elsewhere
    start, end = min(what.start, tokens[slot].start), max(what.end, tokens[slot].end)
    return Phrase(start, end, name)


SLOT_SUBJECT_CHARS = 12  # the word before the verb: "she got", "managed to get"


def _signing(s: str, c0: int, c1: int, words: frozenset[str]) -> Phrase | None:
    """Papers signed or a slot handed over, as the event ("we sign the lease at the agency"
    -> "lease signing"; "the passport office gave me a slot" -> "passport office")."""
    if not words.isdisjoint(_SIGN_WORDS) and (m := _SIGNING.search(s, c0, c1)) is not None:
        return Phrase(m.start(), m.end(), f"{m.group(1)} signing")
    if words.isdisjoint(_GRANT_WORDS) or words.isdisjoint(GRANTED_SLOTS):
        return None
    m = _GRANTED.search(s, c0, c1)
    if m is None or m.group(1).split()[0] in _NOT_GRANTERS:
        return None  # "they gave me a slot": who, not what
    return Phrase(m.start(1), m.end(1), m.group(1))


_SIGN_WORDS = wordset("sign signing")
_GRANT_WORDS = wordset("gave given offered sent")
_NOT_GRANTERS = wordset("they he she it who someone she's they've finally just")
_DONE_WORDS = wordset(
    "pulled done removed fixed checked cut dyed coloured colored waxed installed repaired "
    "serviced cleaned tested taken looked drawn filled set"
)  # a word ``_HAVING_DONE`` cannot match without
_ANAPHOR = re.compile(  # not the "it" of "make it to pilates", "look at it", "if it rains"
    r"\b(?:(?<!\bat )(?<!\bfor )(?<!\bwith )(?<!\babout )(?:(?<!make )(?<!made )it|it(?! to\b))"
    r"(?!\s+(?:rains|snows|pours)\b)|it's|its|(?<!\bat )(?<!\bin )(?<!\bto )(?<!\bround )mine"
    r"|mine's|that's|tomorrow's|today's)\b"
)  # "at mine", "round mine": at the speaker's home
_ANAPHOR_FIRST = wordset("it its mine that tomorrow today")  # where its matches begin
# "dinner tonight at 8:15 it is": the plan settled, not a pointer back to another clause.
_SETTLED = re.compile(r"it(?:\s+is|'s)(?:\s+then)?[\s.!]*$")
_NOT_CANDIDATES = (
    FUNCTION_WORDS
    | FOREIGN_FUNCTION_WORDS
    | VERB_FORMS
    | LEAD_INS
    | NON_EVENTS
    | DETERMINERS
    | TIME_LINKS
    | TIME_WORDS
)
_TIME_NAMES = (
    frozenset(WEEKDAYS)
    | WEEKDAY_SHORTS
    | frozenset(MONTHS)
    | frozenset(PARTS_OF_DAY)
    | frozenset(FOREIGN_PARTS)
    | frozenset(OF_PARTS)
)
# Words that are never part of an event's name.
_NOT_NAME_WORDS = (
    _TIME_NAMES
    | FUNCTION_WORDS
    | FOREIGN_FUNCTION_WORDS
    | VERB_FORMS
    | DETERMINERS
    | NAME_JOINERS
    | PLACE_PREPOSITIONS
    | TIME_LINKS
)
_JOINERS_AND_PLACES = NAME_JOINERS | PLACE_PREPOSITIONS
# Words a clause in another language may hold beside its phrase and time.
_LINKING_WORDS = (
    _JOINERS_AND_PLACES | TIME_LINKS | LEAD_INS | FOREIGN_FUNCTION_WORDS | DETERMINERS | _ARTICLES
)


class Token(NamedTuple):
    start: int
    end: int
    text: str


class Phrase(NamedTuple):
    """An event phrase found in a clause: where it is and the name it gives."""

    start: int
    end: int
    name: str
    bare: bool = False  # a noun phrase alone ("koningsdag tomorrow"), no verb of attending
    invited: bool = False  # "tunde invited us to his housewarming": the user's only if accepted
    theirs: bool = False  # "mum's collecting ava at 3:30": done by another, unless joined


def may_state_open_event(words: frozenset[str]) -> bool:
    """Cheap gate on a message's words: whether any could name an activity at all.

    "how are you doing today?", "it's 28 degrees outside" hold none (function words, verbs,
    time words, things), so their times are not even parsed.
    """
    return any(
        len(w) > MIN_CANDIDATE_CHARS
        and (not w.endswith("ed") or w in _NAMES_IN_ED)
        and (not w.endswith("ly") or w in ADVERBS_NOT_LY)  # "assembly", "rally"
        for w in words - _NOT_CANDIDATES
    )


def open_event(
    s: str, c0: int, c1: int, times: list[tuple[int, int]], words: frozenset[str]
) -> Phrase | None:
    """The event a clause s[c0:c1] states beside one of its ``times`` (spans), if any
    (``words``: the message's)."""
    done = None if words.isdisjoint(_DONE_WORDS) else _HAVING_DONE.search(s, c0, c1)
    if done is not None:  # "getting a tooth pulled", "having my hair cut"
        return Phrase(done.start(1), done.end(), f"{done.group(1)} {done.group(2)}")
    garage = None if words.isdisjoint(_VEHICLES) else _VEHICLE_IN_FOR.search(s, c0, c1)
    if garage is not None:  # "the car goes in for its service" -> "car service" (a booking,
        # whatever task is said beside it: "drop it off first thing")
        return Phrase(garage.start(), garage.end(), f"{garage.group(1)} {garage.group(2)}")
    slot = None if "slot" not in words else _slot_held(s, c0, c1, times)
    if slot is not None:  # "got the 18:00-21:00 slot on the confocal microscope"
        return slot
    signed = (
        _signing(s, c0, c1, words)
        or _place_for_matter(s, c0, c1, words)
        or _counted_departure(s, c0, c1, words)
    )
    if signed is not None:  # "we sign the mortgage at the bank friday 11am"
        return signed
    tokens = _tokens(s, c0, c1, times)
    if not tokens or (_is_task(tokens) and not _takes_someone(s, c0, c1, words)):
        return None  # "call the bank at 9"; not "collect hamza from cricket at 5:45"
    if _points_back(s, c0, c1):
        return None  # a clause pointing back ("it's at 10") takes its neighbour's event
    anchored = _after_verb(s, c0, c1, tokens, words)
    if anchored is not None:
        if _shift_handover(anchored.name) and _SHIFT_KIND_BEFORE.search(s, c0, anchored.start):
            return None  # "shift handover at 19:30": "shift" is no change verb there
        return anchored
    agreed = _agreed_place(s, c0, c1, tokens, times)
    if agreed is not None:
        return agreed
    bare = _bare_phrase(tokens, times)
    if bare is not None and _shift_handover(bare.name) and not words.isdisjoint(_AT_WORK):
        return None  # "handover at 7:30 then break at 10": the shift's, told among its parts
    if bare is not None and bare.name in MEALS and work_break(s, s[bare.end : bare.end + 40]):
        return None  # "break at 10:15, lunch at 12:30": a shift's break
    if bare is None or (in_another_language(words) and not _whole_clause(tokens, bare)):
        return None  # in another language only "Abendessen bei Oma am Sonntag um 18 Uhr"
    if is_locality(s, c0, c1):
        return None  # "at 14 Smith St, Parap, Saturday 10:00": the address's suburb
    return _with_particle(s, bare)._replace(bare=True)


# A hand-over verb named alone keeps its particle: "drop off tomorrow 7:30am" -> "drop-off".
_PARTICLES = {"drop": "off", "pick": "up"}


def _with_particle(s: str, phrase: Phrase) -> Phrase:
    """``phrase`` with the particle of its lone hand-over verb ("drop" -> "drop-off")."""
    particle = _PARTICLES.get(phrase.name)
    if particle is None or s[phrase.end + 1 : phrase.end + 1 + len(particle)] != particle:
        return phrase
    end = phrase.end + 1 + len(particle)
    if s[phrase.end] not in " -" or (end < len(s) and s[end].isalnum()):
        return phrase  # "pick upholstery"
    return phrase._replace(end=end, name=f"{phrase.name}-{particle}")


# A street address ending right before a clause: "14 Smith St, " (its suburb follows).
_ADDRESS_BEFORE = re.compile(rf"\d[a-z]?{STREET_AFTER.pattern}\s*,?\s*$")
_STREET_WORDS = wordset(
    "st street rd road ave avenue lane ln blvd boulevard crescent terrace sq square hwy highway "
    "pkwy parkway"
)  # a word ``STREET_AFTER`` cannot match without
ADDRESS_CHARS = 48  # "1130 Martin Luther King Jr Blvd, "
MAX_LOCALITY_WORDS = 2  # "Parap", "Surry Hills"


def is_locality(s: str, c0: int, c1: int) -> bool:
    """Whether clause s[c0:c1] is the suburb or town of the street address before it."""
    if index_of(s).words().isdisjoint(_STREET_WORDS):
        return False
    words = s[c0:c1].replace(",", " ").split()
    named = sum(w[0].isalpha() and w not in TIME_WORDS for w in words)
    return named <= MAX_LOCALITY_WORDS and (
        _ADDRESS_BEFORE.search(s, max(0, c0 - ADDRESS_CHARS), c0) is not None
    )


def _whole_clause(tokens: list[Token], phrase: Phrase) -> bool:
    """Whether the clause is the phrase and its time alone, but for linking words and marks
    ("13:00 comida con mi jefe"; not "llegara el miercoles entre las 9:00 y las 14:00")."""
    rest = [
        t
        for t in tokens
        if not phrase.start <= t.start < phrase.end
        and t.text[0].isalpha()
        and t.text not in _LINKING_WORDS
    ]
    return len(rest) <= MAX_WORDS_BESIDE


def in_another_language(words: frozenset[str]) -> bool:
    """Whether a message reads as another language than English: more of its function words
    are another language's ("tu pedido llegara el miercoles entre las 9:00 y las 14:00")."""
    foreign = len(words & FOREIGN_FUNCTION_WORDS)
    return foreign >= MIN_FOREIGN_WORDS and foreign > len(words & ENGLISH_MARKERS)


# "it's" that presents what follows: "thursday it's jacko's 40th", "then it's the pub quiz"
# (not "it's the same time", "it's a 2pm start", "it's at 10").
_PRESENTS = re.compile(
    r"\s+(?:(?:the|an?|my|our)\s+(?!(?:same|usual|one|ones|time|start|day)\b)[a-z]"
    r"|[a-z]+'s\s+(?:\d+(?:st|nd|rd|th)\b|(?!(?:at|on|in|from|till|until)\b)[a-z]))"
)


def _points_back(s: str, c0: int, c1: int) -> bool:
    """ "it's at 10", "mine's at 3" point to another clause's event; "8:15 it is" does not,
    nor "thursday it's jacko's 40th", which names its own."""
    starts = index_of(s).starts(_ANAPHOR_FIRST)
    anaphor = search_at(_ANAPHOR, s, starts, c0, c1)
    if (
        anaphor is not None
        and s.startswith("it's", anaphor.start())
        and _PRESENTS.match(s, anaphor.start() + len("it's"))
    ):
        anaphor = search_at(_ANAPHOR, s, starts, anaphor.start() + len("it's"), c1)
    if anaphor is None:
        return False
    return (
        _SETTLED.match(s, anaphor.start(), c1) is None
        or search_at(_ANAPHOR, s, starts, anaphor.end(), c1) is not None
    )


NATIVE_WORD = "·"  # a word of another script, as ``_tokens`` gives it


def _tokens(s: str, c0: int, c1: int, times: list[tuple[int, int]]) -> list[Token]:
    """The words and marks of s[c0:c1] outside its times; a word of another script is a
    mark (an event's name is said in the clause's Latin-script words: "Hair Salon MOA 表参道店")."""
    tokens: list[Token] = []
    new = tuple.__new__  # a Token without the call of its Python-level constructor
    native = has_native_script(s)
    for m in _TOKEN.finditer(s, c0, c1):
        pos = m.start()
        if native and has_native_script(m.group()):
            tokens.append(new(Token, (pos, m.end(), NATIVE_WORD)))
            continue
        for a, b in times:
            if a <= pos < b:
                break
        else:
            tokens.append(new(Token, (pos, m.end(), m.group())))
    return tokens


# Nouns after a task verb that make it a gathering: "study group", "revision session".
_GATHERINGS = wordset("group grp session sesh club circle party night date hall")


_LETS_PIDGIN = wordset("we una")  # "make we see", "make una come": let's, in Naija Pidgin


# A dictated message's command and its first words ("text sarah i'll ...", "tell nadia we're").
_RELAY_COMMANDS = wordset("text tell message msg")
_SPEAKER_SAYS = wordset("i i'll ill i'm im we we'll we're")


def _is_task(tokens: list[Token]) -> bool:
    """ "call the bank at 9", "remind me to take the chicken out": a to-do, not an event."""
    words: list[str] = []  # the first three words that are no lead-in are all that count
    for t in tokens:
        if t.text not in LEAD_INS:
            words.append(t.text)
            if len(words) == 3:
                break
    if not words:
        return False
    first = words[0]
    second = words[1] if len(words) > 1 else ""
    if first in _RELAY_COMMANDS and words[-1] in _SPEAKER_SAYS:
        return False  # dictated: "text sarah i'll see her at the gym at half five"
    if (first in TASK_VERBS or _task_participle(first)) and not (
        second == "it" or second in _GATHERINGS or (first == "make" and second in _LETS_PIDGIN)
    ):  # "call the bank at 9", "printing CVs tonight"; not "make it to pilates", "study group",
        # nor Pidgin's "make we see for yaba by 4pm" (let's)
        return True
    return (
        first in ("need", "have", "gotta", "must")
        and len(words) > 1
        and words[1] in ("to", "2")
        and (len(words) < 3 or words[2] not in _ATTENDING_INFINITIVES)
    )  # "have to renew my passport", not "have to appear in court"


def _takes_someone(s: str, c0: int, c1: int, words: frozenset[str]) -> bool:
    """Whether the clause fetches or takes someone somewhere ("collect hamza from cricket",
    "taking dad to his hearing test"): an errand the user goes to, not a to-do."""
    return (not words.isdisjoint(PICKUP_VERBS) and _PICKUP.search(s, c0, c1) is not None) or (
        not words.isdisjoint(_TAKING_WORDS) and _TAKING.search(s, c0, c1) is not None
    )


def _task_participle(word: str) -> bool:
    if not word.endswith("ing"):
        return False
    stem = word[:-3]
    return any(s in TASK_VERBS for s in (stem, stem + "e", stem[:-1]))


def _after_verb(
    s: str, c0: int, c1: int, tokens: list[Token], words: frozenset[str]
) -> Phrase | None:
    """The object of a verb of attending, a first-person activity, or a pick-up."""
    pickup = None if words.isdisjoint(PICKUP_VERBS) else _PICKUP.search(s, c0, c1)
    if pickup is None and not words.isdisjoint(_GET_WORDS):
        pickup = _getting_someone(s, c0, c1)
    if pickup is not None:
        return _picked_up_phrase(tokens, pickup)
    return (
        _taken_along(s, c0, c1, tokens, words)
        or _someone_seen(s, c0, c1, tokens, words)
        or _told_to_come(s, c0, c1, words)
        or _attended(s, c0, c1, tokens, words)
    )


# A provider telling the user when to come: "the guy from the bank said come in on monday at
# two fifteen", "the man at the agent office says i should come thursday 2 o'clock to sort
# the sim registration".
_TOLD_TO_COME = re.compile(
    r"\b(?:said|says|told (?:me|us)|asked (?:me|us)|wants (?:me|us))\s+(?:to\s+|(?:i|we)\s+"
    r"(?:should|can|could|must|need to|have to)\s+)?come\s*(?:in|back|by|round|over|down)?\b"
)
_TOLD_TO_COME_WORDS = wordset("said says told asked wants")
# What the visit is for, after its time: "to sort the sim registration palaver".
_COME_TO_DO = re.compile(
    r"\bto\s+(?:sort(?:\s+out)?|fix|sign|do|collect|pick up|finish|complete|discuss|renew|"
    r"register|submit|finalise|finalize)\s+(?:the\s+|my\s+|our\s+)?((?:[a-z][a-z'-]*\s*){1,3})"
)
# Where the teller is: "the guy from the bank", "the lady at the passport office".
_TELLER_PLACE = re.compile(
    r"\b(?:from|at)\s+(?:the\s+)?((?:[a-z][a-z'-]*\s+){0,2}[a-z][a-z'-]*)\s*$"
)


def _told_to_come(s: str, c0: int, c1: int, words: frozenset[str]) -> Phrase | None:
    """A visit someone told the user to make, named by what it is for or where it is."""
    if words.isdisjoint(_TOLD_TO_COME_WORDS) or "come" not in words:
        return None
    told = _TOLD_TO_COME.search(s, c0, c1)
    if told is None:
        return None
    purpose = _COME_TO_DO.search(s, told.end(), c1)
    if purpose is not None:
        name = purpose.group(1).strip()
        return Phrase(purpose.start(1), purpose.start(1) + len(name), name)
    place = _TELLER_PLACE.search(s, c0, c0 + len(s[c0 : told.start()].rstrip()))
    if place is None:
        return None
    return Phrase(place.start(1), place.end(1), f"{place.group(1)} appointment")


# The user getting someone, a pick-up: "this friday i'm getting the boys at 2:45", "i'll get
# him at 3:20" (not "i'm getting my nails done", nor "she's getting the kids").
_GETTING_SOMEONE = re.compile(
    r"\b(?:i'm|im|i am|i'll|ill|i will|i can|we're|we'll)\s+(?:just\s+|also\s+)?(get(?:ting)?)"
    rf"\s+(?:the\s+|my\s+|our\s+)?(?:{alternation(sorted(PICKED_UP_PEOPLE))}|him|her|them)\b"
)
_GET_WORDS = wordset("get getting")
_GET_VERB = re.compile(r"get(?:ting)?")


def _getting_someone(s: str, c0: int, c1: int) -> re.Match[str] | None:
    """The verb of the user getting someone in s[c0:c1] (``_GETTING_SOMEONE``), if any."""
    found = _GETTING_SOMEONE.search(s, c0, c1)
    return None if found is None else _GET_VERB.match(s, found.start(1))


def _picked_up_phrase(tokens: list[Token], pickup: re.Match[str]) -> Phrase | None:
    """A pick-up's phrase: a ride the user is given, or whom they (or another) collect."""
    ride = _picked_up(tokens, pickup)
    if ride is not None:
        return ride
    found = _pickup(tokens, pickup.end(), pickup.group().split()[0])
    if found is not None and _done_by_another(tokens, pickup.start()):
        return found._replace(theirs=True)
    return found


def _taken_along(
    s: str, c0: int, c1: int, tokens: list[Token], words: frozenset[str]
) -> Phrase | None:
    """Where the user drops off or takes someone: "drop-off at the vet", "taking dad to ..."."""
    dropoff = None if words.isdisjoint(DROPOFF_VERBS) else _DROPOFF.search(s, c0, c1)
    if dropoff is not None:
        found = _dropoff(tokens, dropoff.end())
        if found is not None:
            return found
    taking = None if words.isdisjoint(_TAKING_WORDS) else _TAKING.search(s, c0, c1)
    if taking is not None:  # "taking dad to dialysis tues 7am": where the user takes them
        found = _phrase(_following(tokens, taking.end()), keep_place=False)
        if found is not None:
            return found
    return None


def _someone_seen(
    s: str, c0: int, c1: int, tokens: list[Token], words: frozenset[str]
) -> Phrase | None:
    """Someone the user sees: a visitor at home, a person met or visited, time booked with
    a team, a show the user has tickets for."""
    comes = None if words.isdisjoint(_VISITOR_GATE) else _VISITOR_COMES.search(s, c0, c1)
    if comes is not None:  # "the council inspector is coming" -> "council inspector visit"
        who = comes.group(1)
        if who != comes.group(2) and not _is_name_word(who.split()[0]):
            who = comes.group(2)  # "the landlord", "so the technician"
        return Phrase(comes.end(1) - len(who), comes.end(1), f"{who} visit")
    coming = None if words.isdisjoint(_YOUR_HOME) else _TRADE_COMES.search(s, c0, c1)
    job = None if coming is None else _TRADE_JOB.search(s, coming.end(), c1)
    if coming is not None and job is not None and job.group(1) not in _DELIVERY_VERBS:
        # "we'll be at your place wed 9 feb 7:30-9:30 to swap the old switchboard"
        return Phrase(coming.start(), coming.end(), f"{job.group(1)} {job.group(2).strip()}")
    asked = None if words.isdisjoint(_SEE_WHOM) else _WANTS_TO_SEE.search(s, c0, c1)
    if asked is not None and _is_name_word(asked.group(1).split()[-1]):
        return Phrase(asked.start(1), asked.end(1), f"meeting with {asked.group(1)}")
    meet = None if "meet" not in words else _MEET_SOMEONE.search(s, c0, c1)
    if meet is not None and _is_name_word(meet.group(1)) and meet.group(1) not in NON_EVENTS:
        return Phrase(meet.start(1) - len("meet "), meet.end(1), f"meet {meet.group(1)}")
    booked = None if words.isdisjoint(_TIME_WITH_GATE) else _TIME_WITH.search(s, c0, c1)
    if booked is not None:  # "booked 45 mins with the lagos team" -> "meeting with lagos team"
        found = _phrase(_following(tokens, booked.end()), keep_place=False, allow_people=True)
        if found is not None:
            return found._replace(start=booked.start(), name=f"meeting with {found.name}")
    tickets = None if words.isdisjoint(_TICKETS_GATE) else _TICKETS.search(s, c0, c1)
    if tickets is not None:  # "got tickets for arctic monkeys" -> "arctic monkeys"
        found = _phrase(_following(tokens, tickets.end()), keep_place=False, allow_people=True)
        if found is not None:
            return found
    visit = None if words.isdisjoint(_VISITING_GATE) else _VISITING.search(s, c0, c1)
    if visit is not None:
        found = _phrase(_following(tokens, visit.end()), keep_place=False, allow_people=True)
        if found is not None:
            return found._replace(start=visit.start(), name=f"visit {found.name}")
    return None


def _attended(
    s: str, c0: int, c1: int, tokens: list[Token], words: frozenset[str]
) -> Phrase | None:
    """The object of a verb of attending, a "see you at", a "we meet", a "be there", or a
    first-person activity ("i'm climbing with jo")."""
    for m in _ATTEND.finditer(s, c0, c1) if not words.isdisjoint(_ATTEND_GATE) else ():
        following = _following(tokens, m.end())
        if following and (following[0].text in _NEEDS_OBJECT or following[0].text in TASK_VERBS):
            continue  # "i have to call ...", "gotta prep slides tonight"
        phrase = _phrase(following, keep_place=False)
        if phrase is not None:
            return phrase._replace(invited=m.group().startswith("invited"))
    see = _SEE_YOU.search(s, c0, c1) if not words.isdisjoint(_SEE_YOU_GATE) else None
    if see is not None:
        place = _meeting_place(_following(tokens, see.end()))
        if place is not None:
            return place
        purpose = _SEE_YOU_FOR.search(s, see.end(), c1)
        if purpose is not None:  # "c u 2moro @ 7 for the run"
            found = _phrase(_following(tokens, purpose.end()), keep_place=False)
            if found is not None:
                return found
    meet = _MEET.search(s, c0, c1) if not words.isdisjoint(_MEET_GATE) else None
    if meet is not None:  # "wir treffen uns morgen um halb drei im cafe luitpold"
        return (
            _met(s, _following(tokens, meet.end()))
            or _postposed_place(s, tokens, meet)  # "connaught place pe milte hain"
            or Phrase(meet.start(), meet.end(), meet.group())
        )
    there = s.find(" be there", max(0, c0 - BE_THERE_BEFORE), c0)
    if there >= 0 and _BE_THERE.search(s, max(0, there - 8), c0):
        # "yess i'll be there! 6:30 at the bowling alley tomorrow": the place is the meeting
        place = _meeting_place(tokens)
        if place is not None:
            return place
    coming = None
    if s.find(" for ", c0, c1) >= 0:
        coming = _COMING_FOR.search(s, c0, c1) or _meet_for(s, c0, c1, words)
    if coming is not None:  # "i will come to your office on monday 9 for the contract signing"
        phrase = _phrase(_following(tokens, coming.end()), keep_place=False)
        if phrase is not None:
            return phrase
    ing = _PROGRESSIVE.search(s, c0, c1) if s.find("ing", c0, c1) >= 0 else None
    if (
        ing is not None
        and ing.group(1) not in IDLE_VERBS
        and ing.group(1) not in VERB_FORMS
        and not _PERSON_AFTER.match(s, ing.end())
    ):  # not "(i'm taking them)": going along with someone names no activity
        verb = Token(ing.start(1), ing.end(1), ing.group(1))
        rest = _phrase(_following(tokens, ing.end()), keep_place=True, allow_people=True)
        if rest is not None:
            return Phrase(verb.start, rest.end, f"{verb.text} {rest.name}")
        return Phrase(verb.start, verb.end, verb.text)
    return None


# After a plan's clause, the speaker seeing the others there: ", see u there", ", c u there".
_SEE_YOU_THERE = re.compile(
    r"[\s,;.!-]*(?:then\b|(?:see (?:you|u|ya|yall|y'all)|c u|cu|cya)(?: all| guys)? there\b)"
)  # or the clause "then" that closes it: "ok 7 at the pub then"
_THEN = "then"
# An agreement in the clause before: "sure, 10:30 at the library".
_AGREED_BEFORE = re.compile(rf"(?:^|[\s.!])(?:{alternation(sorted(AGREEMENT_WORDS))})[\s,.!]*$")
AGREED_BEFORE_CHARS = 12


def _agreed_place(
    s: str, c0: int, c1: int, tokens: list[Token], times: list[tuple[int, int]]
) -> Phrase | None:
    """The place a settled plan meets at, said as a time and where: "ok half 3 at the cafe
    then", "half 4 at the park w the dogs, see u there" (the time opens the clause, and an
    agreement, a closing "then" or a "see you there" settles it)."""
    if not times or not tokens or tokens[-1].start < times[0][1]:
        return None
    opening = [t for t in tokens if t.start < times[0][0]]
    after = [t for t in tokens if t.start >= times[0][1]]
    if any(t.text not in AGREEMENT_WORDS for t in opening) or not after:
        return None
    if (
        after[0].text not in _AT_PLACE
        or after[0].text == "in"
        or s[times[0][1] : after[0].start].strip()
    ):
        return None  # "7 at the pub": the place right after the time
    settled = (
        bool(opening)
        or after[-1].text == _THEN
        or _SEE_YOU_THERE.match(s, c1) is not None
        or _AGREED_BEFORE.search(s, max(0, c0 - AGREED_BEFORE_CHARS), c0) is not None
    )
    return _meeting_place(after) if settled else None


def _meet_for(s: str, c0: int, c1: int, words: frozenset[str]) -> re.Match[str] | None:
    """The "meet at ... for" before a plan's name in s[c0:c1] (``_MEET_FOR``)."""
    if "meet" not in words and "meeting" not in words:
        return None
    return _MEET_FOR.search(s, c0, c1)


def _met(s: str, after: list[Token]) -> Phrase | None:
    """What a "we meet" of another language names by the words ``after`` it: its plan and
    place ("per l'aperitivo da marco" -> "aperitivo da marco"), or its place ("im cafe
    luitpold")."""
    plan = _meeting_place(after, _FOREIGN_FOR)
    place = _meeting_place(after, _FOREIGN_AT_PLACE)
    if plan is not None and place is not None and 0 <= place.start - plan.end <= MEET_GAP:
        words = s[plan.start : place.end].split()
        return Phrase(plan.start, place.end, " ".join([words[0].rpartition("'")[2], *words[1:]]))
    return plan or place


def _postposed_place(s: str, tokens: list[Token], meet: re.Match[str]) -> Phrase | None:
    """The place a Hinglish "we meet" names with "pe" after it, before or after the verb
    ("connaught place pe milte hain", "milte hain ccd pe"); None when there is none."""
    for i, t in enumerate(tokens):
        if t.text not in PLACE_POSTPOSITIONS:
            continue
        first = i
        while (
            first > 0
            and i - first < MAX_NAME_WORDS
            and tokens[first - 1].text[0].isalpha()
            and tokens[first - 1].text not in POSTPOSED_PLACE_LINKS
            and not meet.start() <= tokens[first - 1].start < meet.end()
            and s[tokens[first - 1].end : tokens[first].start].isspace()
        ):
            first -= 1
        if first < i:
            a, b = tokens[first].start, tokens[i - 1].end
            return Phrase(a, b, s[a:b])
    return None


_RIDE_AUX = wordset("is are will be gonna going 's")
_USER_SUBJECTS = wordset("i we i'm im we're i'll ill we'll")


def _to_of_a_future(words: list[str]) -> bool:
    """Whether the last word is the "to" of "going to" / "has to" ("dad's going to pick them
    up"), not of a purpose ("the walkthrough at 6:15 to pick up the keys")."""
    return len(words) > 1 and words[-1] == "to" and words[-2] in ("going", "has", "have")


def _done_by_another(tokens: list[Token], verb_start: int) -> bool:
    """Whether someone other than the user is the subject of the verb at ``verb_start``
    ("mum's collecting ava", "dad is picking the kids up"; not "i'm collecting them")."""
    before = [t.text for t in tokens if t.end <= verb_start]
    helped = False
    while before and (before[-1] in _RIDE_AUX or _to_of_a_future(before)):
        before.pop()
        helped = True
    if not before or before[-1] in _USER_SUBJECTS:
        return False
    subject = before[-1]
    if subject.endswith("'s"):
        subject, helped = subject[:-2], True
    return helped and _is_name_word(subject)


def _picked_up(tokens: list[Token], verb: re.Match[str]) -> Phrase | None:
    """A ride the user is given, named by who gives it: "my parents are picking me up at
    noon" -> "parents picking me up"."""
    after = _following(tokens, verb.end())
    if not after or after[0].text not in ("me", "us"):
        return None
    before = [t for t in tokens if t.end <= verb.start()]
    while before and (before[-1].text in _RIDE_AUX or _to_of_a_future([t.text for t in before])):
        before.pop()
    if not before or not _is_name_word(giver := before[-1].text.removesuffix("'s")):
        return None
    end = after[1].end if len(after) > 1 and after[1].text == "up" else after[0].end
    return Phrase(
        before[-1].start,
        end,
        f"{giver} {verb.group()} {after[0].text}" + (" up" if end > after[0].end else ""),
    )


def _pickup(tokens: list[Token], after: int, verb: str) -> Phrase | None:
    """Who or what is collected, in the user's words: "picking the twins up from swimming"
    -> "pick up twins from swimming", "collect hamza from cricket", "picking up my passport"
    -> "passport pickup"; "grab the kids from school @ 3:15" -> "school pickup"."""
    words = [t for t in _following(tokens, after) if t.text != "up"]
    thing = _phrase(words, keep_place=False, allow_people=True)
    someone = thing is None and bool(words) and _PERSON_AFTER.fullmatch(words[0].text) is not None
    if someone:  # "picking him up from arrivals at 6": "pick up from arrivals"
        thing = Phrase(words[0].start, words[0].end, "")
    if thing is None:
        return None
    lemma = PICKUP_LEMMAS.get(verb)
    sources = ("from", "at") if lemma == "fetch" else ("from",)  # "fetch joshua at school"
    source = next((i for i, t in enumerate(words) if t.text in sources), -1)
    place = None
    if source >= 0:
        place = _phrase(words[source + 1 :], keep_place=False, allow_people=True)
    if lemma is None and place is None and (someone or thing.name.split()[-1] in PICKED_UP_PEOPLE):
        # "grabbing the boys at 2:45" -> "grab boys", "getting him" -> "pick up"
        name = f"{'grab' if verb.startswith('grab') else 'pick up'} {thing.name}".rstrip()
    elif lemma is None:  # "grab", "get": the run is named by where, or by what is collected
        name = f"{place.name if place else thing.name} pickup"
    elif place is not None:
        name = " ".join(filter(None, (lemma, thing.name, words[source].text, place.name)))
    elif someone or thing.name.split()[-1] in PICKED_UP_PEOPLE:
        name = f"{lemma} {thing.name}".rstrip()
    else:
        name = f"{thing.name} pickup"
    return Phrase(thing.start, place.end if place else thing.end, name)


def _meeting_place(words: list[Token], at: frozenset[str] = _AT_PLACE) -> Phrase | None:
    """The place named after "at" in "see you all at 7:30 at dishoom": the meeting's name
    (``at``: the words that may open it)."""
    for i, t in enumerate(words[:-1]):
        if t.text in at:
            found = _phrase(words[i + 1 :], keep_place=False, allow_people=True)
            if found is not None:
                return found
    return None


def _dropoff(tokens: list[Token], after: int) -> Phrase | None:
    """ "dropping the boys at cricket" -> "cricket drop-off": where someone is taken."""
    words = [t for t in _following(tokens, after) if t.text != "off"]
    place = next((i for i, t in enumerate(words) if t.text in _DROPOFF_PLACE), 0)
    if place == 0:
        return None  # nobody taken anywhere: "drop me a line at 5"
    if any(t.text in DROPPED_THINGS for t in words[:place]):
        return None  # "drop her bag at school the night before": an errand, not a drop-off
    found = _phrase(words[place + 1 :], keep_place=False, allow_people=True)
    return None if found is None else found._replace(name=f"{found.name} drop-off")


def _following(tokens: list[Token], pos: int) -> list[Token]:
    return [t for t in tokens if t.start >= pos]


def _bare_phrase(tokens: list[Token], times: list[tuple[int, int]]) -> Phrase | None:
    """A noun phrase that opens the clause ("jury duty 1/11") or follows a time ("7pm gala")."""
    words = [
        t
        for i, t in enumerate(tokens)
        if t.text not in LEAD_INS or t.text in NAME_JOINERS or _route_after_outing(tokens, i)
    ]
    while words and (
        words[0].text in LEAD_INS or words[0].text in NAME_JOINERS or words[0].text in _LIST_MARKS
    ):
        words = words[1:]  # "ok so", "and", " - swimming 9am"
    starts = [0]  # and the first word right after a time ("saturday's 7pm fundraiser gala")
    about = -1  # where the plan a clause opens about begins: it needs no link to a time
    for i, w in enumerate(words):
        for _, b in times:
            if b <= w.start <= b + 4 and (i == 0 or words[i - 1].end <= b):
                starts.append(i)
                break
        else:  # or after "is the": "only thing on my calendar is the car inspection at 8"
            if i > 1 and words[i - 1].text in DETERMINERS and words[i - 2].text in _COPULAS:
                starts.append(i)
            elif i == 1 and words[0].text == "it's":
                starts.append(i)  # "thursday it's jacko's 40th at 7": what it presents
            elif w.text in _OWN and _asked_whether(tokens, words, i):
                starts.append(i)  # "do you remember if my blood donation is still 5:40?"
            elif i == 1 and words[0].text in _COPULAS and w.text.endswith(("'s", "s'")):
                starts.append(i)  # "is ava's paeds follow-up still fri at 10:50?"
            elif _after_for(words, i) and _FOR_THE_PLAN.fullmatch(
                " ".join(w.text for w in words[:i])
            ):
                starts.append(i)  # "options for the building committee", "friday works for"
                about = i
    for i in starts:
        phrase = _phrase(words[i:], keep_place=False)
        if phrase is not None and (i == about or _linked(words, phrase, times)):
            return phrase
    return None


# A handover named alone among a shift's words is the shift's ("handover at 7:30 then break
# at 10", "night shift handover at 19:30"): part of the shift, not a meeting; not "keys
# handover with the agent", nor one the user comes for ("i'll come round at 6 for the
# handover": a verb's object), nor a child handed over ("handover sat 10am at his").
_HANDOVERS = wordset("handover handovers hand-over")
_SHIFT_KINDS = wordset("shift night nights day days morning evening late early ward nursing")


# Words of a shift around a handover: "then break at 10", "on nights", "the night team".
_AT_WORK = ROTAS | wordset("night ward clock")
_SHIFT_KIND_BEFORE = re.compile(rf"\b(?:{alternation(_SHIFT_KINDS)})\s+$")


def _shift_handover(name: str) -> bool:
    """Whether a bare phrase names a shift's own handover ("night shift handover")."""
    *kind, last = name.split()
    return last in _HANDOVERS and all(w in _SHIFT_KINDS for w in kind)


# Words before the plan they are about: "options for the ...", "friday works for the ...".
_FOR_THE_PLAN = re.compile(
    r"(?:\w+\s+)?(?:options|dates|times|slots|poll|vote|works|suits|is good|is fine)"
    r"(?:\s+(?:me|us))?\s+for"
    r"(?:\s+the|\s+our)?"
)


# "do you remember if my ...", "don't know whether our ...": the user's own booking, asked after.
_OWN = wordset("my our")
_WHETHER = wordset("if whether")
_WONDER_VERBS = wordset("remember recall know")


def _asked_whether(tokens: list[Token], words: list[Token], i: int) -> bool:
    """Whether ``words[i]`` follows "remember / recall / know if" (or "whether")."""
    if i == 0 or words[i - 1].text not in _WHETHER:
        return False
    at = next(j for j, t in enumerate(tokens) if t.start == words[i - 1].start)
    return at > 0 and tokens[at - 1].text in _WONDER_VERBS


def _after_for(words: list[Token], i: int) -> bool:
    """Whether ``words[i]`` follows "for" or "for the" / "for our" (a cheap check first)."""
    return (i > 0 and words[i - 1].text == "for") or (
        i > 1 and words[i - 2].text == "for" and words[i - 1].text in ("the", "our")
    )


MIN_ID_DIGITS = 4  # a number this long in a name is an id ("plan 45821"), never an hour


def _route_after_outing(tokens: list[Token], i: int) -> bool:
    """Whether ``tokens[i]`` leads to where the outing before it goes ("hike up the hill")."""
    return i > 0 and tokens[i].text in ROUTE_PREPOSITIONS and tokens[i - 1].text in ROUTE_OUTINGS


def _linked(words: list[Token], phrase: Phrase, times: list[tuple[int, int]]) -> bool:
    """Whether only linking words and a place stand between the phrase and a time."""
    after = [a for a, _ in times if a >= phrase.end]
    before = [b for _, b in times if b <= phrase.start]
    if before and all(
        w.text in DETERMINERS or w.text in _LIST_MARKS or w.text == "it's"
        for w in words
        if before[-1] <= w.start < phrase.start
    ):
        return True  # "09:00 site visit", "15:00-16:30 the steering committee", "thursday
        # it's jacko's 40th"
    if not after:
        return False
    gap = [t for t in words if phrase.end <= t.start < after[0]]
    in_place = False
    counted = -1  # where a party size in the gap ends
    for i, t in enumerate(gap):
        counted = max(counted, _party_size_end(gap, i))
        if i < counted:
            continue  # "reservation at nopa for 4 people is confirmed for friday"
        if t.text in PLACE_PREPOSITIONS or t.text in ("with", "w/", "w"):
            in_place = True  # a place or company: "at the pub", "with the work lot"
            continue
        if (
            i == 0
            and t.text in ROUTE_PREPOSITIONS
            and phrase.name.rpartition(" ")[2] in ROUTE_OUTINGS
        ):
            in_place = True  # the way an outing goes: "hike up lion's head", "walk along the"
            continue
        if t.text in TIME_LINKS or t.text in DETERMINERS or t.text in LINK_ADVERBS:
            continue
        if t.text.isdigit() and len(t.text) >= MIN_ID_DIGITS:
            continue  # "the agm for strata plan 45821 is tue 4 may": the name's number
        if in_place and (t.text in HOMES or t.text not in FUNCTION_WORDS and not _is_verb(t.text)):
            continue  # "at the convention centre", "@ mikes"; not "at the shop packed up"
        return bool(before)
    return True


def _phrase(words: list[Token], *, keep_place: bool, allow_people: bool = False) -> Phrase | None:
    """The noun phrase that opens ``words``: up to four name words, "with X" / "for X"."""
    i = 0
    while i < len(words) and (words[i].text in DETERMINERS or words[i].text in _ARTICLES):
        i += 1
    if i < len(words) and words[i].text in _COUNTS:
        return None  # "i moved four clients to thursday": people or things counted
    label = _school_year(words, i)  # "Year 3 assembly", "grade 5 concert"
    after_label = _name_run(words, i + len(label)) if label else []
    head = label + after_label if after_label else _name_run(words, i)
    if not head and _THING_WITH.match(" ".join(w.text for w in words[i : i + 2])):
        head = [words[i]]  # "i have the thing with marcus at 9": an event with someone
    if not head:
        return None
    parts = [t.text for t in head]
    j = i + len(head)
    with_someone = j < len(words) and words[j].text in _WITH_WORDS
    if not _heads_an_event(parts, allow_people=allow_people, with_someone=with_someone):
        return None
    end = gap = head[-1].end
    # a table is known by where it is: "booked us a table at Gys for 12:30"
    joiners = _JOINERS_AND_PLACES if keep_place or parts[-1] in BOOKED_SEATS else NAME_JOINERS
    if parts[-1] in BOOKED_SEATS and (party := _party_size_end(words, j)) > j:
        j, gap = party, words[party - 1].end  # "table for 4 at dishoom": the count is no name
    if j < len(words) and words[j].text in joiners and words[j].start - gap <= 1:
        k = j + 1
        while k < len(words) and words[k].text in DETERMINERS:
            k += 1
        tail = _name_run(words, k)
        if tail:
            joiner = "with" if words[j].text in ("w/", "w") else words[j].text
            parts += [joiner, *(t.text for t in tail)]
            end = tail[-1].end
    kind = _bracketed_kind(words, next((k for k, w in enumerate(words) if w.start > end), None))
    if kind:  # "Provtagning (blodprov)": the kind in brackets after the name is part of it
        parts += [t.text for t in kind]
        end = kind[-1].end + 1
    if not NEVER_IN_EVENTS.isdisjoint(parts):
        return None
    name = " ".join(NAME_FIXES.get(p, p) for p in parts)
    return Phrase(head[0].start, end, _as_haircut(parts, name))


def _as_haircut(parts: list[str], name: str) -> str:
    """A salon's "gents cut", "kids cut" named as what it is: "haircut"."""
    if len(parts) < 2 or parts[1] != "cut" or parts[0] not in HAIRCUT_CLIENTS:
        return name
    return " ".join(["haircut", *parts[2:]])


_SCHOOL_YEARS = wordset("year yr grade class form standard std primary")
_YEAR_NUMBER = re.compile(r"\d{1,2}[a-z]?")


def _school_year(words: list[Token], i: int) -> list[Token]:
    """A school year opening a name ("year 3", "grade 5"), or nothing."""
    if (
        i + 1 < len(words)
        and words[i].text in _SCHOOL_YEARS
        and _YEAR_NUMBER.fullmatch(words[i + 1].text)
        and words[i + 1].start - words[i].end == 1
    ):
        return words[i : i + 2]
    return []


def _party_size_end(words: list[Token], j: int) -> int:
    """Where a booking's party size at ``words[j]`` ("for 4", "per 4 persone") ends; ``j``
    if none is there."""
    if j + 1 >= len(words) or words[j].text not in PARTY_SIZE_LINKS:
        return j
    if not words[j + 1].text.isdigit() and words[j + 1].text not in _COUNTS:
        return j
    if j + 2 < len(words) and words[j + 2].text in PARTY_SIZE_NOUNS:
        return j + 3
    return j + 2


def _bracketed_kind(words: list[Token], j: int | None) -> list[Token]:
    """The name words in brackets at ``words[j]``, right after the name ("(blodprov)",
    "(tüv)"), at most ``MAX_KIND_WORDS`` of them; none if no such brackets are there."""
    if j is None or words[j].text != "(" or words[j].start - words[j - 1].end > 1:
        return []
    k = j + 1
    while k < len(words) and k - j <= MAX_KIND_WORDS and _is_name_word(words[k].text):
        k += 1
    if k == j + 1 or k >= len(words) or words[k].text != ")" or words[k].start > words[k - 1].end:
        return []
    return words[j + 1 : k]


def _heads_an_event(parts: list[str], *, allow_people: bool, with_someone: bool) -> bool:
    """Whether a run of name words ends in an event's head word."""
    last = parts[-1]
    if with_someone and last in _OUTINGS_WITH_SOMEONE:
        return True  # "movie w tay @ 7:45": a film watched with someone is an outing
    if last in _MODIFIED_HEADS:  # "day" alone, "the whole thing starts at 5": no event
        return (len(parts) >= 2 or last == "thing") and parts[-2:-1] != ["whole"]
    if len(parts) == 1 and (last.endswith("s") and _is_inflected_verb(last) or last in IDLE_VERBS):
        return False  # "thursday 7:30pm wins", "... and staying the night": a verb, no event
    return _is_event_head(last, allow_people)


def _name_run(words: list[Token], i: int) -> list[Token]:
    run: list[Token] = []
    while (
        i < len(words)
        and len(run) < MAX_NAME_WORDS
        and (_is_name_word(words[i].text) or (run and words[i].text in _NAME_ENDINGS))
    ):
        if run and (
            words[i].start - run[-1].end > (2 if run[-1].text in TITLE_ABBREVIATIONS else 1)
            or _is_inflected_verb(words[i].text)
        ):
            break  # words apart (a time or a mark stood between them, not "Ms. "), or a verb
        run.append(words[i])
        i += 1
    return run


def _is_name_word(word: str) -> bool:
    if (word.endswith("ed") and word not in _NAMES_IN_ED) or (
        word.endswith("ly") and word not in ADVERBS_NOT_LY
    ):
        return False  # "slept", "moved", "hopefully": not part of a name
    if _NUMBERED_NAME.fullmatch(word):
        return True  # "5-a-side", "1-on-1", "80th": a game, a format, a birthday; no code
    return word[0].isalpha() and word not in _NOT_NAME_WORDS and not _HAS_DIGIT.search(word)


def _is_verb(word: str) -> bool:
    """Whether a word is a verb form that ends a place: "packed", "keeps", "closing"."""
    return (word.endswith("ed") and len(word) > 4) or _is_inflected_verb(word)


def _is_inflected_verb(word: str) -> bool:
    """Whether a word is a common verb with an ending: "keeps", "arrives", "calling"."""
    if word.endswith("s") and (word[:-1] in COMMON_VERBS or word[:-2] in COMMON_VERBS):
        return True
    return word.endswith("ing") and (
        word[:-3] in COMMON_VERBS or word[:-3] + "e" in COMMON_VERBS or word[:-4] in COMMON_VERBS
    )


def _is_event_head(word: str, allow_people: bool) -> bool:
    base = word[:-2] if word.endswith("'s") else word.rstrip("'")
    if len(base) < MIN_HEAD_CHARS or base in FUNCTION_WORDS:
        return False
    return allow_people or (base not in NON_EVENTS and word not in NON_EVENTS)
