"""Chat, history, schedules and preferences over HTTP, with the real conversation pipeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from web_helpers import Signup

MEETING = "Team meeting 3-4 PM Friday"


async def _say(client: httpx.AsyncClient, text: str) -> httpx.Response:
    return await client.post("/api/messages", json={"text": text})


async def test_a_meeting_in_chat_becomes_a_schedule_in_the_users_zone(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="Europe/Berlin")

    response = await _say(client, MEETING)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["message"]["content"] == MEETING
    assert body["reply"]["role"] == "bot"
    assert body["reply"]["content"]
    [created] = body["created"]
    assert "team meeting" in created["event_name"].lower()
    assert created["start_time"] == "2026-11-27T15:00:00+01:00"
    assert created["end_time"] == "2026-11-27T16:00:00+01:00"
    assert (created["channel"], created["status"]) == ("web", "scheduled")
    upcoming = (await client.get("/api/schedules")).json()
    assert upcoming["timezone"] == "Europe/Berlin"
    assert [s["id"] for s in upcoming["items"]] == [created["id"]]
    assert set(upcoming["items"][0]) >= {
        "id",
        "event_name",
        "start_time",
        "end_time",
        "channel",
        "status",
    }


async def test_an_offer_comes_with_yes_and_no_and_yes_notes_it(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="Europe/Berlin")

    offer = (await _say(client, "tomorrow. lunch with Sam?")).json()
    yes = (await _say(client, offer["reply"]["answers"][0])).json()

    assert offer["created"] == [] and offer["reply"]["answers"] == ["Yes", "No"]
    assert offer["message"]["answers"] == []
    [created] = yes["created"]
    assert (created["event_name"], created["start_time"]) == (
        "lunch with Sam",
        "2026-11-26T00:00:00+01:00",
    )
    assert yes["reply"]["answers"] == []
    history = (await client.get("/api/messages")).json()["items"]
    assert [m["answers"] for m in history if m["role"] == "bot"] == [["Yes", "No"], []]


async def test_the_panel_lists_each_coming_standup_as_recurring_and_edits_one(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="Europe/Berlin")

    noted = (await _say(client, "standup every weekday at 9:30")).json()
    items = (await client.get("/api/schedules")).json()["items"]
    moved = await client.patch(
        f"/api/schedules/{items[0]['id']}", json={"start_time": "2026-11-26T10:00:00"}
    )
    after = (await client.get("/api/schedules")).json()["items"]

    assert [s["start_time"][:16] for s in noted["created"][:3]] == [
        "2026-11-26T09:30",
        "2026-11-27T09:30",
        "2026-11-30T09:30",
    ]
    assert [s["start_time"][:16] for s in items] == [s["start_time"][:16] for s in noted["created"]]
    assert {(s["recurrence"], s["series_id"]) for s in items} == {
        ("every weekday at 9:30 AM", items[0]["series_id"])
    }
    assert moved.status_code == 200 and moved.json()["recurrence"] == "every weekday at 9:30 AM"
    assert [s["start_time"][11:16] for s in after[:3]] == ["10:00", "09:30", "09:30"]


async def test_history_pages_oldest_first_within_a_page(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    for word in ("one", "two", "three"):
        assert (await _say(client, f"message {word}")).status_code == 200

    newest = (await client.get("/api/messages?limit=4")).json()
    older = (await client.get(f"/api/messages?limit=4&before={newest['next_before']}")).json()

    contents = [m["content"] for m in older["items"] + newest["items"]]
    assert [c for c in contents if c.startswith("message")] == [
        "message one",
        "message two",
        "message three",
    ]
    assert [m["role"] for m in older["items"] + newest["items"]] == ["user", "bot"] * 3
    assert older["next_before"] is None
    assert newest["items"][-1]["created_at"].endswith("+00:00")


@pytest.mark.parametrize("text", ["", "   \n"])
async def test_empty_text_is_422(client: httpx.AsyncClient, signup: Signup, text: str) -> None:
    await signup("ada")
    response = await _say(client, text)
    assert response.status_code == 422


async def test_text_over_the_limit_is_413_with_a_clear_message(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    response = await _say(client, "x" * 4001)
    assert response.status_code == 413
    assert response.json()["detail"] == "Message too long: 4001 characters; the limit is 4000."
    history = (await client.get("/api/messages")).json()
    assert history["items"] == []


@pytest.mark.parametrize("settings_overrides", [{"messages_per_minute": 3}])
async def test_more_than_the_per_user_rate_is_429(
    client: httpx.AsyncClient,
    signup: Signup,
    new_client: Callable[[], httpx.AsyncClient],
    settings_overrides: dict[str, Any],
) -> None:
    await signup("ada")
    codes = [(await _say(client, f"hi {i}")).status_code for i in range(4)]
    refused = await _say(client, "one more")
    async with new_client() as other:
        await signup("bob", on=other)
        bob = await _say(other, "hi")
    assert codes == [200, 200, 200, 429]
    assert refused.headers["retry-after"] == "60"
    assert "3 messages a minute" in refused.json()["detail"]
    assert bob.status_code == 200


async def test_edit_move_and_cancel_a_schedule(client: httpx.AsyncClient, signup: Signup) -> None:
    await signup("ada", timezone="Europe/Berlin")
    [created] = (await _say(client, MEETING)).json()["created"]
    url = f"/api/schedules/{created['id']}"

    renamed = await client.patch(url, json={"event_name": "Team sync"})
    moved = await client.patch(url, json={"start_time": "2026-11-27T17:00:00"})
    backwards = await client.patch(url, json={"end_time": "2026-11-27T08:00:00+01:00"})
    cancelled = await client.patch(url, json={"status": "cancelled"})
    upcoming = (await client.get("/api/schedules")).json()["items"]

    assert renamed.json()["event_name"] == "Team sync"
    assert moved.json()["start_time"] == "2026-11-27T17:00:00+01:00"
    assert moved.json()["end_time"] == "2026-11-27T18:00:00+01:00"  # keeps its hour
    assert backwards.status_code == 422
    assert cancelled.json()["status"] == "cancelled"
    assert upcoming == []


async def test_null_removes_the_end_and_a_day_only_meeting_can_keep_no_time(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="Europe/Berlin")
    [meeting] = (await _say(client, MEETING)).json()["created"]
    [dentist] = (await _say(client, "dentist on Monday")).json()["created"]
    assert dentist["time_is_approximate"] is True
    url = f"/api/schedules/{meeting['id']}"

    renamed = await client.patch(url, json={"event_name": "Team sync"})
    no_end = await client.patch(url, json={"end_time": None})
    moved = await client.patch(url, json={"start_time": "2026-11-27T17:00:00"})
    day = dentist["start_time"][len("2026-11-30") :]  # its clock and offset, kept
    same_kind = await client.patch(
        f"/api/schedules/{dentist['id']}",
        json={"start_time": f"2026-12-01{day}", "keep_approximate": True},
    )

    assert renamed.json()["end_time"] == "2026-11-27T16:00:00+01:00"  # left out: kept
    assert no_end.status_code == 200, no_end.text
    assert no_end.json()["end_time"] is None
    assert moved.json()["end_time"] is None
    assert same_kind.json()["start_time"] == f"2026-12-01{day}"
    assert same_kind.json()["time_is_approximate"] is True
    exact = await client.patch(
        f"/api/schedules/{dentist['id']}", json={"start_time": "2026-12-01T09:30:00"}
    )
    assert exact.json()["time_is_approximate"] is False


async def test_another_users_schedule_is_404(
    client: httpx.AsyncClient, signup: Signup, new_client: Callable[[], httpx.AsyncClient]
) -> None:
    await signup("ada")
    [created] = (await _say(client, MEETING)).json()["created"]
    async with new_client() as other:
        await signup("bob", on=other)
        stolen = await other.patch(f"/api/schedules/{created['id']}", json={"status": "cancelled"})
        missing = await other.patch("/api/schedules/999999", json={"status": "cancelled"})
        bobs_list = (await other.get("/api/schedules")).json()["items"]
    assert stolen.status_code == 404
    assert missing.status_code == 404
    assert bobs_list == []
    assert (await client.get("/api/schedules")).json()["items"][0]["status"] == "scheduled"


async def test_preferences_round_trip(client: httpx.AsyncClient, signup: Signup) -> None:
    await signup("ada", timezone="Europe/Berlin")
    defaults = (await client.get("/api/preferences")).json()
    wanted = {
        "timezone": "America/New_York",
        "reminder_lead_minutes": 15,
        "quiet_hours": {"start_hour": 22, "end_hour": 7},
        "max_proactive_per_day": 5,
        "proactive_enabled": False,
    }
    saved = await client.put("/api/preferences", json=wanted)
    bad = await client.put("/api/preferences", json={**wanted, "timezone": "Berlin"})
    assert defaults == {
        "timezone": "Europe/Berlin",
        "reminder_lead_minutes": 30,
        "quiet_hours": None,
        "max_proactive_per_day": 3,
        "proactive_enabled": True,
        "morning_agenda": None,  # off until the user asks for it
        "morning_agenda_when_empty": False,
    }
    agenda_off = {"morning_agenda": None, "morning_agenda_when_empty": False}
    assert saved.status_code == 200
    assert saved.json() == {**wanted, **agenda_off}
    assert (await client.get("/api/preferences")).json() == {**wanted, **agenda_off}
    assert bad.status_code == 422
    assert "Europe/Berlin" in bad.text
    assert (await client.get("/api/auth/me")).json()["timezone"] == "America/New_York"


@pytest.mark.parametrize("settings_overrides", [{"max_proactive_per_day": 1}])
async def test_daily_cap_reads_as_the_setting_until_the_user_picks_one(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    before = (await client.get("/api/preferences")).json()
    chosen = await client.put("/api/preferences", json={**before, "max_proactive_per_day": 4})

    assert before["max_proactive_per_day"] == 1
    assert chosen.json()["max_proactive_per_day"] == 4
    assert (await client.get("/api/preferences")).json()["max_proactive_per_day"] == 4


async def test_link_telegram_gives_a_one_time_code_on_the_one_linking_route(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")

    first = await client.post("/api/link/telegram", json={})
    second = (await client.post("/api/link/telegram", json={})).json()
    wrong = await client.post("/api/link", json={"code": "ZZZZZZZZ"})
    retired = await client.post("/api/telegram/link-code", json={})

    assert first.status_code == 201, first.text
    code = first.json()["code"]
    assert len(code) == 8 and code != second["code"]
    assert first.json()["expires_at"] == "2026-11-25T09:15:00+00:00"
    assert first.json()["deep_link"] is None  # no bot configured: no t.me link to offer
    assert f"/link {second['code']}" in second["instructions"]
    assert (wrong.status_code, wrong.json()["detail"]) == (
        400,
        "That code doesn't work (wrong, or used already). Send /link to the bot for a new one.",
    )
    assert retired.status_code == 404


async def test_everything_needs_a_login(client: httpx.AsyncClient) -> None:
    responses = [
        await client.get("/api/messages"),
        await _say(client, "hello"),
        await client.get("/api/schedules"),
        await client.patch("/api/schedules/1", json={"status": "cancelled"}),
        await client.get("/api/preferences"),
    ]
    assert [r.status_code for r in responses] == [401] * 5


async def test_a_huge_request_body_is_413_before_it_is_read(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    response = await _say(client, "x" * 1_000_000)
    assert response.status_code == 413
    assert "262144 bytes" in response.json()["detail"]
