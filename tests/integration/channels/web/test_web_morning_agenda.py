"""The morning agenda on the web: off for a new account; turned on, moved and off in chat
("send me a morning summary", "morning summary at 7:30", "stop the morning summary") and in
Settings (``PUT /api/preferences``); and then it is in the chat history at that local time,
once, listing the day's meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import FastAPI
from web_helpers import Signup

from companion_bot.proactive.runner import run_pass
from companion_bot.testing import FrozenClock

BERLIN = ZoneInfo("Europe/Berlin")
#: The test clock is Wednesday 25 November 2026, 10:00 in Berlin: the agendas are the next day's.
THURSDAY = dt.date(2026, 11, 26)


def berlin(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(THURSDAY, dt.time(hour, minute), tzinfo=BERLIN)


async def say(client: httpx.AsyncClient, text: str) -> dict[str, Any]:
    response = await client.post("/api/messages", json={"text": text})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def agenda_setting(client: httpx.AsyncClient) -> tuple[str | None, bool]:
    prefs = (await client.get("/api/preferences")).json()
    return prefs["morning_agenda"], prefs["morning_agenda_when_empty"]


async def proactive(client: httpx.AsyncClient) -> list[str]:
    items = (await client.get("/api/messages")).json()["items"]
    return [m["content"] for m in reversed(items) if m["message_type"] == "proactive"]


async def run_job(app: FastAPI, clock: FrozenClock, at: dt.datetime) -> None:
    clock.set(at)
    await run_pass(app.state.proactive_handler, clock.now())


async def test_off_for_a_new_account(client: httpx.AsyncClient, signup: Signup) -> None:
    await signup()
    assert await agenda_setting(client) == (None, False)


async def test_on_moved_and_off_in_chat(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    await signup()
    await say(client, "dentist tomorrow at 3pm")

    on = await say(client, "send me a morning summary")
    assert on["reply"]["content"] == (
        "Okay — every day at 8 AM I'll send you a short summary of the day's meetings, "
        "except on days with nothing planned."
    )
    assert await agenda_setting(client) == ("08:00", False)
    moved = await say(client, "morning summary at 7:30")
    assert moved["created"] == []  # a setting, not a meeting at 7:30
    assert await agenda_setting(client) == ("07:30", False)

    for minute in (0, 29, 30, 31, 45):
        await run_job(app, clock, berlin(7, minute))
    assert await proactive(client) == ["Good morning! Today: 3 PM dentist."]

    off = await say(client, "stop the morning summary")
    assert off["reply"]["content"].startswith("Okay — no more morning summaries.")
    assert await agenda_setting(client) == (None, False)
    await run_job(app, clock, berlin(7, 30) + dt.timedelta(days=1))
    assert len(await proactive(client)) == 1  # nothing the next morning


async def test_even_when_there_is_nothing(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    await signup()
    await say(client, "send me a morning summary even when there's nothing")

    await run_job(app, clock, berlin(8))

    assert await agenda_setting(client) == ("08:00", True)
    assert await proactive(client) == ["Good morning! Nothing on your calendar today."]


async def test_settings_turn_it_on_and_off(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    await signup()
    prefs = (await client.get("/api/preferences")).json()

    saved = await client.put(
        "/api/preferences",
        json={**prefs, "morning_agenda": "06:45", "morning_agenda_when_empty": True},
    )
    assert saved.status_code == 200, saved.text
    assert (saved.json()["morning_agenda"], saved.json()["morning_agenda_when_empty"]) == (
        "06:45",
        True,
    )
    # A client that does not know the fields (sent before they existed) leaves them as they are.
    older = {k: v for k, v in prefs.items() if not k.startswith("morning_agenda")}
    assert (await client.put("/api/preferences", json=older)).status_code == 200
    assert await agenda_setting(client) == ("06:45", True)

    await run_job(app, clock, berlin(6, 45))
    assert await proactive(client) == ["Good morning! Nothing on your calendar today."]

    off = await client.put("/api/preferences", json={**prefs, "morning_agenda": None})
    assert off.status_code == 200 and off.json()["morning_agenda"] is None
    await run_job(app, clock, berlin(6, 45) + dt.timedelta(days=1))
    assert len(await proactive(client)) == 1


@pytest.mark.parametrize("value", ["7:30", "24:00", "07:60", "morning", ""])
async def test_settings_refuse_a_time_that_is_not_hh_mm(
    client: httpx.AsyncClient, signup: Signup, value: str
) -> None:
    await signup()
    prefs = (await client.get("/api/preferences")).json()

    response = await client.put("/api/preferences", json={**prefs, "morning_agenda": value})

    assert response.status_code == 422
    assert await agenda_setting(client) == (None, False)
