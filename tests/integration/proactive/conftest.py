"""Fixtures of the proactive tests: a sessionmaker on each database, a clock."""

from __future__ import annotations

import pytest
from proactive_helpers import NOW
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from companion_bot.storage.db import make_sessionmaker
from companion_bot.testing import FakeSender, FrozenClock


@pytest.fixture
def sm(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def web() -> FakeSender:
    return FakeSender(channel="web")
