"""``/metrics`` with several processes: two ``companion-bot serve`` processes share one
``PROMETHEUS_MULTIPROC_DIR``; each counts a chat message, and either one's ``/metrics``
shows the sum, plus a ``jobs run-once`` process that has already exited. A new start with
no live process begins again from zero."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.slow

MEETING = "team meeting Friday 3-4pm"
PASSWORD = "correct horse battery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _env(db_url: str, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
        "COMPANION_DATABASE_URL": db_url,
        "COMPANION_JOBS_EMBEDDED": "false",
        "COMPANION_LLM_BASE_URL": "",
        "COMPANION_TELEGRAM_BOT_TOKEN": "",
        "COMPANION_LOG_LEVEL": "WARNING",
    }


@contextmanager
def _serve(env: dict[str, str], log: Path) -> Iterator[httpx.Client]:
    """``companion-bot serve`` in its own process; yields a client once it is ready."""
    port = _free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "companion_bot", "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            _wait_ready(client, process, log)
            yield client
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(client: httpx.Client, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if client.get("/readyz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"serve did not become ready:\n{log.read_text()}")


def _chat(client: httpx.Client, username: str) -> None:
    signup = client.post(
        "/api/auth/signup",
        json={"username": username, "password": PASSWORD, "timezone": "Europe/Berlin"},
    )
    assert signup.status_code == 201, signup.text
    said = client.post("/api/messages", json={"text": MEETING})
    assert said.status_code == 200, said.text
    assert len(said.json()["created"]) == 1


def _value(client: httpx.Client, name: str, **labels: str) -> float:
    """One sample from ``/metrics`` (0 when absent)."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


def test_two_serve_processes_and_a_finished_job_process_add_up_in_metrics(
    db_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "prometheus"
    env = _env(db_url, folder)
    log = tmp_path / "serve.log"
    created = ("companion_schedules_total", {"change": "created"})
    job_runs = ("companion_job_runs_total", {"task": "proactive", "status": "succeeded"})

    with _serve(env, log) as first, _serve(env, log) as second:
        _chat(first, "ada")
        _chat(second, "bob")
        run_once = subprocess.run(
            [sys.executable, "-m", "companion_bot", "jobs", "run-once"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert run_once.returncode == 0, run_once.stderr

        for client in (first, second):
            assert _value(client, created[0], **created[1]) == 2
            assert _value(client, "companion_extraction_seconds_count") == 2
            assert _value(client, "companion_extractions_total", band="high") == 2
            assert _value(client, job_runs[0], **job_runs[1]) == 1  # its process has exited
            assert _value(client, "companion_db_query_seconds_count") > 0

    with _serve(env, log) as fresh:  # nothing else alive: the last run's counts are gone
        assert _value(fresh, created[0], **created[1]) == 0
        assert _value(fresh, job_runs[0], **job_runs[1]) == 0
        _chat(fresh, "cleo")
        assert _value(fresh, created[0], **created[1]) == 1
