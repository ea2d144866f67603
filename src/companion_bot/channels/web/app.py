"""The web channel's FastAPI app: routes, guard, static page, error handlers. The composition
root (``companion_bot.composition``) builds it; nothing is built at import time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

import companion_bot
from companion_bot.channels.web import (
    actions,
    auth,
    calendar,
    chat,
    health,
    linking,
    preferences,
    sse,
    undo,
)
from companion_bot.channels.web.account import router as account_router
from companion_bot.channels.web.admin_flags import router as admin_flags_router
from companion_bot.channels.web.admin_report import router as admin_report_router
from companion_bot.channels.web.api_docs import DocsPages, install_api_docs
from companion_bot.channels.web.guard import ApiGuard
from companion_bot.channels.web.headers import SecurityHeaders
from companion_bot.channels.web.http_metrics import HttpMetrics
from companion_bot.channels.web.metrics_route import router as metrics_router
from companion_bot.channels.web.outage import (
    SERVICE_DOWN,
    OutageGuard,
    unavailable_response,
)
from companion_bot.channels.web.ratelimit import (
    Limiter,
    LimiterUnavailableError,
    Outage,
    RateLimiter,
    RedisRateLimiter,
    limits_prefix,
    redis_client,
)
from companion_bot.channels.web.schemas import error as error_doc
from companion_bot.channels.web.security import LoginCache, Passwords
from companion_bot.channels.web.sender import WebSender
from companion_bot.config import Settings
from companion_bot.errors import CompanionError, InputError, NotFoundError
from companion_bot.storage.notify import Listener, SignalFile, Topic, signal_path
from companion_bot.storage.outage import ASYNCPG_ERRORS, database_unavailable

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def web_app(
    settings: Settings, lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]]
) -> FastAPI:
    """The web channel's FastAPI app: health and metrics routes and the error handlers; the
    composition root (``companion_bot.composition.create_app``) fills in its state. The
    OpenAPI pages are there when ``settings.serves_api_docs``, with their files served from
    the installed package (``api_docs``): no CDN."""
    app = FastAPI(
        title="companion-bot",
        version=companion_bot.__version__,
        lifespan=lifespan,
        description="Chat API of companion-bot. Log in for a session cookie or a bearer token; "
        "state-changing requests must be JSON (CSRF defence).",
        openapi_url="/openapi.json" if settings.serves_api_docs else None,
        docs_url=None,  # FastAPI's pages load their files from a CDN: api_docs serves ours
        redoc_url=None,
        # Any route may find the database down (outage.py), whatever else it answers.
        responses={503: error_doc("The database is unavailable: try again after Retry-After")},
    )
    app.include_router(health.router)
    app.include_router(metrics_router)
    app.state.api_docs = install_api_docs(app)
    _install_error_handlers(app)
    app.add_middleware(HttpMetrics)  # outside the error handling: counts the final status
    return app


def install_web_channel(
    app: FastAPI, settings: Settings, *, listener: Listener | None = None
) -> WebSender:
    """The chat page and API routes on ``app``, with their limiters and live stream; returns
    the web channel's sender. Needs ``app.state.sessionmaker``. ``listener`` (PostgreSQL) tells
    this process at once of logins ended and web messages stored by other processes."""
    app.state.passwords = Passwords(
        concurrency=settings.password_hash_concurrency,
        max_waiting=settings.password_hash_max_waiting,
    )
    # On SQLite, logins ended by any process (a CLI deletion, say) show in a signal file.
    path = signal_path(app.state.sessionmaker.kw["bind"].url, Topic.LOGINS)
    signal = SignalFile(path) if path is not None else None
    app.state.login_cache = LoginCache(listener, signal=signal)
    app.state.hub = sse.StreamHub(listener)
    app.state.web_sender = WebSender(app.state.sessionmaker, app.state.hub)
    install_limiters(app, settings)
    routers = (auth.router, chat.router, preferences.router, sse.router, linking.router)
    for router in (*routers, actions.router, undo.router, admin_flags_router, admin_report_router):
        app.include_router(router)
    app.include_router(account_router)
    calendar.install(app)
    app.add_middleware(ApiGuard, uploads={calendar.IMPORT_PATH: calendar.ICS_MEDIA_TYPE})
    docs: DocsPages = getattr(app.state, "api_docs", DocsPages({}))
    app.add_middleware(SecurityHeaders, page_policies=docs.policies)  # last = outermost
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    chat.route_messages_first(app)  # last: every route is in place

    sender: WebSender = app.state.web_sender
    return sender


def install_limiters(app: FastAPI, settings: Settings) -> None:
    """The user-facing rate limits on ``app.state``: in this process's memory, or in Redis
    when ``settings.limits_shared`` (several processes serve; ``app.state.limits_redis`` is
    then the client to close). The chat and the calendar feed count in this process alone
    while Redis is down; the login throttles refuse (503) instead: they guard passwords."""
    app.state.limits_redis = None
    limits = {
        "message_limiter": ("messages", settings.messages_per_minute, Outage.LOCAL),
        "login_limiter": ("login_account", auth.LOGIN_ATTEMPTS_PER_MINUTE, Outage.REFUSE),
        "login_address_limiter": (
            "login_address",
            settings.login_attempts_per_address_per_minute,
            Outage.REFUSE,
        ),
        "feed_limiter": ("calendar_feed", calendar.FEED_READS_PER_MINUTE, Outage.LOCAL),
    }
    if not settings.limits_shared:
        for attribute, (_, limit, _) in limits.items():
            setattr(app.state, attribute, RateLimiter(limit))
        return
    redis = app.state.limits_redis = redis_client(settings.redis_url)
    prefix = limits_prefix(settings.database_url)
    for attribute, (name, limit, outage) in limits.items():
        limiter: Limiter = RedisRateLimiter(redis, limit, name=name, outage=outage, prefix=prefix)
        setattr(app.state, attribute, limiter)


def _install_error_handlers(app: FastAPI) -> None:
    # Database unavailability, in every form it takes (storage/outage.py): 503 with
    # Retry-After. OutageGuard answers what escapes the handlers (streams, exception groups).
    async def unavailable(request: Request, exc: Exception) -> JSONResponse:
        if database_unavailable(exc):
            extra = {"action": "database_unavailable"}
            log.error("database unavailable", exc_info=exc, extra=extra)
            return unavailable_response()
        if isinstance(exc, OSError):
            log.error("cannot reach a backing service", exc_info=exc, extra={"action": "io_error"})
            return unavailable_response(SERVICE_DOWN)
        # A statement the database refused (constraint, syntax): a bug, not an outage.
        log.error("database error", exc_info=exc, extra={"action": "database_error"})
        return JSONResponse({"detail": "Something went wrong on our side."}, status_code=500)

    for error in (DBAPIError, PoolTimeoutError, OSError, *ASYNCPG_ERRORS):
        app.add_exception_handler(error, unavailable)
    app.add_middleware(OutageGuard)

    @app.exception_handler(LimiterUnavailableError)
    async def limiter_unavailable(request: Request, exc: LimiterUnavailableError) -> JSONResponse:
        # Logged once per outage by the limiter (ERROR) and counted in its metric.
        return unavailable_response(SERVICE_DOWN)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own answer, but with text UTF-8 cannot encode (a lone surrogate echoed
        # back in "input") escaped: else rendering the 422 fails and the client gets a 500.
        detail = _printable(jsonable_encoder(exc.errors()))
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 405:  # Allow names every method of the path, not one route's
            allowed = _allowed_methods(request)
            if allowed:
                exc.headers = {**(exc.headers or {}), "Allow": ", ".join(allowed)}
        return await http_exception_handler(request, exc)

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


def _printable(value: object) -> object:
    """``value`` (plain JSON types) with strings UTF-8 can encode: lone surrogates escaped."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, list):
        return [_printable(item) for item in value]
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    return value


def _allowed_methods(request: Request) -> list[str]:
    """The methods some route takes on the request's path (routers may be nested)."""
    routes = request.app.router.routes
    return [
        method
        for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
        if any(r.matches({**request.scope, "method": method})[0] is Match.FULL for r in routes)
    ]
