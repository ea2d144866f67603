"""The checklist's manual cases in simulated time, end to end: a chat message goes through
the conversation pipeline (extraction, storage), then the job runs every simulated minute
and delivers on the web channel. DESIGN.md journeys 1 and 4."""

from __future__ import annotations

import datetime as dt

from journey_helpers import SM, Journey, sent
from proactive_helpers import BERLIN, add_user
from sqlalchemy import func, select

from companion_bot.storage.models import UserSchedule

# Wednesday 25 November 2026, 10:00 in Berlin.
MENTIONED = dt.datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)


def local(day: int, h: int, mi: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, h, mi, tzinfo=BERLIN)


async def test_meeting_tomorrow_at_2_30_is_reminded_at_14_00_once(sm: SM) -> None:
    journey = Journey(sm, await add_user(sm))
    said = await journey.say("I have a meeting tomorrow at 2:30 PM", MENTIONED)
    [schedule] = said.created

    quiet = await journey.run(MENTIONED, MENTIONED + dt.timedelta(minutes=2))
    events = await journey.run(local(26, 13, 50), local(26, 14, 40))

    assert schedule.start_time == local(26, 14, 30) and schedule.channel == "web"
    assert quiet == []
    assert sent(events) == [(local(26, 14, 0), "preparation_reminder", schedule.id)]
    [message] = await journey.proactive_messages()
    assert "2:30 PM" in message.content and "30 minutes" in message.content


async def test_standup_next_monday_morning_is_reminded_before_08_00_that_monday(sm: SM) -> None:
    journey = Journey(sm, await add_user(sm))
    said = await journey.say("Standup next Monday morning", MENTIONED)
    [schedule] = said.created

    events = await journey.run(local(30, 7, 0), local(30, 8, 10))

    # "morning" is 08:00 (grain hour): the reminder comes half an hour before.
    assert schedule.start_time == local(30, 8, 0)
    assert sent(events) == [(local(30, 7, 30), "preparation_reminder", schedule.id)]
    [message] = await journey.proactive_messages()
    assert "standup" in message.content.lower() and "8:00 AM" in message.content


async def test_team_meeting_3_to_4_friday_gets_reminder_and_completion(sm: SM) -> None:
    journey = Journey(sm, await add_user(sm))
    said = await journey.say("Team meeting 3-4 PM Friday", MENTIONED)
    [schedule] = said.created

    events = await journey.run(local(27, 14, 20), local(27, 16, 20))

    assert sent(events) == [
        (local(27, 14, 30), "preparation_reminder", schedule.id),
        (local(27, 16, 5), "completion", schedule.id),
    ]
    reminder, completion = await journey.proactive_messages()
    assert "3:00 PM" in reminder.content and not reminder.is_question
    assert completion.is_question and completion.content.endswith("?")
    answer = await journey.say("It went really well, thanks!", local(27, 16, 30))
    assert answer.user_message.in_reply_to_id == completion.id


async def test_1_on_1_without_end_gets_a_followup_on_the_next_message_after_10_15(
    sm: SM,
) -> None:
    journey = Journey(sm, await add_user(sm))
    said = await journey.say("I have a 1-on-1 tomorrow at 10 AM", MENTIONED)
    [schedule] = said.created

    events = await journey.run(local(26, 9, 25), local(26, 10, 13))
    early = await journey.say("hi there", local(26, 10, 14))
    later = await journey.say("back from my call", local(26, 10, 16))
    again = await journey.say("one more thing", local(26, 10, 20))
    events += await journey.run(local(26, 10, 21), local(26, 11, 0))

    assert sent(events) == [(local(26, 9, 30), "preparation_reminder", schedule.id)]
    assert not early.reply.is_question
    assert later.reply.is_question and "1-on-1" in later.reply.content
    assert later.reply.question_schedule_id == schedule.id
    assert not again.reply.is_question  # asked once


async def test_duplicate_mention_is_one_schedule_and_one_reminder(sm: SM) -> None:
    journey = Journey(sm, await add_user(sm))
    first = await journey.say("I have a meeting tomorrow at 2:30 PM", MENTIONED)
    second = await journey.say(
        "Don't forget my meeting tomorrow at 2:30 PM", MENTIONED + dt.timedelta(minutes=5)
    )

    events = await journey.run(local(26, 13, 58), local(26, 14, 3))

    async with sm() as session:
        schedules = await session.scalar(select(func.count()).select_from(UserSchedule))
    assert len(first.created) == 1 and second.created == []
    assert schedules == 1
    assert [kind for _, kind, _ in sent(events)] == ["preparation_reminder"]
    assert len(await journey.proactive_messages()) == 1
