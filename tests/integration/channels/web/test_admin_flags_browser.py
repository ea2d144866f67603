"""An admin switches a flag on the /admin/flags page in Debian's Chromium."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, expect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from web_helpers import PASSWORD, live_server

from companion_bot.ops.flag_store import FlagStore
from companion_bot.storage import users

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    return sqlite_url


async def test_an_admin_turns_proactive_jobs_off_and_rolls_features_out(
    app: FastAPI, browser: Browser
) -> None:
    async with live_server(app) as url:
        page = await (await browser.new_context(base_url=url)).new_page()
        await page.goto("/")
        status = await page.evaluate(
            """(password) => fetch("/api/auth/signup", {method: "POST",
                headers: {"Content-Type": "application/json"},
                body: JSON.stringify({username: "root", password, timezone: "UTC"})})
                .then(r => r.status)""",
            PASSWORD,
        )
        assert status == 201
        sm: async_sessionmaker[AsyncSession] = app.state.sessionmaker
        async with sm() as session, session.begin():
            await users.set_admin(session, username="root", is_admin=True)

        await page.goto("/admin/flags")
        jobs = page.locator('tr[data-flag="proactive_jobs"]')
        await jobs.locator("input[name=enabled]").uncheck()
        await jobs.get_by_role("button", name="Save").click()
        await expect(page.locator("#status")).to_have_text("proactive_jobs: off at 100 %, saved.")
        await expect(jobs.locator('[data-field="state"]')).to_have_text("off")

        features = page.locator('tr[data-flag="proactive_features"]')
        await features.locator("input[name=rollout_percent]").fill("15")
        await features.get_by_role("button", name="Save").click()
        await expect(features.locator('[data-field="percent"]')).to_have_text("15 %")

        await features.locator("input[name=rollout_percent]").fill("250")
        await features.get_by_role("button", name="Save").click()
        await expect(features.locator('[data-field="percent"]')).to_have_text("15 %")

    store: FlagStore = app.state.flags
    views = {v.name: v for v in await store.list()}
    assert views["proactive_jobs"].enabled is False
    assert views["proactive_features"].rollout_percent == 15
