"""What a message says about a repeating meeting (pure: text, ``now`` and the extractor in).

* A new one: "standup every weekday at 9:30", "every other tuesday at 4", "yoga mondays and
  thursdays 7pm", "first monday of the month at 10", "every day at 8 until friday". How
  often is read by :mod:`.cadence` (one phrase per message) with its bounds ("until
  friday", "starting monday", "for 3 weeks"); what and when, by the meeting extractor on the
  message without those words, read at the start of the day so "at 8" is 08:00 as the
  bot's conventions say. So a repeating plan is noted exactly when the same words without
  the repetition would note a meeting: the speaker's own commitment, not a thing of the
  past, a maybe, someone else's plan or a habit ("I usually swim on fridays"). The message
  may be nothing but when ("every other tuesday at 4"): a meeting it is.
* The end of one: "stop the weekly standup", "cancel the standup series", "no more
  standups" (:func:`read_series_end`): a stop word, and a word that means all of them.
* One occurrence skipped: "skip tomorrow's standup" reads as "cancel tomorrow's standup"
  (:func:`skip_wording`), which cancels that one meeting.

Times come out on the wall clock of the user's zone (:mod:`..proactive.recurrence`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from companion_bot.extraction import TimeMention, parse_times
from companion_bot.ports import Extractor
from companion_bot.proactive.recurrence import Recurrence, wall
from companion_bot.services.cadence import DAY, Cadence, bounds_in, cadence_in, rule_for
from companion_bot.services.schedule_matching import GENERIC, REMINDER_WORDS, words_of

#: Words that leave a message nothing but when ("every other tuesday at 4"): a meeting.
_FILLER: Final = frozenset(
    re.findall(
        r"\S+",
        "i we i've ive we've have has got a an the my our meeting at on in from there there's "
        "is it's its and",
    )
)
#: The time added to a repeating plan said without one, to ask whether it is a meeting.
PROBE_TIME: Final = "9:30"
#: Cadence words left beside the name ("weekly 1:1 with Sam on thursdays"): not its name.
_ADJECTIVES = re.compile(
    r"\b(?:weekly|daily|monthly|nightly|bi-?weekly|fortnightly|recurring|repeating|regular)\b",
    re.I,
)
#: A repeating plan that is not (or not yet) the speaker's own commitment.
_NOT_A_COMMITMENT = re.compile(
    r"\b(?:used to|no longer|not any ?more|anymore|don'?t|do not|didn'?t|did not|never|"
    r"won'?t|last (?:week|month|year|time)|yesterday|ago|usually|normally|typically|"
    r"generally|tend to|maybe|might|perhaps|probably|possibly|if|whether|should we|"
    r"shall we|could we|can we|would you|do you|are you)\b|\?\s*$",
    re.I,
)
_PART_OF_DAY = re.compile(r"(?<!\bthe )\b(morning|afternoon|evening)\b", re.I)
_NIGHT = re.compile(r"(?<!\bat )\bnight\b", re.I)
_SKIP = re.compile(
    r"^(\W*(?:(?:please|pls|ok|okay|and|actually|so|let'?s|we'?ll|i'?ll|we will|i will|"
    r"gonna|going to),?\s+)*)skip(?:ping)?\s+",
    re.I,
)
_END = re.compile(
    r"^\W*(?:(?:please|pls|ok|okay|and|actually|oh|so),?\s+)*"
    r"(?P<verb>stop|end|cancel|scrap|drop|delete|remove|kill|discontinue|no more)\s+"
    r"(?P<what>.+?)[\s.!]*$",
    re.I,
)
_ALL_OF_THEM = re.compile(
    r"\b(?:weekly|daily|monthly|nightly|recurring|repeating|regular|series|all|every|"
    r"for good|altogether|from now on|going forward|any ?more)\b",
    re.I,
)
_REPEATING = re.compile(
    r"\b(?:weekly|daily|monthly|nightly|recurring|repeating|regular|series|every)\b", re.I
)
_ONE_DAY = re.compile(rf"\b(?:today|tonight|tomorrow|tmrw|tmr|this|next)\b|\b{DAY}'s\b", re.I)
_MARKS = frozenset(
    re.findall(
        r"\S+",
        "weekly daily monthly nightly recurring repeating regular series all every for good "
        "altogether from now on going forward anymore any more",
    )
)


@dataclass(frozen=True, slots=True)
class SeriesRequest:
    """A repeating meeting a message asks for; ``question`` when it cannot be noted as said
    (no time: "standup every weekday")."""

    name: str | None
    recurrence: Recurrence | None = None
    duration: dt.timedelta | None = None
    approximate: bool = False
    confidence: float = 1.0
    question: str | None = None


@dataclass(frozen=True, slots=True)
class SeriesEnd:
    """ "stop the weekly standup": the words naming the series to end; ``explicit``: a
    word said it is a repeating one ("weekly", "series"), not only "all" or "no more"."""

    words: frozenset[str]
    explicit: bool = True


# -- the request -------------------------------------------------------------------------


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    out = text
    for start, end in sorted(spans, reverse=True):
        out = f"{out[:start]} {out[end:]}"
    return " ".join(out.split())


def _midnight(local_now: dt.datetime) -> dt.datetime:
    zone = local_now.tzinfo
    assert isinstance(zone, ZoneInfo)
    naive = dt.datetime.combine(local_now.date(), dt.time(0))
    return wall(naive, zone).astimezone(zone)


def _with_part_of_day(text: str, part: str | None) -> str:
    """ "yoga evening" → "yoga in the evening" (what the cadence words left of a part of
    day), and the part of day of "every evening" itself."""
    text = _PART_OF_DAY.sub(r"in the \1", text)
    text = _NIGHT.sub("tonight", text)
    if part is not None:
        text += " tonight" if part == "night" else f" in the {part}"
    return text


def read_series_request(
    text: str, local_now: dt.datetime, extractor: Extractor, *, threshold: float = 0.5
) -> SeriesRequest | None:
    """The repeating meeting ``text`` states, read at ``local_now`` (aware, the user's
    zone); ``None`` when it states none (no how-often read here, or not a commitment)."""
    cadence = cadence_in(text)
    if cadence is None or _NOT_A_COMMITMENT.search(text):
        return None
    midnight = _midnight(local_now)
    bounds = bounds_in(text, midnight)
    rest = _without(text, [cadence.span, *bounds.spans])
    rest = _with_part_of_day(" ".join(_ADJECTIVES.sub(" ", rest).split()), cadence.part_of_day)
    found = [m for m in extractor.extract(rest, midnight) if m.action == "schedule"]
    meeting = max(found, key=lambda m: m.confidence, default=None)
    if meeting is not None and meeting.confidence < threshold:
        return None
    if meeting is not None and meeting.grain != "day":
        name = meeting.event_name
        start, end = meeting.start, meeting.end
        approximate, confidence = meeting.time_is_approximate, meeting.confidence
    else:
        clock = _only_when(rest, midnight)
        if clock is None:
            return _ask_time(text, cadence, rest, midnight, extractor)
        name, start, end = "meeting", clock.start, clock.end
        approximate, confidence = clock.grain != "minute", threshold
    recurrence = rule_for(cadence, bounds, start.time(), local_now)
    if recurrence is None:
        return None
    duration = None if end is None or end <= start else end - start
    return SeriesRequest(name, recurrence, duration, approximate, confidence)


def _only_when(rest: str, midnight: dt.datetime) -> TimeMention | None:
    """The clock time of a message that says nothing but when ("at 4")."""
    mentions = [m for m in parse_times(rest, midnight) if m.grain != "day"]
    if not mentions:
        return None
    left = _without(rest, [m.span for m in mentions])
    if any(w not in _FILLER for w in re.findall(r"[a-z0-9']+", left.lower())):
        return None
    return mentions[0]


def _ask_time(
    text: str, cadence: Cadence, rest: str, midnight: dt.datetime, extractor: Extractor
) -> SeriesRequest | None:
    """ "What time is the standup? …" for a repeating meeting said without a time: one the
    same words would note with a time added."""
    probe = extractor.extract(f"{rest} at {PROBE_TIME}", midnight)
    name = next((m.event_name for m in probe if m.action == "schedule"), None)
    if name is None:
        return None
    said = " ".join(text[cadence.span[0] : cadence.span[1]].split())
    return SeriesRequest(
        name,
        question=f'What time is the {name}? Say it with the time, like "{name} {said} at 9:30".',
    )


def repeat_of(text: str, start: dt.datetime, local_now: dt.datetime) -> Recurrence | None:
    """The repetition ``text`` gives a task reminder at ``start`` ("remind me to take my
    meds every day at 9pm"), if it gives one."""
    cadence = cadence_in(text)
    if cadence is None:
        return None
    bounds = bounds_in(text, _midnight(local_now))
    return rule_for(cadence, bounds, start.astimezone(local_now.tzinfo).time(), local_now)


def skip_wording(text: str) -> str:
    """``text`` with "skip X" said as "cancel X" (one occurrence: that one meeting)."""
    return _SKIP.sub(r"\1cancel ", text, count=1)


def read_series_end(text: str) -> SeriesEnd | None:
    """The series ``text`` asks to end, by the words that name it; ``None`` when it asks
    for no such thing (a stop of one day's meeting is a cancellation of that one)."""
    m = _END.match(text.strip())
    if m is None:
        return None
    what = m.group("what")
    all_of_them = m.group("verb").lower() == "no more" or _ALL_OF_THEM.search(what)
    if not all_of_them or _ONE_DAY.search(what):
        return None
    words = frozenset(_singular(w) for w in words_of(what) - _MARKS - GENERIC - REMINDER_WORDS)
    return SeriesEnd(words, _REPEATING.search(what) is not None) if words else None


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def names_series(words: frozenset[str], name: str) -> bool:
    """Whether the words of a :class:`SeriesEnd` name the series called ``name``."""
    own = frozenset(_singular(w) for w in words_of(name) - GENERIC)
    return bool(own & words)
