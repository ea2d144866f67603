"""One small async function per command, plus chat text and button presses.

Every handler reads services from ``context.services`` (see :class:`.context.BotContext`), reads
the clock once, and keeps its database work in one short session.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy.exc import DBAPIError
from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import MessageLimit, ParseMode
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from companion_bot.config import zone_of
from companion_bot.errors import CompanionError, DatabaseUnavailableError
from companion_bot.services import preferences
from companion_bot.services.message_handler import AlreadyReceivedError
from companion_bot.services.offline_responder import OFFER_ANSWERS, suggestion_in
from companion_bot.storage import db, schedules, users

from . import accounts, forget, morning, schedule_actions
from .accounts import ensure_user
from .context import BotApplication, BotContext
from .schedule_view import DAYS_AHEAD, MAX_ITEMS, render_schedule
from .storable import storable
from .timezones import COMMON_ZONES, is_fixed_offset, parse_zone

log = logging.getLogger(__name__)
CHANNEL = "telegram"
VIA: preferences.Via = "telegram_command"
PENDING_TEXT = "pending_text"  # user_data key: a message sent before the time zone was known
SHOWN_IDS = "schedule_ids"  # user_data key: the schedule ids numbered by the last /schedule

COMMANDS: tuple[BotCommand, ...] = (
    BotCommand("schedule", "Your meetings for the next 14 days"),
    BotCommand("timezone", "Show or set your time zone"),
    BotCommand("quiet", "Quiet hours, e.g. /quiet 22-8 (or off)"),
    BotCommand("reminders", "Reminders on or off"),
    BotCommand("morning", "Today's meetings every morning, e.g. /morning 7:30 (or off)"),
    BotCommand("cancel", "Cancel meeting n from /schedule"),
    BotCommand("undo", "Take back my last change (within 10 minutes)"),
    BotCommand("link", "Link this chat with your web account"),
    BotCommand("forget", "Delete everything I know about you"),
    BotCommand("help", "What I can do"),
)

HELP_TEXT = (
    "Tell me about your meetings in plain words, e.g. “team meeting 3-4 PM Friday” or "
    "“1-on-1 tomorrow at 10”. I'll remind you before and ask how it went after.\n\n"
    + "\n".join(f"/{c.command} – {c.description}" for c in COMMANDS)
)
ASK_ZONE = (
    "Which time zone are you in? Tap one, or send a city (“Lisbon”), "
    "an offset (“UTC+2”) or /timezone Area/City."
)
QUIET = re.compile(r"^(\d{1,2})(?::00)?\s*(?:-|–|to)\s*(\d{1,2})(?::00)?$")


def zone_keyboard() -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(label, callback_data=f"tz:{zone}") for label, zone in COMMON_ZONES
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def chunks(text: str, size: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Telegram-sized parts, cut between lines where possible (HTML tags never span lines
    in our messages, so a cut there keeps each part valid)."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > size:  # one very long line: cut it hard
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:size])
            line = line[size:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > size:
            parts.append(current)
            candidate = line
        current = candidate
    if current.strip():
        parts.append(current)
    return [part for part in parts if part.strip()]


async def reply(
    message: Message, text: str, *, html: bool = False, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Reply, split into Telegram-sized parts when long (``markup`` under the last part);
    nothing for empty text."""
    parts = chunks(text)
    for number, part in enumerate(parts, start=1):
        await message.reply_text(
            part,
            parse_mode=ParseMode.HTML if html else None,
            reply_markup=markup if number == len(parts) else None,
        )


#: The prefix of an answer button's data: ``say:Yes`` is the same as typing "Yes".
SAY = "say:"


def answer_keyboard(reply_text: str) -> InlineKeyboardMarkup | None:
    """Yes / No buttons under a reply that offers to note a meeting, else ``None``."""
    if suggestion_in(reply_text) is None:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(answer, callback_data=f"{SAY}{answer}") for answer in OFFER_ANSWERS]]
    )


# --- commands -------------------------------------------------------------------------


async def start(update: Update, context: BotContext) -> None:
    """``/start`` (first contact) or ``/start <code>`` (a web account's deep link)."""
    message = update.effective_message
    if message is None:
        return
    if context.args:
        await reply(message, await accounts.link_with_code(update, context, context.args[0]))
        return
    user, created = await ensure_user(update, context)
    if user.timezone_confirmed:
        await reply(message, "Welcome back! Tell me about a meeting, or try /schedule.")
        return
    greeting = "Hi! I'm your companion: I remember your meetings and remind you before them."
    await message.reply_text(f"{greeting}\n\n{ASK_ZONE}", reply_markup=zone_keyboard())
    log.info("telegram user started", extra={"action": "telegram_start", "user_id": user.id})


async def help_command(update: Update, context: BotContext) -> None:
    if update.effective_message is not None:
        await reply(update.effective_message, HELP_TEXT)


async def schedule(update: Update, context: BotContext) -> None:
    """``/schedule``: meetings from every channel, next 14 days, at most 15."""
    message = update.effective_message
    if message is None:
        return
    user, _ = await ensure_user(update, context)
    now = context.services.clock.now()
    tz = zone_of(user.timezone)
    async with context.services.sessionmaker() as session:
        rows = await schedules.schedules_between(
            session,
            user_id=user.id,
            start=now,
            end=now + accounts.days(DAYS_AHEAD),
            limit=MAX_ITEMS + 1,
        )
    shown = rows[:MAX_ITEMS]
    if context.user_data is not None:
        context.user_data[SHOWN_IDS] = [row.id for row in shown]
    text = render_schedule(shown, tz=tz, now=now, more=len(rows) > MAX_ITEMS)
    await reply(message, text, html=bool(shown))


async def timezone(update: Update, context: BotContext) -> None:
    """``/timezone``: show the zone and the buttons; ``/timezone <zone>`` sets it."""
    message = update.effective_message
    if message is None:
        return
    user, _ = await ensure_user(update, context)
    if not context.args:
        current = user.timezone if user.timezone_confirmed else f"{user.timezone} (a guess)"
        await message.reply_text(
            f"Your time zone: {current}.\n{ASK_ZONE}", reply_markup=zone_keyboard()
        )
        return
    answer = " ".join(context.args)
    zone = parse_zone(answer)
    if zone is None:
        await reply(
            message,
            f"I don't know the time zone “{answer}”. Try /timezone Europe/Berlin, "
            "a city like Tokyo, or an offset like UTC+2.",
        )
        return
    await set_zone(message, context, user_id=user.id, zone=zone)


async def quiet(update: Update, context: BotContext) -> None:
    """``/quiet 22-8`` sets quiet hours (local); ``/quiet off`` clears them."""
    message = update.effective_message
    if message is None:
        return
    user, _ = await ensure_user(update, context)
    answer = " ".join(context.args or []).strip().lower()
    async with context.services.sessionmaker() as session:
        if answer:
            await db.begin_write(session)  # read then write: take SQLite's write lock first
        prefs = await users.get_preferences(session, user_id=user.id)
        if not answer:
            text = (
                f"Quiet hours: {prefs.dnd_start_hour}:00–{prefs.dnd_end_hour}:00."
                if prefs.dnd_start_hour is not None and prefs.dnd_end_hour is not None
                else "No quiet hours."
            )
            await reply(message, f"{text} Set them with /quiet 22-8, or /quiet off.")
            return
        hours = QUIET.match(answer)
        if answer == "off":
            preferences.set_quiet_hours(prefs, start_hour=None, end_hour=None, via=VIA)
            text = "Quiet hours are off."
        elif hours and preferences.quiet_hours_valid(int(hours.group(1)), int(hours.group(2))):
            start, end = int(hours.group(1)), int(hours.group(2))
            preferences.set_quiet_hours(prefs, start_hour=start, end_hour=end, via=VIA)
            text = (
                f"Quiet hours set: {start}:00–{end}:00 ({user.timezone}). I won't message you then."
            )
        else:
            await reply(message, "Use hours 0–23, like /quiet 22-8 (10 PM to 8 AM), or /quiet off.")
            return
        await session.commit()
    await reply(message, text)


async def reminders(update: Update, context: BotContext) -> None:
    """``/reminders on|off``: proactive messages (reminders, follow-ups) on or off."""
    message = update.effective_message
    if message is None:
        return
    user, _ = await ensure_user(update, context)
    answer = " ".join(context.args or []).strip().lower()
    async with context.services.sessionmaker() as session:
        if answer in {"on", "off"}:
            await db.begin_write(session)  # read then write: take SQLite's write lock first
        prefs = await users.get_preferences(session, user_id=user.id)
        if answer not in {"on", "off"}:
            state = "on" if prefs.prefer_proactive else "off"
            await reply(message, f"Reminders are {state}. Use /reminders on or /reminders off.")
            return
        preferences.set_reminders(session, prefs=prefs, enabled=answer == "on", via=VIA)
        await session.commit()
    text = (
        "Reminders are on: I'll remind you before meetings and ask how they went."
        if answer == "on"
        else "Reminders are off: I won't message you first. /reminders on brings them back."
    )
    await reply(message, text)


async def cancel(update: Update, context: BotContext) -> None:
    """``/cancel <n>``: cancel meeting number n of the last ``/schedule``."""
    message = update.effective_message
    if message is None:
        return
    user, _ = await ensure_user(update, context)
    answer = context.args[0] if context.args else ""
    if not answer.isdigit() or int(answer) < 1:
        await reply(message, "Which one? Use /cancel <number> with a number from /schedule.")
        return
    now = context.services.clock.now()
    shown = (context.user_data or {}).get(SHOWN_IDS)
    text = await schedule_actions.cancel_numbered(
        context, user=user, number=int(answer), shown_ids=shown, now=now
    )
    await reply(message, text)


async def undo(update: Update, context: BotContext) -> None:
    """``/undo``: take back the last change to a meeting (any channel), within 10 minutes."""
    message = update.effective_message
    if message is None:
        return
    user, _ = await ensure_user(update, context)
    text = await schedule_actions.undo_last(context, user=user, now=context.services.clock.now())
    await reply(message, text)


async def link(update: Update, context: BotContext) -> None:
    """``/link``: a code for the web; ``/link <code>``: enter a code the web showed."""
    message = update.effective_message
    if message is None:
        return
    if context.args:
        await reply(message, await accounts.link_with_code(update, context, context.args[0]))
        return
    await reply(message, await accounts.code_for_web(update, context), html=True)


async def forget_command(update: Update, context: BotContext) -> None:
    """``/forget``: asks first; ``/forget yes`` deletes everything about a Telegram-only user."""
    message = update.effective_message
    if message is None:
        return
    text, html = await forget.forget(update, context, answer=" ".join(context.args or []))
    await reply(message, text, html=html)


async def unknown_command(update: Update, context: BotContext) -> None:
    if update.effective_message is not None:
        await reply(update.effective_message, "I don't know that command. /help lists mine.")


# --- text and buttons -----------------------------------------------------------------


async def text_message(update: Update, context: BotContext) -> None:
    """Chat text goes through the same pipeline as the web (channel ``telegram``)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    text = storable(message.text)
    user, created = await ensure_user(update, context)
    if not user.timezone_confirmed:
        zone = parse_zone(text)
        if zone is not None:
            await set_zone(message, context, user_id=user.id, zone=zone)
            return
        if context.user_data is not None:
            context.user_data[PENDING_TEXT] = text
        intro = "Hi! I'm your companion. " if created else ""
        await message.reply_text(
            f"{intro}Before I note anything: {ASK_ZONE}", reply_markup=zone_keyboard()
        )
        return
    # The update id keys the message: the same update delivered again (a webhook retry, or
    # polling after a crash before the offset moved) is stored and answered once.
    await converse(message, context, user_id=user.id, text=text, key=f"tg:{update.update_id}")


async def converse(
    message: Message, context: BotContext, *, user_id: int, text: str, key: str | None = None
) -> None:
    services = context.services
    if len(text) > services.settings.max_message_chars:
        await reply(
            message,
            f"That's {len(text)} characters; I read at most "
            f"{services.settings.max_message_chars}. Could you say it shorter?",
        )
        return
    try:
        result = await services.message_handler.handle(
            user_id=user_id, channel=CHANNEL, text=text, now=services.clock.now(), client_key=key
        )
    except AlreadyReceivedError:
        return  # this update was delivered before: stored and answered then (logged)
    content = result.reply.content
    await reply(message, content, markup=answer_keyboard(content))


async def set_zone(message: Message, context: BotContext, *, user_id: int, zone: str) -> None:
    """Save the zone, confirm it, then answer a message that waited for it."""
    await accounts.save_zone(context, user_id=user_id, zone=zone)
    note = (
        " (a fixed offset: it does not follow daylight saving time)"
        if is_fixed_offset(zone)
        else ""
    )
    await reply(message, f"Time zone set: {zone}{note}. Tell me about a meeting, or try /schedule.")
    pending = context.user_data.pop(PENDING_TEXT, None) if context.user_data is not None else None
    if isinstance(pending, str):
        await converse(message, context, user_id=user_id, text=pending)


async def button(update: Update, context: BotContext) -> None:
    """A button press: a time zone (``tz:...``) or a quick action under a reminder."""
    query = update.callback_query
    if query is None or not query.data:
        return
    user, _ = await ensure_user(update, context)
    if query.data.startswith("tz:"):
        zone = parse_zone(query.data.removeprefix("tz:"))
        await query.answer()
        if zone is not None and isinstance(query.message, Message):
            await query.edit_message_reply_markup(reply_markup=None)
            await set_zone(query.message, context, user_id=user.id, zone=zone)
        return
    if query.data.startswith(SAY):  # "Yes" / "No" under an offer: as if typed
        await query.answer()
        if isinstance(query.message, Message):
            await query.edit_message_reply_markup(reply_markup=None)
            answer = query.data.removeprefix(SAY)
            await converse(
                query.message, context, user_id=user.id, text=answer, key=f"tgq:{query.id}"
            )
        return
    text = await schedule_actions.quick_action(context, user_id=user.id, data=query.data)
    await query.answer(text)
    if isinstance(query.message, Message):
        await query.edit_message_reply_markup(reply_markup=None)
        await reply(query.message, text)


async def not_text(update: Update, context: BotContext) -> None:
    if update.effective_message is not None:
        await reply(update.effective_message, "I can only read text messages for now.")


async def on_error(update: object, context: BotContext) -> None:
    """One error handler: the log keeps the detail, the user gets a short apology."""
    error = context.error
    log.error("telegram update failed", exc_info=error, extra={"action": "telegram_error"})
    if isinstance(update, Update) and update.effective_message is not None:
        if isinstance(error, CompanionError):
            text = error.user_message
        elif isinstance(error, DBAPIError | OSError):
            text = DatabaseUnavailableError.user_message
        else:
            text = CompanionError.user_message
        await update.effective_message.reply_text(text)


def register(application: BotApplication) -> None:
    """Add every handler to ``application`` (private chats only: a group is not a person)."""
    private = filters.ChatType.PRIVATE
    commands = {
        "start": start,
        "help": help_command,
        "schedule": schedule,
        "timezone": timezone,
        "quiet": quiet,
        "reminders": reminders,
        "morning": morning.morning_command,
        "cancel": cancel,
        "undo": undo,
        "link": link,
        "forget": forget_command,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback, filters=private))
    application.add_handler(CallbackQueryHandler(button))
    application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, text_message))
    application.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    application.add_handler(MessageHandler(private & ~filters.TEXT, not_text))
    application.add_error_handler(on_error)
