"""The success-metrics report on a seeded week with known answers, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from prometheus_client import CollectorRegistry, Histogram
from report_history import (
    EXPECTED,
    EXPECTED_PER_DAY,
    EXPECTED_SESSIONS,
    STORY_NOW,
    seed_history,
)
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from companion_bot.errors import InputError
from companion_bot.ops.report import Report, build_report, table
from companion_bot.storage.db import make_sessionmaker

WEEK_AGO = STORY_NOW - dt.timedelta(days=7)


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


async def seeded_report(
    sessionmaker: async_sessionmaker[AsyncSession], registry: CollectorRegistry | None = None
) -> Report:
    async with sessionmaker() as session, session.begin():
        await seed_history(session)
    async with sessionmaker() as session:
        return await build_report(
            session,
            since=WEEK_AGO,
            now=STORY_NOW,
            metric_families=(registry or CollectorRegistry()).collect(),
        )


def flat(report: Report) -> dict[str, object]:
    figures: dict[str, object] = {}
    for part in (report.adoption, report.engagement, report.quality):
        figures.update(dataclasses.asdict(part))
    return figures


async def test_seeded_week_gives_the_known_figures(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    report = await seeded_report(sessionmaker)

    assert {name: flat(report)[name] for name in EXPECTED} == EXPECTED


async def test_growth_queries_count_per_utc_day_and_per_session_type(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    report = await seeded_report(sessionmaker)

    per_day = [(d.day.isoformat(), d.count) for d in report.growth.schedules_per_day]
    per_type = {
        t.session_type: (t.total, {status: n for status, n in t.by_status.items() if n})
        for t in report.growth.sessions_per_type
    }
    assert per_day == EXPECTED_PER_DAY
    assert per_type == EXPECTED_SESSIONS


async def test_a_shorter_window_leaves_earlier_activity_out(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        await seed_history(session)
    async with sessionmaker() as session:
        report = await build_report(
            session,
            since=STORY_NOW - dt.timedelta(hours=2),
            now=STORY_NOW,
            metric_families=[],
        )

    # 07:00-09:00 on the 25th: cy wrote (review), bob's reminder went out 2 min late.
    assert report.adoption.active_users == 1
    assert report.adoption.meetings_detected == 1
    assert report.adoption.meetings_per_user_per_week == 84.0  # 1 / 1 user / (2 h of a week)
    assert (report.quality.reminders_sent, report.quality.reminders_on_time) == (1, 0)
    assert report.engagement.median_reply_seconds is None
    assert [d.count for d in report.growth.schedules_per_day] == [1]


async def test_empty_database_gives_na_not_zero_percentages(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        report = await build_report(session, since=WEEK_AGO, now=STORY_NOW, metric_families=[])

    assert report.adoption.users_with_meetings_pct is None
    assert report.engagement.acknowledged_pct is None
    assert report.quality.on_time_pct is None
    assert report.performance.extraction.samples == 0
    assert "n/a (no samples)" in table(report)
    assert len(report.growth.schedules_per_day) == 8


async def test_latencies_come_from_the_prometheus_histograms(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    registry = CollectorRegistry()
    jobs = Histogram(
        "companion_job_duration_seconds", "jobs", ["job"], buckets=(0.5, 1, 2), registry=registry
    )
    for _ in range(3):
        jobs.labels(job="reminders").observe(0.2)
    jobs.labels(job="completions").observe(1.5)

    report = await seeded_report(sessionmaker, registry)

    job = report.performance.job
    assert job.samples == 4
    assert job.mean_ms == pytest.approx(525.0)
    assert job.p50_ms == pytest.approx(333.3, abs=0.1)  # rank 2 of 3 in the 0-0.5 s bucket
    assert job.p99_ms == pytest.approx(1960.0)  # 1 + (3.96 - 3) / 1 of the 1-2 s bucket
    assert job.within_target is False
    assert report.performance.extraction.samples == 0


async def test_json_form_is_serialisable_and_keeps_na_as_null(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    report = await seeded_report(sessionmaker)

    data = json.loads(json.dumps(report.to_dict()))

    assert data["since"] == "2026-11-18T09:00:00+00:00"
    assert data["adoption"]["users_with_meetings_pct"] == 75.0
    assert data["performance"]["db_query"] == {
        "samples": 0,
        "mean_ms": None,
        "p50_ms": None,
        "p99_ms": None,
        "target_ms": 100.0,
        "within_target": None,
    }
    assert data["growth"]["schedules_per_day"][0] == {"day": "2026-11-18", "count": 2}


async def test_window_must_not_be_empty(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session:
        with pytest.raises(InputError, match="since must be before now"):
            await build_report(session, since=STORY_NOW, now=STORY_NOW, metric_families=[])
