"""Chat transcripts pasted as "Name: text" lines, where the user's own lines say "Me:".

In such a message only the user's lines say what the user does: "Aroha: I'm driving him
there" is Aroha going, and "Me: ugh I can't" or "Me: maybe, depends on work" turns down
what another line proposed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from companion_bot.extraction.clauses import CANCEL, watched_in
from companion_bot.extraction.lexicon import (
    LEFT_OPEN_PHRASES,
    phrases,
)

# A line spoken by someone: "Kayla: who's coming ...", "Me: count me in".
# A speaker: one or two words, maybe with where they are ("mia (toronto):").
_SPEAKER = r"([a-z][\w'.-]{0,20}(?: [a-z][\w'.-]{0,20})?)(?: \([^)\n]{1,24}\))?:[^\S\n]"
_SPEAKER_LINE = re.compile(rf"^[^\S\n]*{_SPEAKER}", re.M)
_TURN_SPEAKER = re.compile(rf"[^\S\n]*{_SPEAKER}")
# Turns written on one line, parted by spaced slashes: "lina: coffee tue 10? / me: wed?".
_SLASHED_TURN = re.compile(rf"(?<=\s)/(?=[^\S\n]+{_SPEAKER})")
USER_SPEAKERS = frozenset(["me", "yo", "ich", "moi", "eu", "io", "ako", "mimi", "main"])
# A reply that turns the plan down or leaves it open ("ben yokum", "tô fora").
USER_DECLINES = re.compile(
    r"\b(?:can't|cant|cannot|no(?! worries| problem| prob\b| bother| stress| rush)|nope|nah|"
    r"pass|paso|passo|maybe|depends|not sure|sorry|away|"
    r"out of town|in trasferta|working|at work|unfortunately|sadly|not for me|too early|too late|"
    r"anymore|any more|no longer|not a member|not in the|"  # "i'm not in the choir anymore"
    r"skip (?:this|it|that)|skipping (?:this|it|that)|sit this one out|sitting this one out|"
    r"give it a miss|not this time|have fun|rain check|raincheck|"
    r"(?:gotta|have to|got to|need to|gonna have to|i'll have to|i'll) bail|bailing|"
    # "i'm out, ref duty", "would love to but i'm in leeds till sunday", "other plans"
    r"i'm out|im out|love to but|loved to but|other plans|(?:i'm|im) in \w+ (?:till|until)|"
    # wishing the others well: "ok safe travels!", "have a great time", "break a leg"
    r"safe travels|safe trip|safe flight|travel safe|bon voyage|have a great time|"
    r"have a good time|have a blast|break a leg|"  # "i'll skip this one"
    r"ikke|inte|nicht|niet|leider|"  # "not" in Danish and Norwegian, Swedish, German, Dutch
    # in German, Italian, French, Portuguese, Dutch, Polish and Turkish
    r"kann nicht|bin raus|ohne mich|non posso|non riesco|peux pas|pourrai pas|não posso|"
    r"nao posso|não vou|nao vou|tô fora|to fora|kan niet|lukt niet|nie mogę|nie moge|"
    r"yokum|gelemem|gelemiyorum|"
    # "I can't" in Serbo-Croatian, Slovene, Czech, Slovak, Romanian, Finnish (as folded)
    r"ne mogu|nemogu|ne morem|nemuzu|nemozem|nu pot|nu pot veni|en paase|en pääse|ei kay|"
    r"ik pas|bilmerem|bilmərəm|yoxam|"  # Dutch "I'll pass", Azerbaijani "I can't", "I'm out"
    # "maybe" in German, Spanish, Portuguese, French, Italian, Dutch and the Nordic languages
    # (folded: "quizás" -> "quizas", "måske" -> "maske")
    r"vielleicht|quizas|quiza|tal vez|talvez|peut-etre|peut etre|forse|misschien|kanskje|"
    r"kanske|maske|"
    # German "nah" and "no time"; "not this week", "not tonight"
    r"nee|keine zeit|not this week|not this weekend|not today|not tonight|not tomorrow|"
    # left to how the day goes: "i'll see how i feel", "play it by ear"
    r"see how i feel|see how i'm feeling|see how im feeling|see how it goes|see how i go|"
    r"play it by ear)\b"
)
# Wishing the speaker luck, said to whoever has the exam or the interview: "good luck!!",
# "suerte!!", "you'll smash it". It declines unless the line also joins ("good luck, see
# you there").
_WISHES_LUCK = re.compile(
    r"\b(?:good luck|best of luck|goodluck|suerte|boa sorte|bonne chance|viel gluck|"
    r"viel erfolg|in bocca al lupo|veel succes|smash it|you got this|you've got this|"
    r"youve got this|nail it|you'll be great|youll be great)\b"
)
# A join said outright, whatever else the line says.
_COUNT_ME_IN = re.compile(
    r"\b(?:count (?:me|us) in|(?:i'll|ill|we'll) be there)\b(?! (?:in spirit|next))"
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
    r"go on then|oh go on|why not|go for it|"
    # in German, Italian, French, Portuguese, Spanish and Dutch
    r"bin dabei|ich komme|ci sono|ci saro|je viens|j'y serai|conta comigo|tô dentro|to dentro|"
    r"voy|vale|alli estare|ahi estare|alli estaremos|ahi estaremos|la estarei|estarei|"
    r"ik ben erbij|ik kom)\b"
    r"|\U0001f44d"
)
# Another speaker's reply that takes up a plan the user proposed: "ok", "9 is fine", "yes".
OTHERS_AGREE = re.compile(r"\b(?:ok|okay|k|fine|good|great|perfect|agreed|np|no problem)\b")
# A proposal of the user's that takes the user along: "can we do ...", "anyone up for ...".
_WE_PROPOSE = re.compile(
    r"\b(?:we|we're|we'll|us|let's|lets|anyone|everyone|y'all|yall|guys|who's|whos|shall we)\b"
)
# A line about the speaker's own plans ("my rehearsal is at 6", "i've got the optician at
# 3"), unless it takes others along ("i booked us a table", "my party's at 8, you coming?").
OWN_PLAN = re.compile(  # and in German, Spanish, French, Portuguese, Italian
    r"\b(?:i|i'm|im|i've|ive|i'll|my|ich|mein|meine|yo|je|moi|eu|io)\b"
)
TAKES_OTHERS = re.compile(
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
# 9:12:05 pm] ana: ...", Android's "14/03/2027, 21:12 - nuno: ...", a time alone "[14:02] ana:".
_EXPORT_STAMP = re.compile(
    r"^[^\S\n]*(?:\[\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4},?[^\S\n]+\d{1,2}[:.]\d{2}(?::\d{2})?"
    r"(?:[^\S\n]?[ap]\.?m\.?)?\]|\d{1,2}[/.]\d{1,2}[/.]\d{2,4},[^\S\n]+\d{1,2}:\d{2}"
    r"(?:[^\S\n]?[ap]m)?[^\S\n]+-)(?=[^\S\n]+[^\W\d])"
    # a stamp with only the time, before a speaker: "[14:02] tariq: ...", "[9:15 pm] me: ..."
    rf"|^[^\S\n]*\[\d{{1,2}}:\d{{2}}(?:[^\S\n]?[ap]\.?m\.?)?\](?=[^\S\n]*{_SPEAKER})",
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
        declines = users and USER_DECLINES.search(s, m.end(), end) is not None
        if declines and _COUNT_ME_IN.search(s, m.end(), end):
            declines = False  # "i'm out of town saturday but back for it, count me in"
        joins = users and not declines and _USER_JOINS.search(s, m.end(), end) is not None
        if users and not (declines or joins) and _WISHES_LUCK.search(s, m.end(), end):
            declines = True  # "me: good luck!!" to "jess: interview thursday 2pm"
        asks = users and not (declines or joins) and "?" in s[m.end() : end]
        agrees = not users and _agrees(s, m.end(), end)
        lines.append(Line(who, m.start(), end, declines, joins, asks, agrees))
    if len(lines) < MIN_SPEAKER_LINES or not any(line.who in USER_SPEAKERS for line in lines):
        return []
    return lines


def _agrees(s: str, start: int, end: int) -> bool:
    """Whether another speaker's line (``start``..``end``) takes a plan up, without
    turning it down or asking back ("tomek: 9 is fine", not "tomek: can't, 9 is late")."""
    if "?" in s[start:end] or USER_DECLINES.search(s, start, end):
        return False
    return (
        _USER_JOINS.search(s, start, end) is not None
        or OTHERS_AGREE.search(s, start, end) is not None
    )


def others_accept(lines: list[Line], s: str, pos: int) -> bool:
    """Whether ``pos`` is in a line of the user's that proposes a plan the user goes to and
    the next line of another speaker takes it up ("me: can we do the flat meeting tonight
    at 9?" ... "kasia: ok"; not "me: could you pick up the cake at 5?" ... "dan: ok")."""
    line = line_at(lines, pos)
    if line is None or line.who not in USER_SPEAKERS:
        return False
    if _WE_PROPOSE.search(s, line.start, line.end) is None:
        return False
    reply = next((x for x in lines if x.start > line.end and x.who not in USER_SPEAKERS), None)
    return reply is not None and reply.agrees


def said_by_user(lines: list[Line], pos: int) -> bool:
    """Whether ``pos`` is in a line of the user's, or in none that has a speaker."""
    line = line_at(lines, pos)
    return line is None or line.who in USER_SPEAKERS


def user_turns_down(lines: list[Line], pos: int) -> bool:
    """Whether, after another speaker's line at ``pos``, the user's next reply turns it down
    (a later reply answers a later line: "me: ja leuk!" ... "me: dinsdag lukt niet, sorry")."""
    if said_by_user(lines, pos):
        return False
    reply = next_answer(lines, pos)
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
    line = line_at(lines, pos)
    if line is None or line.who not in USER_SPEAKERS or "?" not in s[line.start : line.end]:
        return False
    replies = []
    for x in lines[lines.index(line) + 1 :]:
        if x.who in USER_SPEAKERS:
            break
        replies.append(x)
    return bool(replies) and all(USER_DECLINES.search(s, x.start, x.end) for x in replies)


# Another speaker taking on the errand: "dad: I'll take him", "anna: I can do the run".
_TAKES_IT_ON = re.compile(
    r"\b(?:i'll|ill|i will|i can|i'm gonna|im gonna)\s+(?:take|drive|bring)\s+(?:him|her|them)\b"
    r"|\b(?:i'll|ill|i will|i can)\s+do\s+(?:the\s+)?(?:run|pickup|pick-up|drop-off|dropoff)\b"
)


def another_takes_it_on(lines: list[Line], s: str, pos: int) -> bool:
    """Whether, after the line at ``pos``, another speaker takes the errand on ("mum: vet is
    thursday at 4 for biscuit" ... "dad: I'll take him") before the user says they go."""
    line = line_at(lines, pos)
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
    if said_by_user(lines, pos) or next_answer(lines, pos) is not None:
        return False
    before = [x for x in lines if x.who in USER_SPEAKERS and x.end < pos]
    return bool(before) and before[-1].declines and "?" not in s[before[-1].start : before[-1].end]


def user_joins(lines: list[Line], pos: int) -> bool:
    """Whether ``pos`` is in another speaker's line and the user's next reply joins it
    ("kate: who's up for climbing thursday 6:30?" ... "me: in 🙌")."""
    if said_by_user(lines, pos):
        return False
    reply = next_answer(lines, pos)
    return reply is not None and reply.joins


def others_own_plan(lines: list[Line], s: str, pos: int) -> bool:
    """Whether ``pos`` is in another speaker's line about their own plans ("neha: my
    rehearsal is at 6 today") that the user's next reply does not join ("me: good luck!")."""
    line = line_at(lines, pos)
    if line is None or line.who in USER_SPEAKERS:
        return False
    text = s[line.start + len(line.who) + 1 : line.end]
    if OWN_PLAN.search(text) is None or TAKES_OTHERS.search(text) is not None:
        return False
    reply = next_answer(lines, pos)
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
    line = line_at(lines, pos)
    return line is not None and watched_in(s, line.start, line.end, words)


def called_off(lines: list[Line], s: str, pos: int) -> bool:
    """Whether whoever proposed the plan at ``pos`` calls it off in a later line ("tom: book
    club wed 7pm?" ... "tom: ugh need to cancel, half of you are sick"), or leaves it open
    in their last one ("nico: bueno veamos, les aviso"), or the answer to a question about it
    says it is off."""
    line = line_at(lines, pos)
    if line is None:
        return False
    after = [x for x in lines if x.start > line.end]
    if after and "?" in s[line.start : line.end] and CANCEL.search(s, after[0].start, after[0].end):
        return True  # "mia: is book club still wed at 7?" / "zoe: no, cancelled, hannah's sick"
    later = [x for x in after if x.who == line.who]
    return any(CANCEL.search(s, x.start, x.end) for x in later) or (
        bool(later) and _LEFT_OPEN.search(s, later[-1].start, later[-1].end) is not None
    )


def said_from(s: str, line: Line) -> int:
    """Where the line's text starts, after its speaker ("ben (nyc): ")."""
    m = _SPEAKER_LINE.match(s, line.start)
    return line.start if m is None else m.end()


def speaker_at(lines: list[Line], pos: int) -> Line | None:
    """The line of whoever says ``pos``: its speaker's line, or the last one before it when
    ``pos`` is on a line that goes on without one (a poll's options under "ana: poll")."""
    return next((x for x in reversed(lines) if x.start <= pos), None)


def line_at(lines: list[Line], pos: int) -> Line | None:
    return next((x for x in lines if x.start <= pos <= x.end), None)


def next_answer(lines: list[Line], pos: int) -> Line | None:
    """The user's first line after ``pos`` that is not a question back ("me: what time?")."""
    return next(
        (x for x in lines if x.who in USER_SPEAKERS and x.start > pos and not x.asks),
        None,
    )


# A message that is one line said by someone else, pasted: "Hamed: I've got my driving test
# tomorrow at 9, wish me luck". The speaker is a name as written (capitalised), not a label.
_QUOTED_SPEAKER = re.compile(r"[^\S\n]*([A-Z][a-z'-]{1,20}):[^\S\n]")
MAX_QUOTED_SPEAKER_CHARS = 24


def quoted_own_plan(text: str, s: str, labels: frozenset[str]) -> bool:
    """Whether the message is one pasted line of another person's about their own plans
    (``labels``: words that open a line as a label, "Reminder:", "Monday:", "Dentist:")."""
    if not text[:1].isupper() or ":" not in text[:MAX_QUOTED_SPEAKER_CHARS] or "\n" in s.strip():
        return False
    m = _QUOTED_SPEAKER.match(text)
    if m is None or m.group(1).lower() in labels or m.group(1).lower() in USER_SPEAKERS:
        return False
    said = s[m.end() :]
    return OWN_PLAN.search(said) is not None and TAKES_OTHERS.search(said) is None
