"""Issue 14's conversation on the real page, in Debian's Chromium (Playwright), for a New
York account: a change keeps the meeting's date and length (item 1), an unsure reading is
asked about and a press of Yes notes it, small talk gets a human answer (item 2), exact
words stay exact (item 7), and an impossible time is asked about (item 10)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, Page, expect
from web_helpers import live_server, page_context, say_on_page, screenshot, sign_up_on_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """The page runs on the embedded default database."""
    return sqlite_url


async def _reply_to(page: Page, text: str) -> str:
    """Say ``text``; the bot's reply once it shows."""
    replies = page.locator("#messages li.bot")
    before = await replies.count()
    await say_on_page(page, text)
    await expect(replies).to_have_count(before + 1)
    return await replies.last.locator("span").first.inner_text()


def _meeting(page: Page, name: str) -> object:
    return page.locator("#schedule-list li").filter(has_text=name)


async def test_changes_keep_the_date_unsure_readings_ask_and_words_stay_exact(
    app: FastAPI, browser: Browser
) -> None:
    async with live_server(app) as url:
        context = await page_context(browser, url, phone=False, zone="America/New_York")
        page = await context.new_page()
        await sign_up_on_page(page, "dan", zone="America/New_York")

        # Item 1: the call is next Monday 10-10:30; moved "to 11", it stays on Monday.
        await _reply_to(page, "Call with the Berlin office next Monday 10-10:30")
        await expect(_meeting(page, "Berlin office")).to_contain_text("Mon 30 Nov, 10:00–10:30")
        await _reply_to(page, "the berlin call got moved to 11")
        await expect(_meeting(page, "Berlin office")).to_contain_text("Mon 30 Nov, 11:00–11:30")

        # Item 2: an unsure reading is asked about, with Yes / No; Yes notes it.
        asked = await _reply_to(page, "tomorrow. lunch with Sam?")
        assert asked.startswith("Did you mean a lunch with Sam tomorrow?")
        await expect(_meeting(page, "lunch with Sam")).to_have_count(0)
        buttons = page.locator("#messages li.bot").last.get_by_role("button")
        await expect(buttons).to_have_text(["Yes", "No"])
        await screenshot(page, "14-02-did-you-mean-yes-no")
        await buttons.filter(has_text="Yes").click()
        await expect(_meeting(page, "lunch with Sam")).to_contain_text("Thu 26 Nov")
        await expect(page.locator("#messages .answers")).to_have_count(0)  # answered
        # A day without a time is said as the day, with its morning note: not "around 12 AM".
        noted = page.locator("#messages li.bot").last
        await expect(noted).to_contain_text(
            "lunch with Sam tomorrow. No time was given, so I'll send you a note that morning "
            "at 8 AM."
        )
        tired = await _reply_to(page, "I'm tired today")
        assert "meeting" not in tired.lower() and "got it" not in tired.lower()

        # Item 7: noon is 12:00, not "around 12 PM", and Maria keeps her capital.
        await _reply_to(page, "lunch with Maria at noon on Friday")
        await expect(_meeting(page, "lunch with Maria")).to_contain_text("Fri 27 Nov, 12:00")
        await screenshot(page, "14-01-02-07-conversation")
        await context.close()


@pytest.mark.parametrize("phone", [True, False], ids=["390x844", "1280x800"])
async def test_an_impossible_time_is_asked_about_and_nothing_is_noted(
    app: FastAPI, browser: Browser, phone: bool
) -> None:
    """Item 10: "meeting at 25:00 tomorrow" gets a question, not an all-day meeting."""
    async with live_server(app) as url:
        context = await page_context(browser, url, phone=phone)
        page = await context.new_page()
        await sign_up_on_page(page, "ada", zone="Europe/Berlin")
        asked = await _reply_to(page, "meeting at 25:00 tomorrow")
        assert asked == "25:00 isn't a time I know — what time is the meeting tomorrow?"
        await expect(page.locator("#messages li.bot").last).to_be_in_viewport()
        stored = await (await page.request.get("/api/schedules")).json()
        assert stored["items"] == []  # the reply came after the message was read: final
        await expect(page.locator("#schedule-list li")).to_have_count(0)
        await expect(page.locator("#upcoming-count")).to_have_text("")
        await screenshot(page, "14-10-impossible-time")
        await context.close()
