"""The calendar feed and the .ics import in Settings, in Debian's Chromium (Playwright): the
link shows once made and a calendar app (no cookie) reads it; a new link ends the old one;
an imported file's summary is a sentence and its meetings appear in the panel; axe finds
nothing wrong with the Settings dialog on the way."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, Dialog, Page, expect
from test_accessibility_browser import AXE, ROOT, RUN_AXE
from web_helpers import DESKTOP, live_server, say_on_page, screenshot, sign_up_on_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FILE = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example Corp//Calendar 1.0//EN\r
BEGIN:VEVENT\r
UID:review@example.com\r
SUMMARY:Quarterly review\r
DTSTART:20261202T140000Z\r
DTEND:20261202T153000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:offsite@example.com\r
SUMMARY:Team offsite\r
DTSTART;VALUE=DATE:20261203\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:kickoff@example.com\r
SUMMARY:Project kickoff\r
DTSTART:20261102T090000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:team@example.com\r
SUMMARY:Team meeting\r
DTSTART:20261127T140000Z\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    return sqlite_url


@pytest.fixture
def axe_script(unavailable: Any) -> Path:
    if not AXE.exists():
        unavailable(f"{AXE.relative_to(ROOT)} is missing: run `make axe` (the pinned axe-core)")
    return AXE


async def violations(page: Page, axe: Path) -> list[dict[str, Any]]:
    if not await page.evaluate("typeof axe !== 'undefined'"):
        await page.add_script_tag(path=str(axe))
    found: list[dict[str, Any]] = await page.evaluate(RUN_AXE, "#settings")
    return found


async def read_feed(url: str) -> httpx.Response:
    """The feed as a calendar app reads it: another client, no cookie."""
    async with httpx.AsyncClient() as calendar_app:
        return await calendar_app.get(url)


async def test_settings_make_a_feed_link_and_import_a_calendar_file(
    app: FastAPI, browser: Browser, axe_script: Path
) -> None:
    async with live_server(app) as url:
        # bypass_csp: axe goes in as an inline <script>, which the page's policy refuses.
        context = await browser.new_context(
            base_url=url,
            viewport=DESKTOP,
            locale="en-GB",
            timezone_id="Europe/Berlin",
            bypass_csp=True,
        )
        await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
        page = await context.new_page()

        async def accept(dialog: Dialog) -> None:
            await dialog.accept()

        page.on("dialog", accept)
        await sign_up_on_page(page, "ada")
        await say_on_page(page, "Team meeting 3-4 PM Friday")
        await expect(page.locator("#schedule-list li")).to_have_count(1)

        await page.get_by_role("button", name="Settings").click()
        settings = page.locator("#settings")
        await expect(settings.locator("#feed-state")).to_have_text("Off: no link yet.")
        await settings.get_by_role("button", name="Create link").click()
        link = settings.get_by_label("Your calendar link")
        await expect(link).to_have_value(re.compile(rf"^{re.escape(url)}/calendar/[\w-]+\.ics$"))
        first = await link.input_value()
        await settings.get_by_role("button", name="Copy").click()
        await expect(settings.locator("#feed-copied")).to_have_text("Copied.")
        assert await page.evaluate("navigator.clipboard.readText()") == first
        feed = await read_feed(first)
        assert feed.status_code == 200 and b"SUMMARY:team meeting" in feed.content
        assert await violations(page, axe_script) == []
        await screenshot(page, "calendar-feed-link")

        await settings.get_by_role("button", name="Regenerate link").click()
        await expect(link).not_to_have_value(first)
        second = await link.input_value()
        assert (await read_feed(first)).status_code == 404
        assert (await read_feed(second)).status_code == 200

        await settings.get_by_label("Calendar file (.ics)").set_input_files(
            {"name": "work.ics", "mimeType": "text/calendar", "buffer": FILE}
        )
        await settings.get_by_role("button", name="Import").click()
        await expect(settings.locator("#import-done")).to_have_text(
            "Added 2 meetings; skipped 1 already on your list and 1 in the past."
        )
        assert await violations(page, axe_script) == []
        await screenshot(page, "calendar-import-summary")
        await settings.get_by_role("button", name="Cancel").click()

        names = page.locator("#schedule-list .name")
        await expect(names).to_have_text(["team meeting", "Quarterly review", "Team offsite"])
        whens = page.locator("#schedule-list .when")
        await expect(whens.nth(1)).to_have_text("Wed 2 Dec, 15:00–16:30")
        await expect(whens.nth(2)).to_have_text("Thu 3 Dec")

        await page.get_by_role("button", name="Settings").click()
        await expect(settings.locator("#feed-state")).to_contain_text("On since 25 November 2026")
        await settings.get_by_role("button", name="Turn off").click()
        await expect(settings.locator("#feed-state")).to_have_text("Off: no link yet.")
        assert (await read_feed(second)).status_code == 404
        await context.close()
