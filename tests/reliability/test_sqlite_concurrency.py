"""SQLite, the embedded default, under concurrent writes: 4 clients chatting and 4 clients
editing preferences, meetings and Telegram link codes at the same time, for 10 s, on one
database file. Every request succeeds: each write path takes SQLite's write lock before its
first read (``storage/db.py`` ``begin_write``), and waits for it (WAL, busy timeout) instead
of failing with "database is locked"."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from companion_bot.composition import create_app
from companion_bot.config import load_settings
from companion_bot.testing import FrozenClock

pytestmark = pytest.mark.slow
log = logging.getLogger(__name__)

# Wednesday 25 November 2026, 09:00 UTC (10:00 in Berlin).
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"
CHATTERS = 4
EDITORS = 4
SECONDS = 20.0  # the issue asks for 4 writers + 4 editors for 20 s
CHAT_LINES = (
    "hello, how are you?",
    "team meeting 3-4 PM Friday",
    "1-on-1 with Sam tomorrow at 10",
    "lunch with Kim next Monday 12:30-13:30",
    "the call got moved to 11",
    "just thinking out loud today",
)


@pytest.fixture
async def app(sqlite_url: str) -> AsyncIterator[FastAPI]:
    settings = load_settings(
        database_url=sqlite_url, jobs_embedded=False, messages_per_minute=100_000
    )
    app = create_app(settings, clock=FrozenClock(NOW))
    async with app.router.lifespan_context(app):
        yield app


def _client(app: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://test", timeout=60)


async def _signup(client: httpx.AsyncClient, username: str) -> None:
    response = await client.post(
        "/api/auth/signup",
        json={"username": username, "password": PASSWORD, "timezone": "Europe/Berlin"},
    )
    assert response.status_code == 201, response.text


async def test_concurrent_chat_and_edits_on_sqlite_never_fail(app: FastAPI) -> None:
    outcomes: Counter[tuple[str, int]] = Counter()
    errors: list[str] = []
    clients = [_client(app) for _ in range(CHATTERS + EDITORS)]
    chatters, editors = clients[:CHATTERS], clients[CHATTERS:]
    try:
        for n, client in enumerate(clients):
            await _signup(client, f"user{n}")
        schedule_ids: list[int] = []
        for client in editors:
            made = await client.post("/api/messages", json={"text": "Team meeting 3-4 PM Friday"})
            assert made.status_code == 200, made.text
            schedule_ids.append(made.json()["created"][0]["id"])

        deadline = time.monotonic() + SECONDS

        def record(route: str, response: httpx.Response) -> None:
            outcomes[(route, response.status_code)] += 1
            if not response.is_success and len(errors) < 10:
                errors.append(f"{route} {response.status_code}: {response.text[:200]}")

        async def chat(client: httpx.AsyncClient) -> None:
            n = 0
            while time.monotonic() < deadline:
                text = CHAT_LINES[n % len(CHAT_LINES)]
                record(
                    "POST /api/messages", await client.post("/api/messages", json={"text": text})
                )
                n += 1

        async def edit(client: httpx.AsyncClient, schedule_id: int) -> None:
            n = 0
            while time.monotonic() < deadline:
                prefs: dict[str, Any] = {
                    "timezone": "Europe/Berlin",
                    "reminder_lead_minutes": 15 + n % 30,
                    "quiet_hours": {"start_hour": 22, "end_hour": 7} if n % 2 else None,
                    "max_proactive_per_day": 3 + n % 5,
                    "proactive_enabled": True,
                }
                record("PUT /api/preferences", await client.put("/api/preferences", json=prefs))
                patch = {
                    "event_name": f"Team meeting #{n}",
                    "start_time": f"2026-11-27T{15 + n % 2}:00:00",
                    "end_time": f"2026-11-27T{16 + n % 2}:00:00",
                }
                record(
                    "PATCH /api/schedules/{id}",
                    await client.patch(f"/api/schedules/{schedule_id}", json=patch),
                )
                record("POST /api/link/telegram", await client.post("/api/link/telegram", json={}))
                n += 1

        await asyncio.gather(
            *(chat(c) for c in chatters),
            *(edit(c, s) for c, s in zip(editors, schedule_ids, strict=True)),
        )
    finally:
        for client in clients:
            await client.aclose()

    table = "\n".join(
        f"  {route} -> {code}: {count}" for (route, code), count in sorted(outcomes.items())
    )
    failed = sum(count for (_, code), count in outcomes.items() if not 200 <= code < 300)
    log.info("SQLite concurrency, %.0f s:\n%s", SECONDS, table)
    assert {route for route, _ in outcomes} == {
        "POST /api/messages",
        "PUT /api/preferences",
        "PATCH /api/schedules/{id}",
        "POST /api/link/telegram",
    }
    assert failed == 0, f"{failed} failed requests:\n{table}\n" + "\n".join(errors)
