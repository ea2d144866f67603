"""Task reminders over HTTP (issue 14, item 4): "remind me to call mom at 6pm" is confirmed,
listed in ``/api/schedules`` as a task, reminded in the web history at 18:00 (the job run
with the frozen clock) exactly once, and not at all once cancelled from the panel."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from fastapi import FastAPI
from web_helpers import Signup

from companion_bot.proactive.runner import run_pass
from companion_bot.testing import FrozenClock

NEW_YORK = ZoneInfo("America/New_York")
#: 18:00 in New York on the day of the test clock (Wednesday 25 November 2026).
SIX_PM = dt.datetime(2026, 11, 25, 18, 0, tzinfo=NEW_YORK)


async def _remind(client: httpx.AsyncClient, signup: Signup) -> dict[str, Any]:
    await signup("dan", timezone="America/New_York")
    response = await client.post("/api/messages", json={"text": "remind me to call mom at 6pm"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _proactive(client: httpx.AsyncClient) -> list[str]:
    items = (await client.get("/api/messages")).json()["items"]
    return [m["content"] for m in items if m["message_type"] == "proactive"]


async def _run_job(app: FastAPI, clock: FrozenClock, at: dt.datetime) -> None:
    clock.set(at)
    await run_pass(app.state.proactive_handler, clock.now())


async def test_confirmed_listed_and_reminded_at_six_once(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    body = await _remind(client, signup)

    assert body["reply"]["content"] == "Okay — I'll remind you to call mom today at 6:00 PM."
    [created] = body["created"]
    assert (created["kind"], created["event_name"], created["start_time"]) == (
        "task",
        "call mom",
        "2026-11-25T18:00:00-05:00",
    )
    [listed] = (await client.get("/api/schedules")).json()["items"]
    assert (listed["id"], listed["kind"], listed["end_time"]) == (created["id"], "task", None)

    await _run_job(app, clock, SIX_PM - dt.timedelta(minutes=30))  # a meeting's reminder time
    assert await _proactive(client) == []
    await _run_job(app, clock, SIX_PM)
    await _run_job(app, clock, SIX_PM + dt.timedelta(minutes=1))

    assert await _proactive(client) == ["⏰ Reminder: call mom"]


async def test_cancelled_from_the_panel_it_is_not_sent(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    [created] = (await _remind(client, signup))["created"]

    cancelled = await client.patch(f"/api/schedules/{created['id']}", json={"status": "cancelled"})
    await _run_job(app, clock, SIX_PM)

    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert (await client.get("/api/schedules")).json()["items"] == []
    assert await _proactive(client) == []


async def test_moved_in_the_panel_it_is_reminded_at_the_new_time(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    [created] = (await _remind(client, signup))["created"]

    moved = await client.patch(
        f"/api/schedules/{created['id']}", json={"start_time": "2026-11-25T19:30:00"}
    )
    await _run_job(app, clock, SIX_PM)
    assert await _proactive(client) == []
    await _run_job(app, clock, SIX_PM.replace(hour=19, minute=30))

    assert moved.status_code == 200, moved.text
    assert await _proactive(client) == ["⏰ Reminder: call mom"]
