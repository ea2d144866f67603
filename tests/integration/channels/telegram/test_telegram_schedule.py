"""``/schedule`` and ``/cancel`` in a chat: meetings from both channels, local times, HTML."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import ADA, Say, message_update
from tg_standin import BotApiState

from companion_bot.channels.telegram.schedule_view import EMPTY_TEXT
from companion_bot.proactive.recurrence import Recurrence, floating
from companion_bot.services.series import NewSeries, create_series
from companion_bot.storage import users
from companion_bot.storage.models import UserSchedule

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


async def _ada_with_meetings(say: Say, sessionmaker: async_sessionmaker[AsyncSession]) -> list[int]:
    await say(message_update(ADA, "/start"))
    await say(message_update(ADA, "/timezone Europe/Berlin"))
    async with sessionmaker() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id=ADA["id"])
        assert user is not None
        rows = [
            UserSchedule(
                user_id=user.id,
                event_name="1-on-1 with Sam",
                start_time=_at(25, 14, 30),
                channel="telegram",
            ),
            UserSchedule(
                user_id=user.id,
                event_name="Team <sync> & plan",
                start_time=_at(27, 15),
                end_time=_at(27, 16),
                channel="web",
            ),
            UserSchedule(
                user_id=user.id, event_name="Dentist", start_time=_at(26, 9), channel="telegram"
            ),
            UserSchedule(
                user_id=user.id,
                event_name="Old cancelled",
                start_time=_at(26, 11),
                channel="web",
                status="cancelled",
            ),
            UserSchedule(  # beyond 14 days
                user_id=user.id,
                event_name="Far away",
                start_time=_at(30, 9) + dt.timedelta(14),
                channel="web",
            ),
        ]
        session.add_all(rows)
        await session.commit()
        return [r.id for r in rows]


async def test_schedule_lists_meetings_from_both_channels_in_local_time(
    say: Say, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await _ada_with_meetings(say, sessionmaker)

    replies = await say(message_update(ADA, "/schedule"))

    assert replies == [
        "<b>Your next 14 days</b> (Europe/Berlin)\n"
        "\n"
        "<b>Today · Wed 25 Nov</b>\n"
        "1. 14:30 1-on-1 with Sam\n"
        "    upcoming · Telegram\n"
        "\n"
        "<b>Tomorrow · Thu 26 Nov</b>\n"
        "2. 09:00 Dentist\n"
        "    upcoming · Telegram\n"
        "\n"
        "<b>Fri 27 Nov</b>\n"
        "3. 15:00–16:00 Team &lt;sync&gt; &amp; plan\n"
        "    upcoming · web\n"
        "\n"
        "Cancel one with /cancel &lt;number&gt;."
    ]
    assert bot_api.calls_of("sendMessage")[-1].params["parse_mode"] == "HTML"


async def test_empty_schedule(say: Say, bot_api: BotApiState) -> None:
    assert await say(message_update(ADA, "/schedule")) == [EMPTY_TEXT]
    assert "parse_mode" not in bot_api.calls_of("sendMessage")[-1].params


async def test_cancel_by_number_from_the_schedule(
    say: Say, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    ids = await _ada_with_meetings(say, sessionmaker)
    await say(message_update(ADA, "/schedule"))

    replies = await say(message_update(ADA, "/cancel 2"))

    assert replies == ["Cancelled: Dentist, Thu 26 Nov 09:00. No reminders for it."]
    async with sessionmaker() as session:
        dentist = await session.get(UserSchedule, ids[2])
        assert dentist is not None and dentist.status == "cancelled"
    after = await say(message_update(ADA, "/schedule"))
    assert "Dentist" not in after[0]
    assert await say(message_update(ADA, "/cancel 9")) == ["There is no meeting 9 in /schedule."]
    assert await say(message_update(ADA, "/cancel x")) == [
        "Which one? Use /cancel <number> with a number from /schedule."
    ]


async def test_a_meeting_in_progress_is_listed_and_an_ended_one_is_not(
    say: Say, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await say(message_update(ADA, "/start"))
    await say(message_update(ADA, "/timezone Europe/Berlin"))  # now: Wed 10:00 in Berlin
    async with sessionmaker() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id=ADA["id"])
        assert user is not None
        session.add_all(
            [
                UserSchedule(
                    user_id=user.id,
                    event_name="Standup",
                    start_time=_at(25, 9),
                    end_time=_at(25, 9, 30),
                    channel="web",
                ),
                UserSchedule(
                    user_id=user.id,
                    event_name="Workshop",
                    start_time=_at(25, 9, 30),
                    end_time=_at(25, 11),
                    channel="web",
                ),
                UserSchedule(
                    user_id=user.id, event_name="Coffee", start_time=_at(25, 9, 45), channel="web"
                ),
            ]
        )
        await session.commit()

    (text,) = await say(message_update(ADA, "/schedule"))

    assert "1. 09:30–11:00 Workshop\n    now · web" in text
    assert "Standup" not in text and "Coffee" not in text


async def test_each_standup_of_a_repeating_one_is_listed_and_one_is_skipped_by_number(
    say: Say, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await say(message_update(ADA, "/start"))
    await say(message_update(ADA, "/timezone Europe/Berlin"))  # now: Wed 25 Nov 10:00
    async with sessionmaker() as session:  # "standup every weekday at 9:30"
        user = await users.get_user_by_telegram_id(session, telegram_id=ADA["id"])
        assert user is not None
        weekdays = Recurrence(WEEKDAYS, floating("20261126T093000"), BERLIN)
        await create_series(
            session,
            user_id=user.id,
            channel="telegram",
            new=NewSeries(event_name="standup", recurrence=weekdays),
            now=_at(25, 10),
        )
        await session.commit()

    [listed] = await say(message_update(ADA, "/schedule"))
    skipped = await say(message_update(ADA, "/cancel 2"))
    [after] = await say(message_update(ADA, "/schedule"))

    assert listed.startswith(
        "<b>Your next 14 days</b> (Europe/Berlin)\n"
        "\n"
        "<b>Tomorrow · Thu 26 Nov</b>\n"
        "1. 09:30 standup\n"
        "    upcoming · Telegram · ↻ every weekday\n"
        "\n"
        "<b>Fri 27 Nov</b>\n"
        "2. 09:30 standup\n"
        "    upcoming · Telegram · ↻ every weekday\n"
        "\n"
        "<b>Mon 30 Nov</b>\n"
    )
    assert listed.count("↻ every weekday") == 10
    assert skipped == ["Cancelled: standup, Fri 27 Nov 09:30. No reminders for it."]
    assert "Fri 27 Nov" not in after and after.count("↻ every weekday") == 9
