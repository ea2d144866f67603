"""Messages that arrive together are stored together (one transaction), and each sender
still gets exactly what a message sent alone gets: its own reply, its own errors."""

from __future__ import annotations

import asyncio

import pytest
from pipeline_helpers import NOW, new_user
from prometheus_client import REGISTRY
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from companion_bot.errors import NotFoundError
from companion_bot.services.message_handler import AlreadyReceivedError, MessageHandler
from companion_bot.storage.models import Message, UserSchedule

CHAT = ("how are you?", "I'm tired", "good morning", "thanks!", "what's up", "ok cool")


async def _conversation(sm: async_sessionmaker[AsyncSession], user_id: int) -> list[Message]:
    async with sm() as session:
        rows = await session.scalars(
            select(Message).where(Message.user_id == user_id).order_by(Message.id)
        )
        return list(rows.all())


def _count_commits(engine: AsyncEngine) -> list[int]:
    commits: list[int] = []
    event.listen(engine.sync_engine, "commit", lambda _conn: commits.append(1))
    return commits


async def test_messages_of_many_users_at_once_share_transactions_and_each_gets_its_reply(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    ids = [await new_user(sm, f"user{i}", "Europe/Berlin") for i in range(len(CHAT))]
    commits = _count_commits(engine)

    results = await asyncio.gather(
        *(
            handler.handle(user_id=uid, channel="web", text=text, now=NOW)
            for uid, text in zip(ids, CHAT, strict=True)
        )
    )

    assert len(commits) < len(CHAT)  # the first alone, the rest waited and went together
    for uid, text, result in zip(ids, CHAT, results, strict=True):
        stored = await _conversation(sm, uid)
        assert [(m.role, m.content) for m in stored] == [
            ("user", text),
            ("bot", result.reply.content),
        ]
        assert [m.id for m in stored] == [result.user_message.id, result.reply.id]


async def test_one_users_messages_sent_at_once_are_stored_in_the_order_sent(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    results = await asyncio.gather(
        *(handler.handle(user_id=user_id, channel="web", text=text, now=NOW) for text in CHAT)
    )

    stored = await _conversation(sm, user_id)
    assert [m.content for m in stored if m.role == "user"] == list(CHAT)
    assert [m.role for m in stored] == ["user", "bot"] * len(CHAT)
    assert [m.id for m in stored] == [i for r in results for i in (r.user_message.id, r.reply.id)]


async def test_a_repeated_key_in_a_batch_is_refused_to_its_sender_alone(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int, dan: int
) -> None:
    first = await handler.handle(
        user_id=user_id, channel="web", text="hello", now=NOW, client_key="k1"
    )
    others = [await new_user(sm, f"other{i}", "Europe/Berlin") for i in range(3)]

    outcomes = await asyncio.gather(
        handler.handle(user_id=dan, channel="web", text="good night", now=NOW),
        handler.handle(user_id=user_id, channel="web", text="hello", now=NOW, client_key="k1"),
        *(handler.handle(user_id=o, channel="web", text="thanks", now=NOW) for o in others),
        return_exceptions=True,
    )

    repeated = outcomes[1]
    assert isinstance(repeated, AlreadyReceivedError)
    assert repeated.first is not None
    assert repeated.first.reply.id == first.reply.id
    assert [m.content for m in await _conversation(sm, user_id)] == [
        "hello",
        first.reply.content,
    ]
    for uid, outcome in zip([dan, *others], [outcomes[0], *outcomes[2:]], strict=True):
        assert not isinstance(outcome, BaseException)
        assert [m.role for m in await _conversation(sm, uid)] == ["user", "bot"]


async def test_an_unknown_sender_in_a_batch_fails_alone(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int, dan: int
) -> None:
    outcomes = await asyncio.gather(
        handler.handle(user_id=user_id, channel="web", text="hi", now=NOW),
        handler.handle(user_id=dan, channel="web", text="how are you?", now=NOW),
        handler.handle(user_id=987_654, channel="web", text="hi", now=NOW),
        handler.handle(user_id=user_id, channel="web", text="ok", now=NOW),
        return_exceptions=True,
    )

    assert isinstance(outcomes[2], NotFoundError)
    assert not any(isinstance(o, BaseException) for i, o in enumerate(outcomes) if i != 2)
    assert [m.content for m in await _conversation(sm, user_id) if m.role == "user"] == [
        "hi",
        "ok",
    ]
    assert len(await _conversation(sm, dan)) == 2


async def test_a_meeting_booked_in_a_batch_that_fails_is_stored_and_counted_once(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int, dan: int
) -> None:
    def booked() -> float:
        return REGISTRY.get_sample_value("companion_schedules_total", {"change": "created"}) or 0

    before = booked()
    outcomes = await asyncio.gather(
        handler.handle(user_id=dan, channel="web", text="hi", now=NOW),
        handler.handle(user_id=user_id, channel="web", text="lunch with Maria at 1pm", now=NOW),
        handler.handle(user_id=987_654, channel="web", text="hi", now=NOW),
        return_exceptions=True,
    )

    assert isinstance(outcomes[2], NotFoundError)
    result = outcomes[1]
    assert not isinstance(result, BaseException)
    [row] = result.created
    async with sm() as session:
        stored = (await session.scalars(select(UserSchedule))).all()
    assert [(s.id, s.event_name, s.message_id) for s in stored] == [
        (row.id, "lunch with Maria", result.user_message.id)
    ]
    assert booked() - before == 1
    assert "lunch with Maria" in result.reply.content


async def test_a_sender_that_stops_waiting_does_not_cut_the_batch_short(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int, dan: int
) -> None:
    first = asyncio.ensure_future(handler.handle(user_id=dan, channel="web", text="hi", now=NOW))
    waiting = asyncio.ensure_future(
        handler.handle(user_id=user_id, channel="web", text="good morning", now=NOW)
    )
    await asyncio.sleep(0)
    waiting.cancel()
    await first
    with pytest.raises(asyncio.CancelledError):
        await waiting

    for _ in range(100):  # the batch runs on without its sender
        if len(await _conversation(sm, user_id)) == 2:
            break
        await asyncio.sleep(0.01)
    assert [m.content for m in await _conversation(sm, user_id)][0] == "good morning"
    assert len(await _conversation(sm, user_id)) == 2
