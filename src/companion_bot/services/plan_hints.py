"""Plan hints: whether a message looks like a plan the bot did not act on, and what kind.

The extractor (:mod:`companion_bot.extraction`) decides what is noted; this module only reads
the words around it so that the reply to a message nothing was noted from can be honest: a
time, a day or a date said, a reminder asked for, a repeating plan, an "undo", a maybe, a
thing in the past. Pure: text in, :class:`PlanHints` out; no clock, no database.

Kinds, first that applies wins:

``undo``       "undo", "cancel that", "take that back"
``reminder``   "remind me to call mom at 6", "don't let me forget the rent"
``past``       "I had a call yesterday at 3" (and nothing ahead is named)
``recurring``  "standup every weekday at 9:30", "yoga on tuesdays", "daily sync at 9"
``tentative``  "maybe lunch Friday?", "might have a call tomorrow", "drinks saturday?"
``others``     "my sister has a dentist appointment at 3": someone else's plan
``timeish``    a clock time, a date or a day said, and none of the above
``undated``    "I have a meeting", "got an interview": something attended, no time
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from companion_bot.extraction.lexicon import EVENT_HEADS, HOLIDAYS, MONTHS, WEEKDAYS

Kind = Literal["undo", "reminder", "past", "recurring", "tentative", "others", "timeish", "undated"]
Answer = Literal["yes", "no"]

# -- words -------------------------------------------------------------------------------

_TOMORROW_WORDS = (
    "tomorrow tomorow tommorow tommorrow tomorro tomorrw tmrw tmr tmrow tmro tmw 2moro 2morrow "
    "2mrw tomoz"
)
_TONIGHT_WORDS = "tonight tonite 2nite"
_NEAR_DAYS = frozenset(re.findall(r"\S+", _TOMORROW_WORDS + " " + _TONIGHT_WORDS))
#: Weekday spellings that are also ordinary words ("I sat down", "the sun", "we wed"): a day
#: only next to a day or time word ("on sat", "sat 7pm", "every wed").
_AMBIGUOUS_DAYS = frozenset({"sat", "sun", "wed", "mon", "tu", "thu", "tue", "domingo", "quinta"})
_DAY_CONTEXT_BEFORE = frozenset(
    re.findall(r"\S+", "on this next every each by till until from last coming following before")
)
_EVENT_WORDS = frozenset(w for w in EVENT_HEADS if " " not in w) | frozenset(
    re.findall(
        r"\S+",
        "mtg appt meet meetup 1:1 dentist doctor gp vet gym yoga class lesson practice shift exam "
        "haircut standup sync demo review call lunch dinner breakfast brunch coffee drinks party "
        "date appointment interview",
    )
)
_EVENT_PHRASES = tuple(w for w in EVENT_HEADS if " " in w)

_WORD = re.compile(r"[a-z0-9][a-z0-9'&:/.-]*[a-z0-9]|[a-z0-9]")
_MERIDIEM = r"(a\.?\s?m\.?|p\.?\s?m\.?)"
_CLOCK_HM = re.compile(
    r"(?<![\d$€£¥.,:/])(\d{1,2})[:.](\d{2})(?![\d.,:/%])\s*(?:" + _MERIDIEM + r"(?![a-z])|h\b)?"
)
_CLOCK_H_MERIDIEM = re.compile(r"(?<![\d$€£¥.,:/])(\d{1,2})\s*" + _MERIDIEM + r"(?![a-z])")
_NOT_A_TIME_AFTER = (
    r"(?![\d:.,%/])(?!\s*(?:%|percent|min|mins|minutes?|hours?|hrs?|h\b|days?|weeks?|months?|"
    r"years?|yrs?|people|persons?|of\b|items?|times|x\b|dollars?|bucks|euros?|pounds?|quid|k\b|"
    r"kg|km|miles?|points?|pages?|st\b|nd\b|rd\b|th\b))"
)
_CLOCK_AT = re.compile(
    r"(?:\b(?:at|around|by|from|till|until|til|before|after|arnd|abt)\s+|@\s*)(\d{1,2})"
    + _NOT_A_TIME_AFTER
)
_HOUR_WORDS = {
    w: i
    for i, w in enumerate(
        re.findall(r"\S+", "one two three four five six seven eight nine ten eleven twelve"),
        start=1,
    )
}
_HOUR = r"(\d{1,2}|" + "|".join(_HOUR_WORDS) + r")"
_CLOCK_WORDS = re.compile(r"\b(noon|midday|midnight|lunchtime|lunch time)\b")
_CLOCK_SPOKEN = re.compile(
    rf"\b(?:(half past|quarter past|quarter to)\s+{_HOUR}|{_HOUR}\s*o'?clock)\b"
)
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.:-])(?:(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?|(\d{4})-(\d{2})-(\d{2}))"
    r"(?![\d/.:-])"
)
_ORDINAL_DATE = re.compile(
    r"\b(?:the|on|by|from|until|till)\s+(\d{1,2})(?:st|nd|rd|th)\b"
    r"(?!\s+(?:time|floor|place|grade|edition|round|attempt|try|person|year|century|birthday|"
    r"anniversary|row|street|avenue|ave|st\b))"
)
_MONTH_NAMES = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_MONTH_DATE = re.compile(
    rf"\b(?:({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|am|pm|:))"
    rf"|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\b)"
)
_HOLIDAY = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(h) for h in HOLIDAYS), key=len, reverse=True)) + r")\b"
)
_RELATIVE_DAY = re.compile(
    r"\b(?:next|this|coming)\s+(?:week|weekend|month|year|morning|afternoon|evening)\b"
    r"|\b(?:the\s+)?day after (?:tomorrow|tmrw?)\b|\b(?:this|the|on the|over the)\s+weekend\b"
    r"|\bin\s+(?:\d+|a|an|one|two|three|four|five|ten|a few|a couple of)\s+(?:days?|weeks?)\b"
    r"|\b(?:later|early|earlier)\s+(?:today|this week|tonight)\b|\bend of (?:the )?(?:day|week)\b"
    r"|\b(?:eod|eow)\b"
)
_WEAK_DAY = re.compile(
    r"\b(?:today|tdy|this (?:morning|afternoon|evening)|in the (?:morning|afternoon|evening)|"
    r"later|soon|weekend)\b|\bin\s+(?:\d+|a|an|one|two|five|ten|twenty|thirty|a few)\s+"
    r"(?:min|mins|minutes?|hours?|hrs?)\b"
)
#: Someone else's plan ("my sister has a dentist appointment at 3", "he's got an interview").
_OTHERS = re.compile(
    r"^(?:(?:my|our)\s+(?:\w+\s+)?(?:sister|brother|sis|bro|mom|mum|mother|dad|father|wife|"
    r"husband|partner|son|daughter|kid|kids|friend|boss|colleague|coworker|roommate|flatmate|"
    r"neighbou?r|girlfriend|boyfriend|bf|gf|parents|cousin|aunt|uncle|grandma|grandpa)|he|she|"
    r"they)(?:'s|\s+(?:has|have|had|is|are|got|was|were|needs?))\b"
)

_UNDO = re.compile(
    r"\bundo\b|\bun-do\b|\brevert (?:that|it|this|the last|my last)\b|\btake (?:that|it) back\b"
    r"|^(?:please\s+)?(?:cancel|scratch|delete|remove|forget) (?:that|it|this|the last one|"
    r"what i (?:just )?said)(?: please)?$"
    r"|^(?:oops|whoops|please|pls)?,?\s*(?:go back|revert|roll ?back)(?: please)?$"
)
_REMINDER = re.compile(
    r"\b(?:remind (?:me|us)|reminder (?:to|for|about|that)|set (?:a |an |me a )?(?:reminder|"
    r"alarm)|(?:don'?t|do not|dont) let me forget|make sure i (?:don'?t forget|remember)|"
    r"help me remember|(?:ping|nudge|alert|text|message|tell) me (?:to|when|at|about|before|in)"
    r"|remember to|need to remember)\b|^(?:please |pls |and )?(?:don'?t|do not|dont) forget\b"
)
_TASK_AFTER = re.compile(
    r"\b(?:remind (?:me|us)|reminder|(?:don'?t|do not|dont) let me forget|help me remember|"
    r"(?:ping|nudge|alert|text|message|tell) me|remember|(?:don'?t|do not|dont) forget)\s+"
    r"(.+)$"
)
#: What a task starts with that is not the task: when, and the words that lead to it.
_TASK_LEAD = re.compile(
    r"^(?:(?:to|about|that|of|when|for|please|pls|i (?:need|have) to|i need|i have|"
    r"tomorrow|tmrw|today|tonight|later|this (?:morning|afternoon|evening|week)|"
    r"(?:at|by|around|on|in|before) [a-z0-9:.]+(?: (?:am|pm|minutes?|mins?|hours?|days?))?|"
    r"[0-9:.]+ ?(?:am|pm)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)+"
)
_FUTURE = re.compile(
    r"\b(?:tomorrow|tomorow|tommorow|tmrw|tmr|tonight|tonite|next|upcoming|coming up|"
    r"will|won't|'ll|going to|gonna|later|soon|this (?:week|weekend|coming))\b|'ll\b"
)
_PAST = re.compile(
    r"\b(?:yesterday|yday|last (?:night|week|weekend|month|year|time|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)|ago|earlier today|"
    r"this past)\b"
    r"|\b(?:i|we|i've|we've|had)\s+(?:had|went|was|were|did|met|attended|finished|got back|"
    r"already had|just had|just got back)\b|^(?:had|went|was|did|met|finished)\b"
)
_RECURRENCE = re.compile(
    r"\b(?:every|each)\s+(?:single\s+|other\s+|second\s+|2nd\s+|third\s+|\d+\s+|few\s+)?"
    r"(?:day|days|weekday|weekdays|workday|workdays|working day|business day|week|weeks|"
    r"weekend|weekends|morning|afternoon|evening|night|month|months|year|[a-z]+day|"
    r"(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)\b)"
    r"|\b(?:daily|weekly|bi-?weekly|fortnightly|monthly|nightly|yearly|annually|everyday|"
    r"recurring|repeating|weekdays|weekends|workdays)\b"
    r"|\b(?:on|every|all)\s+(?:the\s+)?weekdays?\b"
    r"|\b(?:mon|monday|tue|tues|tuesday|wed|wednesday|thu|thurs|thursday)\s*(?:-|–|to|thru|"
    r"through)\s*(?:thu|thurs|thursday|fri|friday|sat|saturday|sun|sunday)\b|\bm-f\b"
    r"|\b(?:once|twice|three times|\d+\s*(?:x|times))\s+(?:a|per|each|every)\s+"
    r"(?:day|week|month)\b"
    r"|\b(?:usually|always|normally|typically|generally|regularly)\b"
)
_TENTATIVE = re.compile(
    r"\b(?:maybe|mayb|perhaps|possibly|possible|probably|prob|might|may be|not sure|unsure|"
    r"tentative|tentatively|tbd|tbc|pencil(?:l)?ed|if|whether|should we|shall we|could we|"
    r"can we|wanna|want to|would you|do you want|are you (?:free|around|up for|down)|"
    r"let'?s see|we'?ll see|depending|fingers crossed|hopefully|thinking (?:of|about)|"
    r"considering|undecided|not confirmed|unconfirmed|could)\b"
    r"|(?:\d|am|pm)\s+or\s+(?:at\s+)?\d"  # times offered as alternatives: "at 2 or 3"
)
_SCHEDULE_QUESTION = re.compile(
    r"\b(?:do|did) i have\b|\bhave i got\b|\bam i (?:free|busy|booked)\b|\bwhat'?s on\b"
    r"(?!\s+your)|\bwhat (?:is|are) (?:on )?my\b|\bwhat'?s my (?:plan|schedule|agenda|day|week)\b"
    r"|\bwhen(?:'s| is| are|'re) (?:my|the|our)\b|\bwhat time(?:'s| is| are) (?:my|the|our)\b"
    r"|\banything (?:on|planned|scheduled|booked|coming)\b|\bis there (?:a|an|any)\b"
    r"|\bwhat(?:'s| is) (?:coming|next|planned|scheduled)\b|\bmy (?:calendar|schedule|agenda)\b"
)
_YES = re.compile(
    r"(?:yes|yeah|yea|yep|yup|ya|y|sure|ok|okay|k|correct|right|exactly|that'?s right|"
    r"that'?s it|yes please|please do|do it|go ahead|sounds good|absolutely|definitely)"
    r"(?:,?\s*(?:please|thanks|thank you))?"
)
_NO = re.compile(
    r"(?:no|nope|nah|n|no thanks|no thank you|never ?mind|nvm|wrong|that'?s wrong|not really|"
    r"don'?t|leave it)"
)
_OWN = re.compile(
    r"\b(?:i have|i've got|ive got|i got|i've|we have|we've got|there'?s|got|have got|my|our|"
    r"booked|scheduled|need to go to|gotta go to|going to)\b"
)
#: A question to the bot itself ("what are you doing tomorrow?"), not a plan of the user's.
_TO_THE_BOT = re.compile(
    r"^(?:what|how|why|who|where|when|do|did|are|were|have|will|would|can|could)\b.*"
    r"\b(?:you|your|u|ur|ya)\b"
)


def normalize(text: str) -> str:
    """Lower case, straight apostrophes and dashes, single spaces."""
    s = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    return re.sub(r"\s+", " ", s).strip()


def _bare(text: str) -> str:
    return re.sub(r"[\s!.?,…:;)(]+$", "", re.sub(r"^[\s!.?,…:;)(]+", "", normalize(text)))


@dataclass(frozen=True)
class Clock:
    """A clock time said: the hour as written (1-23), its minute, and whether am/pm was said."""

    hour: int
    minute: int
    meridiem: str | None  # "am" / "pm" / None

    def time(self) -> dt.time:
        """The time of day meant: with am/pm as said; a bare hour read as the docs say
        (the one between 07:00 and 21:00, the earlier when both are: "at 9" 09:00, "at 4"
        16:00)."""
        h = self.hour
        if self.meridiem == "pm" and h < 12:
            h += 12
        elif self.meridiem == "am" and h == 12:
            h = 0
        elif self.meridiem is None and 1 <= h <= 6:
            h += 12
        return dt.time(h % 24, self.minute)


@dataclass(frozen=True)
class PlanHints:
    """What a message says that looks like a plan (whatever the extractor made of it)."""

    kind: Kind | None = None
    clock: Clock | None = None
    date: bool = False  # a calendar date ("the 14th", "dec 5", "12/3", "christmas")
    day: bool = False  # a day ("tomorrow", "friday", "next week")
    weak_day: bool = False  # a day word small talk uses as often ("today", "later")
    event: bool = False  # something attended ("meeting", "lunch", "dentist")
    recurrence: bool = False
    task: str | None = None  # "call mom at 6" in "remind me to call mom at 6"
    question: bool = False

    @property
    def looks_like_plan(self) -> bool:
        """Whether the message looks like a plan (or an "undo") the bot should answer."""
        return self.kind is not None

    @property
    def strong(self) -> bool:
        """Whether the plan signal outweighs small talk in the same message ("good morning,
        remind me to…", but not "see you tomorrow" or "I'm tired today")."""
        if self.kind in ("undo", "reminder", "recurring"):
            return True
        if self.kind == "tentative":
            return self.event or self.day or self.date or self.clock is not None
        return self.clock is not None or self.date


def _clock(s: str) -> Clock | None:
    found: list[tuple[int, Clock]] = []
    for m in _CLOCK_HM.finditer(s):
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour <= 24 and minute < 60:
            found.append((m.start(), Clock(hour % 24, minute, _meridiem(m.group(3)))))
    for m in _CLOCK_H_MERIDIEM.finditer(s):
        hour = int(m.group(1))
        if 1 <= hour <= 12:
            found.append((m.start(), Clock(hour, 0, _meridiem(m.group(2)))))
    for m in _CLOCK_AT.finditer(s):
        hour = int(m.group(1))
        if hour <= 23:
            found.append((m.start(1), Clock(hour, 0, None)))
    for m in _CLOCK_WORDS.finditer(s):
        found.append((m.start(), Clock(12, 0, "am" if m.group(1) == "midnight" else "pm")))
    for m in _CLOCK_SPOKEN.finditer(s):
        said, number = m.group(1), m.group(2) or m.group(3)
        hour = int(number) if number.isdigit() else _HOUR_WORDS[number]
        if not 1 <= hour <= 12:
            continue
        if said == "quarter to":
            hour, minute = hour - 1 or 12, 45
        else:
            minute = {"half past": 30, "quarter past": 15}.get(said or "", 0)
        found.append((m.start(), Clock(hour, minute, None)))
    if not found:
        return None
    found.sort(key=lambda f: (f[0], f[1].meridiem is None))  # "at 6pm": the one with pm
    return found[0][1]


def _meridiem(said: str | None) -> str | None:
    if said is None:
        return None
    return "am" if said.startswith("a") else "pm"


def _has_date(s: str) -> bool:
    for m in _NUMERIC_DATE.finditer(s):
        if m.group(4):
            return True
        a, b = int(m.group(1)), int(m.group(2))
        sep = s[m.start(1) + len(m.group(1))]
        if sep != "/" and m.group(3) is None:
            continue  # "8.30" is a time, "3-4" a range, "2.5" a number
        if 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12):
            return True
    if _ORDINAL_DATE.search(s) or _HOLIDAY.search(s):
        return True
    for m in _MONTH_DATE.finditer(s):
        number = int(m.group(2) or m.group(3))
        month = m.group(1) or m.group(4)
        if 1 <= number <= 31 and (month not in ("may", "mar", "jan", "sat") or m.group(2)):
            return True
    return False


def _weekday_mentions(words: list[str]) -> list[tuple[int, int, bool]]:
    """(position, weekday, plural) for each weekday word; ambiguous spellings only in context."""
    out: list[tuple[int, int, bool]] = []
    for i, w in enumerate(words):
        plural = False
        if w in WEEKDAYS:
            day = WEEKDAYS[w]
            plural = w.endswith("days")
        elif w.endswith("s") and w[:-1] in WEEKDAYS and w[:-1].endswith("day"):
            day, plural = WEEKDAYS[w[:-1]], True
        else:
            continue
        if w in _AMBIGUOUS_DAYS:
            before = words[i - 1] if i > 0 else ""
            after = words[i + 1] if i + 1 < len(words) else ""
            if before not in _DAY_CONTEXT_BEFORE and not re.match(
                r"\d|at$|@|morning|afternoon|evening|night|am$|pm$|and$|or$|-", after
            ):
                continue
        out.append((i, day, plural))
    return out


def _task(s: str) -> str | None:
    """What to be reminded of ("call mom at 6"), without the words leading to it; ``None``
    when only a time is left ("set a reminder for 5pm")."""
    m = _TASK_AFTER.search(s)
    if m is None:
        return None
    task = m.group(1).strip(" .!?,;:")
    task = _TASK_LEAD.sub("", task + " ").strip(" .!?,;:")
    task = re.sub(r"\s+(?:please|pls|plz|thanks|thank you|thx)$", "", task)
    if not task or len(task) > 80 or not re.search(r"[a-z]{2}", task):
        return None
    if re.fullmatch(r"(?:at |by |for )?[0-9:.]+ ?(?:am|pm)?", task):
        return None
    return task


def task_of(text: str) -> str | None:
    """What ``text`` asks to be reminded of ("call mom" in "remind me to call mom"), lower
    case; ``None`` when it names nothing (see :attr:`PlanHints.task`)."""
    return _task(normalize(text))


@functools.lru_cache(maxsize=256)
def read_hints(text: str) -> PlanHints:
    """What ``text`` says that looks like a plan; ``kind`` is ``None`` when nothing does.
    Kept for the last messages read: a message is read by its analysis, its reply and its
    task check, about 20 patterns each time."""
    s = normalize(text)
    bare = _bare(text)
    words = _WORD.findall(s)
    mentions = _weekday_mentions(words)
    clock = _clock(s)
    date = _has_date(s)
    tomorrowish = any(w in _NEAR_DAYS for w in words)
    day = bool(tomorrowish or mentions or _RELATIVE_DAY.search(s))
    weak_day = bool(_WEAK_DAY.search(s))
    event = any(w.strip(".'") in _EVENT_WORDS for w in words) or any(p in s for p in _EVENT_PHRASES)
    question = s.rstrip().endswith("?")
    recurrence = bool(_RECURRENCE.search(s)) or any(plural for _, _, plural in mentions)
    timed = clock is not None or date or day
    anything = timed or weak_day or event

    kind: Kind | None = None
    task = None
    if _UNDO.search(bare):
        kind = "undo"
    elif _REMINDER.search(s):
        kind, task = "reminder", _task(s)
    elif anything and _PAST.search(s) and not (_FUTURE.search(s) or recurrence):
        kind = "past"
    elif recurrence and (timed or event):
        kind = "recurring"
    elif asks_about_schedule(s):
        kind = None  # "do I have anything on friday?": answered with the schedule
    elif _TENTATIVE.search(s) and anything:
        kind = "tentative"
    elif _TO_THE_BOT.search(s) and clock is None and not date:
        kind = None  # "what are you up to tomorrow?": small talk
    elif question and anything:
        kind = "tentative"
    elif _OTHERS.search(s) and anything:
        kind = "others"
    elif timed:
        kind = "timeish"
    elif event and not weak_day and _OWN.search(s) and not question:
        kind = "undated"
    return PlanHints(
        kind=kind,
        clock=clock,
        date=date,
        day=day,
        weak_day=weak_day,
        event=event,
        recurrence=recurrence,
        task=task,
        question=question,
    )


def looks_like_plan(text: str) -> bool:
    """Whether ``text`` looks like a plan, a reminder, a repeat or an undo (see the kinds)."""
    return read_hints(text).looks_like_plan


def asks_about_schedule(text: str) -> bool:
    """Whether ``text`` asks what is on the user's schedule ("do I have anything on Friday?",
    "when is my dentist?")."""
    return _SCHEDULE_QUESTION.search(normalize(text)) is not None


@functools.lru_cache(maxsize=1)
def answer_word(text: str) -> Answer | None:
    """ "yes" / "no" when the whole message is one ("yep", "sure", "nope", "never mind").
    Keeps its last answer: a message is asked about by its pipeline, context and reply."""
    bare = _bare(text)
    if _YES.fullmatch(bare):
        return "yes"
    if _NO.fullmatch(bare):
        return "no"
    return None
