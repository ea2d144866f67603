"""Data rights over HTTP: download everything stored about me; delete my account with the
password (a wrong one deletes nothing; the right one removes it all and ends every login)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select
from web_helpers import PASSWORD, Signup

from companion_bot.storage.models import (
    AnalyticsEvent,
    AuthSession,
    Message,
    User,
    UserSchedule,
)

MEETING = "Team meeting 3-4 PM Friday"


async def _delete(client: httpx.AsyncClient, password: str, **kwargs: Any) -> httpx.Response:
    return await client.request("DELETE", "/api/me", json={"password": password}, **kwargs)


async def _counts(app: FastAPI, user_id: int) -> dict[str, int]:
    async with app.state.sessionmaker() as session:
        return {
            model.__tablename__: int(
                await session.scalar(
                    select(func.count())
                    .select_from(model)
                    .where((model.id if model is User else model.user_id) == user_id)
                )
                or 0
            )
            for model in (User, Message, UserSchedule, AnalyticsEvent, AuthSession)
        }


async def test_export_is_a_json_download_of_my_data(
    client: httpx.AsyncClient, signup: Signup, new_client: Callable[[], httpx.AsyncClient]
) -> None:
    me = await signup("ada")
    assert (await client.post("/api/messages", json={"text": MEETING})).status_code == 200

    response = await client.get("/api/me/export")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"] == (
        'attachment; filename="companion-bot-data-2026-11-25.json"'
    )
    assert response.headers["cache-control"] == "no-store"
    data = response.json()
    assert data["profile"]["id"] == me["user"]["id"]
    assert data["profile"]["username"] == "ada"
    assert data["timezone"] == "Europe/Berlin"
    assert data["messages"][0]["content"] == MEETING
    assert [s["start_time"] for s in data["schedules"]] == ["2026-11-27T15:00:00+01:00"]
    assert len(data["sign_in_sessions"]) == 1
    assert "argon2" not in response.text
    assert me["token"] not in response.text
    async with new_client() as anonymous:
        assert (await anonymous.get("/api/me/export")).status_code == 401


async def test_a_wrong_password_deletes_nothing(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup
) -> None:
    me = await signup("ada")
    await client.post("/api/messages", json={"text": MEETING})
    before = await _counts(app, me["user"]["id"])

    wrong = await _delete(client, "not my password")
    empty = await _delete(client, "")

    assert wrong.status_code == 403
    assert wrong.json() == {"detail": "Wrong password; nothing deleted."}
    assert empty.status_code == 422
    assert await _counts(app, me["user"]["id"]) == before
    assert (await client.get("/api/auth/me")).status_code == 200


async def test_the_right_password_deletes_everything_and_ends_every_login(
    app: FastAPI,
    client: httpx.AsyncClient,
    signup: Signup,
    new_client: Callable[[], httpx.AsyncClient],
) -> None:
    me = await signup("ada")
    user_id = me["user"]["id"]
    await client.post("/api/messages", json={"text": MEETING})
    async with new_client() as other, new_client() as phone:
        bob = await signup("bob", on=other)
        login = await phone.post("/api/auth/login", json={"username": "ada", "password": PASSWORD})
        bearer = {"Authorization": f"Bearer {login.json()['token']}"}
        # The chat route caches the login for a few seconds: the deletion must drop it.
        assert (await phone.post("/api/messages", json={"text": "hi"}, headers=bearer)).is_success
        bob_before = await _counts(app, bob["user"]["id"])

        response = await _delete(client, PASSWORD)

        assert response.status_code == 204
        assert 'companion_session=""' in response.headers["set-cookie"]
        assert "Max-Age=0" in response.headers["set-cookie"]
        assert (await client.get("/api/auth/me")).status_code == 401
        chat = await phone.post("/api/messages", json={"text": "still there?"}, headers=bearer)
        assert chat.status_code == 401
        assert (await phone.get("/api/auth/me", headers=bearer)).status_code == 401
        again = await phone.post("/api/auth/login", json={"username": "ada", "password": PASSWORD})
        assert again.status_code == 401
        assert (await other.get("/api/auth/me")).json()["username"] == "bob"
    assert await _counts(app, user_id) == dict.fromkeys(
        ("users", "messages", "user_schedules", "analytics_events", "auth_sessions"), 0
    )
    assert await _counts(app, bob["user"]["id"]) == bob_before


async def test_deleting_needs_a_login_and_json(
    client: httpx.AsyncClient, signup: Signup, new_client: Callable[[], httpx.AsyncClient]
) -> None:
    await signup("ada")
    async with new_client() as anonymous:
        assert (await _delete(anonymous, PASSWORD)).status_code == 401
    form = await client.request("DELETE", "/api/me", data={"password": PASSWORD})
    assert form.status_code == 415  # the CSRF guard: a cross-site form cannot delete
    assert (await client.get("/api/auth/me")).status_code == 200
