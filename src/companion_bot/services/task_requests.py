"""Task reminders asked for in chat: "remind me to call mom at 6" (pure: text and ``now`` in).

What to be reminded of comes from :mod:`.plan_hints` (the words after "remind me", "don't
let me forget", "set a reminder"); when, from the extractor's time parsing
(:func:`companion_bot.extraction.parse_times`) in the user's zone, so a task's time reads
exactly as a meeting's would: "at 6" is 18:00, a bare clock time that already passed today
is tomorrow's, "in 20 minutes", "tomorrow at 9", "tonight" (about 20:00). A day said apart
from the clock time ("remind me tomorrow to call mom at 6") gives the clock time that day.

A request that lacks something is not guessed at: without a task, a time, or with a time
that has passed or that no clock shows ("25:00"), :attr:`TaskRequest.question` says what to
tell the bot instead. A repeating one ("every day at 9pm") is one reminder, the next.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from companion_bot.extraction import TimeMention, parse_times
from companion_bot.proactive.messages import local_time
from companion_bot.services.impossible_times import impossible_times
from companion_bot.services.plan_hints import normalize, read_hints, task_of

#: A message that changes a reminder ("cancel the reminder to call mom", "move my reminder
#: to 7"): the change words come before the reminder, and it is not a new one.
_CHANGE_FIRST = re.compile(
    r"^\W*(?:(?:please|pls|oh|ok|okay|and|actually|no),?\s+)*"
    r"(?:cancel|delete|remove|stop|scrap|drop|clear|forget|move|moved|reschedule|push|"
    r"postpone|change|bump|shift|undo|snooze)\b"
)
#: "stop the reminder to call mom", "turn off my reminder for the rent": cancelling that one
#: reminder, said with the words that would otherwise switch all reminders off.
_STOP_ONE = re.compile(
    r"^(\W*(?:(?:please|pls|ok|okay|and|actually),?\s+)*)"
    r"(?:stop|turn off|switch off|disable|pause)\s+"
    r"(?=(?:the|my)\s+reminder\s+(?:to|for|about|of)\b)",
    re.IGNORECASE,
)


def cancel_wording(text: str) -> str:
    """``text`` with "stop the reminder to X" said as "cancel the reminder to X"."""
    return _STOP_ONE.sub(r"\1cancel ", text, count=1)


#: The word right before a time that belongs to the time ("at 6", "on friday", "by 5pm").
_BEFORE_TIME = re.compile(r"(?:\s*\b(?:at|on|by|around|for|from|before|@))?\s*$", re.IGNORECASE)
#: How often, said beside the task ("take my meds every day"): not part of what to do.
_REPEAT = re.compile(
    r"\s*\b(?:(?:every|each)\s+(?:other\s+|single\s+)?(?:day|morning|afternoon|evening|night|"
    r"week|weekday|weekend|month|[a-z]+day)s?|daily|nightly|weekly|monthly)\b",
    re.IGNORECASE,
)
#: "remind me about the report", "remind me of the rent": a thing, not something to do.
_ABOUT = re.compile(r"\b(?:remind (?:me|us)|reminder|forget|remember)\b.*?\b(to|that|about|of)\b")
NO_TASK = 'What should I remind you of? Say it like "remind me to call mom at 6pm".'


@dataclass(frozen=True, slots=True)
class TaskRequest:
    """What a "remind me" message asks for; ``question`` when it cannot be noted as said."""

    task: str | None  # "call mom", in the user's own casing
    start: dt.datetime | None = None  # aware, in the user's zone
    approximate: bool = False  # a part of day ("tonight"): around that time
    about: bool = False  # "remind me about the report": reminded about a thing
    span: tuple[int, int] | None = None  # where the time was said
    question: str | None = None  # what to ask instead of noting it


def remind_phrase(task: str, *, about: bool) -> str:
    """ "to call mom" / "about the report", as a reply says it."""
    return f"about {task}" if about else f"to {task}"


def asks_about(text: str) -> bool:
    """Whether ``text`` asks to be reminded about a thing ("remind me tomorrow about the
    rent") rather than to do something ("remind me at 5 to take the chicken out")."""
    m = _ABOUT.search(normalize(text))
    return m is not None and m.group(1) in ("about", "of")


def read_task_request(text: str, local_now: dt.datetime) -> TaskRequest | None:
    """The task reminder ``text`` asks for, read at ``local_now`` (aware, the user's zone);
    ``None`` when it asks for none (no "remind me", or a change to a reminder)."""
    if read_hints(text).kind != "reminder" or _CHANGE_FIRST.search(normalize(text)):
        return None
    mentions = parse_times(text, local_now)
    impossible = impossible_times(text)
    spans = [m.span for m in mentions] + [(t.start, t.end) for t in impossible]
    spans += [m.span() for m in _REPEAT.finditer(text)]
    task = _as_written(task_of(_without(text, spans)), text)
    if task is None:
        return TaskRequest(None, question=NO_TASK)
    about = asks_about(text)
    wanted = remind_phrase(task, about=about)
    if impossible:
        question = f"{impossible[0].text} isn't a time I know — when should I remind you {wanted}?"
        return TaskRequest(task, about=about, question=question)
    clock = next((m for m in mentions if m.grain != "day"), None)
    day = next((m for m in mentions if m.grain == "day"), None)
    if clock is None:
        when = f"{day.text} at 9am" if day is not None else "at 6pm"
        question = (
            f'When should I remind you {wanted}? Say it with a time, like "remind me {wanted} '
            f'{when}".'
        )
        return TaskRequest(task, about=about, question=question)
    start = clock.start if day is None else _on_day(day, clock)
    if start < local_now:
        passed = f"{local_time(start, local_now.tzinfo)} {_day_word(start, local_now)}"
        question = f"It's already past {passed} — when should I remind you {wanted}?"
        return TaskRequest(task, about=about, question=question)
    return TaskRequest(
        task, start=start, approximate=clock.grain != "minute", about=about, span=clock.span
    )


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the times at ``spans`` (they may overlap) and the word leading to
    each ("at", "on")."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out = text
    for start, end in reversed(merged):
        out = f"{_BEFORE_TIME.sub('', out[:start])} {out[end:]}"
    return out


def _as_written(task: str | None, text: str) -> str | None:
    """``task`` (found in lower case) as the user wrote it, when it appears in ``text``."""
    if task is None:
        return None
    words = [re.escape(w).replace("'", "['\u2018\u2019]") for w in task.split()]
    m = re.search(r"\s+".join(words), text, re.IGNORECASE)
    return " ".join(m.group(0).split()) if m else task


def _on_day(day: TimeMention, clock: TimeMention) -> dt.datetime:
    """The clock time of ``clock`` on the day of ``day`` (said apart: "tomorrow … at 6")."""
    zone = clock.start.tzinfo
    naive = dt.datetime.combine(day.start.date(), clock.start.time())
    # Round-tripping through UTC moves a wall time in a DST gap forward.
    return naive.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)


def _day_word(start: dt.datetime, local_now: dt.datetime) -> str:
    return "today" if start.date() == local_now.date() else f"on {start:%A} {start.day} {start:%b}"
