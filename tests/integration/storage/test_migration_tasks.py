"""Migration 0008 (task reminders) on both databases: what was stored stays a meeting, a task
and its reminder can be stored, and a downgrade keeps every row."""

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

BEFORE = "0007_message_client_keys"
AFTER = "0008_task_reminders"
SEED = (
    "INSERT INTO users (username) VALUES ('ada')",
    "INSERT INTO user_schedules (user_id, event_name, start_time, channel) "
    "VALUES (1, 'standup', '2026-11-25 10:00:00+00:00', 'web')",
    "INSERT INTO proactive_sessions (user_id, session_type, reference_id, channel, status, "
    "metadata) VALUES (1, 'preparation_reminder', 1, 'web', 'sent', '{}')",
    "INSERT INTO messages (user_id, channel, role, message_type, content, "
    "proactive_session_id) VALUES (1, 'web', 'bot', 'proactive', 'Heads up', 1)",
)
TASK = (
    "INSERT INTO user_schedules (user_id, event_name, start_time, channel, kind) "
    "VALUES (1, 'call mom', '2026-11-25 17:00:00+00:00', 'web', 'task')"
)
TASK_REMINDER = (
    "INSERT INTO proactive_sessions (user_id, session_type, reference_id, channel, status, "
    "metadata) VALUES (1, 'task_reminder', 2, 'web', 'sent', '{}')"
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
        return f"sqlite:///{tmp_path / 'tasks.db'}"
    return request.getfixturevalue("new_postgres_database")()  # type: ignore[no-any-return]


def test_upgrade_keeps_meetings_and_their_links_and_allows_tasks(empty_url: str) -> None:
    migrate.upgrade(empty_url, BEFORE)
    _run(empty_url, *SEED)

    migrate.upgrade(empty_url, AFTER)
    _run(empty_url, TASK, TASK_REMINDER)

    kinds = _run(empty_url, "SELECT event_name, kind FROM user_schedules ORDER BY id")
    assert kinds == [("standup", "meeting"), ("call mom", "task")]
    assert _run(empty_url, "SELECT id, proactive_session_id FROM messages") == [(1, 1)]
    with pytest.raises(IntegrityError):  # one reminder per task
        _run(empty_url, TASK_REMINDER)
    with pytest.raises(IntegrityError):  # the CHECK refuses other kinds
        _run(empty_url, TASK.replace("'task'", "'chore'").replace("17:00", "18:00"))


def test_downgrade_cancels_tasks_and_keeps_every_schedule(empty_url: str) -> None:
    migrate.upgrade(empty_url, BEFORE)
    _run(empty_url, *SEED)
    migrate.upgrade(empty_url, AFTER)
    _run(empty_url, TASK, TASK_REMINDER)

    command.downgrade(migrate.alembic_config(empty_url), BEFORE)

    rows = _run(empty_url, "SELECT event_name, status FROM user_schedules ORDER BY id")
    assert rows == [("standup", "scheduled"), ("call mom", "cancelled")]
    types = _run(empty_url, "SELECT session_type FROM proactive_sessions ORDER BY id")
    assert types == [("preparation_reminder",)]
    assert _run(empty_url, "SELECT id, proactive_session_id FROM messages") == [(1, 1)]
    migrate.upgrade(empty_url, AFTER)  # and up again
