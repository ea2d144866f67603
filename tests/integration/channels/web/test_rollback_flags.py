"""The deployment checklist's rollback order, end to end: an operator flips flags with
``companion-bot flags``, the web app follows within seconds, ``jobs run-once`` obeys, and
nothing is lost; turning the flags back on resumes without a duplicate reminder."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from click.testing import CliRunner
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from web_helpers import NOW, Signup

from companion_bot.channels.telegram.schedule_view import render_schedule
from companion_bot.commands.flags import flags
from companion_bot.commands.jobs import jobs
from companion_bot.storage import schedules
from companion_bot.storage.models import Message, ProactiveSession, UserSchedule
from companion_bot.testing import FrozenClock

BERLIN = ZoneInfo("Europe/Berlin")
MEETING = "I have a meeting tomorrow at 2:30 PM"  # Thursday 14:30 Berlin = 13:30 UTC
REMINDER_DUE = dt.datetime(2026, 11, 26, 13, 0, tzinfo=dt.UTC)  # 30 min before
CACHE = dt.timedelta(seconds=5)


async def operator(app: FastAPI, clock: FrozenClock, *args: str) -> str:
    """``companion-bot flags …`` in another process; the app follows once its cache expires."""
    settings = app.state.settings
    result = await asyncio.to_thread(CliRunner().invoke, flags, list(args), obj=settings)
    assert result.exit_code == 0, result.output
    clock.advance(CACHE)
    return result.output


async def run_jobs(app: FastAPI, at: dt.datetime) -> str:
    """``companion-bot jobs run-once --now AT`` (its own engine, flags read fresh)."""
    args = ["run-once", "--now", at.isoformat()]
    result = await asyncio.to_thread(CliRunner().invoke, jobs, args, obj=app.state.settings)
    assert result.exit_code == 0, result.output
    return result.output


async def say(client: httpx.AsyncClient, text: str) -> dict[str, Any]:
    response = await client.post("/api/messages", json={"text": text})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def panel(client: httpx.AsyncClient) -> list[str]:
    """The web panel: names of the upcoming meetings."""
    response = await client.get("/api/schedules")
    assert response.status_code == 200, response.text
    return [item["event_name"] for item in response.json()["items"]]


async def telegram_schedule(app: FastAPI, user_id: int, now: dt.datetime) -> str:
    """What ``/schedule`` in Telegram shows this user (the handler's query and view)."""
    sm: async_sessionmaker[AsyncSession] = app.state.sessionmaker
    async with sm() as session:
        rows = await schedules.schedules_between(
            session, user_id=user_id, start=now, end=now + dt.timedelta(days=14), limit=16
        )
    return render_schedule(rows, tz=BERLIN, now=now)


async def count(app: FastAPI, model: type[Any], *where: Any) -> int:
    sm: async_sessionmaker[AsyncSession] = app.state.sessionmaker
    async with sm() as session:
        total = await session.scalar(select(func.count()).select_from(model).where(*where))
    return int(total or 0)


async def reminders(app: FastAPI) -> list[str]:
    """The proactive messages stored for the web chat (what the user sees), oldest first."""
    sm: async_sessionmaker[AsyncSession] = app.state.sessionmaker
    async with sm() as session:
        rows = await session.scalars(
            select(Message.content).where(Message.message_type == "proactive").order_by(Message.id)
        )
        return list(rows)


async def test_step_1_jobs_off_sends_nothing_but_meetings_stay_visible_then_resume_once(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    ada = await signup("ada")
    created = (await say(client, MEETING))["created"]
    assert [s["event_name"] for s in created] == ["meeting"]

    listed = await operator(app, clock, "set", "proactive_jobs", "off")
    off_run = await run_jobs(app, REMINDER_DUE)
    web_panel = await panel(client)
    telegram = await telegram_schedule(app, ada["user"]["id"], NOW)

    assert "proactive_jobs: off" in listed
    assert "preparation_reminder: disabled by feature flag, nothing sent" in off_run
    assert await reminders(app) == []
    assert await count(app, ProactiveSession) == 0
    assert web_panel == ["meeting"]
    assert "14:30 meeting" in telegram

    await operator(app, clock, "set", "proactive_jobs", "on")
    first = await run_jobs(app, REMINDER_DUE + dt.timedelta(seconds=30))
    second = await run_jobs(app, REMINDER_DUE + dt.timedelta(minutes=1))

    assert "preparation_reminder: 1 sent" in first
    assert "preparation_reminder: nothing due" in second
    [reminder] = await reminders(app)
    assert "2:30 PM" in reminder
    assert await panel(client) == ["meeting"]


async def test_a_reminder_that_fell_due_while_jobs_were_off_goes_out_once_when_back_on(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    await signup("ada")
    await say(client, MEETING)
    await operator(app, clock, "set", "proactive_jobs", "off")
    await run_jobs(app, REMINDER_DUE)
    await run_jobs(app, REMINDER_DUE + dt.timedelta(minutes=10))

    await operator(app, clock, "set", "proactive_jobs", "on")
    late = await run_jobs(app, REMINDER_DUE + dt.timedelta(minutes=20))  # 10 min before start
    again = await run_jobs(app, REMINDER_DUE + dt.timedelta(minutes=21))

    assert "preparation_reminder: 1 sent" in late
    assert "1 sent" not in again
    assert len(await reminders(app)) == 1


async def test_step_2_extraction_off_creates_no_schedule_and_keeps_the_old_ones(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    ada = await signup("ada")
    await say(client, MEETING)

    await operator(app, clock, "set", "meeting_extraction", "off")
    answer = await say(client, "dentist on Friday at 4 pm")
    web_panel = await panel(client)
    telegram = await telegram_schedule(app, ada["user"]["id"], NOW)

    assert answer["created"] == [] and answer["reply"]["content"]
    assert web_panel == ["meeting"]
    assert "14:30 meeting" in telegram and "dentist" not in telegram
    assert await count(app, UserSchedule) == 1

    await operator(app, clock, "set", "meeting_extraction", "on")
    again = await say(client, "dentist on Friday at 4 pm")

    assert [s["event_name"] for s in again["created"]] == ["dentist"]
    assert await panel(client) == ["meeting", "dentist"]


async def test_step_3_master_switch_off_stops_everything_keeps_all_data_and_resumes_once(
    app: FastAPI, client: httpx.AsyncClient, signup: Signup, clock: FrozenClock
) -> None:
    await signup("ada")
    await say(client, MEETING)  # Thursday 13:30 UTC, reminder due 13:00 UTC
    await say(client, "1-on-1 today at 11:00")  # Wednesday 10:00 UTC, no end time

    await operator(app, clock, "set", "proactive_features", "off")
    assert await panel(client) == ["1-on-1", "meeting"]
    clock.set(NOW + dt.timedelta(hours=1, minutes=30))  # the 1-on-1 began 30 min ago
    chat = await say(client, "hello again")
    new_meeting = await say(client, "dentist on Friday at 4 pm")
    off_run = await run_jobs(app, REMINDER_DUE)

    assert chat["reply"]["is_question"] is False  # no "how did the 1-on-1 go?"
    assert new_meeting["created"] == []
    assert "preparation_reminder: disabled by feature flag" in off_run
    assert await reminders(app) == []
    assert await count(app, ProactiveSession) == 0
    assert await count(app, UserSchedule) == 2
    assert await count(app, Message) == 8  # four messages, four replies: all kept
    assert await panel(client) == ["meeting"]  # the 1-on-1 is over

    await operator(app, clock, "set", "proactive_features", "on")
    followup = await say(client, "back again")
    no_second = await say(client, "anything else?")
    on_run = await run_jobs(app, REMINDER_DUE + dt.timedelta(minutes=1))
    rerun = await run_jobs(app, REMINDER_DUE + dt.timedelta(minutes=2))

    assert followup["reply"]["is_question"] is True
    assert "1-on-1" in followup["reply"]["content"]
    assert no_second["reply"]["is_question"] is False
    assert "preparation_reminder: 1 sent" in on_run
    assert "1 sent" not in rerun
    [reminder] = await reminders(app)
    assert "2:30 PM" in reminder
    sent = await count(app, ProactiveSession, ProactiveSession.status == "sent")
    assert sent == 2  # one reminder, one follow-up question
