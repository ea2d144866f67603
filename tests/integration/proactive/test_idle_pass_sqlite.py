"""On SQLite (the embedded default) a pass with nothing due takes no write lock: a writer,
even one that changes nothing, makes other connections' read-then-write transactions fail
at once, so an idle job running every minute must stay a reader."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from pathlib import Path

from proactive_helpers import BERLIN, add_schedule, add_user, handler

from companion_bot.proactive.runner import run_pass
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.testing import FakeSender, FrozenClock

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


async def test_idle_pass_runs_while_another_connection_holds_the_write_lock(
    sqlite_url: str,
) -> None:
    engine = make_engine(sqlite_url)
    sm = make_sessionmaker(engine)
    web = FakeSender()
    user = await add_user(sm, preferred_greeting_time="08:00")  # today's agenda went at 08:00
    await add_schedule(sm, user, dt.datetime(2026, 11, 26, 14, 30, tzinfo=BERLIN))  # tomorrow
    other = sqlite3.connect(Path(sqlite_url.removeprefix("sqlite:///")), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # e.g. a request in the middle of a write
        # Nothing is due: the pass must not queue for the lock (10 s busy timeout).
        idle = handler(sm, {"web": web}, FrozenClock(NOW))
        summaries = await asyncio.wait_for(run_pass(idle, NOW), timeout=3)
        other.execute("ROLLBACK")
        due = dt.datetime(2026, 11, 26, 13, 0, tzinfo=dt.UTC)
        later = await run_pass(handler(sm, {"web": web}, FrozenClock(due)), due)
    finally:
        other.close()
        await engine.dispose()

    assert [s.outcomes for s in summaries] == [[], [], []]
    assert [len(s.sent) for s in later] == [1, 0, 0]  # and with something due, it works
