"""The web channel's FastAPI app: routes, guard, static page, error handlers. The composition
root (``companion_bot.composition``) builds it; nothing is built at import time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError

import companion_bot
from companion_bot.channels.web import actions, auth, chat, health, linking, preferences, sse
from companion_bot.channels.web.admin_flags import router as admin_flags_router
from companion_bot.channels.web.admin_report import router as admin_report_router
from companion_bot.channels.web.guard import ApiGuard
from companion_bot.channels.web.metrics_route import router as metrics_router
from companion_bot.channels.web.ratelimit import RateLimiter
from companion_bot.channels.web.security import LoginCache, Passwords
from companion_bot.channels.web.sender import WebSender
from companion_bot.config import Settings
from companion_bot.errors import CompanionError, InputError, NotFoundError

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def web_app(lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]]) -> FastAPI:
    """The web channel's FastAPI app: health and metrics routes and the error handlers; the
    composition root (``companion_bot.composition.create_app``) fills in its state."""
    app = FastAPI(
        title="companion-bot",
        version=companion_bot.__version__,
        lifespan=lifespan,
        description="Chat API of companion-bot. Log in for a session cookie or a bearer token; "
        "state-changing requests must be JSON (CSRF defence).",
    )
    app.include_router(health.router)
    app.include_router(metrics_router)
    _install_error_handlers(app)
    return app


def install_web_channel(app: FastAPI, settings: Settings) -> WebSender:
    """The chat page and API routes on ``app``, with their limiters and live stream; returns
    the web channel's sender. Needs ``app.state.sessionmaker``."""
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

    sender: WebSender = app.state.web_sender
    return sender


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
