"""Queries of the conversation pipeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.db import SQLITE_IMMEDIATE
from companion_bot.storage.models import (
    GreetingPreferences,
    Message,
    ProactiveSession,
    User,
    UserSchedule,
)


async def user_with_preferences(
    session: AsyncSession, *, user_id: int
) -> tuple[User, GreetingPreferences] | None:
    """The user and their preferences row, in one query."""
    row = (
        await session.execute(
            select(User, GreetingPreferences)
            .join(GreetingPreferences, GreetingPreferences.user_id == User.id)
            .where(User.id == user_id)
        )
    ).first()
    return None if row is None else (row[0], row[1])


async def schedules_at(
    session: AsyncSession, *, user_id: int, start_time: dt.datetime
) -> list[UserSchedule]:
    """The user's schedules (any status) starting exactly at ``start_time``."""
    rows = await session.scalars(
        select(UserSchedule)
        .where(UserSchedule.user_id == user_id, UserSchedule.start_time == start_time)
        .order_by(UserSchedule.id)
    )
    return list(rows.all())


async def recent_messages(
    session: AsyncSession, *, user_id: int, channel: str, limit: int = 10
) -> list[Message]:
    """The last ``limit`` messages of the conversation on ``channel``, oldest first."""
    rows = await session.scalars(
        select(Message)
        .where(Message.user_id == user_id, Message.channel == channel)
        .order_by(Message.id.desc())
        .limit(limit)
    )
    return list(reversed(rows.all()))


async def open_question(
    session: AsyncSession, *, user_id: int, channel: str, before_id: int
) -> Message | None:
    """The bot's last message before ``before_id`` on ``channel`` if it is an open question."""
    last_bot = await session.scalar(
        select(Message)
        .where(
            Message.user_id == user_id,
            Message.channel == channel,
            Message.role == "bot",
            Message.id < before_id,
        )
        .order_by(Message.id.desc())
        .limit(1)
    )
    if last_bot is None or not last_bot.is_question or last_bot.answered_at is not None:
        return None
    return last_bot


async def get_proactive_session(
    session: AsyncSession, *, session_id: int
) -> ProactiveSession | None:
    found: ProactiveSession | None = await session.get(ProactiveSession, session_id)
    return found


async def begin_write(session: AsyncSession) -> None:
    """Start the session's transaction as a writer (``BEGIN IMMEDIATE`` on SQLite), so a
    read followed by a write never fails on a lock upgrade under concurrent requests.
    A session whose transaction has already begun keeps it as it is."""
    if session.in_transaction():
        return
    options: Any = {SQLITE_IMMEDIATE: True}
    await session.connection(execution_options=options)
