"""Constants and types shared by the web tests (imported by name: tests have no packages)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from playwright.async_api import Browser, BrowserContext, Page, ViewportSize, expect

# Wednesday 25 November 2026, 09:00 UTC (10:00 in Berlin).
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"

#: Where the browser tests leave their screenshots for a reviewer: the repository's artifacts/.
ARTIFACTS = Path(__file__).resolve().parents[4] / "artifacts"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}

Signup = Callable[..., Awaitable[dict[str, Any]]]


@dataclass
class SseEvent:
    id: int | None
    event: str
    data: dict[str, Any] | None
    comment: str | None = None


async def sse_events(response: httpx.Response) -> AsyncIterator[SseEvent]:
    """Parse a ``text/event-stream`` response into events (comments included, retry skipped)."""
    fields: dict[str, str] = {}
    async for line in response.aiter_lines():
        if line.startswith(":"):
            yield SseEvent(id=None, event="", data=None, comment=line[1:].strip())
        elif line:
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")
        elif "data" in fields:
            raw_id = fields.get("id")
            yield SseEvent(
                id=int(raw_id) if raw_id else None,
                event=fields.get("event", "message"),
                data=json.loads(fields["data"]),
            )
            fields = {}
        else:
            fields = {}


@asynccontextmanager
async def live_server(app: FastAPI) -> AsyncIterator[str]:
    """Serve ``app`` with a real uvicorn on a free loopback port; yields the base URL.

    The app's lifespan is left to the caller (the ``app`` fixture runs it).
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_config=None, timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        app.state.hub.close()  # end open streams, as the lifespan does at shutdown
        server.should_exit = True
        await task
        sock.close()


async def screenshot(page: Page, name: str, *, full_page: bool = False) -> Path:
    """Save what ``page`` shows as ``artifacts/<name>-<width>x<height>.png``."""
    size = page.viewport_size
    assert size is not None
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}-{size['width']}x{size['height']}.png"
    await page.screenshot(path=str(path), full_page=full_page)
    return path


async def page_context(
    browser: Browser, url: str, *, phone: bool = True, zone: str = "Europe/Berlin"
) -> BrowserContext:
    """A browser window on ``url``: a phone (390×844, touch) or a desktop (1280×800)."""
    return await browser.new_context(
        base_url=url,
        viewport=PHONE if phone else DESKTOP,
        is_mobile=phone,
        has_touch=phone,
        locale="en-GB",
        timezone_id=zone,
    )


async def sign_up_on_page(page: Page, username: str, zone: str | None = None) -> None:
    """Create an account with the page's sign-up form; the chat shows."""
    await page.goto("/")
    form = page.locator("#signup-form")
    await form.locator("input[name=username]").fill(username)
    await form.locator("input[name=password]").fill(PASSWORD)
    if zone is not None:
        await form.locator("select[name=timezone]").select_option(zone)
    await form.get_by_role("button", name="Sign up").click()
    await expect(page.locator("#who")).to_have_text(username)


async def say_on_page(page: Page, text: str) -> None:
    """Type ``text`` in the message box and press Enter, once Send is ready again.

    A reply can reach the page (over the event stream) before the request that
    sent the previous message returns; until it does the page sends nothing, as
    a person would see from the "Sending…" button.
    """
    await expect(page.locator("#send")).to_be_enabled()
    await page.locator("#text").fill(text)
    await page.locator("#text").press("Enter")
