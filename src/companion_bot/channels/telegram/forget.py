"""``/forget``: a Telegram-only user deletes everything stored about them.

``/forget`` says what goes and asks for ``/forget yes``; that deletes the user with every row
about them (messages, meetings, reminders, settings, analytics). A chat linked to a web account
is refused here: that account has a password, and deleting it asks for the password on the web
page, so someone holding the phone cannot erase a password-protected account.
"""

from __future__ import annotations

import html
import logging

from telegram import Update

from companion_bot.services import user_data
from companion_bot.storage import users

from .context import BotContext

log = logging.getLogger(__name__)

CONFIRM_WORD = "yes"
NOTHING_STORED = "I have nothing stored about you."
ASK_CONFIRM = (
    "This deletes everything I know about you, for good: your messages, meetings, reminders, "
    "settings and time zone. There is no undo.\n\nSend /forget yes to delete it all."
)
DONE = (
    "Done: everything I stored about you is deleted. If you write to me again, "
    "I start from scratch."
)


def linked_refusal(username: str) -> str:
    return (
        f"This chat is linked to the web account <b>{html.escape(username)}</b>. To delete it "
        "and everything in it, log in on the web page and use Settings → Delete my account "
        "(it asks for your password)."
    )


async def forget(update: Update, context: BotContext, *, answer: str) -> tuple[str, bool]:
    """What ``/forget [answer]`` does and says; ``(text, is_html)``. Never creates a user."""
    tg_user = update.effective_user
    if tg_user is None:
        return NOTHING_STORED, False
    async with context.services.sessionmaker() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id=tg_user.id)
        if user is None:
            return NOTHING_STORED, False
        if user.username is not None:
            return linked_refusal(user.username), True
        if answer.strip().lower() != CONFIRM_WORD:
            return ASK_CONFIRM, False
        await session.commit()  # end the read; the deletion takes the write lock itself
        await user_data.delete_user(session, user_id=user.id, via="telegram")
        await session.commit()
    if context.user_data is not None:
        context.user_data.clear()  # /schedule numbers and a waiting message were theirs
    return DONE, False
