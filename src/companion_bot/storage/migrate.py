"""Run Alembic from code: ``companion-bot migrate`` and the app's first-run upgrade."""

from __future__ import annotations

import asyncio
import functools
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine


def alembic_config(url: str) -> Config:
    """An Alembic config for ``url`` that finds the packaged migrations."""
    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("companion_bot.storage") / "migrations")
    )
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Upgrade the database at ``url``; call from synchronous code (the CLI)."""
    command.upgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head") -> None:
    """Upgrade from async code without blocking the event loop's thread."""
    await asyncio.to_thread(upgrade, url, revision)


@functools.lru_cache(maxsize=8)
def head_revision(url: str) -> str | None:
    """The newest revision of the migrations that ship with the code. Read once (loading
    the scripts takes ~20 ms of blocking file reads, and ``/readyz`` asks on every probe)."""
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )
