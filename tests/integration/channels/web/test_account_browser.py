"""Settings in Debian's Chromium. Your data: download my data; delete my account (password,
then a confirmation; cancelling or a wrong password deletes nothing). Password and sign-ins:
change my password (other logins end, this one stays); log out everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, BrowserContext, Dialog, Page, Route, expect
from web_helpers import PASSWORD, PHONE, live_server, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NEW_PASSWORD = "a much longer passphrase"
CHANGED = "Password changed. You're still signed in here; other devices were signed out."


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """The page runs on the embedded default database."""
    return sqlite_url


async def test_download_my_data_then_delete_my_account(
    app: FastAPI, browser: Browser, tmp_path: Path
) -> None:
    answers: list[bool] = []

    async def confirm(dialog: Dialog) -> None:
        assert dialog.type == "confirm"
        await (dialog.accept() if answers.pop(0) else dialog.dismiss())

    async with live_server(app) as url:
        page = await (await browser.new_context(base_url=url, locale="en-GB")).new_page()
        page.on("dialog", confirm)
        await page.goto("/")
        signup = page.locator("#signup-form")
        await signup.locator("input[name=username]").fill("ada")
        await signup.locator("input[name=password]").fill(PASSWORD)
        await signup.get_by_role("button", name="Sign up").click()
        await expect(page.locator("#who")).to_have_text("ada")

        await page.get_by_role("button", name="Settings").click()
        await expect(page.locator("#your-data")).to_be_visible()
        await screenshot(page, "web-6-your-data", full_page=True)
        async with page.expect_download() as download_info:
            await page.get_by_role("link", name="Download my data").click()
        download = await download_info.value
        assert download.suggested_filename == "companion-bot-data-2026-11-25.json"
        saved = tmp_path / download.suggested_filename
        await download.save_as(saved)
        assert json.loads(saved.read_text(encoding="utf-8"))["profile"]["username"] == "ada"

        delete = page.locator("#delete-form")
        password = delete.get_by_label("Your password")
        button = delete.get_by_role("button", name="Delete my account")
        answers.append(False)  # "Cancel" in the confirmation: nothing happens
        await password.fill(PASSWORD)
        await button.click()
        await expect(page.locator("#settings")).to_be_visible()
        answers.append(True)
        await password.fill("not my password")
        await button.click()
        await expect(page.locator("#delete-error")).to_have_text("Wrong password; nothing deleted.")
        answers.append(True)
        await password.fill(PASSWORD)
        await button.click()
        await expect(page.locator("#onboarding")).to_be_visible()
        await expect(page.locator("#settings")).to_be_hidden()

        login = page.locator("#login-form")
        await login.locator("input[name=username]").fill("ada")
        await login.locator("input[name=password]").fill(PASSWORD)
        await login.get_by_role("button", name="Log in").click()
        await expect(page.locator("#auth-error")).to_have_text("Wrong username or password.")
        assert answers == []


async def _phone(browser: Browser, url: str) -> BrowserContext:
    return await browser.new_context(
        base_url=url, viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB"
    )


async def _sign_up(page: Page, username: str) -> None:
    await page.goto("/")
    form = page.locator("#signup-form")
    await form.locator("input[name=username]").fill(username)
    await form.locator("input[name=password]").fill(PASSWORD)
    await form.get_by_role("button", name="Sign up").click()
    await expect(page.locator("#who")).to_have_text(username)


async def _log_in(page: Page, username: str, password: str) -> None:
    await page.goto("/")
    form = page.locator("#login-form")
    await form.locator("input[name=username]").fill(username)
    await form.locator("input[name=password]").fill(password)
    await form.get_by_role("button", name="Log in").click()


async def _me_status(page: Page) -> int:
    status: int = await page.evaluate("fetch('/api/auth/me').then((r) => r.status)")
    return status


async def _api_log_in(context: BrowserContext, username: str, password: str) -> int:
    """Log in through the context's own requests (they share its cookies), as a device would."""
    body = {"username": username, "password": password}
    return (await context.request.post("/api/auth/login", data=body)).status


async def test_change_my_password_signs_out_my_other_logins(app: FastAPI, browser: Browser) -> None:
    async with live_server(app) as url:
        page = await (await _phone(browser, url)).new_page()
        await _sign_up(page, "Carol")
        other = await _phone(browser, url)  # another device, logged in before the change
        assert await _api_log_in(other, "carol", PASSWORD) == 200  # usernames ignore case
        assert (await other.request.get("/api/auth/me")).status == 200

        await page.get_by_role("button", name="Settings").click()
        form = page.locator("#password-form")
        await expect(form).to_be_visible()
        await expect(page.locator("#new-password-rules")).to_contain_text("At least 8 characters.")
        current = form.get_by_label("Current password")
        new = form.get_by_label("New password", exact=True)
        again = form.get_by_label("New password again")
        button = form.get_by_role("button", name="Change password")
        error = page.locator("#password-error")
        done = page.locator("#password-done")

        # The page checks the rules and the confirmation itself, in sentences.
        await new.fill("short")
        await button.click()
        await expect(error).to_have_text(
            "Enter your current password. New password needs at least 8 characters."
        )
        await expect(current).to_have_attribute("aria-invalid", "true")
        await expect(new).to_have_attribute("aria-invalid", "true")
        await current.fill(PASSWORD)
        await new.fill(NEW_PASSWORD)
        await again.fill(NEW_PASSWORD + "!")
        await button.click()
        await expect(error).to_have_text(
            "The two new passwords don't match; type the same one twice."
        )
        await expect(again).to_have_attribute("aria-invalid", "true")
        await expect(new).to_have_attribute("aria-invalid", "false")
        # The server's 422 reads the same way (the page's rules would not send this).
        short = await page.evaluate(
            """() => api("POST", "/api/auth/password",
                 {current_password: "x", new_password: "short"}).catch((e) => e.message)"""
        )
        assert short == "New password needs at least 8 characters."

        # A wrong current password changes nothing; too many tries say how long to wait.
        await current.fill("not my password")
        await again.fill(NEW_PASSWORD)
        await button.click()
        await expect(error).to_have_text("Wrong current password; nothing changed.")
        await expect(current).to_have_attribute("aria-invalid", "true")

        async def too_many(route: Route) -> None:
            await route.fulfill(
                status=429,
                headers={"Retry-After": "42"},
                json={"detail": "Too many login attempts for this username; wait a minute."},
            )

        await page.route("**/api/auth/password", too_many)
        await button.click()
        await expect(error).to_have_text(
            "Too many tries. Wait 42 seconds, then try again; your password is unchanged."
        )
        await page.unroute("**/api/auth/password")

        await current.fill(PASSWORD)
        await button.click()
        await expect(done).to_have_text(CHANGED)
        await expect(error).to_have_text("")
        await expect(current).to_have_value("")  # the form is emptied
        dialog = await page.locator("#settings").evaluate(
            "(el) => ({scroll: el.scrollWidth, client: el.clientWidth,"
            " right: el.getBoundingClientRect().right, width: innerWidth})"
        )
        assert dialog["scroll"] <= dialog["client"] and dialog["right"] <= dialog["width"], dialog
        await done.scroll_into_view_if_needed()
        await screenshot(page, "web-7-password-changed")

        # This login stays; the other one ended, and only the new password works.
        assert await _me_status(page) == 200
        assert (await other.request.get("/api/auth/me")).status == 401
        assert await _api_log_in(other, "carol", PASSWORD) == 401
        assert await _api_log_in(other, "CAROL", NEW_PASSWORD) == 200
        me = await other.request.get("/api/auth/me")
        assert me.status == 200 and (await me.json())["username"] == "Carol"


async def test_log_out_everywhere_ends_every_login_this_one_included(
    app: FastAPI, browser: Browser
) -> None:
    answers: list[bool] = []

    async def confirm(dialog: Dialog) -> None:
        assert dialog.type == "confirm"
        assert dialog.message.startswith("Log out everywhere?")
        await (dialog.accept() if answers.pop(0) else dialog.dismiss())

    async with live_server(app) as url:
        page = await (await _phone(browser, url)).new_page()
        page.on("dialog", confirm)
        await _sign_up(page, "ada")
        other = await (await _phone(browser, url)).new_page()
        await _log_in(other, "ada", PASSWORD)
        await expect(other.locator("#who")).to_have_text("ada")

        await page.get_by_role("button", name="Settings").click()
        button = page.locator("#sign-ins").get_by_role("button", name="Log out everywhere")
        answers.append(False)  # "Cancel" in the confirmation: nothing happens
        await button.click()
        await expect(page.locator("#settings")).to_be_visible()
        assert await _me_status(other) == 200

        answers.append(True)
        await button.click()
        await expect(page.locator("#onboarding")).to_be_visible()
        await expect(page.locator("#settings")).to_be_hidden()
        await expect(page.locator("#account")).to_be_hidden()
        assert await _me_status(page) == 401
        assert await _me_status(other) == 401
        assert await page.context.cookies() == []  # the cookie is cleared too
        await other.reload()
        await expect(other.locator("#onboarding")).to_be_visible()
        assert answers == []
