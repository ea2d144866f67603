"""Undo on the page, in Debian's Chromium (Playwright). The toast after a cancel in the
upcoming panel: announced, reachable and pressed with the keyboard, the meeting back after
Undo. The Undo button under a reply that changed a meeting (issue 14, item 3): pressed by
keyboard or by touch at 1280×800 and 390×844 it takes that change back and says so; it
goes after "undo" is typed, after a change in the panel, and after 10 minutes. axe-core
finds nothing wrong with either (light and dark)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, Locator, Page, expect
from web_helpers import (
    PASSWORD,
    live_server,
    page_context,
    say_on_page,
    screenshot,
    sign_up_on_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parents[4] / ".cache" / "axe" / "node_modules" / "axe-core"
SCHEMES: tuple[Literal["light", "dark"], ...] = ("light", "dark")
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

        await page.get_by_role("button", name="Cancel dentist").focus()
        await page.keyboard.press("Enter")

        await expect(meetings).to_have_count(0)
        await expect(toast).to_have_text("Cancelled “dentist” · Undo")
        await expect(toast).to_have_attribute("aria-live", "polite")
        undo = toast.get_by_role("button", name="Undo")
        await expect(undo).to_be_focused()

        await page.keyboard.press("Enter")

        answer = page.locator("#toast")
        await expect(answer).to_have_text("Undone: the dentist is back on Thu Nov 26 at 3:00 PM.")
        await expect(meetings).to_have_count(1)
        await expect(meetings).to_contain_text("dentist")
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
        await page.get_by_role("button", name="Cancel dentist").click()
        await expect(page.locator("#toast")).to_contain_text("Undo")
        await page.add_script_tag(path=str(AXE / "axe.min.js"))

        light = await page.evaluate(RUN_AXE)
        await page.emulate_media(color_scheme="dark")
        dark = await page.evaluate(RUN_AXE)

        assert (light, dark) == ([], [])
        await page.context.close()


async def _axe_light_and_dark(page: Page) -> list[str]:
    """What axe-core finds on the page in the light and in the dark colour scheme."""
    found: list[str] = []
    for scheme in SCHEMES:
        await page.emulate_media(color_scheme=scheme)
        found += await page.evaluate(RUN_AXE)
    return found


async def test_the_undo_under_a_reply_and_its_answer_have_no_axe_violations(
    app: FastAPI, browser: Browser, unavailable: Any
) -> None:
    if not (AXE / "axe.min.js").exists():
        unavailable(f"{AXE}/axe.min.js is missing: run `make axe` (the pinned axe-core)")
    async with live_server(app) as url:
        page = await _chat_with_a_meeting(browser, url, bypass_csp=True)
        undo = page.get_by_role("button", name="Undo: dentist")
        await expect(undo).to_be_visible()
        await page.add_script_tag(path=str(AXE / "axe.min.js"))

        offered = await _axe_light_and_dark(page)
        await undo.click()
        await expect(page.locator("#messages .feedback")).to_contain_text("Undone")
        answered = await _axe_light_and_dark(page)

        assert (offered, answered) == ([], [])
        await page.context.close()


# -- Undo under the bot's reply that changed a meeting (issue 14, item 3) --------------------


async def _new_york_chat(browser: Browser, url: str, *, phone: bool) -> Page:
    """Dan's chat page, signed up in New York, at 390×844 (touch) or 1280×800."""
    context = await page_context(browser, url, phone=phone, zone="America/New_York")
    page = await context.new_page()
    await page.clock.install()  # the page's timers run as usual, and can be jumped ahead
    await sign_up_on_page(page, "dan", zone="America/New_York")
    return page


async def _reply_to(page: Page, text: str) -> Locator:
    """Say ``text``; the bot's reply, once it shows."""
    replies = page.locator("#messages li.bot")
    before = await replies.count()
    await say_on_page(page, text)
    await expect(replies).to_have_count(before + 1)
    return replies.last


@pytest.mark.parametrize("phone", [False, True], ids=["desktop-keyboard", "phone-tap"])
async def test_undo_under_the_reply_removes_the_meeting_the_message_noted(
    app: FastAPI, browser: Browser, phone: bool
) -> None:
    async with live_server(app) as url:
        page = await _new_york_chat(browser, url, phone=phone)
        meetings = page.locator("#schedule-list li")
        await _reply_to(page, "Team meeting 3-4 PM Friday")
        await expect(meetings.filter(has_text="team meeting")).to_contain_text(
            "Fri 27 Nov, 15:00–16:00"
        )
        reply = await _reply_to(page, "lunch with Maria at noon on Thursday")
        undo = reply.get_by_role("button", name="Undo: lunch with Maria")
        await expect(undo).to_have_text("Undo")
        await expect(page.locator("#messages .undo")).to_have_count(1)  # under the newest only
        await screenshot(page, "14-03-undo-under-the-reply")

        if phone:
            await undo.tap()
        else:  # from the message box, one Shift+Tab back is the Undo button
            await page.locator("#text").focus()
            await page.keyboard.press("Shift+Tab")
            await expect(undo).to_be_focused()
            await page.keyboard.press("Enter")

        answer = reply.locator(".feedback")
        await expect(answer).to_have_text('Undone: I removed "lunch with Maria".')
        await expect(page.locator("#messages .undo")).to_have_count(0)
        await expect(meetings).to_have_count(1)
        await expect(meetings).not_to_contain_text("lunch with Maria")
        if not phone:
            await expect(answer).to_be_focused()  # the keyboard stays where it was
        await screenshot(page, "14-03-undone-from-the-reply")
        await page.context.close()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
async def test_a_move_by_chat_is_undone_by_typing_undo_and_its_button_goes(
    app: FastAPI, browser: Browser, phone: bool
) -> None:
    async with live_server(app) as url:
        page = await _new_york_chat(browser, url, phone=phone)
        call = page.locator("#schedule-list li").filter(has_text="Berlin office")
        await _reply_to(page, "Call with the Berlin office next Monday 10-10:30")
        moved = await _reply_to(page, "the berlin call got moved to 11")
        await expect(call).to_contain_text("Mon 30 Nov, 11:00–11:30")
        await expect(
            moved.get_by_role("button", name="Undo: call with Berlin office")
        ).to_have_count(1)

        undone = await _reply_to(page, "undo")

        await expect(undone).to_contain_text(
            "Undone: the call with Berlin office is back at 10:00 AM on Mon Nov 30."
        )
        await expect(call).to_contain_text("Mon 30 Nov, 10:00–10:30")
        await expect(page.locator("#messages .undo")).to_have_count(0)
        await screenshot(page, "14-03-undo-typed-after-a-move")
        if phone:  # the meeting as the phone's Upcoming tab shows it
            await page.get_by_role("tab", name="Upcoming").click()
            await expect(call).to_be_visible()
            await screenshot(page, "14-03-undo-typed-after-a-move-upcoming")
        await page.context.close()


async def test_the_undo_under_a_reply_goes_when_the_panel_changes_that_meeting(
    app: FastAPI, browser: Browser
) -> None:
    async with live_server(app) as url:
        page = await _new_york_chat(browser, url, phone=False)
        reply = await _reply_to(page, "dentist tomorrow at 3pm")
        await expect(reply.get_by_role("button", name="Undo: dentist")).to_be_visible()

        await page.get_by_role("button", name="Cancel dentist").click()

        await expect(page.locator("#toast")).to_contain_text("Undo")  # the cancel's own Undo
        await expect(page.locator("#messages .undo")).to_have_count(0)
        await page.context.close()


async def test_the_undo_under_a_reply_goes_after_ten_minutes(
    app: FastAPI, browser: Browser
) -> None:
    async with live_server(app) as url:
        page = await _new_york_chat(browser, url, phone=True)
        reply = await _reply_to(page, "dentist tomorrow at 3pm")
        await expect(reply.get_by_role("button", name="Undo: dentist")).to_be_visible()

        await page.clock.fast_forward("09:59")
        await expect(page.locator("#messages .undo")).to_have_count(1)
        await page.clock.fast_forward("00:02")

        await expect(page.locator("#messages .undo")).to_have_count(0)
        await page.context.close()
