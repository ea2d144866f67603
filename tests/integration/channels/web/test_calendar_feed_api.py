"""The calendar feed over HTTP on both databases, read as a calendar app reads it: no cookie,
parsed with ``icalendar`` and expanded with ``recurring_ical_events``; the events are the
meetings ``/api/schedules`` lists. A new link ends the old one at once, turning the feed off
ends it, and nobody's link shows anyone else's meetings."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

import httpx
import recurring_ical_events
from icalendar import Calendar
from web_helpers import NOW, Signup

from companion_bot.channels.web.calendar import FEED_READS_PER_MINUTE, NO_FEED
from companion_bot.testing import FrozenClock

NewClient = Callable[[], httpx.AsyncClient]
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
#: What a calendar app shows of the feed: 30 days back, two months ahead.
WINDOW = (NOW - dt.timedelta(days=30), NOW + dt.timedelta(days=60))


async def book(client: httpx.AsyncClient, *texts: str) -> None:
    for text in texts:
        said = await client.post("/api/messages", json={"text": text})
        assert said.status_code == 200, said.text
        assert said.json()["created"], text


async def make_feed(client: httpx.AsyncClient) -> str:
    made = await client.post("/api/calendar", json={})
    assert made.status_code == 201, made.text
    url: str = made.json()["url"]
    return url


async def subscribe(new_client: NewClient, url: str) -> httpx.Response:
    """Read the feed as a calendar app does: a client of its own, without the login cookie."""
    async with new_client() as calendar_app:
        return await calendar_app.get(url)


def expanded(feed: httpx.Response) -> list[tuple[str, dt.date | dt.datetime, Any]]:
    """(name, start, end) of every event in the window, soonest first."""
    calendar = Calendar.from_ical(feed.content)
    events = recurring_ical_events.of(calendar).between(*WINDOW)
    found = [(str(e["SUMMARY"]), e.start, e.end) for e in events]

    def when(item: tuple[str, dt.date | dt.datetime, Any]) -> dt.datetime:
        start = item[1]
        if isinstance(start, dt.datetime):
            return start
        return dt.datetime.combine(start, dt.time(0), tzinfo=BERLIN)

    return sorted(found, key=when)


def as_listed(item: dict[str, Any]) -> tuple[str, dt.date | dt.datetime, Any]:
    """(name, start, end) of a meeting of ``/api/schedules`` as the feed should show it."""
    start = dt.datetime.fromisoformat(item["start_time"])
    if item["time_is_approximate"] and item["kind"] == "meeting" and start.time() == dt.time(0):
        return item["event_name"], start.date(), start.date() + dt.timedelta(days=1)
    end = dt.datetime.fromisoformat(item["end_time"]) if item["end_time"] else start
    return item["event_name"], start, end


async def test_the_feed_holds_the_meetings_the_schedule_lists(
    client: httpx.AsyncClient, signup: Signup, new_client: NewClient
) -> None:
    await signup("ada", timezone="Europe/Berlin")
    await book(
        client,
        "Team meeting 3-4 PM Friday",
        "dentist on Dec 10",
        "1-on-1 with Sam tomorrow at 10",
        "remind me to call mom at 6pm tomorrow",
    )
    listed = (await client.get("/api/schedules")).json()["items"]
    assert len(listed) == 4

    url = await make_feed(client)
    feed = await subscribe(new_client, url)

    assert url.startswith("http://test/calendar/") and url.endswith(".ics")
    assert feed.status_code == 200, feed.text
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert sorted(expanded(feed), key=str) == sorted(map(as_listed, listed), key=str)
    assert ("dentist", dt.date(2026, 12, 10), dt.date(2026, 12, 11)) in expanded(feed)
    status = (await client.get("/api/calendar")).json()
    assert status == {"enabled": True, "created_at": NOW.isoformat(), "url": None}


async def test_a_cancelled_meeting_drops_out_and_a_moved_one_keeps_its_event(
    client: httpx.AsyncClient, signup: Signup, new_client: NewClient
) -> None:
    await signup("ada", timezone="Europe/Berlin")
    await book(client, "Team meeting 3-4 PM Friday", "dentist on Dec 10")
    url = await make_feed(client)
    before = Calendar.from_ical((await subscribe(new_client, url)).content)
    team, dentist = (await client.get("/api/schedules")).json()["items"]

    await client.patch(f"/api/schedules/{dentist['id']}", json={"status": "cancelled"})
    moved = await client.patch(
        f"/api/schedules/{team['id']}", json={"start_time": "2026-11-27T16:00:00+01:00"}
    )
    assert moved.status_code == 200, moved.text
    after = Calendar.from_ical((await subscribe(new_client, url)).content)

    [old] = [e for e in before.walk("VEVENT") if str(e["SUMMARY"]) == "team meeting"]
    [new] = after.walk("VEVENT")
    assert str(new["UID"]) == str(old["UID"]) == f"schedule-{team['id']}@companion-bot"
    assert new.start == dt.datetime(2026, 11, 27, 15, 0, tzinfo=dt.UTC)
    assert new.end == dt.datetime(2026, 11, 27, 16, 0, tzinfo=dt.UTC)
    assert new.sequence >= old.sequence and new.last_modified >= old.last_modified


async def test_a_repeating_meeting_is_one_event_that_expands_to_its_occurrences(
    client: httpx.AsyncClient, signup: Signup, new_client: NewClient, clock: FrozenClock
) -> None:
    await signup("ada", timezone="Europe/Berlin")
    await book(client, "standup every weekday 9:30-9:45", "Team meeting 3-4 PM Friday")
    listed = (await client.get("/api/schedules")).json()["items"]
    thursday, friday = [s for s in listed if s["series_id"]][:2]
    await client.patch(f"/api/schedules/{thursday['id']}", json={"status": "cancelled"})
    moved = await client.patch(
        f"/api/schedules/{friday['id']}", json={"start_time": "2026-11-27T11:00:00"}
    )
    assert moved.status_code == 200, moved.text
    listed = (await client.get("/api/schedules")).json()["items"]
    url = await make_feed(client)

    feed = await subscribe(new_client, url)

    calendar = Calendar.from_ical(feed.content)
    [series] = [e for e in calendar.walk("VEVENT") if "RRULE" in e]
    assert str(series["UID"]) == f"series-{thursday['series_id']}@companion-bot"
    assert series["DTSTART"].to_ical() == b"20261126T093000"
    assert series["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert series["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert [t.dt for t in series["EXDATE"].dts] == [  # skipped, and moved
        dt.datetime(2026, 11, 26, 9, 30, tzinfo=BERLIN),
        dt.datetime(2026, 11, 27, 9, 30, tzinfo=BERLIN),
    ]
    assert calendar.walk("VTIMEZONE")  # the zone's rules travel with the feed
    shown = expanded(feed)
    two_weeks = NOW + dt.timedelta(days=14)
    assert [e for e in shown if e[1] <= two_weeks] == sorted(
        map(
            as_listed,
            [s for s in listed if dt.datetime.fromisoformat(s["start_time"]) <= two_weeks],
        ),
        key=lambda e: e[1],
    )
    standups = [e for e in shown if e[0] == "standup"]
    assert ("standup", dt.datetime(2026, 11, 27, 11, 0, tzinfo=BERLIN)) in [e[:2] for e in standups]
    assert standups[-1][1] == dt.datetime(2027, 1, 22, 9, 30, tzinfo=BERLIN)  # past the list
    assert all(e[2] - e[1] == dt.timedelta(minutes=15) for e in standups)

    clock.set(dt.datetime(2026, 11, 30, 12, 0, tzinfo=BERLIN))  # Monday noon
    await book_change(client, "stop the weekly standup")
    stopped = expanded(await subscribe(new_client, url))
    assert [e[1] for e in stopped if e[0] == "standup"] == [  # what was, stays
        dt.datetime(2026, 11, 27, 11, 0, tzinfo=BERLIN),
        dt.datetime(2026, 11, 30, 9, 30, tzinfo=BERLIN),
    ]


async def book_change(client: httpx.AsyncClient, text: str) -> None:
    said = await client.post("/api/messages", json={"text": text})
    assert said.status_code == 200 and said.json()["cancelled"], said.text


async def test_a_new_link_ends_the_old_one_and_turning_off_ends_it(
    client: httpx.AsyncClient, signup: Signup, new_client: NewClient
) -> None:
    await signup("ada")
    await book(client, "Team meeting 3-4 PM Friday")
    first = await make_feed(client)

    second = await make_feed(client)
    old, new = await subscribe(new_client, first), await subscribe(new_client, second)

    assert second != first
    assert (old.status_code, old.json()) == (404, {"detail": NO_FEED})
    assert new.status_code == 200 and b"SUMMARY:team meeting" in new.content

    off = await client.request("DELETE", "/api/calendar", json={})
    gone = await subscribe(new_client, second)
    again = await client.request("DELETE", "/api/calendar", json={})

    assert off.status_code == 204 and again.status_code == 204
    assert (gone.status_code, gone.json()) == (404, {"detail": NO_FEED})
    assert (await client.get("/api/calendar")).json() == {
        "enabled": False,
        "created_at": None,
        "url": None,
    }


async def test_no_link_shows_anyone_elses_meetings(
    client: httpx.AsyncClient, signup: Signup, new_client: NewClient
) -> None:
    await signup("ada")
    await book(client, "Team meeting 3-4 PM Friday")
    ada_url = await make_feed(client)
    async with new_client() as bob:
        await signup("bob", on=bob)
        await book(bob, "Dentist appointment Monday at 9am")
        bob_url = await make_feed(bob)

    ada_feed = (await subscribe(new_client, ada_url)).content.lower()
    bob_feed = (await subscribe(new_client, bob_url)).content.lower()

    assert b"team meeting" in ada_feed and b"dentist" not in ada_feed
    assert b"dentist" in bob_feed and b"team meeting" not in bob_feed
    for guess in (
        ada_url.replace(".ics", "x.ics"),
        "http://test/calendar/not-a-token.ics",
        "http://test/calendar/.ics",
    ):
        assert (await subscribe(new_client, guess)).status_code == 404, guess


async def test_the_feed_reaches_back_30_days_and_a_link_read_too_often_waits(
    client: httpx.AsyncClient, signup: Signup, new_client: NewClient, clock: FrozenClock
) -> None:
    await signup("ada")
    await book(client, "Team meeting 3-4 PM Friday")
    url = await make_feed(client)

    for _ in range(FEED_READS_PER_MINUTE):
        assert (await subscribe(new_client, url)).status_code == 200
    refused = await subscribe(new_client, url)
    clock.advance(dt.timedelta(days=31))  # Sat 26 Dec: the meeting was 29 days ago
    within = await subscribe(new_client, url)
    clock.advance(dt.timedelta(days=3))  # Tue 29 Dec: 32 days ago
    beyond = await subscribe(new_client, url)

    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert b"SUMMARY:team meeting" in within.content
    assert beyond.status_code == 200 and b"BEGIN:VEVENT" not in beyond.content


async def test_the_feed_api_needs_a_login(client: httpx.AsyncClient) -> None:
    for method in ("GET", "POST", "DELETE"):
        response = await client.request(method, "/api/calendar", json={})
        assert response.status_code == 401, method
