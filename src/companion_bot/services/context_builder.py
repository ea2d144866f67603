"""ContextBuilder: what the reply needs to know, and the same as LLM chat messages."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.services.message_analyzer import Analysis, user_zone
from companion_bot.storage import repo, repo_conversation
from companion_bot.storage.models import GreetingPreferences, User, UserSchedule

HISTORY_MESSAGES = 10
UPCOMING_LIMIT = 5


@dataclass(frozen=True)
class ReplyContext:
    """Everything a reply is made from; pure data."""

    text: str
    now: dt.datetime  # in the user's zone
    zone: zoneinfo.ZoneInfo
    lead_minutes: int
    reminders_on: bool
    history: list[tuple[str, str]] = field(default_factory=list)  # (role, content)
    upcoming: list[UserSchedule] = field(default_factory=list)
    analysis: Analysis = field(default_factory=Analysis)
    boundary: str | None = None
    answered: UserSchedule | None = None
    extraction_enabled: bool = True

    def llm_messages(self) -> list[dict[str, str]]:
        """OpenAI chat messages: a system prompt with the facts, the history, this text."""
        from companion_bot.services.offline_responder import describe, facts

        lines = [
            "You are companion-bot, a warm, brief companion that helps the user keep track "
            "of meetings and reminds them before they start. Answer in 1-3 short sentences.",
            f"The user's local time is {self.now:%A %d %B %Y %H:%M} ({self.zone.key}).",
            f"Reminders are {'on' if self.reminders_on else 'off'}; lead time "
            f"{self.lead_minutes} minutes.",
        ]
        if self.upcoming:
            lines.append(
                "Upcoming: "
                + "; ".join(
                    f"{s.event_name} {describe(s, self.zone, self.now)}" for s in self.upcoming
                )
            )
        done = facts(self)
        if done:
            lines.append(
                "What this message changed (confirm it precisely, do not invent others): "
                + " ".join(done)
            )
        messages = [{"role": "system", "content": "\n".join(lines)}]
        for role, content in self.history:
            messages.append({"role": "assistant" if role == "bot" else "user", "content": content})
        messages.append({"role": "user", "content": self.text})
        return messages


class ContextBuilder:
    async def build(
        self,
        session: AsyncSession,
        *,
        user: User,
        prefs: GreetingPreferences,
        channel: str,
        text: str,
        now: dt.datetime,
        before_message_id: int,
        analysis: Analysis,
        boundary: str | None,
        answered: UserSchedule | None,
        extraction_enabled: bool = True,
        with_history: bool = True,
        with_upcoming: bool = True,
    ) -> ReplyContext:
        """The context of the reply to ``text``; ``user`` and ``prefs`` as the pipeline loaded
        them. The conversation history and the upcoming meetings are read only when asked
        for (an LLM needs both; the offline responder no history, and upcoming meetings only
        to answer "what's next?")."""
        zone = user_zone(user.timezone)
        history: list[tuple[str, str]] = []
        if with_history:
            rows = await repo_conversation.recent_messages(
                session, user_id=user.id, channel=channel, limit=HISTORY_MESSAGES + 1
            )
            history = [(m.role, m.content) for m in rows if m.id < before_message_id]
        upcoming: list[UserSchedule] = []
        if with_upcoming:
            upcoming = await repo.upcoming_schedules(
                session, user_id=user.id, now=now, limit=UPCOMING_LIMIT
            )
        return ReplyContext(
            text=text,
            now=now.astimezone(zone),
            zone=zone,
            lead_minutes=prefs.reminder_lead_minutes,
            reminders_on=prefs.prefer_proactive,
            history=history[-HISTORY_MESSAGES:],
            upcoming=upcoming,
            analysis=analysis,
            boundary=boundary,
            answered=answered,
            extraction_enabled=extraction_enabled,
        )
