"""The chat's common path in storage: the senders read together and the messages inserted
together (on PostgreSQL both run on the driver, outside the ORM), on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from companion_bot.storage import messages, users
from companion_bot.storage.db import make_sessionmaker
from companion_bot.storage.models import Message, User

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def sm(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


async def _users(sm: async_sessionmaker[AsyncSession], count: int) -> list[int]:
    async with sm() as session:
        made = [await users.create_user(session, username=f"u{i}") for i in range(count)]
        await session.commit()
        return [user.id for user in made]


def _row(user_id: int, role: str, text: str, client_key: str | None = None) -> Message:
    return Message(
        user_id=user_id,
        channel="web",
        role=role,
        message_type="reactive",
        content=text,
        created_at=NOW,
        is_question=False,
        client_key=client_key,
    )


async def _stored(sm: async_sessionmaker[AsyncSession]) -> list[tuple[int, str, str]]:
    async with sm() as session:
        rows = await session.scalars(select(Message).order_by(Message.id))
        return [(m.id, m.role, m.content) for m in rows]


async def test_each_inserted_row_gets_its_own_id_in_the_order_given(
    sm: async_sessionmaker[AsyncSession],
) -> None:
    ids = await _users(sm, 3)
    rows = [_row(user_id, role, f"{role} {user_id}") for user_id in ids for role in ("user", "bot")]
    async with sm() as session:
        await messages.insert_new(session, rows)
        await session.commit()
    assert [m.id for m in rows] == sorted(m.id for m in rows)
    assert await _stored(sm) == [(m.id, m.role, m.content) for m in rows]
    async with sm() as session:
        first = await messages.get_message(session, message_id=rows[0].id)
    assert first is not None and first.created_at == NOW


async def test_senders_read_together_are_the_sessions_own_and_commit_with_the_rows(
    sm: async_sessionmaker[AsyncSession],
) -> None:
    ids = await _users(sm, 2)
    async with sm() as session:
        found = await users.conversants(session, user_ids=ids, channel="web")
        assert sorted(found) == ids
        assert all(
            c.prefs.user_id == c.user.id and c.open_question_id is None for c in found.values()
        )
        found[ids[0]].user.last_active_at = NOW
        await messages.insert_new(session, [_row(ids[0], "user", "hi")])
        await session.commit()
    async with sm() as session:
        active = {u.id: u.last_active_at for u in await session.scalars(select(User))}
    assert active == {ids[0]: NOW, ids[1]: None}
    assert [content for _, _, content in await _stored(sm)] == ["hi"]


@pytest.mark.parametrize("with_change", [False, True], ids=["rows alone", "with a change"])
async def test_a_refused_row_stores_nothing_of_its_transaction(
    sm: async_sessionmaker[AsyncSession], with_change: bool
) -> None:
    (user_id,) = await _users(sm, 1)
    rows = [_row(user_id, "user", "one", "key-1"), _row(user_id, "user", "two", "key-1")]
    async with sm() as session:
        found = await users.conversants(session, user_ids=[user_id], channel="web")
        if with_change:
            found[user_id].user.last_active_at = NOW
        with pytest.raises(IntegrityError) as refused:
            await messages.insert_new(session, rows)
        await session.rollback()
    assert await _stored(sm) == []
    assert "two" not in str(refused.value)  # the engine hides parameters: no chat text
    async with sm() as session:
        user = await users.get_user(session, user_id=user_id)
    assert user is not None and user.last_active_at is None


async def test_rows_inserted_beside_a_change_are_rolled_back_with_it(
    sm: async_sessionmaker[AsyncSession],
) -> None:
    (user_id,) = await _users(sm, 1)
    async with sm() as session:
        found = await users.conversants(session, user_ids=[user_id], channel="web")
        found[user_id].user.last_active_at = NOW
        await messages.insert_new(session, [_row(user_id, "user", "hi")])
        await session.rollback()
    assert await _stored(sm) == []
