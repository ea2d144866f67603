"""Queries of the feedback on proactive messages (quick actions) and of ``explain``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.models import Message, ProactiveSession, User, UserSchedule


async def owned_proactive_session(
    session: AsyncSession, *, user_id: int, proactive_session_id: int
) -> ProactiveSession | None:
    """The proactive session ``proactive_session_id`` if it belongs to ``user_id``."""
    found: ProactiveSession | None = await session.scalar(
        select(ProactiveSession).where(
            ProactiveSession.id == proactive_session_id, ProactiveSession.user_id == user_id
        )
    )
    return found


async def session_of_type(
    session: AsyncSession, *, schedule_id: int, session_type: str
) -> ProactiveSession | None:
    """The schedule's session of ``session_type`` (there is at most one)."""
    found: ProactiveSession | None = await session.scalar(
        select(ProactiveSession).where(
            ProactiveSession.reference_id == schedule_id,
            ProactiveSession.session_type == session_type,
        )
    )
    return found


async def recent_bot_messages(
    session: AsyncSession, *, user_id: int, channel: str, before_id: int, limit: int
) -> list[Message]:
    """The bot's last ``limit`` messages to ``user_id`` on ``channel`` before message
    ``before_id``, newest first."""
    rows = await session.scalars(
        select(Message)
        .where(
            Message.user_id == user_id,
            Message.channel == channel,
            Message.role == "bot",
            Message.id < before_id,
        )
        .order_by(Message.id.desc())
        .limit(limit)
    )
    return list(rows.all())


async def message_for_session(
    session: AsyncSession, *, proactive_session_id: int
) -> Message | None:
    """The stored message that delivered ``proactive_session_id``, if any."""
    found: Message | None = await session.scalar(
        select(Message).where(Message.proactive_session_id == proactive_session_id)
    )
    return found


async def find_user(session: AsyncSession, *, who: str) -> User | None:
    """A user by username, Telegram username (``@name``), Telegram id or user id."""
    name = who.strip()
    if name.startswith("@"):
        found: User | None = await session.scalar(
            select(User).where(User.telegram_username == name[1:]).order_by(User.id).limit(1)
        )
        return found
    conditions = [User.username == name]
    if name.lstrip("-").isdigit():
        number = int(name)
        conditions += [User.telegram_id == number, User.id == number]
    rows = (await session.scalars(select(User).where(or_(*conditions)))).all()
    # A name beats a Telegram id, which beats a row id (a number may be all three).
    for matches in (
        lambda u: u.username == name,
        lambda u: str(u.telegram_id) == name,
        lambda u: str(u.id) == name,
    ):
        for user in rows:
            if matches(user):
                return user
    return None


async def schedules_around(
    session: AsyncSession, *, user_id: int, start: dt.datetime, end: dt.datetime, limit: int
) -> list[UserSchedule]:
    """The user's meetings (any status) starting in [start, end), oldest first."""
    rows = await session.scalars(
        select(UserSchedule)
        .where(
            UserSchedule.user_id == user_id,
            UserSchedule.start_time >= start,
            UserSchedule.start_time < end,
        )
        .order_by(UserSchedule.start_time, UserSchedule.id)
        .limit(limit)
    )
    return list(rows.all())


async def sessions_for(
    session: AsyncSession, *, schedule_ids: list[int]
) -> dict[int, list[ProactiveSession]]:
    """Proactive sessions per schedule id, in the order they were created."""
    if not schedule_ids:
        return {}
    rows = await session.scalars(
        select(ProactiveSession)
        .where(ProactiveSession.reference_id.in_(schedule_ids))
        .order_by(ProactiveSession.id)
    )
    grouped: dict[int, list[ProactiveSession]] = {i: [] for i in schedule_ids}
    for row in rows:
        grouped[row.reference_id].append(row)
    return grouped
