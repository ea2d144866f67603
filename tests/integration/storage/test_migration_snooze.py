"""Migration 0003 (snoozed reminders) on both databases: existing links survive it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from companion_bot.storage import migrate
from companion_bot.storage.db import make_engine

BEFORE = "0002_proactive_features"
SEED = (
    "INSERT INTO users (username) VALUES ('ada')",
    "INSERT INTO user_schedules (user_id, event_name, start_time, channel) "
    "VALUES (1, 'standup', '2026-11-25 10:00:00+00:00', 'web')",
    "INSERT INTO proactive_sessions (user_id, session_type, reference_id, channel, status, "
    "metadata) VALUES (1, 'preparation_reminder', 1, 'web', 'sent', '{}')",
    "INSERT INTO messages (user_id, channel, role, message_type, content, "
    "proactive_session_id) VALUES (1, 'web', 'bot', 'proactive', 'Heads up', 1)",
)
SNOOZE = (
    "INSERT INTO proactive_sessions (user_id, session_type, reference_id, channel, metadata) "
    "VALUES (1, 'snooze', 1, 'web', '{}')"
)


def _run(url: str, *statements: str) -> list[tuple[Any, ...]]:
    async def go() -> list[tuple[Any, ...]]:
        engine = make_engine(url)
        rows: list[tuple[Any, ...]] = []
        try:
            async with engine.begin() as connection:
                for statement in statements:
                    result = await connection.execute(text(statement))
                    if result.returns_rows:
                        rows = [tuple(row) for row in result]
        finally:
            await engine.dispose()
        return rows

    return asyncio.run(go())


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'snooze.db'}"
    return request.getfixturevalue("new_postgres_database")()  # type: ignore[no-any-return]


def test_upgrade_keeps_delivered_messages_linked_and_allows_one_snooze(empty_url: str) -> None:
    migrate.upgrade(empty_url, BEFORE)
    _run(empty_url, *SEED)

    migrate.upgrade(empty_url)

    links = _run(empty_url, "SELECT id, proactive_session_id FROM messages")
    assert links == [(1, 1)]
    _run(empty_url, SNOOZE)
    with pytest.raises(IntegrityError):  # one snooze per meeting
        _run(empty_url, SNOOZE)
    with pytest.raises(IntegrityError):  # the CHECK still refuses unknown types
        _run(empty_url, SNOOZE.replace("'snooze'", "'bogus'"))


def test_downgrade_drops_snoozes_and_keeps_the_rest(empty_url: str) -> None:
    migrate.upgrade(empty_url, BEFORE)
    _run(empty_url, *SEED)
    migrate.upgrade(empty_url)
    _run(empty_url, SNOOZE)

    command.downgrade(migrate.alembic_config(empty_url), BEFORE)

    types = _run(empty_url, "SELECT session_type FROM proactive_sessions ORDER BY id")
    assert types == [("preparation_reminder",)]
    assert _run(empty_url, "SELECT id, proactive_session_id FROM messages") == [(1, 1)]
    with pytest.raises(IntegrityError):
        _run(empty_url, SNOOZE)
