"""When a group chat settles its plan: the time a transcript's later lines give the plan.

A plan proposed in one line ("ines: lunch tomorrow 12:30?") takes the time a later line
settles ("ines: fine, 1pm then"), restates ("jin: 7pm at the alley"), moves to with the
user's consent, answers the user's "what time?" with, or books ("me: booked 10-12"); a poll
keeps the option a later line picks. What the later line does not say is kept, as a
correction's is. Who says what is read in ``transcripts``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from companion_bot.extraction.clauses import CANCEL, RESCHEDULE, things_time
from companion_bot.extraction.corrections import merge
from companion_bot.extraction.lexicon import CHOSEN_AFTER_TIME, wordset
from companion_bot.extraction.refiners import SAME_TIME
from companion_bot.extraction.times import Group, is_bare_number, resolve_again
from companion_bot.extraction.transcripts import (
    OTHERS_AGREE,
    OWN_PLAN,
    TAKES_OTHERS,
    USER_DECLINES,
    USER_SPEAKERS,
    Line,
    line_at,
    next_answer,
    said_from,
    speaker_at,
)

# The plan's time told where the speaker is: "that's 5pm for me", "that's 9am monday here".
_CONVERTED_BEFORE = re.compile(r"\b(?:that's|thats|that is|which is|which's)\s+$")
_CONVERTED_AFTER = re.compile(r"\s*(?:for me|for us|here|over here|my time|our time|locally)\b")


def _converted(s: str, g: Group) -> bool:
    """Whether the time only tells the plan's time in the speaker's own zone."""
    return (
        _CONVERTED_BEFORE.search(s, max(0, g.start - 12), g.start) is not None
        and _CONVERTED_AFTER.match(s, g.end) is not None
    )


def _in_speaker(lines: list[Line], s: str, g: Group) -> bool:
    """Whether the time is a speaker's name ("gio:" read as Italian Thursday)."""
    line = line_at(lines, g.start)
    return line is not None and g.start < said_from(s, line)


# The words of a line that only settles the time of a plan proposed before it: "fine, 1pm
# then", "7 then", "done, fri 6:30", "listo, 19:30 entonces".
_SETTLE_WORDS = wordset(
    "then ok okay fine done it is its it's sure deal perfect works work great cool lets let's "
    "say make that so yes yeah yep instead entonces listo dale dann alors na lang fix hai at @ "
    "see you u ye ya there for me by good pues vale grand perfecto perfetto parfait allora entao "
    "quindi"
)
_SETTLE_MARKS = wordset(
    "then done fine deal instead entonces listo dann alors lang works see perfect vale grand "
    "perfecto perfetto parfait allora entao quindi"
)
_WORD = re.compile(r"[\w'@]+")
_BREAK = re.compile(r"[,;.!]\s|\s[-\u2013\u2014]\s")  # "8 then, court 3 booked"
HALF_DAY = 12
# A line that asks to move the plan: "can we push to 1:15", "how about 8 instead".
_MOVE_ASK = re.compile(
    r"\b(?:mov\w*|push\w*|shift\w*|bump\w*|instead|make it|how about|what about|"
    r"can we do|could we do)\b"
)


def settle(
    lines: list[Line],
    s: str,
    groups: list[Group],
    now: dt.datetime,
    said: list[Group],
    named: list[int],
) -> tuple[list[Line], list[Group]]:
    """A transcript whose plan was settled in a later line ("ines: lunch tomorrow 12:30?" ...
    "ines: fine, 1pm then"): the first time, which proposed the plan, takes the settled one
    (keeping the day it does not say), the times said on the way go ("tom: can we do 1
    instead, i've a call till 12:45"), and a user's line that settles it joins the plan.
    ``said``: every time the scan found, bare numbers too ("leah: 7 or 8pm" ... "tom: 8
    then" picks the 8pm offered); ``named``: where the known events start. A speaker's name
    is no time ("gio:", "june:"), nor is the plan's time told in another zone ("clara:
    that's 5pm for me")."""
    groups = [
        g
        for g in groups
        if not (_in_speaker(lines, s, g) or _converted(s, g) or things_time(s, g.start))
    ]
    if not groups:
        return lines, groups
    chosen = _option_chosen(lines, s, groups)
    if chosen is not None:  # "lunch thursday 12:30 or drinks friday 17:00" ... "lunch it is"
        return chosen
    for k in range(len(lines) - 1, 0, -1):
        line = lines[k]
        new = (
            _settled_in(line, s, groups, said, now)
            or _moved_in(lines, k, s, groups)
            or _restated_in(lines, k, s, groups, named, now)
            or _time_answered_in(lines, k, s, said)
            or _volunteered_in(lines, k, s, groups)
        )
        if new is not None:
            break
    else:
        new = _corrected_later(lines, groups, said)
        if new is None:
            return lines, groups
        line = line_at(lines, new.start) or line
    old = groups[0]  # the plan's first time proposed it
    if old is new:  # a correction merged it already ("omar: actually can we push to 1:15")
        old = next((g for g in said if g.end <= line.start and _dropped(g, groups)), new)
    if old is new and _opened_untimed(lines, s, groups, line):
        old = _in_opener(lines, s, new, named)  # "dana: pizza night this week?" ... "fri 6:30 then"
    if old is new or speaker_at(lines, old.start) is None:
        return lines, groups
    _offered_date(new, [g for g in groups if g.end <= line.start], now)
    if not _dropped(old, groups):
        merge(old, new, now)
    new.start, new.end = _proposed_at(lines, s, groups, old, named)  # where the plan was proposed
    if new.start == old.start:
        new.end = _options_end(s, groups, old, new)
    new.settled = True
    kept = [
        g for g in groups if g is not new and g is not old and not old.end <= g.start <= line.end
    ]
    kept.insert(sum(g.start < new.start for g in kept), new)
    if line.who in USER_SPEAKERS:
        lines = [x._replace(joins=True, declines=False) if x is line else x for x in lines]
    return _answered_again(lines, line), kept


# A line that picks an option by its event: "ok, lunch thursday it is", "bowling wins".
_PICKED = re.compile(r"\b(?:it is|it's|its|wins|won|it be)(?=\s*(?:[,;.!\u2013\u2014-]|$))", re.M)


def _option_chosen(
    lines: list[Line], s: str, groups: list[Group]
) -> tuple[list[Line], list[Group]] | None:
    """The lines and times once a later line picks one of the options offered by what it is
    ("laura: lunch thursday 12:30 or drinks friday 17:00" ... "laura: ok, lunch thursday it
    is"; "fri 7pm bowling / sat 2pm go-karts" ... "bowling wins"): the option beside that word
    stays, settled, and the others go."""
    for line in reversed(lines[1:]):
        picked = _PICKED.search(s, line.start, line.end)
        if picked is None:
            continue
        said = _words_picking(s, max(said_from(s, line), _last_break(s, line, picked)), picked)
        offered = [g for g in groups if g.end <= line.start]
        match = [g for g in offered if not said.isdisjoint(_words_beside(s, g, groups))]
        by_day = len(match) != 1
        if by_day:  # picked by its day: "sat 7pm or sun 6pm?" ... "ok sun wins"
            match = _day_picked(s, line, picked, offered, groups)
        if len(offered) < 2 or len(match) != 1:
            return None
        if by_day and match[0] is not offered[0]:  # it stands where the plan was offered,
            match[0].start, match[0].end = offered[0].start, offered[0].end  # by its event
        match[0].settled = True
        dropped = [g for g in offered if g is not match[0] and g.time is not None]
        kept = [g for g in groups if g not in dropped and not line.start <= g.start < line.end]
        if line.who in USER_SPEAKERS:
            lines = [x._replace(joins=True, declines=False) if x is line else x for x in lines]
        return lines, kept
    return None


def _day_picked(
    s: str, line: Line, picked: re.Match[str], offered: list[Group], groups: list[Group]
) -> list[Group]:
    """The offered times on the weekday a day alone names right before "wins" / "it is", when
    the line gives no time of its own ("thu it is — 6:30 at mine" is settled by its 6:30)."""
    inside = [g for g in groups if line.start <= g.start < line.end]
    days = [g.weekday for g in inside if g.end <= picked.start() and g.weekday >= 0]
    if len(days) != 1 or any(g.time is not None for g in inside):
        return []
    return [g for g in offered if g.weekday == days[0] and g.time is not None]


_BEFORE_WORD = re.compile(r"([a-z][\w'-]*)(?:\s+(?:at|@|on|from))?\W{1,3}$")
_AFTER_WORD = re.compile(r"\W{1,3}([a-z][\w'-]*)")
_NOT_WHAT = wordset("or and at on the a an for to from with by in vs votes vote it is")


def _last_break(s: str, line: Line, picked: re.Match[str]) -> int:
    """Where the clause that picks begins: after the last mark before "it is" / "wins"."""
    marks = [s.rfind(mark, line.start, picked.start()) for mark in ",;:.!?-"]
    return max(marks) + 1


def _words_picking(s: str, start: int, picked: re.Match[str]) -> set[str]:
    """The words of the clause right before "it is" / "wins" ("lunch thursday")."""
    return {w.group() for w in _WORD.finditer(s, start, picked.start())}


def _words_beside(s: str, g: Group, groups: list[Group]) -> set[str]:
    """The words right before and after an offered time that may say what it is for ("lunch"
    in "lunch thursday 12:30 or ...", "bowling" in "fri 7pm bowling - 6 votes"), not a time's
    ("thu" in "tue 7pm / thu 6:30pm")."""
    found = set()
    before = _BEFORE_WORD.search(s, max(0, g.start - 24), g.start)
    after = _AFTER_WORD.match(s, g.end)
    for m in (before, after):
        if (
            m is not None
            and m.group(1) not in _NOT_WHAT
            and not any(x.start <= m.start(1) < x.end for x in groups)
        ):
            found.add(m.group(1))
    return found


def _opened_untimed(lines: list[Line], s: str, groups: list[Group], line: Line) -> bool:
    """Whether the thread's first line asks for a plan with no time ("dana: pizza night this
    week?") and its proposer, or the user, settles it in ``line`` with no time before."""
    first = lines[0]
    return (
        line is not first
        and (line.who == first.who or line.who in USER_SPEAKERS)
        and "?" in s[first.start : first.end]
        and not any(g.start < line.start for g in groups)
    )


def _in_opener(lines: list[Line], s: str, new: Group, named: list[int]) -> Group:
    """A stand-in for the time a plan named in the first line lacked, at that line's end."""
    first = lines[0]
    if sum(first.start <= e < first.end for e in named) > 1:
        return new  # "yuki: study group for the stats exam?": which one is the plan's
    asked = s.find("?", first.start, first.end)  # "dinner this week? i can do wed or thu"
    words = list(_WORD.finditer(s, said_from(s, first), asked))
    if not words:
        return new
    start, end = words[-1].span()
    return replace(new, start=start, end=end)


# The user asking a plan's time: "what time?", "a qué hora?", "um wie viel uhr?".
_ASKS_TIME = re.compile(
    r"\b(?:what time|wat time|which time|what hour|a qu[eé] hora|que horas|um wie ?viel uhr|"
    r"wie ?viel uhr|à quelle heure|a quelle heure|a che ora|hoe laat|o której|o ktorej)\b"
)


def _time_answered_in(lines: list[Line], k: int, s: str, said: list[Group]) -> Group | None:
    """The one time, a bare hour too, that another speaker's line gives right after the user
    asked the plan's time, once the user takes it ("me: friday works for the committee, what
    time?" ... "sam: 2?" ... "me: 👍")."""
    line, asked = lines[k], lines[k - 1]
    if line.who in USER_SPEAKERS or asked.who not in USER_SPEAKERS:
        return None
    if _ASKS_TIME.search(s, asked.start, asked.end) is None:
        return None
    inside = [g for g in said if line.start <= g.start < line.end and g.time is not None]
    reply = next_answer(lines, line.end)
    if len(inside) != 1 or reply is None or not reply.joins:
        return None
    return inside[0]


# Another speaker asking for someone to take an errand on: "can anyone grab the kids".
_ASKS_SOMEONE = re.compile(
    r"\b(?:can|could|would)\s+(?:anyone|anybody|someone|somebody|one of you|you)\b"
    r"|\b(?:who can|who could|who's driving|whos driving|who is driving|anyone able|any takers)\b"
)


def _volunteered_in(lines: list[Line], k: int, s: str, groups: list[Group]) -> Group | None:
    """The clock time with no day of its own in a line where the user takes on what the
    speaker before asked for ("jess: can anyone grab the kids tomorrow?" ... "me: i'll get
    them, 3:10 at the front gate")."""
    line = lines[k]
    if line.who not in USER_SPEAKERS or not line.joins or k == 0:
        return None
    asked = lines[k - 1]
    if asked.who in USER_SPEAKERS or _ASKS_SOMEONE.search(s, asked.start, asked.end) is None:
        return None
    inside = [g for g in groups if line.start <= g.start < line.end]
    if len(inside) != 1 or inside[0].time is None or "?" in s[line.start : line.end]:
        return None
    g = inside[0]
    return g if g.date is None and g.weekday < 0 and g.rel is None else None


def _corrected_later(lines: list[Line], groups: list[Group], said: list[Group]) -> Group | None:
    """The plan's time, when its proposer corrected it in a later line and nothing settled
    it after ("lars: badminton thursday 18:00" ... "lars: correction, 19:00 not 18:00")."""
    line = line_at(lines, groups[0].start)
    if line is None or line is lines[0] or line.who in USER_SPEAKERS:
        return None
    dropped = next((g for g in said if g.end <= line.start and _dropped(g, groups)), None)
    first = None if dropped is None else speaker_at(lines, dropped.start)
    return groups[0] if first is not None and first.who == line.who else None


def _options_end(s: str, groups: list[Group], old: Group, new: Group) -> int:
    """Where the options offered on the plan's first line end ("tue 14th / wed 15th / thu
    16th"): the settled time covers them, so their clause holds nothing but the time."""
    eol = s.find("\n", old.end)
    eol = len(s) if eol < 0 else eol
    return max([old.end] + [g.end for g in groups if g is not new and old.end <= g.start < eol])


def _answered_again(lines: list[Line], settled: Line) -> list[Line]:
    """The lines, with the user's answers before the line that settled the plan passed over
    when the user answers it again, joining or not: "me: can't tonight, tmrw?" ... "liam:
    tmrw 7pm then" ... "me: deal" answers the plan as settled."""
    if not any(
        x.who in USER_SPEAKERS and x.start > settled.end and (x.joins or x.declines) for x in lines
    ):
        return lines
    return [
        x._replace(asks=True, joins=False, declines=False)
        if x.who in USER_SPEAKERS and x.end < settled.start
        else x
        for x in lines
    ]


def _offered_date(new: Group, offered: list[Group], now: dt.datetime) -> None:
    """A settled weekday takes the date of the one offered with that weekday ("sat 11th 1pm
    or sun 12th 12:30?" ... "saturday 1pm it is" is the 11th, not the coming saturday), and
    its time when it states none ("tue 7pm or wed 7:30pm?" ... "wed it is!" is 7:30pm)."""
    if new.date_kind != "wd":
        return
    if new.time is None:
        timed = [x for x in offered if x.weekday == new.weekday and x.time is not None]
        if len(timed) == 1:
            merge(timed[0], new, now)
    dated = (x for x in offered if x.date_kind == "full" and x.weekday == new.weekday)
    match = next(dated, None)
    if match is not None and match.date != new.date:
        new.date, new.date_kind = match.date, match.date_kind
        resolve_again(new, now)


def _settled_in(
    line: Line, s: str, groups: list[Group], said: list[Group], now: dt.datetime
) -> Group | None:
    """The time a line settles the plan on, if that is all it does: its one time, or a bare
    hour that picks one offered before it ("tom: 8 then, court booked")."""
    inside = [g for g in groups if line.start <= g.start < line.end]
    if inside:
        return inside[0] if len(inside) == 1 and _only_settles(s, line, inside[0]) else None
    if "?" in s[line.start : line.end]:
        return None  # "tom: 7 then?": the bare hour is asked, not settled
    for g in said:
        if line.start <= g.start < line.end and g.time is not None and _only_settles(s, line, g):
            offered = [x for x in groups if x.end <= line.start and _same_hour(x, g)]
            if offered:
                merge(offered[-1], g, now)  # its half of the day
                return g
    return None


def _moved_in(lines: list[Line], k: int, s: str, groups: list[Group]) -> Group | None:
    """The one time of another speaker's line that moves the plan, if the user's next reply
    takes the move ("omar: can we push to 1:15, my call runs late" ... "me: sure")."""
    line = lines[k]
    inside = [g for g in groups if line.start <= g.start < line.end]
    if line.who in USER_SPEAKERS or len(inside) != 1 or any(g.start >= line.end for g in groups):
        return None
    if _MOVE_ASK.search(s, line.start, inside[0].start) is None:
        return None
    reply = next_answer(lines, line.end)
    if reply is None or reply.declines:
        return None
    takes = reply.joins or OTHERS_AGREE.search(s, reply.start, reply.end) is not None
    return inside[0] if takes else None  # "me: ok" takes a move, if not a plan


# Words by which the proposer drops the plan ("sorry" is no refusal in "correction, 7pm not
# 6pm, sorry").
_DROPS = re.compile(r"\b(?:can't|cant|cannot|no longer|maybe|not sure|depends|unfortunately)\b")
# A line that adds another plan: "and brunch after at 10:30", "also, photos sat 9:40".
_ADDS = re.compile(r"\s*(?:and|also|plus|btw|oh and|p\.?s\.?)\b")
# Before a time, words that make it no time of the plan: "i work till 5", "back by 6".
_NOT_THE_PLAN = re.compile(r"\b(?:till|til|until|by|after|before|since)\s+$")


# A line of the user's that opens by booking the plan: "booked thursday 20:15 at sherlocked".
_USER_BOOKED = re.compile(
    r"\s*(?:(?:ok|okay|done|right|great)[,!.]?\s+)?(?:i've\s+|ive\s+|i\s+|just\s+)?"
    r"(?:booked|reserved|got us)\b"
)


def _restated_in(
    lines: list[Line], k: int, s: str, groups: list[Group], named: list[int], now: dt.datetime
) -> Group | None:
    """The time of a later line in which the plan's proposer, or whoever answers the user's
    question, states the time the plan now has ("jin: bowling tmrw 7?" ... "jin: 7pm at the
    joy city alley", "ola: booked us both for 8am", "me: still on for friday?" ... "kemi:
    yes, 7:30 at the crown"). Not a line that adds another plan ("and team photos saturday
    9:40am", "and fin + ro are doing the whale watch at 9")."""
    line = lines[k]
    if any(line.start <= e < line.end for e in named) or _ADDS.match(s, said_from(s, line)):
        return None
    if line.who in USER_SPEAKERS:  # "me: booked 10-12 for 3 of us": the user's booking
        booked = _USER_BOOKED.match(s, said_from(s, line))
        return None if booked is None else _stated_time(line, s, groups, now)
    proposer = speaker_at(lines, groups[0].start)
    asked = lines[k - 1].who in USER_SPEAKERS and "?" in s[lines[k - 1].start : lines[k - 1].end]
    if asked or (proposer is not None and proposer.who == line.who and proposer is not line):
        return _stated_time(line, s, groups, now)
    return None


def _stated_time(line: Line, s: str, groups: list[Group], now: dt.datetime) -> Group | None:
    """The one time the line's first clause states for the plan, maybe right after the day
    it settles ("thu it is — 6:30 at mine"); a new day alone only when the line moves the
    plan or keeps its time ("spostata a sabato stessa ora"). None for a question, a refusal,
    or the speaker's own plan ("i work till 5")."""
    inside = [g for g in groups if line.start <= g.start < line.end]
    if not inside or "?" in s[line.start : line.end] or CANCEL.search(s, line.start, line.end):
        return None
    g = day = inside[0]
    if len(inside) > 1 and _day_then_time(s, day, inside[1]):
        g, inside = inside[1], inside[1:]
    tail = _BREAK.search(s, g.end, line.end)
    end = line.end if tail is None else tail.start()
    if any(x.start < end for x in inside[1:]) or _DROPS.search(s, line.start, line.end):
        return None
    if g.time is None and not (
        RESCHEDULE.search(s, line.start, line.end) or SAME_TIME.search(s, g.end, line.end)
    ):
        return None
    clause = s[said_from(s, line) : g.start] + " " + s[g.end : end]
    if _NOT_THE_PLAN.search(s, line.start, g.start) or (
        OWN_PLAN.search(clause) and not TAKES_OTHERS.search(clause)
    ):
        return None
    if g is not day:
        merge(day, g, now)  # the time takes the day said before it
    return g


# Between a day settled and its time: "thu it is — 6:30", "wed 15th it is, 7:30pm".
_DAY_THEN_TIME = re.compile(
    r"\s*(?:(?:it is|it's|its|then|wins|ok|works|works for me|is good|is fine|suits)\s*)?"
    r"[,;:!.\u2013\u2014-]+\s*(?:[a-z][\w' ]{0,30}[,;:\u2013\u2014-]\s*)?"
)  # and maybe where, between breaks: "sunday it is, mt wilson trailhead, 8am sharp"


def _day_then_time(s: str, day: Group, time: Group) -> bool:
    """Whether a day with no clock time is followed, past a settling word and a break, by a
    clock time with no day ("thu it is — 6:30 at mine")."""
    return (
        day.time is None
        and time.time is not None
        and time.date is None
        and time.weekday < 0
        and time.rel is None
        and _DAY_THEN_TIME.fullmatch(s, day.end, time.start) is not None
    )


def _proposed_at(
    lines: list[Line], s: str, groups: list[Group], old: Group, named: list[int]
) -> tuple[int, int]:
    """Where the settled time stands: at the plan's first time, or at the last word of the
    first line if that line proposed the plan with no time and no known event, which may
    be what the plan is for ("ingrid: sauna this weekend?", not "yuki: study group for the
    stats exam?")."""
    first = lines[0]
    if (
        old.start < first.end
        or any(first.start <= g.start < first.end for g in groups)
        or any(first.start <= e < first.end for e in named)
    ):
        return old.start, old.end
    words = list(_WORD.finditer(s, first.start + len(first.who) + 1, first.end))
    return words[-1].span() if words else (old.start, old.end)


def _dropped(g: Group, groups: list[Group]) -> bool:
    """Whether a time the scan found is no longer among ``groups`` (and was more than a
    bare number)."""
    return not is_bare_number(g) and all(g is not x for x in groups)


def _same_hour(offered: Group, bare: Group) -> bool:
    """Whether a bare hour names the hour of a time offered before it ("8" and "8pm")."""
    return (
        offered.time is not None
        and bare.time is not None
        and offered.time.hour % HALF_DAY == bare.time.hour % HALF_DAY
    )


def _only_settles(s: str, line: Line, g: Group) -> bool:
    """Whether the line says nothing but the time settled ("fine, 1pm then"), maybe with a
    remark after a break that neither asks nor turns down ("3pm then, i'll book")."""
    tail = _BREAK.search(s, g.end, line.end)
    end = line.end if tail is None else tail.start()
    said = _WORD.findall(s[line.start + len(line.who) + 1 : g.start] + " " + s[g.end : end])
    return (
        bool(said)
        and all(w in _SETTLE_WORDS for w in said)
        and (any(w in _SETTLE_MARKS for w in said) or CHOSEN_AFTER_TIME.match(s, g.end) is not None)
        and (tail is None or _harmless(s, tail.end(), line.end))
    )


def _harmless(s: str, start: int, end: int) -> bool:
    """Whether a remark after the settled time leaves the plan as it is ("court 3 booked")."""
    return "?" not in s[start:end] and not (
        USER_DECLINES.search(s, start, end) or CANCEL.search(s, start, end)
    )
