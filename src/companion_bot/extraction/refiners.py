"""Refiners: small rules that adjust time groups for meeting reading, one concern each.

They run between the time scan and the pairing of events with times, in the order
``MeetingExtractor`` calls them: read dictated punctuation, drop what is part of a name
("quiz night"), promote a listed number to a time ("tmrw: dentist 9, standup 10:30"), lend
a named day to the clock times around it, let a meal decide am/pm, complete a moved day
with its clock time ("from tues to thurs, same time (11)"), and tell deadlines apart.
"""

from __future__ import annotations

import datetime as dt
import re

from companion_bot.extraction.corrections import corrects_to
from companion_bot.extraction.events import Event
from companion_bot.extraction.lexicon import (
    BOOKED_SEAT_MEALS,
    BOOKED_SEATS,
    NAMED_PARTS,
    PERIOD_NOUN_BEFORE,
    ROTAS,
    TOPIC_SHIFT_WORDS,
    TOPIC_SHIFTS,
    alternation,
    phrases,
    wordset,
)
from companion_bot.extraction.times import Group, ends_a_name, resolve, resolve_again

# "by friday", "before the 14th", "due monday": a deadline, not a meeting day.
LAST_HOUR, LAST_MINUTE = 23, 59  # a day's last minute is a deadline's time
_DEADLINE_BEFORE = re.compile(
    r"\b(?:by|before|due|due on|no later than|until|till|"
    r"(?:runs|run|ran) out(?: on)?|expires(?: on)?|expiring(?: on)?|lapses(?: on)?)\s+$"
)  # "the MOT runs out on the 19th", "my passport expires on 3 june": an expiry
_DEADLINE_WORDS = wordset("by before due no until till out on")  # a word before a deadline
_LATEST_AFTER = re.compile(r"[^\S\n]*,?[^\S\n]*(?:at the )?latest\b")
_DUE_BEFORE = re.compile(r"\bdue(?:\s+(?:on|at|by))?\s+$")
# "auction ends sunday 8:42pm", "voting closes 9pm", "offer expires at midnight": when a thing
# ends is a cut-off, no start of a meeting.
_ENDS_BEFORE = re.compile(
    r"\b(?:ends|ending|closes|closing|expires|expiring)(?:\s+(?:at|on|by))?\s+$"
)
_ENDS_WORDS = wordset("ends ending closes closing expires expiring")
# "broken since 9am": a time since when something holds is past.
_SINCE_BEFORE = re.compile(r"\bsince\s+$")
# "last week: dentist mon, standup tue 9": a sentence that opens on a past time is a diary.
_PAST_HEADER = re.compile(
    r"(?:^|[.!?\n]\s*)(?:yesterday|last\s+(?:week|night|month|time|year)|earlier\s+today|"
    r"this\s+morning)(?:\s+was\s+\w+|\s+(?:recap|summary|review|log|roundup))?"
    r"(?:,[^\n:]{0,30})?\s*(?::|\n)"  # "last week, for the timesheet:"
)
# "TV tonight:", "kids' schedule while i'm away:", "fyi this is dan's, not mine": a header
# line whose lines under it are watched, or are someone else's plans.
_THEIRS_HEADER = re.compile(
    r"(?:^|\n)[^\n:]{0,30}?\b(?:tv|telly|on the box|watchlist|to watch|streaming|on (?:bbc|itv|cbc|"
    r"pbs|nbc|cbs|abc|fox|rai|tf1|ard|zdf|rte|sbs|channel \d+)"
    r"|(?:kids?|children|boys|girls|his|her|their|[a-z]+'s)'?\s+(?:schedule|timetable|plans|week"
    r"|activities|clubs)|not mine|not ours|isn't mine|isnt mine|not for me|not my (?:booking|"
    r"appointment|appt))\b[^\n:]{0,30}(?::\s*)?\n"
)
# "Rohan's exams: Maths 9:00 Mon, Physics 13:30 Wed": someone's own list on one line.
_THEIRS_LIST_WORDS = wordset(
    "exams tests timetable schedule classes lessons activities clubs matches games fixtures"
)
_THEIRS_LIST = re.compile(
    r"(?:^|[.!?\n]\s*)(?:[a-z]+'s|his|her|their)\s+(?:[a-z]+\s+)?(?:exams|tests|timetable"
    r"|schedule|classes|lessons|activities|clubs|matches|games|fixtures)\s*:(?!\s*\n)"
)
_SPACES_AFTER = re.compile(r"\s*")
_CLOCK_IN_LINE = re.compile(r"\d(?::\d\d)?\s*(?:[ap]m)\b|\d:\d\d|\b\d{1,2}[.h]\d\d\b")
# "Studio timetable w/c 3 May: Spin Mon 6:30am · Yoga Wed 7pm ...", "Mass times this
# weekend: ...": a place's posted schedule (not "my exam timetable").
_POSTED_SCHEDULE = re.compile(
    r"(?<!my )(?<!our )(?<!exam )(?<!your )\b(?:timetable|mass times|service times|"
    r"class times|session times|screening times|showtimes|show times|fixtures|line-?up|"
    r"game times|match times|kick-?off times|start times|race times|"
    r"group classes|class schedule)\b"
    r"|\b(?:timetable|schedule) (?:this|for this|for the|next) (?:sem|semester|term|year)\b"
    # one's timetable headed with no day of its own: "my timetable: mon 9-11 stats, tue 2-4
    # econ" (not "my exam timetable: ...", "my timetable for tomorrow: ...")
    r"|\b(?:my|our)\s+(?:(?!exams?\b)[a-z]+\s+)?timetable\s*:"
)  # "my timetable this sem: Mon 9-11 stats, ...": a term's weekly classes
_POSTED_SCHEDULE_GATE = wordset(
    "timetable times showtimes fixtures lineup line-up line classes schedule"
)
# A rota's header: "Shifts this week: Mon 9-1 Priya & you, Wed 1-5 Dan".
_ROTA_HEADER = re.compile(r"\b(?:shifts|rota|roster)\b[^:\n]{0,16}:")
_ROTA_WORDS = wordset("shifts rota roster")
ROTA_LINE_CHARS = 200  # how far back on its line a time looks for the rota's header
MIN_POSTED_TIMES = 2
_FUTURE_WORDS = re.compile(r"\b(?:tomorrow|tmrw|tonight|next|later|upcoming|coming)\b")
# "same time", "same 4:15 slot": the moved meeting keeps (or states) its clock time.
# "same time", "same slot", and in Italian, Spanish, Portuguese, French, German and Dutch.
SAME_TIME = re.compile(
    r"\bsame\s+(?:time|slot|hour)\b|\bsame\s+(?=\S+\s+slot\b)"
    r"|\b(?:stessa ora|stesso orario|misma hora|mesma hora|m[eê]me heure|gleiche zeit|"
    r"selbe zeit|zelfde tijd)\b"
)
LISTED_HOURS = range(1, 13)
_LINE_START = re.compile(r"(?:^|\n)(?:[-*•]\s*)?$")
_WORD_AFTER = re.compile(r"\s+(?!(?:am|pm|and|then|tomorrow|tmrw|today|tonight)\b)[a-z]")
# "so 2 instead of 3": both bare hours of an "instead of" are times.
_INSTEAD = re.compile(r"\b\d{1,2}\s+instead\s+of\s+\d{1,2}\b")
# The company an event is listed with, right before its bare hour: "lunch w/ Bea 1".
_COMPANY_BEFORE = re.compile(r"\s(?:with|w/|w)\s+[a-z][a-z'.]*(?:\s+[a-z][a-z'.]*)?\s+$")
COMPANY_REACH = 30  # how far before the hour the company may begin


_SPOKEN_MARKS = re.compile(r"\b(?:comma|full stop|period|new line|question mark)\b")


def spoken_punctuation(s: str) -> str:
    """Dictated marks read as marks: "comma" -> ",    " (same length, offsets kept)."""
    if "comma" not in s and "stop" not in s and "period" not in s and "line" not in s:
        return s
    return _SPOKEN_MARKS.sub(lambda m: _dictated_mark(s, m), s)


_PERIOD_WORD_BEFORE = re.compile(r"([a-z-]+)\s+$")


def _dictated_mark(s: str, m: re.Match[str]) -> str:
    """The mark a dictated word stands for, as long as the word; "period" after a noun it
    ends ("during exam period") is the word."""
    word = m.group(0)
    if word == "period":
        before = _PERIOD_WORD_BEFORE.search(s, max(0, m.start() - PERIOD_WORD_CHARS), m.start())
        if before is not None and before.group(1) in PERIOD_NOUN_BEFORE:
            return word
    return _MARKS[word].ljust(len(word))


PERIOD_WORD_CHARS = 16  # the word before "period" and its space


_MARKS = {"comma": ",", "full stop": ".", "period": ".", "new line": "\n", "question mark": "?"}


# "Morning bru.", "good evening all!", "Night night x": a greeting that opens the message.
_GREETING_REACH = 8  # how far into the message a greeting's part of day may start
_GREETING = re.compile(
    r"(?:good\s+)?(?:morning|afternoon|evening|night(?: night)?|mornin|morn)"
    r"(?:\s+[a-z']+)?\s*(?:[.!,\n]|$)"
)


# A part of day that names a rota: "night duty", "the morning shift".
_ROTA_AFTER = re.compile(rf"[^\S\n]+(?:{alternation(ROTAS | {'shift', 'shifts'})})\b")
# A shift's name before who works it: "the night manager", "the day team" (not "tonight team").
_SHIFT_NAMES = wordset("night day morning evening afternoon")
_SHIFT_STAFF_AFTER = re.compile(
    r"[^\S\n]+(?:manager|managers|team|staff|nurse|nurses|sister|supervisor|porter|porters|crew|"
    r"lead|matron|registrar|coordinator|security|receptionist|charge nurse)\b"
)


_THAT_BEFORE = re.compile(r"\bthat\s+$")


def drop_named_parts(s: str, groups: list[Group]) -> list[Group]:
    """ "game night @ mikes", "parents evening at 7": the part of day belongs to the name;
    "Morning bru." opening a message greets (a part of day alone, no time of its own); "that
    night" points back to a day said before."""
    kept = []
    for g in groups:
        if (
            g.time is None
            and g.date is None
            and g.start <= _GREETING_REACH
            and s[: g.start].strip() in ("", "good")
            and _GREETING.match(s, len(s) - len(s.lstrip()))
        ):
            continue
        if (
            g.part in NAMED_PARTS
            and g.date is None
            and g.time is None
            and s[g.start : g.end].strip() in NAMED_PARTS
            and ends_a_name(s, g.start)
        ):
            continue
        if g.part and g.date is None and g.time is None and _ROTA_AFTER.match(s, g.end):
            continue  # "i'm on night duty that week": a rota, not tonight
        if (
            g.part
            and g.date is None
            and g.time is None
            and s[g.start : g.end] in _SHIFT_NAMES
            and _SHIFT_STAFF_AFTER.match(s, g.end)
        ):
            continue  # "meeting with the night manager at 6am": who works it, not tonight
        if not g.date and g.time is None and _THAT_BEFORE.search(s, max(0, g.start - 6), g.start):
            continue  # "... so i'm home with the kids that night": a day said before, not today
        kept.append(g)
    return kept


def promote_listed_numbers(
    s: str, groups: list[Group], event_ends: list[int], event_starts: list[int]
) -> None:
    """ "tmrw: dentist 9, standup 10:30": a bare hour right after an event, in a message that
    names a day, is that event's clock time; so is one right before an event between listed
    clock times ("tmrw: 9:30 standup, 1 lunch w/ ben, 4:15 dentist")."""
    named_day = any(g.date is not None for g in groups)
    clocks = [g for g in groups if g.time is not None and g.time.kind != "num"]
    for g in groups:
        t = g.time
        if t is None or t.kind != "num" or t.strong or g.date is not None:
            continue
        if s[g.end : g.end + 1] in (")", ".") and s[g.start - 1 : g.start] != "(":
            continue  # "2) 11:30 site visit 3) 16:00": a list item's number, not "(10)"
        after_event = _untimed_event_ends_at(
            _before_company(s, g.start), event_starts, event_ends, clocks
        ) and (
            not _WORD_AFTER.match(s, g.end)
        )  # "tmrw: dentist 9, standup 10:30", not "vet 4 biscuit @ 5:30" (4 = for)
        before_event = (
            any(0 < e - g.end <= 1 for e in event_starts)
            and s[g.start - 2 : g.start] == ", "
            and any(c.end < g.start for c in clocks)
            and any(c.start > g.end for c in clocks)
        )  # "9:30 standup, 1 lunch w/ ben, 4:15 dentist": between two listed clock times
        line_item = (
            (named_day or bool(clocks))
            and _LINE_START.search(s, max(0, g.start - 3), g.start) is not None
            and any(0 < e - g.end <= 1 for e in event_starts)
        )  # "fri\n9 standup\n10:30 1:1 w/ dana\n3 client demo": a list line's hour
        after_event = after_event or before_event or line_item
        same_time = SAME_TIME.search(s, max(0, g.start - 16), g.start) is not None
        instead = _INSTEAD.search(s, max(0, g.start - 14), g.end + 14) is not None
        corrected = corrects_to(s, g.start)
        if t.hour in LISTED_HOURS and (
            after_event and named_day or same_time or instead or corrected
        ):
            t.strong = True
            g.strong = True


def _before_company(s: str, pos: int) -> int:
    """Where an event's company ends a listed hour's lead-in: "lunch w/ Bea 1" -> just after
    "lunch"; else ``pos``."""
    if s.find("w", max(0, pos - COMPANY_REACH), pos) < 0:
        return pos  # no "with" or "w/" can be there
    m = _COMPANY_BEFORE.search(s, max(0, pos - COMPANY_REACH), pos)
    return m.start() + 1 if m else pos


def _untimed_event_ends_at(
    pos: int, event_starts: list[int], event_ends: list[int], clocks: list[Group]
) -> bool:
    """Whether an event ends right before ``pos`` with no clock time right before it ("time:
    10:50 clinic 7": the clinic has its time, and 7 is its number)."""
    return any(
        0 < pos - end <= 1 and not any(0 <= start - c.end <= 1 for c in clocks)
        for start, end in zip(event_starts, event_ends, strict=True)
    )


def same_time_days(s: str, groups: list[Group], now: dt.datetime) -> None:
    """ "acting class is wednesdays 7-10pm, but this week it's tuesday, same time": a day with
    no clock time, said "same time", takes the clock time stated before it."""
    for i, g in enumerate(groups):
        if g.time is not None or g.date is None:
            continue
        if SAME_TIME.match(s, g.end + len(s[g.end :]) - len(s[g.end :].lstrip(" ,"))) is None:
            continue
        source = next((h for h in reversed(groups[:i]) if h.time is not None), None)
        if source is not None:
            g.time, g.tz, g.part = source.time, source.tz, g.part or source.part
            g.habit = False
            resolve_again(g, now)
            length = _length(source)
            if g.value_end is None and length is not None and g.value is not None:
                g.value_end = g.value + length


def _length(g: Group) -> dt.timedelta | None:
    if g.value is None or g.value_end is None:
        return None
    return g.value_end - g.value


def is_deadline(s: str, g: Group, words: frozenset[str]) -> bool:
    """A day with no clock time after "by"/"before"/"due": a deadline ("by friday"); a time
    after "since" ("broken since 9am") is past. ``words``: the message's."""
    before = max(0, g.start - 16)
    if "since" in words and _SINCE_BEFORE.search(s, before, g.start):
        return True
    if g.time is not None and g.time.hour == LAST_HOUR and g.time.minute == LAST_MINUTE:
        return True  # "registration closes 31 january 23:59": a cut-off, no one meets then
    if "latest" in words and _LATEST_AFTER.match(s, g.end):
        return True  # "nursery pickup is 5:45 at the latest": a time not to pass
    if "due" in words and _DUE_BEFORE.search(s, before, g.start):
        return True  # "appraisal forms due friday 5pm": due, with its clock time too
    if not words.isdisjoint(_ENDS_WORDS) and _ENDS_BEFORE.search(s, before, g.start):
        return True  # "ebay auction ends sunday 8:42pm": an end, not a start
    return (
        g.time is None
        and not words.isdisjoint(_DEADLINE_WORDS)
        and _DEADLINE_BEFORE.search(s, before, g.start) is not None
    )


def past_headers(s: str, groups: list[Group]) -> None:
    """ "last week: dentist mon, standup tue 9": every time of a sentence that opens on a
    past time is past, unless it says itself that it is ahead ("tomorrow", "next ...")."""
    if ":" not in s and "\n" not in s:
        return
    for m in _PAST_HEADER.finditer(s):
        if "\n" in s[m.end() - 1 : m.end() + 1]:  # a header line: the lines under it, to a gap
            end = _BLANK_LINE.search(s, m.end())
        else:
            end = _SENTENCE.search(s, m.end())
        stop = end.start() if end else len(s)
        for g in groups:
            if m.end() <= g.start < stop and not _FUTURE_WORDS.search(s, g.start, g.end):
                g.past = True


# A past verb a few words before a weekday: "was on saturday", "my cousins came over
# saturday", "we did the secret santa on friday" (not "had to move it to friday").
_WAS_ON = re.compile(
    r"\b(?:was|were|did|came|went|saw|met|visited|bought|attended|took|watched|played|drove|flew"
    r"|celebrated|hosted)\b(?!\s+to\b)"
    r"(?:\s+(?!(?:is|are|now|to|until|till|and|but|so)\b)[a-z'-]+){0,4}?\s+(?:on\s+)?$"
)
WAS_ON_CHARS = 40  # "did the firm's amigo secreto on "
# Or a past verb right after it: "monday i had the dentist at 8", "tuesday we went ...".
_THEN_PAST = re.compile(
    r"\s*,?\s*(?:i|we|he|she|they|the\s+[a-z]+|my\s+[a-z]+)\s+"
    r"(?:had|did|went|was|were|saw|met|failed|waited|missed|spent|lost|won|finished)\b"
)  # "tuesday the car failed its nct"
PAST_VERBS = wordset(
    "was were did came went saw met visited had failed waited missed spent lost won finished "
    "bought attended took watched played drove flew celebrated hosted"
)  # a word ``_WAS_ON`` or ``_THEN_PAST`` needs


def told_as_past(s: str, groups: list[Group]) -> None:
    """ "the wedding was on saturday", "monday i had the dentist at 8": a weekday a past verb
    tells is the one gone, and so are the clock times that take their day from it (not a
    move's old slot, which says its clock time first: "was 15:00 wednesday, now 11:00")."""
    for g in groups:
        if (
            g.date_kind == "wd"
            and g.atoms[0].kind == "date"
            and (
                _WAS_ON.search(s, max(0, g.start - WAS_ON_CHARS), g.start)
                or (g.time is None and _THEN_PAST.match(s, g.end))
            )  # not "moved our meeting to friday 11:30, she had some faculty thing": a reason
        ):
            g.past = True


_EVERY_BEFORE = re.compile(
    r"\b(?:every|each)\s+(?:year|month|week|christmas|summer|winter|spring|autumn|fall)"
    r"\s*,?\s*(?:on\s+)?(?:the\s+)?$"
)
EVERY_CHARS = 24  # "every christmas, on the "


def told_as_habit(s: str, groups: list[Group]) -> None:
    """ "every year on the 24th we eat at 10pm": a day that comes round each year (month,
    week) is a habit, and lends no day to the clock times after it."""
    for g in groups:
        if g.date is not None and _EVERY_BEFORE.search(s, max(0, g.start - EVERY_CHARS), g.start):
            g.habit = True


def theirs_headers(s: str, groups: list[Group], words: frozenset[str]) -> None:
    """ "TV tonight\\n20:00 bake off": the times on the lines under a header of watching or of
    someone else's plans, to a blank line, and those on the line of "Rohan's exams: ...",
    are not the user's to attend."""
    if ":" in s and not words.isdisjoint(_THEIRS_LIST_WORDS):
        _theirs_lists(s, groups)
    if "\n" not in s:
        return
    for m in _THEIRS_HEADER.finditer(s):
        if _CLOCK_IN_LINE.search(m.group()):
            continue  # "□ 5pm canucks game on tv": a list's item, not a header over the rest
        under = _SPACES_AFTER.match(s, m.end())  # its first line, past any blank one
        end = _BLANK_LINE.search(s, under.end() if under else m.end())
        stop = end.start() if end else len(s)
        for g in groups:
            if m.end() <= g.start < stop:
                g.theirs = True


def _theirs_lists(s: str, groups: list[Group]) -> None:
    """The times on the line of "Rohan's exams: Maths 9:00 Mon, ..." are Rohan's."""
    for m in _THEIRS_LIST.finditer(s):
        line_end = s.find("\n", m.end())
        stop = line_end if line_end >= 0 else len(s)
        for g in groups:
            if m.end() <= g.start < stop:
                g.theirs = True


def in_rota(s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the time at ``pos`` is listed on a rota's line ("Shifts this week: Mon 9-1
    Priya & you"): shifts, not meetings, even the user's own."""
    if words.isdisjoint(_ROTA_WORDS):
        return False
    line = s.rfind("\n", 0, pos) + 1
    return _ROTA_HEADER.search(s, max(line, pos - ROTA_LINE_CHARS), pos) is not None


def posted_schedules(s: str, groups: list[Group], words: frozenset[str]) -> None:
    """ "Studio timetable: Spin Mon 6:30am · Yoga Wed 7pm": the times of a place's posted
    schedule are not the user's to attend, unless the user says they go (``along``); nor are
    those of a term's timetable, which are every week's."""
    if words.isdisjoint(_POSTED_SCHEDULE_GATE) or len(groups) < MIN_POSTED_TIMES:
        return
    if _POSTED_SCHEDULE.search(s) is None:
        return
    for g in groups:
        g.theirs = True


def keep_same_time(
    s: str, new: Group, old: Group | None, groups: list[Group], now: dt.datetime
) -> None:
    """A moved day with no clock time takes the one stated as "same time (11)" / "same 4:15
    slot" after it, or else the old slot's ("from tuesday 2pm to thursday, same time")."""
    if new.time is not None or new.date is None:
        return
    same = SAME_TIME.search(s, new.end)
    if same is None:
        return
    after = [h for h in groups if h.start >= same.start() and h.time is not None]
    source = after[0] if after else old
    if source is None or source.time is None:
        return
    new.time, new.tz = source.time, source.tz
    if not new.part:
        new.part = source.part
    new.value_end = None
    resolve(new, now, now.tzinfo)
    if source in groups and source is not old:
        source.value = None  # its clock time now belongs to the moved day


_SENTENCE = re.compile(r"[.!?\n]")
_BLANK_LINE = re.compile(r"\n\s*\n")
_NEXT_WEEK = re.compile(r"\bnext week\b")


def next_week_headers(s: str, groups: list[Group], now: dt.datetime) -> None:
    """ "two things next week: tuesday 2pm the ultrasound and friday 10:45 the car service":
    a plain weekday after "next week" in its sentence is that day of next week."""
    for m in _NEXT_WEEK.finditer(s):
        monday = now.date() + dt.timedelta(days=7 - now.weekday())
        for g in groups:
            if g.start < m.end() or _SENTENCE.search(s, m.end(), g.start):
                continue
            if g.date_kind == "wd" and g.date is not None and g.date < monday:
                g.date += dt.timedelta(days=7)
                resolve_again(g, now)


_BREAK = re.compile(r"[,.;!?:\n]")


_LISTED_TIMES = re.compile(
    r"(?:\s*(?:,|and|&)\s*\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]m)?)*\s*(?:,|and|&)\s*"
)


# A topic shift opening a sentence or a clause: "... on sunday. anyway, i'm going to ...".
_TOPIC_SHIFT = re.compile(r"(?:^|[.!?\n;,]\s*|\s-\s*)(?:oh\s+)?" + phrases(TOPIC_SHIFTS))


def inherit_dates(
    s: str, groups: list[Group], now: dt.datetime, words: frozenset[str] = frozenset()
) -> None:
    """A clock time with no day takes the day named elsewhere in the message ("tomorrow i have
    the dentist at 8 and lunch at 2": both tomorrow), not across a change of topic ("load
    shedding on sunday. anyway, dentist at 3": today); after a past day, it is past."""
    _inherit_past(s, groups)
    dated = [
        g for g in groups if g.date is not None and not g.habit and not g.past and not _over(g, now)
    ]
    if not dated:
        return
    shifts = (
        [] if words.isdisjoint(TOPIC_SHIFT_WORDS) else [m.end() for m in _TOPIC_SHIFT.finditer(s)]
    )
    for g in groups:
        if g.time is None or g.date is not None or g.rel is not None:
            continue
        before = [d for d in dated if d.end <= g.start]
        if before and any(before[-1].end < at <= g.start for at in shifts):
            before = []  # a day told before the topic changed
        after = [d for d in dated if d.start >= g.end]
        if (
            not before
            and after
            and _BREAK.search(s, g.end, after[0].start)
            and not _LISTED_TIMES.fullmatch(s, g.end, after[0].start)
        ):
            after = []  # a day named after a comma or full stop belongs to its own clause
            # (not the day after a list of times: "at 9:30, 11:00 and 17:30 on saturday")
        donor = before[-1] if before else (after[0] if after else None)
        if donor is None:
            continue
        g.date, g.date_kind, g.weekday = donor.date, donor.date_kind, donor.weekday
        g.lent = True
        if donor.part and not g.part and _fits_part(g, donor.part):
            g.part = donor.part
        resolve_again(g, now)
        if donor.time is None:
            donor.donor = True


# The clock hours (1-12, as said) a part of day holds: "saturday morning ... at two" is 14:00.
_PART_CLOCK_HOURS = {
    "morning": range(5, 12),
    "afternoon": (12, 1, 2, 3, 4, 5),
    "evening": range(5, 12),
    "tonight": (*range(5, 13), 1, 2),
    "night": (*range(6, 13), 1, 2, 3),
}


# When a part of day is over (hour): "had the vet this morning, ..., gym at 8" said at 14:00
# lends neither today nor the morning to the 8.
_PART_ENDS = {"morning": 12, "afternoon": 18, "evening": 22}


def _over(g: Group, now: dt.datetime) -> bool:
    """Whether ``g`` is only today's part of day, and that part is over."""
    end = _PART_ENDS.get(g.part)
    return end is not None and g.time is None and g.date == now.date() and now.hour >= end


def _fits_part(g: Group, part: str) -> bool:
    """Whether a day's part of day may go to clock time ``g`` along with the day."""
    hours = _PART_CLOCK_HOURS.get(part)
    t = g.time
    return hours is None or t is None or bool(t.ampm) or t.hour > 12 or t.hour in hours


def _inherit_past(s: str, groups: list[Group]) -> None:
    """ "yesterday was insane: standup at 9, ...": clock times after a past day are past."""
    for i, d in enumerate(groups):
        if not d.past or d.date is None:
            continue
        for g in groups[i + 1 :]:
            if g.date is not None or g.rel is not None or _SENTENCE.search(s, d.end, g.start):
                break
            g.past = True


_MEAL_PARTS = {"breakfast": "morning", "brunch": "morning", "dinner": "evening"}
# Events held in the evening whatever their hour says: "game night @ mikes sat 8" is 20:00.
_EVENING_EVENTS = BOOKED_SEATS | wordset(
    "night nights drinks gig concert supper karaoke prom pub movie film iftar"
)
_EVENING_HOURS = range(5, 11)  # "drinks at 11" may be 11:00; a bare 12 stays noon


LUNCH_HOURS = range(11, 16)  # a booked table's hours that make it lunch
DINNER_HOURS = range(17, 24)  # and dinner


def booked_meal(name: str, g: Group) -> str:
    """ "table for 4 at dishoom, 19:45" is a dinner: a booked table's name with the meal its
    hour gives ("reservation at nopa" -> "dinner reservation at nopa"), in its language."""
    meals = BOOKED_SEAT_MEALS.get(name.partition(" ")[0].lower())
    if meals is None or g.value is None or g.time is None:
        return name
    hour = g.value.hour
    meal = meals[0] if hour in LUNCH_HOURS else meals[1] if hour in DINNER_HOURS else None
    return name if meal is None else f"{meal} {name}"


# What a meeting with someone is for, after its person: "i'm meeting priya for drinks at 7".
_MET_FOR = re.compile(
    r"[^\S\n]+(?:[a-z][\w'-]*[^\S\n]+){1,2}?for[^\S\n]+(?:(?:a|some|quick)[^\S\n]+)*"
    r"(dinner|drinks|drink|breakfast|brunch|lunch|supper)\b"
)
MET_FOR_CHARS = 48  # " priya for drinks", " the whole team for a quick lunch"


def meal_hours(g: Group, event: Event, now: dt.datetime, after: str = "") -> None:
    """ "breakfast at 8" is 08:00, "dinner 7-9" is 19:00-21:00, "drinks at 8" 20:00: a meal
    or an evening event decides am/pm of a bare hour; so does the meal a meeting with
    someone is for (``after``: the text after the event's word, "... priya for drinks")."""
    t = g.time
    if t is None or t.ampm or t.exact or g.part or g.tz is not None:
        return
    name, part = event.name, ""
    if name.startswith("meeting with ") and (met := _MET_FOR.match(after)) is not None:
        name = met.group(1)  # "meeting priya for drinks at 7" is 19:00
    for meal, meal_part in _MEAL_PARTS.items():  # the first meal of the list the name says
        if meal in name:
            part = meal_part
            break
    if not part and t.hour in _EVENING_HOURS and not _EVENING_EVENTS.isdisjoint(name.split()):
        part = "evening"
    if not part or not _fits_part(g, part):
        return  # "brunch at 12:15" is noon, not a quarter past midnight
    g.part = part
    resolve_again(g, now)
