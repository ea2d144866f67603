"""The composition root: every part of the product is put together here, and only here.

``build_companion(settings)`` builds what one process runs (database, flags, the LLM client,
the conversation pipeline); channels add their senders and get the proactive engine from it.
``serve`` (``create_app``), ``jobs run-once`` and Celery (``run_standalone_pass``) and the
tests all build through these functions. Nothing is built at import time.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from companion_bot.channels.web.app import install_web_channel, web_app
from companion_bot.channels.web.sender import WebSender
from companion_bot.channels.web.sse import StreamHub
from companion_bot.config import Settings, load_settings
from companion_bot.ops import metrics
from companion_bot.ops.clock import SystemClock
from companion_bot.ops.flag_store import FlagStore
from companion_bot.ops.logging import configure_logging
from companion_bot.ports import ChatClient, Clock, FlagReader, FollowupHook, Sender
from companion_bot.proactive.engine import ProactiveMeetingHandler, ProactiveOptions
from companion_bot.proactive.followups import ProactiveFollowups
from companion_bot.proactive.lease import LeasedLoop
from companion_bot.proactive.runner import build_job_loop, run_pass
from companion_bot.proactive.summary import RunSummary
from companion_bot.services.analytics import Analytics
from companion_bot.services.boundary_manager import BoundaryManager
from companion_bot.services.context_builder import ContextBuilder
from companion_bot.services.llm_client import LLMClient
from companion_bot.services.meeting_extractor import MeetingExtractor
from companion_bot.services.message_analyzer import MessageAnalyzer
from companion_bot.services.message_handler import MessageHandler
from companion_bot.services.question_tracker import QuestionTracker
from companion_bot.storage import migrate, schedules
from companion_bot.storage.db import make_engine, make_sessionmaker, pool_size
from companion_bot.storage.notify import Listener, Topic

log = logging.getLogger(__name__)

#: Set by ``serve --workers N`` for its workers: the file whose lock picks the one worker
#: that runs the embedded job loop (``proactive/lease.py``).
JOB_LOCK_ENV = "COMPANION_JOB_LOOP_LOCK"
#: How often a worker without the job loop checks whether its holder has gone.
JOB_LEASE_RETRY_SECONDS = 5.0


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
    llm_client: ChatClient | None = None,
    followups: FollowupHook | None = None,
    flags: FlagReader | None = None,
) -> MessageHandler:
    """The conversation pipeline with every piece the checklist names."""
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


def build_followups(
    sessionmaker: async_sessionmaker[AsyncSession], *, flags: FlagReader | None = None
) -> ProactiveFollowups:
    """The follow-up questions the pipeline slips into its replies."""
    return ProactiveFollowups(sessionmaker, flags=flags)


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
    """The proactive engine delivering on ``senders`` (channel name → sender)."""
    return ProactiveMeetingHandler(
        sessionmaker,
        llm_client,
        senders=senders,
        settings=settings,
        clock=clock or SystemClock(),
        flags=flags,
        options=options,
    )


@dataclass(frozen=True, slots=True)
class Companion:
    """What one process runs, built once from settings. Close it with :meth:`aclose`."""

    settings: Settings
    clock: Clock
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    flags: FlagStore
    llm_client: LLMClient
    message_handler: MessageHandler
    owns_engine: bool

    def proactive_handler(
        self, senders: Mapping[str, Sender], *, options: ProactiveOptions | None = None
    ) -> ProactiveMeetingHandler:
        """The proactive engine on this process's channels (``senders``)."""
        return build_proactive_handler(
            self.settings,
            self.sessionmaker,
            senders=senders,
            llm_client=self.llm_client,
            clock=self.clock,
            flags=self.flags,
            options=options,
        )

    async def aclose(self) -> None:
        await self.llm_client.aclose()
        if self.owns_engine:
            await self.engine.dispose()


def build_companion(
    settings: Settings,
    *,
    clock: Clock | None = None,
    engine: AsyncEngine | None = None,
    llm_transport: httpx.AsyncBaseTransport | None = None,
) -> Companion:
    """The database, one flag store, one LLM client (one connection pool, for replies and
    proactive texts alike) and the conversation pipeline, as ``settings`` say."""
    clock = clock or SystemClock()
    owns_engine = engine is None
    engine = engine or make_engine(settings.database_url, pool=pool_size(settings))
    sessionmaker = make_sessionmaker(engine)
    flags = FlagStore(sessionmaker, clock)
    llm_client = build_llm_client(settings, transport=llm_transport)
    handler = build_message_handler(
        settings,
        sessionmaker,
        llm_client=llm_client,
        followups=build_followups(sessionmaker, flags=flags),
        flags=flags,
    )
    return Companion(settings, clock, engine, sessionmaker, flags, llm_client, handler, owns_engine)


@asynccontextmanager
async def running_companion(
    settings: Settings, *, clock: Clock | None = None
) -> AsyncIterator[Companion]:
    """``build_companion`` for one command: closed (engine disposed) when the block ends."""
    companion = build_companion(settings, clock=clock)
    try:
        yield companion
    finally:
        await companion.aclose()


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    engine: AsyncEngine | None = None,
    llm_transport: httpx.AsyncBaseTransport | None = None,
    job_lock: Path | None = None,
) -> FastAPI:
    """The served app: the web channel, the Telegram bot when a token is set, and the
    embedded proactive job when ``jobs_embedded`` (otherwise Celery workers run it). With
    ``job_lock`` (a file; ``serve --workers N``) the job runs only in the process that holds
    the file's lock."""
    companion = build_companion(settings, clock=clock, engine=engine, llm_transport=llm_transport)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.sqlite_path is not None:
            # The embedded default migrates itself, so a first run needs no extra step.
            await migrate.upgrade_async(settings.database_url)
        async with AsyncExitStack() as stack:
            stack.push_async_callback(companion.aclose)
            if listener is not None:
                await listener.start()
                stack.push_async_callback(listener.stop)
            stack.callback(app.state.hub.close)
            stack.callback(app.state.passwords.close)
            if app.state.limits_redis is not None:
                stack.push_async_callback(app.state.limits_redis.aclose)
            stack.callback(metrics.mark_dead, os.getpid())  # a worker's live gauges
            runtime = app.state.telegram_runtime
            if runtime is not None:
                await runtime.start()
                stack.push_async_callback(runtime.stop)
            if app.state.job_loop is not None:
                await _start_job_loop(app, job_lock, stack)
            yield

    app = web_app(settings, lifespan)
    state = app.state
    state.settings, state.clock, state.engine = settings, companion.clock, companion.engine
    state.sessionmaker, state.flags = companion.sessionmaker, companion.flags
    state.llm_client, state.message_handler = companion.llm_client, companion.message_handler
    # PostgreSQL tells every process of changes made by another: ended logins, new web
    # messages, booked or moved meetings.
    listener = (
        Listener(companion.engine.url) if companion.engine.dialect.name == "postgresql" else None
    )
    senders: dict[str, Sender] = {"web": install_web_channel(app, settings, listener=listener)}
    telegram = _install_telegram(app, settings, companion)
    if telegram is not None:
        senders["telegram"] = telegram
    state.proactive_handler = companion.proactive_handler(senders)
    state.job_loop = state.job_lease = None
    if settings.jobs_embedded:
        state.job_loop = build_job_loop(state.proactive_handler, settings, companion.clock)
        # A meeting booked or moved may be due sooner than the loop's next run: here, told
        # in-process; elsewhere, told by PostgreSQL.
        schedules.on_change(companion.sessionmaker, state.job_loop.wake)
        if listener is not None:
            listener.subscribe(Topic.SCHEDULES, lambda _payload: state.job_loop.wake())
    return app


def _install_telegram(app: FastAPI, settings: Settings, companion: Companion) -> Sender | None:
    """The Telegram bot's routes and sender when a token is set (``app.state.telegram_runtime``
    is its runtime, or None)."""
    app.state.telegram_runtime = None
    if not settings.telegram_bot_token:
        return None
    from companion_bot.channels.telegram.runtime import TelegramRuntime

    runtime = TelegramRuntime(
        settings, companion.sessionmaker, companion.message_handler, companion.clock
    )
    app.state.telegram_runtime = runtime
    app.include_router(runtime.router)
    return runtime.make_sender()


async def _start_job_loop(app: FastAPI, job_lock: Path | None, stack: AsyncExitStack) -> None:
    """Start the embedded job loop, or (with ``job_lock``) its lease, stopped with ``stack``."""
    starter = app.state.job_loop
    if job_lock is not None:
        starter = app.state.job_lease = LeasedLoop(
            job_lock, starter, retry_seconds=JOB_LEASE_RETRY_SECONDS
        )
    await starter.start()
    stack.push_async_callback(starter.stop)


#: Container objects allocated (net) between two young-generation collections; Python's
#: default, 700, ran one for about every message of a chat burst (each allocates some 600).
GC_YOUNG_THRESHOLD = 10_000


def served(app: FastAPI) -> FastAPI:
    """``app``, in a process that serves it until it exits. What was built so far (modules,
    routes, mappers, schemas) lives as long as the process, so it is moved out of the
    garbage collector's sight (a full pass looked at all of it: about 60 ms under chat
    load), and the young generation is collected less often: together the collector's share
    of a chat burst's CPU goes from about 4 % to 2 %."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)
    return app


def app_from_env() -> FastAPI:
    """An app from ``COMPANION_*`` settings, for each of several worker processes:
    ``companion-bot serve --workers 2`` starts them through this factory (as would
    ``uvicorn --factory companion_bot.composition:app_from_env --workers 2``, with
    ``COMPANION_WORKERS=2`` so that the rate limits are shared). Logging is set up here, as
    the CLI does: a worker is a fresh process.

    On PostgreSQL live push reaches open pages in every worker at once (LISTEN/NOTIFY); on
    SQLite pages held by another process hear within one stream keep-alive. With
    ``PROMETHEUS_MULTIPROC_DIR`` set, ``/metrics`` of any worker shows all workers' counts.
    ``COMPANION_JOB_LOOP_LOCK`` (set by ``serve``) runs the embedded job loop in one worker.
    """
    settings = load_settings()
    configure_logging(
        level=settings.log_level,
        json_lines=settings.log_json,
        levels="alembic=WARNING," + settings.log_levels,
        secrets=settings.secrets,
    )
    metrics.prepare_multiprocess_dir()
    lock = os.environ.get(JOB_LOCK_ENV)
    return served(create_app(settings, job_lock=Path(lock) if lock else None))


@asynccontextmanager
async def standalone_senders(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[Mapping[str, Sender]]:
    """Senders outside the web app: the web sender (stores the message; open pages read it
    from the database), plus Telegram when a bot token is configured."""
    async with AsyncExitStack() as stack:
        senders: dict[str, Sender] = {"web": WebSender(sessionmaker, StreamHub())}
        if settings.telegram_bot_token:
            from companion_bot.channels.telegram.sender import TelegramSender

            telegram = TelegramSender.from_settings(settings, sessionmaker)
            stack.push_async_callback(telegram.close)
            senders["telegram"] = telegram
        yield senders


async def run_standalone_pass(
    settings: Settings, *, now: dt.datetime | None = None, clock: Clock | None = None
) -> list[RunSummary]:
    """One reminder + completion pass outside the web app (``jobs run-once``, Celery), as of
    ``now`` (default: the clock), obeying the feature flags as stored right now."""
    async with (
        running_companion(settings, clock=clock) as companion,
        standalone_senders(settings, companion.sessionmaker) as senders,
    ):
        handler = companion.proactive_handler(senders)
        return await run_pass(handler, now or companion.clock.now())
