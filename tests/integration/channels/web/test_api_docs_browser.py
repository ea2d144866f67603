"""The OpenAPI pages with no internet, in Debian's Chromium: every request to another host is
refused, and /docs still lists the operations (and /redoc the API), with nothing refused by
the pages' Content-Security-Policy, on a desktop (1280×800) and a phone (390×844)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, ConsoleMessage, Page, Route, expect
from web_helpers import DESKTOP, PHONE, live_server, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    return sqlite_url


async def _offline_page(
    browser: Browser, url: str, elsewhere: list[str], problems: list[str]
) -> Page:
    """A page whose requests to any host but ``url`` fail (recorded in ``elsewhere``)."""
    context = await browser.new_context(base_url=url, viewport=DESKTOP)
    await context.add_init_script(RECORD_VIOLATIONS)

    async def only_this_server(route: Route) -> None:
        if route.request.url.startswith(url + "/"):
            await route.continue_()
        else:
            elsewhere.append(route.request.url)
            await route.abort("internetdisconnected")

    await context.route("**/*", only_this_server)
    page = await context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page


async def test_docs_and_redoc_render_with_no_internet(app: FastAPI, browser: Browser) -> None:
    elsewhere: list[str] = []
    problems: list[str] = []
    async with live_server(app) as url:
        page = await _offline_page(browser, url, elsewhere, problems)

        await page.goto("/docs")
        operations = page.locator(".opblock-summary-path")
        await expect(operations.filter(has_text="/api/messages").first).to_be_visible()
        assert await operations.count() >= 20
        await expect(page.locator(".opblock-tag-section").first).to_be_visible()
        await screenshot(page, "14-10-docs-offline")
        await page.set_viewport_size(PHONE)
        await expect(operations.first).to_be_in_viewport()
        await expect(operations.filter(has_text="/api/messages").first).to_be_visible()
        await screenshot(page, "14-10-docs-offline")
        assert await page.evaluate("window.cspViolations") == []

        await page.goto("/redoc")
        await expect(page.locator("h1").first).to_contain_text("companion-bot")
        await expect(page.get_by_text("/api/messages").first).to_be_attached()
        # ReDoc's "API docs by Redocly" link always tries its logo from Redocly's CDN (and
        # hides the image when it fails); the policy refuses it before any request is made.
        refused = await page.evaluate("window.cspViolations")
        assert set(refused) <= {f"img-src {REDOC_LOGO}"}

    assert elsewhere == []  # the pages never even asked another host
    assert [p for p in problems if REDOC_LOGO not in p] == []
