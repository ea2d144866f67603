"""Security headers on every HTTP response: pages, static files, the API, errors, the stream.

Pure ASGI: it only adds headers to ``http.response.start`` and passes the body through as
it comes, so the Server-Sent Events stream is never buffered. A header a route set itself
is kept.

The policy fits what the pages really load: ``index.html`` and the admin pages take their
scripts and stylesheets from ``/static`` (no inline ``<script>``, ``<style>``, ``style=""``
or ``on*=`` attribute; the admin charts are inline SVG, whose ``fill`` and ``font-*``
presentation attributes CSP does not govern), and ``fetch``/``EventSource`` go to the same
origin. The OpenAPI pages (``/docs``, ``/redoc``), when they are served at all, load Swagger
UI and ReDoc from their CDN with an inline start-up script, so those paths alone get a
looser policy; they show only the API description, never user data.
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)
_CDN = "https://cdn.jsdelivr.net"
DOCS_CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        f"script-src 'self' 'unsafe-inline' {_CDN}",
        f"style-src 'self' 'unsafe-inline' {_CDN} https://fonts.googleapis.com",
        "font-src 'self' https://fonts.gstatic.com",
        "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)
# no-referrer: nothing here reads Referer (the CSRF guard checks Origin, which same-origin
# fetch still sends), and links out (the Telegram deep link) should tell nobody where from.
COMMON = (
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
)


def _encoded(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[bytes, bytes], ...]:
    return tuple((name.encode("latin-1"), value.encode("latin-1")) for name, value in pairs)


def docs_paths(app: FastAPI) -> frozenset[str]:
    """The paths of the OpenAPI pages ``app`` serves (none when its OpenAPI is off)."""
    if app.openapi_url is None:
        return frozenset()
    paths = (app.docs_url, app.redoc_url, app.docs_url and app.swagger_ui_oauth2_redirect_url)
    return frozenset(p for p in paths if p)


class SecurityHeaders:
    """Adds CSP, ``X-Content-Type-Options``, ``X-Frame-Options`` and ``Referrer-Policy``.

    Register it last (outermost), so responses of the other middleware get them too. An
    exception that escapes the app before a response started is answered here with the
    same plain 500 that Starlette's outermost error middleware would send, but with these
    headers; the exception is re-raised for the server to log.
    """

    def __init__(self, app: ASGIApp, *, docs_paths: Iterable[str] = ()) -> None:
        self.app = app
        self.docs_paths = frozenset(docs_paths)
        self.headers = _encoded((("content-security-policy", CONTENT_SECURITY_POLICY), *COMMON))
        self.docs_headers = _encoded(
            (("content-security-policy", DOCS_CONTENT_SECURITY_POLICY), *COMMON)
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.docs_headers if scope["path"] in self.docs_paths else self.headers
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend((n, v) for n, v in extra if n not in present)
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if not started:
                await _internal_error(send_with_headers)
            raise


async def _internal_error(send: Send) -> None:
    body = b"Internal Server Error"
    length = str(len(body)).encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", length)]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": body})
