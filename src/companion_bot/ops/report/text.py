"""The success-metrics report as labelled rows: a plain-text table and the admin page's rows."""

from __future__ import annotations

from companion_bot.ops.report.figures import (
    Adoption,
    Engagement,
    Performance,
    Quality,
    Report,
    TypeCount,
)
from companion_bot.ops.report.latency import Latency

NA = "n/a"
NO_SAMPLES = "n/a (no samples)"
NOT_RECORDED = "n/a (not recorded)"

Section = tuple[str, list[tuple[str, str]]]
Rows = list[tuple[str, str]]


def pct(value: float | None) -> str:
    return NA if value is None else f"{value:.1f} %"


def number(value: float | None, unit: str = "") -> str:
    return NA if value is None else f"{value:g}{unit}"


def duration(seconds: float | None) -> str:
    """``42 s``, ``3.5 min``, ``2.1 h``."""
    if seconds is None:
        return NA
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def latency(value: Latency) -> str:
    """``p50 3.1 ms, p99 12 ms, mean 4.0 ms (n=120; p99 target 50 ms: ok)``."""
    if value.samples == 0 or value.p50_ms is None or value.p99_ms is None:
        return NO_SAMPLES
    verdict = "ok" if value.within_target else "OVER"
    return (
        f"p50 {value.p50_ms:.3g} ms, p99 {value.p99_ms:.3g} ms, mean {value.mean_ms or 0:.3g} ms "
        f"(n={value.samples}; p99 target {value.target_ms:g} ms: {verdict})"
    )


def _of(part: int | None, whole: int, share: float | None) -> str:
    if part is None:
        return NOT_RECORDED
    return f"{pct(share)} ({part} of {whole})"


def _adoption(a: Adoption) -> Rows:
    return [
        ("active users (wrote in the window)", str(a.active_users)),
        (
            "active users with detected meetings",
            _of(a.users_with_meetings, a.active_users, a.users_with_meetings_pct),
        ),
        ("meetings detected", str(a.meetings_detected)),
        ("meetings per active user per week", number(a.meetings_per_user_per_week)),
        (
            "meetings with end times",
            _of(a.meetings_with_end_time, a.meetings_detected, a.with_end_time_pct),
        ),
    ]


def _engagement(e: Engagement) -> Rows:
    return [
        (
            "proactive messages acknowledged",
            _of(e.acknowledged, e.proactive_sent, e.acknowledged_pct),
        ),
        ("messages followed by a user message", f"{e.replied} of {e.proactive_sent}"),
        ("median time to the user's next message", duration(e.median_reply_seconds)),
    ]


def _performance(p: Performance) -> Rows:
    return [
        ("extraction per message", latency(p.extraction)),
        ("job run", latency(p.job)),
        ("database query", latency(p.db_query)),
    ]


def _count(value: int | None) -> str:
    return NOT_RECORDED if value is None else str(value)


def _quality(q: Quality, meetings: int) -> Rows:
    return [
        (
            "reminders sent within 60 s of due",
            _of(q.reminders_on_time, q.reminders_sent, q.on_time_pct),
        ),
        ("reminders skipped / failed", f"{q.reminders_skipped} / {q.reminders_failed}"),
        (
            "low-confidence extractions (< 0.5)",
            _of(q.low_confidence, q.extractions, q.low_confidence_pct),
        ),
        (
            '"not a meeting" answers (false positives)',
            _of(q.not_a_meeting, meetings, q.false_positive_pct),
        ),
        ("opt-outs", _count(q.opt_outs)),
        ("opt-outs within 24 h of a proactive message", _count(q.opt_outs_after_reminder)),
        ("users with proactive messages off (now)", str(q.reminders_off_now)),
        ("cancellations", str(q.cancellations)),
        (
            'cancellations after a proactive message (besides "not a meeting")',
            str(q.cancellations_after_reminder),
        ),
    ]


def _by_type(t: TypeCount) -> str:
    if not t.total:
        return "0"
    return f"{t.total} (" + ", ".join(f"{s} {n}" for s, n in t.by_status.items() if n) + ")"


def sections(report: Report) -> list[Section]:
    """The report's figures as (section title, [(label, value)]) in reading order."""
    growth = report.growth
    return [
        ("Adoption", _adoption(report.adoption)),
        ("Engagement", _engagement(report.engagement)),
        (f"Performance (from {report.performance.source})", _performance(report.performance)),
        ("Quality", _quality(report.quality, report.adoption.meetings_detected)),
        (
            "Schedules created per day (UTC)",
            [(d.day.isoformat(), str(d.count)) for d in growth.schedules_per_day],
        ),
        (
            "Proactive sessions per type",
            [(t.session_type, _by_type(t)) for t in growth.sessions_per_type],
        ),
    ]


def table(report: Report) -> str:
    """The report as aligned plain text, one section after another."""
    title = (
        f"companion-bot success metrics, {report.since.isoformat(timespec='minutes')} "
        f"to {report.now.isoformat(timespec='minutes')}"
    )
    lines = [title, "=" * len(title)]
    for heading, rows in sections(report):
        lines += ["", heading, "-" * len(heading)]
        width = max((len(label) for label, _ in rows), default=0)
        lines += [f"  {label:<{width}}  {value}" for label, value in rows]
    return "\n".join(lines) + "\n"
