"""Importing a calendar file over HTTP on both databases: upcoming events become meetings
at the right UTC time and are reminded as chat meetings are, a weekly one one repeating
meeting; past and known ones are skipped and counted; a file imported twice adds nothing;
what is not a calendar file, or is too large, is refused in a sentence and adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from fastapi import FastAPI
from web_helpers import NOW, Signup

from companion_bot.proactive.runner import run_pass
from companion_bot.services.calendar_import import MAX_FILE_BYTES, MAX_UPCOMING
from companion_bot.testing import FrozenClock

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
ICS = {"Content-Type": "text/calendar"}
#: Two upcoming events (one in New York time, one in UTC), one past, one the user has (the
#: team meeting booked in the chat: Friday 27 November, 15:00 in Berlin) and a weekly one
#: (weekdays at 9:30 in Berlin but Thursday 3 December).
FILE = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example Corp//Calendar 1.0//EN\r
BEGIN:VEVENT\r
UID:ny-call@example.com\r
SUMMARY:Call with the New York office\r
DTSTART;TZID=America/New_York:20261201T100000\r
DTEND;TZID=America/New_York:20261201T110000\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:review@example.com\r
SUMMARY:Quarterly review\r
DTSTART:20261202T140000Z\r
DTEND:20261202T153000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:kickoff@example.com\r
SUMMARY:Project kickoff\r
DTSTART:20261102T090000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:team@example.com\r
SUMMARY:Team meeting\r
DTSTART:20261127T140000Z\r
DTEND:20261127T150000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:standup@example.com\r
SUMMARY:Standup\r
DTSTART;TZID=Europe/Berlin:20261130T093000\r
DTEND;TZID=Europe/Berlin:20261130T094500\r
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r
EXDATE;TZID=Europe/Berlin:20261203T093000\r
END:VEVENT\r
END:VCALENDAR\r
"""


async def send_file(client: httpx.AsyncClient, data: bytes) -> httpx.Response:
    return await client.post("/api/calendar/import", content=data, headers=ICS)


async def meetings(
    client: httpx.AsyncClient, *, repeating: bool = False
) -> list[tuple[str, dt.datetime, Any, str, str]]:
    """(name, start, end, channel, kind) of each upcoming meeting (``repeating``: of those of
    a repeating one, else of the others), times in UTC."""
    items = (await client.get("/api/schedules")).json()["items"]
    items = [s for s in items if (s["series_id"] is not None) == repeating]

    def utc(value: str | None) -> dt.datetime | None:
        return dt.datetime.fromisoformat(value).astimezone(UTC) if value else None

    return [
        (s["event_name"], utc(s["start_time"]), utc(s["end_time"]), s["channel"], s["kind"])
        for s in items
    ]


async def test_upcoming_events_are_added_and_the_rest_counted(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="Europe/Berlin")
    said = await client.post("/api/messages", json={"text": "Team meeting 3-4 PM Friday"})
    assert said.status_code == 200 and said.json()["created"]

    imported = await send_file(client, FILE)

    assert imported.status_code == 200, imported.text
    assert imported.json() == {
        "added": 3,
        "recurring": 1,
        "duplicates": 1,
        "past": 1,
        "recurring_skipped": 0,
        "cancelled": 0,
        "invalid": 0,
        "text": "Added 3 meetings (1 of them repeating); skipped 1 already on your list and 1 "
        "in the past.",
    }
    assert await meetings(client) == [
        (
            "team meeting",
            dt.datetime(2026, 11, 27, 14, 0, tzinfo=UTC),
            dt.datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
            "web",
            "meeting",
        ),
        (
            "Call with the New York office",
            dt.datetime(2026, 12, 1, 15, 0, tzinfo=UTC),  # 10:00 in New York
            dt.datetime(2026, 12, 1, 16, 0, tzinfo=UTC),
            "web",
            "meeting",
        ),
        (
            "Quarterly review",
            dt.datetime(2026, 12, 2, 14, 0, tzinfo=UTC),
            dt.datetime(2026, 12, 2, 15, 30, tzinfo=UTC),
            "web",
            "meeting",
        ),
    ]


async def test_the_same_file_again_adds_nothing_even_after_a_rename(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    assert (await send_file(client, FILE)).json()["added"] == 4
    items = (await client.get("/api/schedules")).json()["items"]
    review = next(s for s in items if s["event_name"] == "Quarterly review")
    await client.patch(f"/api/schedules/{review['id']}", json={"event_name": "Q4 numbers"})

    again = await send_file(client, FILE)

    assert again.status_code == 200, again.text
    assert (again.json()["added"], again.json()["duplicates"]) == (0, 4)
    assert again.json()["text"].startswith("No meetings added; skipped 4 already on your list")
    assert len((await client.get("/api/schedules")).json()["items"]) == len(items)


async def test_a_weekly_event_is_one_repeating_meeting_at_its_time_in_its_zone(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="America/New_York")

    assert (await send_file(client, FILE)).json()["recurring"] == 1

    items = [s for s in (await client.get("/api/schedules")).json()["items"] if s["series_id"]]
    assert {(s["event_name"], s["recurrence"]) for s in items} == {
        ("Standup", "every weekday at 9:30 AM")
    }
    assert len({s["series_id"] for s in items}) == 1  # one repeating meeting
    starts = [dt.datetime.fromisoformat(s["start_time"]).astimezone(BERLIN) for s in items]
    assert [f"{t:%a %d %H:%M}" for t in starts[:5]] == [
        "Mon 30 09:30",  # the file's first
        "Tue 01 09:30",
        "Wed 02 09:30",
        "Fri 04 09:30",  # Thursday 3 December left out by the file
        "Mon 07 09:30",
    ]
    assert "Thu 03 09:30" not in {f"{t:%a %d %H:%M}" for t in starts}  # left out by the file
    assert all(s["end_time"] for s in items)


async def test_an_all_day_event_becomes_a_meeting_for_that_day_in_the_users_zone(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="America/New_York")
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:offsite\r\nSUMMARY:Team offsite\r\nDTSTART;VALUE=DATE:20261203\r\n"
        b"DTEND;VALUE=DATE:20261205\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:piano\r\n"
        b"SUMMARY:Piano lesson\r\nDTSTART:20261204T170000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    assert (await send_file(client, data)).json()["added"] == 2
    offsite, piano = (await client.get("/api/schedules")).json()["items"]

    assert (offsite["event_name"], offsite["start_time"], offsite["end_time"]) == (
        "Team offsite",
        "2026-12-03T00:00:00-05:00",
        None,
    )
    assert offsite["time_is_approximate"] is True
    # A time without a zone (floating) is the user's own.
    assert (piano["start_time"], piano["time_is_approximate"]) == (
        "2026-12-04T17:00:00-05:00",
        False,
    )


async def test_an_imported_meeting_is_reminded_like_one_said_in_the_chat(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    await signup("ada", timezone="UTC")
    assert (await send_file(client, FILE)).json()["added"] == 4

    clock.set(dt.datetime(2026, 12, 2, 13, 30, tzinfo=UTC))  # 30 minutes before the review
    await run_pass(app.state.proactive_handler, clock.now())

    history = (await client.get("/api/messages")).json()["items"]
    sent = [m["content"] for m in history if m["message_type"] == "proactive"]
    [reminder] = [text for text in sent if "review" in text.lower()]
    assert "quarterly review" in reminder and "2:00 PM" in reminder
    [standup] = [text for text in sent if "standup" in text.lower()]  # today's is over:
    assert standup.endswith("?")  # asked about, as a meeting said in the chat would be


async def test_what_is_not_a_calendar_file_is_refused_and_adds_nothing(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")

    text = await send_file(client, b"Team meeting 3-4 PM Friday")
    empty = await send_file(client, b"")
    too_big = await send_file(client, FILE + b" " * MAX_FILE_BYTES)
    at_limit = await send_file(client, b"x" * MAX_FILE_BYTES)
    as_json = await client.post("/api/calendar/import", json={"file": FILE.decode()})

    sentence = (
        "That file is not a calendar file: export an .ics file from your calendar app and "
        "try again."
    )
    assert (text.status_code, text.json()) == (422, {"detail": sentence})
    assert empty.status_code == 422
    assert too_big.status_code == 413
    assert too_big.json()["detail"].startswith("That file is larger than 1 MiB")
    assert (at_limit.status_code, at_limit.json()) == (422, {"detail": sentence})
    assert as_json.status_code == 415
    assert (await client.get("/api/schedules")).json()["items"] == []


async def test_a_file_with_too_many_upcoming_events_adds_nothing(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    count = MAX_UPCOMING + 1
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:e{i}\r\nSUMMARY:Session {i}\r\n"
        f"DTSTART:{(NOW + dt.timedelta(hours=i + 1)):%Y%m%dT%H%M%SZ}\r\nEND:VEVENT\r\n"
        for i in range(count)
    )
    data = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{events}END:VCALENDAR\r\n"

    refused = await send_file(client, data.encode())

    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        f"That file has {count} upcoming events; at most {MAX_UPCOMING} can be imported at "
        "once. Export a shorter time span and try again."
    )
    assert (await client.get("/api/schedules")).json()["items"] == []


async def test_import_needs_a_login(client: httpx.AsyncClient) -> None:
    response = await send_file(client, FILE)

    assert response.status_code == 401
