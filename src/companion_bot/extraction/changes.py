"""Changes: moves and cancellations, and what each keeps of the meeting it changes.

"push my 3pm to 4": the time before the move's "to" is the previous start and the one after
it the new start; a move with no new time cancels the old slot. "the interview is off" and
"bumped up an hour" state no time at all: they are returned for the caller to match with a
booked meeting by name ("the next such event"), with ``start = now`` and, for a move, the
``shift`` to apply to it.
"""

from __future__ import annotations

import datetime as dt
import re

from companion_bot.extraction.clauses import (
    CANCEL,
    RESCHEDULE,
    change_proposed,
    change_requested,
    may_cancel,
    may_move,
    sentence_around,
)
from companion_bot.extraction.corrections import may_shift, shift, shift_of
from companion_bot.extraction.events import Event
from companion_bot.extraction.lexicon import wordset
from companion_bot.extraction.reading import Reading
from companion_bot.extraction.refiners import keep_same_time
from companion_bot.extraction.times import Group, group_is_time
from companion_bot.extraction.types import Action, ExtractedMeeting

# A change with no time can only be matched by name: less certain than a timed one.
TIMELESS_CONFIDENCE = 0.6
_STATED_NEW = re.compile(r"\b(?:to|for|so|now|till|until|at)\s+(?:the\s+)?$")
_NO_BEFORE = re.compile(r"\b(?:no|not|never|won't|wont|don't|dont)\s+$")
_POINTS_BACK = re.compile(r"\b(?:it|it's|its|that|that's|they|this|all)\b")
# A clause that goes on after an aside, its subject before it: "Votre rendez-vous du 28 mai
# à 09h15 (dépôt de dossier) a été annulé".
_AFTER_ASIDE = re.compile(r"\s*\)")
_LATER_CLAUSES = 3  # how far on a "it's cancelled" may stand
# Every plan of a list called off at once: "..., everything postponed", "both cancelled".
_ALL_CANCELLED = re.compile(
    r"\b(?:everything|all of (?:it|them|those)|both|the lot)\s+(?:(?:is|are|was|were|got|has been|"
    r"have been)\s+)?(?:cancell?ed|postponed|called off|scrapped|off)\b"
)
_POSTPONE = re.compile(r"postpon")
_NEW_TIME = re.compile(r"\b(?:to|till|until|for|on|at)\b|@")
_NEW_SLOT = re.compile(r"\bnew\s+(?:slot|time|date|appointment|appt|booking)\b")


# A calendar's notice heading its line: "Declined: ...", "Canceled event: ...".
_CALENDAR_NOTICE = re.compile(
    r"[^\S\n]*(?:(?P<cancelled>(?:event\s+)?cancell?ed(?:\s+event)?)"
    r"|(?P<declined>declined(?:\s+(?:event|invitation))?))[^\S\n]*:"
)
_NOTICE_WORDS = wordset("declined canceled cancelled")


def calendar_notice(r: Reading, pos: int) -> str | None:
    """ "cancelled" or "declined" when the line holding ``pos`` opens with a calendar's notice
    of that, else None."""
    if r.words.isdisjoint(_NOTICE_WORDS):
        return None
    notice = _CALENDAR_NOTICE.match(r.s, r.s.rfind("\n", 0, pos) + 1)
    return notice.lastgroup if notice else None


def change_of(
    r: Reading, g: Group, lo: int, hi: int
) -> tuple[Action, dt.datetime | None, Group] | None:
    """Action, previous start and the group giving the (new) time, for the scope s[lo:hi];
    ``None`` when the change is only proposed ("can we push our call to 4?")."""
    s = r.s
    if calendar_notice(r, lo) == "cancelled":
        return "cancel", None, g  # "Canceled: Design sync @ Fri 3pm"
    rescheduled = RESCHEDULE.search(s, lo, hi) if may_move(r.words) else None
    if rescheduled is None:
        cancelled = CANCEL.search(s, lo, hi) if may_cancel(r.words) else None
        if cancelled is None or _cancel_instruction(s, cancelled.start(), g):
            return "schedule", None, g  # "... at 9:40 AM. Reply C to cancel": boilerplate
        if cancelled.end() <= g.start and _NEW_SLOT.search(s, cancelled.end(), g.start):
            was = [h for h in r.groups if h.value is not None and lo <= h.start < cancelled.end()]
            return "reschedule", (was[-1].value if was else None), g  # "the vet had to cancel
            # thursday ... the new slot is saturday at 10:40": cancelled, then booked again
        return "cancel", None, g
    verb = rescheduled.start()
    if _ASKED_IF_MOVED.search(s, max(0, verb - ASKED_CHARS), verb) and "?" in s[verb : hi + 1]:
        return "schedule", None, g  # "is the review still at 3 or did it move?": asked, kept
    keyword = _new_time_word(r, verb, hi)
    old = _old_slot_told(r, keyword, verb, hi)
    if old is not None:  # "moved my interview from tuesday at 14:00 to thursday at 09:30"
        keyword = _NEW_TIME.search(s, old.end, hi)
    if change_requested(s, verb):
        if verb > g.start:  # "... at 9:20 am. reply r to reschedule": boilerplate after it
            return "schedule", None, g
        if not _asks_for_new_time(r, keyword, hi):
            return "cancel", g.value, g  # "call us to reschedule your appointment on 2/14"
        if change_proposed(s, verb):
            return None  # "should we move standup to 10?": nothing changed yet
    if keyword is not None and keyword.group(0) in ("on", "at") and _POSTPONE.match(s, verb):
        return "cancel", g.value, g  # "postponing our 1:1 on friday": the old slot, no new one
    pivot = keyword.start() if keyword else verb
    holder = next((h for h in r.groups if h.start <= pivot < h.end), None)
    if holder is not None:
        pivot = holder.start  # "pushed a week, so the 19th at 7pm": "at" inside the new time
    if g.start >= pivot:
        earlier = [
            h for h in r.groups if h.value is not None and not h.donor and lo <= h.start < verb
        ]
        return "reschedule", (earlier[-1].value if earlier else None), g
    later = [h for h in r.groups if h.value is not None and pivot <= h.start < hi]
    if not later:  # moved with no new time: the old slot is gone
        return "cancel", g.value, g
    r.used.update(id(h) for h in later)
    keep_same_time(s, later[0], g, r.groups, r.now)
    return "reschedule", g.value, later[0]


# How a notice tells the user to cancel: "Reply C to cancel", "call us to cancel", "To cancel,".
_CANCEL_INSTRUCTION = re.compile(
    r"(?:\b(?:reply|text|txt|call|ring|contact|click|tap|visit)\b[^.!?\n]{0,16}\s|[.!?\n(]\s*)"
    r"to\s+$"
)
INSTRUCTION_CHARS = 28  # "reply cancel to", "call us on 0161 555 0199 to"


def _cancel_instruction(s: str, verb: int, g: Group) -> bool:
    """Whether the cancel word at ``verb``, after the time, is a notice's instruction for
    how to cancel ("Reply C to cancel", "To cancel, call ..."), not a cancellation."""
    start = max(0, verb - INSTRUCTION_CHARS)
    return verb > g.end and _CANCEL_INSTRUCTION.search(s, start, verb) is not None


FOR_TIME_CHARS = 6  # "for " and a time's first characters: "for 3pm", "for the 9th"


def _new_time_word(r: Reading, verb: int, hi: int) -> re.Match[str] | None:
    """The first word after a move's verb that may lead to its new time ("to", "for", "at"),
    past a "for" that leads to no time ("moved our signing for the lot from thursday to ...")."""
    for m in _NEW_TIME.finditer(r.s, verb, hi):
        if m.group() == "for" and not any(
            m.end() < h.start <= m.end() + FOR_TIME_CHARS for h in r.groups
        ):
            continue
        return m
    return None


# Asking whether a booked meeting moved: "... or did it move?", "has it been moved?".
_ASKED_IF_MOVED = re.compile(
    r"\b(?:did|has|have|was|is)\s+(?:it|that|they|the \w+)\s+(?:been\s+|get\s+|got\s+)?$"
)
ASKED_CHARS = 20  # "has the meeting been "
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$")
FROM_CHARS = 10  # "from the "


def _old_slot_told(r: Reading, keyword: re.Match[str] | None, verb: int, hi: int) -> Group | None:
    """The old slot a move names with "from" when the first new-time word after the verb lies
    inside it ("moved it from tuesday at 14:00 to ..."): the new time is looked for after it."""
    if keyword is None:
        return None
    holder = next((h for h in r.groups if h.start <= keyword.start() < h.end), None)
    if holder is None or not verb < holder.start < hi:
        return None
    told = _FROM_BEFORE.search(r.s, max(verb, holder.start - FROM_CHARS), holder.start)
    return holder if told is not None else None


def _asks_for_new_time(r: Reading, keyword: re.Match[str] | None, hi: int) -> bool:
    """ "please move the sync to 6pm", "need to push my 3pm to 4": a change asked for with its
    new time ("to"/"till"/"until" before a time) is a move, not the old slot ("call us to
    reschedule your appointment on 2/14" or "... for 2/14")."""
    return (
        keyword is not None
        and keyword.group(0) in ("to", "till", "until")
        and any(keyword.end() <= h.start < hi for h in r.groups)
    )


def shift_slots(r: Reading) -> dict[int, dt.datetime]:
    """Slots moved by a stated amount ("now an hour earlier (it was 4:30)"): id -> old start.

    The old slot is shifted in place when it is the only time the change states.
    """
    if not may_shift(r.words):
        return {}  # no amount to move anything by
    timed = [g for g in r.groups if group_is_time(g) and g.value is not None]
    moving = r.olds if r.olds and len(r.olds) == len(timed) else []
    moved = RESCHEDULE.search(r.s) if not moving and may_move(r.words) else None
    if moved is not None and len(timed) == 1 and not change_requested(r.s, moved.start()):
        g = timed[0]  # not "reply R to reschedule. please arrive 15 mins early"
        if not _STATED_NEW.search(r.s, max(0, g.start - 12), g.start):
            moving = timed  # "push my 3pm back an hour", not "pushed a week, so the 19th"
    shifted: dict[int, dt.datetime] = {}
    for g in moving:
        new_start = shift(r.s, g, r.words)
        if new_start is not None and g.value is not None:
            shifted[id(g)] = g.value
            g.value = new_start
            g.value_end = None
    return shifted


def timeless_change(
    s: str, events: list[Event], now: dt.datetime, words: frozenset[str]
) -> list[ExtractedMeeting]:
    """ "the interview is off", "standup got bumped up an hour": a change that states no time.

    The event comes back with ``start = now`` (grain day): "the next such event", to be
    matched by name; a move carries its ``shift``. ``words``: the message's.
    """
    real = [e for e in events if not e.synthetic]
    cancelled = list(CANCEL.finditer(s)) if may_cancel(words) else []
    moved = RESCHEDULE.search(s) if may_move(words) else None
    delta = shift_of(s, words) if moved is not None else None
    marker = cancelled[-1] if cancelled else (moved if delta is not None else None)
    if marker is None or not real:
        return []
    event = min(real, key=lambda e: abs(e.start - marker.start()))
    return [
        ExtractedMeeting(
            event_name=event.name,
            start=now,
            end=None,
            grain="day",
            confidence=TIMELESS_CONFIDENCE,
            span=(min(event.start, marker.start()), max(event.end, marker.end())),
            action="cancel" if cancelled else "reschedule",
            time_is_approximate=True,
            date_stated=False,
            time_stated=False,
            shift=None if cancelled else delta,
        )
    ]


def timeless_cancels(r: Reading, results: list[ExtractedMeeting]) -> list[ExtractedMeeting]:
    """ "the offsite got cancelled, but ... at 2": a cancelled event in a clause with no time."""
    out: list[ExtractedMeeting] = []
    if not may_cancel(r.words):
        return out
    timed = {r.clause_of(g.start) for g in r.groups}  # clauses that hold a time
    for ci, (c0, c1) in enumerate(r.spans):
        inside = r.events_in(ci)
        if not inside or ci in timed or not CANCEL.search(r.s, c0, c1):
            continue
        if any(same_name(m.event_name, e.name) for m in results for e in inside):
            continue
        for m in timeless_change(r.s[:c1], inside, r.now, r.words):
            if m.span[0] >= c0 and m.action == "cancel":
                out.append(m)
    return out


def cancelled_later(r: Reading, ci: int) -> bool:
    """ "meeting with hr at 10 - actually it's cancelled", "..., they just called it off": a
    later clause with no time or event of its own cancels what came before it."""
    if not may_cancel(r.words):
        return False
    c1 = r.spans[ci][1]
    every = _ALL_CANCELLED.search(r.s, c1, sentence_around(r.s, max(0, c1 - 1))[1])
    if every is not None:
        return True  # "the 9:30 with the auditors, the 11am vendor call, everything postponed"
    for cj in range(ci + 1, min(len(r.spans), ci + 1 + _LATER_CLAUSES)):
        a, b = r.spans[cj]
        if any(a <= g.start < b for g in r.groups) or r.events_in(cj):
            return False
        found = CANCEL.search(r.s, a, b)
        if (
            found
            and (_POINTS_BACK.search(r.s, a, b) or _AFTER_ASIDE.match(r.s, a))
            and not _NO_BEFORE.search(r.s, a, found.start())
        ):
            return True  # not "no cancelling this time"
    return False


def same_name(a: str, b: str) -> bool:
    return a == b or a in b or b in a
