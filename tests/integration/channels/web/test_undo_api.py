"""Undo on the web, through the HTTP API on both databases: ``POST /api/schedules/undo`` and
"undo" in the chat say what they restored, a second undo goes a step further back, nothing
older than 10 minutes is undone, and undoing never doubles or loses a reminder. A reply that
changed a meeting says which change its Undo takes back (``undo`` of ``POST /api/messages``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from web_helpers import Signup

from companion_bot.proactive.runner import run_pass
from companion_bot.storage.models import ProactiveSession
from companion_bot.testing import FrozenClock

NOTHING = "There's nothing I can undo from the last 10 minutes."
#: Thursday 26 November 2026 in UTC: the dentist at 10:00, its reminder due at 09:30.
REMINDER_DUE = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


async def book(client: httpx.AsyncClient, text: str = "dentist tomorrow at 10am") -> dict[str, Any]:
    said = await client.post("/api/messages", json={"text": text})
    assert said.status_code == 200, said.text
    [meeting] = said.json()["created"]
    return meeting  # type: ignore[no-any-return]


async def undo(client: httpx.AsyncClient, **body: Any) -> httpx.Response:
    return await client.post("/api/schedules/undo", json=body)


async def upcoming(client: httpx.AsyncClient) -> list[tuple[str, str]]:
    items = (await client.get("/api/schedules")).json()["items"]
    return [(s["event_name"], s["start_time"]) for s in items]


async def proactive_kinds(app: FastAPI, client: httpx.AsyncClient) -> list[str]:
    """The proactive messages on the page, as the kinds of message they are (their buttons
    act on that proactive session)."""
    history = (await client.get("/api/messages")).json()["items"]
    ids = [m["proactive_session_id"] for m in history if m["message_type"] == "proactive"]
    async with app.state.sessionmaker() as session:
        rows = [await session.get(ProactiveSession, i) if i else None for i in ids]
    return [row.session_type if row else "unlinked" for row in rows]


async def test_undo_after_a_cancel_in_the_panel_and_again_and_nothing_left(
    client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    await signup("ada", timezone="America/New_York")
    dentist = await book(client, "dentist on Dec 10 at 3pm")
    cancelled = await client.patch(f"/api/schedules/{dentist['id']}", json={"status": "cancelled"})
    assert cancelled.status_code == 200 and await upcoming(client) == []
    clock.advance(2 * MINUTE)

    first = await undo(client, schedule_id=dentist["id"])
    second = await undo(client)
    third = await undo(client)

    assert first.status_code == 200, first.text
    assert first.json() == {
        "change": "cancelled",
        "text": "Undone: the dentist is back on Thu Dec 10 at 3:00 PM.",
        "schedule": {**dentist, "status": "scheduled"},
    }
    assert second.json()["text"] == 'Undone: I removed "dentist".'
    assert second.json()["schedule"]["status"] == "cancelled"
    assert (third.status_code, third.json()) == (409, {"detail": NOTHING})
    assert await upcoming(client) == []


async def test_undo_in_the_chat_says_what_it_restored(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="UTC")
    await book(client, "call with the Berlin office on Monday 10-10:30am")
    moved = await client.post("/api/messages", json={"text": "the berlin call got moved to 11"})
    assert moved.json()["updated"], moved.text

    said = await client.post("/api/messages", json={"text": "undo that"})

    assert said.status_code == 200
    assert said.json()["reply"]["content"] == (
        "Undone: the call with Berlin office is back at 10:00 AM on Mon Nov 30."
    )
    assert await upcoming(client) == [("call with Berlin office", "2026-11-30T10:00:00+00:00")]
    again = await client.post("/api/messages", json={"text": "undo"})
    nothing = await client.post("/api/messages", json={"text": "undo"})
    assert again.json()["reply"]["content"] == 'Undone: I removed "call with Berlin office".'
    assert nothing.json()["reply"]["content"] == NOTHING


async def test_nothing_older_than_ten_minutes_and_nobody_elses_is_undone(
    client: httpx.AsyncClient,
    new_client: Any,
    signup: Signup,
    clock: FrozenClock,
) -> None:
    await signup("ada", timezone="UTC")
    dentist = await book(client)
    async with new_client() as bob:
        await signup("bob", timezone="UTC", on=bob)
        clock.advance(10 * MINUTE)
        assert (await undo(bob)).status_code == 409  # ada's change is not bob's
        clock.advance(dt.timedelta(seconds=1))

        late = await undo(client)

    assert (late.status_code, late.json()["detail"]) == (409, NOTHING)
    assert await upcoming(client) == [(dentist["event_name"], dentist["start_time"])]


async def test_an_undo_for_another_meeting_than_the_last_change_is_refused(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="UTC")
    dentist = await book(client)
    await book(client, "lunch with Maria on Friday at noon")

    refused = await undo(client, schedule_id=dentist["id"])

    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        'Your last change was to "lunch with Maria", so I didn\'t undo anything.'
    )
    assert len(await upcoming(client)) == 2


async def test_undoing_a_move_neither_repeats_the_reminder_nor_loses_the_snooze(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    await signup("ada", timezone="UTC")
    dentist = await book(client)
    clock.set(REMINDER_DUE)
    await run_pass(app.state.proactive_handler, clock.now())
    [reminder] = [
        m for m in (await client.get("/api/messages")).json()["items"] if m["proactive_session_id"]
    ]
    snoozed = await client.post(
        f"/api/proactive/{reminder['proactive_session_id']}/actions", json={"action": "snooze"}
    )
    assert snoozed.json()["outcome"] == "snoozed"  # again at 09:40
    clock.advance(2 * MINUTE)
    moved = await client.patch(
        f"/api/schedules/{dentist['id']}", json={"start_time": "2026-11-26T15:00:00+00:00"}
    )
    assert moved.status_code == 200, moved.text

    clock.advance(MINUTE)
    assert (await undo(client)).json()["change"] == "moved"
    for minutes in (1, 9, 11):  # 09:34, 09:42 (the snooze), 09:44
        clock.set(REMINDER_DUE + minutes * MINUTE)
        await run_pass(app.state.proactive_handler, clock.now())

    assert await upcoming(client) == [("dentist", "2026-11-26T10:00:00+00:00")]
    assert await proactive_kinds(app, client) == ["preparation_reminder", "snooze"]


async def test_undoing_a_cancel_sends_the_reminder_skipped_meanwhile_once(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    await signup("ada", timezone="UTC")
    dentist = await book(client)
    clock.set(REMINDER_DUE)
    await run_pass(app.state.proactive_handler, clock.now())
    history = (await client.get("/api/messages")).json()["items"]
    [reminder] = [m for m in history if m["proactive_session_id"]]
    await client.post(
        f"/api/proactive/{reminder['proactive_session_id']}/actions", json={"action": "snooze"}
    )
    clock.advance(MINUTE)
    await client.patch(f"/api/schedules/{dentist['id']}", json={"status": "cancelled"})
    clock.set(REMINDER_DUE + 10 * MINUTE)
    await run_pass(app.state.proactive_handler, clock.now())  # the snooze: skipped, cancelled
    assert await proactive_kinds(app, client) == ["preparation_reminder"]

    assert (await undo(client)).json()["change"] == "cancelled"
    for minutes in (11, 12):
        clock.set(REMINDER_DUE + minutes * MINUTE)
        await run_pass(app.state.proactive_handler, clock.now())

    assert await proactive_kinds(app, client) == ["preparation_reminder", "snooze"]


async def test_undoing_a_new_meeting_leaves_nothing_to_remind(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    await signup("ada", timezone="UTC")
    await book(client)

    assert (await undo(client)).json()["change"] == "created"
    clock.set(REMINDER_DUE)
    await run_pass(app.state.proactive_handler, clock.now())

    assert await proactive_kinds(app, client) == []


async def test_a_reply_that_changed_a_meeting_offers_its_undo_until_ten_minutes_on(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="UTC")
    noted = await client.post("/api/messages", json={"text": "dentist tomorrow at 10am"})
    moved = await client.post("/api/messages", json={"text": "the dentist got moved to 11am"})
    [dentist] = noted.json()["created"]

    assert noted.json()["undo"] == {
        "schedule_id": dentist["id"],
        "event_name": "dentist",
        "change": "created",
        "until": "2026-11-25T09:10:00+00:00",
    }
    assert moved.json()["undo"]["change"] == "moved"
    taken_back = await undo(client, schedule_id=moved.json()["undo"]["schedule_id"])
    assert taken_back.json()["text"] == "Undone: the dentist is back at 10:00 AM on Thu Nov 26."


@pytest.mark.parametrize(
    "text",
    ["thanks", "dentist tomorrow at 10am", "undo"],
    ids=["small talk", "mentioned again", "undo"],
)
async def test_a_reply_that_changed_nothing_offers_no_undo(
    client: httpx.AsyncClient, signup: Signup, text: str
) -> None:
    await signup("ada", timezone="UTC")
    await book(client)

    said = await client.post("/api/messages", json={"text": text})

    assert said.status_code == 200, said.text
    assert said.json()["undo"] is None


async def test_a_repeating_meeting_noted_offers_the_undo_of_the_whole_series(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="UTC")
    said = await client.post("/api/messages", json={"text": "standup every weekday at 9:30"})

    offer = said.json()["undo"]

    assert (offer["event_name"], offer["change"]) == ("standup", "created")
    taken_back = await undo(client, schedule_id=offer["schedule_id"])
    assert taken_back.json()["text"] == 'Undone: I removed "standup" (every weekday at 9:30 AM).'
    assert await upcoming(client) == []
