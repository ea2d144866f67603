"""Readiness: the database answers and is migrated."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from companion_bot.channels.web import health
from companion_bot.composition import create_app
from companion_bot.config import load_settings


async def _client(url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(load_settings(database_url=url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def test_ready_when_migrated(db_url: str) -> None:
    async for client in _client(db_url):
        response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


@pytest.mark.postgres
async def test_not_ready_when_postgres_is_not_migrated(new_postgres_database: object) -> None:
    url: str = new_postgres_database()  # type: ignore[operator]
    async for client in _client(url):
        response = await client.get("/readyz")
    assert response.status_code == 503
    assert "companion-bot migrate" in response.json()["detail"]


async def test_database_down_gives_503_and_health_still_answers(tmp_path: Path) -> None:
    url = "postgresql://nobody@127.0.0.1:9/none"  # port 9 (discard): nothing listens
    async for client in _client(url):
        ready = await client.get("/readyz")
        health = await client.get("/healthz")
    assert ready.status_code == 503
    assert "unavailable" in ready.json()["detail"]
    assert health.status_code == 200


async def test_while_the_database_keeps_answering_a_probe_asks_it_nothing(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = 0
    real = health.current_revision

    async def counted(engine: AsyncEngine) -> str | None:
        nonlocal asked
        asked += 1
        return await real(engine)

    monkeypatch.setattr(health, "current_revision", counted)
    app = create_app(load_settings(database_url=db_url, jobs_embedded=False))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        first = await client.get("/readyz")  # asks: nothing known yet
        second = await client.get("/readyz")  # the first probe's answer is recent
        monkeypatch.setattr(health, "READY_TIMEOUT_SECONDS", 0.05)
        await asyncio.sleep(0.1)  # no answer from the database within the window now
        third = await client.get("/readyz")
    assert [first.status_code, second.status_code, third.status_code] == [200, 200, 200]
    assert asked == 2
