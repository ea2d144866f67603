"""OutageGuard: database unavailability that gets past the exception handlers is a 503 with
Retry-After before the response starts, and a cleanly ended body after; anything else
goes on to the server (which answers 500)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg.exceptions
import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import StreamingResponse

from companion_bot.channels.web.outage import RETRY_AFTER_SECONDS, OutageGuard


def _refused() -> ConnectionRefusedError:
    """A connection refused, as asyncpg raises it (its traceback is database code)."""
    namespace: dict[str, object] = {"__name__": "asyncpg.connect_utils"}
    exec("def connect():\n    raise ConnectionRefusedError(111, 'refused')\n", namespace)
    try:
        namespace["connect"]()  # type: ignore[operator]
    except ConnectionRefusedError as exc:
        return exc
    raise AssertionError("unreachable")


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/stream")
    async def stream() -> StreamingResponse:
        async def events() -> AsyncIterator[bytes]:
            yield b": connected\n\n"
            raise _refused()  # the stream's next database poll

        return StreamingResponse(events(), media_type="text/event-stream")

    @app.get("/starting")
    async def starting() -> None:
        raise asyncpg.exceptions.CannotConnectNowError("the database system is starting up")

    @app.get("/grouped")
    async def grouped() -> None:
        raise ExceptionGroup("task group", [_refused()])

    @app.get("/bug")
    async def bug() -> None:
        raise RuntimeError("a bug")

    app.add_middleware(OutageGuard)
    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app())  # what escapes the guard raises here
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.mark.parametrize("path", ["/starting", "/grouped"])
async def test_before_the_response_an_outage_is_a_503_with_retry_after(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)

    assert response.status_code == 503
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {"detail": "The database is unavailable; try again shortly."}


async def test_a_started_stream_ends_cleanly_with_what_it_sent(client: httpx.AsyncClient) -> None:
    async with client.stream("GET", "/stream") as response:
        body = b"".join([chunk async for chunk in response.aiter_bytes()])

    assert response.status_code == 200
    assert body == b": connected\n\n"


async def test_other_errors_are_left_to_the_server(client: httpx.AsyncClient) -> None:
    with pytest.raises(RuntimeError, match="a bug"):
        await client.get("/bug")
