"""A meeting moved in the web panel is reminded at its new time, once."""

from __future__ import annotations

import datetime as dt

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from web_helpers import Signup

from companion_bot.proactive.runner import run_pass
from companion_bot.storage.models import Message
from companion_bot.testing import FrozenClock


async def _proactive_texts(app: FastAPI) -> list[str]:
    async with app.state.sessionmaker() as session:
        rows = await session.scalars(
            select(Message.content).where(Message.message_type == "proactive").order_by(Message.id)
        )
        return list(rows)


async def test_a_moved_meeting_is_reminded_again_at_its_new_time(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    await signup("ada", timezone="UTC")
    reply = await client.post("/api/messages", json={"text": "dentist tomorrow at 10am"})
    (meeting,) = reply.json()["created"]

    reminder_due = dt.datetime(2026, 11, 26, 9, 31, tzinfo=dt.UTC)
    await run_pass(app.state.proactive_handler, reminder_due)
    assert len(await _proactive_texts(app)) == 1

    moved = await client.patch(
        f"/api/schedules/{meeting['id']}", json={"start_time": "2026-11-26T15:00:00+00:00"}
    )
    assert moved.status_code == 200, moved.text
    await run_pass(app.state.proactive_handler, reminder_due)  # the old time: nothing new
    assert len(await _proactive_texts(app)) == 1

    clock.set(dt.datetime(2026, 11, 26, 14, 31, tzinfo=dt.UTC))
    await run_pass(app.state.proactive_handler, clock.now())
    await run_pass(app.state.proactive_handler, clock.now())
    texts = await _proactive_texts(app)
    assert len(texts) == 2
    assert "dentist" in texts[1].lower() and "3:00" in texts[1]
