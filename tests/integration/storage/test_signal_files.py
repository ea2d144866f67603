"""Signals between processes on SQLite: a commit that published grows the topic's signal
file beside the database; a rollback, or a savepoint alone, does not."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.notify import SignalFile, Topic, publish, signal_path


async def test_a_commit_that_published_grows_the_signal_file_and_a_rollback_does_not(
    sqlite_url: str,
) -> None:
    path = signal_path(make_url(sqlite_url), Topic.LOGINS)
    assert path is not None
    assert path.name.endswith(".db-companion_bot_logins")
    watch = SignalFile(path)
    engine = make_engine(sqlite_url)
    sessions = make_sessionmaker(engine)
    try:
        before = watch.version()
        async with sessions() as session:
            await publish(session, Topic.LOGINS, "1")
            await session.rollback()
        after_rollback = watch.version()
        async with sessions() as session:
            async with session.begin_nested():
                await publish(session, Topic.LOGINS, "1")
            after_savepoint = watch.version()
            await session.commit()
        after_commit = watch.version()
    finally:
        await engine.dispose()

    assert before == after_rollback == after_savepoint
    assert after_commit != before


def test_a_database_in_memory_has_no_signal_file(tmp_path: Path) -> None:
    assert signal_path(make_url("sqlite+aiosqlite://"), Topic.LOGINS) is None
    assert signal_path(make_url("sqlite+aiosqlite:///:memory:"), Topic.LOGINS) is None
    assert signal_path(make_url("postgresql+asyncpg://h/db"), Topic.LOGINS) is None
    file_url = make_url(f"sqlite:///{tmp_path / 'companion.db'}")
    assert signal_path(file_url, Topic.LOGINS) == tmp_path / "companion.db-companion_bot_logins"
