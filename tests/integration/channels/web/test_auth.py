"""Accounts over HTTP: sign up, log in, log out, cookies, bearer tokens, CSRF."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from web_helpers import PASSWORD, Signup


async def test_signup_logs_in_with_an_http_only_lax_cookie(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    response = await client.post(
        "/api/auth/signup",
        json={"username": "ada", "password": PASSWORD, "timezone": "Europe/Berlin"},
    )
    assert response.status_code == 201
    cookie = response.headers["set-cookie"]
    assert "companion_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    me = await client.get("/api/auth/me")
    assert me.status_code == 200
    assert me.json()["username"] == "ada"
    assert me.json()["timezone"] == "Europe/Berlin"
    assert me.json()["timezone_confirmed"] is True
    # No Telegram bot on this server: the page offers no linking (signup answers the same).
    assert (me.json()["telegram_available"], response.json()["user"]["telegram_available"]) == (
        False,
        False,
    )


async def test_bearer_token_works_without_cookies(
    signup: Signup, new_client: Callable[[], httpx.AsyncClient]
) -> None:
    token = (await signup("ada"))["token"]
    async with new_client() as api:
        anonymous = await api.get("/api/auth/me")
        with_token = await api.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert anonymous.status_code == 401
    assert with_token.json()["username"] == "ada"


async def test_login_and_logout(
    signup: Signup, new_client: Callable[[], httpx.AsyncClient]
) -> None:
    await signup("ada")
    async with new_client() as browser:
        wrong = await browser.post(
            "/api/auth/login", json={"username": "ada", "password": "not my password"}
        )
        nobody = await browser.post(
            "/api/auth/login", json={"username": "bob", "password": PASSWORD}
        )
        right = await browser.post(
            "/api/auth/login", json={"username": "ada", "password": PASSWORD}
        )
        before = await browser.get("/api/auth/me")
        out = await browser.post("/api/auth/logout", json={})
        after = await browser.get("/api/auth/me")
    assert (wrong.status_code, nobody.status_code) == (401, 401)
    assert wrong.json() == nobody.json() == {"detail": "Wrong username or password."}
    assert right.status_code == 200
    assert before.status_code == 200
    assert out.status_code == 204
    assert after.status_code == 401


async def test_logout_revokes_the_token_everywhere(
    signup: Signup, client: httpx.AsyncClient, new_client: Callable[[], httpx.AsyncClient]
) -> None:
    token = (await signup("ada"))["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    async with new_client() as api:
        before = await api.post("/api/messages", json={"text": "hi"}, headers=bearer)
        await client.post("/api/auth/logout", json={})
        me = await api.get("/api/auth/me", headers=bearer)
        chat = await api.post("/api/messages", json={"text": "hi again"}, headers=bearer)
    assert before.status_code == 200
    assert (me.status_code, chat.status_code) == (401, 401)


async def test_unknown_time_zone_is_refused_with_an_example(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/auth/signup",
        json={"username": "ada", "password": PASSWORD, "timezone": "Mars/Olympus_Mons"},
    )
    assert response.status_code == 422
    assert "Mars/Olympus_Mons" in response.text
    assert "Europe/Berlin" in response.text


async def test_taken_username_and_short_password(client: httpx.AsyncClient, signup: Signup) -> None:
    await signup("ada")
    again = await client.post(
        "/api/auth/signup",
        json={"username": "ada", "password": PASSWORD, "timezone": "UTC"},
    )
    short = await client.post(
        "/api/auth/signup", json={"username": "bob", "password": "short", "timezone": "UTC"}
    )
    assert again.status_code == 409
    assert again.json()["detail"] == "That username is taken."
    assert short.status_code == 422


async def test_state_changes_need_json_and_a_same_site_origin(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    form = await client.post("/api/messages", data={"text": "hello"})
    cross_site = await client.post(
        "/api/messages", json={"text": "hello"}, headers={"Origin": "https://evil.example"}
    )
    logout_form = await client.post("/api/auth/logout")
    still_in = await client.get("/api/auth/me")
    assert form.status_code == 415
    assert "application/json" in form.json()["detail"]
    assert cross_site.status_code == 403
    assert logout_form.status_code == 415
    assert still_in.status_code == 200


async def test_repeated_failed_logins_are_throttled(
    signup: Signup, new_client: Callable[[], httpx.AsyncClient]
) -> None:
    await signup("ada")
    async with new_client() as browser:
        codes = [
            (
                await browser.post(
                    "/api/auth/login", json={"username": "ada", "password": f"guess {i}"}
                )
            ).status_code
            for i in range(11)
        ]
    assert codes == [401] * 10 + [429]


async def test_pages_and_docs_are_served(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    scripts = re.findall(r'<script src="(/static/[a-z_]+\.js)"', page.text)
    schema = await client.get("/openapi.json")
    docs = await client.get("/docs")
    assert page.status_code == 200
    assert "<title>companion-bot</title>" in page.text
    assert "/static/app.js" in scripts
    for src in scripts:  # every script of the page: user text never parsed as markup
        script = await client.get(src)
        assert script.status_code == 200
        assert "textContent" in script.text
        assert "innerHTML" not in script.text
    paths = schema.json()["paths"]
    for path in (
        "/api/auth/signup",
        "/api/auth/login",
        "/api/auth/logout",
        "/api/messages",
        "/api/schedules",
        "/api/schedules/{schedule_id}",
        "/api/preferences",
        "/api/stream",
        "/api/link/telegram",
        "/api/link",
    ):
        assert path in paths
    assert docs.status_code == 200


@pytest.mark.parametrize("settings_overrides", [{"login_attempts_per_address_per_minute": 3}])
async def test_failed_logins_are_throttled_per_client_address_too(app: FastAPI) -> None:
    def browser(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        return httpx.AsyncClient(transport=transport, base_url="http://test")

    async with browser("198.51.100.7") as flooder, browser("203.0.113.9") as neighbour:
        codes = []
        for i in range(4):  # a different username each time: the per-username limit is not hit
            body = {"username": f"nobody{i}", "password": "guess"}
            codes.append(await flooder.post("/api/auth/login", json=body))
        elsewhere = await neighbour.post(
            "/api/auth/login", json={"username": "nobody9", "password": "guess"}
        )
    assert [r.status_code for r in codes] == [401, 401, 401, 429]
    assert codes[-1].headers["retry-after"].isdigit()
    assert "address" in codes[-1].json()["detail"]
    assert elsewhere.status_code == 401
