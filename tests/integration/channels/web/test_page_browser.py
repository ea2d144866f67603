"""The chat page for people (issue 14, page side), in Debian's Chromium (Playwright): a phone
layout that fits, errors in sentences, offline sending, no double sends (a reply still being
written is waited for), the 4,000-character limit, and every time in the account's zone.
What people see is checked, and kept in ``artifacts/``, at 390×844 and 1280×800."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import uuid
import zoneinfo
from typing import Any

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, Page, Route, expect
from web_helpers import (
    PASSWORD,
    live_server,
    page_context,
    say_on_page,
    screenshot,
    sign_up_on_page,
)

from companion_bot.channels.web.chat import REPLY_PENDING

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The tests of what people see at both sizes: a phone (390×844) and a desktop (1280×800).
BOTH_SIZES = pytest.mark.parametrize("phone", [True, False], ids=["390x844", "1280x800"])
OFFLINE = "You're offline — the message will be sent when you're back."

# Where an element is and whether its text is cut: its box against the window, its content
# against its own width, and how many lines its text takes (boxes side by side are one line).
MEASURE = """(el) => {
  const box = el.getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(el);
  const rects = [...range.getClientRects()].filter((r) => r.height > 0)
    .sort((a, b) => a.top - b.top);
  let lines = 0, bottom = -Infinity;
  for (const r of rects) {
    if (r.top >= bottom - 1) lines += 1;
    bottom = Math.max(bottom, r.bottom);
  }
  return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
          scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, lines,
          width: innerWidth, height: innerHeight};
}"""


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """The page runs on the embedded default database."""
    return sqlite_url


async def _stored(page: Page) -> list[dict[str, Any]]:
    """The chat history as the API has it."""
    items: list[dict[str, Any]] = await page.evaluate(
        "fetch('/api/messages').then(r => r.json()).then(p => p.items)"
    )
    return items


async def test_phone_header_fits_one_scroll_area_and_the_panel_is_one_tap_away(
    app: FastAPI, browser: Browser
) -> None:
    async with live_server(app) as url:
        context = await page_context(browser, url)
        page = await context.new_page()
        await sign_up_on_page(page, "daniela_rodriguez")
        await say_on_page(page, "Team meeting 3-4 PM Friday")
        await expect(page.locator("#messages li.bot")).to_have_count(1)
        await expect(page.locator("#upcoming-count")).to_have_text("1")
        await say_on_page(page, "So much to say. " * 120)  # more than a screen of chat
        await expect(page.locator("#messages li.bot")).to_have_count(2)

        for selector in ("h1", "#who", "#open-settings", "#logout", "#tab-chat", "#tab-panel"):
            m = await page.locator(selector).evaluate(MEASURE)
            assert m["left"] >= 0 and m["right"] <= m["width"], (selector, m)
            assert m["top"] >= 0 and m["bottom"] <= m["height"], (selector, m)
            assert m["scrollWidth"] <= m["clientWidth"], (selector, m)  # no text cut off
            assert m["lines"] == 1, (selector, m)
        await expect(page.locator("#who")).to_have_text("daniela_rodriguez")

        # One scroll area: the page itself does not scroll, the messages do.
        scroll = await page.evaluate(
            """() => {
              const list = document.querySelector("#messages");
              return {page: document.scrollingElement.scrollHeight, window: innerHeight,
                      list: list.scrollHeight, shown: list.clientHeight, top: list.scrollTop};
            }"""
        )
        assert scroll["page"] <= scroll["window"], scroll
        assert scroll["list"] > scroll["shown"], scroll
        assert scroll["top"] + scroll["shown"] >= scroll["list"] - 1, scroll  # at the end
        composer = await page.locator("#composer").evaluate(MEASURE)
        assert composer["bottom"] <= composer["height"], composer
        await screenshot(page, "14-08-header-and-chat")

        panel = page.get_by_role("heading", name="Upcoming meetings")
        await expect(panel).to_be_hidden()
        await page.locator("#tab-panel").tap()
        await expect(panel).to_be_in_viewport()
        meeting = page.locator("#schedule-list li")
        await expect(meeting.locator(".when")).to_have_text("Fri 27 Nov, 15:00–16:00")
        await expect(meeting).to_be_in_viewport()
        await expect(page.locator("#text")).to_be_hidden()
        await screenshot(page, "14-08-upcoming-tab")
        await page.locator("#tab-chat").tap()
        await expect(page.locator("#text")).to_be_in_viewport()
        await context.close()

        # A wide screen keeps chat and panel side by side, with no tabs.
        context = await page_context(browser, url, phone=False)
        page = await context.new_page()
        await page.goto("/")
        form = page.locator("#login-form")
        await form.locator("input[name=username]").fill("daniela_rodriguez")
        await form.locator("input[name=password]").fill(PASSWORD)
        await form.get_by_role("button", name="Log in").click()
        await expect(page.locator("#schedule-list li")).to_be_visible()
        await expect(page.locator("#views")).to_be_hidden()
        chat = await page.locator("#chat").bounding_box()
        side = await page.locator("#panel").bounding_box()
        assert chat is not None and side is not None
        assert chat["x"] + chat["width"] <= side["x"] and abs(chat["y"] - side["y"]) < 1
        await screenshot(page, "14-08-header-and-chat")
        await context.close()


@BOTH_SIZES
async def test_sign_up_shows_the_rules_first_and_errors_as_sentences(
    app: FastAPI, browser: Browser, phone: bool
) -> None:
    async with live_server(app) as url:
        context = await page_context(browser, url, phone=phone)
        page = await context.new_page()
        await page.goto("/")
        form = page.locator("#signup-form")
        await expect(form.locator("#username-rules")).to_have_text(
            "3 to 64 letters, digits and _ . - (no spaces)"
        )
        await expect(form.locator("#password-rules")).to_have_text("At least 8 characters.")
        await expect(form.get_by_label("Username")).to_have_attribute(
            "aria-describedby", "username-rules"
        )

        await form.get_by_label("Username").fill("dan iel!")
        await form.get_by_label("Password").fill("short")
        await form.get_by_role("button", name="Sign up").click()
        error = page.locator("#signup-error")
        await expect(error).to_have_text(
            "Usernames can only use letters, digits and _ . - (no spaces or other symbols). "
            "Password needs at least 8 characters."
        )
        await expect(form.get_by_label("Username")).to_have_attribute("aria-invalid", "true")
        await expect(error).to_be_in_viewport()
        await screenshot(page, "14-09-sign-up-rules-and-error")

        # What the API answers (FastAPI's validator wording) becomes the same sentences.
        raw = await page.evaluate(
            """() => fetch("/api/auth/signup", {method: "POST",
                 headers: {"Content-Type": "application/json"},
                 body: JSON.stringify({username: "dan iel!", password: "x", timezone: "Nowhere"})
               }).then(async (r) => [r.status, await r.text()])"""
        )
        assert raw[0] == 422 and "String should match pattern" in raw[1]
        shown = await page.evaluate(
            """() => api("POST", "/api/auth/signup",
                 {username: "dan iel!", password: "x", timezone: "Nowhere"})
               .catch((e) => e.message)"""
        )
        assert shown == (
            "Usernames can only use letters, digits and _ . - (no spaces or other symbols). "
            "Password needs at least 8 characters. Pick your time zone from the list."
        )
        short = await page.evaluate(
            """() => api("POST", "/api/auth/signup",
                 {username: "da", password: "long enough", timezone: "UTC"})
               .catch((e) => e.message)"""
        )
        assert short == "Username needs at least 3 characters."

        await form.get_by_label("Username").fill("daniela")
        await form.get_by_label("Password").fill(PASSWORD)
        await form.get_by_role("button", name="Sign up").click()
        await expect(page.locator("#who")).to_have_text("daniela")
        await context.close()


@BOTH_SIZES
async def test_a_message_sent_offline_goes_out_once_when_back_online(
    app: FastAPI, browser: Browser, phone: bool
) -> None:
    keys: list[str] = []

    async def record(route: Route) -> None:
        if route.request.method == "POST":
            keys.append(route.request.headers["idempotency-key"])
        await route.continue_()

    async with live_server(app) as url:
        context = await page_context(browser, url, phone=phone)
        page = await context.new_page()
        await sign_up_on_page(page, "ada")
        await page.route("**/api/messages", record)
        note = page.locator("#offline-note")
        await expect(note).to_be_hidden()

        await context.set_offline(True)
        await expect(note).to_have_text(re.compile("^You're offline"))
        await say_on_page(page, "Team meeting 3-4 PM Friday")
        await expect(note).to_have_text(OFFLINE)
        pending = page.locator("#messages li.pending")
        await expect(pending).to_contain_text("Team meeting 3-4 PM Friday")
        await expect(pending.locator(".status")).to_have_text("Waiting for a connection…")
        await expect(page.locator("#send")).to_be_disabled()
        # The panel read again while offline (as a reply arriving does) adds no error under
        # the note; it is read once back.
        async with page.expect_event("requestfailed"):
            await page.evaluate("refreshSchedules()")
        await expect(page.locator("#chat-error")).to_be_empty()
        await screenshot(page, "14-09-offline-banner")
        await page.wait_for_timeout(300)
        assert keys == []

        await context.set_offline(False)
        await expect(page.locator("#messages li.bot")).to_have_count(1)
        await expect(page.locator("#upcoming-count")).to_have_text("1")
        await expect(note).to_be_hidden()
        await expect(pending).to_have_count(0)
        await expect(page.locator("#messages li.user")).to_have_count(1)
        await expect(page.locator("#send")).to_be_enabled()
        stored = await _stored(page)
        assert [m["role"] for m in stored] == ["user", "bot"]
        assert stored[0]["content"] == "Team meeting 3-4 PM Friday"
        assert len(keys) == 1 and uuid.UUID(keys[0]).version == 4
        await context.close()


async def test_enter_twice_on_a_slow_network_stores_one_message(
    app: FastAPI, browser: Browser
) -> None:
    keys: list[str] = []

    async def slow(route: Route) -> None:
        if route.request.method != "POST":
            await route.continue_()
            return
        keys.append(route.request.headers["idempotency-key"])
        if len(keys) == 1:  # the first try is lost on the way: the page tries again
            await route.abort("connectionreset")
            return
        await asyncio.sleep(0.4)
        await route.continue_()

    async with live_server(app) as url:
        context = await page_context(browser, url)
        page = await context.new_page()
        await sign_up_on_page(page, "ada")
        await page.route("**/api/messages", slow)

        await page.locator("#text").fill("hello there")
        await page.locator("#text").press("Enter")
        await page.locator("#text").press("Enter")
        await expect(page.locator("#send")).to_be_disabled()
        await expect(page.locator("#send")).to_have_text("Sending…")
        await expect(page.locator("#messages li.pending")).to_contain_text("hello there")
        await page.locator("#text").press("Enter")

        await expect(page.locator("#messages li.bot")).to_have_count(1)
        await expect(page.locator("#send")).to_be_enabled()
        await expect(page.locator("#messages li.user")).to_have_count(1)
        stored = await _stored(page)
        assert [m["role"] for m in stored] == ["user", "bot"]
        assert len(keys) == 2 and keys[0] == keys[1]  # a retry reuses its key

        await say_on_page(page, "and another")
        await expect(page.locator("#messages li.bot")).to_have_count(2)
        assert len(keys) == 3 and keys[2] != keys[0]  # a new message, a new key
        await context.close()


async def test_a_reply_still_being_written_is_waited_for_then_shown(
    app: FastAPI, browser: Browser
) -> None:
    tries: list[tuple[float, str]] = []
    replayed: list[str | None] = []

    async def still_writing_once(route: Route) -> None:
        if route.request.method != "POST":
            await route.continue_()
            return
        tries.append((asyncio.get_running_loop().time(), route.request.headers["idempotency-key"]))
        if len(tries) > 1:
            response = await route.fetch()
            replayed.append(response.headers.get("idempotent-replayed"))
            await route.fulfill(response=response)
            return
        # The server stores the message and answers; the page hears what it answers while
        # that reply is still being written.
        await route.fetch()
        await route.fulfill(
            status=409, headers={"Retry-After": "1"}, json={"detail": REPLY_PENDING}
        )

    async with live_server(app) as url:
        context = await page_context(browser, url)
        page = await context.new_page()
        await sign_up_on_page(page, "ada")
        await page.route("**/api/messages", still_writing_once)

        await say_on_page(page, "Team meeting 3-4 PM Friday")
        pending = page.locator("#messages li.pending")
        await expect(pending.locator(".status")).to_have_text("Received — the reply is on its way…")
        await expect(page.locator("#send")).to_be_disabled()
        await expect(page.locator("#chat-error")).to_be_empty()

        await expect(page.locator("#messages li.bot")).to_have_count(1)
        await expect(pending).to_have_count(0)
        await expect(page.locator("#messages li.user")).to_have_count(1)
        await expect(page.locator("#chat-error")).to_be_empty()
        await expect(page.locator("#upcoming-count")).to_have_text("1")
        stored = await _stored(page)
        assert [m["role"] for m in stored] == ["user", "bot"]
        assert len(tries) == 2 and tries[0][1] == tries[1][1]  # the same request, same key
        assert tries[1][0] - tries[0][0] >= 0.9  # after Retry-After
        assert replayed == ["true"]  # the first answer, not a second message
        await context.close()


async def test_a_reply_that_takes_too_long_gives_the_text_back(
    app: FastAPI, browser: Browser
) -> None:
    keys: list[str] = []

    async def much_later_once(route: Route) -> None:
        if route.request.method != "POST":
            await route.continue_()
            return
        keys.append(route.request.headers["idempotency-key"])
        if len(keys) == 1:  # further off than the page waits (30 s): it stops at once
            await route.fulfill(
                status=409, headers={"Retry-After": "45"}, json={"detail": REPLY_PENDING}
            )
            return
        await route.continue_()

    async with live_server(app) as url:
        context = await page_context(browser, url)
        page = await context.new_page()
        await sign_up_on_page(page, "ada")
        await page.route("**/api/messages", much_later_once)

        await say_on_page(page, "dentist on Monday")
        await expect(page.locator("#chat-error")).to_have_text(
            "The reply is taking too long. Your message is back in the box: press Send to try "
            "again (it won't be stored twice)."
        )
        await expect(page.locator("#text")).to_have_value("dentist on Monday")
        await expect(page.locator("#messages li.pending")).to_have_count(0)
        await expect(page.locator("#send")).to_be_enabled()
        assert len(keys) == 1

        await page.locator("#send").click()
        await expect(page.locator("#messages li.bot")).to_have_count(1)
        assert [m["role"] for m in await _stored(page)] == ["user", "bot"]
        assert len(keys) == 2 and keys[0] == keys[1]
        await context.close()


@BOTH_SIZES
async def test_the_message_box_counts_down_to_the_limit(
    app: FastAPI, browser: Browser, phone: bool
) -> None:
    async with live_server(app) as url:
        context = await page_context(browser, url, phone=phone)
        page = await context.new_page()
        await sign_up_on_page(page, "ada")
        counter = page.locator("#counter")
        text = page.locator("#text")

        await text.fill("a" * 3499)
        await expect(counter).to_be_hidden()
        await text.fill("a" * 3500)
        await expect(counter).to_have_text("3,500 / 4,000 characters")
        await expect(counter).to_be_in_viewport()
        await text.fill("é" * 4000)
        await expect(counter).to_have_text("4,000 / 4,000 characters")
        await text.fill("a" * 4012)
        await expect(counter).to_have_text(
            "4,012 / 4,000 characters: 12 too many to send. Shorten it or split it in two."
        )
        await screenshot(page, "14-09-character-counter")
        await text.press("Enter")
        await expect(page.locator("#chat-error")).to_have_text(
            "That message is 4,012 characters; the limit is 4,000. Shorten it or split it in two."
        )
        await expect(text).to_have_value("a" * 4012)  # nothing is lost
        assert await _stored(page) == []

        await text.fill("a" * 4000)
        await text.press("Enter")
        await expect(page.locator("#messages li.bot")).to_have_count(1)
        await expect(counter).to_be_hidden()
        assert len(await _stored(page)) == 2
        await context.close()


async def test_times_are_in_the_account_zone_not_the_browsers(
    app: FastAPI, browser: Browser
) -> None:
    async with live_server(app) as url:
        context = await page_context(browser, url, zone="America/New_York")
        page = await context.new_page()
        await sign_up_on_page(page, "ken", zone="Asia/Tokyo")
        await say_on_page(page, "Team meeting 3-4 PM Friday")
        await expect(page.locator("#messages li.bot")).to_have_count(1)

        created = dt.datetime.fromisoformat((await _stored(page))[0]["created_at"])
        tokyo = created.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
        new_york = created.astimezone(zoneinfo.ZoneInfo("America/New_York"))
        assert tokyo.hour != new_york.hour
        stamps = page.locator("#messages li time")
        await expect(stamps).to_have_count(2)
        for stamp in await stamps.all():
            await expect(stamp).to_have_text(re.compile(rf"(^|, ){tokyo.hour}:{tokyo:%M}$"))
            await expect(stamp).to_have_attribute("title", re.compile(r"\(Asia/Tokyo\)$"))
        # 15:00 in Tokyo, as said; 01:00 in the browser's New York.
        await expect(page.locator("#schedule-list .when")).to_have_text("Fri 27 Nov, 15:00–16:00")

        await page.get_by_role("button", name="Settings").click()
        await page.locator("#settings-form select[name=timezone]").select_option("Europe/Berlin")
        await page.get_by_role("button", name="Save").click()
        await expect(page.locator("#settings")).to_be_hidden()
        berlin = created.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
        await expect(stamps.first).to_have_text(re.compile(rf"(^|, ){berlin.hour}:{berlin:%M}$"))
        await context.close()
