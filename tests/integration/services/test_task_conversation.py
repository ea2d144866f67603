"""Task reminders asked for in chat (issue 14, item 4), through the real pipeline on both
databases and both channels, with the offline responder: what is stored, what is answered,
what is asked when something is missing, and cancelling one by name."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.composition import build_proactive_handler
from companion_bot.config import Settings
from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage.models import GreetingPreferences, ProactiveSession, UserSchedule
from companion_bot.testing import FakeSender, FrozenClock

NEW_YORK = ZoneInfo("America/New_York")
#: Monday 7 December 2026, 08:00 in New York.
NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=NEW_YORK)
SM = async_sessionmaker[AsyncSession]
GUIDE = Path(__file__).parents[3] / "docs" / "user-guide.md"
#: The guide's examples are said on a Tuesday at 10 AM (1 December 2026, New York).
GUIDE_NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK)


def ny(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=NEW_YORK)


async def stored(sm: SM, user_id: int) -> list[UserSchedule]:
    async with sm() as session:
        rows = await session.scalars(
            select(UserSchedule).where(UserSchedule.user_id == user_id).order_by(UserSchedule.id)
        )
        return list(rows.all())


async def say(handler: MessageHandler, user_id: int, text: str, channel: str = "web") -> str:
    result = await handler.handle(user_id=user_id, channel=channel, text=text, now=NOW)
    return result.reply.content


@pytest.mark.parametrize("channel", ["web", "telegram"])
@pytest.mark.parametrize(
    ("text", "task", "start", "reply"),
    [
        (
            "remind me to call mom at 6",
            "call mom",
            ny(7, 18),
            "Okay — I'll remind you to call mom today at 6:00 PM.",
        ),
        (
            "remind me at 5pm to take the chicken out",
            "take the chicken out",
            ny(7, 17),
            "Okay — I'll remind you to take the chicken out today at 5:00 PM.",
        ),
        (
            "remind me in 20 minutes to check the oven",
            "check the oven",
            ny(7, 8, 20),
            "Okay — I'll remind you to check the oven today at 8:20 AM.",
        ),
        (
            "remind me tomorrow at 9 to pay rent",
            "pay rent",
            ny(8, 9),
            "Okay — I'll remind you to pay rent tomorrow at 9:00 AM.",
        ),
        (
            "don't let me forget to call the bank at 10am",
            "call the bank",
            ny(7, 10),
            "Okay — I'll remind you to call the bank today at 10:00 AM.",
        ),
        (
            "remind me at 7 to stretch",  # 07:00 has passed: the next 7 o'clock, 19:00
            "stretch",
            ny(7, 19),
            "Okay — I'll remind you to stretch today at 7:00 PM.",
        ),
    ],
)
async def test_a_task_is_stored_on_the_channel_and_confirmed(
    handler: MessageHandler,
    sm: SM,
    dan: int,
    channel: str,
    text: str,
    task: str,
    start: dt.datetime,
    reply: str,
) -> None:
    answer = await say(handler, dan, text, channel)

    [row] = await stored(sm, dan)
    assert (row.kind, row.event_name, row.start_time, row.end_time) == ("task", task, start, None)
    assert (row.channel, row.status) == (channel, "scheduled")
    assert answer == reply


async def test_the_words_that_name_a_meeting_do_not_make_one(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "remind me to call the dentist on friday at 3pm")

    [row] = await stored(sm, dan)
    assert (row.kind, row.event_name, row.start_time) == ("task", "call the dentist", ny(11, 15))


async def test_without_a_time_it_asks_and_stores_nothing(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    answer = await say(handler, dan, "remind me to call mom")

    assert answer == (
        'When should I remind you to call mom? Say it with a time, like "remind me to call mom '
        'at 6pm".'
    )
    assert await stored(sm, dan) == []


async def test_a_repeating_one_is_a_reminder_each_time(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    answer = await say(handler, dan, "remind me to take my meds every day at 9pm")

    assert answer == "Okay — I'll remind you to take my meds every day at 9 PM, starting today."
    rows = await stored(sm, dan)
    assert [(r.kind, r.event_name, r.start_time) for r in rows[:2]] == [
        ("task", "take my meds", ny(7, 21)),
        ("task", "take my meds", ny(8, 21)),
    ]
    web = FakeSender(channel="web")
    jobs = build_proactive_handler(
        Settings(llm_base_url=""), sm, senders={"web": web}, clock=FrozenClock(NOW)
    )
    for day in (7, 8):
        await jobs.check_and_send_preparation_reminders(ny(day, 21))
        await jobs.check_and_send_preparation_reminders(ny(day, 21, 1))
    assert [m.text for m in web.sent] == ["⏰ Reminder: take my meds"] * 2


async def test_asked_twice_it_is_noted_once(handler: MessageHandler, sm: SM, dan: int) -> None:
    await say(handler, dan, "remind me to call mom at 6")

    again = await say(handler, dan, "remind me to call mom at 6pm")

    assert again == "I'm already set to remind you to call mom today at 6:00 PM."
    assert len(await stored(sm, dan)) == 1


async def test_cancelled_by_name_in_chat(handler: MessageHandler, sm: SM, dan: int) -> None:
    await say(handler, dan, "remind me to call mom at 6")

    answer = await say(handler, dan, "cancel the reminder to call mom")

    assert answer == "Okay, I've cancelled the reminder to call mom (today at 6:00 PM)."
    [row] = await stored(sm, dan)
    assert row.status == "cancelled"
    async with sm() as session:
        assert await session.scalar(select(func.count()).select_from(ProactiveSession)) == 0


@pytest.mark.parametrize(
    "said", ["stop the reminder to call mom", "turn off the reminder to call mom"]
)
async def test_stopping_one_reminder_cancels_it_and_keeps_reminders_on(
    handler: MessageHandler, sm: SM, dan: int, said: str
) -> None:
    await say(handler, dan, "remind me to call mom at 6")

    answer = await say(handler, dan, said)

    assert answer == "Okay, I've cancelled the reminder to call mom (today at 6:00 PM)."
    [row] = await stored(sm, dan)
    assert row.status == "cancelled"
    async with sm() as session:
        prefs = await session.scalar(
            select(GreetingPreferences).where(GreetingPreferences.user_id == dan)
        )
    assert prefs is not None and prefs.prefer_proactive  # not "stop all reminders"


async def test_the_reminder_without_a_name_is_the_one_task(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "remind me to call mom at 6")
    await say(handler, dan, "dentist tomorrow at 3pm")

    moved = await say(handler, dan, "move the reminder to 8pm")
    cancelled = await say(handler, dan, "cancel the reminder")

    assert moved == "Okay — I'll remind you to call mom today at 8:00 PM."
    assert cancelled == "Okay, I've cancelled the reminder to call mom (today at 8:00 PM)."
    task, dentist = await stored(sm, dan)
    assert (task.start_time, task.status) == (ny(7, 20), "cancelled")
    assert dentist.status == "scheduled"


async def test_listed_when_asked_whats_next(handler: MessageHandler, sm: SM, dan: int) -> None:
    await say(handler, dan, "remind me to call mom at 6")
    await say(handler, dan, "dentist tomorrow at 3pm")

    answer = await say(handler, dan, "what's next?")

    assert answer == "Coming up: ⏰ call mom today 6 PM; dentist tomorrow 3 PM."


def guide_rows() -> list[tuple[str, str, str]]:
    """(you say, it answers, at that time) of the table under "Reminders for things to do"."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("### Reminders for things to do", 1)[1].split("\n#", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("you say", "---"):
            rows.append((re.findall(r'"([^"]+)"', cells[0])[0], cells[1], cells[2]))
    return rows


def test_the_guide_shows_the_issues_examples() -> None:
    said = [example for example, _, _ in guide_rows()]
    for example in (
        "remind me to call mom at 6",
        "remind me at 5pm to take the chicken out",
        "remind me in 20 minutes to check the oven",
        "remind me tomorrow at 9 to pay rent",
        "remind me to call mom",
    ):
        assert example in said, example


@pytest.mark.parametrize(("example", "answer", "sent"), guide_rows(), ids=lambda v: v[:40])
async def test_the_guide_says_what_the_bot_answers_and_sends(
    handler: MessageHandler, sm: SM, dan: int, example: str, answer: str, sent: str
) -> None:
    result = await handler.handle(user_id=dan, channel="web", text=example, now=GUIDE_NOW)
    rows = await stored(sm, dan)
    web = FakeSender(channel="web")
    for row in rows:
        jobs = build_proactive_handler(
            Settings(llm_base_url=""), sm, senders={"web": web}, clock=FrozenClock(GUIDE_NOW)
        )
        await jobs.check_and_send_preparation_reminders(row.start_time)

    assert result.reply.content == answer
    if sent.startswith("⏰"):
        assert [m.text for m in web.sent] == [sent]
    else:
        assert rows == [] and web.sent == []
