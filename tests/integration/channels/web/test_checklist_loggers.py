"""The deployment checklist's three loggers speak, under its names, when a meeting is
mentioned in chat and its reminder goes out."""

from __future__ import annotations

import datetime as dt
import logging

import httpx
import pytest
from fastapi import FastAPI
from web_helpers import Signup

from companion_bot.proactive.runner import run_pass
from companion_bot.testing import FrozenClock

EXTRACTOR = "companion_bot.services.meeting_extractor"
ANALYZER = "companion_bot.services.message_analyzer"
PROACTIVE = "companion_bot.services.proactive_meeting_handler"
REMINDER_DUE = dt.datetime(2026, 11, 27, 13, 30, tzinfo=dt.UTC)  # Friday 15:00 Berlin - 30 min


async def test_a_meeting_and_its_reminder_are_logged_by_the_checklist_loggers(
    app: FastAPI,
    client: httpx.AsyncClient,
    signup: Signup,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=ANALYZER)
    caplog.set_level(logging.INFO, logger=PROACTIVE)
    caplog.set_level(logging.DEBUG, logger=EXTRACTOR)  # last: it also sets the capture level
    await signup("ada", timezone="Europe/Berlin")

    said = await client.post("/api/messages", json={"text": "team meeting Friday 3-4pm"})
    clock.set(REMINDER_DUE)
    await run_pass(app.state.proactive_handler, clock.now())

    assert said.status_code == 200
    [extracted] = [r for r in caplog.records if r.name == EXTRACTOR]
    assert extracted.levelno == logging.DEBUG
    assert getattr(extracted, "action", None) == "meeting_extracted"
    assert getattr(extracted, "confidence", 0) >= 0.5
    assert any(
        r.name == ANALYZER and "scheduled 'team meeting'" in r.getMessage() for r in caplog.records
    )
    assert [getattr(r, "action", None) for r in caplog.records if r.name == PROACTIVE] == [
        "preparation_reminder_sent"
    ]
