"""Queries of the conversation pipeline."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, Select, String, and_, bindparam, case, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.db import SQLITE_IMMEDIATE
from companion_bot.storage.models import (
    GreetingPreferences,
    Message,
    ProactiveSession,
    User,
    UserSchedule,
)

#: A window no meeting starts in (start after end): no follow-up candidate is looked for.
NO_STARTS = (
    dt.datetime(9999, 1, 1, tzinfo=dt.UTC),
    dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
)


@dataclass(frozen=True)
class Conversant:
    """What the pipeline needs to know about the user before it acts on a message."""

    user: User
    prefs: GreetingPreferences
    open_question_id: int | None  # the bot's last message on the channel, if an open question
    followup_candidate: bool  # a meeting in ``followup_starts`` may be due a follow-up


async def conversant(
    session: AsyncSession,
    *,
    user_id: int,
    channel: str,
    followup_starts: tuple[dt.datetime, dt.datetime] | None = None,
) -> Conversant | None:
    """The user, their preferences, their open question on ``channel`` and whether a
    meeting without an end time started within ``followup_starts`` — in one query."""
    since, until = followup_starts or NO_STARTS
    params = {"user_id": user_id, "channel": channel, "since": since, "until": until}
    row = (await session.execute(_conversant_statement(), params)).first()
    if row is None:
        return None
    return Conversant(row[0], row[1], row[2], bool(row[3]))


@functools.cache
def _conversant_statement() -> Select[Any]:
    """Built once: it runs on every message, and building it cost more than running it."""
    user_id = bindparam("user_id", type_=Integer)
    channel = bindparam("channel", type_=String)
    starts = UserSchedule.start_time.type
    open_question = (
        select(
            case(
                (and_(Message.is_question.is_(True), Message.answered_at.is_(None)), Message.id),
                else_=None,
            )
        )
        .where(Message.user_id == user_id, Message.channel == channel, Message.role == "bot")
        .order_by(Message.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    followup_candidate = exists().where(
        UserSchedule.user_id == user_id,
        UserSchedule.channel == channel,
        UserSchedule.status == "scheduled",
        UserSchedule.end_time.is_(None),
        UserSchedule.followup_sent.is_(False),
        UserSchedule.start_time.between(
            bindparam("since", type_=starts), bindparam("until", type_=starts)
        ),
    )
    return (
        select(User, GreetingPreferences, open_question, followup_candidate)
        .join(GreetingPreferences, GreetingPreferences.user_id == User.id)
        .where(User.id == user_id)
    )


async def get_message(session: AsyncSession, *, message_id: int) -> Message | None:
    found: Message | None = await session.get(Message, message_id)
    return found


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


async def add_proactive_message(
    session: AsyncSession,
    *,
    channel: str,
    user_id: int,
    content: str,
    proactive_session_id: int | None,
    is_question: bool = False,
    question_schedule_id: int | None = None,
) -> Message:
    """Record a proactive bot message delivered on ``channel`` (flushed; the caller commits)."""
    message = Message(
        user_id=user_id,
        channel=channel,
        role="bot",
        message_type="proactive",
        content=content,
        proactive_session_id=proactive_session_id,
        is_question=is_question,
        question_schedule_id=question_schedule_id if is_question else None,
    )
    session.add(message)
    await session.flush()
    return message
