"""``POST /api/messages`` answers on its short way (``chat.PostMessageRoute``) exactly as
FastAPI's generic handler answers: the same requests, valid and not, sent to an app with the
short way and to one built with FastAPI's handler alone, get the same status, headers and
JSON (ids and numbers aside: each app has its own user)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from web_helpers import PASSWORD

from companion_bot.channels.web import chat
from companion_bot.composition import create_app
from companion_bot.config import load_settings
from companion_bot.testing import FrozenClock

JSON = "application/json"
KEY = "0b7e6f5c-3a52-4c1e-9d51-8f0e2f8f4a11"
#: (body bytes, extra headers, whether to log in): the common request, then every way to differ.
CASES: list[tuple[bytes, dict[str, str], bool]] = [
    (b'{"text": "hi there, how are you?"}', {}, True),
    (b'{"text": "Team meeting 3-4 PM Friday"}', {}, True),
    (b'{"text": "lunch with Sam tomorrow at noon"}', {"Idempotency-Key": KEY}, True),
    (b'{"text": "lunch with Sam tomorrow at noon"}', {"Idempotency-Key": KEY}, True),
    (b'{"text": "something else"}', {"Idempotency-Key": KEY}, True),
    (b'{"text": "hello"}', {"Idempotency-Key": "with space"}, True),
    (b'{"text": "hello"}', {"Idempotency-Key": ""}, True),
    (b'{"text": "   "}', {}, True),
    (b'{"text": "' + b"x" * 5000 + b'"}', {}, True),
    (b'{"text": ', {}, True),
    (b'{"text": ', {}, False),
    (b"", {}, True),
    (b"[]", {}, True),
    (b"null", {}, True),
    (b'{"text": 5}', {}, True),
    (b'{"words": "hello"}', {}, True),
    (b'{"text": "\\ud800"}', {}, True),
    (b'{"text": "a\\u0000b"}', {}, True),
    (b'{"text": "caf\xe9"}', {}, True),
    (b'{"text": "ok", "extra": NaN}', {}, True),
    (b'{"text": "first", "text": "second"}', {}, True),
    (b'{"text": "hello"}', {"Content-Type": "application/json; charset=utf-8"}, True),
    (b'{"text": "hello"}', {}, False),
    (b'{"text": "hello"}', {"Authorization": "Bearer not-a-token"}, False),
]


@pytest.fixture
async def generic_app(
    db_url: str,
    clock: FrozenClock,
    settings_overrides: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[FastAPI]:
    """The same app on the same database, ``POST /api/messages`` by FastAPI's handler alone."""
    settings = load_settings(database_url=db_url, jobs_embedded=False, **settings_overrides)
    async with AsyncExitStack() as stack:
        with monkeypatch.context() as patch:
            patch.setattr(chat.PostMessageRoute, "get_route_handler", APIRoute.get_route_handler)
            app = create_app(settings, clock=clock)
            await stack.enter_async_context(app.router.lifespan_context(app))
            # FastAPI builds an included route's handler at the first request that reaches
            # its router: this one, while the patch holds.
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as client:
                response = await client.post("http://test/api/messages", json={"text": "?"})
                assert response.status_code == 401
        yield app


async def _token(client: httpx.AsyncClient, username: str) -> str:
    body = {"username": username, "password": PASSWORD, "timezone": "Europe/Berlin"}
    response = await client.post("/api/auth/signup", json=body)
    assert response.status_code == 201, response.text
    token: str = response.json()["token"]
    return token


def _shape(value: Any) -> Any:
    """JSON with its numbers (ids) left out: the two apps' users differ only there."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return "<number>" if isinstance(value, int) and not isinstance(value, bool) else value


async def _answer(
    client: httpx.AsyncClient, token: str, body: bytes, headers: dict[str, str], login: bool
) -> tuple[int, list[tuple[str, str]], Any]:
    sent = {"Content-Type": JSON, **({"Authorization": f"Bearer {token}"} if login else {})}
    response = await client.post("/api/messages", content=body, headers={**sent, **headers})
    kept = [(k, v) for k, v in response.headers.multi_items() if k != "content-length"]
    return response.status_code, kept, _shape(response.json())


async def _pair(app: FastAPI, generic_app: FastAPI) -> list[tuple[httpx.AsyncClient, str]]:
    pair = []
    for one, name in ((app, "ada"), (generic_app, "bob")):
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=one), base_url="http://test")
        pair.append((client, await _token(client, name)))
    return pair


async def test_the_short_way_answers_as_fastapi(app: FastAPI, generic_app: FastAPI) -> None:
    (fast, fast_token), (generic, generic_token) = await _pair(app, generic_app)
    try:
        for body, headers, login in CASES:
            mine = await _answer(fast, fast_token, body, headers, login)
            theirs = await _answer(generic, generic_token, body, headers, login)
            assert mine == theirs, (body[:60], headers, login)
    finally:
        await fast.aclose()
        await generic.aclose()


@pytest.mark.parametrize("settings_overrides", [{"messages_per_minute": 2}])
async def test_the_rate_limit_answers_alike(app: FastAPI, generic_app: FastAPI) -> None:
    (fast, fast_token), (generic, generic_token) = await _pair(app, generic_app)
    try:
        answers = []
        for client, token in ((fast, fast_token), (generic, generic_token)):
            body = b'{"text": "hello"}'
            answers.append([await _answer(client, token, body, {}, True) for _ in range(3)])
        assert answers[0] == answers[1]
        assert [status for status, _, _ in answers[0]] == [200, 200, 429]
    finally:
        await fast.aclose()
        await generic.aclose()
