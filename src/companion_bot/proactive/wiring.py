"""Factories that put the proactive engine together (CLI, web app lifespan, Celery)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.channels.base import Sender
from companion_bot.config import Settings
from companion_bot.ops.clock import Clock, SystemClock
from companion_bot.services.proactive_meeting_handler import (
    FlagReader,
    ProactiveMeetingHandler,
    ProactiveOptions,
)

from .followups import ProactiveFollowups
from .loop import JobLoop
from .messages import ChatClient
from .runner import run_pass


def build_proactive_handler(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    senders: Mapping[str, Sender],
    llm_client: ChatClient | None = None,
    clock: Clock | None = None,
    flags: FlagReader | None = None,
    options: ProactiveOptions | None = None,
) -> ProactiveMeetingHandler:
    """The handler delivering on ``senders`` (channel name → sender)."""
    return ProactiveMeetingHandler(
        sessionmaker,
        llm_client,
        senders=senders,
        settings=settings,
        clock=clock or SystemClock(),
        flags=flags,
        options=options,
    )


def build_job_loop(handler: ProactiveMeetingHandler, settings: Settings, clock: Clock) -> JobLoop:
    """The embedded scheduler ``serve`` runs: one pass at start, then one every
    ``job_period_seconds`` on the clock's grid (whole minutes by default). Meetings start on
    round times, so their reminders fall due on the grid and go out within a pass's run time,
    not up to a period late."""

    async def tick() -> None:
        await run_pass(handler, clock.now())

    def phase() -> float:
        return clock.now().timestamp() % settings.job_period_seconds

    return JobLoop(tick, period=settings.job_period_seconds, phase=phase)


def build_followups(
    sessionmaker: async_sessionmaker[AsyncSession], *, flags: FlagReader | None = None
) -> ProactiveFollowups:
    """The FollowupHook to pass to ``build_message_handler(followups=...)``."""
    return ProactiveFollowups(sessionmaker, flags=flags)
