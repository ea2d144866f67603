"""Ingest benchmark: N concurrent clients posting chat messages through ``POST /api/messages``.

Starts ``companion-bot serve`` in its own process on a loopback port, against a fresh
PostgreSQL database, with the offline responder (no LLM) and the per-user message rate raised
(``COMPANION_MESSAGES_PER_MINUTE``). Each client logs in as its own user and sends realistic
messages (``chatstream.py``: small talk, numbers, a few meetings). Prints messages/s, p50, p99.

The peer, measured in the same run with the same clients, messages and database: bare
FastAPI + asyncpg insert (``ingest_peer.py``), one endpoint that checks the bearer token
against a dict, INSERTs the message row and replies with a constant JSON, started as its own
process the same way. It is the floor of the web stack; the ratio is the cost of our whole
pipeline (auth, extraction, schedules, reply) on top of it.

Then the same clients and messages against our server on a SQLite file (the embedded
default; skip with ``--no-sqlite``): messages/s, latencies and errors.

    .venv/bin/python bench/ingest.py [--clients 8] [--messages 6000] [--workers 2]

Targets (issue 16), 8 clients, offline responder: on PostgreSQL >= 1,000 messages/s with
p99 <= 50 ms and at least 1/3 of the peer's messages/s in the same run; on SQLite >= 300
messages/s with 0 errors. Each client sends its next message when the last is answered, so
the mean latency is clients / rate (8 ms at 1,000/s). The CPU each side spent per message
is printed too, since on a shared machine the wall-clock figures measure the neighbours as
well, and the messages/s all sides' CPU would allow on idle CPUs.
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
import tempfile
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


def _start_server(
    database_url: str, port: int, rate: int, workers: int, *, unshared: bool = False
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "COMPANION_DATABASE_URL": database_url,
        "COMPANION_MESSAGES_PER_MINUTE": str(rate),
        "COMPANION_LLM_BASE_URL": "",
        "COMPANION_LOG_LEVEL": "WARNING",
    }
    # Several workers share the rate limits through Redis (COMPANION_REDIS_URL, by default
    # the local one): every message then costs a Redis round trip, as in production.
    command = [sys.executable, "-m", "companion_bot", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    if unshared and workers > 1:  # for comparison only: limits per process, no Redis
        factory = "companion_bot.composition:app_from_env"
        command = [sys.executable, "-m", "uvicorn", "--factory", factory, "--port", str(port)]
        command += ["--workers", str(workers), "--no-access-log"]
    return subprocess.Popen(command, env=env, cwd=ROOT)


def _start_peer(
    database_url: str, port: int, tokens: dict[str, int], workers: int
) -> subprocess.Popen[bytes]:
    """The peer app (``ingest_peer.py``) in its own process, started as ``_start_server``
    starts ours: one process by ``uvicorn.run``, or uvicorn's workers."""
    env = {
        **os.environ,
        "COMPANION_PEER_DATABASE_URL": database_url,
        "COMPANION_PEER_TOKENS": json.dumps(tokens),
    }
    command = [sys.executable, str(ROOT / "bench" / "ingest_peer.py"), "--port", str(port)]
    if workers > 1:
        command = [sys.executable, "-m", "uvicorn", "--factory", "ingest_peer:app_from_env"]
        command += ["--app-dir", str(ROOT / "bench"), "--port", str(port)]
        command += ["--workers", str(workers), "--no-access-log"]
    return subprocess.Popen(command, env=env, cwd=ROOT)


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    server.wait(timeout=30)


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


async def _wait_ready(base: str, server: subprocess.Popen[bytes], *, seconds: float = 20.0) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(int(seconds * 10)):
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


async def _signup(base: str, number: int, run: str) -> tuple[str, int]:
    """A new user on our server: its bearer token and user id."""
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
    body = response.json()
    return body["token"], body["user"]["id"]


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


async def _measure(
    server: subprocess.Popen[bytes],
    port: int,
    tokens: list[str],
    stream: list[str],
    *,
    warmup: int,
    database: str,
) -> Phase:
    """Warm up, then time the stream, one keep-alive connection per client."""
    connections = [Connection(port, token) for token in tokens]
    try:
        await _phase(connections, stream[:warmup], server.pid, database)
        return await _phase(connections, stream[warmup:], server.pid, database)
    finally:
        for connection in connections:
            await connection.close()


async def bench(args: argparse.Namespace) -> None:
    name = f"companion_bench_{uuid.uuid4().hex[:10]}"
    await _admin(f'CREATE DATABASE "{name}"')
    database_url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    stream = _stream(args)
    server = None
    try:
        await migrate.upgrade_async(database_url)
        port = _free_port()
        server = _start_server(
            database_url, port, args.messages * 10, args.workers, unshared=args.unshared_limits
        )
        await _wait_ready(f"http://127.0.0.1:{port}", server)
        run = uuid.uuid4().hex[:4]
        base = f"http://127.0.0.1:{port}"
        users = await asyncio.gather(*(_signup(base, i, run) for i in range(args.clients)))
        tokens = [token for token, _ in users]
        ours = await _measure(server, port, tokens, stream, warmup=args.warmup, database=name)
        _stop(server)
        # The peer runs alone too: our idle server (its jobs loop) stays out of its figures.
        port = _free_port()
        plain_url = make_url(database_url).set(drivername="postgresql")
        peer_url = plain_url.render_as_string(hide_password=False)
        server = _start_peer(peer_url, port, dict(users), args.workers)
        await _wait_ready(f"http://127.0.0.1:{port}", server)
        peer = await _measure(server, port, tokens, stream, warmup=args.warmup, database=name)
        _report(args, ours, peer)
    finally:
        if server is not None and server.poll() is None:
            _stop(server)
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _stream(args: argparse.Namespace) -> list[str]:
    """The messages every run sends: the warm-up's first, then the timed ones."""
    return [text for text, _ in generate(args.messages + args.warmup, seed=args.seed)]


async def _bench_sqlite(args: argparse.Namespace, stream: list[str]) -> None:
    """Our server on the embedded default, a SQLite file, with the same clients and
    messages (one process: SQLite has one writer at a time)."""
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{Path(folder) / 'ingest.db'}"
        await migrate.upgrade_async(database_url)
        port = _free_port()
        server = _start_server(database_url, port, args.messages * 10, 1)
        try:
            await _wait_ready(f"http://127.0.0.1:{port}", server)
            run = uuid.uuid4().hex[:4]
            base = f"http://127.0.0.1:{port}"
            tokens = [(await _signup(base, i, run))[0] for i in range(args.clients)]
            phase = await _measure(
                server, port, tokens, stream, warmup=args.warmup, database="(no PostgreSQL)"
            )
        finally:
            _stop(server)
    row = _figures(phase)
    verdict = "meets" if row["rate"] >= 300 and phase.errors == 0 else "misses"
    print(
        f"companion-bot serve on SQLite: {row['rate']:.0f} msg/s, p50 {row['p50']:.1f} ms, "
        f"p99 {row['p99']:.1f} ms, {phase.errors} errors, server CPU "
        f"{row['server']:.2f} ms/msg; target >= 300 msg/s with 0 errors: {verdict}"
    )


def _figures(phase: Phase) -> dict[str, float]:
    """Messages/s, p50 and p99 in ms, and each side's CPU ms per message."""
    ordered = sorted(phase.latencies)
    count = len(ordered)
    figures = {
        "rate": count / phase.elapsed,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(count - 1, int(count * 0.99))] * 1000,
    }
    figures.update({side: seconds / count * 1000 for side, seconds in phase.cpu.items()})
    return figures


def _report(args: argparse.Namespace, ours: Phase, peer: Phase) -> None:
    print(
        f"clients={args.clients} workers={args.workers}"
        f"{' (limits unshared)' if args.unshared_limits else ''} messages={len(ours.latencies)} "
        f"errors={ours.errors} (peer {peer.errors}) ({os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the end)"
    )
    rows = {"companion-bot serve": _figures(ours), "bare FastAPI + asyncpg insert": _figures(peer)}
    width = max(len(label) for label in rows)
    print(
        f"{'':{width}}  {'msg/s':>6}  {'p50 ms':>6}  {'p99 ms':>6}  "
        f"{'CPU ms/msg: server':>18}  {'postgres':>8}  {'client':>6}"
    )
    for label, row in rows.items():
        print(
            f"{label:{width}}  {row['rate']:6.0f}  {row['p50']:6.1f}  {row['p99']:6.1f}  "
            f"{row['server']:18.2f}  {row['postgres']:8.2f}  {row['client']:6.2f}"
        )
    mine, floor = rows.values()
    print(
        f"ours / peer: {mine['rate'] / floor['rate']:.2f}x the messages/s, "
        f"{mine['p50'] / floor['p50']:.1f}x the p50, {mine['p99'] / floor['p99']:.1f}x the p99, "
        f"{mine['server'] / floor['server']:.1f}x the server CPU per message "
        f"({mine['server'] - floor['server']:.2f} ms more)"
    )
    cpus = os.cpu_count() or 1
    total = mine["server"] + mine["postgres"] + mine["client"]
    print(
        f"our CPU per message, all sides {total:.2f} ms "
        f"({cpus} idle CPUs allow {1000 * cpus / total:.0f} messages/s); "
        "the PostgreSQL figure is a lower bound"
    )
    share = mine["rate"] / floor["rate"]
    verdict = "meets" if mine["rate"] >= 1000 and mine["p99"] <= 50 and share >= 1 / 3 else "misses"
    print(
        "target for our server >= 1,000 messages/s, p99 <= 50 ms and >= 1/3 of the peer's "
        f"messages/s: {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (users)")
    parser.add_argument("--messages", type=int, default=6000, help="messages to time")
    parser.add_argument("--warmup", type=int, default=300, help="untimed messages first")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (`companion-bot serve --workers N`: N > 1 needs Redis)",
    )
    parser.add_argument(
        "--unshared-limits",
        action="store_true",
        help="with --workers N: start uvicorn's workers directly, each counting the rate "
        "limits itself (no Redis), to see what sharing them costs",
    )
    parser.add_argument(
        "--no-sqlite", dest="sqlite", action="store_false", help="skip the SQLite run"
    )
    parser.add_argument(
        "--no-postgresql",
        dest="postgresql",
        action="store_false",
        help="skip the PostgreSQL runs (ours and the peer's)",
    )
    args = parser.parse_args()
    if args.postgresql:
        asyncio.run(bench(args))
    if args.sqlite:
        asyncio.run(_bench_sqlite(args, _stream(args)))


if __name__ == "__main__":
    main()
