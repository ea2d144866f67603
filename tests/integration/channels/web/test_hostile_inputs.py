"""Hostile inputs get a readable 4xx, never a 500 (issue 15, item 5), on both databases.

Huge and negative ids, lone surrogates ("\\ud800" cannot be encoded as UTF-8), NUL (which
PostgreSQL text cannot hold: refused on both databases alike), dates out of 1970..9999 and
wrong methods. Every refusal is JSON with a ``detail``, and nothing is stored half-way.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from web_helpers import PASSWORD, Signup

from companion_bot.channels.web.sse import _parse_id
from companion_bot.storage.models import Message, User

MEETING = "Team meeting 3-4 PM Friday"
JSON = {"content-type": "application/json"}
HUGE_IDS = ["2147483648", "9223372036854775808", "-1", "0", "9" * 40]


def _assert_refused(response: httpx.Response, *codes: int) -> Any:
    """A 4xx (one of ``codes`` if given) with a JSON detail a person can read."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    if codes:
        assert response.status_code in codes, (response.status_code, response.text)
    body = response.json()
    assert body["detail"], body
    return body["detail"]


def _messages(detail: Any) -> str:
    if isinstance(detail, str):
        return detail
    return " ".join(str(item.get("msg", "")) for item in detail)


async def _count(app: FastAPI, model: type[Any]) -> int:
    sm: async_sessionmaker[AsyncSession] = app.state.sessionmaker
    async with sm() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _meeting(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.post("/api/messages", json={"text": MEETING})
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()["created"][0]
    return created


# --- ids -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", HUGE_IDS)
async def test_out_of_range_ids_are_refused_everywhere(
    client: httpx.AsyncClient, signup: Signup, bad: str
) -> None:
    await signup("ada")
    meeting = await _meeting(client)

    responses = [
        await client.patch(f"/api/schedules/{bad}", json={"event_name": "x"}),
        await client.post(f"/api/proactive/{bad}/actions", json={"action": "ack"}),
        await client.get(f"/api/messages?before={bad}"),
    ]
    if bad != "0":  # since=0 means "everything" and is fine
        responses.append(await client.get(f"/api/stream?since={bad}"))

    for response in responses:
        _assert_refused(response, 422)
    upcoming = (await client.get("/api/schedules")).json()["items"]
    assert [(s["id"], s["event_name"]) for s in upcoming] == [
        (meeting["id"], meeting["event_name"])
    ]


async def test_the_largest_valid_id_is_simply_not_found(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    top = 2**31 - 1

    patch = await client.patch(f"/api/schedules/{top}", json={"event_name": "x"})
    action = await client.post(f"/api/proactive/{top}/actions", json={"action": "ack"})
    page = await client.get(f"/api/messages?before={top}")

    _assert_refused(patch, 404)
    _assert_refused(action, 404)
    assert page.status_code == 200, page.text


@pytest.mark.parametrize("bad", ["2147483648", "9223372036854775808", "9" * 40, "-1", "x1"])
def test_a_huge_last_event_id_is_ignored(bad: str) -> None:
    """Browsers send Last-Event-ID themselves: a bad one is ignored (no replay), not a 5xx."""
    assert _parse_id(bad) is None
    assert _parse_id("42") == 42


# --- lone surrogates -----------------------------------------------------------------------

SURROGATE = "\\ud800"  # JSON escape, sent as raw bytes: Python's json.loads accepts it


def _raw(template: str | dict[str, Any]) -> bytes:
    """JSON bytes with each "@" replaced by the escape of a lone surrogate."""
    text = template if isinstance(template, str) else json.dumps(template)
    return text.replace("@", SURROGATE).encode()


async def test_a_lone_surrogate_at_signup_is_refused(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    bodies = [
        {"username": "ada@", "password": PASSWORD, "timezone": "UTC"},
        {"username": "ada", "password": "pass@word1", "timezone": "UTC"},
        {"username": "ada", "password": PASSWORD, "timezone": "Europe/@"},
    ]
    for body in bodies:
        response = await client.post("/api/auth/signup", content=_raw(body), headers=JSON)
        _assert_refused(response, 422)
    assert await _count(app, User) == 0


async def test_a_lone_surrogate_at_login_is_refused(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    await client.post("/api/auth/logout", json={})
    for body in (
        {"username": "ada@", "password": PASSWORD},
        {"username": "ada", "password": "pass@word1"},
    ):
        response = await client.post("/api/auth/login", content=_raw(body), headers=JSON)
        _assert_refused(response, 422)


async def test_a_lone_surrogate_in_a_chat_message_is_refused_with_a_clear_message(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    before = await _count(app, Message)

    response = await client.post(
        "/api/messages", content=_raw('{"text": "hello @ there"}'), headers=JSON
    )

    detail = _assert_refused(response, 422)
    assert "surrogate" in _messages(detail)
    assert await _count(app, Message) == before


async def test_a_lone_surrogate_in_preferences_schedules_links_and_deletion_is_refused(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    meeting = await _meeting(client)
    prefs = (await client.get("/api/preferences")).json()

    put = await client.put(
        "/api/preferences",
        content=_raw(
            '{"timezone": "Europe/@", "reminder_lead_minutes": 30, "quiet_hours": null, '
            '"max_proactive_per_day": 3, "proactive_enabled": true}'
        ),
        headers=JSON,
    )
    patch = await client.patch(
        f"/api/schedules/{meeting['id']}", content=_raw('{"event_name": "x@"}'), headers=JSON
    )
    link = await client.post("/api/link", content=_raw('{"code": "AB@CD"}'), headers=JSON)
    delete = await client.request(
        "DELETE", "/api/me", content=_raw('{"password": "pass@word1"}'), headers=JSON
    )

    for response in (put, patch, link, delete):
        _assert_refused(response, 422)
    assert (await client.get("/api/preferences")).json() == prefs
    [still] = (await client.get("/api/schedules")).json()["items"]
    assert still["event_name"] == meeting["event_name"]
    assert (await client.get("/api/auth/me")).status_code == 200


async def test_invalid_utf8_and_broken_json_are_refused(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    for raw in (b'{"text": "\xff\xfe"}', b'{"text": "unterminated', b"\x00"):
        response = await client.post("/api/messages", content=raw, headers=JSON)
        _assert_refused(response, 400, 422)


# --- NUL -----------------------------------------------------------------------------------


async def test_nul_in_chat_text_is_refused_on_both_databases(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    before = await _count(app, Message)

    response = await client.post("/api/messages", json={"text": "hello\u0000there"})

    detail = _assert_refused(response, 422)
    assert "NUL" in _messages(detail)
    assert await _count(app, Message) == before


async def test_nul_in_names_is_refused(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    meeting = await _meeting(client)

    patch = await client.patch(
        f"/api/schedules/{meeting['id']}", json={"event_name": "Team\u0000meeting"}
    )
    other = await client.post(
        "/api/auth/signup",
        json={"username": "bo\u0000b", "password": PASSWORD, "timezone": "UTC"},
    )
    tz = await client.put(
        "/api/preferences",
        json={
            "timezone": "UTC\u0000",
            "reminder_lead_minutes": 30,
            "quiet_hours": None,
            "max_proactive_per_day": 3,
            "proactive_enabled": True,
        },
    )

    for response in (patch, other, tz):
        _assert_refused(response, 422)
    [still] = (await client.get("/api/schedules")).json()["items"]
    assert still["event_name"] == meeting["event_name"]
    assert await _count(app, User) == 1


# --- datetimes -----------------------------------------------------------------------------

BAD_TIMES = [
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+05:00",
    "0001-01-01T00:00:00-05:00",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59-05:00",
    "9999-12-31T23:59:59+05:00",
    "1969-12-31T23:59:59+00:00",
    "2026-11-27T15:00:00+99:00",
    "2026-11-27T15:00:00+23:59",
    "2026-11-27T15:00:00-23:59",
]


@pytest.mark.parametrize("field", ["start_time", "end_time"])
@pytest.mark.parametrize("value", BAD_TIMES)
async def test_dates_out_of_range_are_refused_in_schedule_edits(
    client: httpx.AsyncClient, signup: Signup, field: str, value: str
) -> None:
    await signup("ada")
    meeting = await _meeting(client)

    response = await client.patch(f"/api/schedules/{meeting['id']}", json={field: value})

    if value.endswith(("+23:59", "-23:59")):
        # A real (if odd) offset and an ordinary date: stored, or refused as any clash/order.
        assert response.status_code in (200, 409, 422), response.text
        return
    detail = _assert_refused(response, 422)
    if "+99:00" not in value:  # pydantic refuses an offset of 24 h or more itself
        assert "1970" in _messages(detail)
    [still] = (await client.get("/api/schedules")).json()["items"]
    assert (still["start_time"], still["end_time"]) == (meeting["start_time"], meeting["end_time"])


async def test_a_far_future_meeting_in_range_is_stored_and_shown(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="Pacific/Kiritimati")  # UTC+14: the edge of every zone
    meeting = await _meeting(client)

    response = await client.patch(
        f"/api/schedules/{meeting['id']}",
        json={"start_time": "9999-12-29T10:00:00", "end_time": "9999-12-29T11:00:00"},
    )

    assert response.status_code == 200, response.text
    assert response.json()["start_time"].startswith("9999-12-29T10:00:00")


# --- methods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/api/messages", {"GET", "POST"}),
        ("DELETE", "/api/messages", {"GET", "POST"}),
        ("DELETE", "/api/preferences", {"GET", "PUT"}),
        ("POST", "/api/preferences", {"GET", "PUT"}),
        ("GET", "/api/schedules/1", {"PATCH"}),
        ("DELETE", "/api/schedules/1", {"PATCH"}),
        ("GET", "/api/auth/signup", {"POST"}),
        ("GET", "/api/proactive/1/actions", {"POST"}),
        ("POST", "/api/schedules", {"GET"}),
    ],
)
@pytest.mark.parametrize("content_type", ["application/json", "text/plain", None])
async def test_a_wrong_method_is_405_with_allow(
    client: httpx.AsyncClient,
    signup: Signup,
    method: str,
    path: str,
    allowed: set[str],
    content_type: str | None,
) -> None:
    """Also without JSON: the CSRF guard does not turn a 405 into a 415."""
    await signup("ada")
    headers = {} if content_type is None else {"content-type": content_type}

    response = await client.request(method, path, content=b"{}", headers=headers)

    assert response.status_code == 405, response.text
    assert response.json()["detail"]
    assert {m.strip() for m in response.headers["allow"].split(",")} >= allowed
