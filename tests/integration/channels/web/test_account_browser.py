"""Settings → Your data in Debian's Chromium: download my data; delete my account (password,
then a confirmation; cancelling or a wrong password deletes nothing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, Dialog, expect
from web_helpers import PASSWORD, live_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"


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
        ARTIFACTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(ARTIFACTS / "web-6-your-data.png"), full_page=True)
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
