"""Redis restarted during a Celery run: the pass completes, 0 reminders lost, 0 doubled.

A private ``redis-server`` (never the machine's shared one) is the broker of a real Celery
worker (``redis_restart_worker.py``: the real app with a slow, recording web channel) and
of our beat, on real PostgreSQL. While the worker is in the middle of thousands of due
reminders, Redis is killed (SIGKILL, no persistence: it comes back empty, as after a crash)
and started again on the same port. Every due reminder must then be delivered exactly once,
and beat and the worker must carry on by themselves: a meeting booked after the restart is
reminded without anyone re-sending a task.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
import redis
from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from companion_bot.storage import migrate, users
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.models import (
    GreetingPreferences,
    Message,
    ProactiveSession,
    UserSchedule,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

HERE = Path(__file__).parent
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
USERS = 30
DUE = 3000  # due when the run starts: 100 meetings for each user
BOOKED_AFTER = 10  # booked once Redis is back: beat and the worker must still be at work
SEND_DELAY = 0.05  # seconds per web send, 20 in flight per pass: a pass of a few seconds
RESTART_AFTER = DUE // 5  # deliveries seen before Redis is killed
DOWN_SECONDS = 2.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class PrivateRedis:
    """A ``redis-server`` of this test's own, without persistence."""

    workdir: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = (self.workdir / "redis.log").open("ab")
        self.proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        try:
            while not self._answers(client):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on port {self.port}")
                time.sleep(0.05)
        finally:
            client.close()

    @staticmethod
    def _answers(client: redis.Redis) -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    def kill(self) -> None:
        """Gone at once, with everything it held (SIGKILL, nothing saved)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def private_redis(tmp_path: Path, unavailable: Callable[[str], NoReturn]) -> Iterator[PrivateRedis]:
    if not os.access(REDIS_SERVER, os.X_OK):
        unavailable(f"redis-server is not installed at {REDIS_SERVER}")
    workdir = tmp_path / "redis"
    workdir.mkdir()
    server = PrivateRedis(workdir, _free_port())
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture(scope="module")
def restart_database(new_postgres_database: object) -> str:
    url: str = new_postgres_database()  # type: ignore[operator]
    migrate.upgrade(url)
    return url


@pytest.fixture
async def pg(restart_database: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(restart_database)
    yield engine
    await engine.dispose()


async def _book(sm: async_sessionmaker[AsyncSession], user_ids: list[int], each: int) -> None:
    """``each`` web meetings per user, 20 minutes from now: inside the lead, so due now."""
    start = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=20)
    rows = [
        {"user_id": uid, "event_name": f"meeting {uid}-{i}", "start_time": start, "channel": "web"}
        for uid in user_ids
        for i in range(each)
    ]
    async with sm() as session:
        await session.execute(insert(UserSchedule), rows)
        await session.commit()


async def _seed(sm: async_sessionmaker[AsyncSession]) -> list[int]:
    async with sm() as session:
        ids = [
            (await users.create_user(session, username=f"user{n}", timezone="Europe/Berlin")).id
            for n in range(USERS)
        ]
        # No quiet hours and room for every meeting in today's cap: each one is due.
        await session.execute(
            update(GreetingPreferences).values(
                max_proactive_per_day=DUE, dnd_start_hour=None, dnd_end_hour=None
            )
        )
        await session.commit()
    await _book(sm, ids, DUE // USERS)
    return ids


def _spawn(args: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    """A process group of its own, so that the worker's pool goes with it."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", *args],
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


async def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM (a warm shutdown), then SIGKILL to the group of whatever is still up."""
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            await asyncio.to_thread(proc.wait, 20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            await asyncio.to_thread(proc.wait, 5)


def _deliveries(path: Path) -> Counter[str]:
    """Sends handed to the web channel, by proactive session id."""
    if not path.exists():
        return Counter()
    return Counter(path.read_text(encoding="utf-8").split())


def _delivered(path: Path) -> int:
    return sum(_deliveries(path).values())


async def _until(predicate: Callable[[], bool], within: float, every: float = 0.05) -> bool:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(every)
    return True


async def _sent(sm: async_sessionmaker[AsyncSession]) -> int:
    async with sm() as session:
        query = select(func.count()).select_from(ProactiveSession)
        return await session.scalar(query.where(ProactiveSession.status == "sent")) or 0


async def _until_sent(sm: async_sessionmaker[AsyncSession], want: int, within: float) -> int:
    """Poll until ``want`` reminders are sent (or time is up); how many were."""
    deadline = time.monotonic() + within
    sent = 0
    while time.monotonic() < deadline:
        sent = await _sent(sm)
        if sent >= want:
            break
        await asyncio.sleep(0.25)
    return sent


def _tail(*logs: Path) -> str:
    """The last lines of the logs, without the pool's per-message INFO lines."""

    def tail(log: Path) -> str:
        lines = log.read_text(errors="replace").splitlines()
        return "\n".join([line for line in lines if "INFO/ForkPoolWorker" not in line][-30:])

    return "\n".join(f"--- {log.name}\n{tail(log)}" for log in logs if log.exists())


async def test_redis_restart_mid_pass_loses_and_doubles_no_reminder(
    pg: AsyncEngine, restart_database: str, private_redis: PrivateRedis, tmp_path: Path
) -> None:
    """Every reminder due when Redis dies, and every one booked after, arrives once."""
    sm = make_sessionmaker(pg)
    user_ids = await _seed(sm)
    delivered_file = tmp_path / "deliveries"
    worker_log, beat_log = tmp_path / "worker.log", tmp_path / "beat.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
        "COMPANION_DATABASE_URL": restart_database,
        "COMPANION_REDIS_URL": private_redis.url,
        "COMPANION_JOB_PERIOD_SECONDS": "1",
        "COMPANION_TELEGRAM_BOT_TOKEN": "",
        "COMPANION_LLM_BASE_URL": "",
        "REDIS_RESTART_DELIVERIES": str(delivered_file),
        "REDIS_RESTART_SEND_DELAY": str(SEND_DELAY),
    }
    worker_args = ["celery", "-A", "redis_restart_worker", "worker", "--concurrency=2"]
    worker_args.append("--loglevel=INFO")
    beat_args = ["companion_bot", "beat", "--schedule-file", str(tmp_path / "beat")]
    procs: list[subprocess.Popen[bytes]] = []
    try:
        procs.append(_spawn(worker_args, env, tmp_path, worker_log))
        procs.append(_spawn(beat_args, env, tmp_path, beat_log))

        # Beat triggers the run; Redis dies once the worker is well into it.
        started = await _until(lambda: _delivered(delivered_file) >= RESTART_AFTER, within=30)
        assert started, "no pass got going:\n" + _tail(worker_log, beat_log)
        private_redis.kill()
        at_restart = _delivered(delivered_file)
        await asyncio.sleep(DOWN_SECONDS)
        private_redis.start()
        assert 0 < at_restart < DUE, f"Redis restarted outside the run ({at_restart} of {DUE})"

        sent = await _until_sent(sm, DUE, within=40)
        # Booked after the restart: only beat and the worker, reconnected, can remind these.
        await _book(sm, user_ids[:BOOKED_AFTER], 1)
        sent_after = await _until_sent(sm, DUE + BOOKED_AFTER, within=20)
        await asyncio.sleep(3)  # a few more beats: nothing may go out again
        alive = [proc.poll() is None for proc in procs]
        async with sm() as session:
            attempts = Counter(await session.scalars(select(ProactiveSession.attempts)))
            messages = Counter(await session.scalars(select(Message.proactive_session_id)))
    finally:
        await _stop(procs)

    logs = _tail(worker_log, beat_log)
    deliveries = _deliveries(delivered_file)
    assert alive == [True, True], "the worker or beat died:\n" + logs
    assert sent == DUE, f"{DUE - sent} of {DUE} due reminders not sent after the restart\n{logs}"
    assert sent_after == DUE + BOOKED_AFTER, "nothing reminded after the restart:\n" + logs
    total = DUE + BOOKED_AFTER
    assert len(deliveries) == total and set(deliveries.values()) == {1}, "lost or doubled sends"
    assert len(messages) == total and set(messages.values()) == {1}, "lost or doubled messages"
    assert attempts == {1: total}  # every reminder claimed once: none was sent twice
