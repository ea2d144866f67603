"""The Undo toast after a cancel in the upcoming panel, in Debian's Chromium (Playwright):
announced, reachable and pressed with the keyboard, the meeting back after Undo; axe-core
finds nothing wrong with it (light and dark)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, Page, expect
from web_helpers import PASSWORD, live_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parents[4] / ".cache" / "axe" / "node_modules" / "axe-core"
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)"""


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    return sqlite_url


async def _chat_with_a_meeting(browser: Browser, url: str, **options: Any) -> Page:
    context = await browser.new_context(
        base_url=url,
        viewport={"width": 1280, "height": 800},
        timezone_id="Europe/Berlin",
        **options,
    )
    page = await context.new_page()
    await page.goto("/")
    form = page.locator("#signup-form")
    await form.locator("input[name=username]").fill("ada")
    await form.locator("input[name=password]").fill(PASSWORD)
    await form.get_by_role("button", name="Sign up").click()
    await page.locator("#text").fill("Dentist tomorrow at 3pm")
    await page.locator("#text").press("Enter")
    await expect(page.locator("#schedule-list li")).to_have_count(1)
    return page


async def test_cancel_shows_an_undo_toast_that_brings_the_meeting_back_by_keyboard(
    app: FastAPI, browser: Browser
) -> None:
    async with live_server(app) as url:
        page = await _chat_with_a_meeting(browser, url)
        meetings = page.locator("#schedule-list li")
        toast = page.get_by_role("status").filter(has_text="Cancelled")

        await page.get_by_role("button", name="Cancel dentist appointment").focus()
        await page.keyboard.press("Enter")

        await expect(meetings).to_have_count(0)
        await expect(toast).to_have_text("Cancelled “dentist appointment” · Undo")
        await expect(toast).to_have_attribute("aria-live", "polite")
        undo = toast.get_by_role("button", name="Undo")
        await expect(undo).to_be_focused()

        await page.keyboard.press("Enter")

        answer = page.locator("#toast")
        await expect(answer).to_have_text(
            "Undone: the dentist appointment is back on Thu Nov 26 at 3:00 PM."
        )
        await expect(meetings).to_have_count(1)
        await expect(meetings).to_contain_text("dentist appointment")
        await expect(page.get_by_role("heading", name="Upcoming meetings")).to_be_focused()
        await page.context.close()


async def test_the_undo_toast_has_no_axe_violations(
    app: FastAPI, browser: Browser, unavailable: Any
) -> None:
    if not (AXE / "axe.min.js").exists():
        unavailable(f"{AXE}/axe.min.js is missing: run `make axe` (the pinned axe-core)")
    async with live_server(app) as url:
        # bypass_csp: axe goes in as an inline <script> (only this test's context does this).
        page = await _chat_with_a_meeting(browser, url, bypass_csp=True)
        await page.get_by_role("button", name="Cancel dentist appointment").click()
        await expect(page.locator("#toast")).to_contain_text("Undo")
        await page.add_script_tag(path=str(AXE / "axe.min.js"))

        light = await page.evaluate(RUN_AXE)
        await page.emulate_media(color_scheme="dark")
        dark = await page.evaluate(RUN_AXE)

        assert (light, dark) == ([], [])
        await page.context.close()
