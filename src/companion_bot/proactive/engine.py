"""The proactive job: preparation reminders before meetings, completion check-ins after,
and task reminders at their time.

One pass of each ``check_and_send_…`` method plans (records what is due, or skipped and
why), claims due rows under a lease, sends outside any transaction on the schedule's own
channel, and settles the outcomes. Decisions come from the pure
:mod:`companion_bot.proactive.decisions`; exactly-once from :mod:`companion_bot.proactive.claims`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.config import Settings
from companion_bot.ops import metrics
from companion_bot.ports import (
    ChatClient,
    Clock,
    DeliveryResult,
    DeliveryStatus,
    FlagReader,
    OutboundMessage,
    Sender,
)
from companion_bot.proactive import LOGGER_NAME
from companion_bot.proactive.agenda_job import MorningAgendas
from companion_bot.proactive.decisions import (
    COMPLETION_DELAY,
    Decision,
    Reason,
    Verdict,
    completion_decision,
    expired,
    reminder_decision,
    retry_delay,
    task_reminder_decision,
)
from companion_bot.proactive.delivery import send_all
from companion_bot.proactive.kinds import SessionStatus, SessionType
from companion_bot.proactive.messages import Composer, MessageFacts, quick_actions
from companion_bot.proactive.settling import settle_through_outage
from companion_bot.proactive.summary import Outcome, RunSummary
from companion_bot.storage import db, proactive_plans, proactive_sessions, series, travel

log = logging.getLogger(LOGGER_NAME)

REMINDER = SessionType.PREPARATION_REMINDER
COMPLETION = SessionType.COMPLETION
SNOOZE = SessionType.SNOOZE  # a reminder the user snoozed: recorded by services.feedback
TASK = SessionType.TASK_REMINDER
#: What a pass of each kind plans, and what it claims and sends: the reminder pass also
#: plans task reminders, and sends those and the snoozed reminders.
PLANNED: Mapping[str, tuple[str, ...]] = {
    REMINDER: (REMINDER, TASK),
    COMPLETION: (COMPLETION,),
}
CLAIMED: Mapping[str, tuple[str, ...]] = {
    REMINDER: (REMINDER, SNOOZE, TASK),
    COMPLETION: (COMPLETION,),
}
DECIDE: Mapping[str, Callable[..., Decision]] = {
    REMINDER: reminder_decision,
    TASK: task_reminder_decision,
    COMPLETION: completion_decision,
}


@dataclass(frozen=True, slots=True)
class ProactiveOptions:
    """Tuning of the job; the defaults suit one process and a few thousand users."""

    plan_limit: int = 50_000  # candidates looked at per pass
    batch_size: int = 1000  # rows claimed at a time
    lease: dt.timedelta = dt.timedelta(minutes=5)  # a crashed worker's rows return after this
    max_attempts: int = 5
    concurrency: int = 20  # sends in flight at once


class ProactiveMeetingHandler:
    """Finds due proactive messages and delivers each exactly once."""

    def __init__(
        self,
        db: async_sessionmaker[AsyncSession],
        llm_client: ChatClient | None,
        *,
        senders: Mapping[str, Sender],
        settings: Settings,
        clock: Clock,
        flags: FlagReader | None = None,
        options: ProactiveOptions | None = None,
    ) -> None:
        self._db = db
        self._llm = llm_client
        self._senders = dict(senders)
        self._settings = settings
        self._clock = clock
        self._flags = flags
        self._options = options or ProactiveOptions()
        self._agendas = MorningAgendas(
            db,
            senders=self._senders,
            max_per_day=settings.max_proactive_per_day,
            flag=self._flag,
            lease=self._options.lease,
            max_attempts=self._options.max_attempts,
            batch_size=self._options.batch_size,
            concurrency=self._options.concurrency,
        )

    async def check_and_send_preparation_reminders(
        self, now: dt.datetime | None = None
    ) -> RunSummary:
        """Send the reminders that are due (``lead`` before start, or at once if late), the
        task reminders whose time has come, and the snoozed reminders whose 10 minutes are
        up (rows recorded by services.feedback)."""
        return await self._run(REMINDER, now or self._clock.now())

    async def check_and_send_completion_messages(
        self, now: dt.datetime | None = None
    ) -> RunSummary:
        """Ask "how did it go?" 5 min after a meeting with an end time (within 6 h)."""
        return await self._run(COMPLETION, now or self._clock.now())

    async def check_and_send_morning_agendas(self, now: dt.datetime | None = None) -> RunSummary:
        """Send each morning agenda whose local time has come: once per user and local day
        (:mod:`companion_bot.proactive.agenda_job`)."""
        now = now or self._clock.now()
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        return await self._agendas.run(now.astimezone(dt.UTC))

    async def next_run(self, now: dt.datetime) -> dt.datetime | None:
        """When a pass will next have something to do on this handler's channels (a
        reminder or check-in falling due, a meeting to plan, a task's time or the end of
        the quiet hours holding it, a morning agenda's time) or for anyone (a stay
        elsewhere ending); ``None``: nothing ahead."""
        async with self._db() as session:
            lead = await proactive_plans.max_lead_minutes(
                session, default=self._settings.reminder_lead_minutes
            )
            wake = await proactive_plans.next_wake(
                session,
                now=now,
                horizon=dt.timedelta(minutes=lead),
                completion_delay=COMPLETION_DELAY,
                channels=self._senders,
            )
            held = await self._tasks_wake(session, now)
            more = await series.next_due(session, channels=self._senders)
            home = await travel.next_stay_end(session)
        agenda = await self._agendas.next_run(now)
        wakes = (wake, held, agenda, more, home)
        return min((at for at in wakes if at is not None), default=None)

    async def end_stays(self, now: dt.datetime) -> int:
        """Put the users whose stay elsewhere ended by ``now`` back on their home zone, before
        anything is decided on their clock; how many were."""
        async with self._db() as session:  # a plain read first, as in _plan
            first = await travel.next_stay_end(session)
        if first is None or first > now:
            return 0
        async with self._db() as session:
            await db.begin_write(session)
            ended = await travel.end_stays(session, now=now)
            await session.commit()
        log.info("stays ended", extra={"action": "stays_ended", "count": ended})
        return ended

    async def _tasks_wake(self, session: AsyncSession, now: dt.datetime) -> dt.datetime | None:
        """Tasks whose time has come, not decided yet: ``now`` when one can be decided, else
        when the first quiet hours holding one end (a task at 23:00 waits the night through
        quiet hours; passes every second until then would find nothing to do)."""
        due = await self._candidates(session, TASK, now, limit=self._options.plan_limit)
        wakes = []
        for c in due:
            if c.channel not in self._senders:
                continue
            decision = task_reminder_decision(c.facts, c.prefs, c.tz, now)
            held = decision.reason is Reason.DEFERRED_QUIET_HOURS
            wakes.append(decision.at if held and decision.at else now)
        return min(wakes, default=None)

    async def _run(self, kind: str, now: dt.datetime) -> RunSummary:
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        now = now.astimezone(dt.UTC)
        summary = RunSummary(kind=kind, now=now)
        if not await self._flag("proactive_jobs"):
            summary.disabled = True
            log.info("proactive jobs disabled by flag", extra={"action": "jobs_disabled"})
            return summary
        if kind == REMINDER:
            await self._store_occurrences(now)
        await self._plan(PLANNED[kind], now, summary)
        for claimed_kind in CLAIMED[kind]:
            while True:
                batch = await self._claim(claimed_kind, now)
                if not batch:
                    break
                await self._deliver_batch(batch, now, summary)
                if len(batch) < self._options.batch_size:
                    break
        return summary

    async def _flag(self, name: str, user_id: int | None = None) -> bool:
        if self._flags is None:
            return True
        master = await self._flags.enabled("proactive_features", user_id=user_id)
        return master and await self._flags.enabled(name, user_id=user_id)

    # -- planning -----------------------------------------------------------------------

    async def _store_occurrences(self, now: dt.datetime) -> None:
        """Store the coming occurrences of repeating meetings (:mod:`..storage.series`), so
        each is planned below as any meeting is; under the planning lock, as planning."""
        async with self._db() as session:  # a plain read first, as in _plan
            if not await series.any_due(session, now=now):
                return
        async with self._db() as session:
            await db.begin_write(session)
            await proactive_plans.lock_for_planning(session)
            added = await series.store_due(session, now=now, limit=self._options.plan_limit)
            await session.commit()
        log.info("occurrences stored", extra={"action": "occurrences_stored", "count": added})

    async def _plan(self, kinds: tuple[str, ...], now: dt.datetime, summary: RunSummary) -> None:
        """Decide on every candidate of ``kinds`` in one transaction (one daily count)."""
        async with self._db() as session:
            # A plain read first: an idle pass takes no write lock (on SQLite a writer, even
            # one that changes nothing, fails other connections' read-then-write upgrades).
            kinds = tuple([k for k in kinds if await self._candidates(session, k, now, limit=1)])
        if not kinds:
            return
        async with self._db() as session:
            await db.begin_write(session)
            await proactive_plans.lock_for_planning(session)
            limit = self._options.plan_limit
            found = {k: await self._candidates(session, k, now, limit=limit) for k in kinds}
            zones = {c.user_id: c.tz for candidates in found.values() for c in candidates}
            counts = await proactive_plans.sent_today(session, now=now, zones=zones)
            rows: list[dict[str, object]] = []
            for kind, candidates in found.items():
                rows += await self._decide_all(kind, candidates, counts, now, summary)
            await proactive_plans.record_planned(session, rows)
            await session.commit()

    async def _candidates(
        self, session: AsyncSession, kind: str, now: dt.datetime, *, limit: int
    ) -> list[proactive_plans.Candidate]:
        default_lead = self._settings.reminder_lead_minutes
        default_cap = self._settings.max_proactive_per_day
        if kind == REMINDER:
            lead = await proactive_plans.max_lead_minutes(session, default=default_lead)
            horizon = dt.timedelta(minutes=lead)
            return await proactive_plans.reminder_candidates(
                session,
                now=now,
                horizon=horizon,
                limit=limit,
                lead=default_lead,
                max_per_day=default_cap,
            )
        if kind == TASK:
            return await proactive_plans.task_candidates(
                session, now=now, limit=limit, lead=default_lead, max_per_day=default_cap
            )
        return await proactive_plans.completion_candidates(
            session,
            now=now,
            delay=COMPLETION_DELAY,
            limit=limit,
            lead=default_lead,
            max_per_day=default_cap,
        )

    async def _decide_all(
        self,
        kind: str,
        candidates: list[proactive_plans.Candidate],
        counts: dict[int, int],
        now: dt.datetime,
        summary: RunSummary,
    ) -> list[dict[str, object]]:
        rows: list[dict[str, object]] = []
        allowed: dict[int, bool] = {}
        decide = DECIDE[kind]
        for c in candidates:
            decision = decide(c.facts, c.prefs, c.tz, now, sent_today=counts.get(c.user_id, 0))
            if decision.verdict is Verdict.WAIT and decision.reason is Reason.NOT_DUE:
                continue  # nothing to do yet, whatever the flags say
            if self._flags is not None and c.user_id not in allowed:
                allowed[c.user_id] = await self._flag("proactive_jobs", c.user_id)
            if not allowed.get(c.user_id, True):
                continue  # stays due; planned once the flag is on for this user
            if decision.verdict is Verdict.SEND:
                counts[c.user_id] = counts.get(c.user_id, 0) + 1
                rows.append(self._row(kind, c, decision, SessionStatus.PENDING, now))
            elif decision.verdict is Verdict.SKIP:
                rows.append(self._row(kind, c, decision, SessionStatus.SKIPPED, now))
                self._note(summary, kind, c, "skipped", decision)
                metrics.PROACTIVE_MESSAGES.labels(
                    type=kind, channel=c.channel, outcome="skipped"
                ).inc()
                log.info(
                    "proactive message skipped",
                    extra={
                        "action": f"{kind}_skipped",
                        "schedule_id": c.schedule_id,
                        "user_id": c.user_id,
                        "reason": str(decision.reason),
                    },
                )
            elif decision.reason is Reason.DEFERRED_QUIET_HOURS:
                self._note(summary, kind, c, "deferred", decision)
        return rows

    @staticmethod
    def _row(
        kind: str,
        c: proactive_plans.Candidate,
        decision: Decision,
        status: SessionStatus,
        now: dt.datetime,
    ) -> dict[str, object]:
        return {
            "user_id": c.user_id,
            "session_type": kind,
            "reference_id": c.schedule_id,
            "channel": c.channel,
            "status": status,
            "reason": None if decision.reason is None else str(decision.reason),
            "attempts": 0,
            "due_at": decision.at or now,
            "next_attempt_at": now if status == SessionStatus.PENDING else None,
            "meta": {},
        }

    @staticmethod
    def _note(
        summary: RunSummary,
        kind: str,
        c: proactive_plans.Candidate,
        outcome: str,
        decision: Decision,
    ) -> None:
        summary.outcomes.append(
            Outcome(
                kind=kind,
                outcome=outcome,
                schedule_id=c.schedule_id,
                user_id=c.user_id,
                channel=c.channel,
                event_name=c.event_name,
                reason=None if decision.reason is None else str(decision.reason),
                at=decision.at,
            )
        )

    # -- claiming and delivery ------------------------------------------------------------

    async def _claim(self, kind: str, now: dt.datetime) -> list[proactive_sessions.Claimed]:
        if not self._senders:
            return []
        async with self._db() as session:  # a plain read first, as in _plan
            if not await proactive_sessions.any_due(
                session, kind=kind, channels=self._senders, now=now
            ):
                return []
        async with self._db() as session:
            await db.begin_write(session)
            batch = await proactive_sessions.claim(
                session,
                kind=kind,
                channels=self._senders,
                now=now,
                lease=self._options.lease,
                limit=self._options.batch_size,
            )
            await session.commit()
        return batch

    async def _deliver_batch(
        self, batch: list[proactive_sessions.Claimed], now: dt.datetime, summary: RunSummary
    ) -> None:
        """Write and send every claimed message, then settle them all in one transaction."""
        gate = asyncio.Semaphore(self._options.concurrency)
        composer = Composer(self._llm)

        async def prepare(
            c: proactive_sessions.Claimed,
        ) -> proactive_sessions.Settlement | OutboundMessage:
            async with gate:
                return await self._prepare(c, now, composer)

        prepared = await asyncio.gather(*(prepare(c) for c in batch))
        settled: dict[int, proactive_sessions.Settlement] = {}
        outgoing: dict[str, list[tuple[proactive_sessions.Claimed, OutboundMessage]]] = {}
        for c, item in zip(batch, prepared, strict=True):
            if isinstance(item, proactive_sessions.Settlement):
                settled[c.session_id] = item
            else:
                outgoing.setdefault(c.channel, []).append((c, item))
        for channel, items in outgoing.items():
            sender = self._senders[channel]
            results = await send_all(sender, [m for _, m in items], gate)
            for (c, message), result in zip(items, results, strict=True):
                settled[c.session_id] = self._settlement(c, result, message.text, now)
        settlements = [settled[c.session_id] for c in batch]
        await settle_through_outage(
            self._db, proactive_sessions.settle, settlements, lease=self._options.lease
        )
        for s in settlements:
            self._account(s, now, summary)

    async def _prepare(
        self, c: proactive_sessions.Claimed, now: dt.datetime, composer: Composer
    ) -> proactive_sessions.Settlement | OutboundMessage:
        """The message to send, or a skip when it would now come too late."""
        reason = expired(c.kind, c.facts, c.tz, now, due=c.due_at)
        if reason is not None:
            return proactive_sessions.Settlement(c, SessionStatus.SKIPPED, reason=str(reason))
        text = await composer.compose(
            MessageFacts(
                kind=c.kind,
                event_name=c.event_name,
                start=c.facts.start,
                end=c.facts.end,
                tz=c.tz,
                now=now,
                all_day=c.facts.all_day,
                variant_seed=c.session_id,
            )
        )
        return OutboundMessage(
            user_id=c.user_id,
            text=text,
            proactive_session_id=c.session_id,
            schedule_id=c.schedule_id,
            actions=quick_actions(c.session_id, kind=c.kind),
            is_question=c.kind == COMPLETION,
        )

    def _settlement(
        self, c: proactive_sessions.Claimed, result: DeliveryResult, text: str, now: dt.datetime
    ) -> proactive_sessions.Settlement:
        if result.status is DeliveryStatus.DELIVERED:
            return proactive_sessions.Settlement(c, SessionStatus.SENT, content=text, sent_at=now)
        if result.status is DeliveryStatus.UNKNOWN:
            # The request left and no answer came: probably delivered. A duplicate is worse
            # than a possible loss, so it is not re-sent; the reason tells the operator.
            return proactive_sessions.Settlement(
                c,
                SessionStatus.SENT,
                reason="unknown_outcome",
                error=result.error,
                content=text,
                sent_at=now,
            )
        if result.status is DeliveryStatus.PERMANENT_FAILURE:
            return proactive_sessions.Settlement(
                c, SessionStatus.FAILED, reason="permanent_failure", error=result.error
            )
        if c.attempts >= self._options.max_attempts:
            return proactive_sessions.Settlement(
                c, SessionStatus.FAILED, reason="retries_exhausted", error=result.error
            )
        wait = retry_delay(c.attempts)
        if result.retry_after is not None:
            wait = max(wait, dt.timedelta(seconds=result.retry_after))
        return proactive_sessions.Settlement(
            c, SessionStatus.PENDING, error=result.error, next_attempt_at=now + wait
        )

    def _account(
        self, s: proactive_sessions.Settlement, now: dt.datetime, summary: RunSummary
    ) -> None:
        c = s.claimed
        outcome = {
            SessionStatus.PENDING: "retry",
            SessionStatus.SENT: "sent",
            SessionStatus.FAILED: "failed",
            SessionStatus.SKIPPED: "skipped",
        }[s.status]
        if s.reason == "unknown_outcome":
            outcome = "unknown"
        metrics.PROACTIVE_MESSAGES.labels(type=c.kind, channel=c.channel, outcome=outcome).inc()
        if outcome in {"retry", "failed", "unknown"}:
            kind = {"retry": "retry_later", "failed": "permanent", "unknown": "unknown"}[outcome]
            metrics.SEND_FAILURES.labels(channel=c.channel, kind=kind).inc()
        if s.status == SessionStatus.SENT and c.due_at is not None:
            lateness = max(0.0, (now - c.due_at).total_seconds())
            metrics.REMINDER_LATENESS.labels(type=c.kind).observe(lateness)
        summary.outcomes.append(
            Outcome(
                kind=c.kind,
                outcome=outcome,
                schedule_id=c.schedule_id,
                user_id=c.user_id,
                channel=c.channel,
                event_name=c.event_name,
                reason=s.reason,
                session_id=c.session_id,
                at=s.next_attempt_at if s.status == SessionStatus.PENDING else c.due_at,
            )
        )
        log.info(
            f"proactive message {outcome}",
            extra={
                "action": f"{c.kind}_{outcome}",
                "proactive_session_id": c.session_id,
                "schedule_id": c.schedule_id,
                "user_id": c.user_id,
                "channel": c.channel,
                "reason": s.reason,
                "error": s.error,
            },
        )
