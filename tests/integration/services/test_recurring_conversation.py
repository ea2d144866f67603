"""Repeating meetings said in chat (issue 17), through the real pipeline on both databases
and both channels, with the offline responder: one series per message with its coming
occurrences, skip one, move one, stop the series, undo each, and the user guide's table."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage.models import ScheduleSeries, UserSchedule

NEW_YORK = ZoneInfo("America/New_York")
#: The guide's examples are said on a Tuesday at 10 AM (1 December 2026, New York).
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK)
SM = async_sessionmaker[AsyncSession]
GUIDE = Path(__file__).parents[3] / "docs" / "user-guide.md"


def ny(day: int, hour: int, minute: int = 0, month: int = 12) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK)


async def say(
    handler: MessageHandler, user: int, text: str, *, channel: str = "web", now: dt.datetime = NOW
) -> str:
    result = await handler.handle(user_id=user, channel=channel, text=text, now=now)
    return result.reply.content


async def series_of(sm: SM, user: int) -> list[ScheduleSeries]:
    async with sm() as session:
        rows = await session.scalars(
            select(ScheduleSeries).where(ScheduleSeries.user_id == user).order_by(ScheduleSeries.id)
        )
        return list(rows)


async def meetings(sm: SM, user: int) -> list[UserSchedule]:
    async with sm() as session:
        rows = await session.scalars(
            select(UserSchedule)
            .where(UserSchedule.user_id == user)
            .order_by(UserSchedule.start_time, UserSchedule.id)
        )
        return list(rows)


def local(rows: list[UserSchedule], status: str = "scheduled") -> list[str]:
    return [f"{r.start_time.astimezone(NEW_YORK):%a %d %H:%M}" for r in rows if r.status == status]


@pytest.mark.parametrize("channel", ["web", "telegram"])
async def test_a_weekday_standup_is_one_series_with_its_coming_occurrences(
    handler: MessageHandler, sm: SM, dan: int, channel: str
) -> None:
    reply = await say(handler, dan, "standup every weekday at 9:30", channel=channel)

    assert reply == (
        "Okay — standup every weekday at 9:30 AM, starting tomorrow. I'll remind you 30 "
        "minutes before each one."
    )
    [series] = await series_of(sm, dan)
    assert (series.event_name, series.description, series.channel) == (
        "standup",
        "every weekday at 9:30 AM",
        channel,
    )
    rows = await meetings(sm, dan)
    assert local(rows)[:6] == [
        "Wed 02 09:30",
        "Thu 03 09:30",
        "Fri 04 09:30",
        "Mon 07 09:30",
        "Tue 08 09:30",
        "Wed 09 09:30",
    ]
    assert len(rows) == 11  # two weeks ahead, and the next one after that
    assert {(r.series_id, r.channel, r.kind) for r in rows} == {(series.id, channel, "meeting")}
    assert await say(handler, dan, "standup every weekday at 9:30") == (
        "I already have standup every weekday at 9:30 AM — nothing new to add."
    )
    assert len(await meetings(sm, dan)) == 11


@pytest.mark.parametrize(
    ("text", "name", "stored"),
    [
        (
            "every other tuesday at 4",
            "meeting",
            "DTSTART:20261201T160000\nRRULE:FREQ=WEEKLY;BYDAY=TU;INTERVAL=2",
        ),
        (
            "yoga mondays and thursdays 7pm",
            "yoga",
            "DTSTART:20261203T190000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH",
        ),
        (
            "first monday of the month at 10",
            "meeting",
            "DTSTART:20261207T100000\nRRULE:FREQ=MONTHLY;BYDAY=1MO",
        ),
        (
            "every day at 8 until friday",
            "meeting",
            "DTSTART:20261202T080000\nRRULE:FREQ=DAILY;UNTIL=20261204T235959",
        ),
    ],
)
async def test_the_issues_examples_are_one_series_each(
    handler: MessageHandler, sm: SM, dan: int, text: str, name: str, stored: str
) -> None:
    await say(handler, dan, text)

    [series] = await series_of(sm, dan)
    assert (series.event_name, series.recurrence, series.timezone) == (
        name,
        stored,
        "America/New_York",
    )
    rows = await meetings(sm, dan)
    assert rows and {r.series_id for r in rows} == {series.id}


async def test_until_friday_stores_those_days_only(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "every day at 8 until friday")

    assert local(await meetings(sm, dan)) == ["Wed 02 08:00", "Thu 03 08:00", "Fri 04 08:00"]
    [series] = await series_of(sm, dan)
    assert series.materialized_until is None  # nothing left to store


async def test_skip_one_move_one_and_only_those_change(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "standup every weekday at 9:30")

    await say(handler, dan, "skip tomorrow's standup")
    await say(handler, dan, "move friday's standup to 10")
    await say(handler, dan, "cancel monday's standup")

    rows = await meetings(sm, dan)
    assert local(rows, "cancelled") == ["Wed 02 09:30", "Mon 07 09:30"]
    assert local(rows)[:3] == ["Thu 03 09:30", "Fri 04 10:00", "Tue 08 09:30"]
    friday = next(r for r in rows if r.start_time == ny(4, 10))
    assert friday.occurrence_start == ny(4, 9, 30)  # still that day's occurrence


async def test_cancel_with_no_day_asks_which_one(handler: MessageHandler, sm: SM, dan: int) -> None:
    await say(handler, dan, "standup every weekday at 9:30")

    reply = await say(handler, dan, "cancel the standup")

    assert reply.startswith("Which standup do you mean?")
    assert local(await meetings(sm, dan), "cancelled") == []


async def test_stopping_the_series_keeps_the_past_and_cancels_the_rest(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "standup every weekday at 9:30")
    later = ny(3, 12)  # Thursday noon: two standups are past

    reply = await say(handler, dan, "stop the weekly standup", now=later)

    assert reply == (
        "Okay, I've stopped the standup (every weekday at 9:30 AM) — no more reminders for it."
    )
    rows = await meetings(sm, dan)
    assert local(rows) == ["Wed 02 09:30", "Thu 03 09:30"]
    assert all(r.status == "cancelled" for r in rows if r.start_time > later)
    [series] = await series_of(sm, dan)
    assert series.ended_at == later and series.materialized_until is None
    assert await say(handler, dan, "stop the weekly standup", now=later) == (
        "I couldn't find a repeating meeting like that to stop."
    )
    assert "repeating" not in await say(handler, dan, "no more coffee", now=later)


async def test_undo_takes_back_a_stop_and_then_the_series(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "standup every weekday at 9:30")
    await say(handler, dan, "skip tomorrow's standup")
    await say(handler, dan, "cancel the standup series")

    back_on = await say(handler, dan, "undo")
    skip_undone = await say(handler, dan, "undo")
    removed = await say(handler, dan, "undo")

    assert back_on == 'Undone: "standup" is back on, every weekday at 9:30 AM.'
    assert skip_undone == "Undone: the standup is back on Wed Dec 2 at 9:30 AM."
    assert removed == 'Undone: I removed "standup" (every weekday at 9:30 AM).'
    assert local(await meetings(sm, dan)) == []
    [series] = await series_of(sm, dan)
    assert series.ended_at is not None


async def test_a_one_off_at_one_of_its_times_becomes_that_occurrence(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "standup tomorrow at 9:30")

    await say(handler, dan, "daily standup every weekday at 9:30")

    rows = await meetings(sm, dan)
    [series] = await series_of(sm, dan)
    assert local(rows)[:2] == ["Wed 02 09:30", "Thu 03 09:30"]  # one on Wednesday, not two
    assert {r.series_id for r in rows} == {series.id}

    await say(handler, dan, "undo")  # the series goes; the one-off stays as it was

    [wednesday] = [r for r in await meetings(sm, dan) if r.status == "scheduled"]
    assert (wednesday.event_name, wednesday.start_time, wednesday.series_id) == (
        "standup",
        ny(2, 9, 30),
        None,
    )


async def test_a_new_series_takes_the_times_of_a_stopped_one(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "standup every weekday at 9:30")
    await say(handler, dan, "stop the weekly standup")

    again = await say(handler, dan, "standup every weekday at 9:30")

    assert again.startswith("Okay — standup every weekday at 9:30 AM")
    first, second = await series_of(sm, dan)
    rows = await meetings(sm, dan)
    assert {r.series_id for r in rows if r.status == "scheduled"} == {second.id}
    assert len(local(rows)) == 11


async def test_a_repeating_task_reminder(handler: MessageHandler, sm: SM, dan: int) -> None:
    reply = await say(handler, dan, "remind me to take my meds every day at 9pm")

    assert reply == "Okay — I'll remind you to take my meds every day at 9 PM, starting today."
    rows = await meetings(sm, dan)
    assert local(rows)[:3] == ["Tue 01 21:00", "Wed 02 21:00", "Thu 03 21:00"]
    assert {(r.kind, r.event_name) for r in rows} == {("task", "take my meds")}


async def test_whats_next_marks_the_repeating_ones(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "standup every weekday at 9:30")
    await say(handler, dan, "dentist tomorrow at 3pm")

    answer = await say(handler, dan, "what's next?")

    assert answer.startswith(
        "Coming up: standup tomorrow 9:30 AM (↻ every weekday); dentist tomorrow "
        "3 PM; standup Thursday 9:30 AM (↻ every weekday);"
    )


# -- the user guide ------------------------------------------------------------------------


def guide_rows() -> list[tuple[str | None, str, str]]:
    """(said first, you say, it answers) of the table under "Repeating meetings"."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("### Repeating meetings", 1)[1].split("\n#", 1)[0]
    rows: list[tuple[str | None, str, str]] = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0] in ("you say", "---"):
            continue
        said = re.findall(r'"([^"]+)"', cells[0])
        first = said[0] if cells[0].startswith("after ") else None
        rows.append((first, said[-1], cells[1]))
    return rows


def test_the_guide_shows_the_issues_examples() -> None:
    said = [text for _, text, _ in guide_rows()]
    for example in (
        "standup every weekday at 9:30",
        "every other tuesday at 4",
        "yoga mondays and thursdays 7pm",
        "first monday of the month at 10",
        "every day at 8 until friday",
        "skip tomorrow's standup",
        "stop the weekly standup",
    ):
        assert example in said, example


@pytest.mark.parametrize(("first", "text", "answer"), guide_rows(), ids=lambda v: str(v)[:40])
async def test_the_guide_says_what_the_bot_answers(
    handler: MessageHandler, sm: SM, dan: int, first: str | None, text: str, answer: str
) -> None:
    if first is not None:
        await say(handler, dan, first)

    assert await say(handler, dan, text) == answer
