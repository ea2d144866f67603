"""The proactive job on Celery + Redis, for deployments with several processes or machines.

Beat only *triggers* a scan every ``job_period_seconds``; the database decides what is due
and the atomic claims make several workers safe. No reminder is ever a Celery ETA/countdown
task: with Redis those are re-delivered after the visibility timeout and lost when Redis
restarts empty. A trigger that waited longer than one period expires unrun (the next one
does the same work).

``celery -A companion_bot.celery_app worker`` works too: the app is built on first
access of ``app`` (no import-time side effects).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from functools import cache

from celery import Celery  # type: ignore[import-untyped]
from celery.signals import (  # type: ignore[import-untyped]
    after_setup_logger,
    worker_init,
    worker_process_shutdown,
)

from companion_bot.composition import run_standalone_pass
from companion_bot.config import Settings, load_settings
from companion_bot.ops import metrics
from companion_bot.ops.logging import adopt_handlers

log = logging.getLogger(__name__)
SCAN_TASK = "companion_bot.proactive.scan"


def create_celery_app(settings: Settings) -> Celery:
    """A Celery app on ``settings.redis_url`` with the scan task and its beat schedule."""
    app = Celery("companion_bot", broker=settings.redis_url, set_as_current=False)
    _connect_signals(settings)
    period = settings.job_period_seconds
    app.conf.update(
        task_ignore_result=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        # A Redis restart must not stop a pass in flight (tests/reliability/
        # test_redis_restart.py). A trigger is acknowledged when it starts, and a running
        # pass is never cancelled on a lost broker connection: Celery 6 cancels late-acked
        # tasks then, and a cancelled pass leaves its claimed reminders leased for 5 min.
        # Late acks would buy nothing: Redis comes back empty, and the next beat re-scans.
        task_acks_late=False,
        worker_cancel_long_running_tasks_on_connection_loss=False,
        # Take a trigger only when a pool process is free to start it. A trigger waiting
        # in the worker is unacknowledged, and kombu crashes the worker when it restores
        # unacknowledged messages over a connection Redis has just dropped.
        worker_disable_prefetch=True,
        timezone="UTC",
        enable_utc=True,
        beat_schedule={
            "proactive-scan": {
                "task": SCAN_TASK,
                "schedule": period,
                "options": {"expires": period},
            }
        },
    )

    @app.task(name=SCAN_TASK)  # type: ignore[untyped-decorator]
    def scan(now: str | None = None) -> dict[str, int]:
        """One pass; ``now`` (ISO) for a simulated time. Returns counts by outcome."""
        as_of = dt.datetime.fromisoformat(now) if now else None
        summaries = asyncio.run(run_standalone_pass(settings, now=as_of))
        counts: dict[str, int] = {}
        for summary in summaries:
            for key, n in summary.counts().items():
                counts[key] = counts.get(key, 0) + n
        return counts

    return app


def _connect_signals(settings: Settings) -> None:
    """Worker process hooks, connected once however many apps are built (the first app's
    settings win).

    Logging: ``COMPANION_LOG_JSON`` and ``COMPANION_LOG_LEVELS`` on top of Celery's setup.
    Prometheus multiprocess bookkeeping (with ``PROMETHEUS_MULTIPROC_DIR``): the worker's
    main process readies the folder before forking; each pool process retires its live
    gauges when it exits.
    """

    def logging_ready(logger: logging.Logger, **_: object) -> None:
        adopt_handlers(
            logger,
            json_lines=settings.log_json,
            levels=settings.log_levels,
            secrets=settings.secrets,
        )

    after_setup_logger.connect(logging_ready, weak=False, dispatch_uid="companion-logging")
    worker_init.connect(_worker_starting, weak=False, dispatch_uid="companion-metrics-init")
    worker_process_shutdown.connect(
        _pool_process_exiting, weak=False, dispatch_uid="companion-metrics-shutdown"
    )


def _worker_starting(**_: object) -> None:
    metrics.prepare_multiprocess_dir()


def _pool_process_exiting(pid: int | None = None, **_: object) -> None:
    metrics.mark_dead(pid or os.getpid())


@cache
def _default_app() -> Celery:
    return create_celery_app(load_settings())


def __getattr__(name: str) -> Celery:
    if name in {"app", "celery"}:
        return _default_app()
    raise AttributeError(name)
