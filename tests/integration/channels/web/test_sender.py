"""Web delivery of proactive messages: stored once, pushed to open pages, retried safely."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from web_helpers import NOW

from companion_bot.channels.web.sender import WebSender
from companion_bot.channels.web.sse import StreamHub
from companion_bot.ports import DeliveryStatus, OutboundMessage
from companion_bot.storage import users
from companion_bot.storage.db import make_sessionmaker
from companion_bot.storage.models import Message, ProactiveSession, UserSchedule


async def _meeting(session: AsyncSession) -> tuple[int, int, int]:
    """A user, one meeting of theirs and a pending reminder session for it."""
    user = await users.create_user(session, username="ada", timezone="Europe/Berlin")
    schedule = UserSchedule(
        user_id=user.id, event_name="team meeting", start_time=NOW, channel="web"
    )
    session.add(schedule)
    await session.flush()
    proactive = ProactiveSession(
        user_id=user.id, session_type="completion", reference_id=schedule.id, channel="web"
    )
    session.add(proactive)
    await session.commit()
    return user.id, schedule.id, proactive.id


async def test_stores_a_proactive_question_and_pushes_it(
    engine: AsyncEngine, session: AsyncSession
) -> None:
    user_id, schedule_id, proactive_id = await _meeting(session)
    hub = StreamHub()
    page = hub.subscribe(user_id)
    sender = WebSender(make_sessionmaker(engine), hub)
    outbound = OutboundMessage(
        user_id=user_id,
        text="How did the team meeting go?",
        proactive_session_id=proactive_id,
        schedule_id=schedule_id,
        is_question=True,
    )

    result = await sender.send(outbound)

    assert result.status is DeliveryStatus.DELIVERED
    stored = await session.get(Message, result.message_id)
    assert stored is not None
    assert (stored.channel, stored.role, stored.message_type) == ("web", "bot", "proactive")
    assert stored.content == "How did the team meeting go?"
    assert (stored.is_question, stored.question_schedule_id) == (True, schedule_id)
    assert stored.proactive_session_id == proactive_id
    event = await asyncio.wait_for(page.queue.get(), timeout=1)
    assert event is not None
    assert event.id == result.message_id
    assert json.loads(event.data)["content"] == "How did the team meeting go?"


async def test_a_retry_never_stores_the_message_twice(
    engine: AsyncEngine, session: AsyncSession
) -> None:
    user_id, _, proactive_id = await _meeting(session)
    sender = WebSender(make_sessionmaker(engine), StreamHub())
    outbound = OutboundMessage(
        user_id=user_id, text="Team meeting in 30 minutes.", proactive_session_id=proactive_id
    )

    first = await sender.send(outbound)
    second = await sender.send(outbound)

    assert first.status is second.status is DeliveryStatus.DELIVERED
    assert first.message_id == second.message_id
    count = await session.scalar(
        select(func.count()).select_from(Message).where(Message.user_id == user_id)
    )
    assert count == 1


async def test_unknown_user_is_a_permanent_failure(engine: AsyncEngine) -> None:
    sender = WebSender(make_sessionmaker(engine), StreamHub())

    result = await sender.send(OutboundMessage(user_id=9999, text="hello?"))

    assert result.status is DeliveryStatus.PERMANENT_FAILURE


async def test_database_down_means_retry_later() -> None:
    from companion_bot.storage.db import make_engine

    engine = make_engine("postgresql://nobody@127.0.0.1:9/none")
    try:
        sender = WebSender(make_sessionmaker(engine), StreamHub())
        result = await sender.send(OutboundMessage(user_id=1, text="hello?"))
    finally:
        await engine.dispose()

    assert result.status is DeliveryStatus.RETRY_LATER
    assert result.error
