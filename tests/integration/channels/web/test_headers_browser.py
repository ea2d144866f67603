"""The pages under their Content-Security-Policy in Debian's Chromium: nothing is refused, a
message goes out and comes back live, the admin pages keep their look."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, ConsoleMessage, Page, expect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from web_helpers import PASSWORD, live_server

from companion_bot.ports import OutboundMessage
from companion_bot.storage import users

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Every violation of the page's policy is recorded here, whatever the browser logs.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    return sqlite_url


async def _watched_page(browser: Browser, url: str, problems: list[str]) -> Page:
    context = await browser.new_context(base_url=url, timezone_id="Europe/Berlin")
    await context.add_init_script(RECORD_VIOLATIONS)
    page = await context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        # Not "Failed to load resource" (the 401 before signing in, the favicon's 404).
        if message.type == "error" and "Failed to load resource" not in message.text:
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page


async def _violations(page: Page) -> list[str]:
    found: list[str] = await page.evaluate("window.cspViolations")
    return found


async def test_the_chat_page_works_under_its_policy(app: FastAPI, browser: Browser) -> None:
    problems: list[str] = []
    async with live_server(app) as url:
        page = await _watched_page(browser, url, problems)
        response = await page.goto("/")
        assert (
            response is not None
            and "script-src 'self'" in response.headers["content-security-policy"]
        )
        form = page.locator("#signup-form")
        await form.locator("input[name=username]").fill("ada")
        await form.locator("input[name=password]").fill(PASSWORD)
        await form.get_by_role("button", name="Sign up").click()
        await expect(page.locator("#who")).to_have_text("ada")
        await expect(page.locator("body")).to_have_attribute("data-live", "on")

        await page.locator("#text").fill("Team meeting 3-4 PM Friday")
        await page.locator("#text").press("Enter")
        await expect(page.locator("#messages li.bot")).to_have_count(1)
        await expect(page.locator("#schedule-list li")).to_have_count(1)

        user = await page.evaluate("fetch('/api/auth/me').then(r => r.json())")
        await app.state.web_sender.send(OutboundMessage(user_id=user["id"], text="Live one."))
        await expect(page.locator("#messages li.proactive")).to_contain_text("Live one.")

        assert await _violations(page) == []
    assert problems == []


async def test_the_admin_pages_keep_their_style_under_the_policy(
    app: FastAPI, browser: Browser
) -> None:
    problems: list[str] = []
    async with live_server(app) as url:
        page = await _watched_page(browser, url, problems)
        await page.goto("/admin")  # not logged in: the message page
        await expect(page.locator("h1")).to_have_text("Log in first")
        await expect(page.locator("body")).to_have_css("margin-top", "24px")  # 1.5rem

        await page.goto("/")
        status = await page.evaluate(
            """(password) => fetch("/api/auth/signup", {method: "POST",
                headers: {"Content-Type": "application/json"},
                body: JSON.stringify({username: "root", password, timezone: "UTC"})})
                .then(r => r.status)""",
            PASSWORD,
        )
        assert status == 201
        sm: async_sessionmaker[AsyncSession] = app.state.sessionmaker
        async with sm() as session, session.begin():
            await users.set_admin(session, username="root", is_admin=True)

        await page.goto("/admin")
        await expect(page.locator("h1")).to_have_text("Success metrics")
        await expect(page.locator("section").first).to_have_css(
            "background-color", "rgb(255, 255, 255)"
        )
        await expect(page.locator("body")).to_have_css("max-width", "960px")  # 60rem

        await page.goto("/admin/flags")
        jobs = page.locator('tr[data-flag="proactive_jobs"]')
        await expect(jobs.locator('[data-field="state"]')).to_have_css(
            "color",
            re.compile(r"rgb\(6, 118, 71\)"),  # .on
        )
        await jobs.locator("input[name=enabled]").uncheck()
        await jobs.get_by_role("button", name="Save").click()
        await expect(page.locator("#status")).to_have_text("proactive_jobs: off at 100 %, saved.")

        assert await _violations(page) == []
    assert problems == []
