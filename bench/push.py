"""Cross-process push benchmark: how long a message stored by another process takes to reach
an open page.

Starts ``companion-bot serve`` in its own process (``--workers N`` through uvicorn when asked),
signs up users, opens one live stream (``GET /api/stream``, Server-Sent Events) per user, and
then, from this process (its own engine and connections, as a Celery worker or ``jobs
run-once`` would), stores proactive web messages for random users at a steady rate. The
latency of each is from its commit to its arrival on the page.

The peer, measured in the same run with the same users and messages: the same server on
SQLite, where no process tells another and each open page reads the database every second
(before this mechanism, once per 15 s keep-alive).

    .venv/bin/python bench/push.py [--users 20] [--messages 300] [--rate 30] [--workers 2]

Target: p99 <= 2 s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from companion_bot.storage import messages, migrate
from companion_bot.storage.db import make_engine, make_sessionmaker
from ingest import SERVER_URL, _admin, _free_port, _signup, _start_server, _stop, _wait_ready


@dataclass
class Timings:
    expected: int
    committed: dict[int, float] = field(default_factory=dict)  # message id -> commit time
    arrived: dict[int, float] = field(default_factory=dict)  # message id -> first arrival
    all_arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def arrive(self, message_id: int) -> None:
        self.arrived.setdefault(message_id, time.monotonic())
        if len(self.arrived) >= self.expected:
            self.all_arrived.set()

    def latencies(self) -> list[float]:
        return sorted(self.arrived[i] - t for i, t in self.committed.items() if i in self.arrived)


async def _page(base: str, token: str, timings: Timings, ready: asyncio.Event) -> None:
    """One open page: reconnects as a browser does (``Last-Event-ID``) until cancelled."""
    last: str | None = None
    async with httpx.AsyncClient(base_url=base, timeout=None) as client:
        while True:
            headers = {"Authorization": f"Bearer {token}"}
            if last is not None:
                headers["Last-Event-ID"] = last
            async with client.stream("GET", "/api/stream", headers=headers) as response:
                async for line in response.aiter_lines():
                    if line == ": connected":
                        ready.set()
                    elif line.startswith("id: "):
                        last = line[4:]
                    elif line.startswith("data: "):
                        timings.arrive(json.loads(line[6:])["id"])


async def _run(database_url: str, args: argparse.Namespace) -> list[float]:
    port = _free_port()
    server = _start_server(database_url, port, 60, args.workers)
    base = f"http://127.0.0.1:{port}"
    pages: list[asyncio.Task[None]] = []
    engine = make_engine(database_url)
    try:
        await _wait_ready(base, server)
        run = uuid.uuid4().hex[:4]
        # One at a time: the server refuses sign-ups past its password hashers' queue.
        users = [await _signup(base, i, run) for i in range(args.users)]
        timings = Timings(expected=args.messages)
        readies = [asyncio.Event() for _ in users]
        pages = [
            asyncio.create_task(_page(base, token, timings, ready))
            for (token, _), ready in zip(users, readies, strict=True)
        ]
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 30)
        sessions = make_sessionmaker(engine)
        chooser = random.Random(args.seed)
        for n in range(args.messages):
            _, user_id = chooser.choice(users)
            async with sessions() as session:
                row = await messages.add_proactive_web_message(
                    session, user_id=user_id, content=f"Reminder {n}", proactive_session_id=None
                )
                await session.commit()
            timings.committed[row.id] = time.monotonic()
            await asyncio.sleep(1 / args.rate)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(timings.all_arrived.wait(), 20)
        lost = len(timings.committed) - len(set(timings.committed) & set(timings.arrived))
        if lost:
            raise SystemExit(f"{lost} messages never reached their page")
        return timings.latencies()
    finally:
        for task in pages:
            task.cancel()
        await asyncio.gather(*pages, return_exceptions=True)
        await engine.dispose()
        _stop(server)


def _line(name: str, latencies: list[float]) -> str:
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return (
        f"{name:<34} {len(latencies):>5} msgs  p50 {statistics.median(latencies) * 1000:7.0f} ms"
        f"  p99 {p99 * 1000:7.0f} ms  max {latencies[-1] * 1000:7.0f} ms"
    )


async def bench(args: argparse.Namespace) -> None:
    name = f"companion_push_{uuid.uuid4().hex[:10]}"
    await _admin(f'CREATE DATABASE "{name}"')
    postgres = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    try:
        await migrate.upgrade_async(postgres)
        ours = await _run(postgres, args)
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    with tempfile.TemporaryDirectory() as folder:
        sqlite = f"sqlite:///{Path(folder) / 'push.db'}"
        await migrate.upgrade_async(sqlite)
        # SQLite serves from one process (``serve`` refuses workers on it).
        peer = await _run(sqlite, argparse.Namespace(**{**vars(args), "workers": 1}))
    print(
        f"push from another process: {args.users} open pages, {args.messages} messages "
        f"at {args.rate}/s, serve workers: {args.workers}"
    )
    print(_line("ours (PostgreSQL, LISTEN/NOTIFY)", ours))
    print(_line("peer (SQLite, one process, 1 s poll per page)", peer))
    p99 = ours[min(len(ours) - 1, int(len(ours) * 0.99))]
    print(f"target p99 <= 2 s: {'met' if p99 <= 2 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--rate", type=float, default=30.0, help="messages stored per second")
    parser.add_argument("--workers", type=int, default=2, help="serve processes")
    parser.add_argument("--seed", type=int, default=7)
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
