"""Which errors are "the database is unavailable": every form an outage takes, and not the
statements the database refused."""

from __future__ import annotations

import asyncpg.exceptions
import pytest
from sqlalchemy import exc as sa

from companion_bot.storage.outage import database_unavailable, unavailability_in


def _raised_in(module: str, exc: BaseException) -> BaseException:
    """``exc`` as raised by code of ``module`` (its traceback names that module)."""
    namespace: dict[str, object] = {"__name__": module}
    exec("def fail(exc):\n    raise exc\n", namespace)  # a fixed snippet, run as `module`
    try:
        namespace["fail"](exc)  # type: ignore[operator]
    except BaseException as raised:
        return raised
    raise AssertionError("unreachable")


def _wrapped(cls: type[sa.DBAPIError], orig: Exception) -> sa.DBAPIError:
    return cls("SELECT 1", None, orig)


@pytest.mark.parametrize(
    "exc",
    [
        _wrapped(sa.DBAPIError, Exception("connection was closed in the middle of operation")),
        _wrapped(sa.OperationalError, Exception("database is locked")),
        _wrapped(sa.InterfaceError, Exception("connection is closed")),
        sa.TimeoutError("QueuePool limit of size 5 overflow 10 reached"),
        asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
        asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"),
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed"),
        asyncpg.exceptions.AdminShutdownError("terminating connection"),
        asyncpg.exceptions.InterfaceError("cannot perform operation: connection is closed"),
        _raised_in("asyncpg.connect_utils", ConnectionRefusedError(111, "Connect call failed")),
        _raised_in("sqlalchemy.pool.base", TimeoutError()),
        _raised_in("aiosqlite.core", OSError(28, "No space left on device")),
    ],
    ids=lambda exc: type(exc).__name__,
)
def test_an_outage_in_any_form_is_unavailability(exc: BaseException) -> None:
    assert database_unavailable(exc)


@pytest.mark.parametrize(
    "exc",
    [
        _wrapped(sa.IntegrityError, Exception("duplicate key value")),
        _wrapped(sa.ProgrammingError, Exception("syntax error at or near")),
        _wrapped(sa.DataError, Exception("value too long")),
        _raised_in("httpx._transports.default", ConnectionRefusedError(111, "refused")),
        ValueError("not a database error"),
    ],
    ids=lambda exc: type(exc).__name__,
)
def test_refused_statements_and_other_errors_are_not(exc: BaseException) -> None:
    assert not database_unavailable(exc)


def test_a_statement_error_on_a_connection_that_died_is_unavailability() -> None:
    exc = _wrapped(sa.ProgrammingError, Exception("server closed the connection"))
    exc.connection_invalidated = True

    assert database_unavailable(exc)


def test_the_outage_is_found_behind_causes_contexts_and_exception_groups() -> None:
    refused = _raised_in("asyncpg.connect_utils", ConnectionRefusedError(111, "refused"))
    after_start = RuntimeError("Caught handled exception, but response already started.")
    after_start.__cause__ = refused
    grouped = BaseExceptionGroup("unhandled errors in a TaskGroup", [ValueError(), after_start])
    context = KeyError("outer")
    context.__context__ = grouped

    assert unavailability_in(context) is refused
    assert unavailability_in(ValueError("plain")) is None
