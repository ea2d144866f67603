"""A clock time that does not exist ("25:00", "13pm", "10:75") is asked about, over HTTP with
the real pipeline on both databases: nothing is stored for it (no all-day meeting, no 13:00),
and the reply asks for the time."""

from __future__ import annotations

import httpx
import pytest
from web_helpers import Signup

# Now: Wednesday 25 November 2026, 10:00 in Berlin.


async def _say(client: httpx.AsyncClient, text: str) -> dict[str, object]:
    response = await client.post("/api/messages", json={"text": text})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


async def _upcoming(client: httpx.AsyncClient) -> list[tuple[str, str]]:
    items = (await client.get("/api/schedules")).json()["items"]
    return [(s["event_name"], s["start_time"]) for s in items]


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "meeting at 25:00 tomorrow",
            "25:00 isn't a time I know — what time is the meeting tomorrow?",
        ),
        (
            "dentist friday at 13pm",
            "13pm isn't a time I know — what time is the dentist on Friday?",
        ),
        ("meeting at 25:00", "25:00 isn't a time I know — what time did you mean?"),
    ],
)
async def test_an_impossible_time_is_asked_about_and_nothing_is_stored(
    client: httpx.AsyncClient, signup: Signup, text: str, question: str
) -> None:
    await signup("ada", timezone="Europe/Berlin")

    body = await _say(client, text)

    reply = body["reply"]
    assert isinstance(reply, dict)
    assert reply["content"] == question
    assert (body["created"], body["updated"]) == ([], [])
    assert await _upcoming(client) == []


async def test_the_other_meetings_of_the_message_are_kept(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="Europe/Berlin")

    body = await _say(client, "dentist wed 2pm, team meeting thu 25:00")

    reply = body["reply"]
    assert isinstance(reply, dict) and isinstance(reply["content"], str)
    assert reply["content"].endswith(
        "25:00 isn't a time I know — what time is the team meeting tomorrow?"
    )
    assert await _upcoming(client) == [("dentist", "2026-11-25T14:00:00+01:00")]


async def test_a_move_to_an_impossible_time_moves_nothing(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="Europe/Berlin")
    await _say(client, "standup friday at 9am")
    before = await _upcoming(client)
    assert before == [("standup", "2026-11-27T09:00:00+01:00")]

    body = await _say(client, "the standup moved to 13pm")

    reply = body["reply"]
    assert isinstance(reply, dict)
    assert reply["content"] == "13pm isn't a time I know — what time should I move the standup to?"
    assert body["updated"] == []
    assert await _upcoming(client) == before
