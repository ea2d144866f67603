"""ContextBuilder: what the reply needs to know, and the same as LLM chat messages."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.config import zone_of
from companion_bot.services.message_analyzer import Analysis
from companion_bot.services.offline_responder import facts, listed, unacted_reply
from companion_bot.services.plan_hints import answer_word
from companion_bot.services.reply_context import ReplyContext
from companion_bot.storage import messages, schedules
from companion_bot.storage.models import GreetingPreferences, User, UserSchedule

HISTORY_MESSAGES = 10
UPCOMING_LIMIT = 5


def llm_messages(ctx: ReplyContext) -> list[dict[str, str]]:
    """OpenAI chat messages: a system prompt with the facts, the history, this text."""
    lines = [
        "You are companion-bot, a warm, brief companion that helps the user keep track "
        "of meetings and reminds them before they start. Answer in 1-3 short sentences.",
        f"The user's local time is {ctx.now:%A %d %B %Y %H:%M} ({ctx.zone.key}).",
        f"Reminders are {'on' if ctx.reminders_on else 'off'}; lead time "
        f"{ctx.lead_minutes} minutes.",
    ]
    if ctx.upcoming:
        lines.append(
            "Upcoming (⏰: a reminder at that time, not a meeting): "
            + "; ".join(listed(s, ctx.zone, ctx.now) for s in ctx.upcoming)
        )
    if ctx.boundary:  # a setting changed, a quick action, an undo: what it did, exactly
        lines.append("What this message did (tell the user, keeping every fact): " + ctx.boundary)
    done = facts(ctx)
    if done:
        lines.append(
            "What this message changed (confirm it precisely, do not invent others): "
            + " ".join(done)
        )
    if ctx.analysis.question:
        lines.append(
            "Ask the user, in your words (nothing else was noted for it): " + ctx.analysis.question
        )
    unacted = None if ctx.boundary else unacted_reply(ctx)  # it did something: that, above
    if unacted is not None:
        lines.append(
            "This message changed nothing: do not say you noted, scheduled, moved or will "
            "remind anything. Tell the user, in your words: " + unacted
        )
    messages = [{"role": "system", "content": "\n".join(lines)}]
    for role, content in ctx.history:
        messages.append({"role": "assistant" if role == "bot" else "user", "content": content})
    messages.append({"role": "user", "content": ctx.text})
    return messages


class ContextBuilder:
    async def build(
        self,
        session: AsyncSession,
        *,
        user: User,
        prefs: GreetingPreferences,
        channel: str,
        text: str,
        now: dt.datetime,
        before_message_id: int,
        analysis: Analysis,
        boundary: str | None,
        answered: UserSchedule | None,
        extraction_enabled: bool = True,
        with_history: bool = True,
        with_upcoming: bool = True,
    ) -> ReplyContext:
        """The context of the reply to ``text``; ``user`` and ``prefs`` as the pipeline loaded
        them. The conversation history and the upcoming meetings are read only when asked
        for (an LLM needs both; the offline responder no history, and upcoming meetings only
        to answer "what's next?"). A bare "yes" or "no" gets the bot's last message even
        without history: the offline responder answers what it asked."""
        zone = zone_of(user.timezone)
        history: list[tuple[str, str]] = []
        if with_history:
            rows = await messages.recent_messages(
                session, user_id=user.id, channel=channel, limit=HISTORY_MESSAGES + 1
            )
            history = [(m.role, m.content) for m in rows if m.id < before_message_id]
        elif answer_word(text) is not None:
            history = await _last_bot_message(session, user_id=user.id, channel=channel)
        upcoming: list[UserSchedule] = []
        if with_upcoming:
            upcoming = await schedules.upcoming_schedules(
                session, user_id=user.id, now=now, limit=UPCOMING_LIMIT
            )
        return ReplyContext(
            text=text,
            now=now.astimezone(zone),
            zone=zone,
            lead_minutes=prefs.reminder_lead_minutes,
            reminders_on=prefs.prefer_proactive,
            history=history[-HISTORY_MESSAGES:],
            upcoming=upcoming,
            analysis=analysis,
            boundary=boundary,
            answered=answered,
            extraction_enabled=extraction_enabled,
        )


async def _last_bot_message(
    session: AsyncSession, *, user_id: int, channel: str
) -> list[tuple[str, str]]:
    """The bot's last message on ``channel`` as history, when it is among the last few."""
    rows = await messages.recent_messages(session, user_id=user_id, channel=channel, limit=3)
    last = next((m for m in reversed(rows) if m.role == "bot"), None)
    return [] if last is None else [(last.role, last.content)]
