"""The live stream against a real uvicorn: push, isolation, and replay after a reconnect."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI
from web_helpers import PASSWORD, SseEvent, live_server, sse_events

from companion_bot.channels.web.sender import WebSender
from companion_bot.ports import OutboundMessage
from companion_bot.storage import messages
from companion_bot.storage.db import make_engine, make_sessionmaker

TIMEOUT = 5.0


async def _account(api: httpx.AsyncClient, username: str) -> tuple[int, dict[str, str]]:
    response = await api.post(
        "/api/auth/signup",
        json={"username": username, "password": PASSWORD, "timezone": "Europe/Berlin"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return body["user"]["id"], {"Authorization": f"Bearer {body['token']}"}


async def _next_message(events: AsyncIterator[SseEvent]) -> SseEvent:
    async for event in events:
        if event.comment is None:
            return event
    raise AssertionError("stream ended")


async def test_messages_are_pushed_live_and_replayed_after_a_reconnect(app: FastAPI) -> None:
    sender: WebSender = app.state.web_sender
    async with live_server(app) as url, httpx.AsyncClient(base_url=url, timeout=TIMEOUT) as api:
        user_id, auth = await _account(api, "ada")
        async with api.stream("GET", "/api/stream", headers=auth) as page:
            assert page.headers["content-type"].startswith("text/event-stream")
            events = sse_events(page)
            assert (await anext(events)).comment == "connected"
            sent = await api.post("/api/messages", json={"text": "hello there"}, headers=auth)
            assert sent.status_code == 200, sent.text
            mine, reply = await _next_message(events), await _next_message(events)
            proactive = await sender.send(OutboundMessage(user_id=user_id, text="Live one."))
            live = await _next_message(events)
        assert (mine.id, mine.data) == (sent.json()["message"]["id"], sent.json()["message"])
        assert reply.id == sent.json()["reply"]["id"]
        assert reply.data is not None and reply.data["role"] == "bot"
        assert live.id == proactive.message_id
        assert live.data is not None and live.data["message_type"] == "proactive"

        # The page is closed: a reminder arrives meanwhile, then the page reconnects.
        missed = await sender.send(
            OutboundMessage(user_id=user_id, text="Team meeting in 30 minutes.")
        )
        resume = {**auth, "Last-Event-ID": str(live.id)}
        async with api.stream("GET", "/api/stream", headers=resume) as page:
            replayed = await _next_message(sse_events(page))
    assert replayed.id == missed.message_id
    assert replayed.data is not None
    assert replayed.data["content"] == "Team meeting in 30 minutes."


async def test_since_replays_and_other_users_see_nothing(app: FastAPI) -> None:
    sender: WebSender = app.state.web_sender
    app.state.hub.keepalive_seconds = 0.2
    async with live_server(app) as url, httpx.AsyncClient(base_url=url, timeout=TIMEOUT) as api:
        ada, ada_auth = await _account(api, "ada")
        _, bob_auth = await _account(api, "bob")
        first = await sender.send(OutboundMessage(user_id=ada, text="<b>first</b>"))
        second = await sender.send(OutboundMessage(user_id=ada, text="second"))
        async with api.stream("GET", "/api/stream", headers=bob_auth) as bob_page:
            bob_events = sse_events(bob_page)
            async with api.stream(
                "GET", f"/api/stream?since={first.message_id}", headers=ada_auth
            ) as ada_page:
                got = await _next_message(sse_events(ada_page))
            seen_by_bob = [await anext(bob_events) for _ in range(3)]
    assert got.id == second.message_id
    assert [e.comment for e in seen_by_bob] == ["connected", "keep-alive", "keep-alive"]


async def test_messages_stored_by_another_process_arrive_within_two_seconds(
    app: FastAPI, db_url: str
) -> None:
    """A worker's message reaches an open page at once on PostgreSQL (a trigger notifies
    every process) and within a second's poll on SQLite, long before a keep-alive."""
    assert app.state.hub.keepalive_seconds >= 15
    worker = make_engine(db_url)  # another process's connections, and no hub
    try:
        async with live_server(app) as url, httpx.AsyncClient(base_url=url, timeout=TIMEOUT) as api:
            user_id, auth = await _account(api, "ada")
            async with api.stream("GET", "/api/stream", headers=auth) as page:
                events = sse_events(page)
                assert (await anext(events)).comment == "connected"
                async with make_sessionmaker(worker)() as session:
                    stored = await messages.add_proactive_web_message(
                        session,
                        user_id=user_id,
                        content="From a worker.",
                        proactive_session_id=None,
                    )
                    await session.commit()
                committed = time.monotonic()
                arrived = await _next_message(events)
                latency = time.monotonic() - committed
    finally:
        await worker.dispose()
    assert arrived.id == stored.id
    assert latency < 2.0


async def test_a_stream_at_the_end_of_its_life_asks_the_page_back_at_once(
    app: FastAPI,
) -> None:
    """Streams end every ``max_stream_seconds``; the page then reconnects after 250 ms,
    not the 2 s that a shutdown or an outage gets, so nothing waits 2 s in between."""
    app.state.hub.max_stream_seconds = 0.3
    async with live_server(app) as url, httpx.AsyncClient(base_url=url, timeout=TIMEOUT) as api:
        _, auth = await _account(api, "ada")
        async with api.stream("GET", "/api/stream", headers=auth) as page:
            lines = [line async for line in page.aiter_lines()]
    assert [line for line in lines if line.startswith("retry:")] == ["retry: 2000", "retry: 250"]
    assert lines[-2:] == ["retry: 250", ""]


async def test_stream_needs_a_login(app: FastAPI) -> None:
    async with live_server(app) as url, httpx.AsyncClient(base_url=url, timeout=TIMEOUT) as api:
        response = await api.get("/api/stream")
    assert response.status_code == 401


async def test_a_message_published_out_of_id_order_still_arrives(app: FastAPI) -> None:
    """A reply stored before a proactive message but published after it is not dropped."""
    hub = app.state.hub
    async with live_server(app) as url, httpx.AsyncClient(base_url=url, timeout=TIMEOUT) as api:
        user_id, auth = await _account(api, "ada")
        async with api.stream("GET", "/api/stream", headers=auth) as page:
            events = sse_events(page)
            assert (await anext(events)).comment == "connected"
            async with app.state.sessionmaker() as session:
                older, newer = [
                    await messages.add_proactive_web_message(
                        session, user_id=user_id, content=text, proactive_session_id=None
                    )
                    for text in ("stored first", "stored second")
                ]
                await session.commit()
            hub.publish_message(newer)
            hub.publish_message(older)
            got = [await _next_message(events) for _ in range(2)]
    assert sorted(e.id for e in got) == [older.id, newer.id]  # in whatever order they came
