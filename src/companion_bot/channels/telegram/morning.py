"""``/morning``: the morning agenda (the day's meetings in one message) on Telegram.

``/morning`` says whether it is on and when; ``/morning 7:30`` (``7``, ``7am``, ``19:00``)
turns it on at that local time; ``/morning on`` at the time it had (08:00 the first time);
``/morning off`` turns it off. The change goes through the same
:func:`~companion_bot.services.agenda_requests.apply_agenda_request` as the chat phrases.
"""

from __future__ import annotations

from telegram import Update

from companion_bot.proactive.agenda_rules import clock_words, parse_time
from companion_bot.services.agenda_requests import (
    AgendaRequest,
    apply_agenda_request,
    parse_clock,
)
from companion_bot.storage import db, users
from companion_bot.storage.models import GreetingPreferences

from .accounts import ensure_user
from .context import BotContext

USAGE = "Use /morning 7:30 (any time of day), /morning on or /morning off."


def state(prefs: GreetingPreferences, zone: str) -> str:
    """Whether the agenda is on, and when."""
    at = parse_time(prefs.preferred_greeting_time)
    if at is None:
        return "Morning summary: off. /morning 8:00 sends you the day's meetings every morning."
    days = "even on days with nothing planned" if prefs.agenda_when_empty else "on days with plans"
    return (
        f"Morning summary: every day at {clock_words(at)} ({zone}), {days}. "
        "/morning off turns it off."
    )


def request_of(answer: str) -> AgendaRequest | None:
    """What ``/morning <answer>`` asks for; ``None``: not understood."""
    if answer == "off":
        return AgendaRequest(on=False)
    if answer == "on":
        return AgendaRequest(on=True)
    at = parse_clock(answer)
    return None if at is None else AgendaRequest(on=True, at=at)


async def morning_command(update: Update, context: BotContext) -> None:
    """``/morning [time|on|off]``."""
    message = update.effective_message
    if message is None:
        return
    user, _ = await ensure_user(update, context)
    answer = " ".join(context.args or []).strip().lower()
    request = request_of(answer) if answer else None
    async with context.services.sessionmaker() as session:
        if request is not None:
            await db.begin_write(session)  # read then write: take SQLite's write lock first
        prefs = await users.get_preferences(session, user_id=user.id)
        if request is None:
            await message.reply_text(USAGE if answer else state(prefs, user.timezone))
            return
        text = apply_agenda_request(prefs, request, via="telegram_command")
        await session.commit()
    await message.reply_text(text)
