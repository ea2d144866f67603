"""Engine and session factories, and the differences between SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session

from companion_bot.config import Settings
from companion_bot.ops.metrics import DB_QUERY_SECONDS, instrument_engine

ASYNC_DRIVERS = {"postgresql": "asyncpg", "sqlite": "aiosqlite"}
SQLITE_BUSY_TIMEOUT_MS = 10_000
#: How long a SQLite writer waits for its turn behind the other writers of its process.
SQLITE_WRITER_WAIT_SECONDS = 10.0

#: Execution option that makes a SQLite transaction take the write lock at BEGIN.
SQLITE_IMMEDIATE = "sqlite_immediate"


def async_url(url: str | URL) -> URL:
    """The URL as the app's async driver wants it (users may write plain ``postgresql://``)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    return parsed.set(drivername=f"{backend}+{ASYNC_DRIVERS[backend]}")


def plain_url(url: str | URL) -> URL:
    """The URL without a driver, as ``psql`` and operators write it."""
    parsed = make_url(url)
    return parsed.set(drivername=parsed.get_backend_name())


def ensure_sqlite_dir(url: str | URL) -> None:
    """Create the folder of a SQLite database file (the embedded default lives in ./var)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True, slots=True)
class PoolSize:
    """PostgreSQL's connection pool: ``size`` kept open, ``overflow`` more under load, and
    how long a request waits for one (then ``sqlalchemy.exc.TimeoutError``: a 503)."""

    size: int = 10
    overflow: int = 10
    timeout_seconds: float = 5.0


def pool_size(settings: Settings) -> PoolSize:
    """The pool ``settings`` ask for (``COMPANION_DB_POOL_SIZE`` and friends)."""
    return PoolSize(
        settings.db_pool_size, settings.db_max_overflow, settings.db_pool_timeout_seconds
    )


def make_engine(url: str | URL, *, pool: PoolSize | None = None, **kwargs: Any) -> AsyncEngine:
    """An async engine for ``url``; on SQLite with foreign keys, WAL and a busy timeout.
    Every statement is timed into ``companion_db_query_seconds`` (app, jobs, CLI alike).
    SQL parameters (password hashes, token hashes, chat text) never reach logs or error
    messages, whatever ``sqlalchemy.engine``'s level (``hide_parameters``). ``pool`` sizes
    PostgreSQL's pool (SQLite keeps SQLAlchemy's own)."""
    kwargs.setdefault("hide_parameters", True)
    target = async_url(url)
    if target.get_backend_name() != "sqlite":
        if pool is not None:
            kwargs.setdefault("pool_size", pool.size)
            kwargs.setdefault("max_overflow", pool.overflow)
            kwargs.setdefault("pool_timeout", pool.timeout_seconds)
        # No ping before each checkout (a round trip per request): a connection the server
        # dropped fails its request once (a 503), and SQLAlchemy then discards every pooled
        # connection older than the failure, so the next requests connect afresh.
        kwargs.setdefault("pool_pre_ping", False)
        kwargs.setdefault("connect_args", {"timeout": 5})
        engine = create_async_engine(target, **kwargs)
    else:
        ensure_sqlite_dir(target)
        # The driver's own busy wait, in seconds; the busy_timeout pragma on connect says the
        # same, so whichever SQLite applies, a writer waits for the lock instead of failing.
        kwargs.setdefault("connect_args", {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        # A connection comes back with its transaction ended by SQLAlchemy already; the
        # pool's own ROLLBACK on top is one more trip to aiosqlite's thread per request.
        kwargs.setdefault("pool_reset_on_return", None)
        engine = create_async_engine(target, **kwargs)
        _configure_sqlite(engine)
    instrument_engine(engine.sync_engine)
    event.listen(engine.sync_engine, "after_cursor_execute", _answered)
    return engine


#: When each engine's database last answered a statement (``time.monotonic()``).
_LAST_ANSWER: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()


def _answered(conn: Connection, *_: Any) -> None:
    _LAST_ANSWER[conn.engine] = time.monotonic()


def answered_within(engine: AsyncEngine, seconds: float) -> bool:
    """Whether ``engine``'s database answered a statement in the last ``seconds`` (engines
    made by :func:`make_engine`): proof that it is up, without asking it again."""
    last = _LAST_ANSWER.get(engine.sync_engine)
    return last is not None and time.monotonic() - last <= seconds


def _configure_sqlite(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    line = _WriterLine()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Writers take the write lock at BEGIN and wait for it there. A deferred transaction
        # that read first cannot wait: in WAL its upgrade to a writer fails at once with
        # "database is locked" when another connection committed since.
        immediate = connection.get_execution_options().get(SQLITE_IMMEDIATE, False)
        if immediate:
            line.enter(connection)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    for name in ("checkin", "invalidate", "soft_invalidate", "close", "detach"):
        event.listen(sync_engine.pool, name, _leave_with_record)


def _leave_with_record(_dbapi_connection: Any, record: Any, *_: Any) -> None:
    """A connection back in the pool, or gone, holds no place at the head of the line."""
    _WriterLine.leave(record.info)


async def _acquire(lock: asyncio.Lock, seconds: float) -> None:
    async with asyncio.timeout(seconds):
        await lock.acquire()


class _WriterLine:
    """This process's SQLite writers, one at a time, in the order they asked.

    SQLite lets one connection write at a time, and one that finds the lock taken polls for
    it (the busy handler: sleeps of 1, 2, 5 … up to 100 ms), so under a burst of writes a
    request could wait a second for a lock that was free most of that time. Writers of one
    process queue on an asyncio lock instead and go the moment the one before them ends;
    only writers in other processes (the CLI, a Celery worker) still meet the busy handler.
    The place is taken before ``BEGIN IMMEDIATE`` and left when the connection goes back to
    the pool (a session hands it back at its COMMIT or ROLLBACK, after the pool's reset) or
    is dropped: not at the COMMIT event, which comes before the COMMIT itself. A writer that
    waits longer than ``SQLITE_WRITER_WAIT_SECONDS`` gets ``sqlalchemy.exc.TimeoutError``
    (a 503), as one blocked by another process would.
    """

    KEY = "companion_writer_place"

    def __init__(self) -> None:
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    def enter(self, connection: Connection) -> None:
        """Wait for this connection's turn to write (it keeps a turn it already has)."""
        if connection.info.get(self.KEY) is not None:
            return
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        driver: Any = connection.connection.dbapi_connection
        try:
            driver.run_async(lambda _: _acquire(lock, SQLITE_WRITER_WAIT_SECONDS))
        except TimeoutError as exc:
            raise sa_exc.TimeoutError(
                f"waited {SQLITE_WRITER_WAIT_SECONDS:g} s for a turn to write to SQLite"
            ) from exc
        connection.info[self.KEY] = lock

    @classmethod
    def leave(cls, info: dict[Any, Any]) -> None:
        lock: asyncio.Lock | None = info.pop(cls.KEY, None)
        if lock is not None:
            lock.release()


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded attributes after commit (handlers read them afterwards).
    Their sync class is their own, so session events listened for stay with this factory."""
    session_class = type("CompanionSession", (Session,), {})
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=session_class)


#: Each sessionmaker's engine with the writer option (keyed weakly: the value does not refer
#: to its key, so a dropped sessionmaker lets both go).
_WRITER_ENGINES: weakref.WeakKeyDictionary[async_sessionmaker[AsyncSession], AsyncEngine] = (
    weakref.WeakKeyDictionary()
)


def writer_session(sessions: async_sessionmaker[AsyncSession]) -> AsyncSession:
    """A session of ``sessions`` whose every transaction begins as a writer (``BEGIN
    IMMEDIATE`` on SQLite) at its first statement, as if :func:`begin_write` came before each
    one: for requests that write (the web's POST, PUT, PATCH and DELETE). On PostgreSQL it is
    an ordinary session."""
    writer = _WRITER_ENGINES.get(sessions)
    if writer is None:
        engine: AsyncEngine = sessions.kw["bind"]
        options: Any = {SQLITE_IMMEDIATE: True}
        writer = _WRITER_ENGINES[sessions] = engine.execution_options(**options)
    return sessions(bind=writer)


async def begin_write(session: AsyncSession) -> None:
    """Start the session's transaction as a writer (``BEGIN IMMEDIATE`` on SQLite), so a
    read followed by a write never fails on a lock upgrade under concurrent requests.
    A session whose transaction has already begun keeps it as it is."""
    if session.in_transaction():
        return
    options: Any = {SQLITE_IMMEDIATE: True}
    await session.connection(execution_options=options)


def on_asyncpg(session: AsyncSession) -> bool:
    """Whether ``session`` talks to PostgreSQL through asyncpg (driver statements work)."""
    return session.get_bind().dialect.driver == "asyncpg"


async def driver_fetch(session: AsyncSession, sql: str, *args: Any) -> Sequence[Any]:
    """The rows of ``sql`` run on the session's asyncpg connection, a prepared statement
    asyncpg keeps per connection, without SQLAlchemy's per-statement work. It is part of the
    session's transaction once that has begun on the database (asyncpg's begins at the
    session's first statement or flush); before, it commits by itself. Timed and counted as
    an answer like the engine's statements; a refused constraint raises SQLAlchemy's
    ``IntegrityError``; a lost connection is not given back to the pool."""
    connection, driver = await _session_driver(session)
    started = time.perf_counter()
    try:
        rows: Sequence[Any] = await driver.fetch(sql, *args)
    except asyncpg.IntegrityConstraintViolationError as exc:
        hide = connection.sync_engine.hide_parameters  # chat text stays out of messages
        raise sa_exc.IntegrityError(sql, args, exc, hide_parameters=hide) from exc
    except (asyncpg.PostgresConnectionError, asyncpg.InterfaceError, OSError):
        await connection.invalidate()
        raise
    DB_QUERY_SECONDS.observe(time.perf_counter() - started)
    _LAST_ANSWER[connection.engine.sync_engine] = time.monotonic()
    return rows


async def driver_in_transaction(session: AsyncSession) -> bool:
    """Whether ``session`` talks to PostgreSQL through asyncpg and its transaction has begun
    on the database (as asyncpg's connection says): a driver statement then joins it, to be
    committed or rolled back with the rest."""
    if not on_asyncpg(session) or not session.in_transaction():
        return False
    _, driver = await _session_driver(session)
    return bool(driver.is_in_transaction())


#: The connection and asyncpg connection of each session transaction that ran a driver
#: statement: a batch runs two, and asking the session again (a greenlet hop, the
#: transaction's bookkeeping, the raw connection's lookup) cost about 12 µs each time.
_DRIVERS: weakref.WeakKeyDictionary[Any, tuple[AsyncConnection, Any]] = weakref.WeakKeyDictionary()


async def _session_driver(session: AsyncSession) -> tuple[AsyncConnection, Any]:
    """``session.connection()`` and its asyncpg connection, asked once per transaction:
    while the transaction is active and its connection valid, the session would give the
    same connection again."""
    transaction = session.sync_session.get_transaction()
    if transaction is not None and transaction.is_active:
        known = _DRIVERS.get(transaction)
        if known is not None and not known[0].invalidated:
            return known
    connection = await session.connection()
    found = connection, await _driver(connection)
    _DRIVERS[session.sync_session.get_transaction()] = found
    return found


async def _driver(connection: AsyncConnection) -> Any:
    raw = await connection.get_raw_connection()
    return raw.driver_connection
