"""The morning summary in the Settings dialog, in Debian's Chromium (Playwright): off for a
new account, ticked with a time and saved, read back when the dialog opens again, and the
next morning the day's meetings arrive in the open chat at that time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, expect
from web_helpers import DESKTOP, live_server, say_on_page, screenshot, sign_up_on_page

from companion_bot.proactive.runner import run_pass
from companion_bot.testing import FrozenClock

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BERLIN = ZoneInfo("Europe/Berlin")
#: The day after the test clock's (Wednesday 25 November 2026), 07:15 in Berlin.
THURSDAY_7_15 = dt.datetime(2026, 11, 26, 7, 15, tzinfo=BERLIN)


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """The page runs on the embedded default database."""
    return sqlite_url


async def test_ticked_in_settings_and_delivered_the_next_morning(
    app: FastAPI, browser: Browser, clock: FrozenClock
) -> None:
    async with live_server(app) as url:
        context = await browser.new_context(
            base_url=url, viewport=DESKTOP, locale="en-GB", timezone_id="Europe/Berlin"
        )
        page = await context.new_page()
        await sign_up_on_page(page, "ada")
        await say_on_page(page, "standup tomorrow at 9:30")
        await expect(page.locator("#schedule-list li")).to_have_count(1)

        await page.get_by_role("button", name="Settings").click()
        settings = page.locator("#settings")
        summary = settings.get_by_label("Morning summary: the day's meetings in one message")
        await expect(summary).not_to_be_checked()
        await summary.check()
        await settings.get_by_label("Send it at").fill("07:15")
        await screenshot(page, "settings-morning-summary")
        await settings.get_by_role("button", name="Save").click()
        await expect(settings).to_be_hidden()

        await page.get_by_role("button", name="Settings").click()
        await expect(summary).to_be_checked()
        await expect(settings.get_by_label("Send it at")).to_have_value("07:15")
        await expect(settings.get_by_label("also on days with nothing planned")).not_to_be_checked()
        await settings.get_by_role("button", name="Cancel").click()

        for minutes in (0, 1):
            clock.set(THURSDAY_7_15 + dt.timedelta(minutes=minutes))
            await run_pass(app.state.proactive_handler, clock.now())

        agenda = page.locator("#messages li.bot.proactive")
        await expect(agenda).to_have_count(1)
        await expect(agenda.locator("span").first).to_have_text(
            "Good morning! Today: 9:30 AM standup."
        )
        await screenshot(page, "web-morning-summary")
        await context.close()
