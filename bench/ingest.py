"""Ingest benchmark: N concurrent clients posting chat messages through ``POST /api/messages``.

Starts ``companion-bot serve`` in its own process on a loopback port, against a fresh
PostgreSQL database, with the offline responder (no LLM) and the per-user message rate raised
(``COMPANION_MESSAGES_PER_MINUTE``). Each client logs in as its own user and sends realistic
messages (``chatstream.py``: small talk, numbers, a few meetings). Prints messages/s, p50, p99.

    .venv/bin/python bench/ingest.py [--clients 8] [--messages 6000] [--workers 2]

Target on the 2-core reference machine: >= 300 messages/s with p99 <= 100 ms. Each client
sends its next message when the last is answered, so the mean latency is clients / rate:
at 300 messages/s, 32 clients wait 107 ms on average and no server meets the p99 target.
The default is 8 clients (27 ms at 300/s); on 2 cores the server and PostgreSQL share the
CPUs, so at 16 the tail (about 3x the mean) passes 100 ms. The CPU each side spent per
message is printed too,
since on a shared machine the wall-clock figures measure the neighbours as well.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

from chatstream import generate
from companion_bot.storage import migrate
from companion_bot.storage.db import make_engine

ROOT = Path(__file__).resolve().parents[1]
SERVER_URL = os.environ.get(
    "COMPANION_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


async def _admin(statement: str) -> None:
    engine = make_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start_server(database_url: str, port: int, rate: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "COMPANION_DATABASE_URL": database_url,
        "COMPANION_MESSAGES_PER_MINUTE": str(rate),
        "COMPANION_LLM_BASE_URL": "",
        "COMPANION_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "companion_bot", "serve", "--port", str(port)]
    if workers > 1:
        factory = "companion_bot.channels.web.app:app_from_env"
        command = [sys.executable, "-m", "uvicorn", "--factory", factory, "--port", str(port)]
        command += ["--workers", str(workers), "--no-access-log"]
    return subprocess.Popen(command, env=env, cwd=ROOT)


def _cpu_seconds(pids: set[int] | None = None, *, title: str | None = None) -> float:
    """CPU time of these processes and their children, or of the processes whose command
    line contains ``title`` (a PostgreSQL backend shows its database there); from the
    scheduler's nanosecond counters (tick-based counters miss short bursts); 0 where /proc
    is not there (not Linux)."""
    total = 0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            raw = (proc / "stat").read_text()
            wanted = title is not None and title.encode() in (proc / "cmdline").read_bytes()
            if not wanted and pids is not None:
                ppid = int(raw[raw.rindex(")") + 2 :].split()[1])
                wanted = int(proc.name) in pids or ppid in pids
            if wanted:
                total += sum(
                    int((task / "schedstat").read_text().split()[0])
                    for task in (proc / "task").iterdir()
                )
        except (OSError, ValueError):
            continue
    return total / 1e9


async def _wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(200):
            if server.poll() is not None:
                raise SystemExit(f"server exited with {server.returncode}")
            try:
                if (await client.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("server did not become ready")


class Connection:
    """One keep-alive HTTP/1.1 connection speaking just enough HTTP to post JSON.

    Deliberately tiny: a full client library costs about as much CPU per request as the
    server, and on a 2-core machine that would be measuring the client.
    """

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.head = (
            f"POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        ).encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, text: str) -> int:
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        body = json.dumps({"text": text}).encode()
        self.writer.write(self.head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        status = int((await self.reader.readline()).split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


async def _connection(base: str, port: int, number: int, run: str) -> Connection:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        response = await client.post(
            "/api/auth/signup",
            json={
                "username": f"bench{run}{number}",
                "password": "benchmark password",
                "timezone": "Europe/Berlin",
            },
        )
    response.raise_for_status()
    return Connection(port, response.json()["token"])


async def _worker(connection: Connection, queue: asyncio.Queue[str], latencies: list[float]) -> int:
    errors = 0
    while True:
        try:
            message = queue.get_nowait()
        except asyncio.QueueEmpty:
            return errors
        started = time.perf_counter()
        status = await connection.post(message)
        latencies.append(time.perf_counter() - started)
        if status != 200:
            errors += 1


class Phase:
    """One timed run: wall time, latencies, errors, and the CPU each side spent."""

    def __init__(self) -> None:
        self.elapsed = 0.0
        self.latencies: list[float] = []
        self.errors = 0
        self.cpu: dict[str, float] = {}


async def _phase(
    connections: list[Connection], messages: list[str], server_pid: int, database: str
) -> Phase:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for message in messages:
        queue.put_nowait(message)
    phase = Phase()
    sides = {
        "server": lambda: _cpu_seconds({server_pid}),
        # Backends that close during the run take their time with them: a lower bound.
        "postgres": lambda: _cpu_seconds(title=f" {database} "),
        "client": lambda: time.process_time(),
    }
    before = {side: read() for side, read in sides.items()}
    started = time.perf_counter()
    errors = await asyncio.gather(*(_worker(c, queue, phase.latencies) for c in connections))
    phase.elapsed = time.perf_counter() - started
    phase.cpu = {side: read() - before[side] for side, read in sides.items()}
    phase.errors = sum(errors)
    return phase


async def bench(args: argparse.Namespace) -> None:
    name = f"companion_bench_{uuid.uuid4().hex[:10]}"
    await _admin(f'CREATE DATABASE "{name}"')
    database_url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    port = _free_port()
    server = None
    try:
        await migrate.upgrade_async(database_url)
        server = _start_server(database_url, port, args.messages * 10, args.workers)
        base = f"http://127.0.0.1:{port}"
        await _wait_ready(base, server)
        run = uuid.uuid4().hex[:4]
        clients = await asyncio.gather(
            *(_connection(base, port, i, run) for i in range(args.clients))
        )
        stream = [text for text, _ in generate(args.messages + args.warmup, seed=args.seed)]
        await _phase(clients, stream[: args.warmup], server.pid, name)
        phase = await _phase(clients, stream[args.warmup :], server.pid, name)
        for client in clients:
            await client.close()
        _report(args, phase)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _report(args: argparse.Namespace, phase: Phase) -> None:
    ordered = sorted(phase.latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    rate = len(ordered) / phase.elapsed
    print(
        f"clients={args.clients} workers={args.workers} messages={len(ordered)} "
        f"errors={phase.errors} ({os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the end)"
    )
    print(f"throughput: {rate:.0f} messages/s over {phase.elapsed:.1f} s")
    print(f"latency: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    per_message = {side: seconds / len(ordered) * 1000 for side, seconds in phase.cpu.items()}
    total = sum(per_message.values())
    cpus = os.cpu_count() or 1
    print(
        "CPU per message: "
        + ", ".join(f"{side} {ms:.2f} ms" for side, ms in per_message.items())
        + f" (all {total:.2f} ms: {cpus} idle CPUs allow {1000 * cpus / total:.0f} messages/s)"
    )
    verdict = "meets" if rate >= 300 and p99 <= 100 else "misses"
    print(f"target >= 300 messages/s with p99 <= 100 ms: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (users)")
    parser.add_argument("--messages", type=int, default=6000, help="messages to time")
    parser.add_argument("--warmup", type=int, default=300, help="untimed messages first")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (1 = `companion-bot serve`)"
    )
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
