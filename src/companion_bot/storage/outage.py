"""Which errors mean "the database is unavailable, try again shortly", and which are a fault.

Channels answer the first kind with 503 and ``Retry-After`` (the web) and the job simply
runs again on its next pass; the second kind (a constraint or statement the database
refused) is a bug and stays a 500.

What an outage raises depends on where it strikes, and much of it is not a ``DBAPIError``:

* on an open connection (cut mid-query, server shut down): SQLAlchemy's ``DBAPIError``,
  often the plain base class wrapping asyncpg's ``ConnectionDoesNotExistError``, or its
  ``InterfaceError`` ("connection is closed");
* while connecting: asyncpg's own exceptions, unwrapped (``CannotConnectNowError`` while the
  server starts or stops, ``TooManyConnectionsError``, a wrong password or database name),
  and plain ``OSError`` (``ConnectionRefusedError``, ``TimeoutError``, DNS failures);
* waiting for a pooled connection: ``sqlalchemy.exc.TimeoutError`` (not a ``DBAPIError``);
* on SQLite: ``OperationalError`` ("database is locked" past the busy timeout).
"""

from __future__ import annotations

from types import TracebackType

import asyncpg.exceptions  # type: ignore[import-untyped]
from sqlalchemy import exc as sa

# A statement the database refused: retrying the same request will not help.
STATEMENT_FAULTS: tuple[type[sa.DBAPIError], ...] = (
    sa.IntegrityError,
    sa.ProgrammingError,
    sa.DataError,
    sa.NotSupportedError,
)
# SQLAlchemy translates asyncpg's errors on an open connection into DBAPIError; raw asyncpg
# errors only escape while a connection is being made, so every one of them is an outage.
ASYNCPG_ERRORS: tuple[type[Exception], ...] = (
    asyncpg.exceptions.PostgresError,
    asyncpg.exceptions.InterfaceError,
    asyncpg.exceptions.InternalClientError,
)
# Modules whose OSError is the database's (a socket to the server, the SQLite file).
DATABASE_MODULES = ("sqlalchemy.", "asyncpg.", "aiosqlite.", "sqlite3")


def database_unavailable(exc: BaseException) -> bool:
    """``exc`` itself says the database cannot serve right now (see the module docstring)."""
    if isinstance(exc, sa.DBAPIError):
        return exc.connection_invalidated or not isinstance(exc, STATEMENT_FAULTS)
    if isinstance(exc, (sa.TimeoutError, sa.DisconnectionError, *ASYNCPG_ERRORS)):
        return True
    return isinstance(exc, OSError) and _raised_in_database_code(exc.__traceback__)


def unavailability_in(exc: BaseException) -> BaseException | None:
    """The database-unavailable error in ``exc``, its causes and contexts, or the members of
    an exception group (a failure can arrive wrapped: Starlette's "response already started"
    ``RuntimeError``, anyio's task groups); ``None`` when there is none."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if database_unavailable(current):
            return current
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return None


def _raised_in_database_code(tb: TracebackType | None) -> bool:
    while tb is not None:
        module = str(tb.tb_frame.f_globals.get("__name__", ""))
        if module.startswith(DATABASE_MODULES):
            return True
        tb = tb.tb_next
    return False
