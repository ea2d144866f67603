"""The FastAPI application factory. Nothing is built at import time."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

import companion_bot
from companion_bot.channels.base import Sender
from companion_bot.channels.web import actions, auth, chat, health, linking, preferences, sse
from companion_bot.channels.web.admin_flags import router as admin_flags_router
from companion_bot.channels.web.admin_report import router as admin_report_router
from companion_bot.channels.web.guard import ApiGuard
from companion_bot.channels.web.metrics_route import router as metrics_router
from companion_bot.channels.web.ratelimit import RateLimiter
from companion_bot.channels.web.security import LoginCache, Passwords
from companion_bot.channels.web.sender import WebSender
from companion_bot.config import Settings, load_settings
from companion_bot.errors import CompanionError, InputError, NotFoundError
from companion_bot.ops import metrics
from companion_bot.ops.clock import Clock, SystemClock
from companion_bot.ops.flag_store import FlagStore
from companion_bot.storage import migrate
from companion_bot.storage.db import make_engine, make_sessionmaker

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    engine: AsyncEngine | None = None,
    llm_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """Build the web app; ``serve`` and every test call this with their own settings."""
    owns_engine = engine is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.sqlite_path is not None:
            # The embedded default migrates itself, so a first run needs no extra step.
            await migrate.upgrade_async(settings.database_url)
        async with AsyncExitStack() as stack:
            if owns_engine:
                stack.push_async_callback(app.state.engine.dispose)
            stack.callback(app.state.hub.close)
            stack.push_async_callback(app.state.llm_client.aclose)
            stack.callback(metrics.mark_dead, os.getpid())  # a worker's live gauges
            runtime = app.state.telegram_runtime
            if runtime is not None:
                await runtime.start()
                stack.push_async_callback(runtime.stop)
            if app.state.job_loop is not None:
                await app.state.job_loop.start()
                stack.push_async_callback(app.state.job_loop.stop)
            yield

    app = FastAPI(
        title="companion-bot",
        version=companion_bot.__version__,
        lifespan=lifespan,
        description="Chat API of companion-bot. Log in for a session cookie or a bearer token; "
        "state-changing requests must be JSON (CSRF defence).",
    )
    app.state.settings = settings
    app.state.clock = clock or SystemClock()
    app.state.engine = engine or make_engine(settings.database_url)
    app.state.sessionmaker = make_sessionmaker(app.state.engine)
    app.state.flags = FlagStore(app.state.sessionmaker, app.state.clock)
    _install_web_channel(app, settings)
    _install_companion(app, settings, llm_transport)
    app.include_router(health.router)
    app.include_router(metrics_router)
    _install_error_handlers(app)
    return app


def app_from_env() -> FastAPI:
    """An app from ``COMPANION_*`` settings, for several worker processes:
    ``uvicorn --factory companion_bot.channels.web.app:app_from_env --workers 2``.

    Live push reaches pages in the same process at once and pages held by another worker
    within one stream keep-alive (they poll the database while idle). With
    ``PROMETHEUS_MULTIPROC_DIR`` set, ``/metrics`` of any worker shows all workers' counts.
    """
    metrics.prepare_multiprocess_dir()
    return create_app(load_settings())


def _install_web_channel(app: FastAPI, settings: Settings) -> None:
    app.state.passwords = Passwords()
    app.state.login_cache = LoginCache()
    app.state.hub = sse.StreamHub()
    app.state.web_sender = WebSender(app.state.sessionmaker, app.state.hub)
    app.state.message_limiter = RateLimiter(settings.messages_per_minute)
    app.state.login_limiter = RateLimiter(auth.LOGIN_ATTEMPTS_PER_MINUTE)
    routers = (auth.router, chat.router, preferences.router, sse.router, linking.router)
    for router in (*routers, actions.router, admin_flags_router, admin_report_router):
        app.include_router(router)
    app.add_middleware(ApiGuard)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


def _install_companion(
    app: FastAPI, settings: Settings, llm_transport: httpx.AsyncBaseTransport | None
) -> None:
    """The pipeline every channel shares, the Telegram bot when a token is set, and the
    embedded proactive job when ``jobs_embedded`` (otherwise Celery workers run it)."""
    from companion_bot.proactive.wiring import (
        build_followups,
        build_job_loop,
        build_proactive_handler,
    )
    from companion_bot.wiring import build_llm_client, build_message_handler

    sessionmaker = app.state.sessionmaker
    clock: Clock = app.state.clock
    flags: FlagStore = app.state.flags  # one store: the pipeline, Telegram, the job loop
    # One LLM client (one connection pool) for replies and proactive texts; closed at shutdown.
    app.state.llm_client = build_llm_client(settings, transport=llm_transport)
    app.state.message_handler = build_message_handler(
        settings,
        sessionmaker,
        llm_client=app.state.llm_client,
        followups=build_followups(sessionmaker, flags=flags),
        flags=flags,
    )
    senders: dict[str, Sender] = {"web": app.state.web_sender}
    app.state.telegram_runtime = None
    if settings.telegram_bot_token:
        from companion_bot.channels.telegram.runtime import TelegramRuntime

        runtime = TelegramRuntime(settings, sessionmaker, app.state.message_handler, clock)
        app.state.telegram_runtime = runtime
        app.include_router(runtime.router)
        senders["telegram"] = runtime.make_sender()
    app.state.proactive_handler = build_proactive_handler(
        settings,
        sessionmaker,
        senders=senders,
        llm_client=app.state.llm_client,
        clock=clock,
        flags=flags,
    )
    app.state.job_loop = (
        build_job_loop(app.state.proactive_handler, settings, clock)
        if settings.jobs_embedded
        else None
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DBAPIError)
    async def database_down(request: Request, exc: DBAPIError) -> JSONResponse:
        log.error("database error", exc_info=exc, extra={"action": "database_error"})
        return JSONResponse(
            {"detail": "The database is unavailable; try again shortly."}, status_code=503
        )

    @app.exception_handler(OSError)
    async def connection_refused(request: Request, exc: OSError) -> JSONResponse:
        log.error("cannot reach a backing service", exc_info=exc, extra={"action": "io_error"})
        return JSONResponse(
            {"detail": "A backing service is unavailable; try again shortly."}, status_code=503
        )

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse({"detail": exc.user_message}, status_code=404)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse({"detail": exc.user_message}, status_code=422)

    @app.exception_handler(CompanionError)
    async def companion_error(request: Request, exc: CompanionError) -> JSONResponse:
        log.error("%s", exc.detail, exc_info=exc, extra={"action": "request_failed"})
        return JSONResponse({"detail": exc.user_message}, status_code=500)
