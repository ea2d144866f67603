"""``companion-bot report [--since 7d] [--format table|json] [--metrics-url URL]``."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import click
import httpx

from companion_bot.commands import settings_of
from companion_bot.composition import running_companion
from companion_bot.config import Settings
from companion_bot.errors import InputError
from companion_bot.ops.clock import SystemClock
from companion_bot.ops.report import Report, build_report, latency, parse_since, table


def _scrape(url: str) -> str:
    try:
        response = httpx.get(url, timeout=10)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise click.ClickException(f"cannot read metrics from {url}: {exc}") from exc
    return response.text


async def _build(
    settings: Settings, *, since: dt.datetime, now: dt.datetime, exposition: str | None, url: str
) -> Report:
    async with running_companion(settings) as companion, companion.sessionmaker() as session:
        if exposition is None:
            return await build_report(session, since=since, now=now)
        return await build_report(
            session,
            since=since,
            now=now,
            metric_families=latency.parse_families(exposition),
            metrics_source=url,
        )


@click.command()
@click.option(
    "--since",
    default="7d",
    show_default=True,
    help="window start: a duration back from now (90m, 24h, 7d, 2w) or an ISO date/time (UTC)",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--metrics-url",
    default=None,
    help="read latencies from a running server's /metrics (e.g. http://127.0.0.1:8000/metrics); "
    "without it they come from PROMETHEUS_MULTIPROC_DIR when set",
)
@click.pass_context
def report(ctx: click.Context, since: str, output: str, metrics_url: str | None) -> None:
    """Success metrics: adoption, engagement, performance, quality and growth.

    Counts come from the database; latencies from Prometheus histograms, shown as
    "n/a (no samples)" when this process has none.
    """
    now = SystemClock().now()
    try:
        start = parse_since(since, now=now)
    except InputError as exc:
        raise click.BadParameter(exc.detail, ctx=ctx, param_hint="'--since'") from exc
    exposition = _scrape(metrics_url) if metrics_url else None
    result = asyncio.run(
        _build(settings_of(ctx), since=start, now=now, exposition=exposition, url=metrics_url or "")
    )
    if output == "json":
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        click.echo(table(result), nl=False)
