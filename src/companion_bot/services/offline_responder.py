"""The offline responder: warm, deterministic replies that confirm precisely what changed.

Pure: the reply is a function of the :class:`ReplyContext` (no clock, no database).
"""

from __future__ import annotations

import datetime as dt
import zlib
import zoneinfo
from collections.abc import Sequence

from companion_bot.services.reply_context import ReplyContext
from companion_bot.storage.models import UserSchedule

GREETINGS = (
    "Hi! Tell me about your meetings and I'll remind you before they start.",
    'Hey there! Mention a meeting — like "call with Sam tomorrow at 10" — and I\'ll keep '
    "track of it.",
    "Hello! I'm here. Whenever a meeting comes up, just tell me and I'll remind you.",
)
THANKS = ("You're welcome!", "Anytime!", "Happy to help!")
CHAT = (
    "I'm listening. If a meeting comes up, tell me when it is and I'll remind you.",
    "Got it. Whenever you have something scheduled, just mention it and I'll keep track.",
    "Thanks for telling me. Anything on your calendar I should remind you about?",
)
OPENERS = ("Got it", "Done", "Noted")


def _pick(options: Sequence[str], text: str) -> str:
    """One of ``options``, the same every time for the same text."""
    return options[zlib.crc32(text.strip().lower().encode()) % len(options)]


def clock(t: dt.datetime, *, meridiem: bool = True) -> str:
    """ "3 PM", "2:30 PM" (or without the meridiem)."""
    hour = t.hour % 12 or 12
    base = f"{hour}" if t.minute == 0 else f"{hour}:{t.minute:02d}"
    return f"{base} {'AM' if t.hour < 12 else 'PM'}" if meridiem else base


def day_label(day: dt.date, today: dt.date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if 1 < delta < 7:
        return f"{day:%A}"
    return f"{day:%a} {day.day} {day:%b}"


def dated_label(day: dt.date, today: dt.date) -> str:
    """ "Monday 7 Dec", "tomorrow, Friday 4 Dec": the date itself, for a meeting that moved."""
    full = f"{day:%A} {day.day} {day:%b}"
    near = day_label(day, today)
    return f"{near}, {full}" if near in ("today", "tomorrow") else full


def describe(
    schedule: UserSchedule, zone: zoneinfo.ZoneInfo, now: dt.datetime, *, dated: bool = False
) -> str:
    """ "Friday 3–4 PM", "tomorrow 2:30 PM", "today 11 AM–1 PM" in the user's zone; ``dated``:
    "Monday 7 Dec, 11–11:30 AM", "tomorrow, Friday 4 Dec, 6 PM"."""
    start = schedule.start_time.astimezone(zone)
    today = now.astimezone(zone).date()
    label = dated_label(start.date(), today) + "," if dated else day_label(start.date(), today)
    if schedule.end_time is None:
        when = clock(start)
    else:
        end = schedule.end_time.astimezone(zone)
        same_half = (start.hour < 12) == (end.hour < 12) and start.date() == end.date()
        when = f"{clock(start, meridiem=not same_half)}–{clock(end)}"
    about = "around " if schedule.time_is_approximate else ""
    return f"{label} {about}{when}"


def _reminder(schedule: UserSchedule, ctx: ReplyContext) -> str:
    if not ctx.reminders_on:
        return "Reminders are off, so I won't ping you."
    at = schedule.start_time.astimezone(ctx.zone) - dt.timedelta(minutes=ctx.lead_minutes)
    if at <= ctx.now:
        return "It's coming up soon — good luck!"
    return f"I'll remind you at {clock(at)}."


def facts(ctx: ReplyContext) -> list[str]:
    """One sentence per thing this message changed or asked."""
    out: list[str] = []
    a = ctx.analysis
    for s in a.created:
        out.append(f"{s.event_name} {describe(s, ctx.zone, ctx.now)} is on your list.")
    for s in a.updated:
        out.append(f"{s.event_name} is now {describe(s, ctx.zone, ctx.now, dated=True)}.")
    for s in a.cancelled:
        out.append(f"{s.event_name} {describe(s, ctx.zone, ctx.now)} is cancelled.")
    return out


def respond(ctx: ReplyContext) -> str:
    """The reply to ``ctx.text``."""
    a = ctx.analysis
    parts: list[str] = []
    if ctx.boundary:
        parts.append(ctx.boundary)
    opener = _pick(OPENERS, ctx.text)
    for s in a.created:
        parts.append(
            f"{opener} — {s.event_name} {describe(s, ctx.zone, ctx.now)}. {_reminder(s, ctx)}"
        )
    for s in a.updated:  # the date itself: the user checks the move kept (or changed) it
        parts.append(
            f"Updated — {s.event_name} is now {describe(s, ctx.zone, ctx.now, dated=True)}. "
            f"{_reminder(s, ctx)}"
        )
    for s in a.cancelled:
        parts.append(
            f"Okay, I've cancelled {s.event_name} ({describe(s, ctx.zone, ctx.now)}) — "
            "no reminder for it."
        )
    if a.duplicates and not (a.created or a.updated):
        s = a.duplicates[0]
        parts.append(
            f"I already have {s.event_name} {describe(s, ctx.zone, ctx.now)} — nothing new to add."
        )
    if a.question:
        parts.append(a.question)
    elif a.not_found:
        parts.append(a.not_found)
    if a.low_confidence and not a.changed:
        m = a.low_confidence[0]
        parts.append(
            f"Did you mean a {m.event_name} {day_label(m.start.date(), ctx.now.date())} at "
            f"{clock(m.start)}? Tell me the time plainly and I'll add it."
        )
    if ctx.answered is not None:
        parts.append(f"Thanks for letting me know how {ctx.answered.event_name} went!")
    if not ctx.extraction_enabled and not parts:
        parts.append("I'm not tracking meetings right now, but I'm happy to chat.")
    if parts:
        return " ".join(parts)
    return _small_talk(ctx)


SCHEDULE_QUESTIONS = ("what's next", "whats next", "my schedule", "what do i have", "upcoming")


def asks_for_schedule(text: str) -> bool:
    """Whether the text asks what is coming up (the only reply that lists upcoming meetings)."""
    lowered = text.lower()
    return any(w in lowered for w in SCHEDULE_QUESTIONS)


def _small_talk(ctx: ReplyContext) -> str:
    lowered = ctx.text.strip().lower()
    if any(w in lowered for w in ("thank", "thx", "cheers")):
        return _pick(THANKS, ctx.text)
    if asks_for_schedule(ctx.text):
        if not ctx.upcoming:
            return "Nothing on your list yet. Tell me about a meeting and I'll remind you."
        items = "; ".join(f"{s.event_name} {describe(s, ctx.zone, ctx.now)}" for s in ctx.upcoming)
        return f"Coming up: {items}."
    if lowered.rstrip("!. ") in ("hi", "hello", "hey", "good morning", "good evening", "yo"):
        return _pick(GREETINGS, ctx.text)
    return _pick(CHAT, ctx.text)
