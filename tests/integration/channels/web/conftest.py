"""Web channel fixtures: an app per test on SQLite and PostgreSQL, a client, accounts."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, NoReturn

import httpx
import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, async_playwright
from web_helpers import NOW, PASSWORD, Signup

from companion_bot.composition import create_app
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


CHROMIUM = Path(os.environ.get("COMPANION_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def chromium(unavailable: Callable[[str], NoReturn]) -> Path:
    """Debian's Chromium (``playwright install`` downloads a browser; we never do)."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture
async def browser(chromium: Path) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        await browser.close()
