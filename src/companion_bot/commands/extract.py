"""``companion-bot extract TEXT --tz ZONE [--now ...]``: the meetings in a message, as JSON."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import click

from companion_bot.config import Settings, check_timezone, load_settings
from companion_bot.errors import ConfigError
from companion_bot.extraction import MeetingExtractor, meeting_to_json


def _default_zone(ctx: click.Context) -> str:
    if isinstance(ctx.obj, Settings):
        return ctx.obj.default_timezone
    try:
        return load_settings().default_timezone
    except ConfigError as exc:
        raise click.ClickException(exc.detail) from exc


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return check_timezone(name)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--tz") from exc


def _now(value: str | None, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """``--now`` is a wall-clock time in the zone (or any ISO time with an offset)."""
    if value is None:
        return dt.datetime.now(zone)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"not an ISO time: {value!r} (example: 2026-11-24T09:00)", param_hint="--now"
        ) from exc
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)
    return parsed.astimezone(zone)


@click.command()
@click.argument("text")
@click.option("--tz", "tz_name", default=None, help="IANA zone of the speaker (default: settings).")
@click.option("--now", "now_text", default=None, help="Local time to read against, ISO 8601.")
@click.pass_context
def extract(ctx: click.Context, text: str, tz_name: str | None, now_text: str | None) -> None:
    """Print the meetings found in TEXT as JSON, one per line.

    With none, standard output stays empty (nothing to parse) and "no meeting found" goes
    to standard error; the exit status is 0 either way."""
    zone = _zone(tz_name or _default_zone(ctx))
    now = _now(now_text, zone)
    meetings = MeetingExtractor().extract(text, now)
    for meeting in meetings:
        click.echo(json.dumps(meeting_to_json(meeting), ensure_ascii=False))
    if not meetings:
        click.echo("no meeting found", err=True)
