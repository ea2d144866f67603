"""Replies through an OpenAI-compatible LLM (a real stand-in server on loopback): a normal
answer, a timeout and a 500. When the LLM fails, the offline responder answers and nothing
the user said is lost."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable

import pytest
from llm_standin import LlmState, running_llm
from pipeline_helpers import BERLIN, NOW
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.composition import build_llm_client, build_message_handler
from companion_bot.config import Settings
from companion_bot.services.llm_client import LLMClient
from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage.models import Message, UserSchedule

MEETING = "team meeting Friday 3-4pm"
OFFLINE_CONFIRMATION = "team meeting Friday 3–4 PM. I'll remind you at 2:30 PM."


@pytest.fixture
async def llm() -> AsyncIterator[LlmState]:
    async with running_llm() as state:
        yield state


HandlerFactory = Callable[..., MessageHandler]


@pytest.fixture
async def make_handler(
    sm: async_sessionmaker[AsyncSession], llm: LlmState
) -> AsyncIterator[HandlerFactory]:
    """Pipelines that talk to the stand-in; their LLM connections are closed afterwards."""
    clients: list[LLMClient] = []

    def make(*, timeout: float = 5.0) -> MessageHandler:
        settings = Settings(
            llm_base_url=llm.url,
            llm_model="stand-in",
            llm_api_key="test-key",
            llm_timeout_seconds=timeout,
        )
        clients.append(build_llm_client(settings))
        return build_message_handler(settings, sm, llm_client=clients[-1])

    yield make
    for client in clients:
        await client.aclose()


async def _stored(
    sm: async_sessionmaker[AsyncSession], user_id: int
) -> tuple[list[tuple[str, str]], list[tuple[str, dt.datetime]]]:
    async with sm() as session:
        messages = (
            await session.scalars(
                select(Message).where(Message.user_id == user_id).order_by(Message.id)
            )
        ).all()
        schedules = (
            await session.scalars(select(UserSchedule).where(UserSchedule.user_id == user_id))
        ).all()
    return (
        [(m.role, m.content) for m in messages],
        [(s.event_name, s.start_time) for s in schedules],
    )


async def test_the_llm_answers_with_the_facts_and_the_conversation(
    sm: async_sessionmaker[AsyncSession], user_id: int, llm: LlmState, make_handler: HandlerFactory
) -> None:
    handler = make_handler()

    first = await handler.handle(user_id=user_id, channel="web", text="hello!", now=NOW)
    second = await handler.handle(user_id=user_id, channel="web", text=MEETING, now=NOW)

    assert first.reply.content == second.reply.content == llm.answer
    request = llm.requests[-1]
    assert request["model"] == "stand-in"
    assert llm.authorization == ["Bearer test-key"] * 2
    prompt = llm.system_prompt()
    assert "Wednesday 25 November 2026 09:00 (Europe/Berlin)" in prompt
    assert "team meeting Friday 3–4 PM is on your list." in prompt
    # The conversation so far, then this message.
    assert request["messages"][1:] == [
        {"role": "user", "content": "hello!"},
        {"role": "assistant", "content": llm.answer},
        {"role": "user", "content": MEETING},
    ]
    messages, schedules = await _stored(sm, user_id)
    assert messages == [
        ("user", "hello!"),
        ("bot", llm.answer),
        ("user", MEETING),
        ("bot", llm.answer),
    ]
    assert schedules == [("team meeting", dt.datetime(2026, 11, 27, 15, 0, tzinfo=BERLIN))]


async def test_the_llm_is_told_the_date_and_time_a_meeting_moved_to(
    sm: async_sessionmaker[AsyncSession], user_id: int, llm: LlmState, make_handler: HandlerFactory
) -> None:
    handler = make_handler()
    await handler.handle(user_id=user_id, channel="web", text=MEETING, now=NOW)

    await handler.handle(user_id=user_id, channel="web", text="my 3pm moved to 5", now=NOW)

    assert "team meeting is now Friday 27 Nov, 5–6 PM." in llm.system_prompt()
    _, schedules = await _stored(sm, user_id)
    assert schedules == [("team meeting", dt.datetime(2026, 11, 27, 17, 0, tzinfo=BERLIN))]


async def test_the_llm_is_told_a_task_reminder_was_set_or_what_to_ask(
    sm: async_sessionmaker[AsyncSession], user_id: int, llm: LlmState, make_handler: HandlerFactory
) -> None:
    handler = make_handler()

    await handler.handle(user_id=user_id, channel="web", text="remind me to call mom", now=NOW)
    asked = llm.system_prompt()
    await handler.handle(
        user_id=user_id, channel="web", text="remind me to call mom at 6pm", now=NOW
    )
    noted = llm.system_prompt()

    assert "When should I remind you to call mom?" in asked
    assert "A reminder to call mom is set: it goes out today at 6:00 PM, on this channel." in noted
    assert "changed nothing" not in noted
    _, schedules = await _stored(sm, user_id)
    assert schedules == [("call mom", dt.datetime(2026, 11, 25, 18, 0, tzinfo=BERLIN))]


async def test_a_slow_llm_times_out_and_the_offline_responder_answers(
    sm: async_sessionmaker[AsyncSession],
    user_id: int,
    llm: LlmState,
    make_handler: HandlerFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    llm.delay_seconds = 1.5
    handler = make_handler(timeout=0.2)

    with caplog.at_level(logging.WARNING, logger="companion_bot.services.llm_client"):
        result = await handler.handle(user_id=user_id, channel="web", text=MEETING, now=NOW)

    assert OFFLINE_CONFIRMATION in result.reply.content
    assert await llm.received(2) == 2  # the first try and one retry
    logged = [r.getMessage() for r in caplog.records]
    assert len(logged) == 2
    for attempt, line in enumerate(logged, start=1):
        assert line.startswith(
            f"LLM request to {llm.url}/chat/completions failed (attempt {attempt} of 2): "
            "ReadTimeout"
        )
    messages, schedules = await _stored(sm, user_id)
    assert messages == [("user", MEETING), ("bot", result.reply.content)]
    assert [name for name, _ in schedules] == ["team meeting"]


@pytest.mark.parametrize("status", [500, 503])
async def test_an_llm_error_falls_back_after_one_retry(
    sm: async_sessionmaker[AsyncSession],
    user_id: int,
    llm: LlmState,
    make_handler: HandlerFactory,
    status: int,
) -> None:
    llm.status = status
    handler = make_handler()

    result = await handler.handle(user_id=user_id, channel="telegram", text=MEETING, now=NOW)

    assert OFFLINE_CONFIRMATION in result.reply.content
    assert len(llm.requests) == 2
    assert [s.event_name for s in result.created] == ["team meeting"]
    messages, schedules = await _stored(sm, user_id)
    assert messages == [("user", MEETING), ("bot", result.reply.content)]
    assert len(schedules) == 1


async def test_the_llm_recovers_on_the_retry(
    sm: async_sessionmaker[AsyncSession], user_id: int, llm: LlmState, make_handler: HandlerFactory
) -> None:
    llm.status = 500
    handler = make_handler()
    first = await handler.handle(user_id=user_id, channel="web", text="hi", now=NOW)
    llm.status = 200
    second = await handler.handle(user_id=user_id, channel="web", text="hi again", now=NOW)

    assert first.reply.content != llm.answer
    assert second.reply.content == llm.answer
    assert len(llm.requests) == 3


async def test_an_answer_that_is_not_a_completion_falls_back(
    sm: async_sessionmaker[AsyncSession], user_id: int, llm: LlmState, make_handler: HandlerFactory
) -> None:
    llm.answer = "   "
    handler = make_handler()

    result = await handler.handle(user_id=user_id, channel="web", text=MEETING, now=NOW)

    assert OFFLINE_CONFIRMATION in result.reply.content
    assert len(llm.requests) == 2
