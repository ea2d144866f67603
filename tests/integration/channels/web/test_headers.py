"""Security headers on every response, pages without inline script or style, and the OpenAPI
pages served outside production only unless ``COMPANION_API_DOCS`` says otherwise."""

from __future__ import annotations

import asyncio
import re
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Response
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from web_helpers import PASSWORD, Signup, live_server

from companion_bot.channels.web.headers import CONTENT_SECURITY_POLICY
from companion_bot.config import load_settings
from companion_bot.storage import users

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
PRODUCTION = {"environment": "production", "secret_key": "a-real-secret-" + "x" * 24}


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """Headers do not depend on the database."""
    return sqlite_url


def _assert_secured(response: httpx.Response, *, csp: str = CONTENT_SECURITY_POLICY) -> None:
    expected = {**SECURITY_HEADERS, "content-security-policy": csp}
    got = {name: response.headers.get_list(name) for name in expected}
    assert got == {name: [value] for name, value in expected.items()}, response.request.url


def test_the_policy_allows_no_inline_script_and_keeps_framing_and_forms_home() -> None:
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    assert {"default-src", "connect-src", "base-uri", "form-action", "img-src"} <= set(directives)


async def test_every_kind_of_response_carries_the_headers(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    anonymous = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
    async with anonymous:
        responses = {
            "page": await client.get("/"),
            "static file": await client.get("/static/app.js"),
            "API JSON": await client.get("/api/auth/me"),
            "health": await client.get("/healthz"),
            "401": await anonymous.get("/api/auth/me"),
            "404 route": await client.get("/no/such/page"),
            "404 static": await client.get("/static/no-such.css"),
            "422": await client.post("/api/messages", json={}),
            "415 from the guard": await client.post("/api/messages", content=b"text=hi"),
            "admin 403 page": await client.get("/admin"),
            "admin 401 page": await anonymous.get("/admin/flags"),
        }
    statuses = {kind: r.status_code for kind, r in responses.items()}
    assert statuses == {
        "page": 200,
        "static file": 200,
        "API JSON": 200,
        "health": 200,
        "401": 401,
        "404 route": 404,
        "404 static": 404,
        "422": 422,
        "415 from the guard": 415,
        "admin 403 page": 403,
        "admin 401 page": 401,
    }
    for response in responses.values():
        _assert_secured(response)


async def test_an_unhandled_error_still_carries_the_headers(app: FastAPI) -> None:
    async def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/test-broken", broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/test-broken")
    assert (response.status_code, response.text) == (500, "Internal Server Error")
    _assert_secured(response)


async def test_a_header_the_route_set_itself_is_kept(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    async def embeddable() -> Response:
        headers = {
            "Content-Security-Policy": "frame-ancestors 'self'",
            "X-Frame-Options": "SAMEORIGIN",
        }
        return Response("ok", headers=headers)

    app.add_api_route("/test-embeddable", embeddable)
    response = await client.get("/test-embeddable")
    assert response.headers.get_list("content-security-policy") == ["frame-ancestors 'self'"]
    assert response.headers.get_list("x-frame-options") == ["SAMEORIGIN"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


async def test_the_live_stream_carries_the_headers_and_is_not_buffered(app: FastAPI) -> None:
    async with live_server(app) as url, httpx.AsyncClient(base_url=url, timeout=5.0) as api:
        response = await api.post(
            "/api/auth/signup",
            json={"username": "ada", "password": PASSWORD, "timezone": "Europe/Berlin"},
        )
        auth = {"Authorization": f"Bearer {response.json()['token']}"}
        async with api.stream("GET", "/api/stream", headers=auth) as stream:
            # The first bytes arrive long before the stream ends (25 s): nothing buffers them.
            first = await asyncio.wait_for(anext(stream.aiter_bytes()), timeout=5.0)
            assert first.startswith(b"retry: ")
            assert stream.headers["content-type"].startswith("text/event-stream")
            assert stream.headers["cache-control"] == "no-cache"
            _assert_secured(stream)


class _InlineFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, handlers, styles."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script":
            if not names.get("src"):
                self.found.append("<script> without src")
            else:
                self.scripts.append(names["src"] or "")
        if tag == "style":
            self.found.append("<style>")
        if tag == "link" and names.get("rel") == "stylesheet":
            self.stylesheets.append(names.get("href") or "")
        for name, _ in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action"} and (names[name] or "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")


def _inline(html: str) -> _InlineFinder:
    finder = _InlineFinder()
    finder.feed(html)
    finder.close()
    return finder


async def test_no_page_has_inline_script_or_style(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("root")
    sm: async_sessionmaker[AsyncSession] = app.state.sessionmaker
    async with sm() as session, session.begin():
        await users.set_admin(session, username="root", is_admin=True)
    anonymous = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
    async with anonymous:
        pages = {
            "/ (static/index.html)": (await client.get("/")).text,
            "/admin": (await client.get("/admin")).text,
            "/admin bad window": (await client.get("/admin?since=yesterdayish")).text,
            "/admin/flags": (await client.get("/admin/flags")).text,
            "/admin logged out": (await anonymous.get("/admin")).text,
        }
    assert "<svg" in pages["/admin"]  # the charts are there, inline SVG
    for name, html in pages.items():
        found = _inline(html)
        assert found.found == [], name
        for url in found.stylesheets + found.scripts:
            assert (await client.get(url)).status_code == 200, (name, url)


@pytest.mark.parametrize(
    ("settings_overrides", "served"),
    [
        ({}, True),
        ({"api_docs": False}, False),
        (PRODUCTION, False),
        ({**PRODUCTION, "api_docs": True}, True),
    ],
    ids=["dev", "dev-off", "production", "production-on"],
)
async def test_openapi_pages_only_where_enabled(
    client: httpx.AsyncClient, settings_overrides: dict[str, Any], served: bool
) -> None:
    spec, docs, redoc = (
        await client.get("/openapi.json"),
        await client.get("/docs"),
        await client.get("/redoc"),
    )
    assert [r.status_code for r in (spec, docs, redoc)] == [200 if served else 404] * 3
    _assert_secured(spec)
    if served:
        assert spec.json()["info"]["title"] == "companion-bot"
        assert "SwaggerUIBundle" in docs.text and "<redoc spec-url" in redoc.text
        for page in (docs, redoc):
            policy = _directives(page.headers["content-security-policy"])
            assert policy["script-src"].startswith("'self'") and "http" not in str(policy)
            assert "'unsafe-inline'" not in policy["script-src"]
            assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    else:
        _assert_secured(docs)
        assert (await client.get("/docs-static/swagger-ui-bundle.js")).status_code == 404


def _directives(policy: str) -> dict[str, str]:
    return dict(d.split(" ", 1) for d in policy.split("; "))


async def test_the_openapi_pages_load_only_this_servers_files(client: httpx.AsyncClient) -> None:
    """No CDN: every script, stylesheet and icon of /docs and /redoc is a path on this server
    that answers 200, and the pages' inline start-up script is allowed by its hash only."""
    for path in ("/docs", "/redoc"):
        page = await client.get(path)
        assert page.status_code == 200, path
        urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert urls and all(url.startswith("/") and not url.startswith("//") for url in urls)
        for url in urls:
            asset = await client.get(url)
            assert asset.status_code == 200 and asset.content, (path, url)
        assert "cdn" not in page.text.lower() and "googleapis" not in page.text
    swagger_policy = _directives((await client.get("/docs")).headers["content-security-policy"])
    assert swagger_policy["style-src"] == "'self'"
    assert re.fullmatch(r"'self' 'sha256-[A-Za-z0-9+/]+=*'", swagger_policy["script-src"])


@pytest.mark.parametrize(
    ("environ", "api_docs", "served"),
    [
        ({}, None, True),
        ({"COMPANION_API_DOCS": ""}, None, True),
        ({"COMPANION_ENVIRONMENT": "production"}, None, False),
        ({"COMPANION_ENVIRONMENT": "production", "COMPANION_API_DOCS": "true"}, True, True),
        ({"COMPANION_API_DOCS": "false"}, False, False),
    ],
)
def test_the_api_docs_setting_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], api_docs: bool | None, served: bool
) -> None:
    monkeypatch.setenv("COMPANION_SECRET_KEY", PRODUCTION["secret_key"])
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(_env_file=None)
    assert (settings.api_docs, settings.serves_api_docs) == (api_docs, served)
    assert settings.masked()["COMPANION_API_DOCS"] == ("" if api_docs is None else str(api_docs))
