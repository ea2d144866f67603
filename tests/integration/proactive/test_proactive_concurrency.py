"""Exactly once under concurrency: several runners at once, separate processes on
PostgreSQL, and a worker killed with SIGKILL mid-batch."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from proactive_helpers import BERLIN, add_user, handler, sessions_of
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.channels.web.sender import WebSender
from companion_bot.channels.web.sse import StreamHub
from companion_bot.proactive.engine import ProactiveOptions
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.models import Base, Message, ScheduleSeries, UserSchedule
from companion_bot.testing import FakeSender, FrozenClock

SM = async_sessionmaker[AsyncSession]
START = dt.datetime(2026, 11, 26, 14, 30, tzinfo=BERLIN)
DUE = START - dt.timedelta(minutes=30)
WORKER = Path(__file__).with_name("proactive_worker.py")


async def due_reminders(sm: SM, count: int, users: int = 50, *, tasks: int = 0) -> None:
    """``count`` meetings starting at START (their reminders due at DUE) and ``tasks`` task
    reminders due at DUE, for ``users`` users with no daily cap."""
    ids = [await add_user(sm, name=f"u{i}", max_proactive_per_day=100) for i in range(users)]
    rows = [
        {
            "user_id": ids[i % users],
            "event_name": f"meeting {i}",
            "start_time": START - dt.timedelta(seconds=i % 60),
            "channel": "web",
        }
        for i in range(count)
    ] + [
        {
            "user_id": ids[i % users],
            "event_name": f"task {i}",
            "start_time": DUE - dt.timedelta(seconds=i % 60),
            "channel": "web",
            "kind": "task",
        }
        for i in range(tasks)
    ]
    async with sm() as session:
        await session.execute(insert(UserSchedule), rows)
        await session.commit()


async def test_concurrent_runners_send_each_reminder_once(
    db_url: str, sm: SM, clock: FrozenClock
) -> None:
    await due_reminders(sm, 300)
    engines = [make_engine(db_url) for _ in range(3)]
    senders = [FakeSender() for _ in engines]
    options = ProactiveOptions(batch_size=40)
    runners = [
        handler(make_sessionmaker(e), {"web": s}, clock, options=options)
        for e, s in zip(engines, senders, strict=True)
    ]
    try:
        await asyncio.gather(*(r.check_and_send_preparation_reminders(DUE) for r in runners))
    finally:
        for engine in engines:
            await engine.dispose()

    sent = Counter(m.proactive_session_id for s in senders for m in s.sent)
    rows = await sessions_of(sm)
    assert len(sent) == 300 and set(sent.values()) == {1}
    assert len(rows) == 300 and {r.status for r in rows} == {"sent"}


async def truncate(sm: SM) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    async with sm() as session:
        await session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        await session.commit()


def _spawn(
    url: str, now: dt.datetime, out: Path, mode: str, gate: Path | None = None
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(WORKER.parent)}
    if gate is not None:
        env["WORKER_GATE"] = str(gate)
    return subprocess.Popen(
        [sys.executable, str(WORKER), url, now.isoformat(), str(out), mode],
        cwd=WORKER.parent,
        env=env,
    )


def _open_when_ready(gate: Path, workers: int) -> None:
    """Open ``gate`` once ``workers`` processes wait at it (their imports done): the passes
    then start together, however slowly each process started."""
    for _ in range(6000):
        if len(list(gate.parent.glob(f"{gate.name}.*.ready"))) >= workers:
            gate.touch()
            return
        time.sleep(0.01)
    raise TimeoutError("the workers never got ready")


async def _three_workers(url: str, tmp_path: Path) -> tuple[list[int], list[str]]:
    """Three worker processes' passes, started together: their exit codes and the
    ``pid session`` words of every send, in order."""
    out, gate = tmp_path / "sent.txt", tmp_path / "go"
    workers = [_spawn(url, DUE, out, "record", gate) for _ in range(3)]
    await asyncio.to_thread(_open_when_ready, gate, 3)
    codes = [await asyncio.to_thread(w.wait, 120) for w in workers]
    return codes, out.read_text().split()


@pytest.mark.postgres
async def test_three_worker_processes_deliver_1000_reminders_exactly_once(
    migrated_postgres: str, tmp_path: Path
) -> None:
    engine = make_engine(migrated_postgres)
    sm = make_sessionmaker(engine)
    await truncate(sm)
    try:
        await due_reminders(sm, 1000)
        codes, lines = await _three_workers(migrated_postgres, tmp_path)
        sent = Counter(lines[1::2])
        pids = set(lines[0::2])
        rows = await sessions_of(sm)
    finally:
        await engine.dispose()

    assert codes == [0, 0, 0]
    assert len(sent) == 1000 and set(sent.values()) == {1}
    assert len(pids) >= 2  # the work was really shared
    assert len(rows) == 1000 and {r.status for r in rows} == {"sent"}


@pytest.mark.postgres
async def test_three_worker_processes_send_task_reminders_exactly_once_too(
    migrated_postgres: str, tmp_path: Path
) -> None:
    engine = make_engine(migrated_postgres)
    sm = make_sessionmaker(engine)
    await truncate(sm)
    try:
        await due_reminders(sm, 300, tasks=300)
        codes, lines = await _three_workers(migrated_postgres, tmp_path)
        sent = Counter(lines[1::2])
        rows = await sessions_of(sm)
    finally:
        await engine.dispose()

    assert codes == [0, 0, 0]
    assert len(sent) == 600 and set(sent.values()) == {1}
    assert Counter(r.session_type for r in rows) == {
        "preparation_reminder": 300,
        "task_reminder": 300,
    }
    assert {r.status for r in rows} == {"sent"}


async def due_series(sm: SM, count: int, users: int = 50) -> None:
    """``count`` repeating meetings, every day at START's wall time, none of whose
    occurrences is stored yet (the workers store them as they plan)."""
    ids = [await add_user(sm, name=f"u{i}", max_proactive_per_day=100) for i in range(users)]
    first = START.replace(tzinfo=None)
    rows = [
        {
            "user_id": ids[i % users],
            "event_name": f"standup {i}",
            "channel": "web",
            "recurrence": f"DTSTART:{first:%Y%m%dT%H%M%S}\nRRULE:FREQ=DAILY",
            "timezone": "Europe/Berlin",
            "materialized_until": START - dt.timedelta(days=1),
        }
        for i in range(count)
    ]
    async with sm() as session:
        await session.execute(insert(ScheduleSeries), rows)
        await session.commit()


@pytest.mark.postgres
async def test_three_worker_processes_deliver_recurring_occurrences_exactly_once(
    migrated_postgres: str, tmp_path: Path
) -> None:
    engine = make_engine(migrated_postgres)
    sm = make_sessionmaker(engine)
    await truncate(sm)
    try:
        await due_series(sm, 300)
        codes, lines = await _three_workers(migrated_postgres, tmp_path)
        sent = Counter(lines[1::2])
        rows = await sessions_of(sm)
        async with sm() as session:
            stored = Counter(
                tuple(row)
                for row in await session.execute(
                    select(UserSchedule.series_id, UserSchedule.occurrence_start)
                )
            )
    finally:
        await engine.dispose()

    assert codes == [0, 0, 0]
    assert len(sent) == 300 and set(sent.values()) == {1}
    assert len(rows) == 300 and {r.status for r in rows} == {"sent"}
    assert set(stored.values()) == {1}  # each occurrence stored once, whoever stored it
    assert len({series for series, _ in stored}) == 300


@pytest.mark.postgres
async def test_worker_killed_mid_batch_loses_nothing_and_doubles_nothing_on_web(
    migrated_postgres: str, tmp_path: Path
) -> None:
    engine = make_engine(migrated_postgres)
    sm = make_sessionmaker(engine)
    await truncate(sm)
    try:
        await due_reminders(sm, 200)
        out = tmp_path / "sent.txt"
        worker = _spawn(migrated_postgres, DUE, out, "web-slow")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if out.exists() and len(out.read_text().splitlines()) >= 70:
                break
            await asyncio.sleep(0.02)
        worker.send_signal(signal.SIGKILL)
        await asyncio.to_thread(worker.wait, 10)
        before = Counter(r.status for r in await sessions_of(sm))
        # The next run after the lease picks up the dead worker's rows.
        rerun = handler(sm, {"web": WebSender(sm, StreamHub())}, FrozenClock(DUE))
        await rerun.check_and_send_preparation_reminders(DUE + dt.timedelta(minutes=5, seconds=1))
        async with sm() as session:
            messages = await session.scalar(select(func.count()).select_from(Message))
            distinct = await session.scalar(
                select(func.count(func.distinct(Message.proactive_session_id)))
            )
        rows = await sessions_of(sm)
    finally:
        await engine.dispose()

    assert worker.returncode == -signal.SIGKILL
    assert before["pending"] > 0  # it really died mid-batch
    assert {r.status for r in rows} == {"sent"} and len(rows) == 200
    assert messages == distinct == 200
