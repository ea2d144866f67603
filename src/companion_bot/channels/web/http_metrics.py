"""Counts and times every HTTP request by route template, method and status (pure ASGI).

The route is the template the router matched (``/api/schedules/{schedule_id}``, mounts as
``/static/{path}``), read from the scope after the app ran, never the raw path: a request no
route matched is ``unmatched``, so the number of series stays bounded whatever clients send.
An exception that escapes the app before it answered counts as the 500 the server then
sends; a request cancelled before any answer (the client went away, the server stopped) as
499, nginx's "client closed request", so it does not look like a server error.
"""

from __future__ import annotations

import time

from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from companion_bot.ops import metrics

CLIENT_CLOSED = 499


def route_template(scope: Scope) -> str:
    """The matched route's path template, or :data:`metrics.UNMATCHED_ROUTE`.

    Routes put themselves in ``scope["route"]``; a mount leaves only its app as
    ``scope["endpoint"]``, so it is looked up among the app's mounts.
    """
    route = scope.get("route")
    endpoint = scope.get("endpoint")
    if route is None and endpoint is not None:
        routes = getattr(scope.get("app"), "routes", ())
        route = next((r for r in routes if isinstance(r, Mount) and r.app is endpoint), None)
    template = getattr(route, "path_format", None)
    return template if isinstance(template, str) and template else metrics.UNMATCHED_ROUTE


class HttpMetrics:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: int | None = None

        async def timed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        unanswered = CLIENT_CLOSED  # cancelled before any answer
        try:
            await self.app(scope, receive, timed)
            unanswered = 500  # returned without answering: the server sends a 500
        except Exception:
            unanswered = 500  # the server answers a 500
            raise
        finally:
            seconds = time.perf_counter() - started
            answered = unanswered if status is None else status
            metrics.observe_request(route_template(scope), scope["method"], answered, seconds)
