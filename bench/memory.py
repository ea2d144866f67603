"""Memory benchmark: the RSS of ``companion-bot serve`` with 10,000 users and 100,000 schedules.

On a fresh PostgreSQL database (and a SQLite file) it bulk-loads, in a few SQL statements
(``INSERT … SELECT`` over ``generate_series`` or a recursive CTE, not through the API),

* 10,000 users in ten time zones, all with one password (their greeting preferences come
  from the insert trigger; some then get quiet hours, another lead time or reminders off);
* 100,000 schedules, 10 a user: 20 % completed in the past week (with their sent reminder
  and check-in rows), 5 % cancelled, 2 % starting within the next hour (the embedded job
  loop plans and sends their reminders while the benchmark runs, one entering the reminder
  window every few seconds), 1 % ended an hour ago (check-ins due), 1 % started earlier
  today without an end (follow-ups), the rest spread over the next four weeks;
* 100,000 chat messages of the past week.

Then it starts ``companion-bot serve`` on it as a subprocess (embedded job loop on, offline
responder, no Telegram, the per-address login limit raised: every sign-in comes from one
address), waits for ``/readyz`` and exercises it for ``--seconds``: logs in ``--logins`` users
a few at a time (the server answers 429 past its password-hash queue; those are retried
after ``Retry-After``), opens ``--streams`` live streams (``/api/stream``, reconnecting as a
browser does), posts chat messages, lists schedules and history for every logged-in user
round after round, while the job loop runs its passes. Then it reads the server's peak RSS
(``VmHWM``) and current RSS (``VmRSS``) from ``/proc/<pid>/status``.

Peers, measured in the same run on the same machine: a bare FastAPI + uvicorn hello-world
process (the floor of the web stack), and the same ``serve`` on an empty migrated database,
idle (what our code costs before any data). With ``--exercise-peer`` also the same server
and exercise on a database holding only the users it logs in (no schedules, no history):
the difference to ours is what the data costs.

    .venv/bin/python bench/memory.py [--database both|postgresql|sqlite] [--seconds 60]

Target: peak RSS < 300 MB (10^6 bytes) for the loaded and exercised server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import bindparam, text

from chatstream import generate
from companion_bot.config import Settings
from companion_bot.storage.db import make_engine
from companion_bot.storage.types import UTCDateTime
from ingest import _free_port, _stop, _wait_ready
from jobs import fresh_database

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "benchmark password"
TARGET_MB = 300.0
TIMELINE_SECONDS = 15
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Europe/London",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
    "America/Sao_Paulo",
    "Africa/Lagos",
)
EVENTS = ("team meeting", "standup", "1-on-1 with Sam", "dentist", "client call", "yoga class")

HELLO_WORLD = """
import sys

import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/readyz")
async def readyz() -> dict[str, str]:
    return {"status": "ok"}


uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


# --- loading -------------------------------------------------------------------------------


def _series(backend: str) -> tuple[str, str]:
    """(prefix, source) of the numbers 1..:n as ``g``; bigint, so hashes of g fit."""
    if backend == "postgresql":
        return "", "generate_series(CAST(1 AS bigint), :n) AS s(g)"
    return "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s LIMIT :n) ", "s"


def _at(backend: str, seconds: str) -> str:
    """SQL for the instant ``seconds`` (an SQL expression, NULL gives NULL) after :now, stored
    as each database stores ``UTCDateTime``."""
    if backend == "postgresql":
        return f"(CAST(:now AS timestamptz) + make_interval(secs => {seconds}))"
    return f"(strftime('%Y-%m-%d %H:%M:%S', :base, ({seconds}) || ' seconds') || '.000000')"


def _shift(backend: str, column: str, seconds: int) -> str:
    if backend == "postgresql":
        return f"({column} + make_interval(secs => {seconds}))"
    return f"(strftime('%Y-%m-%d %H:%M:%S', {column}, '{seconds} seconds') || '.000000')"


def _case(expression: str, values: tuple[str, ...]) -> str:
    whens = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(values))
    return f"CASE {expression} {whens} END"


@dataclass
class Data:
    users: int
    schedules: int
    messages: int
    password_hash: str


async def load(url: str, backend: str, data: Data, now: dt.datetime) -> dict[str, int]:
    """Bulk-load ``data`` as of ``now``; returns the schedules per kind."""
    prefix, source = _series(backend)
    times = {"now": now, "base": now.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")}
    # A pseudo-random bucket 0..99 per schedule, independent of its user (1 + (g-1) % users):
    # the top bits of a multiplicative hash of g.
    bucket = "(g * 2654435761 % 4294967296) * 100 / 4294967296"
    offset = (  # seconds from now to the start
        "CASE WHEN b < 20 THEN -(86400 + g % 518400)"  # completed, 1-7 days ago
        " WHEN b IN (25, 26) THEN 60 + g % 3600"  # starting within the hour
        " WHEN b = 27 THEN -(3600 + g % 3600)"  # ended 30-90 minutes ago
        " WHEN b = 28 THEN -(900 + g % 25200)"  # started today, no end
        " ELSE 7200 + (g % 2688) * 900 END"  # on a quarter hour, the next four weeks
    )
    length = "CASE WHEN b = 28 OR (b > 28 AND g % 2 = 0) THEN NULL ELSE 1800 + (g % 2) * 1800 END"
    statements = [
        (
            f"{prefix}INSERT INTO users (username, password_hash, timezone, timezone_confirmed) "
            f"SELECT 'mem' || g, :hash, {_case('g % 10', ZONES)}, true FROM {source}",
            {"n": data.users, "hash": data.password_hash},
        ),
        (
            "UPDATE greeting_preferences SET dnd_start_hour = 22, dnd_end_hour = 7 "
            "WHERE user_id % 4 = 0",
            {},
        ),
        ("UPDATE greeting_preferences SET prefer_proactive = false WHERE user_id % 25 = 0", {}),
        ("UPDATE greeting_preferences SET reminder_lead_minutes = 15 WHERE user_id % 7 = 0", {}),
        (
            "UPDATE greeting_preferences SET reminder_lead_minutes = 60, max_proactive_per_day = 5 "
            "WHERE user_id % 11 = 0",
            {},
        ),
    ]
    if data.schedules:
        statements += [
            (
                f"{prefix}INSERT INTO user_schedules (user_id, event_name, start_time, end_time, "
                "channel, status, source_text, preparation_reminder_sent, event_completed_sent, "
                "is_completed, completed_at) "
                f"SELECT u, name || ' #' || g, {_at(backend, 'o')}, {_at(backend, 'o + l')}, "
                "'web', CASE WHEN b < 20 THEN 'done' WHEN b < 25 THEN 'cancelled' "
                "ELSE 'scheduled' END, name || ' at 10', (b < 20 OR b IN (27, 28)), b < 20, "
                f"b < 20, CASE WHEN b < 20 THEN {_at(backend, 'o + 3600')} END "
                f"FROM (SELECT g, b, u, name, {offset} AS o, {length} AS l FROM "
                f"(SELECT g, {bucket} AS b, 1 + (g - 1) % :users AS u, "
                f"{_case('g % 6', EVENTS)} AS name FROM {source}) x) y",
                {"n": data.schedules, "users": data.users, **times},
            ),
            # The rows the job wrote for the completed meetings: a reminder, a check-in.
            (
                "INSERT INTO proactive_sessions (user_id, session_type, reference_id, channel, "
                "status, attempts, due_at, next_attempt_at, sent_at, metadata) "
                "SELECT user_id, 'preparation_reminder', id, channel, 'sent', 1, "
                f"{_shift(backend, 'start_time', -1800)}, {_shift(backend, 'start_time', -1800)}, "
                f"{_shift(backend, 'start_time', -1799)}, '{{}}' "
                "FROM user_schedules WHERE status = 'done'",
                {},
            ),
            (
                "INSERT INTO proactive_sessions (user_id, session_type, reference_id, channel, "
                "status, attempts, due_at, next_attempt_at, sent_at, metadata) "
                "SELECT user_id, 'completion', id, channel, 'sent', 1, "
                f"{_shift(backend, 'end_time', 300)}, {_shift(backend, 'end_time', 300)}, "
                f"{_shift(backend, 'end_time', 301)}, '{{}}' "
                "FROM user_schedules WHERE status = 'done'",
                {},
            ),
        ]
    if data.messages:
        statements.append(
            (
                f"{prefix}INSERT INTO messages (user_id, channel, role, content, created_at) "
                "SELECT 1 + (g - 1) % :users, 'web', CASE WHEN g % 2 = 0 THEN 'bot' "
                "ELSE 'user' END, 'message ' || g || ': see you at the team meeting', "
                f"{_at(backend, '-(g % 604800)')} FROM {source}",
                {"n": data.messages, "users": data.users, **times},
            )
        )
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            for statement, params in statements:
                await connection.execute(text(statement), params)
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("ANALYZE"))
            rows = await autocommit.execute(
                text(
                    "SELECT CASE WHEN status <> 'scheduled' THEN status "
                    "WHEN start_time > :soon THEN 'later' "
                    "WHEN start_time > :now_b THEN 'within the hour' "
                    "WHEN end_time IS NULL THEN 'started, no end' ELSE 'ended' END, count(*) "
                    "FROM user_schedules GROUP BY 1"
                ).bindparams(
                    bindparam("soon", type_=UTCDateTime()), bindparam("now_b", type_=UTCDateTime())
                ),
                {"soon": now + dt.timedelta(hours=1, minutes=2), "now_b": now},
            )
            kinds = {kind: count for kind, count in rows}
            kinds["sessions"] = await autocommit.scalar(
                text("SELECT coalesce(max(id), 0) FROM proactive_sessions")
            )
            return kinds
    finally:
        await engine.dispose()


async def job_outcomes(url: str, after: int) -> dict[tuple[str, str, str], int]:
    """The rows the server's job loop wrote (ids above ``after``): (type, status, reason)
    -> count."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT session_type, status, coalesce(reason, ''), count(*) "
                    "FROM proactive_sessions WHERE id > :after GROUP BY 1, 2, 3"
                ),
                {"after": after},
            )
            return {(t, s, r): n for t, s, r, n in rows}
    finally:
        await engine.dispose()


# --- the server and its memory -------------------------------------------------------------


def _start_serve(database_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "COMPANION_DATABASE_URL": database_url,
        "COMPANION_LLM_BASE_URL": "",
        "COMPANION_TELEGRAM_BOT_TOKEN": "",
        "COMPANION_JOBS_EMBEDDED": "true",
        "COMPANION_LOG_LEVEL": "WARNING",
        # Every sign-in of the benchmark comes from 127.0.0.1 (30 a minute by default).
        "COMPANION_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE": "100000",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    command = [sys.executable, "-m", "companion_bot", "serve", "--port", str(port)]
    return subprocess.Popen(command, env=env, cwd=ROOT)


def _start_hello(port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", HELLO_WORLD, str(port)]
    return subprocess.Popen(command, cwd=ROOT)


def memory(pid: int) -> dict[str, float]:
    """``VmHWM`` (peak RSS), ``VmRSS``, ``RssAnon``, ``RssFile`` of a process, in MB."""
    found: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmHWM", "VmRSS", "RssAnon", "RssFile", "Threads"}:
            number = int(value.split()[0])
            found[name] = number if name == "Threads" else number * 1024 / 1e6
    return found


class Sampler:
    """Current RSS every ``interval`` s: when the peak happened, and RSS at named marks."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.pid = pid
        self.interval = interval
        self.started = time.monotonic()
        self.top = (0.0, 0.0)  # (MB, seconds after start)
        self.marks: list[tuple[str, float, dict[str, float]]] = []
        self.timeline: list[float] = []  # current RSS every TIMELINE_SECONDS

    def mark(self, label: str) -> None:
        self.marks.append((label, time.monotonic() - self.started, memory(self.pid)))

    async def run(self) -> None:
        while True:
            with contextlib.suppress(OSError):
                rss = memory(self.pid)["VmRSS"]
                elapsed = time.monotonic() - self.started
                if rss > self.top[0]:
                    self.top = (rss, elapsed)
                if elapsed >= len(self.timeline) * TIMELINE_SECONDS:
                    self.timeline.append(rss)
            await asyncio.sleep(self.interval)


# --- the exercise --------------------------------------------------------------------------


@dataclass
class Activity:
    statuses: Counter[str] = field(default_factory=Counter)  # "GET /api/schedules 200" -> n
    refused_logins: int = 0  # 429 from the password-hash queue, retried
    streams_opened: int = 0
    meetings_soon: int = 0  # "team sync" 12 minutes ahead, said on an open page
    events: int = 0
    proactive_events: int = 0
    logins_done: float = 0.0  # seconds into the exercise
    elapsed: float = 0.0

    def count(self, what: str, response: httpx.Response) -> None:
        self.statuses[f"{what} {response.status_code}"] += 1

    def errors(self) -> int:
        return sum(n for k, n in self.statuses.items() if not k.endswith(" 200"))

    def total(self, what: str) -> int:
        return sum(n for k, n in self.statuses.items() if k.startswith(what + " "))


async def _login(client: httpx.AsyncClient, number: int, activity: Activity) -> str:
    body = {"username": f"mem{number}", "password": PASSWORD}
    for attempt in range(5):
        try:
            response = await client.post("/api/auth/login", json=body)
        except httpx.TransportError:  # a connection the server closed after an error
            activity.statuses["POST /api/auth/login error"] += 1
            await asyncio.sleep(attempt)
            continue
        if response.status_code == 429:  # the password-hash queue is full: come back later
            activity.refused_logins += 1
            await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
            continue
        activity.count("POST /api/auth/login", response)
        response.raise_for_status()
        token: str = response.json()["token"]
        return token
    raise SystemExit(f"mem{number} could not log in")


async def _stream(
    client: httpx.AsyncClient, token: str, activity: Activity, connected: asyncio.Event
) -> None:
    """One open page, reconnecting as a browser does (streams end every 25 s)."""
    last: str | None = None
    while True:
        headers = {"Authorization": f"Bearer {token}"}
        if last is not None:
            headers["Last-Event-ID"] = last
        try:
            async with client.stream("GET", "/api/stream", headers=headers) as response:
                activity.count("GET /api/stream", response)
                activity.streams_opened += 1
                async for line in response.aiter_lines():
                    if line == ": connected":
                        connected.set()
                    elif line.startswith("id: "):
                        last = line[4:]
                    elif line.startswith("data: "):
                        activity.events += 1
                        if json.loads(line[6:])["message_type"] == "proactive":
                            activity.proactive_events += 1
        except httpx.HTTPError:
            activity.statuses["GET /api/stream error"] += 1
            await asyncio.sleep(1)


def _soon(zone: str) -> str:
    """ "team sync at 3:45 PM today": 12 minutes from now on the clock of ``zone``."""
    now = dt.datetime.now(ZoneInfo(zone))
    at = now + dt.timedelta(minutes=12)
    day = "today" if at.date() == now.date() else "tomorrow"
    return (
        f"team sync at {at.hour % 12 or 12}:{at.minute:02d} {'AM' if at.hour < 12 else 'PM'} {day}"
    )


async def exercise(base: str, args: argparse.Namespace, sampler: Sampler) -> Activity:
    activity = Activity()
    started = time.monotonic()
    texts = iter([t for t, _ in generate(args.logins * args.messages_per_user, meeting_share=0.25)])
    numbers: asyncio.Queue[int] = asyncio.Queue()
    for number in range(1, args.logins + 1):
        numbers.put_nowait(number)
    tokens: list[str] = []
    streams: list[asyncio.Task[None]] = []
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    stream_client = httpx.AsyncClient(
        base_url=base, timeout=httpx.Timeout(30, read=None), limits=limits
    )
    client = httpx.AsyncClient(base_url=base, timeout=60, limits=limits)

    async def call(method: str, path: str, token: str, body: object = None) -> None:
        what = f"{method} {path.split('?')[0]}"
        headers = {"Authorization": f"Bearer {token}"}
        for attempt in range(2 if method == "GET" else 1):
            try:
                response = await client.request(method, path, headers=headers, json=body)
            except httpx.TransportError:
                # A keep-alive connection the server closed as it was reused (or after an
                # error): a GET is tried once more on a new one.
                if attempt == 0 and method == "GET":
                    continue
                activity.statuses[f"{what} error"] += 1
                return
            activity.count(what, response)
            return

    async def get(path: str, token: str) -> None:
        await call("GET", path, token)

    async def signed_in() -> None:
        """Log in users a few at a time; each then looks around and says something."""
        while not numbers.empty():
            number = numbers.get_nowait()
            token = await _login(client, number, activity)
            tokens.append(token)
            if number <= args.streams:
                connected = asyncio.Event()
                page = _stream(stream_client, token, activity, connected)
                streams.append(asyncio.create_task(page))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(connected.wait(), 10)
                # A meeting 12 minutes from now: the loop wakes and reminds at once
                # (mentioned late), pushed to this open page.
                await call("POST", "/api/messages", token, {"text": _soon(ZONES[number % 10])})
                activity.meetings_soon += 1
            await get("/api/schedules", token)
            await get("/api/messages?limit=50", token)
            for _ in range(args.messages_per_user):
                await call("POST", "/api/messages", token, {"text": next(texts)})

    try:
        await asyncio.gather(*(signed_in() for _ in range(args.login_concurrency)))
        activity.logins_done = time.monotonic() - started
        sampler.mark("logins done")
        rng = random.Random(3)
        # Rounds: every logged-in user lists their schedules (and a few their history),
        # eight requests at a time, while the job loop runs its passes.
        while True:
            order = list(tokens)
            rng.shuffle(order)
            for start in range(0, len(order), 8):
                chunk = order[start : start + 8]
                await asyncio.gather(*(get("/api/schedules", t) for t in chunk))
            await asyncio.gather(*(get("/api/messages?limit=50", t) for t in order[:20]))
            if time.monotonic() - started >= args.seconds:
                break
            await asyncio.sleep(1)
        activity.elapsed = time.monotonic() - started
        sampler.mark("end")  # the streams still open
        return activity
    finally:
        for task in streams:
            task.cancel()
        await asyncio.gather(*streams, return_exceptions=True)
        await client.aclose()
        await stream_client.aclose()


# --- runs ----------------------------------------------------------------------------------


@dataclass
class Measure:
    label: str
    at_ready: dict[str, float]
    final: dict[str, float]
    sampler: Sampler | None = None
    activity: Activity | None = None


async def run_server(url: str, label: str, args: argparse.Namespace, *, exercised: bool) -> Measure:
    """``serve`` on ``url``: memory at ``/readyz``, then after the exercise (or ``--idle``
    seconds of a few health checks)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start_serve(url, port)
    try:
        await _wait_ready(base, server, seconds=60)
        sampler = Sampler(server.pid)
        sampler.mark("ready")
        watcher = asyncio.create_task(sampler.run())
        try:
            activity = None
            if exercised:
                activity = await exercise(base, args, sampler)
            else:
                async with httpx.AsyncClient(base_url=base) as client:
                    for _ in range(int(args.idle)):
                        await client.get("/readyz")
                        await client.get("/")
                        await asyncio.sleep(1)
                sampler.mark("end")
        finally:
            watcher.cancel()
        return Measure(label, sampler.marks[0][2], sampler.marks[-1][2], sampler, activity)
    finally:
        _stop(server)


async def run_hello(args: argparse.Namespace) -> Measure:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start_hello(port)
    try:
        await _wait_ready(base, server, seconds=60)
        at_ready = memory(server.pid)
        async with httpx.AsyncClient(base_url=base) as client:
            for _ in range(1000):
                await client.get("/readyz")
        return Measure(
            "bare FastAPI + uvicorn hello world, 1,000 requests", at_ready, memory(server.pid)
        )
    finally:
        _stop(server)


async def run_backend(backend: str, args: argparse.Namespace, password_hash: str) -> list[Measure]:
    measures = []
    async with fresh_database(backend) as url:
        now = dt.datetime.now(dt.UTC)
        data = Data(args.users, args.schedules, args.messages, password_hash)
        t0 = time.perf_counter()
        kinds = await load(url, backend, data, now)
        history = kinds.pop("sessions")
        print(
            f"{backend}: {args.users:,} users, {args.schedules:,} schedules "
            f"({', '.join(f'{n:,} {k}' for k, n in sorted(kinds.items()))}), "
            f"{args.messages:,} messages; loaded in {time.perf_counter() - t0:.1f} s"
        )
        ours = await run_server(
            url, "companion-bot serve, loaded + exercised", args, exercised=True
        )
        measures.append(ours)
        _print_activity(ours, await job_outcomes(url, history))
    if args.exercise_peer:
        async with fresh_database(backend) as url:
            data = Data(args.logins, 0, 0, password_hash)
            await load(url, backend, data, dt.datetime.now(dt.UTC))
            peer = await run_server(
                url, f"the same, only the {args.logins} users it logs in", args, exercised=True
            )
            measures.append(peer)
    async with fresh_database(backend) as url:
        measures.append(
            await run_server(
                url,
                f"companion-bot serve, empty database, idle {args.idle:.0f} s",
                args,
                exercised=False,
            )
        )
    return measures


def _print_activity(measure: Measure, outcomes: dict[tuple[str, str, str], int]) -> None:
    activity, sampler = measure.activity, measure.sampler
    assert activity is not None and sampler is not None
    logins = activity.total("POST /api/auth/login")
    print(
        f"  exercised {activity.elapsed:.0f} s: {logins} logins in {activity.logins_done:.0f} s "
        f"({activity.refused_logins} answered 429 and retried), "
        f"{activity.streams_opened} stream connections ({activity.events} events pushed, "
        f"{activity.proactive_events} of them reminders or check-ins), "
        f"{activity.total('POST /api/messages')} messages posted ({activity.meetings_soon} "
        "of them a meeting 12 minutes ahead on an open page), "
        f"{activity.total('GET /api/schedules')} schedule lists, "
        f"{activity.total('GET /api/messages')} history pages; "
        f"{activity.errors()} errors"
    )
    if activity.errors():
        print(f"    {dict(activity.statuses)}")
    job = Counter[str]()
    for (kind, status, reason), count in outcomes.items():
        job[f"{kind} {status}{' (' + reason + ')' if reason else ''}"] += count
    print("  job loop wrote: " + ", ".join(f"{k} {n}" for k, n in sorted(job.items())))
    marks = ", ".join(
        f"{label} {mem['VmRSS']:.0f} MB at {t:.0f} s" for label, t, mem in sampler.marks
    )
    print(
        f"  current RSS: {marks}; highest sample {sampler.top[0]:.0f} MB at {sampler.top[1]:.0f} s"
    )
    timeline = " ".join(f"{rss:.0f}" for rss in sampler.timeline)
    print(f"  current RSS every {TIMELINE_SECONDS} s, MB: {timeline}")


def _report(measures: list[Measure]) -> None:
    width = max(len(m.label) for m in measures)
    print(f"  {'':{width}}  {'peak RSS':>8}  {'current':>8}  {'anon':>6}  {'at ready':>8}")
    for m in measures:
        print(
            f"  {m.label:{width}}  {m.final['VmHWM']:5.0f} MB  {m.final['VmRSS']:5.0f} MB  "
            f"{m.final['RssAnon']:3.0f} MB  {m.at_ready['VmRSS']:5.0f} MB"
        )


def _argon2_mb(password_hash: str) -> float:
    """The memory one check of this hash takes ("$argon2id$v=19$m=65536,…": m in KiB)."""
    params = dict(p.split("=") for p in password_hash.split("$")[3].split(","))
    return int(params["m"]) * 1024 / 1e6


def _hash_concurrency() -> int:
    """Password hashes the server computes at once (as the server reads the setting)."""
    found = os.environ.get("COMPANION_PASSWORD_HASH_CONCURRENCY")
    default: int = Settings.model_fields["password_hash_concurrency"].default
    return int(found) if found else default


async def bench(args: argparse.Namespace) -> None:
    print(
        f"{os.cpu_count()} CPUs, python {sys.version.split()[0]}, load average "
        f"{os.getloadavg()[0]:.1f}; MB = 10^6 bytes"
    )
    password_hash = PasswordHash((Argon2Hasher(),)).hash(PASSWORD)
    hello = await run_hello(args)
    verdicts = []
    backends = ["postgresql", "sqlite"] if args.database == "both" else [args.database]
    for backend in backends:
        measures = await run_backend(backend, args, password_hash)
        _report([*measures, hello])
        ours, bare = measures[0], measures[-1]
        peak, current = ours.final["VmHWM"], ours.final["VmRSS"]
        print(
            f"  ours - empty idle serve: +{peak - bare.final['VmHWM']:.0f} MB peak, "
            f"+{current - bare.final['VmRSS']:.0f} MB current; empty idle serve - hello world: "
            f"+{bare.final['VmRSS'] - hello.final['VmRSS']:.0f} MB current"
        )
        if args.exercise_peer:
            peer = measures[1]
            print(
                f"  what the data costs (ours - same exercise without it): "
                f"+{peak - peer.final['VmHWM']:.0f} MB peak, "
                f"+{current - peer.final['VmRSS']:.0f} MB current"
            )
        print(
            f"  argon2id needs {_argon2_mb(password_hash):.0f} MB per password check, "
            f"{_hash_concurrency()} checks at once: up to "
            f"{_argon2_mb(password_hash) * _hash_concurrency():.0f} MB on top of current RSS "
            "while logins run, returned when they end"
        )
        verdict = "meets" if peak < TARGET_MB else "MISSES"
        verdicts.append(f"{backend} {peak:.0f} MB")
        print(f"  target peak RSS < {TARGET_MB:.0f} MB: {verdict} ({peak:.0f} MB)")
    print(f"load average {os.getloadavg()[0]:.1f} at the end; peak RSS: {', '.join(verdicts)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["both", "postgresql", "sqlite"], default="both")
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--schedules", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=100_000, help="chat history rows")
    parser.add_argument("--logins", type=int, default=200, help="users who log in")
    parser.add_argument("--login-concurrency", type=int, default=4, help="logins at once")
    parser.add_argument("--streams", type=int, default=100, help="open /api/stream pages")
    parser.add_argument("--messages-per-user", type=int, default=2, help="posted per login")
    parser.add_argument("--seconds", type=float, default=60, help="exercise at least this long")
    parser.add_argument("--idle", type=float, default=5, help="seconds the empty peer idles")
    parser.add_argument(
        "--exercise-peer",
        action="store_true",
        help="also run the exercise on a database with only the users it logs in",
    )
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
