"""Constants and types shared by the web tests (imported by name: tests have no packages)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

# Wednesday 25 November 2026, 09:00 UTC (10:00 in Berlin).
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"

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
