"""SQLite writers of one process take turns in an in-process line (``storage/db.py``), not
through SQLite's busy handler: with the busy timeout at 0, a writer that met the file lock
would fail at once with "database is locked"."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from companion_bot.storage import db

WRITERS = 20


@pytest.fixture
def no_busy_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 0)


async def test_concurrent_writers_take_turns_without_meeting_the_lock(
    tmp_path: Path, no_busy_wait: None
) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'line.db'}", pool_size=WRITERS)
    sessions = db.make_sessionmaker(engine)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        await connection.execute(text("INSERT INTO counter VALUES (0)"))
    inside = 0
    most_inside = 0

    async def add_one(fail: bool) -> None:
        nonlocal inside, most_inside
        async with sessions() as session:
            await db.begin_write(session)
            inside += 1
            most_inside = max(most_inside, inside)
            n = await session.scalar(text("SELECT n FROM counter"))
            await asyncio.sleep(0.005)  # other writers ask for their turn meanwhile
            await session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
            inside -= 1
            if fail:
                raise RuntimeError("this writer gives up")  # rolled back: its turn ends
            await session.commit()

    try:
        outcomes = await asyncio.gather(
            *(add_one(fail=i % 5 == 4) for i in range(WRITERS)), return_exceptions=True
        )
        async with sessions() as session:
            total = await session.scalar(text("SELECT n FROM counter"))
    finally:
        await engine.dispose()

    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert [str(e) for e in errors] == ["this writer gives up"] * (WRITERS // 5)
    assert total == WRITERS - WRITERS // 5
    assert most_inside == 1


async def test_a_writer_session_waits_its_turn_at_its_first_statement(
    tmp_path: Path, no_busy_wait: None
) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'line.db'}", pool_size=4)
    sessions = db.make_sessionmaker(engine)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE notes (body TEXT)"))

    async def write(body: str) -> None:
        async with db.writer_session(sessions) as session:
            await session.execute(text("SELECT count(*) FROM notes"))
            await asyncio.sleep(0.01)
            await session.execute(text("INSERT INTO notes VALUES (:b)"), {"b": body})
            await session.commit()

    try:
        outcomes = await asyncio.gather(
            *(write(f"note {i}") for i in range(8)), return_exceptions=True
        )
        async with sessions() as session:
            count = await session.scalar(text("SELECT count(*) FROM notes"))
    finally:
        await engine.dispose()
    assert outcomes == [None] * 8
    assert count == 8


async def test_a_writer_kept_waiting_too_long_gets_a_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "SQLITE_WRITER_WAIT_SECONDS", 0.2)
    engine = db.make_engine(f"sqlite:///{tmp_path / 'line.db'}", pool_size=2)
    sessions = db.make_sessionmaker(engine)
    try:
        async with sessions() as holder, sessions() as waiter:
            await db.begin_write(holder)  # a writer that does not finish in time
            with pytest.raises(sa_exc.TimeoutError, match="for a turn to write to SQLite"):
                await db.begin_write(waiter)
            await holder.rollback()
            await waiter.rollback()
            await db.begin_write(waiter)  # the turn is free again once the holder is done
            await waiter.commit()
    finally:
        await engine.dispose()
