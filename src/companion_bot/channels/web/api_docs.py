"""The OpenAPI pages, ``/docs`` (Swagger UI) and ``/redoc`` (ReDoc), that work offline.

FastAPI's own pages load Swagger UI and ReDoc from a CDN; these take the same files from the
installed ``fastapi-offline`` package, served by this app under :data:`ASSETS`, so the pages
work with no internet and the browser talks to no other host. Each page is rendered once, at
start-up, and its Content-Security-Policy allows its own inline start-up script by hash
(:func:`page_policy`) instead of ``'unsafe-inline'``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

#: Where the Swagger UI and ReDoc files are served.
ASSETS = "/docs-static"
DOCS_URL, REDOC_URL = "/docs", "/redoc"

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def asset_directory() -> Path:
    """The directory of ``swagger-ui-bundle.js``, ``swagger-ui.css``, ``redoc.standalone.js``
    and ``favicon.png`` in the installed ``fastapi-offline`` package."""
    return Path(str(resources.files("fastapi_offline") / "static"))


def _sources(pattern: re.Pattern[str], html: str) -> list[str]:
    digests = (hashlib.sha256(body.encode()).digest() for body in pattern.findall(html))
    return [f"'sha256-{base64.b64encode(d).decode()}'" for d in digests]


def page_policy(html: str, *, redoc: bool = False) -> str:
    """The Content-Security-Policy of one OpenAPI page: everything from this origin, its own
    inline ``<script>`` and ``<style>`` blocks by hash, and nothing from any other host.

    ``redoc``: ReDoc writes ``<style>`` elements as it renders (styled-components), which no
    hash can name, so its styles get ``'unsafe-inline'`` (a style can neither run code nor
    send data anywhere under this policy), and it builds its search worker from a ``blob:``.
    Its "API docs by Redocly" link asks Redocly's CDN for a logo: refused, the link shows
    without it."""
    scripts = " ".join(["'self'", *_sources(_INLINE_SCRIPT, html)])
    styles = " ".join(["'self'", *_sources(_INLINE_STYLE, html)])
    workers = "'self'"
    if redoc:
        styles, workers = "'self' 'unsafe-inline'", "'self' blob:"
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {scripts}",
            f"style-src {styles}",
            "img-src 'self' data:",  # the icons in Swagger UI's and ReDoc's stylesheets
            f"worker-src {workers}",
            "connect-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        )
    )


@dataclass(frozen=True, slots=True)
class DocsPages:
    """The OpenAPI pages an app serves: path -> its Content-Security-Policy."""

    policies: dict[str, str]


def install_api_docs(app: FastAPI) -> DocsPages:
    """``/docs``, ``/redoc`` and their files on ``app`` when it serves ``/openapi.json``
    (create it with ``docs_url=None, redoc_url=None``); nothing otherwise."""
    openapi_url = app.openapi_url
    if openapi_url is None:
        return DocsPages({})
    app.mount(ASSETS, StaticFiles(directory=asset_directory()), name="docs-static")
    swagger = get_swagger_ui_html(
        openapi_url=openapi_url,
        title=f"{app.title} - Swagger UI",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon.png",
        swagger_ui_parameters=app.swagger_ui_parameters,
    )
    redoc = get_redoc_html(
        openapi_url=openapi_url,
        title=f"{app.title} - ReDoc",
        redoc_js_url=f"{ASSETS}/redoc.standalone.js",
        redoc_favicon_url=f"{ASSETS}/favicon.png",
        with_google_fonts=False,
    )

    @app.get(DOCS_URL, include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return HTMLResponse(swagger.body)

    @app.get(REDOC_URL, include_in_schema=False)
    async def redoc_page() -> HTMLResponse:
        return HTMLResponse(redoc.body)

    return DocsPages(
        {
            DOCS_URL: page_policy(bytes(swagger.body).decode()),
            REDOC_URL: page_policy(bytes(redoc.body).decode(), redoc=True),
        }
    )
