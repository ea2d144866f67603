"""``serve`` runs the proactive job: the app's lifespan starts the embedded loop (a short
period here), which delivers a reminder through the web sender into the open chat page
(a real SSE stream on a loopback server) and into the history, in the LLM's words when an
LLM is configured, from the template when it fails. DESIGN.md journey 1."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from companion_bot.composition import create_app
from companion_bot.config import load_settings
from companion_bot.proactive.loop import JobLoop
from companion_bot.proactive.messages import REMINDER_TEMPLATES
from companion_bot.testing import FrozenClock

# Wednesday 25 November 2026, 10:00 in Berlin; the meeting is tomorrow at 14:30 Berlin.
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
DUE = dt.datetime(2026, 11, 26, 13, 0, tzinfo=dt.UTC)
LLM_REMINDER = "Your meeting kicks off at 2:30 PM — half an hour to get ready!"
TEMPLATE_REMINDERS = {
    t.format(event="meeting", time="2:30 PM", until="30 minutes") for t in REMINDER_TEMPLATES
}


def llm_standin(*, up: bool) -> httpx.MockTransport:
    """An OpenAI-compatible endpoint: rewrites proactive messages, answers chat briefly."""

    def answer(request: httpx.Request) -> httpx.Response:
        if not up:
            return httpx.Response(503, json={"error": "overloaded"})
        prompt = json.loads(request.content)["messages"][-1]["content"]
        text = LLM_REMINDER if prompt.startswith("Rephrase") else "Noted!"
        return httpx.Response(200, json={"choices": [{"message": {"content": text}}]})

    return httpx.MockTransport(answer)


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[str]:
    """The app with its lifespan (the job loop) behind uvicorn on a loopback port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, lifespan="on", log_config=None))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()


async def next_message(lines: AsyncIterator[str]) -> dict[str, Any]:
    """The data of the next ``event: message`` of an SSE stream."""
    async for line in lines:
        if line.startswith("data:"):
            data: dict[str, Any] = json.loads(line.removeprefix("data:"))
            return data
    raise AssertionError("stream ended")


async def next_proactive(lines: AsyncIterator[str]) -> dict[str, Any]:
    """The next proactive message of an SSE stream (the chat's own replies are passed over)."""
    while (message := await next_message(lines))["message_type"] != "proactive":
        pass
    return message


POLL_SECONDS = 0.02


async def more_runs(loop: JobLoop, count: int, *, seconds: float = 10) -> None:
    """Return once ``loop`` has run ``count`` more passes; fail after ``seconds``."""
    start = loop.runs
    for _ in range(int(seconds / POLL_SECONDS)):
        if loop.runs >= start + count:
            return
        await asyncio.sleep(POLL_SECONDS)
    raise AssertionError(f"{loop.runs - start} of {count} more job runs in {seconds} s")


@pytest.mark.parametrize(
    ("llm_up", "expected"),
    [(True, {LLM_REMINDER}), (False, TEMPLATE_REMINDERS)],
    ids=["llm", "llm-down"],
)
async def test_serve_delivers_a_due_reminder_into_the_open_page(
    db_url: str, llm_up: bool, expected: set[str]
) -> None:
    settings = load_settings(
        database_url=db_url,
        jobs_embedded=True,
        job_period_seconds=0.1,
        llm_base_url="http://llm.invalid/v1",
    )
    clock = FrozenClock(NOW)
    app = create_app(settings, clock=clock, llm_transport=llm_standin(up=llm_up))

    async with serving(app) as base, httpx.AsyncClient(base_url=base, timeout=10) as browser:
        account = {"username": "ada", "password": "correct horse 42", "timezone": "Europe/Berlin"}
        assert (await browser.post("/api/auth/signup", json=account)).status_code == 201
        said = await browser.post(
            "/api/messages", json={"text": "I have a meeting tomorrow at 2:30 PM"}
        )
        assert said.status_code == 200 and len(said.json()["created"]) == 1
        assert app.state.job_loop.running

        async with browser.stream("GET", "/api/stream") as page:
            lines = page.aiter_lines()
            async for line in lines:
                if line == ": connected":
                    break
            clock.set(DUE)  # the loop's next run finds the reminder due
            pushed = await asyncio.wait_for(next_message(lines), timeout=10)
        # A few more runs (however long a loaded machine takes): nothing goes out twice.
        await more_runs(app.state.job_loop, 3)
        history = (await browser.get("/api/messages")).json()["items"]

    proactive = [m for m in history if m["message_type"] == "proactive"]
    assert pushed["message_type"] == "proactive" and pushed["content"] in expected
    assert [m["id"] for m in proactive] == [pushed["id"]]
    assert not app.state.job_loop.running  # shutdown stopped it


async def test_serve_without_the_embedded_job_leaves_it_to_celery(db_url: str) -> None:
    settings = load_settings(database_url=db_url, jobs_embedded=False)
    app = create_app(settings, clock=FrozenClock(NOW))

    async with app.router.lifespan_context(app):
        assert app.state.job_loop is None


async def test_a_meeting_booked_between_runs_is_reminded_without_waiting_for_the_period(
    db_url: str,
) -> None:
    # 14:00:20 in Berlin: a meeting at 2:30 PM is mentioned late, so its reminder is due now.
    settings = load_settings(database_url=db_url, jobs_embedded=True, job_period_seconds=300)
    clock = FrozenClock(dt.datetime(2026, 11, 26, 13, 0, 20, tzinfo=dt.UTC))
    app = create_app(settings, clock=clock)

    async with serving(app) as base, httpx.AsyncClient(base_url=base, timeout=10) as browser:
        account = {"username": "ada", "password": "correct horse 42", "timezone": "Europe/Berlin"}
        assert (await browser.post("/api/auth/signup", json=account)).status_code == 201
        async with browser.stream("GET", "/api/stream") as page:
            lines = page.aiter_lines()
            async for line in lines:
                if line == ": connected":
                    break
            for _ in range(500):  # the pass at start is over ...
                if app.state.job_loop.runs >= 1:
                    break
                await asyncio.sleep(0.01)
            runs = app.state.job_loop.runs  # ... and the loop waits out its 5-minute period
            said = await browser.post("/api/messages", json={"text": "meeting at 2:30 PM"})
            pushed = await asyncio.wait_for(next_proactive(lines), timeout=8)

    assert len(said.json()["created"]) == 1
    assert pushed["message_type"] == "proactive" and "2:30 PM" in pushed["content"]
    assert app.state.job_loop.runs == runs + 1  # one run, when the booking woke the loop
