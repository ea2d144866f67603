"""Logins an account holder controls: names that ignore case, password change, log out
everywhere, and logouts that every server process honours at once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI
from web_helpers import PASSWORD, Signup

from companion_bot.composition import create_app
from companion_bot.config import load_settings
from companion_bot.testing import FrozenClock

NEW_PASSWORD = "a much better passphrase"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def login(api: httpx.AsyncClient, username: str, password: str = PASSWORD) -> str | None:
    """A fresh login's token, or None when refused."""
    response = await api.post("/api/auth/login", json={"username": username, "password": password})
    return str(response.json()["token"]) if response.status_code == 200 else None


async def test_usernames_are_one_name_whatever_their_case(
    client: httpx.AsyncClient, signup: Signup, new_client: Callable[[], httpx.AsyncClient]
) -> None:
    await signup("Carol")
    async with new_client() as other:
        taken = await other.post(
            "/api/auth/signup",
            json={"username": "carol", "password": PASSWORD, "timezone": "UTC"},
        )
        token = await login(other, "CAROL")
        me = await other.get("/api/auth/me", headers=bearer(token or ""))
    assert taken.status_code == 409
    assert taken.json() == {"detail": "That username is taken."}
    assert token is not None
    assert me.json()["username"] == "Carol"  # the spelling chosen at sign-up


async def test_password_change_needs_the_current_one_and_ends_other_logins(
    client: httpx.AsyncClient, signup: Signup, new_client: Callable[[], httpx.AsyncClient]
) -> None:
    await signup("ada")
    async with new_client() as phone:
        phone_token = await login(phone, "ada")
        wrong = await client.post(
            "/api/auth/password",
            json={"current_password": "not it", "new_password": NEW_PASSWORD},
        )
        short = await client.post(
            "/api/auth/password", json={"current_password": PASSWORD, "new_password": "short"}
        )
        still_old = await login(phone, "ada")
        changed = await client.post(
            "/api/auth/password",
            json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        )
        phone_after = await phone.get("/api/auth/me", headers=bearer(phone_token or ""))
        here_after = await client.get("/api/auth/me")
        old_password = await login(phone, "ada")
        new_password = await login(phone, "ada", NEW_PASSWORD)
    assert wrong.status_code == 403
    assert wrong.json() == {"detail": "Wrong current password; nothing changed."}
    assert short.status_code == 422
    assert still_old is not None  # refused changes changed nothing
    assert changed.status_code == 204
    assert phone_after.status_code == 401  # the other login ended
    assert here_after.status_code == 200  # this one stays
    assert old_password is None
    assert new_password is not None


async def test_password_guesses_through_the_change_form_are_throttled(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    codes = [
        (
            await client.post(
                "/api/auth/password",
                json={"current_password": f"guess {n}", "new_password": NEW_PASSWORD},
            )
        ).status_code
        for n in range(12)
    ]
    assert codes[:10] == [403] * 10
    assert codes[10:] == [429, 429]


async def test_log_out_everywhere_ends_every_login_of_the_account(
    client: httpx.AsyncClient, signup: Signup, new_client: Callable[[], httpx.AsyncClient]
) -> None:
    await signup("ada")
    async with new_client() as phone, new_client() as bob:
        await signup("bob", on=bob)
        phone_token = await login(phone, "ada")
        out = await client.post("/api/auth/logout-all", json={})
        here = await client.get("/api/auth/me")
        there = await phone.post(
            "/api/messages", json={"text": "still me?"}, headers=bearer(phone_token or "")
        )
        bob_me = await bob.get("/api/auth/me")
    assert out.status_code == 204
    assert 'companion_session=""' in out.headers["set-cookie"]  # this browser forgets it
    assert (here.status_code, there.status_code) == (401, 401)
    assert bob_me.status_code == 200  # other accounts keep their logins


@pytest.fixture
async def second_worker(db_url: str, clock: FrozenClock) -> AsyncIterator[httpx.AsyncClient]:
    """A client of another server process on the same database (its own engine, login
    cache and notification listener, as ``--workers 2`` gives)."""
    settings = load_settings(database_url=db_url, jobs_embedded=False)
    other: FastAPI = create_app(settings, clock=clock)
    async with other.router.lifespan_context(other):
        transport = httpx.ASGITransport(app=other)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as api:
            yield api


async def refused_within(api: httpx.AsyncClient, token: str, *, seconds: float) -> float:
    """How long until ``api`` refuses a chat message with ``token`` (the chat route trusts
    the login cache; a notification from another process is on its way for a few
    milliseconds); ``seconds`` at most."""
    started = time.monotonic()
    while (waited := time.monotonic() - started) < seconds:
        sent = await api.post("/api/messages", json={"text": "still me?"}, headers=bearer(token))
        if sent.status_code == 401:
            return waited
        await asyncio.sleep(0.01)
    return waited


async def test_a_logout_holds_in_every_worker_at_once(
    client: httpx.AsyncClient, signup: Signup, second_worker: httpx.AsyncClient
) -> None:
    token = (await signup("ada"))["token"]
    for _ in range(3):  # the other worker has checked (and may cache) this login
        warm = await second_worker.post(
            "/api/messages", json={"text": "hello"}, headers=bearer(token)
        )
        assert warm.status_code == 200
    await client.post("/api/auth/logout", json={})
    waited = await refused_within(second_worker, token, seconds=1.0)
    chat = await second_worker.post(
        "/api/messages", json={"text": "hello again"}, headers=bearer(token)
    )
    assert waited < 1.0  # PostgreSQL delivers the notification in milliseconds
    assert chat.status_code == 401


async def test_log_out_everywhere_holds_in_every_worker_at_once(
    client: httpx.AsyncClient, signup: Signup, second_worker: httpx.AsyncClient
) -> None:
    await signup("ada")
    token = await login(second_worker, "ada")
    warm = await second_worker.post(
        "/api/messages", json={"text": "hello"}, headers=bearer(token or "")
    )
    await client.post("/api/auth/logout-all", json={})
    waited = await refused_within(second_worker, token or "", seconds=1.0)
    chat = await second_worker.post(
        "/api/messages", json={"text": "hello again"}, headers=bearer(token or "")
    )
    assert warm.status_code == 200
    assert waited < 1.0
    assert chat.status_code == 401
