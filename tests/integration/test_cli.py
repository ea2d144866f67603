"""The command line as an operator uses it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from companion_bot.cli import main


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)  # the embedded default database lands in ./var here
    for name in list(os.environ):
        if name.startswith("COMPANION_"):
            monkeypatch.delenv(name)
    return CliRunner()


def test_bad_database_url_is_one_line_naming_the_variable(runner: CliRunner) -> None:
    result = runner.invoke(main, ["serve"], env={"COMPANION_DATABASE_URL": "nonsense"})

    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "COMPANION_DATABASE_URL" in lines[0]
    assert "postgresql://" in lines[0]


def test_unknown_time_zone_is_refused_with_an_example(runner: CliRunner) -> None:
    result = runner.invoke(main, ["doctor"], env={"COMPANION_DEFAULT_TIMEZONE": "Mars/Olympus"})

    assert result.exit_code == 1
    assert "COMPANION_DEFAULT_TIMEZONE" in result.output
    assert "Europe/Berlin" in result.output


def test_migrate_then_doctor_reports_all_ok_with_secrets_masked(
    runner: CliRunner, tmp_path: Path
) -> None:
    env = {"COMPANION_TELEGRAM_BOT_TOKEN": "123:very-secret-token"}

    migrated = runner.invoke(main, ["migrate"], env=env)
    doctor = runner.invoke(main, ["doctor"], env=env)

    assert migrated.exit_code == 0, migrated.output
    assert (tmp_path / "var" / "companion.db").exists()
    assert doctor.exit_code == 0, doctor.output
    assert "very-secret-token" not in doctor.output
    assert "COMPANION_TELEGRAM_BOT_TOKEN=****" in doctor.output
    assert "ok   migrations" in doctor.output
    assert "ok   time-zone database" in doctor.output


def test_doctor_fails_when_the_database_is_unreachable(runner: CliRunner) -> None:
    port = _free_port()
    env = {"COMPANION_DATABASE_URL": f"postgresql://nobody@127.0.0.1:{port}/none"}

    result = runner.invoke(main, ["doctor"], env=env)

    assert result.exit_code == 1
    assert "FAIL database: unreachable" in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.slow
def test_first_serve_migrates_the_embedded_database_and_answers(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPANION_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "companion_bot", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        health = _wait_for(f"http://127.0.0.1:{port}/healthz", server, timeout=60)
        ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=20)

    assert health.json() == {"status": "ok"}
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "ready"
    assert (tmp_path / "var" / "companion.db").exists()
    assert "Application shutdown complete" in stderr.decode()


def _wait_for(url: str, server: subprocess.Popen[bytes], *, timeout: float) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(
                f"server exited early: {server.stderr.read().decode() if server.stderr else ''}"
            )
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {timeout} s")


PG_URL = "postgresql://nobody@127.0.0.1:5432/none"  # never reached: refused before serving


@pytest.mark.parametrize(
    ("args", "env", "reason"),
    [
        (["--workers", "2"], {}, "needs PostgreSQL"),  # the embedded SQLite default
        ([], {"COMPANION_WORKERS": "2"}, "needs PostgreSQL"),
        (
            ["--workers", "3"],
            {"COMPANION_DATABASE_URL": PG_URL, "COMPANION_REDIS_URL": ""},
            "rate limits shared through Redis",
        ),
        (
            [],
            {
                "COMPANION_DATABASE_URL": PG_URL,
                "COMPANION_WORKERS": "2",
                "COMPANION_REDIS_URL": "",
            },
            "COMPANION_REDIS_URL: the rate limits are shared through Redis",
        ),
        (
            ["--workers", "2"],
            {"COMPANION_DATABASE_URL": PG_URL, "COMPANION_SHARED_LIMITS": "false"},
            "rate limits shared through Redis",
        ),
        (
            ["--workers", "2"],
            {"COMPANION_DATABASE_URL": PG_URL, "COMPANION_TELEGRAM_BOT_TOKEN": "123:abc"},
            "COMPANION_TELEGRAM_MODE=webhook",
        ),
        (
            ["--workers", "2"],
            {
                "COMPANION_DATABASE_URL": PG_URL,
                "COMPANION_REDIS_URL": f"redis://:hidden@127.0.0.1:{_free_port()}/0",
            },
            "does not answer",
        ),
    ],
    ids=[
        "sqlite",
        "sqlite-by-setting",
        "no-redis",
        "no-redis-by-setting",
        "limits-unshared",
        "polling",
        "redis-down",
    ],
)
def test_serve_refuses_workers_whose_limits_or_database_would_not_be_shared(
    runner: CliRunner, args: list[str], env: dict[str, str], reason: str
) -> None:
    result = runner.invoke(main, ["serve", *args], env=env)

    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert reason in lines[0]
    assert "hidden" not in result.output  # a Redis password stays out of the message
