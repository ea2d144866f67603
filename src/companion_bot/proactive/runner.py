"""One pass of the proactive job: the same ``run_pass`` for the embedded loop, Celery and
the CLI."""

from __future__ import annotations

import datetime as dt
import logging
import time

from companion_bot.config import Settings
from companion_bot.ops import metrics
from companion_bot.ports import Clock

from .engine import ProactiveMeetingHandler
from .loop import JobLoop
from .summary import RunSummary

log = logging.getLogger(__name__)
JOB_NAME = "proactive"


async def run_pass(handler: ProactiveMeetingHandler, now: dt.datetime) -> list[RunSummary]:
    """Stays elsewhere that are over (home zones back first), reminders, completions, then
    morning agendas, as of ``now``; timed and counted in the job metrics."""
    started = time.perf_counter()
    try:
        stays_ended = await handler.end_stays(now)
        summaries = [
            await handler.check_and_send_preparation_reminders(now),
            await handler.check_and_send_completion_messages(now),
            await handler.check_and_send_morning_agendas(now),
        ]
    except Exception:
        metrics.record_job(JOB_NAME, time.perf_counter() - started, ok=False)
        raise
    seconds = time.perf_counter() - started
    metrics.record_job(JOB_NAME, seconds, ok=True)
    counts: dict[str, int] = {"stays_ended": stays_ended} if stays_ended else {}
    for summary in summaries:
        for key, n in summary.counts().items():
            counts[key] = counts.get(key, 0) + n
    log.info(
        "proactive pass done",
        extra={"action": "job_pass", "seconds": round(seconds, 3), **counts},
    )
    return summaries


def build_job_loop(handler: ProactiveMeetingHandler, settings: Settings, clock: Clock) -> JobLoop:
    """The embedded scheduler ``serve`` runs: one pass at start, then one whenever a reminder
    or check-in falls due (asked of the database after each pass and whenever the loop is
    woken by a booked or moved meeting), and at the latest every ``job_period_seconds`` on
    the clock's grid: a reminder due at any second goes out within a pass's run time."""

    async def tick() -> None:
        await run_pass(handler, clock.now())

    async def until_next() -> float | None:
        now = clock.now()
        at = await handler.next_run(now)
        return None if at is None else (at - now).total_seconds()

    def phase() -> float:
        return clock.now().timestamp() % settings.job_period_seconds

    return JobLoop(tick, period=settings.job_period_seconds, phase=phase, until_next=until_next)
