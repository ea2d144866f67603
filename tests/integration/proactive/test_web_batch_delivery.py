"""The job delivers a batch on the web in one transaction (``WebSender.send_many``): each
message stored once and pushed to open pages, in order; a batch holding a message an earlier
attempt stored falls back to one at a time and doubles nothing; a dead database is a retry."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Sequence

from proactive_helpers import BERLIN, add_schedule, add_user, handler, sessions_of
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.channels.web.sender import WebSender
from companion_bot.channels.web.sse import StreamHub
from companion_bot.ports import DeliveryResult, DeliveryStatus, OutboundMessage
from companion_bot.proactive.engine import ProactiveOptions
from companion_bot.storage import proactive_plans
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.models import Message
from companion_bot.testing import FrozenClock

SM = async_sessionmaker[AsyncSession]
START = dt.datetime(2026, 11, 26, 14, 30, tzinfo=BERLIN)


async def _pending(sm: SM, user: int, schedules: list[int]) -> list[int]:
    """A pending reminder session per schedule (what planning records)."""
    rows = [
        {
            "user_id": user,
            "session_type": "preparation_reminder",
            "reference_id": sid,
            "channel": "web",
            "status": "pending",
            "attempts": 0,
            "meta": {},
        }
        for sid in schedules
    ]
    async with sm() as session:
        inserted = await proactive_plans.record(session, rows)
        await session.commit()
    return [inserted[sid] for sid in schedules]


async def _stored(sm: SM) -> list[Message]:
    async with sm() as session:
        return list(await session.scalars(select(Message).order_by(Message.id)))


async def test_batch_is_stored_once_each_and_pushed_in_order(sm: SM) -> None:
    user = await add_user(sm)
    schedules = [await add_schedule(sm, user, START, name=f"m{i}") for i in range(3)]
    session_ids = await _pending(sm, user, schedules)
    hub = StreamHub()
    page = hub.subscribe(user)
    sender = WebSender(sm, hub)
    batch = [
        OutboundMessage(
            user_id=user,
            text=f"reminder {i}",
            proactive_session_id=sid,
            schedule_id=schedules[i],
            is_question=i == 2,
        )
        for i, sid in enumerate(session_ids)
    ]

    results = await sender.send_many(batch)

    stored = await _stored(sm)
    assert [r.status for r in results] == [DeliveryStatus.DELIVERED] * 3
    assert [r.message_id for r in results] == [m.id for m in stored]
    assert [(m.content, m.proactive_session_id) for m in stored] == [
        (f"reminder {i}", sid) for i, sid in enumerate(session_ids)
    ]
    assert [m.question_schedule_id for m in stored] == [None, None, schedules[2]]
    pushed = [await asyncio.wait_for(page.queue.get(), timeout=1) for _ in range(3)]
    assert [json.loads(e.data)["content"] for e in pushed if e] == [m.content for m in stored]
    assert all(json.loads(e.data)["created_at"] for e in pushed if e)


async def test_batch_with_an_earlier_copy_doubles_nothing(sm: SM) -> None:
    user = await add_user(sm)
    schedules = [await add_schedule(sm, user, START, name=f"m{i}") for i in range(3)]
    session_ids = await _pending(sm, user, schedules)
    sender = WebSender(sm, StreamHub())
    batch = [
        OutboundMessage(user_id=user, text=f"reminder {i}", proactive_session_id=sid)
        for i, sid in enumerate(session_ids)
    ]
    earlier = await sender.send(batch[1])  # a worker stored it, then died

    results = await sender.send_many(batch)

    stored = await _stored(sm)
    assert [r.status for r in results] == [DeliveryStatus.DELIVERED] * 3
    assert results[1].message_id == earlier.message_id
    assert sorted(m.proactive_session_id or 0 for m in stored) == sorted(session_ids)


async def test_batch_for_an_unknown_user_fails_only_that_message(sm: SM) -> None:
    user = await add_user(sm)
    [sid] = await _pending(sm, user, [await add_schedule(sm, user, START)])
    sender = WebSender(sm, StreamHub())

    results = await sender.send_many(
        [
            OutboundMessage(user_id=user, text="fine", proactive_session_id=sid),
            OutboundMessage(user_id=user + 999, text="nobody", proactive_session_id=sid + 999),
        ]
    )

    assert [r.status for r in results] == [
        DeliveryStatus.DELIVERED,
        DeliveryStatus.PERMANENT_FAILURE,
    ]
    assert [m.content for m in await _stored(sm)] == ["fine"]


async def test_batch_on_a_dead_database_is_retried_later() -> None:
    engine = make_engine("postgresql://nobody@127.0.0.1:9/none")
    try:
        sender = WebSender(make_sessionmaker(engine), StreamHub())
        results = await sender.send_many(
            [OutboundMessage(user_id=1, text="hello?", proactive_session_id=i) for i in (1, 2)]
        )
    finally:
        await engine.dispose()

    assert [r.status for r in results] == [DeliveryStatus.RETRY_LATER] * 2
    assert all(r.error for r in results)


async def test_job_delivers_a_whole_batch_through_the_web_once(sm: SM) -> None:
    users = [await add_user(sm, name=f"u{i}", max_proactive_per_day=10) for i in range(4)]
    schedules = [
        await add_schedule(sm, users[i % 4], START + dt.timedelta(minutes=i % 3), name=f"m{i}")
        for i in range(12)
    ]
    h = handler(sm, {"web": WebSender(sm, StreamHub())}, FrozenClock(START))

    first = await h.check_and_send_preparation_reminders(START - dt.timedelta(minutes=28))
    again = await h.check_and_send_preparation_reminders(START - dt.timedelta(minutes=27))

    async with sm() as session:
        count = await session.scalar(select(func.count()).select_from(Message))
    rows = await sessions_of(sm)
    assert sorted(o.schedule_id for o in first.sent) == schedules and again.sent == []
    assert count == 12 and {r.status for r in rows} == {"sent"}


class BatchRecorder:
    """A channel stand-in that takes batches (or fails them all when ``broken``)."""

    channel = "web"

    def __init__(self, *, broken: bool = False) -> None:
        self.batches: list[list[OutboundMessage]] = []
        self.singles: list[OutboundMessage] = []
        self.broken = broken

    async def send(self, message: OutboundMessage) -> DeliveryResult:
        self.singles.append(message)
        return DeliveryResult(DeliveryStatus.DELIVERED)

    async def send_many(self, messages: Sequence[OutboundMessage]) -> list[DeliveryResult]:
        if self.broken:
            raise ConnectionResetError("channel went away")
        self.batches.append(list(messages))
        return [DeliveryResult(DeliveryStatus.DELIVERED)] * len(messages)


async def test_job_hands_a_batching_channel_one_call_per_batch(sm: SM) -> None:
    user = await add_user(sm, max_proactive_per_day=10)
    for i in range(5):
        await add_schedule(sm, user, START, name=f"m{i}")
    sender = BatchRecorder()
    options = ProactiveOptions(batch_size=3)
    h = handler(sm, {"web": sender}, FrozenClock(START), options=options)

    summary = await h.check_and_send_preparation_reminders(START - dt.timedelta(minutes=30))

    assert [len(b) for b in sender.batches] == [3, 2] and sender.singles == []
    assert len(summary.sent) == 5


async def test_a_batch_that_raises_is_retried_later(sm: SM) -> None:
    user = await add_user(sm, max_proactive_per_day=10)
    for i in range(2):
        await add_schedule(sm, user, START, name=f"m{i}")
    h = handler(sm, {"web": BatchRecorder(broken=True)}, FrozenClock(START))

    summary = await h.check_and_send_preparation_reminders(START - dt.timedelta(minutes=30))

    rows = await sessions_of(sm)
    assert [o.outcome for o in summary.outcomes] == ["retry", "retry"]
    assert {(r.status, r.last_error) for r in rows} == {("pending", "ConnectionResetError")}
