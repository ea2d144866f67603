"""Proactive job benchmark: claim phase, web delivery, exactly-once vs a naive peer, lateness.

On a fresh PostgreSQL database (and a SQLite file) it loads N schedules of which D are due
now, then measures

* the claim phase: find + decide + record (``plan``), then leasing the rows (``claim``,
  in batches; p50/p99 per claim call), and ``EXPLAIN`` of the due query;
* delivery through the real web channel (``WebSender``: one stored message per session);
* exactly-once: two concurrent workers with our claims vs a naive peer (select due rows,
  send, then mark them sent; no locking) over the same due rows, counting duplicates;
* reminder lateness (sent - due) over a simulated hour: a pass every 60 s only (as before)
  and the loop that also runs when the database says a reminder falls due.

    .venv/bin/python bench/jobs.py --schedules 1000000 --due 10000

Targets: claim phase < 1 s for 10,000 due among 1,000,000; delivery >= 1,000/s; lateness
p99 <= 2 s with reminders due at every second of the clock.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.channels.web.sender import WebSender
from companion_bot.channels.web.sse import StreamHub
from companion_bot.config import Settings
from companion_bot.ops.flag_store import FlagStore
from companion_bot.ports import DeliveryResult, DeliveryStatus, OutboundMessage
from companion_bot.proactive.engine import (
    ProactiveMeetingHandler,
    ProactiveOptions,
)
from companion_bot.proactive.loop import MIN_GAP
from companion_bot.proactive.summary import RunSummary
from companion_bot.storage import migrate, proactive_plans
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.models import UserSchedule
from companion_bot.storage.types import UTCDateTime
from companion_bot.testing import FakeSender, FrozenClock

SERVER_URL = os.environ.get(
    "COMPANION_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
KIND = "preparation_reminder"
SM = async_sessionmaker[AsyncSession]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


async def _admin(statement: str) -> None:
    engine = make_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def load(sm: SM, *, backend: str, schedules: int, due: int, users: int) -> None:
    """``users`` users in UTC (no cap), ``due`` meetings 20-29 min from NOW, the rest later."""
    async with sm() as session:
        if backend == "postgresql":
            await session.execute(
                text(
                    "INSERT INTO users (username, timezone) "
                    "SELECT 'u' || g, 'UTC' FROM generate_series(1, :n) g"
                ),
                {"n": users},
            )
            await session.execute(
                text(
                    "INSERT INTO user_schedules (user_id, event_name, start_time, channel) "
                    "SELECT 1 + g % :users, 'meeting ' || g, "
                    " CASE WHEN g <= :due"
                    " THEN CAST(:now AS timestamptz) + make_interval(secs => 1200 + g % 540)"
                    " ELSE CAST(:now AS timestamptz) + make_interval(mins => 120 + g % 43200)"
                    " END, 'web' "
                    "FROM generate_series(1, :n) g"
                ),
                {"users": users, "due": due, "now": NOW, "n": schedules},
            )
        else:
            base = NOW.replace(tzinfo=None).isoformat(sep=" ")
            await session.execute(
                text(
                    "WITH RECURSIVE seq(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM seq "
                    "LIMIT :n) INSERT INTO users (username, timezone) "
                    "SELECT 'u' || g, 'UTC' FROM seq"
                ),
                {"n": users},
            )
            await session.execute(
                text(
                    "WITH RECURSIVE seq(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM seq "
                    "LIMIT :n) INSERT INTO user_schedules (user_id, event_name, start_time, "
                    "channel) SELECT 1 + g % :users, 'meeting ' || g, "
                    " CASE WHEN g <= :due "
                    " THEN strftime('%Y-%m-%d %H:%M:%S', :base, '+' || (1200 + g % 540) "
                    "  || ' seconds') || '.000000' "
                    " ELSE strftime('%Y-%m-%d %H:%M:%S', :base, '+' || (120 + g % 43200) "
                    "  || ' minutes') || '.000000' END, 'web' FROM seq"
                ),
                {"users": users, "due": due, "base": base, "n": schedules},
            )
        await session.execute(text("UPDATE greeting_preferences SET max_proactive_per_day = 100"))
        await session.commit()
        await session.execute(text("ANALYZE"))
        await session.commit()


async def explain(sm: SM, backend: str) -> list[str]:
    """The plan of the due query as the handler runs it."""
    async with sm() as session:
        horizon = dt.timedelta(minutes=30)
        query = proactive_plans.reminder_candidates_query(now=NOW, horizon=horizon, limit=50_000)
        compiled = query.compile(session.bind, compile_kwargs={"literal_binds": True})
        prefix = "EXPLAIN " if backend == "postgresql" else "EXPLAIN QUERY PLAN "
        rows = await session.execute(text(prefix + str(compiled)))
        return [" | ".join(str(c) for c in row) for row in rows]


def handler(
    sm: SM, senders: dict[str, object], *, flags: bool = False, **options: object
) -> ProactiveMeetingHandler:
    """The handler as ``serve`` builds it (``flags``: with the feature-flag store)."""
    clock = FrozenClock(NOW)
    return ProactiveMeetingHandler(
        sm,
        None,
        senders=senders,  # type: ignore[arg-type]
        settings=Settings(),
        clock=clock,
        flags=FlagStore(sm, clock) if flags else None,
        options=ProactiveOptions(**options),  # type: ignore[arg-type]
    )


async def claim_phase(h: ProactiveMeetingHandler) -> tuple[float, list[float], list[Any]]:
    """Plan (find + decide + record) and lease every due row: (plan s, claim call s, batches)."""
    started = time.perf_counter()
    await h._plan((KIND,), NOW, RunSummary(kind=KIND, now=NOW))  # noqa: SLF001 (phases apart)
    planned = time.perf_counter() - started
    claim_times: list[float] = []
    batches = []
    while True:
        t0 = time.perf_counter()
        batch = await h._claim(KIND, NOW)  # noqa: SLF001
        claim_times.append(time.perf_counter() - t0)
        if not batch:
            return planned, claim_times, batches
        batches.append(batch)


async def forget_sessions(sm: SM, backend: str) -> None:
    """Back to nothing planned (and no dead rows left behind)."""
    async with sm() as session:
        await session.execute(text("DELETE FROM proactive_sessions"))
        await session.commit()
    if backend == "postgresql":
        async with sm.kw["bind"].connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE proactive_sessions"))


async def claim_phase_and_delivery(sm: SM, backend: str, repeats: int) -> None:
    """The claim phase ``repeats`` times (a fresh ``proactive_sessions`` each time: the box
    may be shared), then web delivery of the last run's batches."""
    web = WebSender(sm, StreamHub())
    h = handler(sm, {"web": web}, flags=True)  # the default options, flags read per user
    batch_size = ProactiveOptions().batch_size
    totals = []
    for run in range(1, repeats + 1):
        if run > 1:
            await forget_sessions(sm, backend)
        planned, claim_times, batches = await claim_phase(h)
        claimed = sum(len(b) for b in batches)
        claim_total = sum(claim_times)
        totals.append(planned + claim_total)
        print(
            f"  claim phase #{run}: plan {planned * 1000:.0f} ms + claim "
            f"{claim_total * 1000:.0f} ms = {(planned + claim_total) * 1000:.0f} ms for "
            f"{claimed} due rows (claim call p50 {statistics.median(claim_times) * 1000:.1f} ms, "
            f"p99 {pct(claim_times, 0.99) * 1000:.1f} ms over {len(claim_times)} calls of "
            f"{batch_size})"
        )
    print(
        f"  claim phase over {repeats} runs: best {min(totals) * 1000:.0f} ms, "
        f"median {statistics.median(totals) * 1000:.0f} ms, worst {max(totals) * 1000:.0f} ms"
    )
    summary = RunSummary(kind=KIND, now=NOW)
    t0 = time.perf_counter()
    for batch in batches:
        await h._deliver_batch(batch, NOW, summary)  # noqa: SLF001
    delivery = time.perf_counter() - t0
    sent = len(summary.sent)
    print(
        f"  web delivery: {sent} sent in {delivery:.2f} s = {sent / delivery:.0f} reminders/s "
        "(stored message + settle)"
    )


class SlowRecorder(FakeSender):
    """A stand-in channel with 1 ms of network per send, counting every delivery."""

    async def send(self, message: OutboundMessage) -> DeliveryResult:
        await asyncio.sleep(0.001)
        self.sent.append(message)
        return DeliveryResult(DeliveryStatus.DELIVERED)


async def naive_worker(sm: SM, out: list[int], batch: int) -> None:
    """The peer approach: read due rows, send, then mark them sent; no claim, no lock."""
    while True:
        async with sm() as session:
            rows = await session.execute(
                text(
                    "SELECT id FROM user_schedules WHERE status = 'scheduled' "
                    "AND NOT preparation_reminder_sent AND start_time <= :h "
                    "ORDER BY start_time LIMIT :n"
                ).bindparams(bindparam("h", type_=UTCDateTime())),
                {"h": NOW + dt.timedelta(minutes=30), "n": batch},
            )
            ids = [r[0] for r in rows]
        if not ids:
            return
        for schedule_id in ids:
            await asyncio.sleep(0.001)
            out.append(schedule_id)
        async with sm() as session:
            await session.execute(
                text(
                    "UPDATE user_schedules SET preparation_reminder_sent = true "
                    f"WHERE id IN ({', '.join(str(i) for i in ids)})"
                )
            )
            await session.commit()


async def exactly_once(url: str, backend: str, due: int) -> None:
    """Two concurrent workers over ``due`` rows: ours vs the naive peer."""
    engines = [make_engine(url) for _ in range(2)]
    sms = [make_sessionmaker(e) for e in engines]
    try:
        senders = [SlowRecorder() for _ in sms]
        runners = [
            handler(s, {"web": r}, batch_size=100) for s, r in zip(sms, senders, strict=True)
        ]
        t0 = time.perf_counter()
        await asyncio.gather(*(r.check_and_send_preparation_reminders(NOW) for r in runners))
        ours = time.perf_counter() - t0
        counts = Counter(m.schedule_id for s in senders for m in s.sent)
        print(
            f"  ours, 2 workers: {sum(counts.values())} sends for {len(counts)} reminders, "
            f"{sum(n - 1 for n in counts.values())} duplicates ({ours:.2f} s; split "
            f"{len(senders[0].sent)}/{len(senders[1].sent)})"
        )
        async with sms[0]() as session:  # reset for the peer
            await session.execute(text("DELETE FROM proactive_sessions"))
            await session.execute(
                text("UPDATE user_schedules SET preparation_reminder_sent = false")
            )
            await session.commit()
        outs: list[list[int]] = [[], []]
        t0 = time.perf_counter()
        await asyncio.gather(*(naive_worker(s, o, 100) for s, o in zip(sms, outs, strict=True)))
        naive = time.perf_counter() - t0
        peer = Counter(i for o in outs for i in o)
        print(
            f"  naive select-then-update, 2 workers: {sum(peer.values())} sends for "
            f"{len(peer)} reminders, {sum(n - 1 for n in peer.values())} duplicates ({naive:.2f} s)"
        )
    finally:
        for engine in engines:
            await engine.dispose()


async def lateness(url: str, *, round_times: bool, period: float = 60.0) -> None:
    """One simulated hour of 3,600 reminders, a pass every ``period`` s on the clock's grid
    (as the embedded loop runs), each pass seeing the clock advanced by its own run time.
    Due times: one every second (the worst case for a periodic job), or, with
    ``round_times``, meetings on the quarter hour (how people book them)."""
    engine = make_engine(url)
    sm = make_sessionmaker(engine)
    try:
        async with sm() as session:
            for i in range(100):
                await session.execute(
                    text("INSERT INTO users (username, timezone) VALUES (:u, 'UTC')"),
                    {"u": f"late{i}"},
                )
            await session.execute(
                text("UPDATE greeting_preferences SET max_proactive_per_day = 100")
            )
            rows = [
                {
                    "user_id": 1 + i % 100,
                    "event_name": f"lateness {i}",
                    "start_time": NOW
                    + (
                        dt.timedelta(minutes=30 + 15 * (i % 4))
                        if round_times
                        else dt.timedelta(minutes=30, seconds=i)
                    ),
                    "channel": "web",
                }
                for i in range(3600)
            ]
            await session.execute(UserSchedule.__table__.insert(), rows)
            await session.commit()
        web = FakeSender()
        h = handler(sm, {"web": web})
        for follows_work, label in ((False, "every period only (before)"), (True, "loop")):
            late = await _simulated_hour(h, period=period, follows_work=follows_work)
            spread = "on the quarter hours" if round_times else "one due every second"
            print(
                f"  lateness over a simulated hour ({len(late)} reminders {spread}, period "
                f"{period:.0f} s, {label}): "
                f"p50 {statistics.median(late):.1f} s, p99 {pct(late, 0.99):.1f} s, "
                f"max {max(late):.1f} s"
            )
            async with sm() as session:  # the same hour again, nothing sent yet
                await session.execute(text("DELETE FROM proactive_sessions"))
                await session.execute(
                    text("UPDATE user_schedules SET preparation_reminder_sent = false")
                )
                await session.commit()
    finally:
        await engine.dispose()


async def _simulated_hour(
    h: ProactiveMeetingHandler, *, period: float, follows_work: bool
) -> list[float]:
    """Sent - due of each reminder over one simulated hour. The clock jumps to each run as
    the embedded loop would start it: on the ``period`` grid, and with ``follows_work`` also
    when the database says a reminder falls due sooner (never under ``MIN_GAP`` apart); each
    run sees the clock advanced by its own run time."""
    late: list[float] = []
    tick = 0.0
    grid = 0.0
    while tick <= 3600 + period:
        t0 = time.perf_counter()
        now = NOW + dt.timedelta(seconds=tick)
        summary = await h.check_and_send_preparation_reminders(now)
        elapsed = time.perf_counter() - t0
        for outcome in summary.sent:
            assert outcome.at is not None
            late.append((now - outcome.at).total_seconds() + elapsed)
        if tick >= grid:
            grid += period
        following = tick + elapsed + MIN_GAP
        if follows_work:
            at = await h.next_run(now + dt.timedelta(seconds=elapsed))
            if at is not None:
                following = max(following, (at - NOW).total_seconds())
                tick = min(grid, following)
                continue
        tick = grid
    return late


@asynccontextmanager
async def fresh_database(backend: str) -> AsyncIterator[str]:
    """A new, migrated database (PostgreSQL: on the server; SQLite: a temporary file)."""
    if backend == "postgresql":
        name = f"bench_jobs_{uuid.uuid4().hex[:8]}"
        await _admin(f'CREATE DATABASE "{name}"')
        url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
        try:
            await migrate.upgrade_async(url)
            yield url
        finally:
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        await migrate.upgrade_async(url)
        yield url


async def run_backend(backend: str, args: argparse.Namespace) -> None:
    print(f"{backend}: {args.schedules:,} schedules, {args.due:,} due now, {args.users:,} users")
    async with fresh_database(backend) as url:
        engine = make_engine(url)
        sm = make_sessionmaker(engine)
        try:
            t0 = time.perf_counter()
            await load(
                sm, backend=backend, schedules=args.schedules, due=args.due, users=args.users
            )
            print(f"  loaded in {time.perf_counter() - t0:.1f} s")
            print("  EXPLAIN due query:")
            for line in await explain(sm, backend):
                print(f"    {line}")
            await claim_phase_and_delivery(sm, backend, args.repeats)
        finally:
            await engine.dispose()
    # Fresh databases for the rest (deleting 1M rows costs more than the benchmark).
    async with fresh_database(backend) as url:
        engine = make_engine(url)
        try:
            sm = make_sessionmaker(engine)
            await load(sm, backend=backend, schedules=args.due, due=args.due, users=args.users)
        finally:
            await engine.dispose()
        await exactly_once(url, backend, args.due)
    for round_times in (False, True):
        async with fresh_database(backend) as url:
            await lateness(url, round_times=round_times)


async def bench(args: argparse.Namespace) -> None:
    print(f"{os.cpu_count()} CPUs, python {sys.version.split()[0]}")
    if args.backend in {"both", "postgresql"}:
        await run_backend("postgresql", args)
    if args.backend in {"both", "sqlite"}:
        small = argparse.Namespace(**{**vars(args), "schedules": args.sqlite_schedules})
        await run_backend("sqlite", small)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schedules", type=int, default=1_000_000)
    parser.add_argument("--sqlite-schedules", type=int, default=200_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--backend", choices=["both", "postgresql", "sqlite"], default="both")
    parser.add_argument("--repeats", type=int, default=3, help="claim phase runs (best/median)")
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
