"""Fixtures of the pipeline tests: a sessionmaker on each database, a Berlin user (ada) and
a New York one (dan, for the conversations the user guide tells)."""

from __future__ import annotations

import pytest
from pipeline_helpers import new_user
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from companion_bot.composition import build_message_handler
from companion_bot.config import Settings
from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage.db import make_sessionmaker


@pytest.fixture
def sm(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


@pytest.fixture
async def user_id(sm: async_sessionmaker[AsyncSession]) -> int:
    return await new_user(sm, "ada", "Europe/Berlin")


@pytest.fixture
async def dan(sm: async_sessionmaker[AsyncSession]) -> int:
    return await new_user(sm, "dan", "America/New_York")


@pytest.fixture
def handler(sm: async_sessionmaker[AsyncSession]) -> MessageHandler:
    return build_message_handler(Settings(llm_base_url=""), sm)
