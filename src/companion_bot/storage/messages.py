"""Messages: the conversation history, open questions and proactive messages."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Dialect, Insert, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import instance_dict, instance_state

from companion_bot.storage import db
from companion_bot.storage.models import (
    Message,
)


async def get_message(session: AsyncSession, *, message_id: int) -> Message | None:
    found: Message | None = await session.get(Message, message_id)
    return found


async def keyed_messages(
    session: AsyncSession, *, user_id: int, channel: str, client_key: str
) -> list[Message]:
    """The user's message sent on ``channel`` with ``client_key`` and the bot's reply to it
    (which carries the same key), as far as they are stored: at most two rows, from one
    lookup in the unique index."""
    rows = await session.scalars(
        select(Message).where(
            Message.user_id == user_id,
            Message.channel == channel,
            Message.client_key == client_key,
        )
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
    last = await recent_bot_messages(
        session, user_id=user_id, channel=channel, before_id=before_id, limit=1
    )
    if not last or not last[0].is_question or last[0].answered_at is not None:
        return None
    return last[0]


async def add_proactive_message(
    session: AsyncSession,
    *,
    channel: str,
    user_id: int,
    content: str,
    proactive_session_id: int | None,
    is_question: bool = False,
    question_schedule_id: int | None = None,
    client_key: str | None = None,
) -> Message:
    """Record a proactive bot message delivered on ``channel`` (flushed; the caller commits).
    ``client_key`` (a message of no proactive session) is unique per user and channel."""
    message = Message(
        user_id=user_id,
        channel=channel,
        role="bot",
        message_type="proactive",
        content=content,
        proactive_session_id=proactive_session_id,
        is_question=is_question,
        question_schedule_id=question_schedule_id if is_question else None,
        client_key=client_key,
    )
    session.add(message)
    await session.flush()
    return message


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
    client_key: str | None = None,
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
        client_key=client_key,
    )
    await session.refresh(message, ["created_at"])
    return message


#: The columns a new conversation message is inserted with (the rest are NULL/defaults).
_NEW_COLUMNS = (
    "user_id",
    "channel",
    "role",
    "message_type",
    "content",
    "created_at",
    "is_question",
    "question_schedule_id",
    "in_reply_to_id",
    "proactive_session_id",
    "client_key",
)


@functools.cache
def _insert_returning_id(table: Table) -> Insert:
    return insert(table).returning(table.c.id)


@functools.cache
def _insert_unnest(dialect: Dialect) -> str:
    """PostgreSQL: the new rows from one array per column, a statement whose text does not
    depend on how many rows there are (asyncpg prepares it once per connection)."""
    table: Table = Message.__table__  # type: ignore[assignment]
    arrays = ", ".join(
        f"${i}::{table.c[name].type.compile(dialect)}[]" for i, name in enumerate(_NEW_COLUMNS, 1)
    )
    return (
        f"INSERT INTO {table.name} ({', '.join(_NEW_COLUMNS)}) "
        f"SELECT * FROM unnest({arrays}) RETURNING id"
    )


def _new_values(messages: Sequence[Message]) -> list[tuple[Any, ...]]:
    """Each message's values of ``_NEW_COLUMNS``. A row never stored (no identity) has
    nothing expired or unloaded: its values are read from its ``__dict__``, a column never
    set being ``None`` as the attribute would say, at a seventh of the cost of the
    attributes (20 reads a message, most for columns left unset, the attributes' slow
    path)."""
    values = []
    for message in messages:
        if instance_state(message).key is None:
            given = instance_dict(message)
            values.append(tuple(given.get(name) for name in _NEW_COLUMNS))
        else:
            values.append(tuple(getattr(message, name) for name in _NEW_COLUMNS))
    return values


async def insert_new(session: AsyncSession, messages: Sequence[Message]) -> None:
    """Insert ``messages`` (new, not added to the session, every column in ``_NEW_COLUMNS``
    set by the caller) in one statement and set their ids: the chat's common path, without
    the ORM's unit of work.

    On PostgreSQL the statement runs on the driver (the values go as they are: aware
    datetimes), after a flush of what the session has pending: inside the session's
    transaction if that has begun on the database, else committing by itself, as all there
    is to commit. Call it last, just before the commit."""
    if db.on_asyncpg(session):
        if session.new or session.dirty or session.deleted:
            await session.flush()
        values = _new_values(messages)
        columns = [[row[i] for row in values] for i in range(len(_NEW_COLUMNS))]
        bind = session.get_bind()
        found = await db.driver_fetch(session, _insert_unnest(bind.dialect), *columns)
        new_ids = [row[0] for row in found]
    else:
        table: Table = Message.__table__  # type: ignore[assignment]
        rows = [dict(zip(_NEW_COLUMNS, row, strict=True)) for row in _new_values(messages)]
        # Core on the session's connection (the ORM's bulk path costs more than the insert).
        connection = await session.connection()
        new_ids = list((await connection.execute(_insert_returning_id(table), rows)).scalars())
    # Rows of one statement get ascending ids in the order given (a sequence, or SQLite's
    # rowid), so sorted ids pair up with the rows whatever order RETURNING gives them in.
    for message, new_id in zip(messages, sorted(new_ids), strict=True):
        message.id = new_id


async def add_all(session: AsyncSession, *, rows: Sequence[Message]) -> None:
    """Insert ``rows`` (one multi-row INSERT) and read back what the database set on them
    (``created_at``) in one query; the caller commits."""
    session.add_all(rows)
    await session.flush()
    await session.execute(
        select(Message)
        .where(Message.id.in_([row.id for row in rows]))
        .execution_options(populate_existing=True)
    )
