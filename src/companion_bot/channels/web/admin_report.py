"""Success metrics for admins: the ``/admin`` dashboard and ``GET /api/admin/report``.

The page is rendered on the server with its charts as inline SVG: no JavaScript, no CDN,
every text escaped. Latencies come from this process's Prometheus histograms (merged
across workers when ``PROMETHEUS_MULTIPROC_DIR`` is set).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.errors import InputError
from companion_bot.ops.report import Report, build_report, parse_since
from companion_bot.ops.report import text as report_text

from . import svg_charts
from .admin_flags import AdminUser
from .admin_pages import ADMIN_ERRORS, NO_STORE, admin_or_refusal, html_page, message_page
from .deps import NowDep, SessionDep, SettingsDep
from .schemas import invalid

router = APIRouter(tags=["admin"], responses=ADMIN_ERRORS)

SINCE = Query(
    "7d", max_length=40, description="Window start: 90m, 24h, 7d, 2w or an ISO date (UTC)."
)
WINDOWS = ("24h", "7d", "30d", "90d")
STATUS_COLORS = {"sent": "#16a34a", "pending": "#98a2b3", "skipped": "#f59e0b", "failed": "#dc2626"}


async def _report(session: AsyncSession, since_text: str, now: dt.datetime) -> Report:
    try:
        since = parse_since(since_text, now=now)
    except InputError as exc:
        raise HTTPException(422, detail=exc.detail) from exc
    return await build_report(session, since=since, now=now)


@router.get(
    "/api/admin/report",
    responses={422: invalid("since is neither a window (90m, 24h, 7d, 2w) nor an ISO date")},
)
async def report_json(
    admin: AdminUser, session: SessionDep, now: NowDep, since: str = SINCE
) -> dict[str, Any]:
    """The success-metrics report as JSON (``null`` where there is nothing to measure)."""
    return (await _report(session, since, now)).to_dict()


@router.get("/admin", response_class=HTMLResponse, include_in_schema=False)
async def dashboard(
    request: Request, session: SessionDep, settings: SettingsDep, now: NowDep, since: str = SINCE
) -> HTMLResponse:
    """The dashboard page (admins only; others get a 401 or 403 page)."""
    user = await admin_or_refusal(request, session, settings, now)
    if isinstance(user, HTMLResponse):
        return user
    try:
        report = await _report(session, since, now)
    except HTTPException as exc:
        return message_page("Bad window", html.escape(str(exc.detail)), 422)
    return HTMLResponse(render_dashboard(report, since), headers=NO_STORE)


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td>{html.escape(label)}</td><td>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    return f"<table>{cells}</table>"


def _charts(report: Report) -> str:
    a, e, q, g = report.adoption, report.engagement, report.quality, report.growth
    rates = svg_charts.percent_bars(
        [
            ("active users with detected meetings", a.users_with_meetings_pct),
            ("meetings with end times", a.with_end_time_pct),
            ("proactive messages acknowledged", e.acknowledged_pct),
            ("reminders sent within 60 s of due", q.on_time_pct),
            ("low-confidence extractions", q.low_confidence_pct),
            ('"not a meeting" answers', q.false_positive_pct),
        ],
        title="Rates",
    )
    per_day = svg_charts.column_chart(
        [(d.day.strftime("%m-%d"), d.count) for d in g.schedules_per_day],
        title="Schedules created per day (UTC)",
    )
    per_type = svg_charts.stacked_bars(
        [
            (t.session_type, [(s, n) for s, n in t.by_status.items() if n])
            for t in g.sessions_per_type
        ],
        title="Proactive sessions per type and status",
        colors=STATUS_COLORS,
    )
    return (
        f"<section><h2>Rates</h2>{rates}</section>"
        f"<section><h2>Schedules created per day (UTC)</h2>{per_day}</section>"
        f"<section><h2>Proactive sessions per type</h2>{per_type}</section>"
    )


def render_dashboard(report: Report, since: str) -> str:
    """The whole dashboard page for ``report`` (``since`` as the admin typed it)."""
    window = (
        f"{report.since.isoformat(timespec='minutes')} to "
        f"{report.now.isoformat(timespec='minutes')}"
    )
    links = "".join(f'<a href="/admin?since={w}">{w}</a>' for w in WINDOWS)
    sections = "".join(
        f"<section><h2>{html.escape(title)}</h2>{_table(rows)}</section>"
        for title, rows in report_text.sections(report)[:4]
    )
    body = (
        "<h1>Success metrics</h1>"
        f'<p class="muted">{html.escape(window)} (since {html.escape(since)}). '
        f'<a href="/api/admin/report?since={html.escape(quote(since, safe=""))}">JSON</a> · '
        '<a href="/admin/flags">feature flags</a></p>'
        f"<nav>Window: {links}</nav>{sections}{_charts(report)}"
    )
    return html_page("Success metrics", body, stylesheet="admin_report.css")
