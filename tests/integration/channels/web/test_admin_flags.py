"""The admin flags API and page: admins only, changes take effect in the app at once."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from web_helpers import Signup

from companion_bot.ops.flag_store import FlagStore
from companion_bot.storage import users

FLAGS = ["proactive_jobs", "meeting_extraction", "followups", "proactive_features"]


async def make_admin(app: FastAPI, username: str) -> None:
    sm: async_sessionmaker[AsyncSession] = app.state.sessionmaker
    async with sm() as session, session.begin():
        assert await users.set_admin(session, username=username, is_admin=True)


@pytest.fixture
async def admin(app: FastAPI, signup: Signup) -> None:
    """The client is logged in as the admin ``root``."""
    await signup("root")
    await make_admin(app, "root")


async def test_not_logged_in_gets_401(client: httpx.AsyncClient) -> None:
    api = await client.get("/api/admin/flags")
    page = await client.get("/admin/flags")

    assert api.status_code == 401
    assert page.status_code == 401
    assert 'href="/"' in page.text


async def test_a_user_who_is_not_an_admin_gets_403_and_changes_nothing(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")

    listing = await client.get("/api/admin/flags")
    change = await client.put("/api/admin/flags/proactive_jobs", json={"enabled": False})
    page = await client.get("/admin/flags")

    assert listing.status_code == 403
    assert "admin grant" in listing.json()["detail"]
    assert change.status_code == 403
    assert page.status_code == 403 and "Admins only" in page.text
    assert "proactive_jobs" not in page.text
    store: FlagStore = app.state.flags
    assert await store.enabled("proactive_jobs", user_id=1)


@pytest.mark.usefixtures("admin")
async def test_an_admin_lists_the_flags_at_their_defaults(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/admin/flags")

    assert response.status_code == 200
    body = response.json()
    assert [(f["name"], f["enabled"], f["rollout_percent"]) for f in body["items"]] == [
        (name, True, 100.0) for name in FLAGS
    ]
    assert body["cache_seconds"] == 5


@pytest.mark.usefixtures("admin")
async def test_an_admins_change_is_stored_listed_and_obeyed_at_once(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    off = await client.put("/api/admin/flags/meeting_extraction", json={"enabled": False})
    rollout = await client.put(
        "/api/admin/flags/meeting_extraction", json={"rollout_percent": 12.5}
    )
    listing = (await client.get("/api/admin/flags")).json()["items"]

    assert off.status_code == 200
    assert (off.json()["enabled"], off.json()["rollout_percent"]) == (False, 100.0)
    assert off.json()["updated_at"].endswith("+00:00")
    assert (rollout.json()["enabled"], rollout.json()["rollout_percent"]) == (False, 12.5)
    [flag] = [f for f in listing if f["name"] == "meeting_extraction"]
    assert (flag["enabled"], flag["rollout_percent"], flag["stored"]) == (False, 12.5, True)
    store: FlagStore = app.state.flags
    assert not await store.enabled("meeting_extraction", user_id=1)

    answer = await client.post("/api/messages", json={"text": "dentist on Friday at 4 pm"})

    assert answer.status_code == 200 and answer.json()["created"] == []


@pytest.mark.usefixtures("admin")
@pytest.mark.parametrize(
    ("path", "body", "status", "detail"),
    [
        ("/api/admin/flags/reminders", {"enabled": False}, 404, "valid flags: followups"),
        ("/api/admin/flags/followups", {"rollout_percent": 150}, 422, "less than or equal"),
        ("/api/admin/flags/followups", {"rollout_percent": -1}, 422, "greater than or equal"),
        ("/api/admin/flags/followups", {}, 422, "give enabled, rollout_percent or both"),
    ],
)
async def test_bad_changes_are_refused_with_a_clear_reason(
    client: httpx.AsyncClient, path: str, body: dict[str, object], status: int, detail: str
) -> None:
    response = await client.put(path, json=body)

    assert response.status_code == status
    assert detail in str(response.json()["detail"])
    listing = (await client.get("/api/admin/flags")).json()["items"]
    assert all(not f["stored"] for f in listing)


@pytest.mark.usefixtures("admin")
async def test_a_form_post_is_refused_by_the_csrf_guard(client: httpx.AsyncClient) -> None:
    response = await client.put("/api/admin/flags/proactive_jobs", data={"enabled": "false"})

    assert response.status_code == 415


@pytest.mark.usefixtures("admin")
async def test_the_admin_page_shows_every_flag_without_external_assets(
    client: httpx.AsyncClient,
) -> None:
    await client.put("/api/admin/flags/proactive_jobs", json={"enabled": False})

    page = await client.get("/admin/flags")
    script = await client.get("/static/admin_flags.js")

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for name in FLAGS:
        assert f'<tr data-flag="{name}">' in page.text
    assert '<td class="off" data-field="state">off</td>' in page.text
    assert "Logged in as root" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    assert script.status_code == 200 and "/api/admin/flags/" in script.text
