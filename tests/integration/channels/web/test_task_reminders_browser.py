"""A task reminder on the real page (issue 14, item 4), in Debian's Chromium (Playwright):
asked in the chat, marked ⏰ in the panel, and arriving in the open chat at its time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, expect
from web_helpers import PASSWORD, live_server, screenshot

from companion_bot.proactive.runner import run_pass
from companion_bot.testing import FrozenClock

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NEW_YORK = ZoneInfo("America/New_York")
#: 18:00 in New York on the day of the test clock (Wednesday 25 November 2026).
SIX_PM = dt.datetime(2026, 11, 25, 18, 0, tzinfo=NEW_YORK)


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """The page runs on the embedded default database."""
    return sqlite_url


async def test_asked_in_chat_listed_in_the_panel_and_reminded_live(
    app: FastAPI, browser: Browser, clock: FrozenClock
) -> None:
    async with live_server(app) as url:
        context = await browser.new_context(
            base_url=url,
            viewport={"width": 1280, "height": 800},
            locale="en-GB",
            timezone_id="America/New_York",
        )
        page = await context.new_page()
        await page.goto("/")
        form = page.locator("#signup-form")
        await form.locator("input[name=username]").fill("dan")
        await form.locator("input[name=password]").fill(PASSWORD)
        await form.locator("select[name=timezone]").select_option("America/New_York")
        await form.get_by_role("button", name="Sign up").click()
        await expect(page.locator("#who")).to_have_text("dan")

        await page.locator("#text").fill("remind me to call mom at 6pm")
        await page.locator("#text").press("Enter")

        await expect(page.locator("#messages li.bot").last).to_contain_text(
            "Okay — I'll remind you to call mom today at 6:00 PM."
        )
        task = page.locator("#schedule-list li")
        await expect(task.locator(".name")).to_have_text("⏰ call mom")
        await expect(task.locator(".when")).to_have_text("Wed 25 Nov, 18:00 · reminder")
        await expect(
            task.get_by_role("button", name="Cancel the reminder call mom")
        ).to_be_visible()

        clock.set(SIX_PM)
        await run_pass(app.state.proactive_handler, clock.now())

        reminder = page.locator("#messages li.bot.proactive")
        await expect(reminder).to_have_count(1)
        await expect(reminder.locator("span").first).to_have_text("⏰ Reminder: call mom")
        await screenshot(page, "web-task-reminder")
        await context.close()
