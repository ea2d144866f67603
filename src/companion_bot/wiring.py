"""Wiring: the conversation pipeline assembled from settings (app, Telegram, tests)."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.config import Settings
from companion_bot.services.analytics import Analytics
from companion_bot.services.boundary_manager import BoundaryManager
from companion_bot.services.context_builder import ContextBuilder
from companion_bot.services.llm_client import LLMClient
from companion_bot.services.meeting_extractor import MeetingExtractor
from companion_bot.services.message_analyzer import MessageAnalyzer
from companion_bot.services.message_handler import FlagReader, FollowupHook, MessageHandler
from companion_bot.services.question_tracker import QuestionTracker


def build_llm_client(
    settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None
) -> LLMClient:
    """The LLM client of ``settings`` (answers None when no base URL is set)."""
    return LLMClient(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key,
        timeout_seconds=settings.llm_timeout_seconds,
        transport=transport,
    )


def build_message_handler(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    llm_transport: httpx.AsyncBaseTransport | None = None,
    llm_client: LLMClient | None = None,
    followups: FollowupHook | None = None,
    flags: FlagReader | None = None,
) -> MessageHandler:
    """The MessageHandler with every piece of the pipeline."""
    analytics = Analytics()
    analyzer = MessageAnalyzer(
        sessionmaker, MeetingExtractor(), confidence_threshold=settings.confidence_threshold
    )
    return MessageHandler(
        sessionmaker,
        llm_client or build_llm_client(settings, transport=llm_transport),
        ContextBuilder(),
        BoundaryManager(),
        QuestionTracker(analytics),
        analytics,
        message_analyzer=analyzer,
        followups=followups,
        flags=flags,
    )
