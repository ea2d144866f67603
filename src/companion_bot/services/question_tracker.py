"""QuestionTracker: the user's next message after a bot question is its answer."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.services.analytics import Analytics
from companion_bot.storage import messages, proactive_sessions
from companion_bot.storage.models import Message, UserSchedule

log = logging.getLogger(__name__)


class QuestionTracker:
    def __init__(self, analytics: Analytics) -> None:
        self._analytics = analytics

    async def link_answer(
        self, session: AsyncSession, *, message: Message, now: dt.datetime
    ) -> UserSchedule | None:
        """Link ``message`` (stored, flushed) to the open question it answers.

        The question gets ``answered_at``, its proactive session ``acknowledged_at`` and the
        schedule it asked about is completed. Returns that schedule, if any.
        """
        question = await messages.open_question(
            session, user_id=message.user_id, channel=message.channel, before_id=message.id
        )
        if question is None:
            return None
        return await self._link(session, message=message, question=question, now=now)

    async def link_to(
        self, session: AsyncSession, *, message: Message, question_id: int, now: dt.datetime
    ) -> UserSchedule | None:
        """Like :meth:`link_answer`, when the caller already found the open question's id
        (it is checked again here: still the user's, on this channel, and unanswered)."""
        question = await messages.get_message(session, message_id=question_id)
        if (
            question is None
            or (question.user_id, question.channel, question.role)
            != (message.user_id, message.channel, "bot")
            or not question.is_question
            or question.answered_at is not None
        ):
            return None
        return await self._link(session, message=message, question=question, now=now)

    async def _link(
        self, session: AsyncSession, *, message: Message, question: Message, now: dt.datetime
    ) -> UserSchedule | None:
        message.in_reply_to_id = question.id
        question.answered_at = now
        if question.proactive_session_id is not None:
            proactive = await proactive_sessions.get_proactive_session(
                session, session_id=question.proactive_session_id
            )
            if proactive is not None and proactive.acknowledged_at is None:
                proactive.acknowledged_at = now
        schedule: UserSchedule | None = None
        if question.question_schedule_id is not None:
            schedule = await session.get(UserSchedule, question.question_schedule_id)
        if schedule is not None and not schedule.is_completed:
            schedule.is_completed = True
            schedule.completed_at = now
            if schedule.status == "scheduled":
                schedule.status = "done"
        self._analytics.record(
            session,
            "acknowledged",
            user_id=message.user_id,
            question_id=question.id,
            schedule_id=question.question_schedule_id,
            proactive_session_id=question.proactive_session_id,
        )
        log.info("user %s answered question %s", message.user_id, question.id)
        return schedule
