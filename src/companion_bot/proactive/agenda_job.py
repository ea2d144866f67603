"""The morning agenda job: each subscriber's agenda of the day, decided once and sent once.

A pass plans (for every user whose agenda time has come: a ``morning_agendas`` row, ``pending``
with its text or ``skipped`` with the reason, in the planners' serialised transaction, so the
daily cap is counted exactly), claims due rows under a lease, sends them outside any
transaction on the user's main channel, and settles the outcomes. Decisions and words come
from the pure :mod:`companion_bot.proactive.agenda_rules`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.ops import metrics
from companion_bot.ports import DeliveryResult, DeliveryStatus, OutboundMessage, Sender
from companion_bot.proactive import LOGGER_NAME
from companion_bot.proactive.agenda_rules import (
    AGENDA,
    agenda_decision,
    compose,
    due_at,
    next_due,
    open_day,
    stale,
    todays_items,
)
from companion_bot.proactive.decisions import Decision, Reason, Verdict, retry_delay
from companion_bot.proactive.delivery import send_all
from companion_bot.proactive.kinds import SessionStatus
from companion_bot.proactive.settling import settle_through_outage
from companion_bot.proactive.summary import Outcome, RunSummary
from companion_bot.storage import db, morning_agendas, proactive_plans
from companion_bot.storage import morning_agenda_claims as claims
from companion_bot.storage.morning_agenda_claims import AgendaSettlement, ClaimedAgenda
from companion_bot.storage.morning_agendas import Subscriber

log = logging.getLogger(LOGGER_NAME)

#: ``flag(name, user_id)``: whether a feature flag is on (for that user).
FlagCheck = Callable[[str, int | None], Awaitable[bool]]
MIDNIGHT = dt.time(0)
OUTCOMES = {
    SessionStatus.PENDING: "retry",
    SessionStatus.SENT: "sent",
    SessionStatus.FAILED: "failed",
    SessionStatus.SKIPPED: "skipped",
}


@dataclass(frozen=True, slots=True)
class Planned:
    """One user's agenda of one local day, as decided."""

    user_id: int
    local_date: dt.date
    due: dt.datetime
    channel: str
    decision: Decision
    content: str | None  # the text, when it is to be sent

    @property
    def send(self) -> bool:
        return self.decision.verdict is Verdict.SEND

    @property
    def reason(self) -> str | None:
        return None if self.decision.reason is None else str(self.decision.reason)

    def row(self, now: dt.datetime) -> dict[str, object]:
        """Its ``morning_agendas`` row: ``pending`` (due now) or ``skipped`` with the reason."""
        return {
            "user_id": self.user_id,
            "local_date": self.local_date,
            "due_at": self.due,
            "channel": self.channel,
            "status": SessionStatus.PENDING if self.send else SessionStatus.SKIPPED,
            "reason": self.reason,
            "message_content": self.content,
            "attempts": 0,
            "next_attempt_at": now if self.send else None,
        }


def waiting_days(found: list[Subscriber], now: dt.datetime) -> list[tuple[Subscriber, dt.date]]:
    """The subscribers whose agenda is to be decided now, with its local day."""
    waiting = []
    for s in found:
        day = open_day(now, s.tz, s.at, done_through=s.done_through)
        if day is not None:
            waiting.append((s, day))
    return waiting


def client_key(agenda_id: int) -> str:
    """The key the web's stored copy carries: a repeated send finds the first one."""
    return f"agenda:{agenda_id}"


class MorningAgendas:
    """Plans, claims, sends and settles morning agendas; one instance per proactive handler."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        senders: Mapping[str, Sender],
        max_per_day: int,
        flag: FlagCheck,
        lease: dt.timedelta,
        max_attempts: int,
        batch_size: int,
        concurrency: int,
    ) -> None:
        self._db = sessions
        self._senders = dict(senders)
        self._max_per_day = max_per_day
        self._flag = flag
        self._lease = lease
        self._max_attempts = max_attempts
        self._batch_size = batch_size
        self._concurrency = concurrency

    async def next_run(self, now: dt.datetime) -> dt.datetime | None:
        """When a pass next has an agenda to decide or send; ``None``: nobody has one on."""
        async with self._db() as session:
            found = await morning_agendas.subscribers(session, max_per_day=self._max_per_day)
            pending = await morning_agendas.next_pending(session, channels=self._senders)
        wakes = [next_due(now, s.tz, s.at, done_through=s.done_through) for s in found]
        return min([*wakes, *([pending] if pending is not None else [])], default=None)

    async def run(self, now: dt.datetime) -> RunSummary:
        """Decide the agendas whose time has come, then send the due ones."""
        summary = RunSummary(kind=AGENDA, now=now)
        if not await self._flag("proactive_jobs", None):
            summary.disabled = True
            return summary
        await self._plan(now, summary)
        while True:
            batch = await self._claim(now)
            if batch:
                await self._deliver(batch, now, summary)
            if len(batch) < self._batch_size:
                return summary

    # -- planning -----------------------------------------------------------------------

    async def _plan(self, now: dt.datetime, summary: RunSummary) -> None:
        async with self._db() as session:  # a plain read first: an idle pass takes no lock
            found = await morning_agendas.subscribers(session, max_per_day=self._max_per_day)
        waiting = waiting_days(found, now)
        if not waiting:
            return
        async with self._db() as session:
            await db.begin_write(session)
            await proactive_plans.lock_for_planning(session)
            ids = [s.user_id for s, _ in waiting]
            found = await morning_agendas.subscribers(
                session, max_per_day=self._max_per_day, user_ids=ids
            )  # again under the lock: another planner may have recorded some meanwhile
            waiting = waiting_days(found, now)
            if not waiting:
                return
            planned = await self._decide_all(session, waiting, now)
            inserted = await morning_agendas.record(session, [p.row(now) for p in planned])
            await session.commit()
        for p in planned:
            if not p.send and p.user_id in inserted:
                self._note_skip(summary, p, inserted[p.user_id])

    async def _decide_all(
        self, session: AsyncSession, waiting: list[tuple[Subscriber, dt.date]], now: dt.datetime
    ) -> list[Planned]:
        zones = {s.user_id: s.tz for s, _ in waiting}
        counts = await proactive_plans.sent_today(session, now=now, zones=zones)
        starts = [due_at(day, MIDNIGHT, s.tz) for s, day in waiting]
        ends = [due_at(day + dt.timedelta(days=1), MIDNIGHT, s.tz) for s, day in waiting]
        items = await morning_agendas.day_items(
            session, zones=zones, start=min(starts), end=max(ends)
        )
        last = await morning_agendas.last_channels(session, user_ids=list(zones))
        planned: list[Planned] = []
        for s, day in waiting:
            if not await self._flag("proactive_jobs", s.user_id):
                continue  # stays open; decided if the flag comes on within the window
            due = due_at(day, s.at, s.tz)
            listed = todays_items(items[s.user_id], day, due, s.tz)
            decision = agenda_decision(
                due,
                s.prefs,
                s.tz,
                now,
                sent_today=counts.get(s.user_id, 0),
                has_items=bool(listed),
                when_empty=s.when_empty,
            )
            send = decision.verdict is Verdict.SEND
            if send:
                counts[s.user_id] = counts.get(s.user_id, 0) + 1
            channel = morning_agendas.main_channel(s, last.get(s.user_id))
            content = compose(listed, s.tz, at=s.at) if send else None
            planned.append(Planned(s.user_id, day, due, channel, decision, content))
        return planned

    @staticmethod
    def _note_skip(summary: RunSummary, p: Planned, agenda_id: int) -> None:
        metrics.PROACTIVE_MESSAGES.labels(type=AGENDA, channel=p.channel, outcome="skipped").inc()
        summary.outcomes.append(
            Outcome(
                kind=AGENDA,
                outcome="skipped",
                schedule_id=None,
                user_id=p.user_id,
                channel=p.channel,
                event_name=p.local_date.isoformat(),
                reason=p.reason,
                session_id=agenda_id,
                at=p.due,
            )
        )
        log.info(
            "morning agenda skipped",
            extra={
                "action": f"{AGENDA}_skipped",
                "user_id": p.user_id,
                "morning_agenda_id": agenda_id,
                "reason": p.reason,
            },
        )

    # -- claiming and delivery ------------------------------------------------------------

    async def _claim(self, now: dt.datetime) -> list[ClaimedAgenda]:
        if not self._senders:
            return []
        async with self._db() as session:  # a plain read first, as in _plan
            if not await claims.any_due(session, channels=self._senders, now=now):
                return []
        async with self._db() as session:
            await db.begin_write(session)
            lost = await claims.recover_lost_leases(
                session, channels=self._senders, now=now, limit=self._batch_size
            )
            batch = await claims.claim(
                session, channels=self._senders, now=now, lease=self._lease, limit=self._batch_size
            )
            await session.commit()
        for row in lost:
            self._log_lost(row)
        return batch

    @staticmethod
    def _log_lost(row: claims.LostLease) -> None:
        if row.closed:  # counted as the engine counts an unconfirmed send
            metrics.PROACTIVE_MESSAGES.labels(
                type=AGENDA, channel=row.channel, outcome="unknown"
            ).inc()
            metrics.SEND_FAILURES.labels(channel=row.channel, kind="unknown").inc()
        log.warning(
            "lease ran out unsettled: %s",
            "closed unconfirmed, not sent again" if row.closed else "sending once more",
            extra={
                "action": f"{AGENDA}_{'unknown' if row.closed else 'lease_lost'}",
                "morning_agenda_id": row.agenda_id,
                "user_id": row.user_id,
                "channel": row.channel,
            },
        )

    async def _deliver(
        self, batch: list[ClaimedAgenda], now: dt.datetime, summary: RunSummary
    ) -> None:
        """Send every claimed agenda still worth sending, then settle them all at once."""
        gate = asyncio.Semaphore(self._concurrency)
        settled: dict[int, AgendaSettlement] = {}
        outgoing: dict[str, list[tuple[ClaimedAgenda, OutboundMessage]]] = {}
        for c in batch:
            if stale(c.due_at, now):
                settled[c.agenda_id] = AgendaSettlement(
                    c, SessionStatus.SKIPPED, reason=str(Reason.MISSED)
                )
                continue
            message = OutboundMessage(
                user_id=c.user_id, text=c.content, client_key=client_key(c.agenda_id)
            )
            outgoing.setdefault(c.channel, []).append((c, message))
        for channel, items in outgoing.items():
            results = await send_all(self._senders[channel], [m for _, m in items], gate)
            for (c, _), result in zip(items, results, strict=True):
                settled[c.agenda_id] = self._settlement(c, result, now)
        settlements = [settled[c.agenda_id] for c in batch]
        await settle_through_outage(self._db, claims.settle, settlements, lease=self._lease)
        for s in settlements:
            self._account(s, now, summary)

    def _settlement(
        self, c: ClaimedAgenda, result: DeliveryResult, now: dt.datetime
    ) -> AgendaSettlement:
        """The outcome of one send, by the engine's rules (an unknown outcome is not
        re-sent; a temporary failure is retried with backoff)."""
        if result.status is DeliveryStatus.DELIVERED:
            return AgendaSettlement(c, SessionStatus.SENT, sent_at=now)
        if result.status is DeliveryStatus.UNKNOWN:
            return AgendaSettlement(
                c, SessionStatus.SENT, reason="unknown_outcome", error=result.error, sent_at=now
            )
        if result.status is DeliveryStatus.PERMANENT_FAILURE:
            return AgendaSettlement(
                c, SessionStatus.FAILED, reason="permanent_failure", error=result.error
            )
        if c.attempts >= self._max_attempts:
            return AgendaSettlement(
                c, SessionStatus.FAILED, reason="retries_exhausted", error=result.error
            )
        wait = retry_delay(c.attempts)
        if result.retry_after is not None:
            wait = max(wait, dt.timedelta(seconds=result.retry_after))
        return AgendaSettlement(
            c, SessionStatus.PENDING, error=result.error, next_attempt_at=now + wait
        )

    def _account(self, s: AgendaSettlement, now: dt.datetime, summary: RunSummary) -> None:
        c = s.claimed
        outcome = "unknown" if s.reason == "unknown_outcome" else OUTCOMES[s.status]
        metrics.PROACTIVE_MESSAGES.labels(type=AGENDA, channel=c.channel, outcome=outcome).inc()
        if outcome in {"retry", "failed", "unknown"}:
            kind = {"retry": "retry_later", "failed": "permanent", "unknown": "unknown"}[outcome]
            metrics.SEND_FAILURES.labels(channel=c.channel, kind=kind).inc()
        if s.status == SessionStatus.SENT:
            lateness = max(0.0, (now - c.due_at).total_seconds())
            metrics.REMINDER_LATENESS.labels(type=AGENDA).observe(lateness)
        summary.outcomes.append(
            Outcome(
                kind=AGENDA,
                outcome=outcome,
                schedule_id=None,
                user_id=c.user_id,
                channel=c.channel,
                event_name=c.local_date.isoformat(),
                reason=s.reason,
                session_id=c.agenda_id,
                at=s.next_attempt_at if s.status == SessionStatus.PENDING else c.due_at,
            )
        )
        log.info(
            f"morning agenda {outcome}",
            extra={
                "action": f"{AGENDA}_{outcome}",
                "morning_agenda_id": c.agenda_id,
                "user_id": c.user_id,
                "channel": c.channel,
                "reason": s.reason,
                "error": s.error,
            },
        )
