"""Editing a meeting in the upcoming panel (issue 14, item 6), in Debian's Chromium: name,
date, start and end changed in a form, in the account's zone whatever the browser's; the
API's refusals as sentences beside the form, which stays open with what was typed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, Locator, Page, expect
from web_helpers import live_server, page_context, say_on_page, screenshot, sign_up_on_page

from companion_bot.ports import OutboundMessage

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BOTH_SIZES = pytest.mark.parametrize("phone", [True, False], ids=["390x844", "1280x800"])


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """The page runs on the embedded default database."""
    return sqlite_url


async def _schedules(page: Page) -> list[dict[str, Any]]:
    """The upcoming meetings as the API has them."""
    items: list[dict[str, Any]] = await page.evaluate(
        "fetch('/api/schedules').then(r => r.json()).then(p => p.items)"
    )
    return items


async def _panel(page: Page, phone: bool) -> Locator:
    if phone:  # the panel is a tab of its own on a phone
        await page.get_by_role("tab", name=re.compile("^Upcoming")).tap()
    return page.locator("#schedule-list")


@BOTH_SIZES
async def test_edit_a_meetings_name_date_start_and_end_in_the_panel(
    app: FastAPI, browser: Browser, phone: bool
) -> None:
    async with live_server(app) as url:
        # The browser is in New York; the account, and every time on the page, in Berlin.
        context = await page_context(browser, url, phone=phone, zone="America/New_York")
        page = await context.new_page()
        await sign_up_on_page(page, "ada", zone="Europe/Berlin")
        await say_on_page(page, "Team meeting 3-4 PM Friday")
        await expect(page.locator("#upcoming-count")).to_have_text("1")
        meeting = (await _panel(page, phone)).locator("li")
        edit = meeting.get_by_role("button", name=re.compile("^Edit "))

        await edit.click()
        form = meeting.get_by_role("form")
        await expect(form.get_by_label("Name")).to_be_focused()
        await expect(form.get_by_label("Date")).to_have_value("2026-11-27")
        await expect(form.get_by_label("Start")).to_have_value("15:00")
        await expect(form.get_by_label("End")).to_have_value("16:00")
        # The fields are drawn in the browser's format; beside them, the page's own.
        preview = form.locator(".preview")
        await expect(preview).to_have_text("Fri 27 Nov, 15:00–16:00 (Europe/Berlin time)")
        await form.get_by_label("Name").fill("Planning with Maria")
        await form.get_by_label("Date").fill("2026-11-30")
        await form.get_by_label("Start").fill("09:30")
        await expect(form.get_by_label("End")).to_have_value("10:30")  # keeps its hour
        await form.get_by_label("End").fill("11:15")
        await expect(preview).to_have_text("Mon 30 Nov, 9:30–11:15 (Europe/Berlin time)")
        await expect(form).to_be_in_viewport()
        await screenshot(page, "14-06-panel-edit-form")
        await form.get_by_role("button", name="Save").click()

        await expect(meeting.locator(".name")).to_have_text("Planning with Maria")
        await expect(meeting.locator(".when")).to_have_text("Mon 30 Nov, 9:30–11:15")
        await expect(edit).to_be_focused()
        [stored] = await _schedules(page)
        assert (stored["event_name"], stored["start_time"], stored["end_time"]) == (
            "Planning with Maria",
            "2026-11-30T09:30:00+01:00",
            "2026-11-30T11:15:00+01:00",
        )

        # By keyboard: Enter opens the form, Escape closes it unchanged, Enter saves.
        await page.keyboard.press("Enter")
        await expect(form.get_by_label("Name")).to_be_focused()
        await form.get_by_label("Name").fill("Not this")
        await page.keyboard.press("Escape")
        await expect(form).to_have_count(0)
        await expect(meeting.locator(".name")).to_have_text("Planning with Maria")
        await expect(edit).to_be_focused()
        await page.keyboard.press("Enter")
        await form.get_by_label("End").fill("")  # cleared: no end
        await form.get_by_label("End").press("Enter")
        await expect(meeting.locator(".when")).to_have_text("Mon 30 Nov, 9:30")
        [stored] = await _schedules(page)
        assert stored["end_time"] is None
        assert stored["start_time"] == "2026-11-30T09:30:00+01:00"
        await context.close()


@BOTH_SIZES
async def test_a_clash_an_end_before_the_start_and_an_empty_name_keep_the_form(
    app: FastAPI, browser: Browser, phone: bool
) -> None:
    async with live_server(app) as url:
        context = await page_context(browser, url, phone=phone)
        page = await context.new_page()
        await sign_up_on_page(page, "ada")
        await say_on_page(page, "Team meeting 3-4 PM Friday")
        await expect(page.locator("#messages li.bot")).to_have_count(1)
        await say_on_page(page, "Design review Monday 10am")
        await expect(page.locator("#upcoming-count")).to_have_text("2")
        team, review = await _schedules(page)
        panel = await _panel(page, phone)
        meeting = panel.locator(f"li[data-id='{review['id']}']")
        await meeting.get_by_role("button", name=re.compile("^Edit ")).click()
        form = meeting.get_by_role("form")
        error = form.get_by_role("alert")

        # The other meeting's name at its time: the API's 409, as a sentence.
        await form.get_by_label("Name").fill(team["event_name"])
        await form.get_by_label("Date").fill("2026-11-27")
        await form.get_by_label("Start").fill("15:00")
        await form.get_by_role("button", name="Save").click()
        await expect(error).to_have_text(
            f"You already have “{team['event_name']}” at that time. Choose another time or name."
        )
        await expect(form.get_by_label("Start")).to_have_attribute("aria-invalid", "true")
        await expect(form.get_by_label("Start")).to_be_focused()
        await screenshot(page, "14-06-panel-edit-clash")

        # A reply arriving draws the panel again: the form stays, as typed.
        user = await page.evaluate("fetch('/api/auth/me').then(r => r.json())")
        sent = await app.state.web_sender.send(
            OutboundMessage(user_id=user["id"], text="Team meeting in 30 minutes. Ready?")
        )
        assert sent.delivered
        await expect(page.locator("#upcoming-count")).to_have_text("2")
        await expect(form.get_by_label("Name")).to_have_value(team["event_name"])
        await expect(form.get_by_label("Date")).to_have_value("2026-11-27")
        await expect(error).not_to_be_empty()

        await form.get_by_label("Name").fill("Design review")
        await form.get_by_label("Date").fill("2026-11-30")
        await form.get_by_label("Start").fill("10:00")
        await form.get_by_label("End").fill("09:00")
        await form.get_by_role("button", name="Save").click()
        await expect(error).to_have_text(
            "The meeting can't end before it starts. Pick a later end, or clear it for no end."
        )
        await expect(form.get_by_label("End")).to_have_attribute("aria-invalid", "true")
        await expect(form.get_by_label("End")).to_be_focused()
        await expect(form.get_by_label("Start")).to_have_attribute("aria-invalid", "false")

        await form.get_by_label("End").fill("11:00")
        await form.get_by_label("Name").fill("")
        await form.get_by_role("button", name="Save").click()
        await expect(error).to_have_text("The meeting name can't be empty.")
        await expect(form.get_by_label("Name")).to_have_attribute("aria-invalid", "true")
        assert await _schedules(page) == [team, review]  # nothing changed so far

        await form.get_by_label("Name").fill("Design review, final")
        await form.get_by_role("button", name="Save").click()
        await expect(form).to_have_count(0)
        await expect(meeting.locator(".when")).to_have_text("Mon 30 Nov, 10:00–11:00")
        stored = {s["id"]: s for s in await _schedules(page)}
        assert stored[review["id"]]["event_name"] == "Design review, final"
        assert stored[team["id"]] == team
        await context.close()
