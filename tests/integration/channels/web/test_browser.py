"""The chat page in Debian's Chromium (Playwright, no downloaded browsers), on a phone screen."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, Page, expect
from web_helpers import PASSWORD, live_server, screenshot

from companion_bot.ports import OutboundMessage

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EVIL = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 1">'


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """The page runs on the embedded default database."""
    return sqlite_url


async def _phone(browser: Browser, url: str) -> Page:
    context = await browser.new_context(
        base_url=url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        timezone_id="Europe/Berlin",
    )
    return await context.new_page()


async def _shot(page: Page, name: str) -> None:
    await screenshot(page, f"web-{name}", full_page=True)


async def _sign_up(page: Page, username: str) -> None:
    await page.goto("/")
    form = page.locator("#signup-form")
    await expect(form.locator("select[name=timezone]")).to_have_value("Europe/Berlin")
    await _shot(page, "1-onboarding")
    await form.locator("input[name=username]").fill(username)
    await form.locator("input[name=password]").fill(PASSWORD)
    await form.get_by_role("button", name="Sign up").click()
    await expect(page.locator("#who")).to_have_text(username)


async def _say(page: Page, text: str) -> None:
    await page.locator("#text").fill(text)
    await page.locator("#text").press("Enter")


async def test_meeting_confirmation_panel_and_live_proactive_message(
    app: FastAPI, browser: Browser
) -> None:
    async with live_server(app) as url:
        page = await _phone(browser, url)
        await _sign_up(page, "ada")

        await _say(page, "Team meeting 3-4 PM Friday")
        bot = page.locator("#messages li.bot")
        await expect(bot).to_have_count(1)
        await expect(bot.first).to_contain_text(re.compile("team meeting", re.I))
        meeting = page.locator("#schedule-list li")
        await expect(meeting).to_have_count(1)
        await expect(meeting.locator(".name")).to_contain_text(re.compile("team meeting", re.I))
        await expect(meeting.locator(".when")).to_have_text("Fri 27 Nov, 15:00–16:00")
        await expect(page.locator("body")).to_have_attribute("data-live", "on")
        await _shot(page, "2-meeting")

        user = await page.evaluate("fetch('/api/auth/me').then(r => r.json())")
        result = await app.state.web_sender.send(
            OutboundMessage(user_id=user["id"], text="Team meeting in 30 minutes. Ready?")
        )
        assert result.delivered
        proactive = page.locator("#messages li.proactive")
        await expect(proactive).to_have_text(re.compile("^Team meeting in 30 minutes. Ready?"))
        await _shot(page, "3-proactive")


async def test_a_repeating_standup_is_listed_each_time_and_one_is_cancelled_alone(
    app: FastAPI, browser: Browser
) -> None:
    async with live_server(app) as url:
        page = await _phone(browser, url)
        await _sign_up(page, "rae")

        await _say(page, "standup every weekday at 9:30")
        items = page.locator("#schedule-list li")
        await expect(items).to_have_count(11)  # two weeks of weekdays and the next one
        await expect(items.first.locator(".when")).to_have_text("Thu 26 Nov, 9:30")
        await expect(items.locator(".repeat")).to_have_text(["↻ every weekday at 9:30 AM"] * 11)
        await page.get_by_role("tab", name=re.compile("Upcoming")).click()
        await page.get_by_role("button", name="Cancel standup on Fri 27 Nov, 9:30").click()
        await expect(items).to_have_count(10)
        await expect(items.nth(1).locator(".when")).to_have_text("Mon 30 Nov, 9:30")
        await _shot(page, "9-repeating")


async def test_markup_in_messages_and_meeting_names_shows_as_text(
    app: FastAPI, browser: Browser
) -> None:
    async with live_server(app) as url:
        page = await _phone(browser, url)
        await _sign_up(page, "eve")
        await _say(page, f"Team meeting 3-4 PM Friday {EVIL}")
        await expect(page.locator("#messages li.bot")).to_have_count(1)
        schedule_id = await page.locator("#schedule-list li").first.get_attribute("data-id")
        status = await page.evaluate(
            """([id, name]) => fetch(`/api/schedules/${id}`, {
                method: "PATCH", headers: {"Content-Type": "application/json"},
                body: JSON.stringify({event_name: name})}).then(r => r.status)""",
            [schedule_id, EVIL],
        )
        assert status == 200
        await _say(page, "thanks")  # every reply refreshes the panel
        name = page.locator("#schedule-list .name")
        await expect(name).to_have_text(EVIL)
        await expect(page.locator("#messages li.user").first).to_contain_text(EVIL)
        assert await page.evaluate("window.pwned") is None
        assert (
            await page.locator("#messages img, #schedule-list img, script:not([src])").count() == 0
        )
        await _shot(page, "4-escaped")


async def test_link_telegram_shows_a_code_and_refuses_a_wrong_one(
    app: FastAPI, browser: Browser
) -> None:
    # A server with a Telegram bot (its runtime as linking sees it; the Bot API is not needed).
    app.state.telegram_runtime = SimpleNamespace(bot_username="companion_test_bot")
    async with live_server(app) as url:
        page = await _phone(browser, url)
        await _sign_up(page, "lin")

        await page.get_by_role("tab", name=re.compile("^Upcoming")).click()  # the panel, on a phone
        await page.get_by_role("button", name="Get a link code").click()
        await expect(page.locator("#link-code")).to_have_text(
            re.compile(
                r"^([A-Z2-9]{8}) — Open https://t\.me/companion_test_bot\?start=\1, or send "
                r"/link \1 to the bot in Telegram"
            )
        )
        await expect(page.get_by_role("link", name="Open the bot in Telegram")).to_have_attribute(
            "href", re.compile(r"^https://t\.me/companion_test_bot\?start=[A-Z2-9]{8}$")
        )
        await page.get_by_label("Code from Telegram").fill("WRONG234")
        await page.get_by_role("button", name="Link", exact=True).click()
        await expect(page.locator("#link-error")).to_contain_text("doesn't work")
        await _shot(page, "5-link-telegram")
