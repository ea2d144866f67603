"""Delivery outcomes on both databases: retry with backoff, permanent failure, unknown
outcome, a crash between claim and send, and the web channel never doubling a message."""

from __future__ import annotations

import datetime as dt

from proactive_helpers import BERLIN, add_schedule, add_user, handler, sessions_of
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.channels.web.sender import WebSender
from companion_bot.channels.web.sse import StreamHub
from companion_bot.ports import DeliveryResult, DeliveryStatus, OutboundMessage
from companion_bot.proactive.engine import ProactiveOptions
from companion_bot.storage import db, proactive_sessions
from companion_bot.storage.models import Message
from companion_bot.testing import FakeSender, FrozenClock

SM = async_sessionmaker[AsyncSession]
START = dt.datetime(2026, 11, 26, 14, 30, tzinfo=BERLIN)
DUE = START - dt.timedelta(minutes=30)
RETRY = DeliveryResult(DeliveryStatus.RETRY_LATER, error="503 from channel")


async def test_temporary_failure_retried_with_backoff(sm: SM, clock: FrozenClock) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, START)
    web = FakeSender(results=[RETRY, RETRY])
    h = handler(sm, {"web": web}, clock)

    first = await h.check_and_send_preparation_reminders(DUE)
    [row] = await sessions_of(sm, sid)
    too_soon = await h.check_and_send_preparation_reminders(DUE + dt.timedelta(seconds=29))
    second = await h.check_and_send_preparation_reminders(DUE + dt.timedelta(seconds=30))
    [row2] = await sessions_of(sm, sid)
    third = await h.check_and_send_preparation_reminders(DUE + dt.timedelta(seconds=90))

    assert [o.outcome for o in first.outcomes] == ["retry"]
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "503 from channel")
    assert row.next_attempt_at == DUE + dt.timedelta(seconds=30)
    assert too_soon.outcomes == []
    assert [o.outcome for o in second.outcomes] == ["retry"]
    assert row2.next_attempt_at == DUE + dt.timedelta(seconds=30 + 60)
    assert [o.outcome for o in third.outcomes] == ["sent"]
    assert len(web.sent) == 3
    [final] = await sessions_of(sm, sid)
    assert (final.status, final.attempts) == ("sent", 3)


async def test_retries_stop_at_the_limit(sm: SM, clock: FrozenClock) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, START + dt.timedelta(hours=2))
    web = FakeSender(results=[RETRY] * 10)
    h = handler(sm, {"web": web}, clock, options=ProactiveOptions(max_attempts=3))
    now = DUE + dt.timedelta(hours=2)

    for _ in range(6):
        await h.check_and_send_preparation_reminders(now)
        now += dt.timedelta(minutes=10)

    [row] = await sessions_of(sm, sid)
    assert len(web.sent) == 3
    assert (row.status, row.reason, row.attempts) == ("failed", "retries_exhausted", 3)


async def test_permanent_failure_is_not_retried(sm: SM, clock: FrozenClock) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, START)
    blocked = DeliveryResult(DeliveryStatus.PERMANENT_FAILURE, error="bot blocked by user")
    web = FakeSender(results=[blocked])
    h = handler(sm, {"web": web}, clock)

    summary = await h.check_and_send_preparation_reminders(DUE)
    later = await h.check_and_send_preparation_reminders(DUE + dt.timedelta(minutes=10))

    [row] = await sessions_of(sm, sid)
    assert [o.outcome for o in summary.outcomes] == ["failed"] and later.outcomes == []
    assert (row.status, row.last_error) == ("failed", "bot blocked by user")
    assert len(web.sent) == 1


async def test_unknown_outcome_is_not_resent(sm: SM, clock: FrozenClock) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, START)
    timeout = DeliveryResult(DeliveryStatus.UNKNOWN, error="read timeout")
    web = FakeSender(results=[timeout])
    h = handler(sm, {"web": web}, clock)

    summary = await h.check_and_send_preparation_reminders(DUE)
    await h.check_and_send_preparation_reminders(DUE + dt.timedelta(minutes=10))

    [row] = await sessions_of(sm, sid)
    assert [o.outcome for o in summary.outcomes] == ["unknown"]
    assert (row.status, row.reason) == ("sent", "unknown_outcome")
    assert len(web.sent) == 1


async def test_retry_that_would_arrive_too_late_is_skipped(sm: SM, clock: FrozenClock) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, START)
    web = FakeSender(results=[RETRY])
    h = handler(sm, {"web": web}, clock)

    await h.check_and_send_preparation_reminders(START - dt.timedelta(minutes=6))
    late = await h.check_and_send_preparation_reminders(START - dt.timedelta(minutes=4))

    [row] = await sessions_of(sm, sid)
    assert [(o.outcome, o.reason) for o in late.outcomes] == [("skipped", "missed")]
    assert (row.status, row.reason) == ("skipped", "missed") and len(web.sent) == 1


async def test_crash_between_claim_and_send_is_retried_after_the_lease(
    sm: SM, clock: FrozenClock
) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, START)
    web = FakeSender()
    h = handler(sm, {"web": web}, clock)
    # A worker without senders plans (records the pending row) but never claims; then a
    # worker claims and dies before sending.
    await handler(sm, {}, clock).check_and_send_preparation_reminders(DUE)
    async with sm() as session:
        await db.begin_write(session)
        leased = await proactive_sessions.claim(
            session,
            kind="preparation_reminder",
            channels=["web"],
            now=DUE,
            lease=dt.timedelta(minutes=5),
            limit=10,
        )
        await session.commit()

    during = await h.check_and_send_preparation_reminders(DUE + dt.timedelta(minutes=4))
    after = await h.check_and_send_preparation_reminders(DUE + dt.timedelta(minutes=5, seconds=1))

    assert [c.schedule_id for c in leased] == [sid]
    assert during.outcomes == []
    assert [o.outcome for o in after.outcomes] == ["sent"] and len(web.sent) == 1
    [row] = await sessions_of(sm, sid)
    assert (row.status, row.attempts) == ("sent", 2)


async def test_web_send_repeated_after_crash_is_stored_once(sm: SM, clock: FrozenClock) -> None:
    user = await add_user(sm)
    sid = await add_schedule(sm, user, START)
    web = WebSender(sm, StreamHub())
    h = handler(sm, {"web": web}, clock)
    await handler(sm, {}, clock).check_and_send_preparation_reminders(DUE)
    # A worker claims, delivers on the web, and dies before recording the outcome.
    async with sm() as session:
        await db.begin_write(session)
        [leased] = await proactive_sessions.claim(
            session,
            kind="preparation_reminder",
            channels=["web"],
            now=DUE,
            lease=dt.timedelta(minutes=5),
            limit=10,
        )
        await session.commit()
    first = await web.send(
        OutboundMessage(user_id=user, text="Heads up", proactive_session_id=leased.session_id)
    )  # delivered, never settled

    summary = await h.check_and_send_preparation_reminders(DUE + dt.timedelta(minutes=6))

    async with sm() as session:
        stored = await session.scalar(
            select(func.count()).select_from(Message).where(Message.user_id == user)
        )
    [row] = await sessions_of(sm, sid)
    assert first.delivered and [o.outcome for o in summary.outcomes] == ["sent"]
    assert stored == 1 and row.status == "sent"
