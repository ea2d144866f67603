"""Security headers on every HTTP response: pages, static files, the API, errors, the stream.

Pure ASGI: it only adds headers to ``http.response.start`` and passes the body through as
it comes, so the Server-Sent Events stream is never buffered. A header a route set itself
is kept.

The policy fits what the pages really load: ``index.html`` and the admin pages take their
scripts and stylesheets from ``/static`` (no inline ``<script>``, ``<style>``, ``style=""``
or ``on*=`` attribute; the admin charts are inline SVG, whose ``fill`` and ``font-*``
presentation attributes CSP does not govern), and ``fetch``/``EventSource`` go to the same
origin. The OpenAPI pages (``/docs``, ``/redoc``), when they are served at all, get a policy
of their own (``api_docs.page_policy``): their files come from this origin too, and only their
own inline start-up script is allowed, by hash; they show only the API description, never
user data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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
# no-referrer: nothing here reads Referer (the CSRF guard checks Origin, which same-origin
# fetch still sends), and links out (the Telegram deep link) should tell nobody where from.
COMMON = (
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
)


def _encoded(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[bytes, bytes], ...]:
    return tuple((name.encode("latin-1"), value.encode("latin-1")) for name, value in pairs)


class SecurityHeaders:
    """Adds CSP, ``X-Content-Type-Options``, ``X-Frame-Options`` and ``Referrer-Policy``.

    Register it last (outermost), so responses of the other middleware get them too. An
    exception that escapes the app before a response started is answered here with the
    same plain 500 that Starlette's outermost error middleware would send, but with these
    headers; the exception is re-raised for the server to log.
    """

    def __init__(self, app: ASGIApp, *, page_policies: Mapping[str, str] | None = None) -> None:
        """``page_policies``: paths (the OpenAPI pages) with a policy of their own."""
        self.app = app
        self.headers = _encoded((("content-security-policy", CONTENT_SECURITY_POLICY), *COMMON))
        self.page_headers = {
            path: _encoded((("content-security-policy", policy), *COMMON))
            for path, policy in (page_policies or {}).items()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.page_headers.get(scope["path"], self.headers)
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
