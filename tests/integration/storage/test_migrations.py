"""Migrations: Alembic on both databases, and the shipped SQL files that must match it."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import IntegrityError

from companion_bot.storage import migrate, sqlfiles
from companion_bot.storage.db import make_engine

ROOT = Path(__file__).resolve().parents[3]
PROACTIVE_SQL = ROOT / sqlfiles.SQL_DIR / sqlfiles.PROACTIVE_FILE
CHECKLIST_TABLES = ("user_schedules", "proactive_sessions", "greeting_preferences")


def _fresh_url(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.db'}"
    return request.getfixturevalue("new_postgres_database")()  # type: ignore[no-any-return]


def _run(url: str, statement: str) -> list[tuple[Any, ...]]:
    async def go() -> list[tuple[Any, ...]]:
        engine = make_engine(url)
        try:
            async with engine.begin() as connection:
                result = await connection.execute(text(statement))
                return [tuple(row) for row in result] if result.returns_rows else []
        finally:
            await engine.dispose()

    return asyncio.run(go())


def compared_on_postgres_only(test: Callable[..., None]) -> Callable[..., None]:
    """SQLite cannot reflect the index on ``lower(username)``: ``alembic check`` compares
    it on PostgreSQL only, and says so on SQLite in warnings this test expects."""
    for message in (
        "Skipped unsupported reflection of expression-based index",
        "autogenerate skipping metadata-specified expression-based index",
    ):
        test = pytest.mark.filterwarnings(f"ignore:{message}")(test)
    return test


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return _fresh_url(request.param, tmp_path, request)


@compared_on_postgres_only
def test_upgrade_head_matches_the_models(fresh_url: str) -> None:
    migrate.upgrade(fresh_url)
    command.check(migrate.alembic_config(fresh_url))  # raises when models != migrations


@compared_on_postgres_only
def test_downgrade_to_base_and_up_again(fresh_url: str) -> None:
    cfg = migrate.alembic_config(fresh_url)
    migrate.upgrade(fresh_url)
    command.downgrade(cfg, "base")
    migrate.upgrade(fresh_url)
    command.check(cfg)


def test_proactive_migration_backfills_existing_users(fresh_url: str) -> None:
    migrate.upgrade(fresh_url, sqlfiles.BASE_REVISION)
    _run(fresh_url, "INSERT INTO users (username) VALUES ('ada'), ('bob')")

    migrate.upgrade(fresh_url)
    _run(fresh_url, "INSERT INTO users (username) VALUES ('cy')")

    rows = _run(
        fresh_url,
        "SELECT u.username, COUNT(p.id) FROM users u "
        "LEFT JOIN greeting_preferences p ON p.user_id = u.id GROUP BY u.username ORDER BY 1",
    )
    assert rows == [("ada", 1), ("bob", 1), ("cy", 1)]


def test_shipped_sql_files_are_current() -> None:
    for name, content in sqlfiles.rendered_files().items():
        shipped = (ROOT / sqlfiles.SQL_DIR / name).read_text(encoding="utf-8")
        assert shipped == content, f"{name} is stale: run `make sql`"


def _psql(url: str, *args: str) -> str:
    psql = shutil.which("psql")
    if psql is None:
        pytest.fail("psql is not installed (Debian package postgresql-client)")
    parsed = make_url(url)
    result = subprocess.run(
        [psql, "-X", "-v", "ON_ERROR_STOP=1", "-h", parsed.host or "127.0.0.1",
         "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres",
         "-d", str(parsed.database), *args],
        capture_output=True, text=True, check=False, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.postgres
def test_checklist_psql_migration_and_verification(new_postgres_database: Any) -> None:
    url = new_postgres_database()
    _psql(url, "-q", "-f", str(PROACTIVE_SQL.relative_to(ROOT)))

    for table in CHECKLIST_TABLES:
        assert table in _psql(url, "-c", f"\\dt {table}")
    index_count = _psql(
        url, "-tA", "-c", "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'user_schedules'"
    )
    assert int(index_count) >= 4  # pkey, unique (user, event, start), due reminders/completions
    _psql(url, "-c", "INSERT INTO users (username) VALUES ('ada')")
    prefs = _psql(
        url,
        "-tA",
        "-c",
        "SELECT COUNT(*) FROM greeting_preferences p JOIN users u ON u.id = p.user_id "
        "WHERE u.username = 'ada'",
    )
    assert prefs.strip() == "1"


def _table_schema(inspector: Any, table: str) -> dict[str, list[Any]]:
    columns = inspector.get_columns(table)
    indexes = inspector.get_indexes(table)
    checks = inspector.get_check_constraints(table)
    foreign_keys = inspector.get_foreign_keys(table)
    return {
        "columns": [(c["name"], str(c["type"]), c["nullable"], str(c["default"])) for c in columns],
        "indexes": sorted(
            (i["name"], tuple(i["column_names"]), i["unique"], str(i.get("dialect_options")))
            for i in indexes
        ),
        "unique": sorted(
            (u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(table)
        ),
        "checks": sorted((c["name"], c["sqltext"]) for c in checks),
        "foreign_keys": sorted(
            (f["name"], tuple(f["constrained_columns"]), f["referred_table"], str(f["options"]))
            for f in foreign_keys
        ),
    }


def _schema(url: str) -> dict[str, Any]:
    def read(connection: Connection) -> dict[str, Any]:
        inspector = inspect(connection)
        schema: dict[str, Any] = {}
        for table in sorted(inspector.get_table_names()):
            schema[table] = _table_schema(inspector, table)
        triggers = connection.execute(
            text("SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal")
        )
        schema["triggers"] = sorted(tuple(row) for row in triggers)
        schema["alembic_version"] = connection.execute(
            text("SELECT version_num FROM alembic_version")
        ).all()
        return schema

    async def go() -> dict[str, Any]:
        engine = make_engine(url)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(read)
        finally:
            await engine.dispose()

    return asyncio.run(go())


@pytest.mark.postgres
def test_sql_files_and_alembic_give_the_same_schema(new_postgres_database: Any) -> None:
    by_psql = new_postgres_database()
    by_alembic = new_postgres_database()
    _psql(by_psql, "-q", "-f", str(PROACTIVE_SQL.relative_to(ROOT)))
    migrate.upgrade(by_alembic)

    psql_schema, alembic_schema = _schema(by_psql), _schema(by_alembic)

    assert psql_schema["triggers"], "the greeting-preferences trigger is missing"
    assert psql_schema == alembic_schema


def test_usernames_migration_refuses_names_that_differ_only_in_case(fresh_url: str) -> None:
    migrate.upgrade(fresh_url, "0004_cap_follows_setting")
    _run(fresh_url, "INSERT INTO users (username) VALUES ('Carol'), ('carol'), ('dan')")
    with pytest.raises(RuntimeError, match="differ only in case: carol\\. Rename or delete"):
        migrate.upgrade(fresh_url)
    _run(fresh_url, "UPDATE users SET username = 'carol2' WHERE username = 'carol'")
    migrate.upgrade(fresh_url)
    with pytest.raises(IntegrityError):
        _run(fresh_url, "INSERT INTO users (username) VALUES ('DAN')")
