"""Refiners for times the speaker takes back: corrections and old slots.

"lunch tmrw 12:30, no wait, 1:30", "dentist tuesday 8.30 (correction: wednesday, same
time)", "*1:15 typo": a time stated after a correction replaces the one before it, keeping
what the correction does not say (the day, or the clock time). "jk it's next month" takes
the time back with nothing in its place. "2 instead of 3", "instead of monday", "(it was
4:30)": a time marked as the old one is not scheduled; it is kept as the previous start.
The markers are blanked out of the text (same length), so "no" or "sorry" in them reads
as neither a negation nor a clause of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

from companion_bot.extraction.lexicon import (
    ARROW_MOVE_WORDS,
    OLD_SLOT_ABROAD,
    OLD_SLOT_ABROAD_WORDS,
    gate_words,
    phrases,
    rare_words,
    wordset,
)
from companion_bot.extraction.times import WINDOW_FIRST_HOUR, Group, resolve_again
from companion_bot.extraction.tokens import index_of, scan

# How far (characters) a correction may stand from the time it corrects and its new time.
CORRECTION_REACH = 48
NOON = 12

_CORRECTION_PHRASES = (
    "no wait|wait no|wait|no sorry|sorry|no no|correction|scratch that|i mean|i meant|"
    "no actually|actually|oops|my bad|make that|typo|i think no|edit|or no|never mind|"
    "nevermind|nvm|hang on|hold on|no hang on|no hold on|digo|quise decir|je veux dire|"
    "ich meine|nein warte|warte|nein moment|non attends|attends|no espera|espera|"
    "nao espera|no aspetta|aspetta|nee wacht|perdon|me equivoque|whoops|my mistake|nope"
)
_CORRECTION = re.compile(
    phrases(_CORRECTION_PHRASES)
    + r"|(?:^|(?<=\s))\*(?=\s*\d)"
    # "at eight no not eight nine am": the wrong value said again after "no not" goes too
    + r"|(?<=\w),?\s+no,?\s+(?:not\s+(?:at\s+)?(?:\d[\d:.]*|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve)\s+)?(?=\S)"
)
# The corrections that make a bare number right after them a time: "sunday 10. correction:
# 11", "make that 11", "no hang on it's seven" (not "actually 3 of us").
_CORRECTS_TO = re.compile(
    r"(?:\*|\b(?:correction|no wait|wait no|sorry|make (?:that|it)|i mean|i meant|digo|hang on|"
    r"hold on|nein warte|no espera|non attends|no aspetta|nee wacht|oops|whoops|my bad|"
    r"my mistake|typo|nope)"
    r"|(?<=[\dm]),?\s+no)\s*[:,]?\s*"  # "training at 2, no 3": a bare "no" right after a time
    r"(?:it'?s\s+|it is\s+|um\s+|a las\s+|à\s+|alle\s+|om\s+)?$"
)
_CORRECTS_TO_REACH = 24
# Where the right time was read, between a correction and it: "10am - no wait, just checked
# the letter, 10:30" (the aside goes with the marker, the event keeps its new time).
_CHECKED_ASIDE = re.compile(
    r"[\s,;:-]*(?:just\s+)?(?:checked|double[- ]checked|looked at|re-?read)\b[^.!?\n,;]{0,30}"
    r"[,;:-]\s*$"
)
# A "no," right before another marker belongs to it: "at one, no, sorry, one thirty".
_NO_LEADS = re.compile(r"\bno\s*,\s*$")
# After "sorry", the words of an apology rather than of a correction.
_APOLOGY_AFTER = re.compile(r"\s*(?:for|about|to|if|that|again|guys|all|everyone|folks|team)\b")
# The same without its last two alternatives, for a text with no "*" and no word "no": there
# they match nothing, and the engine need not try them at every position.
_CORRECTION_WORDS = re.compile(_CORRECTION.pattern.rsplit("|(?:^|", 1)[0])
_CORRECTION_FIRST = gate_words(_CORRECTION_PHRASES)  # where its matches begin
# Every word a correction, a taken-back time or a ruled-out time starts with: a cheap gate.
_MARKER_WORDS = wordset(
    "no wait sorry correction scratch mean meant actually oops bad make typo edit never "
    "whoops mistake nope "
    "nevermind nvm jk kidding forget not hang hold digo quise veux meine nein warte attends "
    "espera aspetta wacht perdon equivoque grapje geintje brincadeira broma scherzo"
)  # the word each marker cannot do without ("i mean" -> "mean", "my bad" -> "bad")
_TAKEN_BACK_PHRASES = (
    "jk|just kidding|kidding|scratch that|never mind|nevermind|nvm|forget it|"
    # the time said belongs to another week: "dentist at 4. no wait, that was last week"
    "that was last week|that's next week|thats next week|that is next week|that was yesterday|"
    # only joking: Dutch, Portuguese, Spanish, Italian
    "grapje|geintje|nee grapje|brincadeira|es broma|era broma|solo scherzo|scherzo"
)
_TAKEN_BACK = re.compile(phrases(_TAKEN_BACK_PHRASES) + r"[^.!?\n]*")
_TAKEN_BACK_GATE = rare_words(_TAKEN_BACK_PHRASES)  # a word ``_TAKEN_BACK`` needs
# "..., not the afternoon", "not at 3": a time ruled out beside the one meant.
_RULED_OUT = re.compile(
    r"\bnot\s+(?:the\s+|at\s+|on\s+)?(?:\d|morning|afternoon|evening|night|mon|tue|wed|thu|fri|"
    r"sat|sun|today|tomorrow|tonight|next|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve)"
)
_REPORTED = re.compile(
    r"[\s,]*(?:she|he|they|it|the\s+\w+)\s+(?:said|says|wants|meant|emailed|texted|rang|called|"
    r"messaged|wrote|confirmed|replied)\b"
)
_MARKS = " ,-:;"  # what may stand around a correction's marker besides it
# The wrong value said in an earlier message, told right after the new one.
_SAID_BEFORE = re.compile(
    r"[\s,]*(?:not\s+\w+\s+)?(?:as|like)\s+(?:i|we)\s+(?:said|told you|wrote|mentioned)\b"
)
_NOT_THIS = re.compile(r"\b(?:not|and not|but not)\s+(?:the\s+)?$")
_OLD_BEFORE = re.compile(
    r"\b(?:instead of|rather than|not|no longer|was|were|previously|originally|previous|"
    r"(?:changed|switched) (?:it )?from|"  # "wednesday next week, 6pm, she changed it from tuesday"
    rf"old (?:slot|time|date)|(?:i|you|we) (?:said|wrote)|{OLD_SLOT_ABROAD}|"
    r"last (?:year|term|semester|time)'s (?:slot|time|date|dates|times))"  # "shows last
    r"\s*[:(]?\s*(?:at\s+)?$"  # year's date (14 Oct, 5pm)": a date gone by
)  # and a moved booking's field: "Previous: Wed 08/03 09:00", "(was: woensdag 8 december)"
# Every marker of an old slot holds one of these words (a cheap gate before the search per time).
# How far before a time its old-slot marker may begin: "vecchio appuntamento: 4/3".
OLD_MARK_CHARS = 24
_OLD_MARK_WORDS = (
    wordset(
        "instead rather not longer was were previously originally previous old said wrote changed "
        "switched last"
    )
    | OLD_SLOT_ABROAD_WORDS
)
_AMOUNT = (
    r"(an?|one|two|three|half an?|\d+(?:\.5)?)\s*(hours?|hrs?|h|minutes?|mins?|m|days?|weeks?|wks?)"
)
_SHIFT = re.compile(
    rf"\b(?:by\s+)?{_AMOUNT}\s+(earlier|sooner|later|early|late|back|forward|up)\b"
    rf"|\b(up|back|forward)\s+(?:by\s+)?{_AMOUNT}\b"
    rf"|\b(?:pushed|delayed|postponed|moved)\s+(?:by\s+)?{_AMOUNT}\b"  # "pushed a week": later
)
# Where a match of ``_SHIFT`` can begin: a branch's first word, an amount, or an amount
# written together with its unit ("anhour", "2h" begins at a run of digits).
_SHIFT_AMOUNT_WORDS = ("a", "an", "one", "two", "three")
_SHIFT_UNITS = "hour hours hr hrs h minute minutes min mins m day days week weeks wk wks"
_SHIFT_FIRST = (
    wordset("by half up back forward pushed delayed postponed moved")
    | frozenset(_SHIFT_AMOUNT_WORDS)
    | {amount + unit for amount in _SHIFT_AMOUNT_WORDS for unit in _SHIFT_UNITS.split()}
)
_AMOUNTS = {"a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "half a": 0.5}
_AMOUNTS["half an"] = 0.5
_UNIT_MINUTES = {"h": 60, "m": 1, "d": 24 * 60, "w": 7 * 24 * 60}
_SAME_NEXT_WEEK = re.compile(
    r"\bsame\s+(?:time|day|slot)\s+next\s+week\b"
    r"|\bnext\s+week,?\s+(?:at\s+)?(?:the\s+)?same\s+(?:time|slot)\b"
)
# A move by an amount says which way: no word of these, no move (a cheap gate on words).
_SHIFT_WORDS = wordset(
    "earlier sooner later early late back forward up pushed delayed postponed moved"
)
_SAME_NEXT_WEEK_WORDS = wordset("same next week")
_NEXT_WEEK_DELTA = dt.timedelta(days=7)
_EARLIER = frozenset(["earlier", "sooner", "early", "forward", "up"])


def corrects_to(s: str, pos: int) -> bool:
    """Whether a correction ends right before ``pos``: a bare number there is its time."""
    return _CORRECTS_TO.search(s, max(0, pos - _CORRECTS_TO_REACH), pos) is not None


def apply_corrections(
    s: str, groups: list[Group], now: dt.datetime, words: frozenset[str]
) -> tuple[str, list[Group]]:
    """Text with correction markers blanked, and the groups left to schedule."""
    if words.isdisjoint(_MARKER_WORDS) and "*" not in s:
        return s, groups
    kept = list(groups)
    spans = _marker_spans(s, words)
    for i in reversed(range(len(spans))):
        a, b = spans[i]
        old = _last_before(kept, a)
        new = _first_after(kept, b)
        taken_back = _TAKEN_BACK.search(s, a, b)
        if old is None or a - old.end > CORRECTION_REACH:
            continue
        if i and _apologises_for(s, spans[i - 1][1], old, a, b):
            continue  # "*5pm sorry, the school has the field till 5": the new time's apology
        if new is not None and new.habit and new.time is None:
            continue  # "make it 8:30 actually, they're slow on fridays": a habit's day, no fix
        if new is not None and _moved_after(s, new, kept):
            continue  # "correction — the room is taken saturday, moved to sunday": a move
        if s[a:b].strip(" ,") == "no" and (a - old.end > 1 or new is None or new.start - b > 1):
            continue  # a bare "no" corrects only between two times: "at three no three thirty"
        if new is None or new.start - b > CORRECTION_REACH:
            if taken_back is not None:
                kept.remove(old)
                s = _blank(s, a, b)
            elif s[a:b].strip() == "typo":
                s = _blank(s, a, b)  # "*1:15 typo": the mark of a correction made before it
            continue
        if _OLD_BEFORE.search(s, max(0, new.start - OLD_MARK_CHARS), new.start):
            continue  # "sorry i said 10-11 earlier": the time after it is the old one
        if _SAID_BEFORE.match(s, new.end):
            s = _blank(s, a, b)  # "correction, the bank is tuesday 14:00, not monday as i
            continue  # said before": what it corrects was said in an earlier message
        merge(old, new, now)
        kept.remove(old)
        said = _REPORTED.match(s, b, new.start) or _CHECKED_ASIDE.match(s, b, new.start)
        s = _blank(s, a, said.end() if said is not None else b)  # "no wait she said 12:15"
        if old.end <= a and not old.habit:  # its words go: "tutoring 2moro 5pm *6pm" reads as
            s = _blank(s, old.start, old.end)  # "tutoring *6pm", its event next to it
            if not s[old.end : a].strip(_MARKS) and not s[b : new.start].strip(_MARKS):
                s = _blank(s, old.start, new.start)  # and its marks: "thursday at 4 - sorry, 5"
    for g in list(kept):
        marker = _NOT_THIS.search(s, max(0, g.start - 8), g.start)
        if marker is not None and len(kept) > 1:
            _lend_trailing_day(s, g, _last_before(kept, marker.start()), now)
            kept.remove(g)  # "at nine in the morning, not the afternoon": the time ruled out
            s = _blank(s, marker.start(), g.end)
    for m in () if words.isdisjoint(_TAKEN_BACK_GATE) else _TAKEN_BACK.finditer(s):
        old = _last_before(kept, m.start())
        if old is not None and m.start() - old.end <= CORRECTION_REACH:
            kept = [g for g in kept if g is not old and not m.start() <= g.start < m.end()]
    return s, kept


def _lend_trailing_day(s: str, ruled_out: Group, kept: Group | None, now: dt.datetime) -> None:
    """ "the workshop is 11am not 10am tmrw": the day after a ruled-out clock time is the
    day of the time kept before it, when that one names none."""
    if (
        kept is None
        or kept.date is not None
        or kept.rel is not None
        or kept.time is None
        or ruled_out.date is None
        or ruled_out.time is None
        or not s[ruled_out.start : ruled_out.start + 1].isdigit()  # the clock first, the day after
    ):
        return
    kept.date, kept.date_kind, kept.weekday = (
        ruled_out.date,
        ruled_out.date_kind,
        ruled_out.weekday,
    )
    resolve_again(kept, now)


# A move told after the marker: the change, not the correction, says the new time.
_MOVED_TO = re.compile(r"\b(?:moved|moving|pushed|shifted|changed|switched)\s+(?:it\s+)?to\b")
MOVED_TIME_CHARS = 12  # "moved to " ... "next sunday"


def _moved_after(s: str, new: Group, groups: list[Group]) -> bool:
    """Whether a move to another time follows ``new`` closely: then ``new`` is the old slot
    named again ("the room is taken saturday, moved to sunday"), not the corrected time."""
    moved = _MOVED_TO.search(s, new.end, new.end + CORRECTION_REACH)
    return moved is not None and any(
        moved.end() <= g.start <= moved.end() + MOVED_TIME_CHARS for g in groups
    )


_APOLOGIES = frozenset(["sorry", "my bad", "oops", "soz", "sry"])
_BETWEEN = re.compile(r"[\s:,]*")


# A slot named only as not to be had: "the 5:45 was taken", "10am is full", "9 is gone now".
_UNAVAILABLE = re.compile(
    r"(?:\s+(?:slot|show|session|table|class|one))?"  # "the 6pm show is sold out"
    r"\s+(?:was|is|were|are|'s)\s+(?:already\s+)?(?:taken|full|gone|unavailable|"
    r"not available|booked up|fully booked|sold out)\b"
)
# Or as one the venue cannot do: "the restaurant can't do 7 on thursday ..., they gave us 8:30".
_UNAVAILABLE_BEFORE = re.compile(
    r"\b(?:can't|cant|cannot|can not|couldn't|couldnt|could not)\s+(?:do|fit us in at|"
    r"take us at|seat us at|book us (?:in )?at)\s+(?:at\s+)?$"
)
UNAVAILABLE_BEFORE_CHARS = 24
# The speaker declining a slot, not a venue refusing one: "(sorry,) (i) can't do 3pm tmrw,
# got the dentist at 2:30" — the time after it is the speaker's reason, not the slot given.
_SPEAKER_DECLINES = re.compile(r"(?:^|[.,;:!?\n(]|\b(?:i|sorry|soz|sry)\b)\s*$")
SPEAKER_BEFORE_CHARS = 8
_UNAVAILABLE_WORDS = wordset(
    "taken full gone booked unavailable available sold can cant cannot couldn couldnt"
)


def unavailable_slots(
    s: str, groups: list[Group], now: dt.datetime, words: frozenset[str]
) -> list[Group]:
    """The groups once each slot said to be taken gives way to the time after it, which
    keeps what it does not say and takes the place of the slot's first mention: "escape room
    fri 5:45pm ... the 5:45 was taken, we got 6:15" is the escape room on Friday at 18:15."""
    if words.isdisjoint(_UNAVAILABLE_WORDS):
        return groups
    kept = list(groups)
    for g in groups:
        if g not in kept or g.time is None:
            continue
        if not _UNAVAILABLE.match(s, g.end) and not _venue_cannot_do(s, g.start):
            continue
        new = _first_after(kept, g.end)
        if new is None or new.start - g.end > CORRECTION_REACH:
            continue
        said = [o for o in kept if o.end <= g.start and _same_clock(o, g)]
        first = said[-1] if said else g
        merge(first, new, now)
        at = kept.index(first)
        kept[at] = dataclasses.replace(new, start=first.start, end=first.end)
        kept = [o for o in kept if o is not g and o is not new]
    return kept


def _venue_cannot_do(s: str, pos: int) -> bool:
    """Whether someone else says right before ``pos`` that they cannot do the slot ("the
    restaurant can't do 7"); not the speaker declining it ("sorry can't do 3pm")."""
    m = _UNAVAILABLE_BEFORE.search(s, max(0, pos - UNAVAILABLE_BEFORE_CHARS), pos)
    return m is not None and not _SPEAKER_DECLINES.search(
        s, max(0, m.start() - SPEAKER_BEFORE_CHARS), m.start()
    )


def _same_clock(a: Group, b: Group) -> bool:
    return a.value is not None and b.value is not None and a.value.time() == b.value.time()


def _apologises_for(s: str, before: int, time: Group, a: int, b: int) -> bool:
    """Whether marker s[a:b] is an apology right after ``time``, itself a correction's new
    time right after the marker that ends at ``before``."""
    return (
        s[a:b].strip(" ,") in _APOLOGIES
        and _BETWEEN.fullmatch(s, before, time.start) is not None
        and _BETWEEN.fullmatch(s, time.end, a) is not None
    )


def _marker_spans(s: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """Correction markers, neighbouring ones joined ("no sorry", "wait no, actually")."""
    spans: list[tuple[int, int]] = []
    for m in _markers(s, words):
        if m.group().endswith("sorry") and _APOLOGY_AFTER.match(s, m.end()):
            continue  # "sorry for the shuffle", "sorry about tuesday": an apology
        lead = _NO_LEADS.search(s, max(0, m.start() - 5), m.start())
        start = m.start() if lead is None else lead.start()
        if spans and start - spans[-1][1] <= 2:
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((start, m.end()))
    return spans


def has_correction(s: str, words: frozenset[str]) -> bool:
    """Whether the text corrects itself ("no wait", "sorry", "*1:15"): it is always read."""
    if words.isdisjoint(_MARKER_WORDS) and "*" not in s:
        return False
    return _corrections(s, words).search(s) is not None or _RULED_OUT.search(s) is not None


def _markers(s: str, words: frozenset[str]) -> Iterable[re.Match[str]]:
    """``_corrections(s, words).finditer(s)``; where only the words' pattern can match, it
    is tried only where one of its phrases begins."""
    pattern = _corrections(s, words)
    if pattern is _CORRECTION:
        return pattern.finditer(s)
    return scan(pattern, index_of(s, words), _CORRECTION_FIRST)


def _corrections(s: str, words: frozenset[str]) -> re.Pattern[str]:
    """``_CORRECTION``, or its cheaper equal where "*" and the word "no" do not occur."""
    if "*" in s or "no" in words:
        return _CORRECTION
    return _CORRECTION_WORDS


def old_slots(s: str, groups: list[Group], words: frozenset[str]) -> tuple[str, list[Group]]:
    """Groups that name the old slot of a change ("2 instead of 3", "(it was 4:30)"), and the
    text with their markers blanked ("it was" there says nothing is past); the old slots of
    moves told by an arrow too ("the 10:30 design review → 13:00"). ``words``: the message's
    (blanking only takes words out)."""
    olds = arrow_moves(s, groups, words)
    marked = not words.isdisjoint(_OLD_MARK_WORDS)
    if not marked and "(" not in s:
        return s, olds  # no "instead of", "was", "not", ..., no bracket: no old slot
    for g in groups:
        marker = (
            _OLD_BEFORE.search(s, max(0, g.start - OLD_MARK_CHARS), g.start) if marked else None
        )
        if marker is not None:
            olds.append(g)
            s = _blank(s, marker.start(), marker.end())
        elif s.startswith("(", g.start - 1) and _BRACKETED_OLD_AFTER.match(s, g.end):
            olds.append(g)  # "moving our 1:1 (today 4pm) to monday 11:30": the old slot
    return s, olds


# A bracketed time right before the new one of a move: "... (today 4pm) to monday 11:30".
_BRACKETED_OLD_AFTER = re.compile(r"\)\s+to\s")


# A move told by an arrow: the old slot, the event's name or nothing, the arrow, the new slot
# right after it ("the 10:30 design review → 13:00", "sync: Tue 10:00 -> Wed 11:00").
_ARROW_TO_NEW = re.compile(r"[^\d\n.,;:!?()→⇒⟶➡➝➜➔=>-]{0,40}(?:->|=>|→|⇒|⟶|➡️?|➝|➜|➔)\s*")
_ARROWS = ("->", "=>", "→", "⇒", "⟶", "➡", "➝", "➜", "➔")


def arrow_moves(s: str, groups: list[Group], words: frozenset[str]) -> list[Group]:
    """The old slots of moves told by an arrow from one time to the next, in a message that
    says it moves something ("Moving both today: the 10:30 design review → 13:00")."""
    if words.isdisjoint(ARROW_MOVE_WORDS) or not any(a in s for a in _ARROWS):
        return []
    return [
        g
        for g, new in zip(groups, groups[1:], strict=False)
        if g.value is not None
        and new.value is not None
        and _ARROW_TO_NEW.fullmatch(s, g.end, new.start) is not None
    ]


def _same_next_week(words: frozenset[str]) -> bool:
    return _SAME_NEXT_WEEK_WORDS.issubset(words)


def may_shift(words: frozenset[str]) -> bool:
    """Cheap gate: whether a text with these words may state a move by an amount."""
    return not words.isdisjoint(_SHIFT_WORDS) or _same_next_week(words)


_MAX_SHIFT_MINUTES = 366 * 24 * 60  # a move by more than a year is no move of a meeting


def shift_of(s: str, words: frozenset[str]) -> dt.timedelta | None:
    """A stated move by an amount: "an hour earlier" -> -1 h, "back 30 mins", "a week later",
    "same time next week" -> +7 days (``words``: the message's)."""
    m = None if words.isdisjoint(_SHIFT_WORDS) else _SHIFT.search(s)
    if m is None:
        return _NEXT_WEEK_DELTA if _same_next_week(words) and _SAME_NEXT_WEEK.search(s) else None
    if m.group(1):
        amount_word, unit, direction = m.group(1), m.group(2), m.group(3)
    elif m.group(5):
        amount_word, unit, direction = m.group(5), m.group(6), m.group(4)
    else:
        amount_word, unit, direction = m.group(7), m.group(8), "later"
    amount = _AMOUNTS.get(amount_word) or float(amount_word)
    minutes = amount * _UNIT_MINUTES[unit[0]]
    if minutes > _MAX_SHIFT_MINUTES:
        return None  # "moved 99999999999 days": no meeting moves that far
    return dt.timedelta(minutes=-minutes if direction in _EARLIER else minutes)


def without_shift_amounts(s: str, groups: list[Group], words: frozenset[str]) -> list[Group]:
    """ "bumped up an hour", "same time next week": the amount of a move is not a time."""
    spans = (
        []
        if words.isdisjoint(_SHIFT_WORDS)
        else [m.span() for m in scan(_SHIFT, index_of(s, words), _SHIFT_FIRST, digits=True)]
    )
    if _same_next_week(words):
        spans += [m.span() for m in _SAME_NEXT_WEEK.finditer(s)]
    if not spans:
        return groups
    return [
        g for g in groups if not any(a <= g.start < b or g.start <= a < g.end for a, b in spans)
    ]


def shift(s: str, g: Group, words: frozenset[str]) -> dt.datetime | None:
    """The new start of a stated slot moved by a stated amount ("(it was 4:30) ... an hour
    earlier")."""
    delta = shift_of(s, words)
    if delta is None or g.value is None or g.time is None:
        return None
    return (g.value.astimezone(dt.UTC) + delta).astimezone(g.value.tzinfo)


def _last_before(groups: list[Group], pos: int) -> Group | None:
    before = [g for g in groups if g.end <= pos]
    return before[-1] if before else None


def _first_after(groups: list[Group], pos: int) -> Group | None:
    return next((g for g in groups if g.start >= pos), None)


def merge(old: Group, new: Group, now: dt.datetime) -> None:
    """The new group keeps what it does not state from the old one (day or clock time)."""
    new.strong = True  # "at three no three thirty": a correction's number is a time
    if new.time is not None:
        new.time.strong = True
    changed = False
    if new.date is None and new.rel is None and old.date is not None:
        new.date, new.date_kind, new.weekday = old.date, old.date_kind, old.weekday
        changed = True
    if new.time is None and not new.part and old.time is not None:
        new.time, new.tz = old.time, old.tz
        changed = True
    if new.time is not None and not new.part and old.part:
        new.part = old.part
        changed = True
    if _same_half_of_day(old, new):
        changed = True  # "at six no wait seven": six read as 18:00, so seven is 19:00
    if changed:
        new.value, new.value_end = old.value, old.value_end  # the range's length carries over
        resolve_again(new, now)


def _same_half_of_day(old: Group, new: Group) -> bool:
    """Give a corrected bare hour the afternoon its corrected time surely meant ("6", "3pm");
    whether it did."""
    t = new.time
    if t is None or t.ampm or new.part or old.value is None or old.time is None:
        return False
    was = old.time
    afternoon = was.ampm == "pm" or (not was.ampm and 1 <= was.hour < WINDOW_FIRST_HOUR)
    if not afternoon or not 1 <= t.hour < NOON:
        return False  # not "at 9 no wait 10": 9 was read as 21:00 only because 9am passed
    t.ampm = "pm"
    return True


def _blank(s: str, a: int, b: int) -> str:
    return s[:a] + " " * (b - a) + s[b:]
