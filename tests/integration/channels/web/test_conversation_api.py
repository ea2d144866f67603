"""Issue 14, items 1 and 2, through the HTTP API (``POST /api/messages``) on both databases,
for a New York account at a frozen time: a change keeps the meeting's day, a maybe is asked
about instead of noted, and small talk gets a short human answer without a calendar prompt.
Each test checks what an API client (the page) sees: the reply and the upcoming meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from web_helpers import Signup

from companion_bot.services.offline_responder import SMALL_TALK
from companion_bot.testing import FrozenClock

NEW_YORK = ZoneInfo("America/New_York")
#: Tuesday 1 December 2026, 10:00 in New York.
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK)
#: Words of a calendar prompt or of a claimed action: never in an answer to small talk.
CALENDAR_WORDS = ("meeting", "remind", "noted", "note ", "schedule", "calendar", "got it")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


async def say(client: httpx.AsyncClient, text: str) -> dict[str, Any]:
    """``POST /api/messages`` with ``text``; the answer's JSON."""
    response = await client.post("/api/messages", json={"text": text})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def upcoming(client: httpx.AsyncClient) -> list[tuple[str, str, str | None]]:
    """The upcoming meetings as ``GET /api/schedules`` lists them: name, start, end."""
    items = (await client.get("/api/schedules")).json()["items"]
    return [(s["event_name"], s["start_time"], s["end_time"]) for s in items]


async def test_move_the_sync_to_6pm_keeps_its_friday(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("dan", timezone="America/New_York")
    noted = await say(client, "team sync Friday at 3pm")
    assert [s["start_time"] for s in noted["created"]] == ["2026-12-04T15:00:00-05:00"]

    moved = await say(client, "move the sync to 6pm")

    assert "team sync is now Friday 4 Dec, 6 PM." in moved["reply"]["content"]
    assert [s["start_time"] for s in moved["updated"]] == ["2026-12-04T18:00:00-05:00"]
    assert await upcoming(client) == [("team sync", "2026-12-04T18:00:00-05:00", None)]


async def test_doctor_appointment_moved_to_9am_keeps_december_10(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("dan", timezone="America/New_York")
    noted = await say(client, "doctor appointment Dec 10 at 2pm")
    assert [s["start_time"] for s in noted["created"]] == ["2026-12-10T14:00:00-05:00"]

    moved = await say(client, "doctor appointment moved to 9am")

    assert "doctor appointment is now Thursday 10 Dec, 9 AM." in moved["reply"]["content"]
    assert await upcoming(client) == [("doctor appointment", "2026-12-10T09:00:00-05:00", None)]


async def test_maybe_lunch_friday_is_asked_about_not_noted(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("dan", timezone="America/New_York")

    said = await say(client, "maybe lunch Friday?")

    assert said["reply"]["content"] == (
        "I won't note it until it's settled — tell me when it's fixed."
    )
    assert (said["created"], said["updated"], said["cancelled"]) == ([], [], [])
    assert await upcoming(client) == []


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how was your day", "how_was_your_day"),
        ("I'm tired today", "tired"),
        ("good night", "good_night"),
    ],
)
async def test_small_talk_gets_a_short_human_answer(
    client: httpx.AsyncClient, signup: Signup, text: str, intent: str
) -> None:
    await signup("dan", timezone="America/New_York")

    said = await say(client, text)

    reply = said["reply"]["content"]
    assert reply in next(answers for i, _, answers in SMALL_TALK if i == intent)
    assert len(reply) <= 80
    assert not any(word in reply.lower() for word in CALENDAR_WORDS)
    assert said["reply"]["answers"] == []  # no Yes / No offer either
    assert await upcoming(client) == []


async def test_a_misspelt_meeting_is_asked_about_and_yes_notes_it_spelt_right(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("dan", timezone="America/New_York")

    asked = await say(client, "meetign w/ bob tmrw 2pm")

    assert asked["reply"]["content"].startswith("Did you mean a meeting with bob tomorrow at 2 PM?")
    assert await upcoming(client) == []
    await say(client, "yes")
    assert await upcoming(client) == [("meeting with bob", "2026-12-02T14:00:00-05:00", None)]
