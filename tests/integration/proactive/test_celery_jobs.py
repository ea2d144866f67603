"""The job on a real Celery worker pair and beat against Redis: end to end, exactly once."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest
import redis
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.celery_app import SCAN_TASK, create_celery_app
from companion_bot.config import Settings
from companion_bot.storage import users
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.models import Base, Message, ProactiveSession, UserSchedule

REDIS_URL = os.environ.get("COMPANION_TEST_CELERY_REDIS_URL", "redis://127.0.0.1:6379/13")
COUNT = 60

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def broker(unavailable: Callable[[str], NoReturn]) -> str:
    try:
        client = redis.Redis.from_url(REDIS_URL)
        client.flushdb()
        client.close()
    except redis.RedisError as exc:
        unavailable(f"Redis is unreachable at {REDIS_URL}: {exc}")
    return REDIS_URL


async def _setup(sm: async_sessionmaker[AsyncSession]) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    async with sm() as session:
        await session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        await users.create_user(session, username="ada", timezone="Europe/Berlin")
        await session.execute(text("UPDATE greeting_preferences SET max_proactive_per_day = 100"))
        await session.commit()
    await _add_meetings(sm, COUNT)


async def _add_meetings(sm: async_sessionmaker[AsyncSession], count: int) -> None:
    """``count`` meetings of the first user, 20 minutes from now: inside the lead, so due."""
    start = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=20)
    rows = [
        {"user_id": 1, "event_name": f"meeting {i}", "start_time": start, "channel": "web"}
        for i in range(count)
    ]
    async with sm() as session:
        await session.execute(insert(UserSchedule), rows)
        await session.commit()


def _spawn(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def _count_sent(sm: async_sessionmaker[AsyncSession], want: int, within: float) -> int:
    """Poll until ``want`` reminders are sent (or time is up); how many were."""
    deadline = time.monotonic() + within
    sent = 0
    while time.monotonic() < deadline:
        async with sm() as session:
            query = select(func.count()).select_from(ProactiveSession)
            sent = await session.scalar(query.where(ProactiveSession.status == "sent")) or 0
        if sent >= want:
            break
        await asyncio.sleep(0.5)
    return sent


async def test_two_workers_and_beat_deliver_each_reminder_once(
    migrated_postgres: str, broker: str, tmp_path: Path
) -> None:
    engine = make_engine(migrated_postgres)
    sm = make_sessionmaker(engine)
    env = {
        **os.environ,
        "COMPANION_DATABASE_URL": migrated_postgres,
        "COMPANION_REDIS_URL": broker,
        "COMPANION_JOB_PERIOD_SECONDS": "1",
        "COMPANION_TELEGRAM_BOT_TOKEN": "",
    }
    procs: list[subprocess.Popen[bytes]] = []
    try:
        await _setup(sm)
        # One worker by celery's own command, one by ours; beat by ours.
        celery = ["celery", "-A", "companion_bot.celery_app"]
        procs.append(_spawn([*celery, "worker", "--concurrency=2", "-n", "w1@%h"], env, tmp_path))
        procs.append(_spawn(["companion_bot", "worker", "--concurrency", "2"], env, tmp_path))
        procs.append(
            _spawn(
                ["companion_bot", "beat", "--schedule-file", str(tmp_path / "beat")], env, tmp_path
            )
        )
        # Besides beat, a burst of triggers at once: workers race over the same rows.
        app = create_celery_app(Settings(redis_url=broker, database_url=migrated_postgres))
        for _ in range(6):
            app.send_task(SCAN_TASK)
        sent = await _count_sent(sm, COUNT, within=90)
        # Beat alone from now on: one more meeting, no manual trigger.
        await _add_meetings(sm, 1)
        sent_by_beat = await _count_sent(sm, COUNT + 1, within=30)
        await asyncio.sleep(3)  # a few more beats: nothing may be sent again
        async with sm() as session:
            attempts = list(await session.scalars(select(ProactiveSession.attempts)))
            messages = await session.scalar(select(func.count()).select_from(Message))
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                await asyncio.to_thread(proc.wait, 20)
            except subprocess.TimeoutExpired:
                proc.kill()
        await engine.dispose()

    assert sent == COUNT and sent_by_beat == COUNT + 1
    assert attempts == [1] * (COUNT + 1)  # every row claimed once: none was sent twice
    assert messages == COUNT + 1
