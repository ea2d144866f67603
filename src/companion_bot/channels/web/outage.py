"""Database unavailability over HTTP: 503 with ``Retry-After``, never a 500 or a dropped
connection.

The exception handlers (``app._install_error_handlers``) answer what an endpoint or a
dependency raises. :class:`OutageGuard` (pure ASGI, inside the metrics middleware) catches
what gets past them: a failure wrapped in an exception group, or raised after the response
started (a live stream polling the database) or after it was sent (a dependency's teardown).
A started stream cannot turn into a 503, so it is ended cleanly instead; the browser
reconnects with ``Last-Event-ID`` and misses nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from companion_bot.storage.outage import unavailability_in

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
DATABASE_DOWN = "The database is unavailable; try again shortly."
SERVICE_DOWN = "A backing service is unavailable; try again shortly."


def unavailable_response(detail: str = DATABASE_DOWN) -> JSONResponse:
    """503 with ``Retry-After`` and a JSON ``detail``."""
    return JSONResponse(
        {"detail": detail},
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


@dataclass
class _Progress:
    started: bool = False
    finished: bool = False
    sized: bool = False  # the response declared a Content-Length


class OutageGuard:
    """Turns database unavailability that escaped the exception handlers into a 503, a
    cleanly ended stream, or (after a complete response) a log line; re-raises the rest."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        progress = _Progress()

        async def tracked(message: Message) -> None:
            if message["type"] == "http.response.start":
                progress.started = True
                names = {name.lower() for name, _ in message.get("headers", ())}
                progress.sized = b"content-length" in names
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                progress.finished = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            cause = unavailability_in(exc)
            if cause is None or (progress.started and progress.sized and not progress.finished):
                raise  # not an outage, or a sized body cut short: nothing clean to send
            await _recover(scope, receive, send, progress, cause)


async def _recover(
    scope: Scope, receive: Receive, send: Send, progress: _Progress, cause: BaseException
) -> None:
    extra = {"action": "database_unavailable", "path": scope.get("path", "")}
    if progress.finished:
        log.warning("database unavailable after the response", exc_info=cause, extra=extra)
    elif progress.started:
        log.warning("database unavailable: stream ended early", exc_info=cause, extra=extra)
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    else:
        log.error("database unavailable", exc_info=cause, extra=extra)
        await unavailable_response()(scope, receive, send)
