"""PostgreSQL unavailable for 5 s, behind a TCP proxy that cuts and refuses connections
(``pg_proxy.py``), while the real app serves chat over real HTTP and while a job pass runs.

During the outage every request is answered: 200, or 503 with ``Retry-After`` (never a 500,
never a dropped connection); ``/readyz`` says 503, quickly. After it the app recovers by
itself, every message acknowledged with a 200 is in the database, and every due reminder is
sent exactly once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import socket
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from pg_proxy import PgProxy
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.engine import make_url

from companion_bot.composition import build_proactive_handler, create_app
from companion_bot.config import Settings, load_settings
from companion_bot.proactive.runner import run_pass
from companion_bot.storage import migrate, users
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.models import Message, ProactiveSession, UserSchedule
from companion_bot.testing import FakeSender, FrozenClock

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

# Wednesday 25 November 2026, 09:00 UTC (10:00 in Berlin).
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
OUTAGE_SECONDS = 5.0
READY_WITHIN_SECONDS = 2.5
PASSWORD = "correct horse battery"
CHATTERS = 6


@pytest.fixture(scope="module")
def outage_database(new_postgres_database: object) -> str:
    url: str = new_postgres_database()  # type: ignore[operator]
    migrate.upgrade(url)
    return url


@pytest.fixture
async def proxy(outage_database: str) -> AsyncIterator[PgProxy]:
    target = make_url(outage_database)
    proxy = PgProxy(target.host or "127.0.0.1", target.port or 5432)
    await proxy.start()
    yield proxy
    await proxy.close()


def through(url: str, proxy: PgProxy) -> str:
    """``url`` with the proxy in front of the server."""
    return make_url(url).set(host=proxy.host, port=proxy.port).render_as_string(False)


class LogWatch(logging.Handler):
    """The exception types logged anywhere at WARNING and above (uvicorn's "Exception in
    ASGI application", our handlers), to say what went wrong when an assertion fails, and
    the messages logged."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.types: Counter[str] = Counter()
        self.messages: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.messages[record.getMessage()] += 1
        if record.exc_info and record.exc_info[0] is not None:
            exc = record.exc_info[1]
            chain = []
            while exc is not None and len(chain) < 3:
                chain.append(f"{type(exc).__module__}.{type(exc).__qualname__}")
                exc = exc.__cause__ or exc.__context__
            self.types[f"{record.name}: " + " <- ".join(chain)] += 1


@pytest.fixture
def logs() -> Iterator[LogWatch]:
    handler = LogWatch()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)


@asynccontextmanager
async def served(app: FastAPI) -> AsyncIterator[str]:
    """``app`` under a real uvicorn on a free loopback port (lifespan left to the caller)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, lifespan="off", log_config=None, timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()


@dataclass
class Outcome:
    what: str  # "POST /api/messages", …
    phase: str  # before | during | after
    status: int | None  # None: no response (connection dropped, timeout)
    seconds: float
    retry_after: str | None = None
    detail: str = ""
    error: str = ""


@dataclass
class Traffic:
    """Every request made, and the chat messages the app acknowledged with a 200."""

    phase: str = "before"
    outcomes: list[Outcome] = field(default_factory=list)
    acknowledged: dict[int, str] = field(default_factory=dict)  # message id → text
    stream_connected: asyncio.Event = field(default_factory=asyncio.Event)

    async def request(
        self, client: httpx.AsyncClient, method: str, url: str, **kwargs: object
    ) -> httpx.Response | None:
        phase, started = self.phase, time.perf_counter()
        what = f"{method} {url.split('?')[0]}"
        try:
            response = await client.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            seconds = time.perf_counter() - started
            self.outcomes.append(Outcome(what, phase, None, seconds, error=repr(exc)))
            return None
        seconds = time.perf_counter() - started
        detail = response.text[:200] if response.status_code != 200 else ""
        self.outcomes.append(
            Outcome(
                what,
                phase,
                response.status_code,
                seconds,
                response.headers.get("retry-after"),
                detail,
            )
        )
        return response

    async def stream(self, client: httpx.AsyncClient, url: str) -> None:
        """Open a live stream and read it to its end: a clean end, or dropped."""
        phase, started = self.phase, time.perf_counter()
        what, status, retry_after, detail, error = f"GET {url} (stream)", None, None, "", ""
        try:
            async with client.stream("GET", url) as response:
                status, retry_after = response.status_code, response.headers.get("retry-after")
                lines = []
                async for line in response.aiter_lines():
                    lines.append(line)
                    if line == ": connected":
                        self.stream_connected.set()
                detail = "\n".join(lines)[:200] if status != 200 else ""
        except httpx.HTTPError as exc:
            status, error = None, repr(exc)  # the body did not end cleanly
        seconds = time.perf_counter() - started
        self.outcomes.append(Outcome(what, phase, status, seconds, retry_after, detail, error))

    def summary(self) -> Counter[tuple[str, str, int | None]]:
        return Counter((o.what, o.phase, o.status) for o in self.outcomes)


async def _chatter(traffic: Traffic, client: httpx.AsyncClient, name: str, stop: asyncio.Event):
    n = 0
    while not stop.is_set():
        n += 1
        # Every third message mentions a meeting: more transactions, a schedule written.
        text = f"dentist {name} {n} tomorrow at 3pm" if n % 3 == 0 else f"note {name} {n}"
        response = await traffic.request(client, "POST", "/api/messages", json={"text": text})
        if response is not None and response.status_code == 200:
            traffic.acknowledged[response.json()["message"]["id"]] = text
        await asyncio.sleep(0.01)


async def _reader(traffic: Traffic, client: httpx.AsyncClient, stop: asyncio.Event) -> None:
    while not stop.is_set():
        await traffic.request(client, "GET", "/api/messages?limit=5")
        await traffic.request(client, "GET", "/api/schedules")
        await asyncio.sleep(0.05)


async def _listener(traffic: Traffic, client: httpx.AsyncClient, stop: asyncio.Event) -> None:
    while not stop.is_set():
        await traffic.stream(client, "/api/stream")
        await asyncio.sleep(0.05)


async def _prober(traffic: Traffic, client: httpx.AsyncClient, stop: asyncio.Event) -> None:
    while not stop.is_set():
        await traffic.request(client, "GET", "/readyz")
        await asyncio.sleep(0.1)


def _http_requests() -> Counter[tuple[str, str, str]]:
    """``companion_http_requests_total`` by (route, method, status), as /metrics shows it."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for family in REGISTRY.collect():
        for sample in family.samples:
            if sample.name == "companion_http_requests_total":
                labels = sample.labels
                counts[(labels["route"], labels["method"], labels["status"])] = int(sample.value)
    return counts


async def _signup(client: httpx.AsyncClient, name: str) -> None:
    body = {"username": name, "password": PASSWORD, "timezone": "Europe/Berlin"}
    response = await client.post("/api/auth/signup", json=body)
    assert response.status_code == 201, response.text


async def test_chat_during_a_database_outage_gets_503s_then_recovers_losing_nothing(
    proxy: PgProxy, outage_database: str, logs: LogWatch
) -> None:
    settings = load_settings(
        database_url=through(outage_database, proxy),
        jobs_embedded=False,
        messages_per_minute=100_000,
    )
    app = create_app(settings, clock=FrozenClock(NOW))
    # Streams that poll the database often, so the outage catches one mid-stream.
    app.state.hub.keepalive_seconds, app.state.hub.max_stream_seconds = 0.2, 3.0
    requests_before = _http_requests()
    traffic = Traffic()
    stop = asyncio.Event()
    async with app.router.lifespan_context(app), served(app) as base:
        clients = [httpx.AsyncClient(base_url=base, timeout=20) for _ in range(CHATTERS + 1)]
        try:
            for i, client in enumerate(clients):
                await _signup(client, f"chatter{i}")
            tasks = [
                *(_chatter(traffic, c, f"c{i}", stop) for i, c in enumerate(clients[:-1])),
                _reader(traffic, clients[-1], stop),
                _listener(traffic, clients[-1], stop),
                _prober(traffic, clients[-1], stop),
            ]
            running = [asyncio.create_task(t) for t in tasks]
            await asyncio.sleep(1.0)
            traffic.stream_connected.clear()
            await traffic.stream_connected.wait()  # a fresh stream is open
            traffic.phase = "during"
            await proxy.outage(OUTAGE_SECONDS)
            traffic.phase = "after"
            await asyncio.sleep(1.5)
            stop.set()
            await asyncio.gather(*running)
            # Recovered: each user's next message and the readiness probe answer 200.
            traffic.phase = "recovered"
            for i, client in enumerate(clients[:-1]):
                response = await traffic.request(
                    client, "POST", "/api/messages", json={"text": f"back c{i}"}
                )
                assert response is not None and response.status_code == 200
                traffic.acknowledged[response.json()["message"]["id"]] = f"back c{i}"
            ready = await traffic.request(clients[-1], "GET", "/readyz")
            assert ready is not None and ready.status_code == 200, ready and ready.text
        finally:
            for client in clients:
                await client.aclose()

    summary = traffic.summary()
    diagnosis = f"{dict(summary)}\nlogged errors: {dict(logs.types)}"
    dropped = [o for o in traffic.outcomes if o.status is None]
    assert dropped == [], diagnosis
    assert {o.status for o in traffic.outcomes} <= {200, 503}, diagnosis
    unavailable = [o for o in traffic.outcomes if o.status == 503]
    assert unavailable, f"the outage answered no 503: {diagnosis}"
    assert all(o.retry_after and o.retry_after.isdigit() for o in unavailable), diagnosis
    assert all("unavailable" in o.detail for o in unavailable), diagnosis
    posts = {(o.phase, o.status) for o in traffic.outcomes if o.what == "POST /api/messages"}
    assert {("before", 200), ("during", 503), ("after", 200)} <= posts, diagnosis
    probes = [o for o in traffic.outcomes if o.what == "GET /readyz" and o.phase == "during"]
    assert 503 in {o.status for o in probes}, diagnosis
    assert max(o.seconds for o in probes) < READY_WITHIN_SECONDS, diagnosis
    # The stream open when the database went away ended cleanly (200, no error above).
    assert logs.messages["database unavailable: stream ended early"] >= 1, diagnosis
    # /metrics counted what the clients saw.
    counted = _http_requests() - requests_before
    seen = Counter((o.what.removesuffix(" (stream)"), o.status) for o in traffic.outcomes)
    for (what, status), n in seen.items():
        method, route = what.split(" ")
        assert counted[(route, method, str(status))] == n, (what, status)

    # 0 acknowledged messages lost: every message answered 200 is stored, with its text.
    engine = make_engine(outage_database)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = await session.execute(
                select(Message.id, Message.content).where(
                    Message.id.in_(traffic.acknowledged), Message.role == "user"
                )
            )
            stored = dict(rows.tuples().all())
    finally:
        await engine.dispose()
    assert stored == traffic.acknowledged


class OutageSender(FakeSender):
    """Records every message; the first send takes the database away mid-pass."""

    def __init__(self, proxy: PgProxy) -> None:
        super().__init__(channel="web")
        self.proxy = proxy
        self.outage: asyncio.Task[None] | None = None

    async def send(self, message):  # type: ignore[no-untyped-def]
        if self.outage is None:
            self.outage = asyncio.create_task(self.proxy.outage(OUTAGE_SECONDS))
            await asyncio.sleep(0.05)  # the proxy has cut every connection and stopped listening
        return await super().send(message)


async def _meetings_due(url: str, *, people: int) -> list[int]:
    """``people`` users in Berlin, each with a meeting 20 minutes from NOW (reminder due)."""
    engine = make_engine(url)
    ids = []
    try:
        async with make_sessionmaker(engine)() as session:
            for i in range(people):
                user = await users.create_user(
                    session, username=f"busy{i}-{time.monotonic_ns()}", timezone="Europe/Berlin"
                )
                schedule = UserSchedule(
                    user_id=user.id,
                    event_name=f"planning {i}",
                    start_time=NOW + dt.timedelta(minutes=20),
                    end_time=NOW + dt.timedelta(minutes=50),
                    channel="web",
                )
                session.add(schedule)
                await session.flush()
                ids.append(schedule.id)
            await session.commit()
    finally:
        await engine.dispose()
    return ids


async def _reminders(url: str, schedule_ids: list[int]) -> dict[int, str]:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = await session.execute(
                select(ProactiveSession.reference_id, ProactiveSession.status).where(
                    ProactiveSession.reference_id.in_(schedule_ids),
                    ProactiveSession.session_type == "preparation_reminder",
                )
            )
            return {ref: str(status) for ref, status in rows.tuples()}
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    "cut",
    ["before the pass", "while sending"],
)
async def test_a_job_pass_cut_by_a_database_outage_sends_each_reminder_exactly_once(
    proxy: PgProxy, outage_database: str, cut: str
) -> None:
    schedule_ids = await _meetings_due(outage_database, people=8)
    sender = OutageSender(proxy)
    engine = make_engine(through(outage_database, proxy))
    clock = FrozenClock(NOW)
    settings = Settings(database_url=through(outage_database, proxy))
    handler = build_proactive_handler(
        settings, make_sessionmaker(engine), senders={"web": sender}, clock=clock
    )
    failed: list[str] = []  # what the interrupted pass raised, if it did not wait it out
    try:
        if cut == "before the pass":
            sender.outage = asyncio.create_task(proxy.outage(OUTAGE_SECONDS))
            await asyncio.sleep(0.05)
        try:
            await run_pass(handler, clock.now())
        except Exception as exc:  # the embedded loop and Celery log it and run again later
            failed.append(type(exc).__qualname__)
        assert sender.outage is not None
        await sender.outage
        # The loop's next passes, a minute apart, until past the 5-minute claim lease.
        for minute in range(1, 8):
            clock.set(NOW + dt.timedelta(minutes=minute))
            await run_pass(handler, clock.now())
    finally:
        await engine.dispose()

    sent = Counter(m.schedule_id for m in sender.sent)
    assert sent == dict.fromkeys(schedule_ids, 1), failed
    assert await _reminders(outage_database, schedule_ids) == dict.fromkeys(schedule_ids, "sent")
