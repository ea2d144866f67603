"""Travel said in chat (issue 17), through the real pipeline and the real job on both
databases, with the offline responder: a stay switches the zone in use and back, booked
meetings keep their moment, and the user guide's "Travelling" table."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.composition import build_proactive_handler
from companion_bot.config import Settings
from companion_bot.proactive.engine import ProactiveMeetingHandler
from companion_bot.proactive.runner import run_pass
from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage.models import ProactiveSession, User, UserSchedule
from companion_bot.testing import FakeSender, FrozenClock

SM = async_sessionmaker[AsyncSession]
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
#: Said on Tuesday 1 December 2026 at 9 AM in New York (11 PM in Tokyo).
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=NEW_YORK)
#: "until Sunday" in Tokyo: through Sunday 6 December, on Tokyo's clock.
STAY_END = dt.datetime(2026, 12, 7, 0, 0, tzinfo=TOKYO)
GUIDE = Path(__file__).parents[3] / "docs" / "user-guide.md"
TOKYO_UNTIL_SUNDAY = (
    "Okay — Tokyo time (Asia/Tokyo) through Sunday, Dec 6, then back to New York time."
)


async def say(
    handler: MessageHandler, user: int, text: str, *, channel: str = "web", now: dt.datetime = NOW
) -> str:
    result = await handler.handle(user_id=user, channel=channel, text=text, now=now)
    return result.reply.content


async def account(sm: SM, user: int) -> tuple[str, str | None, dt.datetime | None]:
    async with sm() as session:
        row = await session.get(User, user)
        assert row is not None
        return row.timezone, row.home_timezone, row.away_until


async def meetings(sm: SM, user: int) -> list[UserSchedule]:
    async with sm() as session:
        rows = await session.scalars(
            select(UserSchedule).where(UserSchedule.user_id == user).order_by(UserSchedule.id)
        )
        return list(rows)


def jobs(sm: SM, web: FakeSender, at: dt.datetime) -> ProactiveMeetingHandler:
    return build_proactive_handler(
        Settings(llm_base_url=""), sm, senders={"web": web}, clock=FrozenClock(at)
    )


@pytest.mark.parametrize("channel", ["web", "telegram"])
async def test_a_stay_in_tokyo_shows_the_booked_meeting_in_both_zones_and_keeps_it(
    handler: MessageHandler, sm: SM, dan: int, channel: str
) -> None:
    await say(handler, dan, "team call Thursday at 3pm", channel=channel)
    [booked] = await meetings(sm, dan)

    reply = await say(handler, dan, "I'm in Tokyo until Sunday", channel=channel)

    assert reply == (
        f"{TOKYO_UNTIL_SUNDAY} Your meetings keep their time: team call Thu 3:00 PM New York "
        "time is Fri 5:00 AM here."
    )
    assert await account(sm, dan) == ("Asia/Tokyo", "America/New_York", STAY_END)
    [row] = await meetings(sm, dan)  # nothing noted from the travel sentence
    assert (row.id, row.start_time) == (booked.id, booked.start_time)
    assert row.start_time == dt.datetime(2026, 12, 3, 15, 0, tzinfo=NEW_YORK)


async def test_without_meetings_in_the_stay_the_reply_names_none(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "dentist on Dec 10 at 2pm")  # after the stay

    assert await say(handler, dan, "in tokyo til sunday") == TOKYO_UNTIL_SUNDAY


async def test_a_meeting_said_during_the_stay_is_on_tokyo_time(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "I'm in Tokyo until Sunday")

    reply = await say(handler, dan, "lunch tomorrow at 1pm")

    [lunch] = await meetings(sm, dan)
    assert lunch.start_time == dt.datetime(2026, 12, 2, 13, 0, tzinfo=TOKYO)
    assert "1 PM" in reply


@pytest.mark.parametrize(("travel", "outcome"), [(True, "skipped"), (False, "sent")])
async def test_quiet_hours_follow_tokyo_during_the_stay(
    handler: MessageHandler, sm: SM, dan: int, travel: bool, outcome: str
) -> None:
    await say(handler, dan, "quiet hours 10pm to 7am")
    await say(handler, dan, "standup tomorrow at 9am")  # 11 PM in Tokyo
    if travel:
        await say(handler, dan, "I'm in Tokyo until Sunday")
    due = dt.datetime(2026, 12, 2, 8, 30, tzinfo=NEW_YORK)  # 10:30 PM in Tokyo
    web = FakeSender(channel="web")

    await run_pass(jobs(sm, web, due), due)

    async with sm() as session:
        [row] = await session.scalars(select(ProactiveSession))
    assert row.status == outcome
    assert len(web.sent) == (0 if travel else 1)
    if travel:
        assert row.reason == "quiet_hours"


async def test_the_job_pass_puts_the_home_zone_back_when_the_stay_ends(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "I'm in Tokyo until Sunday")
    web = FakeSender(channel="web")
    before, after = STAY_END - dt.timedelta(minutes=1), STAY_END

    assert await jobs(sm, web, NOW).next_run(NOW) == STAY_END  # the loop wakes for it
    await run_pass(jobs(sm, web, before), before)
    assert await account(sm, dan) == ("Asia/Tokyo", "America/New_York", STAY_END)
    await run_pass(jobs(sm, web, after), after)

    assert await account(sm, dan) == ("America/New_York", None, None)
    assert await jobs(sm, web, after).next_run(after) is None
    assert web.sent == []  # no message about it


async def test_a_message_after_the_stay_is_read_at_home_time_before_any_pass(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "I'm in Tokyo until Sunday")
    sunday = dt.datetime(2026, 12, 6, 11, 0, tzinfo=NEW_YORK)  # Monday 1 AM in Tokyo

    await say(handler, dan, "lunch tomorrow at 1pm", now=sunday)

    [lunch] = await meetings(sm, dan)
    assert lunch.start_time == dt.datetime(2026, 12, 7, 13, 0, tzinfo=NEW_YORK)
    assert await account(sm, dan) == ("America/New_York", None, None)


async def test_back_home_ends_the_stay_early(handler: MessageHandler, sm: SM, dan: int) -> None:
    await say(handler, dan, "I'm in Tokyo until Sunday")

    reply = await say(handler, dan, "I'm back home")

    assert reply == "Welcome back — New York time (America/New_York) again."
    assert await account(sm, dan) == ("America/New_York", None, None)


async def test_back_home_without_a_stay_changes_nothing(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    reply = await say(handler, dan, "I'm back home")

    assert "Welcome back" not in reply
    assert await account(sm, dan) == ("America/New_York", None, None)
    assert await meetings(sm, dan) == []


async def test_a_second_trip_keeps_the_first_home(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "I'm in Tokyo until Sunday")

    reply = await say(handler, dan, "I'm in London till the 12th")

    assert reply.startswith("Okay — London time (Europe/London) through Saturday, Dec 12, then")
    assert reply.endswith("then back to New York time.")
    london_end = dt.datetime(2026, 12, 13, 0, 0, tzinfo=ZoneInfo("Europe/London"))
    assert await account(sm, dan) == ("Europe/London", "America/New_York", london_end)
    assert await say(handler, dan, "back in New York") == (
        "Welcome back — New York time (America/New_York) again."
    )


async def test_a_change_for_good_during_a_stay_ends_it(
    handler: MessageHandler, sm: SM, dan: int
) -> None:
    await say(handler, dan, "I'm in Tokyo until Sunday")

    await say(handler, dan, "my time zone is Europe/Berlin")

    assert await account(sm, dan) == ("Europe/Berlin", None, None)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("I'm in Narnia until Sunday", "I don't know the time zone of 'Narnia'"),
        ("I'm in Tokyo until yesterday", "Monday, Nov 30 is already past"),
        ("I'm in Tokyo until Nov 20", "That's more than 90 days away"),
        ("I'm in Tokyo for a while", "Until when are you in Tokyo?"),
    ],
)
async def test_refused_stays_change_nothing(
    handler: MessageHandler, sm: SM, dan: int, text: str, answer: str
) -> None:
    reply = await say(handler, dan, text)

    assert reply.startswith(answer) and "nothing changed" in reply
    assert await account(sm, dan) == ("America/New_York", None, None)
    assert await meetings(sm, dan) == []


# -- the user guide ------------------------------------------------------------------------


def guide_rows() -> list[tuple[str | None, str, str]]:
    """(said first, you say, it answers) of the table under "Travelling"."""
    section = GUIDE.read_text(encoding="utf-8").split("## Travelling", 1)[1].split("\n## ", 1)[0]
    rows: list[tuple[str | None, str, str]] = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 2 or cells[0] in ("you say", "---"):
            continue
        said = re.findall(r'"([^"]+)"', cells[0])
        first = said[0] if cells[0].startswith("after ") else None
        rows.append((first, said[-1], cells[1]))
    return rows


def test_the_guide_shows_the_issues_examples() -> None:
    said = [text for _, text, _ in guide_rows()]
    for example in ("I'm in Tokyo until Sunday", "I'm back home", "I'm in Narnia until Sunday"):
        assert example in said, example


@pytest.mark.parametrize(("first", "text", "answer"), guide_rows(), ids=lambda v: str(v)[:40])
async def test_the_guide_says_what_the_bot_answers(
    handler: MessageHandler, sm: SM, dan: int, first: str | None, text: str, answer: str
) -> None:
    await say(handler, dan, "team call Thursday at 3pm")
    if first is not None:
        await say(handler, dan, first)

    assert await say(handler, dan, text) == answer
