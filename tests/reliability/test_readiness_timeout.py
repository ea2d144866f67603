"""``/readyz`` answers quickly when the database host takes connections and never answers
(a hung server, a dropped route): 503 within its 2-second budget, not after the driver's
own connect timeout."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from companion_bot.channels.web.health import READY_TIMEOUT_SECONDS
from companion_bot.composition import create_app
from companion_bot.config import load_settings


@pytest.fixture
async def silent_server() -> AsyncIterator[int]:
    """A port that accepts connections and never says a word; yields the port."""
    held: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    server.close()
    for writer in held:
        writer.transport.abort()
    await server.wait_closed()


async def test_readyz_gives_up_on_a_silent_database_within_its_timeout(silent_server: int) -> None:
    url = f"postgresql://nobody@127.0.0.1:{silent_server}/none"
    app = create_app(load_settings(database_url=url, jobs_embedded=False))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            started = time.perf_counter()
            ready = await client.get("/readyz")
            seconds = time.perf_counter() - started

    assert ready.status_code == 503
    assert ready.headers["retry-after"].isdigit()
    assert "unavailable" in ready.json()["detail"]
    assert READY_TIMEOUT_SECONDS <= seconds < READY_TIMEOUT_SECONDS + 1.5
