"""Fixtures both channels' tests use: a Redis that answers."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import NoReturn

import pytest

REDIS_URL = os.environ.get("COMPANION_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_url(unavailable: Callable[[str], NoReturn]) -> str:
    """A Redis URL that answers (see ``unavailable`` for when it does not)."""
    import redis

    try:
        with redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2) as client:
            client.ping()
    except redis.RedisError as exc:
        unavailable(f"Redis is unreachable at {REDIS_URL}: {exc}")
    return REDIS_URL
