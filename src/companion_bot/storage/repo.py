"""Queries, as keyword-only functions that take the session. Routes never build SQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.models import GreetingPreferences, User, UserSchedule


async def ping(session: AsyncSession) -> None:
    """Raise if the database does not answer."""
    await session.execute(text("SELECT 1"))


async def create_user(
    session: AsyncSession,
    *,
    username: str | None = None,
    password_hash: str | None = None,
    timezone: str = "UTC",
    telegram_id: int | None = None,
    telegram_chat_id: int | None = None,
    is_admin: bool = False,
) -> User:
    """Insert a user; the database trigger creates its greeting preferences."""
    user = User(
        username=username,
        password_hash=password_hash,
        timezone=timezone,
        telegram_id=telegram_id,
        telegram_chat_id=telegram_chat_id,
        is_admin=is_admin,
    )
    session.add(user)
    await session.flush()
    return user


async def get_user(session: AsyncSession, *, user_id: int) -> User | None:
    user: User | None = await session.get(User, user_id)
    return user


async def get_user_by_username(session: AsyncSession, *, username: str) -> User | None:
    user: User | None = await session.scalar(select(User).where(User.username == username))
    return user


async def get_preferences(session: AsyncSession, *, user_id: int) -> GreetingPreferences:
    """The user's preferences row (created by the trigger, so it always exists)."""
    prefs = await session.scalar(
        select(GreetingPreferences).where(GreetingPreferences.user_id == user_id)
    )
    if prefs is None:
        raise LookupError(f"user {user_id} has no greeting preferences row")
    return prefs


async def upcoming_schedules(
    session: AsyncSession,
    *,
    user_id: int,
    now: dt.datetime,
    until: dt.datetime | None = None,
    limit: int = 50,
) -> list[UserSchedule]:
    """The user's scheduled meetings that have not ended yet, soonest first."""
    query = (
        select(UserSchedule)
        .where(
            UserSchedule.user_id == user_id,
            UserSchedule.status == "scheduled",
            UserSchedule.start_time >= now - dt.timedelta(hours=12),
        )
        .order_by(UserSchedule.start_time, UserSchedule.id)
        .limit(limit)
    )
    if until is not None:
        query = query.where(UserSchedule.start_time < until)
    rows = (await session.scalars(query)).all()
    return [row for row in rows if (row.end_time or row.start_time) >= now]
