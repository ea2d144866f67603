"""Every metric family moves when a user (or the job) does the thing it counts.

Each test drives the real code path (chat over HTTP, the schedule panel, a job pass) and
reads the value from prometheus-client's registry, as ``/metrics`` would expose it. The
registry is process-wide, so the tests compare before and after.
"""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client import REGISTRY
from web_helpers import Signup

from companion_bot.composition import build_proactive_handler
from companion_bot.extraction import MeetingExtractor
from companion_bot.ports import DeliveryResult, DeliveryStatus
from companion_bot.proactive.runner import JOB_NAME, run_pass
from companion_bot.testing import FakeSender, FrozenClock

BERLIN = ZoneInfo("Europe/Berlin")
MEETING = "team meeting Friday 3-4pm"  # Friday 27 November 15:00 Berlin = 14:00 UTC
REMINDER_DUE = dt.datetime(2026, 11, 27, 13, 30, tzinfo=dt.UTC)  # 30 min before
LOW_CONFIDENCE_TEXT = "tomorrow. lunch with Sam?"
REMINDER = "preparation_reminder"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class Snapshot:
    """Values of some samples now, to compare with later."""

    def __init__(self, *keys: tuple[str, dict[str, str]]) -> None:
        self._keys = keys
        self._before = [sample(name, **labels) for name, labels in keys]

    def deltas(self) -> list[float]:
        return [
            sample(name, **labels) - before
            for (name, labels), before in zip(self._keys, self._before, strict=True)
        ]


def key(name: str, **labels: str) -> tuple[str, dict[str, str]]:
    return name, labels


async def _say(client: httpx.AsyncClient, text: str) -> dict[str, object]:
    response = await client.post("/api/messages", json={"text": text})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


async def test_a_meeting_in_chat_counts_an_extraction_and_a_created_schedule(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="Europe/Berlin")
    snap = Snapshot(
        key("companion_extraction_seconds_count"),
        key("companion_extractions_total", band="high"),
        key("companion_extraction_low_confidence_total"),
        key("companion_schedules_total", change="created"),
    )
    started = sample("companion_extraction_seconds_sum")

    body = await _say(client, MEETING)

    assert len(body["created"]) == 1  # type: ignore[arg-type]
    assert snap.deltas() == [1, 1, 0, 1]
    assert 0 < sample("companion_extraction_seconds_sum") - started < 0.5


async def test_small_talk_is_timed_but_counts_no_meeting(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    snap = Snapshot(
        key("companion_extraction_seconds_count"),
        key("companion_schedules_total", change="created"),
    )

    await _say(client, "how are you today?")

    assert snap.deltas() == [1, 0]


async def test_a_low_confidence_meeting_is_counted_and_not_scheduled(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    local_now = dt.datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
    confidences = [m.confidence for m in MeetingExtractor().extract(LOW_CONFIDENCE_TEXT, local_now)]
    assert confidences and all(c < 0.5 for c in confidences), (
        f"pick another low-confidence phrase: the extractor now scores {confidences}"
    )
    await signup("ada", timezone="Europe/Berlin")
    snap = Snapshot(
        key("companion_extractions_total", band="low"),
        key("companion_extraction_low_confidence_total"),
        key("companion_schedules_total", change="created"),
    )

    body = await _say(client, LOW_CONFIDENCE_TEXT)

    assert body["created"] == []
    n = len(confidences)
    assert snap.deltas() == [n, n, 0]


async def test_moving_and_cancelling_in_chat_count_updated_and_cancelled(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="Europe/Berlin")
    await _say(client, MEETING)
    await _say(client, "interview on Friday at 10am")
    snap = Snapshot(
        key("companion_schedules_total", change="updated"),
        key("companion_schedules_total", change="cancelled"),
    )

    moved = await _say(client, "my 3pm moved to 4")
    cancelled = await _say(client, "the interview got cancelled")

    assert len(moved["updated"]) == 1  # type: ignore[arg-type]
    assert len(cancelled["cancelled"]) == 1  # type: ignore[arg-type]
    assert snap.deltas() == [1, 1]


async def test_panel_edits_count_updated_and_cancelled_and_a_no_op_counts_nothing(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="Europe/Berlin")
    [created] = (await _say(client, MEETING))["created"]  # type: ignore[misc]
    url = f"/api/schedules/{created['id']}"
    snap = Snapshot(
        key("companion_schedules_total", change="updated"),
        key("companion_schedules_total", change="cancelled"),
    )

    renamed = await client.patch(url, json={"event_name": "team sync"})
    same = await client.patch(url, json={"event_name": "team sync"})
    assert snap.deltas() == [1, 0]
    cancelled = await client.patch(url, json={"status": "cancelled"})
    again = await client.patch(url, json={"status": "cancelled"})

    assert [r.status_code for r in (renamed, same, cancelled, again)] == [200] * 4
    assert snap.deltas() == [1, 1]


async def test_database_statements_are_timed(client: httpx.AsyncClient, signup: Signup) -> None:
    await signup("ada")
    count = sample("companion_db_query_seconds_count")
    total = sample("companion_db_query_seconds_sum")

    response = await client.get("/api/schedules")

    assert response.status_code == 200
    assert sample("companion_db_query_seconds_count") - count >= 1
    assert sample("companion_db_query_seconds_sum") > total


async def test_a_late_reminder_counts_as_sent_with_its_lateness_and_a_good_job_run(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    await signup("ada", timezone="Europe/Berlin")
    await _say(client, MEETING)
    snap = Snapshot(
        key("companion_proactive_messages_total", type=REMINDER, channel="web", outcome="sent"),
        key("companion_reminder_lateness_seconds_count", type=REMINDER),
        key("companion_reminder_lateness_seconds_sum", type=REMINDER),
        key("companion_job_runs_total", task=JOB_NAME, status="succeeded"),
        key("companion_job_duration_seconds_count", task=JOB_NAME),
    )
    wall_clock_before = time.time()
    clock.set(REMINDER_DUE + dt.timedelta(minutes=2))  # the job ran two minutes late

    await run_pass(app.state.proactive_handler, clock.now())

    history = (await client.get("/api/messages")).json()["items"]
    assert [m["message_type"] for m in history].count("proactive") == 1
    assert snap.deltas() == [1, 1, 120, 1, 1]
    last_success = sample("companion_job_last_success_timestamp_seconds", task=JOB_NAME)
    assert wall_clock_before <= last_success <= time.time()


@pytest.mark.parametrize(
    ("status", "outcome", "kind"),
    [
        (DeliveryStatus.PERMANENT_FAILURE, "failed", "permanent"),
        (DeliveryStatus.RETRY_LATER, "retry", "retry_later"),
    ],
)
async def test_a_failed_send_counts_a_send_failure(
    app: FastAPI,
    client: httpx.AsyncClient,
    signup: Signup,
    clock: FrozenClock,
    status: DeliveryStatus,
    outcome: str,
    kind: str,
) -> None:
    await signup("ada", timezone="Europe/Berlin")
    await _say(client, MEETING)
    failing = FakeSender(channel="web", results=[DeliveryResult(status, error="blocked")])
    handler = build_proactive_handler(
        app.state.settings, app.state.sessionmaker, senders={"web": failing}, clock=clock
    )
    snap = Snapshot(
        key("companion_send_failures_total", channel="web", kind=kind),
        key("companion_proactive_messages_total", type=REMINDER, channel="web", outcome=outcome),
        key("companion_reminder_lateness_seconds_count", type=REMINDER),
    )
    clock.set(REMINDER_DUE)

    await run_pass(handler, clock.now())

    assert len(failing.sent) == 1
    assert snap.deltas() == [1, 1, 0]


class BrokenFlags:
    """The flag table is unreachable."""

    async def enabled(self, name: str, *, user_id: int | None = None) -> bool:
        raise ConnectionError("flags unavailable")


async def test_a_failing_job_run_counts_a_failure_and_keeps_the_last_success(
    app: FastAPI, clock: FrozenClock
) -> None:
    await run_pass(app.state.proactive_handler, clock.now())
    last_success = sample("companion_job_last_success_timestamp_seconds", task=JOB_NAME)
    handler = build_proactive_handler(
        app.state.settings,
        app.state.sessionmaker,
        senders={"web": FakeSender()},
        clock=clock,
        flags=BrokenFlags(),
    )
    snap = Snapshot(
        key("companion_job_runs_total", task=JOB_NAME, status="failed"),
        key("companion_job_runs_total", task=JOB_NAME, status="succeeded"),
    )

    with pytest.raises(ConnectionError):
        await run_pass(handler, clock.now())

    assert snap.deltas() == [1, 0]
    assert sample("companion_job_last_success_timestamp_seconds", task=JOB_NAME) == last_success


async def test_the_metrics_page_serves_every_family_without_a_login(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada", timezone="Europe/Berlin")
    await _say(client, MEETING)
    client.cookies.clear()  # Prometheus has no account

    response = await client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    for family in (
        "companion_extraction_seconds_bucket",
        "companion_extractions_total",
        "companion_extraction_low_confidence_total",
        "companion_schedules_total",
        "companion_db_query_seconds_count",
    ):
        assert f"\n{family}" in response.text
