"""Chat transcripts pasted as "Name: text" lines, where the user's own lines say "Me:".

In such a message only the user's lines say what the user does: "Aroha: I'm driving him
there" is Aroha going, and "Me: ugh I can't" or "Me: maybe, depends on work" turns down
what another line proposed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import NamedTuple

from companion_bot.extraction.clauses import CANCEL, RESCHEDULE, watched_in
from companion_bot.extraction.corrections import merge
from companion_bot.extraction.lexicon import (
    CHOSEN_AFTER_TIME,
    LEFT_OPEN_PHRASES,
    phrases,
    wordset,
)
from companion_bot.extraction.refiners import SAME_TIME
from companion_bot.extraction.times import Group, is_bare_number, resolve_again

# A line spoken by someone: "Kayla: who's coming ...", "Me: count me in".
# A speaker: one or two words, maybe with where they are ("mia (toronto):").
_SPEAKER = r"([a-z][\w'.-]{0,20}(?: [a-z][\w'.-]{0,20})?)(?: \([^)\n]{1,24}\))?:[^\S\n]"
_SPEAKER_LINE = re.compile(rf"^[^\S\n]*{_SPEAKER}", re.M)
_TURN_SPEAKER = re.compile(rf"[^\S\n]*{_SPEAKER}")
# Turns written on one line, parted by spaced slashes: "lina: coffee tue 10? / me: wed?".
_SLASHED_TURN = re.compile(rf"(?<=\s)/(?=[^\S\n]+{_SPEAKER})")
USER_SPEAKERS = frozenset(["me", "yo", "ich", "moi", "eu", "io", "ako", "mimi", "main"])
# A reply that turns the plan down or leaves it open ("ben yokum", "tô fora").
_USER_DECLINES = re.compile(
    r"\b(?:can't|cant|cannot|no(?! worries| problem| prob\b| bother| stress| rush)|nope|nah|"
    r"pass|paso|passo|maybe|depends|not sure|sorry|away|"
    r"out of town|in trasferta|working|at work|unfortunately|sadly|not for me|too early|too late|"
    r"anymore|any more|no longer|not a member|not in the|"  # "i'm not in the choir anymore"
    r"skip (?:this|it|that)|skipping (?:this|it|that)|sit this one out|sitting this one out|"
    r"give it a miss|not this time|have fun|rain check|raincheck|"
    # wishing the others well: "ok safe travels!", "have a great time", "break a leg"
    r"safe travels|safe trip|safe flight|travel safe|bon voyage|have a great time|"
    r"have a good time|have a blast|break a leg|"  # "i'll skip this one"
    r"ikke|inte|nicht|niet|leider|"  # "not" in Danish and Norwegian, Swedish, German, Dutch
    # in German, Italian, French, Portuguese, Dutch, Polish and Turkish
    r"kann nicht|bin raus|ohne mich|non posso|non riesco|peux pas|pourrai pas|não posso|"
    r"nao posso|não vou|nao vou|tô fora|to fora|kan niet|lukt niet|nie mogę|nie moge|"
    r"yokum|gelemem|gelemiyorum)\b"
)
# A reply that joins: "yes!", "in too", "see you there", "count me in", "👍".
_USER_JOINS = re.compile(
    r"\b(?:yes+|yep|yeah|yup|sure|in|coming|i'll come|ill come|i'll be there|ill be there|"
    r"i'm there|im there|we'll be there|well be there|we will be there|we're coming|were coming|"
    r"count us in|see you|see u|count me in|definitely|def|ja|si|sí|oui|sim|haan|oo|"
    r"game|fine by me|fine with me|for me|"
    # taking the errand another speaker asks for: "i'll get them", "i can drive"
    r"(?:i'll|ill|i will|i can)\s+(?:(?:get|grab|take|collect|fetch)\s+(?:them|her|him|you|u)|"
    r"drive|pick\s+(?:them|her|him|you|u)\s+up)|"
    # bringing something along: "i'll bring the pav", "llevo flan", "j'apporte le rosé"
    r"i'll bring|ill bring|i will bring|i'm bringing|im bringing|bringing|llevo|levo|traigo|"
    r"j'apporte|porto io|"
    r"suits me|sounds good|i'm down|im down|down for it|works|dale|bora|fechou|listo|claro|deal|"
    # in German, Italian, French, Portuguese, Spanish and Dutch
    r"bin dabei|ich komme|ci sono|ci saro|je viens|j'y serai|conta comigo|tô dentro|to dentro|"
    r"voy|vale|alli estare|ahi estare|alli estaremos|ahi estaremos|la estarei|estarei|"
    r"ik ben erbij|ik kom)\b"
    r"|\U0001f44d"
)
# Another speaker's reply that takes up a plan the user proposed: "ok", "9 is fine", "yes".
_OTHERS_AGREE = re.compile(r"\b(?:ok|okay|k|fine|good|great|perfect|agreed|np|no problem)\b")
# A proposal of the user's that takes the user along: "can we do ...", "anyone up for ...".
_WE_PROPOSE = re.compile(
    r"\b(?:we|we're|we'll|us|let's|lets|anyone|everyone|y'all|yall|guys|who's|whos|shall we)\b"
)
# A line about the speaker's own plans ("my rehearsal is at 6", "i've got the optician at
# 3"), unless it takes others along ("i booked us a table", "my party's at 8, you coming?").
_OWN_PLAN = re.compile(r"\b(?:i|i'm|im|i've|ive|i'll|my)\b")
_TAKES_OTHERS = re.compile(
    r"\b(?:we|we're|were|we'll|us|our|you|u|ya|y'all|yall|everyone|join|come)\b"
)
_LEFT_OPEN = re.compile(phrases(LEFT_OPEN_PHRASES))
# A speaker's own plan ("i", "my"), and words that ask others along, in a chat without the
# user.
_THEIR_OWN = re.compile(r"\b(?:i|i'm|im|i've|ive|i'll|my)\b")
_ASKS_ALONG = re.compile(r"\b(?:you|u|ya|y'all|yall|everyone|anyone|join|come|welcome)\b|\?")
MIN_SPEAKER_LINES = 2  # lines with a speaker before a message reads as a transcript


class Line(NamedTuple):
    who: str
    start: int
    end: int
    declines: bool  # a line of the user's that turns a plan down or leaves it open
    joins: bool  # a line of the user's that joins a plan
    asks: bool  # a line of the user's that only asks back ("me: dale, a qué hora?")
    agrees: bool = False  # another speaker's line that takes a plan up ("kasia: ok")


# A chat app's export stamp before each line: "[14/03/2027, 21:12] nuno: ...", "[3/14/27,
# 9:12:05 pm] ana: ...", Android's "14/03/2027, 21:12 - nuno: ...".
_EXPORT_STAMP = re.compile(
    r"^[^\S\n]*(?:\[\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4},?[^\S\n]+\d{1,2}[:.]\d{2}(?::\d{2})?"
    r"(?:[^\S\n]?[ap]\.?m\.?)?\]|\d{1,2}[/.]\d{1,2}[/.]\d{2,4},[^\S\n]+\d{1,2}:\d{2}"
    r"(?:[^\S\n]?[ap]m)?[^\S\n]+-)(?=[^\S\n]+[^\W\d])",
    re.M,
)


def without_export_stamps(s: str) -> str:
    """The text with a chat export's stamps blanked (same length, offsets kept): when each
    line was sent is no time of a plan, and the speaker then opens the line."""
    return _EXPORT_STAMP.sub(lambda m: " " * len(m.group()), s)


def slashed_turns(s: str) -> str:
    """A transcript written on one line ("raj: movie at 9:45? / me: yes") with each spaced
    slash before a speaker made a line break (same length, offsets kept), when one of the
    speakers is the user."""
    turns = [m.start() for m in _SLASHED_TURN.finditer(s)]
    if not turns:
        return s
    speakers = (_TURN_SPEAKER.match(s, at) for at in (0, *(t + 1 for t in turns)))
    if not any(m is not None and m.group(1) in USER_SPEAKERS for m in speakers):
        return s
    chars = list(s)
    for at in turns:
        chars[at] = "\n"
    return "".join(chars)


def speaker_lines(s: str) -> list[Line]:
    """The message's lines with a speaker, if it is a transcript with a line of the user's;
    else an empty list. Read before corrections rewrite the text ("sorry" is one)."""
    lines = []
    for m in _SPEAKER_LINE.finditer(s):
        end = s.find("\n", m.end())
        end = len(s) if end < 0 else end
        who = m.group(1)
        users = who in USER_SPEAKERS
        declines = users and _USER_DECLINES.search(s, m.end(), end) is not None
        joins = users and not declines and _USER_JOINS.search(s, m.end(), end) is not None
        asks = users and not (declines or joins) and "?" in s[m.end() : end]
        agrees = not users and _agrees(s, m.end(), end)
        lines.append(Line(who, m.start(), end, declines, joins, asks, agrees))
    if len(lines) < MIN_SPEAKER_LINES or not any(line.who in USER_SPEAKERS for line in lines):
        return []
    return lines


def _agrees(s: str, start: int, end: int) -> bool:
    """Whether another speaker's line (``start``..``end``) takes a plan up, without
    turning it down or asking back ("tomek: 9 is fine", not "tomek: can't, 9 is late")."""
    if "?" in s[start:end] or _USER_DECLINES.search(s, start, end):
        return False
    return (
        _USER_JOINS.search(s, start, end) is not None
        or _OTHERS_AGREE.search(s, start, end) is not None
    )


def others_accept(lines: list[Line], s: str, pos: int) -> bool:
    """Whether ``pos`` is in a line of the user's that proposes a plan the user goes to and
    the next line of another speaker takes it up ("me: can we do the flat meeting tonight
    at 9?" ... "kasia: ok"; not "me: could you pick up the cake at 5?" ... "dan: ok")."""
    line = _line_at(lines, pos)
    if line is None or line.who not in USER_SPEAKERS:
        return False
    if _WE_PROPOSE.search(s, line.start, line.end) is None:
        return False
    reply = next((x for x in lines if x.start > line.end and x.who not in USER_SPEAKERS), None)
    return reply is not None and reply.agrees


def said_by_user(lines: list[Line], pos: int) -> bool:
    """Whether ``pos`` is in a line of the user's, or in none that has a speaker."""
    line = _line_at(lines, pos)
    return line is None or line.who in USER_SPEAKERS


def user_turns_down(lines: list[Line], pos: int) -> bool:
    """Whether, after another speaker's line at ``pos``, the user's next reply turns it down
    (a later reply answers a later line: "me: ja leuk!" ... "me: dinsdag lukt niet, sorry")."""
    if said_by_user(lines, pos):
        return False
    reply = _next_answer(lines, pos)
    return reply is not None and reply.declines


def users_only(lines: list[Line], s: str) -> str:
    """The text with other speakers' words blanked (same length, offsets kept)."""
    chars = list(s)
    for x in lines:
        if x.who not in USER_SPEAKERS:
            chars[x.start : x.end] = " " * (x.end - x.start)
    return "".join(chars)


def others_turn_down(lines: list[Line], s: str, pos: int) -> bool:
    """Whether ``pos`` is in a question of the user's that every other speaker's reply
    before the user's next line turns down ("me: next thursday 8pm rematch?" ... "jake:
    maybe haha"; not when another says "in!")."""
    line = _line_at(lines, pos)
    if line is None or line.who not in USER_SPEAKERS or "?" not in s[line.start : line.end]:
        return False
    replies = []
    for x in lines[lines.index(line) + 1 :]:
        if x.who in USER_SPEAKERS:
            break
        replies.append(x)
    return bool(replies) and all(_USER_DECLINES.search(s, x.start, x.end) for x in replies)


# Another speaker taking on the errand: "dad: I'll take him", "anna: I can do the run".
_TAKES_IT_ON = re.compile(
    r"\b(?:i'll|ill|i will|i can|i'm gonna|im gonna)\s+(?:take|drive|bring)\s+(?:him|her|them)\b"
    r"|\b(?:i'll|ill|i will|i can)\s+do\s+(?:the\s+)?(?:run|pickup|pick-up|drop-off|dropoff)\b"
)


def another_takes_it_on(lines: list[Line], s: str, pos: int) -> bool:
    """Whether, after the line at ``pos``, another speaker takes the errand on ("mum: vet is
    thursday at 4 for biscuit" ... "dad: I'll take him") before the user says they go."""
    line = _line_at(lines, pos)
    if line is None:
        return False
    for x in lines[lines.index(line) + 1 :]:
        if x.who in USER_SPEAKERS:
            if x.joins:
                return False
            continue
        if _TAKES_IT_ON.search(s, x.start, x.end):
            return True
    return False


def user_declined_before(lines: list[Line], s: str, pos: int) -> bool:
    """Whether ``pos`` is in another speaker's line after the user already said they are not
    going and the user says nothing after it ("me: i think at 11, but i'm not going" ...
    "rodrigo: 11:30 according to the invite")."""
    if said_by_user(lines, pos) or _next_answer(lines, pos) is not None:
        return False
    before = [x for x in lines if x.who in USER_SPEAKERS and x.end < pos]
    return bool(before) and before[-1].declines and "?" not in s[before[-1].start : before[-1].end]


def user_joins(lines: list[Line], pos: int) -> bool:
    """Whether ``pos`` is in another speaker's line and the user's next reply joins it
    ("kate: who's up for climbing thursday 6:30?" ... "me: in 🙌")."""
    if said_by_user(lines, pos):
        return False
    reply = _next_answer(lines, pos)
    return reply is not None and reply.joins


def others_own_plan(lines: list[Line], s: str, pos: int) -> bool:
    """Whether ``pos`` is in another speaker's line about their own plans ("neha: my
    rehearsal is at 6 today") that the user's next reply does not join ("me: good luck!")."""
    line = _line_at(lines, pos)
    if line is None or line.who in USER_SPEAKERS:
        return False
    text = s[line.start + len(line.who) + 1 : line.end]
    if _OWN_PLAN.search(text) is None or _TAKES_OTHERS.search(text) is not None:
        return False
    reply = _next_answer(lines, pos)
    return reply is None or not reply.joins


def theirs_among_others(s: str, pos: int) -> bool:
    """Whether ``pos`` is in a chat pasted with no line of the user's, in a line whose
    speaker tells their own plan ("mum: dad and i are going to auntie jo's on saturday"),
    asking nobody along ("we" may be a team the user is in: "coach: we train at 6")."""
    if "\n" not in s or ":" not in s:
        return False
    lines = [(m.start(), m.end(), m.group(1)) for m in _SPEAKER_LINE.finditer(s)]
    if len(lines) < MIN_SPEAKER_LINES or any(who in USER_SPEAKERS for _, _, who in lines):
        return False
    for start, text_start, _ in lines:
        end = s.find("\n", text_start)
        end = len(s) if end < 0 else end
        if start <= pos <= end:
            said = s[text_start:end]
            return _THEIR_OWN.search(said) is not None and _ASKS_ALONG.search(said) is None
    return False


def watched_turn(lines: list[Line], s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the turn holding ``pos`` tells of a match or show watched, in any of its
    sentences ("kofi: who's watching the final tonight? kickoff 8pm")."""
    line = _line_at(lines, pos)
    return line is not None and watched_in(s, line.start, line.end, words)


def called_off(lines: list[Line], s: str, pos: int) -> bool:
    """Whether whoever proposed the plan at ``pos`` calls it off in a later line ("tom: book
    club wed 7pm?" ... "tom: ugh need to cancel, half of you are sick"), or leaves it open
    in their last one ("nico: bueno veamos, les aviso")."""
    line = _line_at(lines, pos)
    if line is None:
        return False
    later = [x for x in lines if x.who == line.who and x.start > line.end]
    return any(CANCEL.search(s, x.start, x.end) for x in later) or (
        bool(later) and _LEFT_OPEN.search(s, later[-1].start, later[-1].end) is not None
    )


def _said_from(s: str, line: Line) -> int:
    """Where the line's text starts, after its speaker ("ben (nyc): ")."""
    m = _SPEAKER_LINE.match(s, line.start)
    return line.start if m is None else m.end()


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
    line = _line_at(lines, g.start)
    return line is not None and g.start < _said_from(s, line)


def _speaker_at(lines: list[Line], pos: int) -> Line | None:
    """The line of whoever says ``pos``: its speaker's line, or the last one before it when
    ``pos`` is on a line that goes on without one (a poll's options under "ana: poll")."""
    return next((x for x in reversed(lines) if x.start <= pos), None)


def _line_at(lines: list[Line], pos: int) -> Line | None:
    return next((x for x in lines if x.start <= pos <= x.end), None)


def _next_answer(lines: list[Line], pos: int) -> Line | None:
    """The user's first line after ``pos`` that is not a question back ("me: what time?")."""
    return next(
        (x for x in lines if x.who in USER_SPEAKERS and x.start > pos and not x.asks),
        None,
    )


# The words of a line that only settles the time of a plan proposed before it: "fine, 1pm
# then", "7 then", "done, fri 6:30", "listo, 19:30 entonces".
_SETTLE_WORDS = wordset(
    "then ok okay fine done it is its it's sure deal perfect works work great cool lets let's "
    "say make that so yes yeah yep instead entonces listo dale dann alors na lang fix hai at @ "
    "see you u ye ya there for me by good pues vale grand perfecto perfetto parfait allora"
)
_SETTLE_MARKS = wordset(
    "then done fine deal instead entonces listo dann alors lang works see perfect vale grand "
    "perfecto perfetto parfait allora"
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
    groups = [g for g in groups if not (_in_speaker(lines, s, g) or _converted(s, g))]
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
        line = _line_at(lines, new.start) or line
    old = groups[0]  # the plan's first time proposed it
    if old is new:  # a correction merged it already ("omar: actually can we push to 1:15")
        old = next((g for g in said if g.end <= line.start and _dropped(g, groups)), new)
    if old is new and _opened_untimed(lines, s, groups, line):
        old = _in_opener(lines, s, new, named)  # "dana: pizza night this week?" ... "fri 6:30 then"
    if old is new or _speaker_at(lines, old.start) is None:
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
        said = _words_picking(s, max(_said_from(s, line), _last_break(s, line, picked)), picked)
        offered = [g for g in groups if g.end <= line.start]
        match = [g for g in offered if not said.isdisjoint(_words_beside(s, g, groups))]
        if len(offered) < 2 or len(match) != 1:
            return None
        match[0].settled = True
        dropped = [g for g in offered if g is not match[0] and g.time is not None]
        kept = [g for g in groups if g not in dropped and not line.start <= g.start < line.end]
        if line.who in USER_SPEAKERS:
            lines = [x._replace(joins=True, declines=False) if x is line else x for x in lines]
        return lines, kept
    return None


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
    words = list(_WORD.finditer(s, _said_from(s, first), asked))
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
    reply = _next_answer(lines, line.end)
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
    line = _line_at(lines, groups[0].start)
    if line is None or line is lines[0] or line.who in USER_SPEAKERS:
        return None
    dropped = next((g for g in said if g.end <= line.start and _dropped(g, groups)), None)
    first = None if dropped is None else _speaker_at(lines, dropped.start)
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
    reply = _next_answer(lines, line.end)
    if reply is None or reply.declines:
        return None
    takes = reply.joins or _OTHERS_AGREE.search(s, reply.start, reply.end) is not None
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
    if any(line.start <= e < line.end for e in named) or _ADDS.match(s, _said_from(s, line)):
        return None
    if line.who in USER_SPEAKERS:  # "me: booked 10-12 for 3 of us": the user's booking
        booked = _USER_BOOKED.match(s, _said_from(s, line))
        return None if booked is None else _stated_time(line, s, groups, now)
    proposer = _speaker_at(lines, groups[0].start)
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
    clause = s[_said_from(s, line) : g.start] + " " + s[g.end : end]
    if _NOT_THE_PLAN.search(s, line.start, g.start) or (
        _OWN_PLAN.search(clause) and not _TAKES_OTHERS.search(clause)
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
        _USER_DECLINES.search(s, start, end) or CANCEL.search(s, start, end)
    )
