"""Quick actions under a proactive message on the web: the history exposes the proactive
session, POST /api/proactive/{id}/actions applies thanks / snooze / not a meeting, and
nobody can act on another user's message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI
from web_helpers import Signup

from companion_bot.testing import FrozenClock

REMINDER_AT = dt.datetime(2026, 11, 26, 13, 0, tzinfo=dt.UTC)  # 14:00 Berlin, 30 min before


async def reminder_on_the_page(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> dict[str, Any]:
    """Ada mentions a meeting, the job sends its reminder; the reminder as the page sees it."""
    await signup("ada", timezone="Europe/Berlin")
    said = await client.post("/api/messages", json={"text": "Dentist tomorrow at 2:30 PM"})
    assert said.status_code == 200 and said.json()["created"], said.text
    clock.set(REMINDER_AT)
    summary = await app.state.proactive_handler.check_and_send_preparation_reminders(REMINDER_AT)
    assert len(summary.sent) == 1
    history = (await client.get("/api/messages")).json()["items"]
    [reminder] = [m for m in history if m["message_type"] == "proactive"]
    return reminder  # type: ignore[no-any-return]


async def act(client: httpx.AsyncClient, session_id: int, action: str) -> httpx.Response:
    return await client.post(f"/api/proactive/{session_id}/actions", json={"action": action})


async def test_thanks_from_the_page_acknowledges(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    reminder = await reminder_on_the_page(app, client, signup, clock)
    session_id = reminder["proactive_session_id"]
    assert isinstance(session_id, int)
    reactive = (await client.get("/api/messages")).json()["items"][0]
    assert reactive["proactive_session_id"] is None

    response = await act(client, session_id, "ack")

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["action"], body["outcome"]) == ("ack", "acknowledged")
    assert body["text"].startswith("You're welcome")
    assert (await act(client, session_id, "ack")).json()["outcome"] == "already_done"


async def test_snooze_and_not_a_meeting_from_the_page(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    reminder = await reminder_on_the_page(app, client, signup, clock)
    session_id = reminder["proactive_session_id"]

    snoozed = (await act(client, session_id, "snooze")).json()
    clock.set(REMINDER_AT + dt.timedelta(minutes=10))
    again = await app.state.proactive_handler.check_and_send_preparation_reminders(clock.now())
    cancelled = (await act(client, session_id, "notmeeting")).json()

    assert snoozed["outcome"] == "snoozed"
    assert snoozed["snoozed_until"] == "2026-11-26T13:10:00+00:00"
    assert snoozed["text"] == "Snoozed — I'll remind you again at 2:10 PM."
    assert [o.kind for o in again.sent] == ["snooze"]
    history = (await client.get("/api/messages")).json()["items"]
    proactive = [m for m in history if m["message_type"] == "proactive"]
    assert len(proactive) == 2 and proactive[1]["proactive_session_id"] != session_id
    assert cancelled["outcome"] == "cancelled"
    assert (await client.get("/api/schedules")).json()["items"] == []


async def test_another_users_message_is_not_found(
    app: FastAPI,
    client: httpx.AsyncClient,
    signup: Signup,
    clock: FrozenClock,
    new_client: Callable[[], httpx.AsyncClient],
) -> None:
    reminder = await reminder_on_the_page(app, client, signup, clock)
    session_id = reminder["proactive_session_id"]

    async with new_client() as other:
        await signup("mallory", on=other)
        answers = [await act(other, session_id, a) for a in ("ack", "snooze", "notmeeting")]
        missing = await act(other, session_id + 1000, "ack")
    async with new_client() as stranger:
        anonymous = await act(stranger, session_id, "ack")
    unknown = await act(client, session_id, "explode")

    assert [r.status_code for r in answers] == [404, 404, 404]
    assert missing.status_code == 404
    assert anonymous.status_code == 401
    assert unknown.status_code == 422
    assert (await client.get("/api/schedules")).json()["items"] != []
    owner = (await act(client, session_id, "ack")).json()
    assert owner["outcome"] == "acknowledged"  # mallory's presses changed nothing
