"""``companion-bot jobs run-once|worker|beat``: the proactive job from the command line."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import click

from companion_bot.commands import settings_of


def parse_now(value: str) -> dt.datetime:
    """An ISO time; without an offset it is UTC."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"not an ISO time: {value!r} (example: 2026-11-26T14:00:00+01:00)"
        ) from exc
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


@click.group()
def jobs() -> None:
    """The proactive job: reminders before meetings, check-ins after."""


@jobs.command("run-once")
@click.option("--now", "now_text", default=None, help="run as of this ISO time (UTC if no offset)")
@click.pass_context
def run_once(ctx: click.Context, now_text: str | None) -> None:
    """Run one pass now (or as of --now) and print what was sent and skipped, and why."""
    from companion_bot.composition import run_standalone_pass

    settings = settings_of(ctx)
    now = parse_now(now_text) if now_text else None
    summaries = asyncio.run(run_standalone_pass(settings, now=now))
    click.echo(f"pass as of {summaries[0].now.isoformat(timespec='seconds')}")
    for summary in summaries:
        for line in summary.lines():
            click.echo(line)


@click.command()
@click.option("--concurrency", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--loglevel", default="INFO", show_default=True)
@click.pass_context
def worker(ctx: click.Context, concurrency: int, loglevel: str) -> None:
    """Run a Celery worker for the proactive job (broker: COMPANION_REDIS_URL)."""
    from companion_bot.celery_app import create_celery_app

    app = create_celery_app(settings_of(ctx))
    app.worker_main(["worker", f"--concurrency={concurrency}", f"--loglevel={loglevel}"])


@click.command()
@click.option(
    "--schedule-file",
    default="var/celerybeat-schedule",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option("--loglevel", default="INFO", show_default=True)
@click.pass_context
def beat(ctx: click.Context, schedule_file: Path, loglevel: str) -> None:
    """Run Celery beat: triggers a scan every COMPANION_JOB_PERIOD_SECONDS (run ONE beat)."""
    from companion_bot.celery_app import create_celery_app

    schedule_file.parent.mkdir(parents=True, exist_ok=True)
    app = create_celery_app(settings_of(ctx))
    app.start(["beat", f"--schedule={schedule_file}", f"--loglevel={loglevel}"])


jobs.add_command(worker)
jobs.add_command(beat)
