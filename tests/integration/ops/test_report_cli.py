"""``companion-bot report`` as an operator runs it, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner, Result
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from report_history import EXPECTED, seed_history

from companion_bot.cli import main
from companion_bot.ops.report import latency
from companion_bot.storage.db import make_engine, make_sessionmaker


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    for name in list(os.environ):
        if name.startswith("COMPANION_") or name == "PROMETHEUS_MULTIPROC_DIR":
            monkeypatch.delenv(name)
    return CliRunner(env={"COMPANION_DATABASE_URL": db_url})


@pytest.fixture
def seeded(db_url: str) -> None:
    """The story of report_history ending a minute ago (the command reads the real clock)."""

    async def go() -> None:
        engine = make_engine(db_url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                await seed_history(session, now=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
        finally:
            await engine.dispose()

    asyncio.run(go())


def run(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(main, ["report", *args])


@pytest.mark.usefixtures("seeded")
def test_json_has_the_seeded_figures(cli: CliRunner) -> None:
    result = run(cli, "--format", "json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["adoption"]["users_with_meetings_pct"] == EXPECTED["users_with_meetings_pct"]
    assert data["adoption"]["meetings_per_user_per_week"] == EXPECTED["meetings_per_user_per_week"]
    assert data["engagement"]["acknowledged_pct"] == EXPECTED["acknowledged_pct"]
    assert data["quality"]["on_time_pct"] == EXPECTED["on_time_pct"]
    assert data["quality"]["cancellations_after_reminder"] == 1
    assert sum(day["count"] for day in data["growth"]["schedules_per_day"]) == 6


@pytest.mark.usefixtures("seeded")
def test_table_reads_as_labelled_sections(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    # As in a fresh process: this test process holds samples from the tests before it.
    monkeypatch.setattr(latency, "local_families", list)
    result = run(cli, "--since", "7d")

    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    for heading in ("Adoption", "Engagement", "Quality", "Proactive sessions per type"):
        assert heading in lines
    assert "active users with detected meetings 75.0 % (3 of 4)" in lines
    assert "reminders sent within 60 s of due 75.0 % (3 of 4)" in lines
    assert "median time to the user's next message 10.0 min" in lines
    assert "preparation_reminder 5 (sent 3, failed 1, skipped 1)" in lines
    # A separate process has no latency samples of its own, and says so.
    assert "extraction per message n/a (no samples)" in lines


@pytest.mark.usefixtures("seeded")
def test_a_one_day_window_counts_only_the_last_day(cli: CliRunner) -> None:
    result = run(cli, "--since", "24h", "--format", "json")

    assert result.exit_code == 0, result.output
    adoption = json.loads(result.stdout)["adoption"]
    assert (adoption["active_users"], adoption["meetings_detected"]) == (2, 2)


@pytest.mark.parametrize("since", ["3x", "yesterday", "0d"])
def test_bad_since_is_a_usage_error_naming_the_option(cli: CliRunner, since: str) -> None:
    result = run(cli, "--since", since)

    assert result.exit_code == 2
    assert "Invalid value for '--since'" in result.output
    assert "7d" in result.output or "positive" in result.output


@pytest.fixture
def metrics_url() -> Iterator[str]:
    """A loopback server answering /metrics with 10 extractions of 3 ms and none of jobs."""
    registry = CollectorRegistry()
    extraction = Histogram(
        "companion_extraction_seconds", "x", buckets=(0.001, 0.005, 0.05), registry=registry
    )
    for _ in range(10):
        extraction.observe(0.003)
    body = generate_latest(registry)

    class Metrics(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", CONTENT_TYPE_LATEST)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the test output is the report."""

    server = HTTPServer(("127.0.0.1", 0), Metrics)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/metrics"
    server.shutdown()
    server.server_close()
    thread.join()


def test_metrics_url_reads_latencies_of_a_running_server(cli: CliRunner, metrics_url: str) -> None:
    result = run(cli, "--format", "json", "--metrics-url", metrics_url)

    assert result.exit_code == 0, result.output
    performance = json.loads(result.stdout)["performance"]
    assert performance["source"] == metrics_url
    assert performance["extraction"]["samples"] == 10
    assert performance["extraction"]["p50_ms"] == pytest.approx(3.0)  # 1 + 4 * 5/10 ms
    assert performance["extraction"]["within_target"] is True
    assert performance["job"]["samples"] == 0


def test_unreachable_metrics_url_is_a_clear_error(cli: CliRunner) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # free now, and nothing listens on it

    result = run(cli, "--metrics-url", f"http://127.0.0.1:{port}/metrics")

    assert result.exit_code == 1
    assert f"cannot read metrics from http://127.0.0.1:{port}/metrics" in result.output
