"""The FastAPI application factory. Nothing is built at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

import companion_bot
from companion_bot.channels.web import health
from companion_bot.config import Settings
from companion_bot.errors import CompanionError, NotFoundError
from companion_bot.ops.clock import Clock, SystemClock
from companion_bot.storage import migrate
from companion_bot.storage.db import make_engine, make_sessionmaker

log = logging.getLogger(__name__)


def create_app(
    settings: Settings, *, clock: Clock | None = None, engine: AsyncEngine | None = None
) -> FastAPI:
    """Build the web app; ``serve`` and every test call this with their own settings."""
    owns_engine = engine is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.sqlite_path is not None:
            # The embedded default migrates itself, so a first run needs no extra step.
            await migrate.upgrade_async(settings.database_url)
        try:
            yield
        finally:
            if owns_engine:
                await app.state.engine.dispose()

    app = FastAPI(
        title="companion-bot",
        version=companion_bot.__version__,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.clock = clock or SystemClock()
    app.state.engine = engine or make_engine(settings.database_url)
    app.state.sessionmaker = make_sessionmaker(app.state.engine)
    app.include_router(health.router)
    _install_error_handlers(app)
    return app


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

    @app.exception_handler(CompanionError)
    async def companion_error(request: Request, exc: CompanionError) -> JSONResponse:
        log.error("%s", exc.detail, exc_info=exc, extra={"action": "request_failed"})
        return JSONResponse({"detail": exc.user_message}, status_code=500)
