"""``companion-bot serve --workers 2`` on PostgreSQL and Redis, as an operator starts it:
one user's message limit holds across both workers (each served some of the requests), the
embedded job loop runs in one worker and moves to another when that one dies, and a message
reaches the user's open pages whichever worker holds them."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client.mmap_dict import MmapedDict
from web_helpers import PASSWORD

import companion_bot
from companion_bot.storage import migrate

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

LIMIT = 5
SRC = Path(companion_bot.__file__).resolve().parents[1]  # this checkout, not an installed copy
LEASE = re.compile(r"worker (\d+) runs the embedded job loop")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    def __init__(
        self, process: subprocess.Popen[bytes], port: int, log: Path, metrics: Path
    ) -> None:
        self.process, self.base = process, f"http://127.0.0.1:{port}"
        self.log, self.metrics = log, metrics

    def leases(self) -> list[int]:
        return [int(pid) for pid in LEASE.findall(self.log.read_text(errors="replace"))]

    def messages_served_by_pid(self) -> dict[int, float]:
        """``POST /api/messages`` answered, per worker, from each one's metric file."""
        served: dict[int, float] = {}
        for path in self.metrics.glob("counter_*.db"):
            pid = int(path.stem.removeprefix("counter_"))
            for key, value, *_ in MmapedDict.read_all_values_from_file(str(path)):
                _metric, sample, labels, *_ = json.loads(key)
                if sample == "companion_http_requests_total" and labels.get("route") == (
                    "/api/messages"
                ):
                    served[pid] = served.get(pid, 0.0) + value
        return served


@pytest.fixture
def server(new_postgres_database: object, redis_url: str, tmp_path: Path) -> Iterator[Server]:
    database_url: str = new_postgres_database()  # type: ignore[operator]
    migrate.upgrade(database_url)
    port, log, metrics = _free_port(), tmp_path / "serve.log", tmp_path / "metrics"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPANION_")}
    env.update(
        PYTHONPATH=str(SRC),
        PROMETHEUS_MULTIPROC_DIR=str(metrics),
        COMPANION_DATABASE_URL=database_url,
        COMPANION_REDIS_URL=redis_url,
        COMPANION_MESSAGES_PER_MINUTE=str(LIMIT),
        COMPANION_LLM_BASE_URL="",
        COMPANION_LOG_LEVEL="INFO",
    )
    command = [sys.executable, "-m", "companion_bot", "serve", "--workers", "2"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port)], cwd=tmp_path, env=env, stdout=out, stderr=out
        )
    running = Server(process, port, log, metrics)
    try:
        _wait_ready(running, timeout=60)
        yield running
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(server: Server, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"serve exited early:\n{server.log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{server.base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"serve --workers 2 was not ready within {timeout} s")


def _signup(server: Server, name: str) -> dict[str, str]:
    response = httpx.post(
        f"{server.base}/api/auth/signup",
        json={"username": name, "password": PASSWORD, "timezone": "Europe/Berlin"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _post(server: Server, auth: dict[str, str], text: str) -> httpx.Response:
    # A connection of its own each time: the kernel hands it to either worker.
    return httpx.post(f"{server.base}/api/messages", json={"text": text}, headers=auth, timeout=10)


def test_the_message_limit_holds_across_both_workers(server: Server) -> None:
    auth = _signup(server, "ada")
    answers: list[httpx.Response] = []
    with ThreadPoolExecutor(max_workers=8) as pool:
        # Bursts until both workers have answered some (within a few seconds: one window).
        for _burst in range(6):
            answers += pool.map(lambda i: _post(server, auth, f"hello {i}"), range(16))
            if len(server.messages_served_by_pid()) == 2:
                break
    served = server.messages_served_by_pid()
    assert len(served) == 2, f"one worker answered every request: {served}"
    statuses = [r.status_code for r in answers]
    assert statuses.count(200) == LIMIT, statuses  # per-process windows would allow 2 × 5
    assert statuses.count(429) == len(answers) - LIMIT
    for response in answers:
        if response.status_code == 429:
            assert 1 <= int(response.headers["Retry-After"]) <= 60


def test_the_job_loop_runs_in_one_worker_and_moves_when_it_dies(server: Server) -> None:
    deadline = time.monotonic() + 20
    while not server.leases() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)  # both workers are up by now: still one loop
    assert len(server.leases()) == 1, server.log.read_text(errors="replace")
    holder = server.leases()[0]

    os.kill(holder, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while len(server.leases()) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    leases = server.leases()
    assert len(leases) == 2 and leases[1] != holder, server.log.read_text(errors="replace")


def test_a_message_reaches_open_pages_in_every_worker(server: Server) -> None:
    auth = _signup(server, "bea")
    streams = 4
    connected = threading.Barrier(streams + 1, timeout=20)
    arrived: list[float] = []

    def listen() -> None:
        with httpx.stream(
            "GET", f"{server.base}/api/stream", headers=auth, timeout=httpx.Timeout(10)
        ) as response:
            assert response.status_code == 200
            connected.wait()
            for line in response.iter_lines():
                if line == "event: message":
                    arrived.append(time.monotonic())
                    return

    threads = [threading.Thread(target=listen, daemon=True) for _ in range(streams)]
    for thread in threads:
        thread.start()
    connected.wait()
    time.sleep(0.5)  # each stream has read where the user's history ends
    sent = time.monotonic()
    assert _post(server, auth, "hello there").status_code == 200
    for thread in threads:
        thread.join(timeout=10)
    assert len(arrived) == streams
    assert max(arrived) - sent < 5
