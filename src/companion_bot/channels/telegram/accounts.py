"""Telegram accounts: the user behind an update, the time zone, and linking with the web."""

from __future__ import annotations

import datetime as dt
import html
import logging

from telegram import Update

from companion_bot.services import preferences
from companion_bot.storage import links, users
from companion_bot.storage.db import begin_write
from companion_bot.storage.links import LinkOutcome
from companion_bot.storage.models import User

from .context import BotContext
from .link_codes import LINK_CODE_MINUTES, new_link_code
from .storable import storable

log = logging.getLogger(__name__)

LINK_TEXTS = {
    LinkOutcome.LINKED: "Linked! This chat and your web account are one now: "
    "/schedule shows meetings from both, and each reminder comes where you mentioned it.",
    LinkOutcome.UNKNOWN_CODE: "That code doesn't work (it is wrong or was used already). "
    "Make a new one on the web page.",
    LinkOutcome.EXPIRED: "That code has expired. Make a new one on the web page.",
    LinkOutcome.OWN_CODE: "This chat is already linked to that account.",
    LinkOutcome.WRONG_SIDE: "That code was made in Telegram: enter it on the web page instead.",
    LinkOutcome.ALREADY_LINKED: "That web account is already linked to another Telegram account.",
}


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


async def ensure_user(update: Update, context: BotContext) -> tuple[User, bool]:
    """The user of this update, created on first contact; ``(user, created)``."""
    tg_user, chat = update.effective_user, update.effective_chat
    if tg_user is None or chat is None:
        raise ValueError("an update without a user or chat reached a user handler")
    services = context.services
    async with services.sessionmaker() as session:
        await begin_write(session)  # read then maybe write: take SQLite's write lock first
        user, created = await users.get_or_create_telegram_user(
            session,
            telegram_id=tg_user.id,
            chat_id=chat.id,
            telegram_username=tg_user.username,
            display_name=storable(tg_user.full_name)[:128] or None,
            default_timezone=services.settings.default_timezone,
        )
        await session.commit()
    if created:
        log.info(
            "telegram user created", extra={"action": "telegram_user_created", "user_id": user.id}
        )
    return user, created


async def save_zone(context: BotContext, *, user_id: int, zone: str) -> None:
    async with context.services.sessionmaker() as session:
        await begin_write(session)  # read then write: take SQLite's write lock first
        user = await session.get(User, user_id)
        if user is None:
            raise LookupError(f"user {user_id} vanished")
        preferences.set_timezone(user, zone=zone, via="telegram_command")
        await session.commit()


async def link_with_code(update: Update, context: BotContext, code: str) -> str:
    """Enter a web account's code here; returns the answer to show."""
    tg_user, chat = update.effective_user, update.effective_chat
    if tg_user is None or chat is None:
        return LINK_TEXTS[LinkOutcome.UNKNOWN_CODE]
    now = context.services.clock.now()
    async with context.services.sessionmaker() as session:
        result = await links.link_from_telegram(
            session,
            code=code[:32],
            telegram_id=tg_user.id,
            chat_id=chat.id,
            telegram_username=tg_user.username,
            now=now,
        )
        await session.commit()
    log.info(
        "telegram link attempt: %s",
        result.outcome.value,
        extra={
            "action": "telegram_link",
            "outcome": result.outcome.value,
            "user_id": result.user.id if result.user else None,
        },
    )
    if result.outcome is LinkOutcome.LINKED and context.user_data is not None:
        context.user_data.clear()  # numbers from an old /schedule belong to the old account
    return LINK_TEXTS[result.outcome]


async def code_for_web(update: Update, context: BotContext) -> str:
    """``/link``: a one-time code this Telegram user enters on the web (HTML text)."""
    user, _ = await ensure_user(update, context)
    if user.username is not None:
        return (
            f"This chat is already linked to the web account <b>{html.escape(user.username)}</b>."
        )
    now = context.services.clock.now()
    code = new_link_code()
    async with context.services.sessionmaker() as session:
        await links.create_link_code(
            session,
            user_id=user.id,
            code=code,
            expires_at=now + dt.timedelta(minutes=LINK_CODE_MINUTES),
        )
        await session.commit()
    log.info("link code issued", extra={"action": "link_code_issued", "user_id": user.id})
    return (
        f"Your code: <code>{code}</code>\n"
        f"On the web page, log in and enter it under “Link Telegram” within "
        f"{LINK_CODE_MINUTES} minutes. It works once."
    )
