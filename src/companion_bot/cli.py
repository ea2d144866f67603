"""The ``companion-bot`` command line: serve, migrate, doctor, ..."""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import sys
import zoneinfo
from typing import Any

import click
from sqlalchemy.engine import make_url

from companion_bot.config import Settings, TelegramMode, load_settings
from companion_bot.errors import ConfigError
from companion_bot.ops.logging import configure_logging

# Commands that live beside their feature, imported only when used (celery, telegram and
# friends stay out of ``companion-bot migrate``): name -> "module:attribute".
LAZY_COMMANDS: dict[str, str] = {
    "extract": "companion_bot.commands.extract:extract",
    "jobs": "companion_bot.commands.jobs:jobs",
    "worker": "companion_bot.commands.jobs:worker",
    "beat": "companion_bot.commands.jobs:beat",
    "flags": "companion_bot.commands.flags:flags",
    "admin": "companion_bot.commands.admin:admin",
    "report": "companion_bot.commands.report:report",
    "explain": "companion_bot.commands.explain:explain",
    "export-user": "companion_bot.commands.user_data:export_user",
    "delete-user": "companion_bot.commands.user_data:delete_user",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = LAZY_COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


def _settings(ctx: click.Context) -> Settings:
    settings: Settings = ctx.obj
    return settings


@click.group(cls=_LazyGroup)
@click.version_option(package_name="companion-bot")
@click.pass_context
def main(ctx: click.Context) -> None:
    """companion-bot: a companion chat bot that follows through."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise click.ClickException(exc.detail) from exc
    configure_logging(
        level=settings.log_level,
        json_lines=settings.log_json,
        levels=_quiet_alembic(ctx.invoked_subcommand) + settings.log_levels,
        secrets=settings.secrets,
    )
    ctx.obj = settings


def _quiet_alembic(command: str | None) -> str:
    """Alembic's INFO lines ("Context impl SQLiteImpl.", "Running upgrade …") are migration
    progress: ``migrate`` and ``serve`` (which migrates the embedded database) print them;
    commands that only check or read the database (``doctor``, ``explain``, ...) do not,
    unless ``COMPANION_LOG_LEVELS`` names ``alembic`` itself (it comes after, and wins)."""
    return "" if command in ("migrate", "serve") else "alembic=WARNING,"


@main.command()
@click.pass_context
def migrate(ctx: click.Context) -> None:
    """Upgrade the database to the latest schema."""
    from companion_bot.storage import migrate as migrations

    settings = _settings(ctx)
    migrations.upgrade(settings.database_url)
    click.echo(f"database at {migrations.head_revision(settings.database_url)}")


@main.command()
@click.option("--host", default=None, help="interface to listen on [default: 127.0.0.1]")
@click.option("--port", default=None, type=click.IntRange(1, 65535), help="[default: 8000]")
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1, 64),
    help="worker processes (needs PostgreSQL and Redis) [default: COMPANION_WORKERS, 1]",
)
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the web app (and, when configured, the Telegram bot and the jobs)."""
    import uvicorn

    from companion_bot.ops import metrics

    settings = _settings(ctx)
    workers = workers or settings.workers
    host, port = host or settings.host, port or settings.port
    if workers == 1:
        from companion_bot.composition import create_app, served

        metrics.prepare_multiprocess_dir()  # PROMETHEUS_MULTIPROC_DIR: drop the last run's counts
        uvicorn.run(served(create_app(settings)), host=host, port=port, log_config=None)
        return
    refusal = workers_refusal(settings, workers)
    if refusal is not None:
        raise click.ClickException(refusal)
    _serve_workers(settings, workers, host, port)


def workers_refusal(settings: Settings, workers: int) -> str | None:
    """Why ``serve`` cannot run ``workers`` processes with these settings, or ``None``."""
    if workers == 1:
        return None
    if make_url(settings.database_url).get_backend_name() == "sqlite":
        return (
            f"--workers {workers} needs PostgreSQL (COMPANION_DATABASE_URL): SQLite has one "
            "writer at a time and the embedded database migrates itself as a process starts"
        )
    if settings.shared_limits is False or not settings.redis_url:
        return (
            f"--workers {workers} needs the rate limits shared through Redis (set "
            "COMPANION_REDIS_URL and leave COMPANION_SHARED_LIMITS unset): otherwise each "
            "process counts its own, and a user may send or guess passwords "
            f"{workers} times as fast"
        )
    if settings.telegram_bot_token and settings.telegram_mode is TelegramMode.POLLING:
        return (
            f"--workers {workers} needs COMPANION_TELEGRAM_MODE=webhook: one bot token cannot "
            "be long-polled by several processes"
        )
    redis_down = _redis_down(settings.redis_url)
    if redis_down is not None:
        shown = make_url(settings.redis_url).render_as_string(hide_password=True)
        return (
            f"--workers {workers}: Redis at {shown} (COMPANION_REDIS_URL) does not answer: "
            f"{redis_down}"
        )
    return None


def _redis_down(url: str) -> str | None:
    import redis

    try:
        with redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2) as client:
            client.ping()
    except (redis.RedisError, OSError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _serve_workers(settings: Settings, workers: int, host: str, port: int) -> None:
    """``workers`` uvicorn processes, each building the app from the environment
    (``composition.app_from_env``); the embedded job loop runs in the one holding the lock."""
    import os
    import tempfile
    from pathlib import Path

    import uvicorn

    from companion_bot.composition import JOB_LOCK_ENV
    from companion_bot.ops import metrics

    metrics.prepare_multiprocess_dir()
    with tempfile.TemporaryDirectory(prefix="companion-serve-") as folder:
        # The workers read their settings from the environment: these reach them too.
        os.environ["COMPANION_WORKERS"] = str(workers)
        os.environ[JOB_LOCK_ENV] = str(Path(folder) / "job-loop.lock")
        uvicorn.run(
            "companion_bot.composition:app_from_env",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_config=None,
        )


@main.command()
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Check settings, database, migrations and the time-zone database."""
    settings = _settings(ctx)
    click.echo("settings:")
    for name, value in settings.masked().items():
        click.echo(f"  {name}={value}")
    checks = [("time-zone database", _check_tzdata()), *asyncio.run(_check_database(settings))]
    failed = False
    for label, (ok, detail) in checks:
        failed |= not ok
        click.echo(f"{'ok  ' if ok else 'FAIL'} {label}: {detail}")
    if failed:
        sys.exit(1)


def _check_tzdata() -> tuple[bool, str]:
    try:
        zone = zoneinfo.ZoneInfo("America/New_York")
    except zoneinfo.ZoneInfoNotFoundError as exc:
        return False, f"not available ({exc}); install the tzdata package"
    summer = dt.datetime(2026, 7, 1, 12, tzinfo=zone).utcoffset()
    winter = dt.datetime(2026, 1, 1, 12, tzinfo=zone).utcoffset()
    ok = summer == dt.timedelta(hours=-4) and winter == dt.timedelta(hours=-5)
    return ok, "America/New_York DST rules " + ("correct" if ok else "WRONG")


async def _check_database(settings: Settings) -> list[tuple[str, tuple[bool, str]]]:
    from companion_bot.storage import migrate as migrations
    from companion_bot.storage.db import make_engine

    engine = make_engine(settings.database_url)
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql("SELECT 1")
        current = await migrations.current_revision(engine)
    except Exception as exc:  # any driver error means "unreachable" here
        return [("database", (False, f"unreachable: {type(exc).__name__}: {exc}"))]
    finally:
        await engine.dispose()
    head = migrations.head_revision(settings.database_url)
    state = (current == head, f"at {current or 'empty'}, code expects {head}")
    return [("database", (True, "reachable")), ("migrations", state)]


def run(argv: list[str] | None = None) -> Any:
    """Entry point for ``python -m companion_bot``."""
    return main.main(args=argv, prog_name="companion-bot")
