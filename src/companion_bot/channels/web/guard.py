"""Request guard for the JSON API: CSRF defence and a body-size limit (pure ASGI, cheap).

CSRF: the session cookie is ``SameSite=Lax``, and every state-changing ``/api/`` request
(POST, PUT, PATCH, DELETE) must carry ``Content-Type: application/json`` — which an HTML form
on another site cannot send, and a cross-site ``fetch`` cannot send without a CORS preflight
this app never grants. A present ``Origin`` header must also match the ``Host``. A file
upload route (``uploads``: path -> media type, e.g. an ``.ics`` file as ``text/calendar``)
takes its own media type instead, which a cross-site form cannot send either, and checks its
own size limit.

A request that no route takes (unknown path, or a method the path does not allow) is let
through instead of refused: the router's 404 or 405 (with ``Allow``) is the truer answer, and
nothing runs that could change state.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import urlsplit

from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_BODY_BYTES = 256 * 1024
#: The request headers the guard reads (ASGI names them in lower case; the last of a name
#: counts): only these are decoded, not every header of every write.
_READ = frozenset({b"content-type", b"origin", b"host", b"content-length", b"transfer-encoding"})


class ApiGuard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int = MAX_BODY_BYTES,
        uploads: Mapping[str, str] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.uploads = dict(uploads or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in UNSAFE_METHODS
            or not scope["path"].startswith("/api/")
        ):
            await self.app(scope, receive, send)
            return
        headers = {
            k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"] if k in _READ
        }
        refusal = self._refusal(headers, upload=self.uploads.get(scope["path"]))
        if refusal is not None and _routed(scope):
            await _reply(send, *refusal)
            return
        await self.app(scope, receive, send)

    def _refusal(self, headers: dict[str, str], *, upload: str | None) -> tuple[int, str] | None:
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if upload is not None and media_type != upload:
            return 415, f"Send the file as 'Content-Type: {upload}'."
        if upload is None and media_type != "application/json":
            return 415, "Send JSON: 'Content-Type: application/json' (also for empty bodies)."
        origin = headers.get("origin")
        if origin and urlsplit(origin).netloc != headers.get("host", ""):
            return 403, "Cross-site request refused (Origin does not match Host)."
        length = headers.get("content-length", "")
        if not length.isdigit() and "transfer-encoding" in headers:
            return 411, "Send a Content-Length header."
        if upload is None and length.isdigit() and int(length) > self.max_body_bytes:
            return 413, f"Request body too large; the limit is {self.max_body_bytes} bytes."
        return None


def _routed(scope: Scope) -> bool:
    """Whether a route takes this path and method (checked only for requests refused)."""
    router = getattr(scope.get("app"), "router", None)
    routes = getattr(router, "routes", None)
    if routes is None:
        return True  # not under a Starlette app: refuse as before
    return any(route.matches(scope)[0] is Match.FULL for route in routes)


async def _reply(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
