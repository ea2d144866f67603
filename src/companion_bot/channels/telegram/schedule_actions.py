"""What a user does to a meeting from Telegram: ``/cancel <n>``, ``/undo`` and the buttons
under a reminder (done, snooze, not a meeting)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from companion_bot.config import zone_of
from companion_bot.services import schedules as schedule_changes
from companion_bot.services.feedback import apply_quick_action
from companion_bot.services.undo import answer_undo
from companion_bot.storage import db, schedules
from companion_bot.storage.models import User

from .context import BotContext
from .schedule_view import DAYS_AHEAD, MAX_ITEMS

log = logging.getLogger(__name__)
CHANNEL = "telegram"


async def cancel_numbered(
    context: BotContext,
    *,
    user: User,
    number: int,
    shown_ids: Any,
    now: dt.datetime,
) -> str:
    """Cancel meeting ``number`` as the last ``/schedule`` numbered it (recomputed when this
    process did not show one); the answer names the meeting, so a shift is visible."""
    async with context.services.sessionmaker() as session:
        await db.begin_write(session)  # read then write: take SQLite's write lock first
        if isinstance(shown_ids, list) and shown_ids:
            ids = [int(i) for i in shown_ids]
        else:
            rows = await schedules.schedules_between(
                session,
                user_id=user.id,
                start=now,
                end=now + dt.timedelta(days=DAYS_AHEAD),
                limit=MAX_ITEMS,
            )
            ids = [row.id for row in rows]
        if number > len(ids):
            return f"There is no meeting {number} in /schedule."
        schedule = await schedules.get_user_schedule(
            session, user_id=user.id, schedule_id=ids[number - 1]
        )
        if schedule is None:
            return "That meeting is gone; see /schedule."
        local = schedule.start_time.astimezone(zone_of(user.timezone))
        label = f"{schedule.event_name}, {local:%a} {local.day} {local:%b %H:%M}"
        if schedule.status != schedule_changes.SCHEDULED:  # done or cancelled: nothing to cancel
            return f"{label} is already {schedule.status}."
        await schedule_changes.cancel_schedule(
            session,
            user_id=user.id,
            schedule=schedule,
            channel=CHANNEL,
            via="telegram_command",
            now=now,
        )
        await session.commit()
    return f"Cancelled: {label}. No reminders for it."


async def undo_last(context: BotContext, *, user: User, now: dt.datetime) -> str:
    """Take back the user's last change to a meeting (made on any channel) of the last 10
    minutes; the answer says what was restored, or that nothing could be."""
    async with context.services.sessionmaker() as session:
        await db.begin_write(session)  # read then write: take SQLite's write lock first
        text = await answer_undo(
            session, user_id=user.id, channel=CHANNEL, now=now, timezone=user.timezone
        )
        await session.commit()
    return text


async def quick_action(context: BotContext, *, user_id: int, data: str) -> str:
    """Apply a reminder's button (``ack:<id>``, ``snooze:<id>``, ``notmeeting:<id>``)."""
    async with context.services.sessionmaker() as session:
        text = await apply_quick_action(
            session, user_id=user_id, data=data, now=context.services.clock.now()
        )
        await session.commit()
    log.info(
        "quick action applied",
        extra={"action": "quick_action", "user_id": user_id, "data": data[:64]},
    )
    return text
