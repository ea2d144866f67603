"""The follow-up question on a user's next message, for a meeting without an end time.

The conversation pipeline calls :meth:`ProactiveFollowups.followup_for` for each user
message; when a meeting on that channel started 15 min to 8 h ago, had no end time and was
not yet followed up, a ``followup`` session is recorded as sent (at most one per meeting:
the unique (reference_id, session_type) decides between concurrent messages) and the
question comes back for the pipeline to append to its reply.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.ops import metrics
from companion_bot.ports import FlagReader
from companion_bot.storage import db, proactive_plans, schedules, users
from companion_bot.storage.models import UserSchedule

from .decisions import (
    FOLLOWUP_DELAY,
    FOLLOWUP_WINDOW,
    Preferences,
    ScheduleFacts,
    Verdict,
    followup_decision,
)
from .kinds import SessionStatus, SessionType
from .messages import MessageFacts, template_text

log = logging.getLogger(__name__)
KIND = SessionType.FOLLOWUP
UTC = ZoneInfo("UTC")


@dataclass(frozen=True, slots=True)
class Followup:
    schedule_id: int
    proactive_session_id: int
    event_name: str
    question: str


class ProactiveFollowups:
    """The pipeline's ``FollowupHook`` (contracts.md)."""

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], *, flags: FlagReader | None = None
    ) -> None:
        self._sessions = sessionmaker
        self._flags = flags

    async def _allowed(self, user_id: int) -> bool:
        if self._flags is None:
            return True
        for name in ("proactive_features", "followups"):
            if not await self._flags.enabled(name, user_id=user_id):
                return False
        return True

    async def followup_for(
        self, *, user_id: int, channel: str, now: dt.datetime
    ) -> Followup | None:
        """Record and return the follow-up due for this user on this channel, if any."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        now = now.astimezone(dt.UTC)
        if not await self._allowed(user_id):
            return None
        async with self._sessions() as session:
            await db.begin_write(session)
            found = await self._due(session, user_id=user_id, channel=channel, now=now)
            if found is None:
                return None
            schedule, prefs = found
            facts = ScheduleFacts(start=schedule.start_time, end=schedule.end_time)
            if followup_decision(facts, prefs, now).verdict is not Verdict.SEND:
                return None
            question = template_text(
                MessageFacts(
                    kind=KIND,
                    event_name=schedule.event_name,
                    start=schedule.start_time,
                    end=None,
                    tz=UTC,
                    now=now,
                    variant_seed=schedule.id,
                )
            )
            inserted = await proactive_plans.record(
                session,
                [
                    {
                        "user_id": user_id,
                        "session_type": KIND,
                        "reference_id": schedule.id,
                        "channel": channel,
                        "status": SessionStatus.SENT,
                        "attempts": 1,
                        "due_at": schedule.start_time + FOLLOWUP_DELAY,
                        "sent_at": now,
                        "message_content": question,
                        "meta": {},
                    }
                ],
            )
            session_id = inserted.get(schedule.id)
            if session_id is None:
                return None  # another message of this user recorded it first
            await schedules.mark_followup_sent(session, schedule_id=schedule.id, now=now)
            await session.commit()
        metrics.PROACTIVE_MESSAGES.labels(type=KIND, channel=channel, outcome="sent").inc()
        log.info(
            "followup asked",
            extra={"action": "followup_sent", "schedule_id": schedule.id, "user_id": user_id},
        )
        return Followup(schedule.id, session_id, schedule.event_name, question)

    @staticmethod
    async def _due(
        session: AsyncSession, *, user_id: int, channel: str, now: dt.datetime
    ) -> tuple[UserSchedule, Preferences] | None:
        schedule = await schedules.followup_due(
            session,
            user_id=user_id,
            channel=channel,
            started_from=now - FOLLOWUP_WINDOW,
            started_by=now - FOLLOWUP_DELAY,
        )
        if schedule is None:
            return None
        prefs = Preferences(
            prefer_proactive=await users.prefers_proactive(session, user_id=user_id)
        )
        return schedule, prefs
