"""Web channel fixtures: an app per test on SQLite and PostgreSQL, a client, accounts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from web_helpers import NOW, PASSWORD, Signup

from companion_bot.channels.web.app import create_app
from companion_bot.config import load_settings
from companion_bot.testing import FrozenClock


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Tests override this to change settings (e.g. the message rate)."""
    return {}


@pytest.fixture
async def app(
    db_url: str, clock: FrozenClock, settings_overrides: dict[str, Any]
) -> AsyncIterator[FastAPI]:
    # The embedded job loop has its own tests; here it would only race the assertions.
    settings = load_settings(database_url=db_url, **{"jobs_embedded": False, **settings_overrides})
    app = create_app(settings, clock=clock)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.fixture
def new_client(app: FastAPI) -> Callable[[], httpx.AsyncClient]:
    """Another browser: a client with its own cookie jar (close it yourself)."""

    def make() -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")

    return make


@pytest.fixture
def signup(client: httpx.AsyncClient) -> Signup:
    async def go(
        username: str = "ada",
        *,
        timezone: str = "Europe/Berlin",
        on: httpx.AsyncClient | None = None,
    ) -> dict[str, Any]:
        response = await (on or client).post(
            "/api/auth/signup",
            json={"username": username, "password": PASSWORD, "timezone": timezone},
        )
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    return go
