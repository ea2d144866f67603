"""The web rate limits shared through Redis: the same window and Retry-After as the
in-process limiter, one window for every process, and what each limit does when Redis is
down (the chat and the feed count per process, the login throttles answer 503)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import socket
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client import REGISTRY
from redis.asyncio import Redis
from web_helpers import NOW, PASSWORD, Signup

from companion_bot.channels.web.ratelimit import (
    LimiterUnavailableError,
    Outage,
    RateLimiter,
    RedisRateLimiter,
    limits_prefix,
    redis_client,
)
from companion_bot.composition import create_app
from companion_bot.config import load_settings
from companion_bot.testing import FrozenClock

pytestmark = pytest.mark.redis


def _dead_redis_url() -> str:
    """A Redis URL where nothing listens (connections are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = redis_client(redis_url)
    yield client
    await client.aclose()


@pytest.fixture
def prefix() -> str:
    return f"test-web-rate:{uuid.uuid4().hex}"


def _limiter(redis: Redis, prefix: str, limit: int, outage: Outage = Outage.LOCAL) -> Any:
    return RedisRateLimiter(redis, limit, name="messages", outage=outage, prefix=prefix)


async def test_the_same_answers_as_the_in_process_window(redis: Redis, prefix: str) -> None:
    """Random hits on three keys, some refused, at times a few seconds apart: every answer
    (recorded, or the seconds of Retry-After) is the in-process limiter's."""
    shared, local = _limiter(redis, prefix, 3), RateLimiter(3)
    rng = random.Random(16)
    at = NOW
    for _ in range(300):
        at += dt.timedelta(seconds=rng.choice([0, 0.5, 1, 3, 7.25, 20]))
        key = rng.choice(["ada", "bob", 42])
        assert await shared.take(key, at) == local.hit(key, at), (key, at)


async def test_refused_until_the_oldest_hit_leaves_the_window(redis: Redis, prefix: str) -> None:
    limiter = _limiter(redis, prefix, 3)
    for second in (0, 10, 20):
        assert await limiter.take("ada", NOW + dt.timedelta(seconds=second)) is None
    assert await limiter.take("ada", NOW + dt.timedelta(seconds=30)) == 30.0
    assert await limiter.take("ada", NOW + dt.timedelta(seconds=59.5)) == 1.0
    assert await limiter.take("ada", NOW + dt.timedelta(seconds=60)) is None
    assert await limiter.take("bob", NOW + dt.timedelta(seconds=60)) is None


async def test_two_limiters_on_their_own_connections_share_one_window(
    redis_url: str, prefix: str
) -> None:
    """As two processes would: each its own client, the same prefix, hits alternating."""
    first, second = redis_client(redis_url), redis_client(redis_url)
    try:
        a, b = _limiter(first, prefix, 4), _limiter(second, prefix, 4)
        answers = [
            await limiter.take(7, NOW + dt.timedelta(seconds=i))
            for i, limiter in enumerate([a, b, a, b, a, b])
        ]
        assert answers == [None, None, None, None, 60.0 - 4, 60.0 - 5]
        # Another prefix (another deployment's database) is another window.
        other = _limiter(first, prefix + ":other", 4)
        assert await other.take(7, NOW) is None
    finally:
        await first.aclose()
        await second.aclose()


async def test_hits_sent_together_are_counted_one_by_one(redis_url: str, prefix: str) -> None:
    """Hits made at once go to Redis in one pipeline; each is still checked against the
    hits before it: of 30 at once from two limiters, exactly the limit are recorded."""
    first, second = redis_client(redis_url), redis_client(redis_url)
    try:
        a, b = _limiter(first, prefix, 7), _limiter(second, prefix, 7)
        answers = await asyncio.gather(*((a, b)[i % 2].take("ada", NOW) for i in range(30)))
        others = await asyncio.gather(*(a.take(f"user{i}", NOW) for i in range(10)))
    finally:
        await first.aclose()
        await second.aclose()
    assert answers.count(None) == 7
    assert set(answers) == {None, 60.0}
    assert others == [None] * 10


async def test_a_hit_stamped_after_now_by_another_process_waits_no_more_than_the_window(
    redis: Redis, prefix: str
) -> None:
    """Two processes' clocks are read a moment apart: a refusal still waits at most 60 s."""
    limiter = _limiter(redis, prefix, 1)
    assert await limiter.take("ada", NOW + dt.timedelta(microseconds=5)) is None
    assert await limiter.take("ada", NOW) == 60.0


def _redis_errors(limit: str, outage: str) -> float:
    value = REGISTRY.get_sample_value(
        "companion_rate_limit_redis_errors_total", {"limit": limit, "outage": outage}
    )
    return value or 0.0


async def test_without_redis_a_local_limit_counts_in_this_process(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = redis_client(_dead_redis_url())
    before = _redis_errors("messages", "local")
    try:
        limiter = _limiter(client, "unused", 2)
        with caplog.at_level(logging.WARNING, logger="companion_bot.channels.web.ratelimit"):
            answers = [await limiter.take("ada", NOW) for _ in range(3)]
    finally:
        await client.aclose()
    assert answers == [None, None, 60.0]
    assert _redis_errors("messages", "local") == before + 3
    down = [r for r in caplog.records if getattr(r, "action", "") == "rate_limit_redis_down"]
    assert len(down) == 1  # once per outage, not once per request
    assert down[0].levelno == logging.WARNING


async def test_without_redis_a_refusing_limit_raises_and_logs_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = redis_client(_dead_redis_url())
    before = _redis_errors("login_account", "refuse")
    try:
        limiter = RedisRateLimiter(client, 10, name="login_account", outage=Outage.REFUSE)
        with caplog.at_level(logging.WARNING, logger="companion_bot.channels.web.ratelimit"):
            for _ in range(2):
                with pytest.raises(LimiterUnavailableError):
                    await limiter.take("ada", NOW)
    finally:
        await client.aclose()
    assert _redis_errors("login_account", "refuse") == before + 2
    down = [r for r in caplog.records if getattr(r, "action", "") == "rate_limit_redis_down"]
    assert [r.levelno for r in down] == [logging.ERROR]


# The served app: shared limits in two apps on one database (two processes' worth).


@pytest.fixture
async def clean_windows(db_url: str, redis_url: str) -> None:
    """This database's windows start empty (PostgreSQL test databases are reused)."""
    client = redis_client(redis_url)
    try:
        keys = [key async for key in client.scan_iter(match=limits_prefix(db_url) + ":*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture
async def two_apps(
    db_url: str, redis_url: str, clock: FrozenClock, clean_windows: None
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    settings = load_settings(
        database_url=db_url,
        jobs_embedded=False,
        shared_limits=True,
        redis_url=redis_url,
        messages_per_minute=3,
    )
    apps: list[FastAPI] = [create_app(settings, clock=clock) for _ in range(2)]
    async with apps[0].router.lifespan_context(apps[0]), apps[1].router.lifespan_context(apps[1]):
        clients = [
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
            for app in apps
        ]
        yield clients[0], clients[1]
        for client in clients:
            await client.aclose()


async def test_two_apps_share_the_message_limit_and_its_retry_after(
    two_apps: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    a, b = two_apps
    signed = await a.post(
        "/api/auth/signup",
        json={"username": "ada", "password": PASSWORD, "timezone": "Europe/Berlin"},
    )
    auth = {"Authorization": f"Bearer {signed.json()['token']}"}
    statuses = []
    for client in (a, b, a, b):
        response = await client.post("/api/messages", json={"text": "hello"}, headers=auth)
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 429]
    assert response.headers["Retry-After"] == "60"  # all at the frozen clock's one instant


async def test_two_apps_share_the_login_throttle(
    two_apps: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    a, b = two_apps
    wrong = {"username": "nobody", "password": "not the password"}
    statuses = [
        (await (a, b)[i % 2].post("/api/auth/login", json=wrong)).status_code for i in range(11)
    ]
    assert statuses == [401] * 10 + [429]


@pytest.mark.parametrize(
    "settings_overrides",
    [{"shared_limits": True, "redis_url": _dead_redis_url(), "messages_per_minute": 2}],
)
async def test_redis_down_chat_goes_on_per_process_and_login_answers_503(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    token = (await signup("ada"))["token"]
    auth = {"Authorization": f"Bearer {token}"}
    statuses = [
        (await client.post("/api/messages", json={"text": "hi"}, headers=auth)).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]

    login = await client.post("/api/auth/login", json={"username": "ada", "password": PASSWORD})
    assert login.status_code == 503
    assert login.headers["Retry-After"]
