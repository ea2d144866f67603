"""The words of proactive messages: warm templates with a few variants, or the LLM's text.

Templates always work; an LLM, when configured, writes the text instead, and a failure or
an empty answer falls back to the template. Times are shown on the user's local clock. A
task reminder is always its template, "⏰ Reminder: call mom": short, and the task in the
user's own words.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from companion_bot.ports import ChatClient, QuickAction

from .kinds import SessionType

log = logging.getLogger(__name__)

MAX_LLM_CHARS = 400
#: How long one message may wait for the LLM before its template goes out instead.
LLM_DEADLINE_SECONDS = 5.0

REMINDER_TEMPLATES = (
    "Heads up — your {event} starts at {time}, in {until}.",
    "Just a friendly nudge: {event} at {time}, that's in {until}.",
    "Quick reminder — {event} is coming up at {time} (in {until}). You've got this!",
)
DAY_NOTE_TEMPLATES = (
    "Good morning! Don't forget — {event} is today.",
    "Morning! A little reminder that {event} is on for today.",
)
SNOOZE_TEMPLATES = (
    "Here's your snoozed reminder: {event} starts at {time}, in {until}.",
    "As promised, a second nudge — {event} at {time}, in {until}.",
)
COMPLETION_TEMPLATES = (
    "How did the {event} go?",
    "Your {event} should be wrapped up — how did it go?",
    "Hope the {event} went well! How was it?",
)
FOLLOWUP_TEMPLATES = (
    "By the way, how did the {event} go?",
    "Oh, and how was the {event}?",
)
TASK_TEMPLATE = "⏰ Reminder: {task}"


@dataclass(frozen=True, slots=True)
class MessageFacts:
    kind: str  # a SessionType
    event_name: str
    start: dt.datetime
    end: dt.datetime | None
    tz: ZoneInfo
    now: dt.datetime
    all_day: bool = False
    variant_seed: int = 0  # e.g. the proactive session id: stable across retries


def local_time(instant: dt.datetime, tz: dt.tzinfo | None) -> str:
    """``3:00 PM`` on the user's clock."""
    local = instant.astimezone(tz)
    return f"{local.hour % 12 or 12}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"


def duration_words(delta: dt.timedelta) -> str:
    """``30 minutes``, ``1 hour``, ``1 hour 15 minutes`` (rounded to the minute, ≥ 1)."""
    minutes = max(1, round(delta.total_seconds() / 60))
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def _event(name: str) -> str:
    name = name.strip() or "meeting"
    return name[:1].lower() + name[1:] if name[:1].isupper() and not name[1:2].isupper() else name


def template_text(facts: MessageFacts) -> str:
    """The template message; the variant depends on ``variant_seed`` only."""
    if facts.kind == SessionType.TASK_REMINDER:
        return TASK_TEMPLATE.format(task=" ".join(facts.event_name.split()) or "your reminder")
    event = _event(facts.event_name)
    if facts.kind == SessionType.PREPARATION_REMINDER:
        options: tuple[str, ...] = DAY_NOTE_TEMPLATES if facts.all_day else REMINDER_TEMPLATES
    elif facts.kind == SessionType.SNOOZE:
        options = SNOOZE_TEMPLATES
    elif facts.kind == SessionType.COMPLETION:
        options = COMPLETION_TEMPLATES
    else:
        options = FOLLOWUP_TEMPLATES
    template = options[facts.variant_seed % len(options)]
    return template.format(
        event=event,
        time=local_time(facts.start, facts.tz),
        until=duration_words(facts.start - facts.now),
    )


def quick_actions(
    proactive_session_id: int, *, kind: str = SessionType.PREPARATION_REMINDER
) -> tuple[QuickAction, ...]:
    """The buttons under a proactive message (applied by ``services.feedback``): thanks,
    snooze (a first preparation reminder only: a snooze comes back once) and not a meeting
    (not under a task reminder: the user asked for it)."""
    actions = [QuickAction("Thanks", f"ack:{proactive_session_id}")]
    if kind == SessionType.TASK_REMINDER:
        return tuple(actions)
    if kind == SessionType.PREPARATION_REMINDER:
        actions.append(QuickAction("Snooze 10 min", f"snooze:{proactive_session_id}"))
    actions.append(QuickAction("Not a meeting", f"notmeeting:{proactive_session_id}"))
    return tuple(actions)


def _prompt(facts: MessageFacts, fallback: str) -> list[dict[str, str]]:
    system = (
        "You are a warm, brief companion. Write ONE short chat message (max 2 sentences, "
        "no emoji spam, no greeting like 'Dear'). Keep every fact exactly as given."
    )
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": f"Rephrase in your own warm words: {fallback}"},
    ]


class Composer:
    """Writes the messages of one batch: the LLM's words while it answers in time, the
    template for the rest of the batch once it fails or stalls (a hanging LLM must never
    make a batch of reminders late: each call gets ``deadline`` seconds at most)."""

    def __init__(self, llm: ChatClient | None, *, deadline: float = LLM_DEADLINE_SECONDS) -> None:
        self._llm = llm
        self._deadline = deadline
        self.llm_failed = False

    async def compose(self, facts: MessageFacts) -> str:
        """The message text: the LLM's when it answers sensibly, else the template."""
        fallback = template_text(facts)
        if self._llm is None or self.llm_failed or facts.kind == SessionType.TASK_REMINDER:
            return fallback
        try:
            answer = await asyncio.wait_for(
                self._llm.chat(_prompt(facts, fallback)), timeout=self._deadline
            )
        except Exception as exc:  # an LLM problem must never block a reminder
            self.llm_failed = True
            log.warning(
                "llm failed, templates used for this batch",
                exc_info=exc,
                extra={"action": "llm_fallback"},
            )
            return fallback
        if answer is None:  # the client gave up (or has no endpoint)
            self.llm_failed = True
            return fallback
        return _checked(answer, facts) or fallback


def _checked(answer: str, facts: MessageFacts) -> str | None:
    """The LLM's text if it is usable: not empty, not rambling, and a reminder keeps its time."""
    text = answer.strip().strip('"').strip()
    if not text or len(text) > MAX_LLM_CHARS:
        return None
    needs_time = (
        facts.kind in {SessionType.PREPARATION_REMINDER, SessionType.SNOOZE} and not facts.all_day
    )
    if needs_time and local_time(facts.start, facts.tz) not in text:
        return None  # the local time is the one fact a reminder must carry
    return text


async def compose(facts: MessageFacts, llm: ChatClient | None) -> str:
    """One message on its own (see :class:`Composer`)."""
    return await Composer(llm).compose(facts)
