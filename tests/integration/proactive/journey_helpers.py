"""Simulated-time journeys: chat through the real pipeline, then the job minute by minute,
delivering through the real web channel (imported by name: tests have no packages)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from proactive_helpers import BERLIN, NOW, handler, settings
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.channels.web.sender import WebSender
from companion_bot.channels.web.sse import StreamHub
from companion_bot.composition import build_followups, build_message_handler
from companion_bot.proactive.engine import ProactiveMeetingHandler
from companion_bot.services.message_handler import HandleResult
from companion_bot.storage.models import Message
from companion_bot.testing import FrozenClock

SM = async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class Event:
    """One outcome of a job pass: when (user's wall clock), what, for which meeting."""

    at: dt.datetime
    kind: str
    outcome: str
    schedule_id: int
    reason: str | None = None


class Journey:
    """One user's chat (the pipeline with the follow-up hook) and the proactive job."""

    def __init__(self, sm: SM, user_id: int, tz: ZoneInfo = BERLIN) -> None:
        self.sm = sm
        self.user_id = user_id
        self.tz = tz
        self.chat = build_message_handler(settings(), sm, followups=build_followups(sm))
        # Every pass is given its own ``now``: the clock is never read.
        self.jobs: ProactiveMeetingHandler = handler(
            sm, {"web": WebSender(sm, StreamHub())}, FrozenClock(NOW)
        )

    async def say(self, text: str, now: dt.datetime) -> HandleResult:
        return await self.chat.handle(user_id=self.user_id, channel="web", text=text, now=now)

    async def run(self, start: dt.datetime, end: dt.datetime) -> list[Event]:
        """Both checks every simulated minute from ``start`` to ``end``; every outcome."""
        events: list[Event] = []
        now = start
        while now <= end:
            for summary in (
                await self.jobs.check_and_send_preparation_reminders(now),
                await self.jobs.check_and_send_completion_messages(now),
            ):
                events += [
                    Event(now.astimezone(self.tz), o.kind, o.outcome, o.schedule_id, o.reason)
                    for o in summary.outcomes
                    if o.outcome != "deferred"
                ]
            now += dt.timedelta(minutes=1)
        return events

    async def proactive_messages(self) -> list[Message]:
        """What the user sees on the web: the stored proactive bot messages."""
        async with self.sm() as session:
            query = (
                select(Message)
                .where(Message.user_id == self.user_id, Message.message_type == "proactive")
                .order_by(Message.id)
            )
            return list(await session.scalars(query))


def sent(events: list[Event]) -> list[tuple[dt.datetime, str, int]]:
    return [(e.at, e.kind, e.schedule_id) for e in events if e.outcome == "sent"]
