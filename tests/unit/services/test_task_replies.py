"""What the bot answers about task reminders, offline and in the LLM's context (pure)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from companion_bot.services.context_builder import llm_messages
from companion_bot.services.message_analyzer import Analysis
from companion_bot.services.offline_responder import respond
from companion_bot.services.reply_context import ReplyContext
from companion_bot.storage.models import UserSchedule

NEW_YORK = ZoneInfo("America/New_York")
#: Monday 7 December 2026, 10:00 in New York.
NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=NEW_YORK)


def _task(
    name: str, start: dt.datetime, *, approximate: bool = False, kind: str = "task"
) -> UserSchedule:
    return UserSchedule(
        id=1,
        event_name=name,
        start_time=start,
        channel="web",
        status="scheduled",
        time_is_approximate=approximate,
        kind=kind,
    )


def _context(text: str, *, on: bool = True, **kwargs: Any) -> ReplyContext:
    return ReplyContext(
        text=text, now=NOW, zone=NEW_YORK, lead_minutes=30, reminders_on=on, **kwargs
    )


CALL_MOM = _task("call mom", dt.datetime(2026, 12, 7, 18, 0, tzinfo=NEW_YORK))


def test_a_task_is_confirmed_with_the_time_it_is_reminded() -> None:
    reply = respond(_context("remind me to call mom at 6", analysis=Analysis(created=[CALL_MOM])))

    assert reply == "Okay — I'll remind you to call mom today at 6:00 PM."


def test_about_a_thing_tomorrow_around_a_part_of_day() -> None:
    rent = _task("the rent", dt.datetime(2026, 12, 8, 20, 0, tzinfo=NEW_YORK), approximate=True)

    reply = respond(
        _context("remind me tomorrow night about the rent", analysis=Analysis(created=[rent]))
    )

    assert reply == "Okay — I'll remind you about the rent tomorrow at around 8:00 PM."


def test_with_reminders_off_it_is_noted_but_not_promised() -> None:
    reply = respond(
        _context("remind me to call mom at 6", on=False, analysis=Analysis(created=[CALL_MOM]))
    )

    assert reply == (
        "Noted — call mom, today at 6:00 PM. Reminders are off, so I won't ping you: say "
        '"reminders on" to get them back.'
    )


def test_cancelled_repeated_and_moved_tasks() -> None:
    cancelled = respond(
        _context("cancel the reminder to call mom", analysis=Analysis(cancelled=[CALL_MOM]))
    )
    again = respond(
        _context("remind me to call mom at 6", analysis=Analysis(duplicates=[CALL_MOM]))
    )
    moved = respond(
        _context("move the reminder to call mom to 6pm", analysis=Analysis(updated=[CALL_MOM]))
    )

    assert cancelled == "Okay, I've cancelled the reminder to call mom (today at 6:00 PM)."
    assert again == "I'm already set to remind you to call mom today at 6:00 PM."
    assert moved == "Okay — I'll remind you to call mom today at 6:00 PM."


def test_a_missing_time_is_asked_for() -> None:
    question = (
        'When should I remind you to call mom? Say it with a time, like "remind me to '
        'call mom at 6pm".'
    )

    assert (
        respond(_context("remind me to call mom", analysis=Analysis(question=question))) == question
    )


def test_whats_next_marks_task_reminders() -> None:
    dentist = _task("dentist", dt.datetime(2026, 12, 8, 15, 0, tzinfo=NEW_YORK), kind="meeting")

    reply = respond(_context("what's next?", upcoming=[CALL_MOM, dentist]))

    assert reply == "Coming up: ⏰ call mom today 6 PM; dentist tomorrow 3 PM."


def test_the_llm_is_told_the_same_facts() -> None:
    created = llm_messages(
        _context(
            "remind me to call mom at 6", analysis=Analysis(created=[CALL_MOM]), upcoming=[CALL_MOM]
        )
    )[0]["content"]
    asked = llm_messages(
        _context("remind me to call mom", analysis=Analysis(question="When should I remind you?"))
    )[0]["content"]

    assert (
        "A reminder to call mom is set: it goes out today at 6:00 PM, on this channel." in created
    )
    assert "⏰ call mom today 6 PM" in created
    assert "changed nothing" not in created
    assert "When should I remind you?" in asked
