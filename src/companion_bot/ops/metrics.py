"""Prometheus metrics, correct with several processes.

Metrics live in prometheus-client's default registry, as the library intends. When
``PROMETHEUS_MULTIPROC_DIR`` is set (uvicorn workers, Celery), every process writes its
values to files there and :func:`render` merges them; :func:`prepare_multiprocess_dir`
clears what an earlier run left when a process group starts, and :func:`mark_dead` retires
a finished worker's live gauges. docs/operations.md lists every metric and alert.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import event

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
FAST = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
SLOW = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
LATENESS = (1, 5, 15, 30, 60, 120, 300, 900, 3600)
HTTP = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
#: The ``route`` label of a request no route matched: raw paths would make a series each.
UNMATCHED_ROUTE = "unmatched"
HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_QUERY_STARTS = "companion_query_starts"


def multiprocess_dir() -> Path | None:
    """The ``PROMETHEUS_MULTIPROC_DIR`` folder, when multiprocess mode is on."""
    value = os.environ.get(MULTIPROC_ENV)
    return Path(value) if value else None


# In multiprocess mode prometheus-client opens a file in the folder as each metric below is
# defined, so the folder has to exist first: the one thing this module does on import.
if (_folder := multiprocess_dir()) is not None:
    _folder.mkdir(parents=True, exist_ok=True)

EXTRACTION_SECONDS = Histogram(
    "companion_extraction_seconds", "Time to extract meetings from one message", buckets=FAST
)
EXTRACTIONS = Counter(
    "companion_extractions_total", "Meetings extracted, by confidence band", ["band"]
)
LOW_CONFIDENCE = Counter(
    "companion_extraction_low_confidence_total", "Meetings extracted with confidence below 0.5"
)
SCHEDULE_CHANGES = Counter(
    "companion_schedules_total", "Schedules changed from chat", ["change"]
)  # change: created | updated | cancelled
PROACTIVE_MESSAGES = Counter(
    "companion_proactive_messages_total",
    "Proactive messages by type, channel and outcome",
    ["type", "channel", "outcome"],
)  # outcome: sent | skipped | failed | retry | unknown
SEND_FAILURES = Counter(
    "companion_send_failures_total", "Failed channel sends", ["channel", "kind"]
)  # kind: retry_later | permanent | unknown
# The label is "task", not "job": Prometheus owns "job" (the scrape job) and would rename
# ours to "exported_job".
JOB_RUNS = Counter("companion_job_runs_total", "Job runs by outcome", ["task", "status"])
JOB_SECONDS = Histogram("companion_job_duration_seconds", "Job run time", ["task"], buckets=SLOW)
JOB_LAST_SUCCESS = Gauge(
    "companion_job_last_success_timestamp_seconds",
    "Unix time of the job's last successful run",
    ["task"],
    multiprocess_mode="max",
)
DB_QUERY_SECONDS = Histogram(
    "companion_db_query_seconds", "Database statement latency", buckets=FAST
)
REMINDER_LATENESS = Histogram(
    "companion_reminder_lateness_seconds",
    "Seconds between when a proactive message was due and when it was sent",
    ["type"],
    buckets=LATENESS,
)

HTTP_REQUESTS = Counter(
    "companion_http_requests_total",
    "HTTP requests answered, by route template, method and status",
    ["route", "method", "status"],
)
HTTP_SECONDS = Histogram(
    "companion_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response (streams: their whole life)",
    ["route", "method", "status"],
    buckets=HTTP,
)
RATE_LIMIT_REDIS_ERRORS = Counter(
    "companion_rate_limit_redis_errors_total",
    "Rate-limit checks made without Redis (unreachable), by limit and what was done",
    ["limit", "outage"],
)  # outage: local (counted in this process only) | refuse (answered 503)


def confidence_band(confidence: float) -> str:
    """The label for a confidence score: low (< 0.5), medium (< 0.8) or high."""
    if confidence < 0.5:
        return "low"
    return "medium" if confidence < 0.8 else "high"


def observe_extraction(seconds: float, confidences: list[float]) -> None:
    """One message through the extractor: its latency and each meeting's confidence band."""
    EXTRACTION_SECONDS.observe(seconds)
    for confidence in confidences:
        EXTRACTIONS.labels(band=confidence_band(confidence)).inc()
        if confidence < 0.5:
            LOW_CONFIDENCE.inc()


def count_schedule_changes(*, created: int = 0, updated: int = 0, cancelled: int = 0) -> None:
    """Schedules created, updated (moved, renamed, back on) and cancelled by one action."""
    for change, n in (("created", created), ("updated", updated), ("cancelled", cancelled)):
        if n:
            SCHEDULE_CHANGES.labels(change=change).inc(n)


#: Each (route, method, status) series pair of the HTTP metrics, looked up once: the labels
#: are bounded (route templates, :data:`HTTP_METHODS`, statuses), and ``labels()`` costs
#: more than the count itself.
_HTTP_SERIES: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    """One HTTP request: ``route`` is its template (``/api/schedules/{schedule_id}``) or
    :data:`UNMATCHED_ROUTE`; methods outside :data:`HTTP_METHODS` count as ``OTHER``."""
    key = (route, method if method in HTTP_METHODS else "OTHER", status)
    series = _HTTP_SERIES.get(key)
    if series is None:
        labels = {"route": key[0], "method": key[1], "status": str(status)}
        series = _HTTP_SERIES[key] = (HTTP_REQUESTS.labels(**labels), HTTP_SECONDS.labels(**labels))
    count, duration = series
    count.inc()
    duration.observe(seconds)


def record_job(job: str, seconds: float, *, ok: bool) -> None:
    """One job run: counted by outcome, timed, and its time kept when it succeeded.

    Both outcome series exist from the first run on, so a later first failure shows up in
    ``increase()`` (a series that appears at 1 does not).
    """
    JOB_RUNS.labels(task=job, status="failed" if ok else "succeeded")
    JOB_RUNS.labels(task=job, status="succeeded" if ok else "failed").inc()
    JOB_SECONDS.labels(task=job).observe(seconds)
    if ok:
        JOB_LAST_SUCCESS.labels(task=job).set(time.time())


def _query_started(
    conn: Any, cursor: Any, statement: Any, params: Any, context: Any, executemany: Any
) -> None:
    conn.info.setdefault(_QUERY_STARTS, []).append(time.perf_counter())


def _query_finished(
    conn: Any, cursor: Any, statement: Any, params: Any, context: Any, executemany: Any
) -> None:
    starts = conn.info.get(_QUERY_STARTS)
    if starts:
        DB_QUERY_SECONDS.observe(time.perf_counter() - starts.pop())


def instrument_engine(sync_engine: Any) -> None:
    """Time every statement of an engine (pass ``AsyncEngine.sync_engine``); idempotent.

    Two clock reads and one histogram observation per statement: a few microseconds.
    """
    for name, listener in (
        ("before_cursor_execute", _query_started),
        ("after_cursor_execute", _query_finished),
    ):
        if not event.contains(sync_engine, name, listener):
            event.listen(sync_engine, name, listener)


def prepare_multiprocess_dir() -> None:
    """Ready the multiprocess folder as a process starts (``serve``, a uvicorn worker, a
    Celery worker).

    The first process of a group (no other live process has files there) deletes what an
    earlier run left, which would otherwise be added to the new counts. A process joining a
    running group (a second uvicorn worker, a Celery worker beside ``serve``) deletes
    nothing: the files of workers that have exited are part of the running totals. This
    process's own files (made when the metrics were imported) are always kept.
    """
    folder = multiprocess_dir()
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    own = os.getpid()
    files = [(path, _pid_of(path)) for path in folder.glob("*.db")]
    if any(pid is not None and pid != own and _alive(pid) for _, pid in files):
        return
    for path, pid in files:
        if pid != own:
            path.unlink(missing_ok=True)


def _pid_of(path: Path) -> int | None:
    """The writer's pid from a prometheus-client file name (``counter_123.db``)."""
    tail = path.stem.rpartition("_")[2]
    return int(tail) if tail.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


def mark_dead(pid: int) -> None:
    """Retire a finished worker's live gauges (multiprocess mode only)."""
    if multiprocess_dir() is not None:
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]


def render() -> tuple[bytes, str]:
    """The exposition text and its content type, merged across processes when needed."""
    if multiprocess_dir() is None:
        return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry), CONTENT_TYPE_LATEST
