"""Shared fixtures: databases (SQLite and PostgreSQL), settings, clock."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from companion_bot.storage import migrate
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.models import Base

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get(
    "COMPANION_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _admin_execute(url: str, statement: str) -> None:
    """Run a statement outside a transaction on the server's maintenance database."""
    admin = make_url(url)

    async def go() -> None:
        engine = make_engine(admin, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                await connection.execute(text(statement))
        finally:
            await engine.dispose()

    # A thread of its own, so this works from sync fixtures and inside async tests alike.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, go()).result()


def missing_service(message: str) -> NoReturn:
    """A test whose server or browser is absent: skipped, except under CI=true where it fails."""
    if IN_CI:
        pytest.fail(f"CI=true but {message}")
    pytest.skip(message)


@pytest.fixture
def unavailable() -> Callable[[str], NoReturn]:
    """``missing_service`` for fixtures in other conftest files (they cannot import this one)."""
    return missing_service


def postgres_available() -> str | None:
    """``None`` when PostgreSQL answers, else why not."""
    try:
        _admin_execute(POSTGRES_URL, "SELECT 1")
    except Exception as exc:  # the reason is reported in the skip or failure message
        return f"{type(exc).__name__}: {exc}"
    return None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The server URL; skips without PostgreSQL, except under CI=true where it fails."""
    reason = postgres_available()
    if reason is not None:
        missing_service(f"PostgreSQL is unreachable at {POSTGRES_URL}: {reason}")
    yield POSTGRES_URL


@pytest.fixture(scope="session")
def new_postgres_database(postgres_server: str) -> Iterator[object]:
    """A factory of fresh, empty PostgreSQL databases, all dropped at the end."""
    created: list[str] = []

    def make() -> str:
        name = f"companion_test_{uuid.uuid4().hex[:12]}"
        _admin_execute(postgres_server, f'CREATE DATABASE "{name}"')
        created.append(name)
        return make_url(postgres_server).set(database=name).render_as_string(hide_password=False)

    yield make
    for name in created:
        _admin_execute(postgres_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated_postgres(new_postgres_database: object) -> str:
    url: str = new_postgres_database()  # type: ignore[operator]
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_sqlite_template: Path) -> str:
    """A migrated SQLite database of this test's own."""
    path = tmp_path / "companion.db"
    shutil.copy(migrated_sqlite_template, path)
    return f"sqlite:///{path}"


def _truncate_postgres(url: str) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    _admin_execute(url, f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated, empty database URL: once on SQLite, once on PostgreSQL."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_url")
        return
    url: str = request.getfixturevalue("migrated_postgres")
    _truncate_postgres(url)
    yield url


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(db_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    async with make_sessionmaker(engine)() as session:
        yield session
