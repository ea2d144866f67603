"""The offline responder: what it confirms, word for word (pure; no database, no clock)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from companion_bot.services.message_analyzer import Analysis
from companion_bot.services.offline_responder import describe, respond
from companion_bot.services.reply_context import ReplyContext
from companion_bot.storage.models import UserSchedule

BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN)  # a Wednesday


def _meeting(
    name: str, start: dt.datetime, end: dt.datetime | None = None, *, approximate: bool = False
) -> UserSchedule:
    return UserSchedule(
        id=1,
        event_name=name,
        start_time=start,
        end_time=end,
        channel="web",
        status="scheduled",
        time_is_approximate=approximate,
    )


def _context(text: str, *, lead: int = 30, on: bool = True, **kwargs: Any) -> ReplyContext:
    return ReplyContext(
        text=text, now=NOW, zone=BERLIN, lead_minutes=lead, reminders_on=on, **kwargs
    )


TEAM = _meeting(
    "team meeting",
    dt.datetime(2026, 11, 27, 15, 0, tzinfo=BERLIN),
    dt.datetime(2026, 11, 27, 16, 0, tzinfo=BERLIN),
)


def test_a_new_meeting_is_confirmed_with_its_reminder() -> None:
    reply = respond(_context("team meeting Friday 3-4pm", analysis=Analysis(created=[TEAM])))

    assert reply == "Got it — team meeting Friday 3–4 PM. I'll remind you at 2:30 PM."


def test_the_reminder_follows_the_lead_time_and_the_off_switch() -> None:
    assert "I'll remind you at 2:45 PM." in respond(
        _context("x", lead=15, analysis=Analysis(created=[TEAM]))
    )
    assert "Reminders are off, so I won't ping you." in respond(
        _context("x", on=False, analysis=Analysis(created=[TEAM]))
    )


def test_moved_cancelled_and_repeated_meetings() -> None:
    moved = respond(_context("my 3pm moved to 4", analysis=Analysis(updated=[TEAM])))
    cancelled = respond(_context("cancelled", analysis=Analysis(cancelled=[TEAM])))
    again = respond(_context("team meeting friday 3pm", analysis=Analysis(duplicates=[TEAM])))

    assert moved == (
        "Updated — team meeting is now Friday 27 Nov, 3–4 PM. I'll remind you at 2:30 PM."
    )
    assert cancelled == "Okay, I've cancelled team meeting (Friday 3–4 PM) — no reminder for it."
    assert again == "I already have team meeting Friday 3–4 PM — nothing new to add."


def test_a_question_when_the_change_is_ambiguous() -> None:
    question = "Which one should I cancel: the standup at Thu 15:00 or the review at Fri 15:00?"
    assert respond(_context("the 3pm is off", analysis=Analysis(question=question))) == question


def test_times_read_naturally() -> None:
    soon = _meeting("call", dt.datetime(2026, 11, 25, 9, 20, tzinfo=BERLIN))
    morning = _meeting(
        "review",
        dt.datetime(2026, 11, 26, 11, 0, tzinfo=BERLIN),
        dt.datetime(2026, 11, 26, 13, 0, tzinfo=BERLIN),
    )
    vague = _meeting("dentist", dt.datetime(2026, 12, 8, 8, 0, tzinfo=BERLIN), approximate=True)

    assert describe(soon, BERLIN, NOW) == "today 9:20 AM"
    assert describe(morning, BERLIN, NOW) == "tomorrow 11 AM–1 PM"
    assert describe(vague, BERLIN, NOW) == "Tue 8 Dec around 8 AM"
    assert "coming up soon" in respond(_context("call now", analysis=Analysis(created=[soon])))


def test_small_talk_and_whats_next() -> None:
    assert respond(_context("thanks!")) in ("You're welcome!", "Anytime!", "Happy to help!")
    assert respond(_context("what's next?", upcoming=[TEAM])) == (
        "Coming up: team meeting Friday 3–4 PM."
    )
    assert respond(_context("what's next?")).startswith("Nothing on your list yet")


def test_a_date_without_a_time_is_said_as_the_day_with_its_morning_note() -> None:
    dentist = _meeting("dentist", dt.datetime(2026, 11, 27, 0, 0, tzinfo=BERLIN), approximate=True)
    today = _meeting("dentist", dt.datetime(2026, 11, 25, 0, 0, tzinfo=BERLIN), approximate=True)

    reply = respond(_context("dentist on friday", analysis=Analysis(created=[dentist])))
    same_day = respond(_context("dentist today", analysis=Analysis(created=[today])))

    assert reply.endswith(
        "— dentist Friday. No time was given, so I'll send you a note that morning at 8 AM."
    )
    assert "12 AM" not in same_day and "11:30 PM" not in same_day
    assert same_day.endswith("No time was given, so I'll send you a short note about it now.")
