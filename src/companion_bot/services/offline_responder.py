"""The offline responder: warm, deterministic replies that confirm precisely what changed,
and say so plainly when nothing did.

Pure: the reply is a function of the :class:`ReplyContext` (no clock, no database). What a
message changed is said back by :mod:`.change_replies`. A message that changed nothing is
answered by what it looks like (:mod:`.plan_hints`): a plan the bot did not note gets what
was not understood and what to say instead (:mod:`.clarifications`, with its offers in
:mod:`.offers`); small talk gets a short human answer (:mod:`.conversation`), never a
calendar prompt. Variants are picked by the text (:mod:`.reply_wording`), so the same
message always gets the same reply.
"""

from __future__ import annotations

from companion_bot.services.change_replies import (
    facts,
    in_series,
    one_of,
    reminder_line,
    series_sentences,
    task_phrase,
    task_reply,
)
from companion_bot.services.clarifications import did_you_mean, unacted_reply, undo_reply
from companion_bot.services.conversation import (
    CHAT,
    SMALL_TALK,
    asks_for_schedule,
    small_talk_intent,
    small_talk_reply,
)
from companion_bot.services.offers import OFFER_ANSWERS, suggestion_in
from companion_bot.services.plan_hints import PlanHints, read_hints
from companion_bot.services.reply_context import ReplyContext
from companion_bot.services.reply_wording import describe, listed, pick

#: What the rest of the code imports from here (each name lives in the module it comes from).
__all__ = [
    "OFFER_ANSWERS",
    "SMALL_TALK",
    "asks_for_schedule",
    "describe",
    "facts",
    "listed",
    "respond",
    "small_talk_intent",
    "suggestion_in",
    "unacted_reply",
]

OPENERS = ("Got it", "Done", "Noted")


def respond(ctx: ReplyContext) -> str:
    """The reply to ``ctx.text``."""
    a = ctx.analysis
    hints = read_hints(ctx.text)
    parts: list[str] = []
    if ctx.boundary:
        parts.append(ctx.boundary)
    opener = pick(OPENERS, ctx.text)
    noted = in_series(ctx)
    parts += series_sentences(ctx, reply=True)
    for s in a.created:
        if s.series_id in noted:
            continue
        if s.is_task:
            parts.append(task_reply(s, ctx))
            continue
        parts.append(
            f"{opener} — {s.event_name} {describe(s, ctx.zone, ctx.now)}. {reminder_line(s, ctx)}"
        )
    for s in a.updated:  # the date itself: the user checks the move kept (or changed) it
        if s.is_task:
            parts.append(task_reply(s, ctx) + one_of(s))
            continue
        parts.append(
            f"Updated — {s.event_name} is now {describe(s, ctx.zone, ctx.now, dated=True)}. "
            f"{reminder_line(s, ctx)}{one_of(s)}"
        )
    for s in a.cancelled:
        if s.series_id in noted:
            continue
        if s.is_task:
            phrase, when = task_phrase(s, ctx)
            parts.append(f"Okay, I've cancelled the reminder {phrase} ({when}).{one_of(s)}")
            continue
        parts.append(
            f"Okay, I've cancelled {s.event_name} ({describe(s, ctx.zone, ctx.now)}) — "
            f"no reminder for it.{one_of(s)}"
        )
    if a.duplicates and not (a.created or a.updated):
        s = a.duplicates[0]
        if s.is_task:
            phrase, when = task_phrase(s, ctx)
            parts.append(f"I'm already set to remind you {phrase} {when}.")
        else:
            parts.append(
                f"I already have {s.event_name} {describe(s, ctx.zone, ctx.now)} — "
                "nothing new to add."
            )
    if a.question:
        parts.append(a.question)
    elif a.not_found:
        # "cancel that" reads as a cancellation nothing matched: it asked for an undo
        parts.append(undo_reply() if hints.kind == "undo" and not a.changed else a.not_found)
    if a.low_confidence and not a.changed:
        parts.append(did_you_mean(a.low_confidence[0], ctx))
    if ctx.answered is not None:
        parts.append(f"Thanks for letting me know how {ctx.answered.event_name} went!")
    if parts:
        return " ".join(parts)
    return _conversation(ctx, hints)


def _conversation(ctx: ReplyContext, hints: PlanHints) -> str:
    """The reply to a message that changed nothing."""
    unacted = unacted_reply(ctx, hints)
    if unacted is not None:
        return unacted
    if asks_for_schedule(ctx.text):
        if not ctx.upcoming:
            return "Nothing on your list yet. Tell me about a meeting and I'll remind you."
        items = "; ".join(listed(s, ctx.zone, ctx.now) for s in ctx.upcoming)
        return f"Coming up: {items}."
    intent = small_talk_intent(ctx.text)
    if intent is not None:
        return small_talk_reply(intent, ctx)
    if not ctx.extraction_enabled:
        return "I'm not tracking meetings right now, but I'm happy to chat."
    return pick(CHAT, ctx.text)
