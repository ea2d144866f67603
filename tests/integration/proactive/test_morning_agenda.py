"""The morning agenda on SQLite and PostgreSQL: sent once at the user's local time in two
zones, on the same local time across a DST change; not twice after a restart or with two
runners; skipped (with the reason recorded) in quiet hours, when opted out, over the daily
cap and on a day with nothing planned, unless the user wants it anyway."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from proactive_helpers import BERLIN, NEW_YORK, add_schedule, add_user, handler, sessions_of
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.channels.web.sender import WebSender
from companion_bot.channels.web.sse import StreamHub
from companion_bot.commands.explain import explain
from companion_bot.commands.jobs import jobs
from companion_bot.config import Settings
from companion_bot.ports import DeliveryResult, DeliveryStatus, OutboundMessage
from companion_bot.proactive.runner import run_pass
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.models import Base, Message, MorningAgenda, User
from companion_bot.testing import FakeSender, FrozenClock

SM = async_sessionmaker[AsyncSession]
DAY = dt.date(2026, 11, 26)  # a Thursday; Berlin is UTC+1, New York UTC-5
MINUTE = dt.timedelta(minutes=1)
BERLIN_8 = dt.datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN)  # 07:00 UTC
NEW_YORK_8 = dt.datetime(2026, 11, 26, 8, 0, tzinfo=NEW_YORK)  # 13:00 UTC


def at(tz: dt.tzinfo, hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)


async def agendas(sm: SM) -> list[MorningAgenda]:
    async with sm() as session:
        return list(await session.scalars(select(MorningAgenda).order_by(MorningAgenda.id)))


async def berlin_day(sm: SM, **prefs: object) -> int:
    """Ada in Berlin, agenda at 08:00, with three meetings on DAY (and one the day after)."""
    user = await add_user(sm, name="ada", preferred_greeting_time="08:00", **prefs)
    await add_schedule(sm, user, at(BERLIN, 15), name="dentist")
    await add_schedule(sm, user, at(BERLIN, 9, 30), name="standup")
    await add_schedule(sm, user, at(BERLIN, 13), name="lunch with Maria")
    await add_schedule(sm, user, at(BERLIN, 9, day=DAY + dt.timedelta(days=1)), name="retro")
    return user


async def agenda_texts(
    sm: SM, clock: FrozenClock, web: FakeSender, instants: list[dt.datetime]
) -> list[tuple[dt.datetime, str]]:
    """Run a whole pass at each instant; (instant, text) of every agenda sent (reminders of
    the day's meetings go out too, without the agenda's key)."""
    h = handler(sm, {"web": web}, clock)
    sent: list[tuple[dt.datetime, str]] = []
    for instant in instants:
        clock.set(instant)
        before = len(web.sent)
        await run_pass(h, instant)
        sent += [(instant, m.text) for m in web.sent[before:] if m.client_key is not None]
    return sent


async def test_two_zones_each_get_it_once_at_eight_local(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    ada = await berlin_day(sm)
    bob = await add_user(sm, name="bob", tz="America/New_York", preferred_greeting_time="08:00")
    await add_schedule(sm, bob, at(NEW_YORK, 18), name="gym", end=at(NEW_YORK, 19))
    start = dt.datetime(2026, 11, 26, 6, 0, tzinfo=dt.UTC)
    minutes = [start + i * 5 * MINUTE for i in range(0, 8 * 12)]  # 06:00 to 13:55 UTC

    sent = await agenda_texts(sm, clock, web, minutes)

    assert sent == [
        (BERLIN_8, "Good morning! Today: 9:30 AM standup; 1 PM lunch with Maria; 3 PM dentist."),
        (NEW_YORK_8, "Good morning! Today: 6 PM gym."),
    ]
    assert [m.user_id for m in web.sent if m.client_key is not None] == [ada, bob]
    rows = await agendas(sm)
    assert [(r.user_id, r.local_date, r.status, r.due_at, r.sent_at) for r in rows] == [
        (ada, DAY, "sent", BERLIN_8, BERLIN_8),
        (bob, DAY, "sent", NEW_YORK_8, NEW_YORK_8),
    ]
    assert rows[0].message_content == web.sent[0].text


async def test_the_loop_is_woken_for_the_agenda(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    await berlin_day(sm)
    h = handler(sm, {"web": web}, clock)

    # The meetings' reminders fall due from 09:00 on: the agenda at 08:00 comes first.
    assert await h.next_run(at(BERLIN, 6)) == BERLIN_8
    await run_pass(h, BERLIN_8)
    assert await h.next_run(BERLIN_8 + MINUTE) == at(BERLIN, 9)  # the standup's reminder
    await run_pass(h, at(BERLIN, 23))  # the day's reminders are decided (missed)
    assert await h.next_run(at(BERLIN, 23)) == at(BERLIN, 8, day=DAY + dt.timedelta(days=1))


async def test_not_twice_after_a_restart(sm: SM, db_url: str, clock: FrozenClock) -> None:
    await berlin_day(sm)
    first, second = FakeSender(), FakeSender()
    await run_pass(handler(sm, {"web": first}, clock), BERLIN_8)

    engine = make_engine(db_url)  # a new process: new engine, new handler, same database
    try:
        restarted = handler(make_sessionmaker(engine), {"web": second}, clock)
        for instant in (BERLIN_8, BERLIN_8 + 30 * MINUTE, at(BERLIN, 23, 59)):
            await run_pass(restarted, instant)
    finally:
        await engine.dispose()

    assert len(first.sent) == 1 and second.sent == []
    assert [r.status for r in await agendas(sm)] == ["sent"]


async def test_two_runners_at_once_send_it_once(db_url: str, sm: SM, clock: FrozenClock) -> None:
    await berlin_day(sm)
    engines = [make_engine(db_url) for _ in range(2)]
    senders = [FakeSender() for _ in engines]
    runners = [
        handler(make_sessionmaker(e), {"web": s}, clock)
        for e, s in zip(engines, senders, strict=True)
    ]
    try:
        for instant in (BERLIN_8, BERLIN_8 + MINUTE):
            await asyncio.gather(*(r.check_and_send_morning_agendas(instant) for r in runners))
    finally:
        for engine in engines:
            await engine.dispose()

    assert len([m for s in senders for m in s.sent]) == 1
    assert [r.status for r in await agendas(sm)] == ["sent"]


async def test_inside_quiet_hours_it_is_skipped_not_deferred(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    await berlin_day(sm, dnd_start_hour=22, dnd_end_hour=9)
    h = handler(sm, {"web": web}, clock)

    summary = await h.check_and_send_morning_agendas(BERLIN_8)
    later = [await h.check_and_send_morning_agendas(at(BERLIN, 9, m)) for m in (0, 30)]

    assert web.sent == [] and all(s.outcomes == [] for s in later)
    assert [(o.outcome, o.reason) for o in summary.outcomes] == [("skipped", "quiet_hours")]
    [row] = await agendas(sm)
    assert (row.status, row.reason, row.due_at, row.message_content) == (
        "skipped",
        "quiet_hours",
        BERLIN_8,
        None,
    )


async def test_nothing_today_is_skipped_unless_wanted_anyway(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    quiet_day = await add_user(sm, name="ada", preferred_greeting_time="08:00")
    anyway = await add_user(sm, name="eve", preferred_greeting_time="08:00", agenda_when_empty=True)
    await add_schedule(sm, quiet_day, at(BERLIN, 7), name="early run")  # over by 08:00
    h = handler(sm, {"web": web}, clock)

    await h.check_and_send_morning_agendas(BERLIN_8)

    assert [(m.user_id, m.text) for m in web.sent] == [
        (anyway, "Good morning! Nothing on your calendar today.")
    ]
    rows = {r.user_id: r for r in await agendas(sm)}
    assert (rows[quiet_day].status, rows[quiet_day].reason) == ("skipped", "nothing_today")
    assert rows[anyway].status == "sent"


async def test_opted_out_and_daily_cap(sm: SM, web: FakeSender, clock: FrozenClock) -> None:
    opted_out = await berlin_day(sm, prefer_proactive=False)
    capped = await add_user(
        sm, name="cap", preferred_greeting_time="08:00", max_proactive_per_day=1
    )
    # A task reminder at 07:30 uses up the one message of the day.
    await add_schedule(sm, capped, at(BERLIN, 7, 30), name="water plants", kind="task")
    await add_schedule(sm, capped, at(BERLIN, 11), name="review")
    h = handler(sm, {"web": web}, clock)

    await run_pass(h, at(BERLIN, 7, 30))
    await run_pass(h, BERLIN_8)

    assert [m.text for m in web.sent] == ["⏰ Reminder: water plants"]
    rows = {r.user_id: (r.status, r.reason) for r in await agendas(sm)}
    assert rows == {opted_out: ("skipped", "opted_out"), capped: ("skipped", "daily_cap")}


async def test_the_agenda_counts_toward_the_daily_cap(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    user = await berlin_day(sm, max_proactive_per_day=1)
    h = handler(sm, {"web": web}, clock)

    await run_pass(h, BERLIN_8)
    await run_pass(h, at(BERLIN, 9))  # the standup's reminder is due

    assert [m.text for m in web.sent] == [
        "Good morning! Today: 9:30 AM standup; 1 PM lunch with Maria; 3 PM dentist."
    ]
    reminders = [s for s in await sessions_of(sm) if s.user_id == user]
    assert [(s.status, s.reason) for s in reminders] == [("skipped", "daily_cap")]


async def test_same_local_time_across_dst_changes(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    """Berlin springs forward on 29 March 2026 and falls back on 25 October 2026: 08:00 is
    07:00 UTC the day before the first, 06:00 UTC on it, 07:00 UTC again on the second."""
    await add_user(sm, name="ada", preferred_greeting_time="08:00", agenda_when_empty=True)
    days = [
        dt.date(2026, 3, 28),
        dt.date(2026, 3, 29),
        dt.date(2026, 10, 24),
        dt.date(2026, 10, 25),
    ]
    hours = [
        dt.datetime.combine(d, dt.time(0), tzinfo=dt.UTC) + dt.timedelta(minutes=m)
        for d in days
        for m in range(5 * 60, 9 * 60, 15)  # 05:00 to 08:45 UTC, every quarter hour
    ]

    sent = await agenda_texts(sm, clock, web, hours)

    assert [instant.isoformat() for instant, _ in sent] == [
        "2026-03-28T07:00:00+00:00",
        "2026-03-29T06:00:00+00:00",
        "2026-10-24T06:00:00+00:00",
        "2026-10-25T07:00:00+00:00",
    ]
    assert {instant.astimezone(BERLIN).time() for instant, _ in sent} == {dt.time(8)}


async def test_a_failed_send_is_retried_and_then_sent_once(sm: SM, clock: FrozenClock) -> None:
    await berlin_day(sm)
    web = FakeSender(results=[DeliveryResult(DeliveryStatus.RETRY_LATER, error="busy")])
    h = handler(sm, {"web": web}, clock)

    first = await h.check_and_send_morning_agendas(BERLIN_8)
    early = await h.check_and_send_morning_agendas(BERLIN_8 + dt.timedelta(seconds=29))
    retried = await h.check_and_send_morning_agendas(BERLIN_8 + dt.timedelta(seconds=30))

    assert [o.outcome for o in first.outcomes] == ["retry"]
    assert early.outcomes == []
    assert [o.outcome for o in retried.outcomes] == ["sent"]
    assert len(web.sent) == 2  # the refused attempt, then the one that went out
    [row] = await agendas(sm)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)


async def test_goes_to_telegram_when_the_user_last_wrote_there(
    sm: SM, web: FakeSender, clock: FrozenClock
) -> None:
    ada = await berlin_day(sm)
    async with sm() as session:
        found = await session.get(User, ada)
        assert found is not None
        found.telegram_id, found.telegram_chat_id = 4242, 4242
        session.add_all(
            [
                Message(user_id=ada, channel="web", role="user", content="hi"),
                Message(user_id=ada, channel="telegram", role="user", content="hello"),
            ]
        )
        await session.commit()
    telegram = FakeSender(channel="telegram")
    h = handler(sm, {"web": web, "telegram": telegram}, clock)

    await h.check_and_send_morning_agendas(BERLIN_8)

    assert web.sent == [] and len(telegram.sent) == 1
    assert [r.channel for r in await agendas(sm)] == ["telegram"]


class Crash(BaseException):
    """The process dies (nothing in the job catches it)."""


class StoreThenDie:
    """The web sender of a process that dies right after storing the message."""

    channel = "web"

    def __init__(self, web: WebSender) -> None:
        self._web = web

    async def send(self, message: OutboundMessage) -> DeliveryResult:
        await self._web.send(message)
        raise Crash


async def test_a_web_agenda_sent_again_after_a_lost_lease_shows_once(
    sm: SM, clock: FrozenClock
) -> None:
    """A worker stored the agenda on the web and died before recording it: after the lease
    the next pass sends it again, and the page still shows it once."""
    user = await berlin_day(sm)
    web = WebSender(sm, StreamHub())
    with pytest.raises(Crash):
        await handler(sm, {"web": StoreThenDie(web)}, clock).check_and_send_morning_agendas(
            BERLIN_8
        )
    h = handler(sm, {"web": web}, clock)

    within_lease = await h.check_and_send_morning_agendas(BERLIN_8 + 4 * MINUTE)
    after_lease = await h.check_and_send_morning_agendas(BERLIN_8 + 6 * MINUTE)

    assert within_lease.outcomes == []
    assert [o.outcome for o in after_lease.outcomes] == ["sent"]
    async with sm() as session:
        stored = list(
            await session.scalars(
                select(Message.content).where(Message.user_id == user, Message.role == "bot")
            )
        )
    assert stored == ["Good morning! Today: 9:30 AM standup; 1 PM lunch with Maria; 3 PM dentist."]
    [row] = await agendas(sm)
    assert (row.status, row.attempts) == ("sent", 2)


class SendThenDie(FakeSender):
    """A Telegram sender whose process dies right after Telegram took the message."""

    async def send(self, message: OutboundMessage) -> DeliveryResult:
        await super().send(message)
        raise Crash


async def test_telegram_after_lost_leases_at_most_twice(sm: SM, clock: FrozenClock) -> None:
    ada = await berlin_day(sm)
    async with sm() as session:
        found = await session.get(User, ada)
        assert found is not None
        found.telegram_id, found.telegram_chat_id, found.username = 7, 7, None
        await session.commit()
    telegram = SendThenDie(channel="telegram")
    h = handler(sm, {"telegram": telegram}, clock)

    for minutes in (0, 6):  # the first send, and once more after the lease ran out
        with pytest.raises(Crash):
            await h.check_and_send_morning_agendas(BERLIN_8 + minutes * MINUTE)
    closed = await h.check_and_send_morning_agendas(BERLIN_8 + 12 * MINUTE)

    assert len(telegram.sent) == 2 and closed.outcomes == []
    [row] = await agendas(sm)
    assert (row.channel, row.status, row.reason, row.lease_lost) == (
        "telegram",
        "sent",
        "unknown_outcome",
        True,
    )


WORKER = Path(__file__).with_name("proactive_worker.py")


def spawn_agenda_worker(url: str, out: Path) -> subprocess.Popen[bytes]:
    """A job process that runs one morning agenda pass as of BERLIN_8."""
    return subprocess.Popen(
        [sys.executable, str(WORKER), url, BERLIN_8.isoformat(), str(out), "agenda"],
        cwd=WORKER.parent,
        env={**os.environ, "PYTHONPATH": str(WORKER.parent)},
    )


@pytest.mark.postgres
async def test_three_worker_processes_send_each_agenda_once(
    migrated_postgres: str, tmp_path: Path
) -> None:
    engine = make_engine(migrated_postgres)
    sm = make_sessionmaker(engine)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    async with sm() as session:
        await session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        await session.commit()
    out = tmp_path / "sent.txt"
    try:
        for i in range(300):
            await add_user(
                sm, name=f"u{i}", preferred_greeting_time="08:00", agenda_when_empty=True
            )
        workers = [spawn_agenda_worker(migrated_postgres, out) for _ in range(3)]
        codes = [await asyncio.to_thread(w.wait, 120) for w in workers]
        rows = await agendas(sm)
    finally:
        await engine.dispose()

    sent = Counter(out.read_text().split()[1::2])
    assert codes == [0, 0, 0]
    assert len(sent) == 300 and set(sent.values()) == {1}
    assert len(rows) == 300 and {r.status for r in rows} == {"sent"}


async def test_explain_says_what_each_morning_brought(db_url: str, sm: SM) -> None:
    """Thursday had nothing planned (skipped, and why), Friday's agenda was sent; the next
    one is due on Saturday."""
    ada = await add_user(sm, name="ada", preferred_greeting_time="08:00")
    friday = DAY + dt.timedelta(days=1)
    await add_schedule(sm, ada, at(BERLIN, 12, 30, day=friday), name="lunch with Sam")
    h = handler(sm, {"web": FakeSender()}, FrozenClock(BERLIN_8))
    await h.check_and_send_morning_agendas(BERLIN_8)
    await h.check_and_send_morning_agendas(at(BERLIN, 8, day=friday))

    result = await asyncio.to_thread(
        CliRunner().invoke,
        explain,
        ["ada", "--now", "2026-11-27T12:00:00+01:00"],
        obj=Settings(database_url=db_url),
    )
    as_json = await asyncio.to_thread(
        CliRunner().invoke,
        explain,
        ["ada", "--now", "2026-11-27T12:00:00+01:00", "--format", "json"],
        obj=Settings(database_url=db_url),
    )

    assert result.exit_code == 0, result.output
    agenda = result.output.split("\n\n")[-1].splitlines()
    assert agenda == [
        "morning agenda · 8 AM local · on days with plans",
        '  Thu 26 Nov: skipped: nothing planned that day ("send me a morning summary even when '
        "there's nothing\" sends it anyway)",
        "  Fri 27 Nov: sent Fri 27 Nov 08:00 on web",
        "    “Good morning! Today: 12:30 PM lunch with Sam.”",
        "  next: due Sat 28 Nov 08:00",
    ]
    days = json.loads(as_json.output)["morning_agenda"]["days"]
    assert [(d["state"], d["reason"]) for d in days] == [
        ("skipped", "nothing_today"),
        ("sent", None),
        ("expected", None),
    ]


async def test_run_once_prints_the_agenda(db_url: str, sm: SM) -> None:
    ada = await berlin_day(sm)
    bob = await add_user(sm, name="bob", preferred_greeting_time="08:00")

    result = await asyncio.to_thread(
        CliRunner().invoke,
        jobs,
        ["run-once", "--now", "2026-11-26T08:00:00+01:00"],
        obj=Settings(database_url=db_url),
    )

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "morning_agenda: 1 sent, 1 skipped" in lines
    assert (
        f"  sent     morning_agenda       agenda=1 user={ada} channel=web event='2026-11-26' "
        "at=2026-11-26T07:00:00+00:00" in lines
    )
    assert (
        f"  skipped  morning_agenda       agenda=2 user={bob} channel=web event='2026-11-26' "
        "reason=nothing_today at=2026-11-26T07:00:00+00:00" in lines
    )
