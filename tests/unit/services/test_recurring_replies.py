"""The offline responder's words for repeating meetings (pure): a series noted, found noted
already, stopped; one occurrence skipped or moved; the facts an LLM is given."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from companion_bot.services.context_builder import llm_messages
from companion_bot.services.message_analyzer import Analysis
from companion_bot.services.offline_responder import listed, respond
from companion_bot.services.reply_context import ReplyContext
from companion_bot.services.series import SeriesChange
from companion_bot.storage.models import ScheduleSeries, UserSchedule

NEW_YORK = ZoneInfo("America/New_York")
#: Tuesday 1 December 2026, 10:00 in New York.
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK)
WEEKDAYS = "DTSTART:20261202T093000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"


def series(name: str = "standup", *, kind: str = "meeting", rule: str = WEEKDAYS) -> ScheduleSeries:
    return ScheduleSeries(
        id=3,
        event_name=name,
        recurrence=rule,
        timezone="America/New_York",
        kind=kind,
        time_is_approximate=False,
    )


def occurrence(of: ScheduleSeries, day: int, hour: int = 9, minute: int = 30) -> UserSchedule:
    start = dt.datetime(2026, 12, day, hour, minute, tzinfo=NEW_YORK)
    row = UserSchedule(
        id=day,
        event_name=of.event_name,
        start_time=start,
        end_time=None,
        channel="web",
        status="scheduled",
        time_is_approximate=False,
        kind=of.kind,
        series_id=of.id,
        occurrence_start=start,
    )
    row.series = of
    return row


def context(text: str, analysis: Analysis, **kwargs: Any) -> ReplyContext:
    options: dict[str, Any] = {"lead_minutes": 30, "reminders_on": True} | kwargs
    return ReplyContext(text=text, now=NOW, zone=NEW_YORK, analysis=analysis, **options)


def noted(of: ScheduleSeries, *days: int) -> Analysis:
    rows = [occurrence(of, d) for d in days]
    return Analysis(created=rows, series=[SeriesChange("created", of, rows)])


def test_a_series_noted_is_said_once_with_when_it_starts() -> None:
    standup = series()

    reply = respond(context("standup every weekday at 9:30", noted(standup, 2, 3, 4)))

    assert reply == (
        "Okay — standup every weekday at 9:30 AM, starting tomorrow. I'll remind you 30 "
        "minutes before each one."
    )


def test_with_reminders_off_it_says_so() -> None:
    analysis = noted(series(), 2, 3)

    reply = respond(context("standup every weekday at 9:30", analysis, reminders_on=False))

    assert reply.endswith("starting tomorrow. Reminders are off, so I won't ping you.")


def test_a_repeating_reminder_and_a_series_already_there() -> None:
    meds = series("take my meds", kind="task", rule="DTSTART:20261201T210000\nRRULE:FREQ=DAILY")
    standup = series()

    task = respond(context("remind me to take my meds every day at 9pm", noted(meds, 1, 2)))
    again = respond(
        context(
            "standup every weekday at 9:30", Analysis(series=[SeriesChange("duplicate", standup)])
        )
    )

    assert task == "Okay — I'll remind you to take my meds every day at 9 PM, starting today."
    assert again == "I already have standup every weekday at 9:30 AM — nothing new to add."


def test_a_series_stopped_is_said_once_not_per_occurrence() -> None:
    standup = series()
    cancelled = [occurrence(standup, d) for d in (2, 3, 4)]
    analysis = Analysis(cancelled=cancelled, series=[SeriesChange("ended", standup, cancelled)])

    reply = respond(context("stop the weekly standup", analysis))

    assert reply == (
        "Okay, I've stopped the standup (every weekday at 9:30 AM) — no more reminders for it."
    )


def test_one_skipped_or_moved_says_the_others_stay() -> None:
    standup = series()
    skipped = respond(
        context("skip tomorrow's standup", Analysis(cancelled=[occurrence(standup, 2)]))
    )
    moved = respond(
        context("move tomorrow's standup to 10", Analysis(updated=[occurrence(standup, 2, 10, 0)]))
    )

    others = "The others stay as they were (every weekday at 9:30 AM)."
    assert (
        skipped == f"Okay, I've cancelled standup (tomorrow 9:30 AM) — no reminder for it. {others}"
    )
    assert moved == (
        "Updated — standup is now tomorrow, Wednesday 2 Dec, 10 AM. I'll remind you at 9:30 AM. "
        + others
    )


def test_listed_with_how_often_and_told_to_an_llm() -> None:
    standup = series()
    analysis = noted(standup, 2, 3)

    prompt = llm_messages(context("standup every weekday at 9:30", analysis))[0]["content"]

    assert listed(occurrence(standup, 2), NEW_YORK, NOW) == (
        "standup tomorrow 9:30 AM (↻ every weekday)"
    )
    assert "standup every weekday at 9:30 AM is on your list, starting tomorrow." in prompt
