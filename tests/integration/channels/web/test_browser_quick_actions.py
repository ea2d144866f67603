"""The buttons under a live reminder on the chat page, in Debian's Chromium (Playwright)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, expect
from web_helpers import PASSWORD, live_server

from companion_bot.testing import FrozenClock

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REMINDER_AT = dt.datetime(2026, 11, 26, 13, 0, tzinfo=dt.UTC)


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    return sqlite_url


async def test_not_a_meeting_under_a_live_reminder_cancels_it(
    app: FastAPI, browser: Browser, clock: FrozenClock
) -> None:
    async with live_server(app) as url:
        context = await browser.new_context(
            base_url=url, viewport={"width": 390, "height": 844}, timezone_id="Europe/Berlin"
        )
        page = await context.new_page()
        await page.goto("/")
        form = page.locator("#signup-form")
        await form.locator("input[name=username]").fill("ada")
        await form.locator("input[name=password]").fill(PASSWORD)
        await form.get_by_role("button", name="Sign up").click()
        await page.locator("#text").fill("Dentist tomorrow at 2:30 PM")
        await page.locator("#text").press("Enter")
        await expect(page.locator("#schedule-list li")).to_have_count(1)
        await expect(page.locator("body")).to_have_attribute("data-live", "on")

        clock.set(REMINDER_AT)
        await app.state.proactive_handler.check_and_send_preparation_reminders(REMINDER_AT)
        reminder = page.locator("#messages li.proactive")
        buttons = reminder.locator(".actions button")
        await expect(buttons).to_have_text(["Thanks", "Snooze 10 min", "Not a meeting"])
        await reminder.get_by_role("button", name="Not a meeting").click()

        await expect(reminder.locator(".actions")).to_have_text(re.compile("off your list"))
        await expect(buttons).to_have_count(0)
        await expect(page.locator("#schedule-list li")).to_have_count(0)
        await context.close()
