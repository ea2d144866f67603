"""Signals between processes (PostgreSQL LISTEN/NOTIFY): delivered at commit, never on
rollback, and a lost connection is noticed, reported and re-established."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.notify import APPLICATION_NAME, Listener, Topic, publish

pytestmark = pytest.mark.postgres


async def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Poll ``condition()`` until true; fail after ``seconds``."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"not true within {seconds} s")
        await asyncio.sleep(0.02)


@pytest.fixture
async def engine(migrated_postgres: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(migrated_postgres)
    yield engine
    await engine.dispose()


@pytest.fixture
async def listener(engine: AsyncEngine) -> AsyncIterator[tuple[Listener, list[str], list[bool]]]:
    """A started listener on ``Topic.LOGINS``: the payloads it heard, its resets."""
    heard: list[str] = []
    resets: list[bool] = []
    listening = Listener(engine.url, retry_seconds=0.1, check_seconds=0.5)
    listening.subscribe(Topic.LOGINS, heard.append)
    listening.on_reset(lambda: resets.append(listening.live))
    await listening.start()
    yield listening, heard, resets
    await listening.stop()


async def test_a_notification_arrives_at_commit_and_never_after_a_rollback(
    engine: AsyncEngine, listener: tuple[Listener, list[str], list[bool]]
) -> None:
    listening, heard, _ = listener
    assert listening.live
    # A listener of this process that never connects: only the commit itself can tell it.
    local: list[str] = []
    unconnected = Listener(engine.url)
    unconnected.subscribe(Topic.LOGINS, local.append)
    async with make_sessionmaker(engine)() as session:
        await publish(session, Topic.LOGINS, "7")
        await asyncio.sleep(0.2)
        before_commit = list(heard) + local
        await session.commit()
        at_commit = list(local)  # as the commit returns, not a round trip later
        await publish(session, Topic.LOGINS, "8")
        await session.rollback()
    await asyncio.sleep(0.3)
    assert before_commit == []
    assert at_commit == ["7"]
    assert local == ["7"]
    # PostgreSQL's delivery may repeat it to the connected one: forgetting is idempotent.
    assert set(heard) == {"7"}


async def test_a_lost_connection_is_reported_and_listening_resumes(
    engine: AsyncEngine, listener: tuple[Listener, list[str], list[bool]]
) -> None:
    listening, heard, resets = listener
    async with make_sessionmaker(engine)() as session:
        await _terminate_listeners(session)
        await wait_for(lambda: False in resets)  # noticed: caches must let go
        await wait_for(lambda: listening.live and resets[-1] is True)
        await _notify_as_another_process(session, Topic.LOGINS, "9")
    await wait_for(lambda: heard == ["9"])
    assert resets[0] is True  # the first connection
    assert resets[resets.index(False) :][-1] is True  # reconnected after the loss


async def test_another_process_notification_arrives_once(
    engine: AsyncEngine, listener: tuple[Listener, list[str], list[bool]]
) -> None:
    _, heard, _ = listener
    async with make_sessionmaker(engine)() as session:
        await _notify_as_another_process(session, Topic.LOGINS, "11")
    await wait_for(lambda: heard == ["11"])
    await asyncio.sleep(0.2)
    assert heard == ["11"]


async def _notify_as_another_process(session: AsyncSession, topic: Topic, payload: str) -> None:
    """Send what :func:`publish` sends, but as another process would: only PostgreSQL tells
    this process's listener."""
    await session.execute(
        text("SELECT pg_notify(:topic, :payload)"), {"topic": topic.value, "payload": payload}
    )
    await session.commit()


async def _terminate_listeners(session: AsyncSession) -> None:
    """Kill the listeners' connections to this database (as a server restart would)."""
    killed = await session.scalar(
        text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = :name"
        ),
        {"name": APPLICATION_NAME},
    )
    await session.commit()
    assert killed == 1


async def test_meetings_booked_moved_or_cancelled_anywhere_are_announced(
    engine: AsyncEngine,
) -> None:
    """Job loops hear of schedule changes made by any process, but not of the job's own
    bookkeeping (a reminder marked sent)."""
    heard: list[str] = []
    listening = Listener(engine.url)
    listening.subscribe(Topic.SCHEDULES, heard.append)
    await listening.start()
    statements = {
        "booked": "INSERT INTO user_schedules (user_id, event_name, start_time, channel) "
        "VALUES (:user, 'dentist', '2026-12-04 15:00:00+00', 'web')",
        "reminder marked sent": "UPDATE user_schedules SET preparation_reminder_sent = true",
        "moved": "UPDATE user_schedules SET start_time = start_time + interval '1 hour'",
        "cancelled": "UPDATE user_schedules SET status = 'cancelled'",
        "deleted": "DELETE FROM user_schedules",
    }
    announced: dict[str, bool] = {}
    try:
        async with make_sessionmaker(engine)() as session:
            user = await session.scalar(
                text("INSERT INTO users (username) VALUES ('notify-ada') RETURNING id")
            )
            await session.commit()
            for name, statement in statements.items():
                heard.clear()
                await session.execute(text(statement), {"user": user})
                await session.commit()
                await asyncio.sleep(0.3)
                announced[name] = bool(heard)
            await session.execute(text("DELETE FROM users WHERE id = :user"), {"user": user})
            await session.commit()
    finally:
        await listening.stop()
    assert announced == {
        "booked": True,
        "reminder marked sent": False,
        "moved": True,
        "cancelled": True,
        "deleted": True,
    }
