"""Event phrases: the words that name something a person attends, and their titles.

``events(s)`` finds event heads (meeting, dentist, webinar, ...) in normalised text, with a
short calendar-style name: up to two words before the head and "with X" / "to X" after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from companion_bot.extraction.lexicon import (
    EVENT_HEADS,
    LEAD_INS,
    NAME_FIXES,
    PERSONAL_EVENTS,
    PROVIDERS,
    TASK_VERBS,
    VERB_FORMS,
    ZONE_NAMES,
    ZONE_OFFSETS,
    alternation,
    wordset,
)

HEADS = EVENT_HEADS | set(PROVIDERS) | {k for k in NAME_FIXES if len(k) > 4}
_HEAD_ALT = alternation(HEADS)
_HEAD_FIRST = "".join(sorted({re.escape(h[0]) for h in HEADS}))
_P_HEAD = re.compile(rf"(?=[{_HEAD_FIRST}])(?<![\w-])(?:{_HEAD_ALT})(?:s|es)?(?![\w-])")
# Cheap gate on the raw text: no event word (any case) -> no meeting, before any real work.
_GATE_WORD = re.compile(r"[a-z]+")
_GATE_WORDS = frozenset(
    form
    for head in HEADS
    for part in [re.split(r"[^a-z]", head)[0]]
    if len(part) > 1
    for form in (part, part + "s", part + "es")
) | wordset(
    "cancel cancelled canceled cancelling move moved push pushed postpone postponed "
    "reschedule rescheduled shift shifted bump bumped change changed delay delayed rebook "
    "rebooked rearrange rearranged brought"
)
_DIGIT = re.compile(r"\d")
_ONE_ON_ONE = re.compile(r"1\s*(?::|-?\s*on\s*-?)\s*1|one-on-one")


# Verbs of attending open the gate only beside a digit or a day word ("i have a pitch at 3").
_ATTEND_WORDS = wordset("have got attend attending booked registered")
_DAY_WORDS = wordset(
    "today tonight tomorrow tmrw tmr monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun morning afternoon evening noon"
)


def may_mention_event(text: str) -> bool:
    """Cheap gate: whether the text may name an event at all (no event word: no meeting)."""
    low = text.lower()
    words = _GATE_WORD.findall(low)
    if not _GATE_WORDS.isdisjoint(words):
        return True
    if not _ATTEND_WORDS.isdisjoint(words) and (
        _DIGIT.search(low) is not None or not _DAY_WORDS.isdisjoint(words)
    ):
        return True
    return "1" in low and _ONE_ON_ONE.search(low) is not None


_CONDITIONAL = wordset(
    "lunch dinner breakfast brunch coffee drinks tea call calls date zoom facetime visit "
    "party meet chat"
)
_MEAL_MODIFIERS = frozenset(
    ["team", "business", "work", "family", "client", "networking", "birthday", "lunch"]
)
_CALL_BEFORE = re.compile(
    r"(?:\b(?:a|the|my|our|this|that|video|phone|conference|zoom|team|sales|client|work|quick|"
    r"group|weekly|daily|intro|discovery|status|planning|\d+(?:am|pm)?|\d+:\d\d)\s+$)"
    r"|\b(?:a|the|my|our|this|that)\s+[a-z-]+\s+$"
)
_MEALS = wordset("lunch dinner breakfast brunch")
_OUTINGS = _MEALS | wordset("drinks coffee tea")
_OUTING_TIME = re.compile(r"\s+(?:after\s+)?(?:at|@)\s*\d")
_DETERMINERS = wordset("a an the my our this that his her their your")
_CALL_TIME_AFTER = re.compile(
    r"\s*(?:on|at|@|tomorrow|tmrw|today|tonight|this|next|mon|tue|wed|thu|fri|sat|sun|\d)"
)
_CALL_SUBJECTS = wordset(
    "i i'll ill we we'll will to gonna wanna should can could would you u pls please me "
    "they he she must might may shall let's lets and or then"
)
_CALL_VERB_AFTER = re.compile(r"\s*(?:me|you|u|him|her|them|us|it|back|mum|mom|dad|out)\b")
_DATE_BEFORE = wordset("a my our first second hot blind dinner lunch movie")
_NOT_DATE_BEFORE = wordset("due start end release the what to save which expiry delivery")
_WITH_NEAR = re.compile(r"^[^.!?;,]{0,20}?\b(?:with|w/|w)\s")
_WITH_AFTER = re.compile(r"^\s*(?:with|w/|w)\s")
_SUFFIX = re.compile(r"^\s*(with\b|w/|w\b|to\b|home\b)\s*((?:[a-z'&.-]+\s*){0,4})")
_STOP = (
    wordset(
        "a an the my our your his her their i we you me us it is was are be am have has had got "
        "get gotta to for with and or of this that next last today tomorrow tonight tmrw tmr "
        "morning afternoon evening night at on in by from until till then but so also just min "
        "mins minute minutes hour hours hr hrs pm quick big usual some another new first one "
        "mine yeah lol ugh omg hey so i'm i've im ive there's theres it's its'"
    )
    | LEAD_INS
    | wordset(
        "usually normally always still also really actually only even never often sometimes "
        "typically generally do does doing attend attending join joining back"
    )
    | frozenset(ZONE_OFFSETS)
    | frozenset(name.split()[0] for name in ZONE_NAMES)
    | wordset(
        "proper important short long small huge brief formal informal actual real whole "
        "mon tue tues wed weds thu thur thurs fri sat sun monday tuesday wednesday thursday "
        "friday saturday sunday tmr tmw 2moro tomorrow's today's tonight's"
    )
)
_SUFFIX_STOP = wordset(
    "got get gets getting has have had will been be moved pushed bumped cancelled canceled "
    "rescheduled postponed shifted changed delayed starts begins ends runs went leaves "
    "departs lands arrives boards"
) | wordset(
    "at on in by from until till then but and so this next tomorrow today tonight tmrw tmr "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur "
    "thurs fri sat sun morning afternoon evening night noon midnight is was are i i'm im to "
    "for about around after before which who that lol ugh pls please"
)

# "my 3pm got cancelled", "push my 10 o'clock to 11": a clock time used as the event's name.
_TIME_AS_EVENT = re.compile(
    r"\b(?:my|the|our|this|your)\s+(\d{1,2}(?::\d\d)?\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*o'?clock)"
    r"(?:'s)?(?=\s+(?:got|has|is|was|will|to\b|moved|cancel|pushed|postponed|resched|can)|"
    r"[.!?,](?!\d)|$)"
)


@dataclass(slots=True)
class Event:
    start: int
    end: int
    name: str
    strength: float
    synthetic: bool = False
    others: bool = False  # someone else's: "his flight", "sarah's interview"


def _clean(word: str) -> str:
    word = word.strip("'\".,:;!?()")
    return NAME_FIXES.get(word, word)


# Heads that are events only after one of these words ("the school play", "a court hearing").
_NEEDS_DETERMINER = {
    "play": wordset(
        "school the a my our christmas nativity end-of-year kid's kids' son's daughter's"
    ),
    "hearing": frozenset(["court", "the", "a", "my", "our", "custody", "tribunal"]),
    "panel": frozenset(["the", "a", "my", "our"]),
    "pitch": frozenset(["the", "a", "my", "our", "investor", "sales", "client", "final", "big"]),
}
_SPECTATOR = frozenset(["match", "game", "show", "race", "final", "concert", "gig", "fight"])
_NOT_ATTENDED = re.compile(
    r"\b(?:recording|replay|rerun|recap|highlights|video|slides|notes|minutes|summary)\s+"
    r"(?:of|from)\s+(?:\S+\s+){0,3}$"
)
_NIGHT_AFTER = re.compile(r"\s+(night|evening)\b")
_NUMBERED = re.compile(r"\s+\d+\b(?![:.]\d)")
_WATCHING = re.compile(r"\b(?:watch\w*|stream\w*|rewatch\w*)\s+(?:\S+\s+){0,3}$")
_TIME_OWNER = wordset(
    "today's tomorrow's tonight's tmrw's week's month's morning's year's monday's tuesday's "
    "wednesday's thursday's friday's saturday's sunday's everyone's"
)
# "i have a pitch review at 3", "attending the town planning forum tomorrow": an unknown event
# noun phrase after a verb of attending.
_ATTEND_PHRASE = re.compile(
    r"\b(?:i\s+have|i've\s+got|i\s+got|got|have|attend|attending|going\s+to|off\s+to|heading\s+to|"
    r"i'm\s+at|booked|booked\s+in\s+for|signed\s+up\s+for|registered\s+for)\s+"
    r"(?:a|an|the|my|our|this)\s+((?:[a-z][a-z'-]+\s+){0,2}[a-z][a-z-]{2,})\b"
)
_ATTEND_GATE = re.compile(r"\b(?:have|got|attend|going|off|heading|i'm|booked|signed|registered)\b")
_NOT_EVENT_NOUNS = wordset(
    "delivery package parcel deadline headache fever cold cough kids dog cat car idea "
    "question problem feeling lot ton bunch break nap day week time chance plan report "
    "essay assignment homework task errand job feeling sense flu bill invoice payment order "
    "shift pizza food tickets ticket book movie film series episode weekend evening morning "
    "afternoon night house place room office feeling hunch results result email message "
    "text reminder alarm laundry chores cleaning train bus plane taxi uber ride lift"
)


_MEETING_SUBJECT = re.compile(r"\b(?:i'm|im|i am|we're|we are|am|are|i'll be|we'll be)\s+$")
_MEETING_VERB = re.compile(
    r"\s+(?:up\s+)?(?:with\s+)?(?:the\s+|my\s+|our\s+|a\s+|an\s+)?([a-z][a-z'-]+)"
)


_DOUBLE_APPOINTMENT = re.compile(r"\b(\w+) appointment appointment\b")
_DATE_NOUN_AFTER = re.compile(r"\s*(?:of|format|range|\d)")
_NOT_NAME_WORD = re.compile(r"[^a-z'&-]")


# A noun before a weak event word makes it an event: "site visit", "coaching call",
# "farewell drinks" (not "i'll call", "to chat", "we meet").
_MODIFIER_NOT = wordset(
    "a an the my our to i we you he she they will would can could should must and or but "
    "then so just also quick big first last next this that these those some any no let's lets"
)
_PLACE_AFTER = re.compile(r"\s+(?:at|@)\s+(?:the\s+)?[a-z]")
_PITCHED = re.compile(r"\s+(?:to|for)\s+(?!be\b)[a-z]")  # "pitch to investors"


def _modified(before: str, prev_word: str) -> bool:
    """ "site visit", "farewell drinks": a plain noun right before the event word."""
    return (
        prev_word.isalpha()
        and len(prev_word) > 2
        and prev_word not in _MODIFIER_NOT
        and prev_word not in _STOP
        and prev_word not in _CALL_SUBJECTS
        and not prev_word.endswith(("ed", "ly"))
        and prev_word not in VERB_FORMS
        and prev_word not in TASK_VERBS
    )


def _meal_out(word: str, after: str, prev_word: str) -> bool:
    """ "dinner at the hendersons' sat", "drinks after at 5:30": a meal somewhere, at a time."""
    outing = word in _OUTINGS and prev_word != "for"  # "meeting jo for drinks": jo's meeting
    return (
        outing
        and prev_word not in _CALL_SUBJECTS - {"to", "and", "then"}
        and (_PLACE_AFTER.match(after) is not None or _OUTING_TIME.match(after) is not None)
    )


def _others(before: str, word: str) -> bool:
    """Whether a personal event belongs to someone else ("his flight", "mum's surgery")."""
    if word not in PERSONAL_EVENTS and word not in PROVIDERS:
        return False
    for w in reversed(before.split()[-3:]):
        if w in ("his", "her", "their", "he's", "she's"):
            return True
        if w.endswith(("'s", "s'")) and w not in _TIME_OWNER and w[:-2] not in PROVIDERS:
            return True  # "sarah's interview", not "the doctor's appointment"
        if w in ("my", "our", "the", "a", "an", "i", "i've", "we"):
            return False
    return False


def _attend_phrases(s: str, known: list[Event]) -> list[Event]:
    """Unknown event nouns after a verb of attending, where no known event word is."""
    found: list[Event] = []
    for m in _ATTEND_PHRASE.finditer(s):
        words = m.group(1).split()
        for i, w in enumerate(words[1:], start=1):
            if w.endswith(("ing", "ed")):  # "a delivery coming", "the kids picked"
                words = words[:i]
                break
        while words and (words[-1] in _STOP or words[-1] in _SUFFIX_STOP):
            words.pop()
        if (
            not words
            or words[-1].endswith("'s")
            or words[0] in _NOT_EVENT_NOUNS
            or words[-1] in _NOT_EVENT_NOUNS
        ):
            continue
        if any(w in _SUFFIX_STOP or w in _STOP for w in words):
            continue
        start, end = m.start(1), m.start(1) + len(" ".join(words))
        if any(e.start < end + 12 and start - 12 < e.end for e in known):
            continue
        found.append(Event(start, end, " ".join(words[-3:]), 0.7))
    return found


def events(s: str) -> list[Event]:
    """Event phrases in normalised text, in order, each with a short calendar title."""
    events: list[Event] = []
    for m in _P_HEAD.finditer(s):
        word = m.group(0)
        if word not in HEADS:
            word = word[:-2] if word[:-2] in HEADS else word[:-1]
        start, end = m.start(), m.end()
        if events and events[-1].end >= start - 1 and s[events[-1].end : start].strip() == "":
            prev = events[-1]
            tail = _clean(word)
            prev.end = end
            prev.name = (prev.name if prev.name not in PROVIDERS.values() or word not in (
                "appointment", "appt", "appt.", "session", "checkup") else
                prev.name.rsplit(" ", 1)[0]) + " " + tail  # fmt: skip
            prev.name = _DOUBLE_APPOINTMENT.sub(r"\1 appointment", prev.name)
            prev.strength = max(prev.strength, 0.9)
            continue
        before = s[max(0, start - 30) : start]
        after = s[end : end + 40]
        prev_word = before.split()[-1] if before.split() else ""
        if word in _CONDITIONAL:
            ok = bool(_WITH_NEAR.match(after)) or prev_word in _MEAL_MODIFIERS
            ok = ok or _modified(before, prev_word) or _meal_out(word, after, prev_word)
            if word in _MEALS and not ok:  # "my colleague's farewell lunch", "the xmas dinner"
                words_before = before.split()
                two_back = words_before[-2] if len(words_before) > 1 else ""
                ok = prev_word not in _STOP and (
                    two_back in _DETERMINERS or two_back.endswith(("'s", "s'"))
                )
            if word in ("call", "calls", "zoom", "facetime"):
                ok = ok or bool(_CALL_BEFORE.search(before))
                ok = ok or (
                    bool(_CALL_TIME_AFTER.match(after)) and prev_word not in _CALL_SUBJECTS
                )  # "call on 12/04 at 11", "call tomorrow 3pm" (not "i'll call at 5")
                ok = ok and not _CALL_VERB_AFTER.match(after)
            if word in ("lunch", "dinner", "breakfast", "brunch") and start == 0:
                ok = ok or bool(_CALL_TIME_AFTER.match(after))  # "dinner 7-9 tomorrow"
            if word == "date":
                ok = (
                    prev_word in _DATE_BEFORE
                    or bool(_WITH_AFTER.match(after))
                    or (start == 0 and not _DATE_NOUN_AFTER.match(after))
                )
            if not ok:
                continue
        if word == "date" and prev_word in _NOT_DATE_BEFORE:
            continue
        if (
            word in _NEEDS_DETERMINER
            and prev_word not in _NEEDS_DETERMINER[word]
            and not _PITCHED.match(after)
        ):
            continue
        if _NOT_ATTENDED.search(before) or (word in _SPECTATOR and _WATCHING.search(before)):
            continue
        if word in _SPECTATOR and _NUMBERED.match(after):
            continue  # "game 7 tonight", "race 2": a fixture in a series, watched
        strength = 0.7 if word in _CONDITIONAL else 0.9
        name_parts: list[str] = []
        for w in reversed(before.split()[-2:]):
            if _NOT_NAME_WORD.search(w) or w in _STOP or w.endswith("'s") and w[:-2] in _STOP:
                break
            name_parts.insert(0, _clean(w))
            if w.endswith(("'s", "s'")):
                break
        head = _clean(word)
        if word in PROVIDERS and not name_parts or word in PROVIDERS:
            head = PROVIDERS[word]
        name = " ".join([*name_parts, head]).strip()
        night = _NIGHT_AFTER.match(after)
        if night is not None:  # "game night", "date night w ben"
            name += " " + night.group(1)
            end += night.end()
            after = s[end : end + 40]
        suffix = _SUFFIX.match(after)
        if suffix and (suffix.group(1) not in ("to", "home") or word in ("flight", "train")):
            tail_words: list[str] = []
            for w in suffix.group(2).split():
                if w in _SUFFIX_STOP or _DIGIT.search(w):
                    break
                if w in ("the", "my", "our"):
                    continue
                tail_words.append(w.strip(".,"))
            connector = "home" if suffix.group(1) == "home" else (
                "to" if suffix.group(1) == "to" else "with")  # fmt: skip
            if connector == "home":
                name += " home"
            elif tail_words:
                name += f" {connector} " + " ".join(tail_words[:3])
        verb = _MEETING_VERB.match(after) if word == "meeting" else None
        subject = start == 0 or _MEETING_SUBJECT.search(before)
        if (
            verb
            and subject
            and name == "meeting"
            and verb.group(1) not in _SUFFIX_STOP
            and verb.group(1) not in _STOP
        ):
            name = "meeting with " + verb.group(1)  # "i'm meeting the accountant at 4"
        events.append(Event(start, end, name, strength, others=_others(before, word)))
    for m in _TIME_AS_EVENT.finditer(s):
        if not any(e.start <= m.start() < e.end or m.start() <= e.start < m.end() for e in events):
            events.append(Event(m.start(1), m.end(1), "meeting", 0.6, synthetic=True))
    if not events and _ATTEND_GATE.search(s):  # only where no known event word is
        events.extend(_attend_phrases(s, events))
    events.sort(key=lambda e: e.start)
    return events
