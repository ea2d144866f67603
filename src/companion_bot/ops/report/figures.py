"""The success-metrics report: adoption, engagement, performance, quality and growth.

Everything but performance comes from the database over a window ``[since, now)``;
performance comes from the Prometheus histograms (see :mod:`companion_bot.ops.report.latency`).
A figure with nothing to divide by, or an event the app does not record, is ``None`` and
shows as "n/a", never as a made-up zero.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from prometheus_client.metrics_core import Metric
from sqlalchemy.ext.asyncio import AsyncSession

import companion_bot.ops.report.latency as latency
from companion_bot.errors import InputError
from companion_bot.ops.report.latency import Latency
from companion_bot.proactive.kinds import SessionType
from companion_bot.storage import report_queries
from companion_bot.storage.models import ANALYTICS_EVENTS, SESSION_STATUSES, SESSION_TYPES

ON_TIME = dt.timedelta(seconds=60)
OPT_OUT_AFTER = dt.timedelta(hours=24)
REMINDER_TYPES = (
    SessionType.PREPARATION_REMINDER,
    SessionType.SNOOZE,
    SessionType.TASK_REMINDER,
)
NOT_A_MEETING = "not_a_meeting"
OPTED_OUT = "opted_out"
TARGETS_MS = {"extraction": 50.0, "job": 1000.0, "db_query": 100.0}
_SINCE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


@dataclass(frozen=True)
class Adoption:
    active_users: int
    users_with_meetings: int
    users_with_meetings_pct: float | None
    meetings_detected: int
    meetings_per_user_per_week: float | None
    meetings_with_end_time: int
    with_end_time_pct: float | None


@dataclass(frozen=True)
class Engagement:
    proactive_sent: int
    acknowledged: int
    acknowledged_pct: float | None
    replied: int
    median_reply_seconds: float | None


@dataclass(frozen=True)
class Performance:
    source: str
    extraction: Latency
    job: Latency
    db_query: Latency


@dataclass(frozen=True)
class Quality:
    reminders_sent: int
    reminders_on_time: int
    on_time_pct: float | None
    reminders_skipped: int
    reminders_failed: int
    extractions: int
    low_confidence: int
    low_confidence_pct: float | None
    not_a_meeting: int | None
    false_positive_pct: float | None
    opt_outs: int | None
    opt_outs_after_reminder: int | None
    reminders_off_now: int
    cancellations: int
    cancellations_after_reminder: int


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    count: int


@dataclass(frozen=True)
class TypeCount:
    session_type: str
    total: int
    by_status: dict[str, int]


@dataclass(frozen=True)
class Growth:
    schedules_per_day: tuple[DayCount, ...]
    sessions_per_type: tuple[TypeCount, ...]


@dataclass(frozen=True)
class Report:
    since: dt.datetime
    now: dt.datetime
    adoption: Adoption
    engagement: Engagement
    performance: Performance
    quality: Quality
    growth: Growth

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ISO timestamps and dates, latencies with ``within_target``."""
        return _jsonable(self)  # type: ignore[no-any-return]


def _jsonable(value: Any) -> Any:
    if isinstance(value, Latency):
        return {**dataclasses.asdict(value), "within_target": value.within_target}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def parse_since(value: str, *, now: dt.datetime) -> dt.datetime:
    """``7d``, ``24h``, ``90m``, ``2w`` before ``now``, or an ISO date or time (UTC if naive)."""
    match = _SINCE.match(value)
    if match:
        amount, unit = int(match[1]), match[2].lower()
        if amount <= 0:
            raise InputError(f"--since must be a positive duration, got {value!r}")
        try:
            return now - dt.timedelta(**{_UNITS[unit]: amount})
        except OverflowError:
            raise InputError(f"--since {value!r} reaches back before the year 1") from None
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"cannot read --since {value!r}: use a duration such as 7d, 24h, 90m or 2w, "
            "or an ISO date such as 2026-11-01"
        ) from None
    since = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    if since >= now:
        raise InputError(f"--since {value!r} is not in the past")
    return since


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


async def build_report(
    session: AsyncSession,
    *,
    since: dt.datetime,
    now: dt.datetime,
    metric_families: Iterable[Metric] | None = None,
    metrics_source: str | None = None,
) -> Report:
    """Compute the report for ``[since, now)``; ``metric_families`` default to this process's
    (all processes' with ``PROMETHEUS_MULTIPROC_DIR``)."""
    if since.tzinfo is None or now.tzinfo is None:
        raise ValueError("since and now must be timezone-aware")
    if since >= now:
        raise InputError("the report window is empty: since must be before now")
    since, now = since.astimezone(dt.UTC), now.astimezone(dt.UTC)
    counts = await report_queries.adoption_counts(session, since=since, until=now)
    sent = await report_queries.sent_sessions(session, since=since, until=now)
    by_status = await report_queries.sessions_by_status(session, since=since, until=now)
    return Report(
        since=since,
        now=now,
        adoption=_adoption(counts, weeks=(now - since) / dt.timedelta(weeks=1)),
        engagement=_engagement(sent),
        performance=_performance(
            latency.local_families() if metric_families is None else list(metric_families),
            metrics_source
            or (latency.local_source() if metric_families is None else "supplied metrics"),
        ),
        quality=await _quality(
            session, sent, by_status, meetings=counts.meetings, since=since, now=now
        ),
        growth=await _growth(session, by_status, since=since, now=now),
    )


def _adoption(counts: report_queries.AdoptionCounts, *, weeks: float) -> Adoption:
    """Adoption among users who wrote in the window."""
    per_week = (
        None
        if counts.active_users == 0
        else round(counts.meetings / counts.active_users / weeks, 2)
    )
    return Adoption(
        active_users=counts.active_users,
        users_with_meetings=counts.users_with_meetings,
        users_with_meetings_pct=_pct(counts.users_with_meetings, counts.active_users),
        meetings_detected=counts.meetings,
        meetings_per_user_per_week=per_week,
        meetings_with_end_time=counts.meetings_with_end_time,
        with_end_time_pct=_pct(counts.meetings_with_end_time, counts.meetings),
    )


def _engagement(sent: list[report_queries.SentSession]) -> Engagement:
    acknowledged = sum(1 for s in sent if s.acknowledged_at is not None)
    waits = [(s.first_reply_at - s.sent_at).total_seconds() for s in sent if s.first_reply_at]
    return Engagement(
        proactive_sent=len(sent),
        acknowledged=acknowledged,
        acknowledged_pct=_pct(acknowledged, len(sent)),
        replied=len(waits),
        median_reply_seconds=statistics.median(waits) if waits else None,
    )


def _performance(families: list[Metric], source: str) -> Performance:
    return Performance(
        source=source,
        extraction=latency.summarize(
            families, "companion_extraction_seconds", target_ms=TARGETS_MS["extraction"]
        ),
        job=latency.summarize(
            families, "companion_job_duration_seconds", target_ms=TARGETS_MS["job"]
        ),
        db_query=latency.summarize(
            families, "companion_db_query_seconds", target_ms=TARGETS_MS["db_query"]
        ),
    )


async def _quality(
    session: AsyncSession,
    sent: list[report_queries.SentSession],
    by_status: dict[tuple[str, str], int],
    *,
    meetings: int,
    since: dt.datetime,
    now: dt.datetime,
) -> Quality:
    reminders = [s for s in sent if s.session_type in REMINDER_TYPES and s.due_at is not None]
    on_time = sum(1 for s in reminders if s.due_at and s.sent_at - s.due_at <= ON_TIME)
    events = await report_queries.event_counts(
        session,
        names=("schedule_created", "low_confidence_extraction", NOT_A_MEETING, OPTED_OUT),
        since=since,
        until=now,
    )
    extractions = events["schedule_created"] + events["low_confidence_extraction"]
    not_a_meeting = events[NOT_A_MEETING] if NOT_A_MEETING in ANALYTICS_EVENTS else None
    opt_outs, opt_outs_after = await _opt_outs(session, since=since, now=now)
    cancelled, cancelled_after = await report_queries.cancellations(session, since=since, until=now)
    return Quality(
        reminders_sent=len(reminders),
        reminders_on_time=on_time,
        on_time_pct=_pct(on_time, len(reminders)),
        reminders_skipped=sum(by_status.get((t, "skipped"), 0) for t in REMINDER_TYPES),
        reminders_failed=sum(by_status.get((t, "failed"), 0) for t in REMINDER_TYPES),
        extractions=extractions,
        low_confidence=events["low_confidence_extraction"],
        low_confidence_pct=_pct(events["low_confidence_extraction"], extractions),
        not_a_meeting=not_a_meeting,
        false_positive_pct=None if not_a_meeting is None else _pct(not_a_meeting, meetings),
        opt_outs=opt_outs,
        opt_outs_after_reminder=opt_outs_after,
        reminders_off_now=await report_queries.reminders_off(session),
        cancellations=cancelled,
        cancellations_after_reminder=cancelled_after,
    )


async def _opt_outs(
    session: AsyncSession, *, since: dt.datetime, now: dt.datetime
) -> tuple[int | None, int | None]:
    """Opt-outs, and those within 24 h of a proactive message; (None, None) if not recorded."""
    if OPTED_OUT not in ANALYTICS_EVENTS:
        return None, None
    events = await report_queries.events_with_last_proactive(
        session, name=OPTED_OUT, since=since, until=now
    )
    after = sum(
        1
        for e in events
        if e.previous_message_at is not None and e.at - e.previous_message_at <= OPT_OUT_AFTER
    )
    return len(events), after


async def _growth(
    session: AsyncSession,
    by_status: dict[tuple[str, str], int],
    *,
    since: dt.datetime,
    now: dt.datetime,
) -> Growth:
    """The checklist's two growth queries, limited to the window; days without schedules: 0."""
    per_day = await report_queries.schedules_per_day(session, since=since, until=now)
    first, last = since.date(), (now - dt.timedelta(microseconds=1)).date()
    days = tuple(
        DayCount(day, per_day.get(day, 0))
        for day in (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    )
    types = tuple(
        TypeCount(
            session_type=kind,
            total=sum(by_status.get((kind, status), 0) for status in SESSION_STATUSES),
            by_status={status: by_status.get((kind, status), 0) for status in SESSION_STATUSES},
        )
        for kind in SESSION_TYPES
    )
    return Growth(schedules_per_day=days, sessions_per_type=types)
