"""Readiness: the database answers and is migrated."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

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
