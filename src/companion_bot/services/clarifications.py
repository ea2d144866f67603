"""When a message that looks like a plan changed nothing: what was not understood and what
to say instead ("I couldn't tell when that repeats…", "Did you mean…?"), by what the message
looks like (:mod:`.plan_hints`); pure."""

from __future__ import annotations

from companion_bot.services.conversation import asks_for_schedule, small_talk_intent
from companion_bot.services.offers import noted_as, offer, suggestion_in
from companion_bot.services.plan_hints import PlanHints, answer_word, read_hints
from companion_bot.services.reply_context import ReplyContext
from companion_bot.services.reply_wording import clock, day_label
from companion_bot.services.schedule_matching import MeetingLike


def undo_reply() -> str:
    """The answer to a message that mentions undoing but is not a plain "undo" (those are
    undone before a reply is written: :mod:`.undo`)."""
    return (
        'I haven\'t changed anything. To take back my last change, say just "undo": I can undo '
        "changes from the last 10 minutes."
    )


NOT_TRACKING = (
    "I'm not tracking meetings right now, so I haven't noted anything — but I'm happy to chat."
)
MAYBE = "I won't note it until it's settled — tell me when it's fixed."
NO_MEETING = (
    "I didn't catch a meeting in that — what should I note, and when? "
    '(Like "dentist tomorrow at 3".)'
)
PAST = "Sounds like that already happened, so I haven't noted it. How did it go?"
OTHERS = (
    "Sounds like someone else's plan, so I haven't noted it. If you're going too, tell me "
    "and I'll add it."
)
UNDATED = "When is it? Tell me the day and time and I'll note it."
#: A "remind me" that set, changed and asked nothing ("stop the reminder to call mom").
REMINDER_UNCLEAR = (
    "I didn't catch which reminder you mean, so nothing was changed. To set one, say it like "
    '"remind me to call mom at 6pm"; to remove one, "cancel the reminder to call mom".'
)
#: A repeating plan whose days or time were not read ("gym twice a week").
NOT_REPEATING = (
    "I couldn't tell when that repeats, so I haven't noted it. Say the days and the time, "
    'like "yoga every tuesday at 6pm".'
)


def unacted_reply(ctx: ReplyContext, hints: PlanHints | None = None) -> str | None:
    """What to say when ``ctx.text`` looks like a plan (or an undo, or answers an offer to
    note one) and this message changed, asked and found nothing; ``None`` when it does not
    (or something was). The LLM is given it too."""
    a = ctx.analysis
    if a.changed or a.duplicates or a.question or a.not_found or a.low_confidence or a.series:
        return None
    answer, offered = answer_word(ctx.text), _last_offer(ctx)
    if answer is not None and offered is not None:
        if answer == "yes":  # read as the offered words, and yet nothing was noted
            return (
                f'I couldn\'t note "{offered}" now (is it in the past already?). '
                "Tell me the day and time again and I'll add it."
            )
        return "Okay — I haven't noted anything."
    hints = hints or read_hints(ctx.text)
    if asks_for_schedule(ctx.text):
        return None
    if small_talk_intent(ctx.text) is not None and not hints.strong:
        return None  # "see you tomorrow", "I'm tired today": small talk, not a plan
    if hints.kind == "undo":
        return undo_reply()
    if hints.kind is None:
        return None
    if not ctx.extraction_enabled:
        return NOT_TRACKING
    if hints.kind == "reminder":
        return REMINDER_UNCLEAR
    if hints.kind == "recurring":
        return NOT_REPEATING
    return {
        "tentative": MAYBE,
        "past": PAST,
        "others": OTHERS,
        "timeish": NO_MEETING,
        "undated": UNDATED,
    }[hints.kind]


def did_you_mean(m: MeetingLike, ctx: ReplyContext) -> str:
    """ "Did you mean a catch-up today at 4 PM? …": a meeting read too unsure to note."""
    name = m.event_name
    day = day_label(m.start.date(), ctx.now.date())
    if m.grain == "day":
        question = f"Did you mean {_article(name)}{name} {day}?"
        phrase = f"{name} {day}"
        how = "tell me again with a time and I'll add it."
    else:
        question = f"Did you mean {_article(name)}{name} {day} at {clock(m.start)}?"
        phrase = f"{name} {day} at {clock(m.start)}"
        how = "tell me the time plainly and I'll add it."
    if noted_as(phrase, ctx.now, m.start):
        return f"{question} I haven't noted it yet: {offer(phrase)}"
    return f"{question} I haven't noted it yet: {how}"


def _article(name: str) -> str:
    first = name.split()[0] if name.split() else ""
    if not first or first[0].isupper() or first in ("my", "the", "our", "your", "his", "her"):
        return ""
    return "an " if first[0] in "aeio" else "a "


def _last_offer(ctx: ReplyContext) -> str | None:
    """The phrase the bot's last message offered to note, if the history holds it."""
    last = next((content for role, content in reversed(ctx.history) if role == "bot"), None)
    return suggestion_in(last) if last is not None else None
