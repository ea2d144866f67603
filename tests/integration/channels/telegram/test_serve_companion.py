"""The app ``serve`` runs, whole: the web API, the Telegram bot and the embedded job loop
share one pipeline, and each reminder goes out on the channel the meeting came from."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import ADA, message_update
from tg_standin import BotApiState

from companion_bot.composition import create_app
from companion_bot.config import Settings
from companion_bot.storage.models import Message, ProactiveSession
from companion_bot.testing import FrozenClock


@pytest.fixture
def telegram_overrides() -> dict[str, Any]:
    return {"jobs_embedded": True, "job_period_seconds": 0.2}


async def _until(predicate: Any, *, within: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


async def test_serve_runs_bot_and_jobs_and_keeps_channels_apart(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    bot_api: BotApiState,
) -> None:
    app = create_app(settings, clock=clock)
    async with app.router.lifespan_context(app):
        assert app.state.job_loop is not None and app.state.job_loop.running
        await app.state.telegram_runtime.started.wait()

        # Telegram: first contact, a zone, then a meeting in plain words.
        for text in ("/start", "/timezone Europe/Berlin", "dentist tomorrow at 10am"):
            sent = len(bot_api.calls_of("sendMessage"))
            bot_api.push_update(message_update(ADA, text))
            await bot_api.wait_for("sendMessage", sent + 1)

        # Web: a second user mentions a meeting through the API.
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as web:
            signup = {"username": "grace", "password": "correct horse 42", "timezone": "UTC"}
            assert (await web.post("/api/auth/signup", json=signup)).status_code == 201
            reply = await web.post("/api/messages", json={"text": "call with Bob tomorrow 11am"})
            assert reply.status_code == 200, reply.text

        # Tomorrow 09:45 Berlin (08:45 UTC): the dentist reminder is due; Grace's 11:00 UTC
        # call is due at 10:30 UTC.
        telegram_texts_before = len(bot_api.sent_texts(ADA["id"]))
        clock.set(dt.datetime(2026, 11, 26, 8, 45, tzinfo=dt.UTC))
        await bot_api.wait_for("sendMessage", len(bot_api.calls_of("sendMessage")) + 1)
        reminder = bot_api.sent_texts(ADA["id"])[telegram_texts_before:]
        assert len(reminder) == 1 and "dentist" in reminder[0].lower()

        clock.set(dt.datetime(2026, 11, 26, 10, 35, tzinfo=dt.UTC))

        async def web_reminder_stored() -> bool:
            async with sessionmaker() as session:
                found = await session.scalar(
                    select(Message).where(
                        Message.message_type == "proactive", Message.channel == "web"
                    )
                )
            return found is not None

        await _until(web_reminder_stored)
        await asyncio.sleep(0.5)  # a few more loop runs: nothing is sent twice

    async with sessionmaker() as session:
        sessions = (await session.scalars(select(ProactiveSession))).all()
        proactive = (
            await session.scalars(select(Message).where(Message.message_type == "proactive"))
        ).all()
    reminders = [s for s in sessions if s.session_type == "preparation_reminder"]
    assert sorted(s.channel for s in reminders) == ["telegram", "web"]
    assert all(s.status == "sent" for s in reminders)
    assert sorted(m.channel for m in proactive) == ["telegram", "web"]
    assert len(bot_api.sent_texts(ADA["id"])) == telegram_texts_before + 1
