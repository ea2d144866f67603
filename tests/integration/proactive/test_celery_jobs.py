"""The job on a real Celery worker pair and beat against Redis: end to end, exactly once."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.config import Settings
from companion_bot.proactive.celery_app import SCAN_TASK, create_celery_app
from companion_bot.storage import repo
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.models import Base, Message, ProactiveSession, UserSchedule

IN_CI = os.environ.get("CI", "").lower() == "true"
REDIS_URL = os.environ.get("COMPANION_TEST_CELERY_REDIS_URL", "redis://127.0.0.1:6379/13")
COUNT = 60

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def broker() -> str:
    try:
        client = redis.Redis.from_url(REDIS_URL)
        client.flushdb()
        client.close()
    except redis.RedisError as exc:
        if IN_CI:
            pytest.fail(f"CI=true but Redis is unreachable at {REDIS_URL}: {exc}")
        pytest.skip(f"Redis unreachable at {REDIS_URL}: {exc}")
    return REDIS_URL


async def _setup(sm: async_sessionmaker[AsyncSession]) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    start = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=20)  # inside the lead: at once
    async with sm() as session:
        await session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        user = await repo.create_user(session, username="ada", timezone="Europe/Berlin")
        await session.execute(text("UPDATE greeting_preferences SET max_proactive_per_day = 100"))
        rows = [
            {
                "user_id": user.id,
                "event_name": f"meeting {i}",
                "start_time": start,
                "channel": "web",
            }
            for i in range(COUNT)
        ]
        await session.execute(insert(UserSchedule), rows)
        await session.commit()


def _celery(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "companion_bot.proactive.celery_app", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


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
        for name in ("w1", "w2"):
            procs.append(_celery(["worker", "--concurrency=2", "-n", f"{name}@%h"], env, tmp_path))
        procs.append(_celery(["beat", f"--schedule={tmp_path / 'beat'}"], env, tmp_path))
        # Besides beat, a burst of triggers at once: workers race over the same rows.
        app = create_celery_app(Settings(redis_url=broker, database_url=migrated_postgres))
        for _ in range(6):
            app.send_task(SCAN_TASK)
        deadline = time.monotonic() + 90
        sent = 0
        while time.monotonic() < deadline:
            async with sm() as session:
                sent = (
                    await session.scalar(
                        select(func.count())
                        .select_from(ProactiveSession)
                        .where(ProactiveSession.status == "sent")
                    )
                    or 0
                )
            if sent == COUNT:
                break
            await asyncio.sleep(0.5)
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

    assert sent == COUNT
    assert attempts == [1] * COUNT  # every row claimed once: no worker sent a second time
    assert messages == COUNT
