"""No double sends: ``POST /api/messages`` with an ``Idempotency-Key`` stores a message once.

A retry with the key returns the first message and reply (same ids) and stores nothing;
while the first reply is still being written (a slow LLM) it is answered 409. On SQLite and
PostgreSQL, through the real pipeline.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from web_helpers import PASSWORD, Signup

from companion_bot.channels.web.chat import BAD_KEY, REPLY_PENDING
from companion_bot.composition import create_app
from companion_bot.config import load_settings
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.models import Message
from companion_bot.testing import FrozenClock

MEETING = "Team meeting 3-4 PM Friday"
KEY = "0b7e6f5c-3a52-4c1e-9d51-8f0e2f8f4a11"
REUSED = (
    "This Idempotency-Key was already used for a different message: "
    "send a new key with each new message."
)


async def _say(
    client: httpx.AsyncClient, text: str, key: str | bytes | None = None
) -> httpx.Response:
    value = key.encode() if isinstance(key, str) else key
    headers = [] if value is None else [(b"Idempotency-Key", value)]
    return await client.post("/api/messages", json={"text": text}, headers=headers)


async def _history(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await client.get("/api/messages?limit=200")
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def _stored(db_url: str) -> list[tuple[int, str, str | None]]:
    """Every message row: (user id, role, client key), in order."""
    engine = make_engine(db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = (await session.scalars(select(Message).order_by(Message.id))).all()
            return [(m.user_id, m.role, m.client_key) for m in rows]
    finally:
        await engine.dispose()


async def test_the_same_key_twice_stores_one_message_and_returns_the_first_result(
    client: httpx.AsyncClient, signup: Signup, db_url: str
) -> None:
    user = await signup("ada")

    first = await _say(client, MEETING, KEY)
    again = await _say(client, MEETING, KEY)

    assert first.status_code == again.status_code == 200, again.text
    one, two = first.json(), again.json()
    assert two["message"] == one["message"]
    assert two["reply"] == one["reply"]
    assert one["message"]["content"] == MEETING
    # The meeting was reported by the first answer; the retry books nothing.
    assert len(one["created"]) == 1
    assert (two["created"], two["updated"], two["cancelled"]) == ([], [], [])
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"

    history = await _history(client)
    assert [(m["id"], m["role"]) for m in history] == [
        (one["message"]["id"], "user"),
        (one["reply"]["id"], "bot"),
    ]
    assert len((await client.get("/api/schedules")).json()["items"]) == 1
    assert await _stored(db_url) == [
        (user["user"]["id"], "user", KEY),
        (user["user"]["id"], "bot", KEY),
    ]


async def test_different_keys_are_different_messages(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")

    first = await _say(client, "hello there", "key-1")
    second = await _say(client, "hello there", "key-2")

    assert first.status_code == second.status_code == 200
    assert first.json()["message"]["id"] != second.json()["message"]["id"]
    assert [m["role"] for m in await _history(client)] == ["user", "bot"] * 2


async def test_without_a_key_every_post_is_a_new_message(
    client: httpx.AsyncClient, signup: Signup, db_url: str
) -> None:
    user = await signup("ada")

    for _ in range(2):
        assert (await _say(client, "hello there")).status_code == 200

    assert (
        await _stored(db_url)
        == [(user["user"]["id"], "user", None), (user["user"]["id"], "bot", None)] * 2
    )


async def test_the_keys_of_two_users_never_clash(
    client: httpx.AsyncClient, new_client: Any, signup: Signup
) -> None:
    await signup("ada")
    async with new_client() as other:
        await signup("bob", on=other)

        ada = await _say(client, "hello from ada", KEY)
        bob = await _say(other, "hello from bob", KEY)

        assert ada.status_code == bob.status_code == 200, bob.text
        assert "idempotent-replayed" not in bob.headers
        assert bob.json()["message"]["content"] == "hello from bob"
        assert bob.json()["message"]["id"] != ada.json()["message"]["id"]
        assert [m["content"] for m in await _history(other)][0] == "hello from bob"
    assert [m["content"] for m in await _history(client)][0] == "hello from ada"


async def test_a_key_of_another_channel_never_clashes(
    client: httpx.AsyncClient, signup: Signup, db_url: str
) -> None:
    """A linked account's Telegram message keyed ``tg:5`` and a web message with that key."""
    user = await signup("ada")
    engine = make_engine(db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            session.add(
                Message(
                    user_id=user["user"]["id"],
                    channel="telegram",
                    role="user",
                    content="hello there",
                    client_key="tg:5",
                )
            )
            await session.commit()
    finally:
        await engine.dispose()

    response = await _say(client, "hello there", "tg:5")

    assert response.status_code == 200, response.text
    assert "idempotent-replayed" not in response.headers
    assert response.json()["message"]["channel"] == "web"
    assert len(await _history(client)) == 2


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("", id="empty"),
        pytest.param("x" * 129, id="too-long"),
        pytest.param("two words", id="space"),
        pytest.param("tab\there", id="control"),
        pytest.param("clé".encode(), id="not-ascii"),
    ],
)
async def test_a_bad_key_is_422_with_a_sentence_and_stores_nothing(
    client: httpx.AsyncClient, signup: Signup, key: str | bytes
) -> None:
    await signup("ada")

    response = await _say(client, "hello there", key)

    assert response.status_code == 422, response.text
    assert response.json() == {"detail": BAD_KEY}
    assert await _history(client) == []


async def test_the_longest_key_is_accepted(client: httpx.AsyncClient, signup: Signup) -> None:
    await signup("ada")
    key = "~!" * 64
    assert (await _say(client, "hello there", key)).status_code == 200
    assert (await _say(client, "hello there", key)).headers["idempotent-replayed"] == "true"


async def test_a_key_used_for_another_message_is_422(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    assert (await _say(client, "hello there", KEY)).status_code == 200

    response = await _say(client, "something else", KEY)

    assert response.status_code == 422
    assert response.json() == {"detail": REUSED}
    assert [m["content"] for m in await _history(client)][0] == "hello there"
    assert len(await _history(client)) == 2


async def test_two_concurrent_posts_with_one_key_store_one_message(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    """A plain message and its reply are stored in one transaction: the second request finds
    both once the first commits (the writer lock or the unique index makes it wait)."""
    await signup("ada")

    responses = await asyncio.gather(*(_say(client, "hello there", KEY) for _ in range(2)))

    assert [r.status_code for r in responses] == [200, 200], [r.text for r in responses]
    bodies = [r.json() for r in responses]
    assert bodies[0]["message"] == bodies[1]["message"]
    assert bodies[0]["reply"] == bodies[1]["reply"]
    assert sorted(r.headers.get("idempotent-replayed", "") for r in responses) == ["", "true"]
    assert len(await _history(client)) == 2


async def test_concurrent_posts_of_a_meeting_book_it_once(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    """A meeting is stored before the reply is written: a concurrent duplicate gets the
    first result, or 409 when it comes while that reply is being written."""
    await signup("ada")

    responses = await asyncio.gather(*(_say(client, MEETING, KEY) for _ in range(3)))

    statuses = sorted(r.status_code for r in responses)
    assert statuses[0] == 200 and set(statuses) <= {200, 409}, [r.text for r in responses]
    assert len({r.json()["message"]["id"] for r in responses if r.status_code == 200}) == 1
    assert all(r.json()["detail"] == REPLY_PENDING for r in responses if r.status_code == 409)
    assert len(await _history(client)) == 2
    assert len((await client.get("/api/schedules")).json()["items"]) == 1
    first = next(r for r in responses if r.status_code == 200).json()
    retried = await _say(client, MEETING, KEY)
    assert retried.status_code == 200
    assert (retried.json()["message"], retried.json()["reply"]) == (
        first["message"],
        first["reply"],
    )


# --- a retry while the first reply is still being written ---------------------------------


class HeldLlm(httpx.AsyncBaseTransport):
    """An OpenAI-compatible LLM that answers only when released."""

    def __init__(self) -> None:
        self.asked = asyncio.Event()
        self.release = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.asked.set()
        await self.release.wait()
        answer = {"choices": [{"message": {"role": "assistant", "content": "Noted, enjoy!"}}]}
        return httpx.Response(200, content=json.dumps(answer).encode())


@pytest.fixture
def held_llm() -> HeldLlm:
    return HeldLlm()


@pytest.fixture
async def llm_client(
    db_url: str, clock: FrozenClock, held_llm: HeldLlm
) -> AsyncIterator[httpx.AsyncClient]:
    """A signed-in client of an app whose LLM answers when ``held_llm`` is released."""
    settings = load_settings(
        database_url=db_url, jobs_embedded=False, llm_base_url="http://llm.test/v1"
    )
    app: FastAPI = create_app(settings, clock=clock, llm_transport=held_llm)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            signup = await client.post(
                "/api/auth/signup",
                json={"username": "ada", "password": PASSWORD, "timezone": "Europe/Berlin"},
            )
            assert signup.status_code == 201, signup.text
            yield client


async def test_a_retry_before_the_reply_is_written_is_409_then_the_first_result(
    llm_client: httpx.AsyncClient, held_llm: HeldLlm
) -> None:
    first = asyncio.create_task(_say(llm_client, "hello there", KEY))
    await asyncio.wait_for(held_llm.asked.wait(), 10)

    pending = await _say(llm_client, "hello there", KEY)

    assert pending.status_code == 409
    assert pending.json() == {"detail": REPLY_PENDING}
    assert pending.headers["retry-after"] == "1"
    held_llm.release.set()
    answered = await asyncio.wait_for(first, 10)
    assert answered.status_code == 200
    assert answered.json()["reply"]["content"] == "Noted, enjoy!"

    retried = await _say(llm_client, "hello there", KEY)

    assert retried.status_code == 200
    assert retried.json()["message"] == answered.json()["message"]
    assert retried.json()["reply"] == answered.json()["reply"]
    assert [m["role"] for m in await _history(llm_client)] == ["user", "bot"]
