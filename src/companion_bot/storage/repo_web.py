"""Queries the web channel needs: login sessions, chat history, schedule edits, link codes.

Keyword-only functions that take the session, like :mod:`companion_bot.storage.repo`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.models import AuthSession, LinkCode, Message, User, UserSchedule
from companion_bot.storage.repo_conversation import add_proactive_message


async def create_auth_session(
    session: AsyncSession, *, user_id: int, token_hash: str, expires_at: dt.datetime
) -> AuthSession:
    """Store a login; only the hash of its token is kept."""
    row = AuthSession(user_id=user_id, token_hash=token_hash, expires_at=expires_at)
    session.add(row)
    await session.flush()
    return row


async def user_for_token(
    session: AsyncSession, *, token_hash: str, now: dt.datetime
) -> User | None:
    """The user a live (unexpired) login token belongs to."""
    user: User | None = await session.scalar(
        select(User)
        .join(AuthSession, AuthSession.user_id == User.id)
        .where(AuthSession.token_hash == token_hash, AuthSession.expires_at > now)
    )
    return user


async def delete_auth_session(session: AsyncSession, *, token_hash: str) -> None:
    await session.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash))


async def delete_expired_auth_sessions(
    session: AsyncSession, *, user_id: int, now: dt.datetime
) -> None:
    """Forget a user's expired logins (called when they log in again)."""
    await session.execute(
        delete(AuthSession).where(AuthSession.user_id == user_id, AuthSession.expires_at <= now)
    )


async def message_history(
    session: AsyncSession,
    *,
    user_id: int,
    channel: str,
    before_id: int | None = None,
    limit: int = 50,
) -> list[Message]:
    """One page of a user's messages on a channel, newest first (page on with ``before_id``)."""
    query = (
        select(Message)
        .where(Message.user_id == user_id, Message.channel == channel)
        .order_by(Message.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(Message.id < before_id)
    return list((await session.scalars(query)).all())


REPLAY_BATCH = 500


async def messages_after(
    session: AsyncSession,
    *,
    user_id: int,
    channel: str,
    after_id: int,
    limit: int = REPLAY_BATCH,
) -> list[Message]:
    """The user's messages on a channel with an id above ``after_id``, oldest first (replay)."""
    query = (
        select(Message)
        .where(Message.user_id == user_id, Message.channel == channel, Message.id > after_id)
        .order_by(Message.id)
        .limit(limit)
    )
    return list((await session.scalars(query)).all())


async def last_message_id(session: AsyncSession, *, user_id: int, channel: str) -> int:
    """The id of the user's newest message on a channel, 0 when there is none."""
    newest = await session.scalar(
        select(func.max(Message.id)).where(Message.user_id == user_id, Message.channel == channel)
    )
    return int(newest or 0)


async def add_proactive_web_message(
    session: AsyncSession,
    *,
    user_id: int,
    content: str,
    proactive_session_id: int | None,
    is_question: bool = False,
    question_schedule_id: int | None = None,
) -> Message:
    """Insert a proactive bot message on the web channel (flushed, with its ``created_at``
    read back for the live stream; the caller commits)."""
    message = await add_proactive_message(
        session,
        channel="web",
        user_id=user_id,
        content=content,
        proactive_session_id=proactive_session_id,
        is_question=is_question,
        question_schedule_id=question_schedule_id,
    )
    await session.refresh(message, ["created_at"])
    return message


async def message_for_proactive_session(
    session: AsyncSession, *, proactive_session_id: int
) -> Message | None:
    message: Message | None = await session.scalar(
        select(Message).where(Message.proactive_session_id == proactive_session_id)
    )
    return message


async def get_user_schedule(
    session: AsyncSession, *, user_id: int, schedule_id: int
) -> UserSchedule | None:
    """The schedule, only when it belongs to ``user_id`` (another user's id reads as absent)."""
    schedule: UserSchedule | None = await session.scalar(
        select(UserSchedule).where(UserSchedule.id == schedule_id, UserSchedule.user_id == user_id)
    )
    return schedule


async def create_link_code(
    session: AsyncSession, *, user_id: int, code: str, expires_at: dt.datetime
) -> LinkCode:
    """A one-time code for linking Telegram; older unused codes of the user are dropped."""
    await session.execute(
        delete(LinkCode).where(LinkCode.user_id == user_id, LinkCode.used_at.is_(None))
    )
    row = LinkCode(user_id=user_id, code=code, expires_at=expires_at)
    session.add(row)
    await session.flush()
    return row
