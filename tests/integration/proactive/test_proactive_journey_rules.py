"""The rules around the manual cases, end to end through the pipeline in simulated time:
quiet hours (said in chat) defer or skip, the daily cap, opting out in chat, a meeting
mentioned too late, a DST change between mention and meeting, two users in two zones."""

from __future__ import annotations

import datetime as dt

from journey_helpers import SM, Journey, sent
from proactive_helpers import BERLIN, NEW_YORK, add_user, sessions_of

# Wednesday 25 November 2026, 10:00 in Berlin.
MENTIONED = dt.datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)


def local(day: int, h: int, mi: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, h, mi, tzinfo=BERLIN)


def utc(month: int, day: int, h: int, mi: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, h, mi, tzinfo=dt.UTC)


async def test_quiet_hours_defer_to_their_end_or_skip_when_too_late(sm: SM) -> None:
    journey = Journey(sm, await add_user(sm))
    await journey.say("quiet hours 10pm to 8am", MENTIONED)
    [breakfast] = (await journey.say("Breakfast meeting tomorrow at 8:15 AM", MENTIONED)).created
    [call] = (await journey.say("Call with Sam tomorrow at 8:03 AM", MENTIONED)).created

    events = await journey.run(local(26, 7, 25), local(26, 8, 10))

    assert sent(events) == [(local(26, 8, 0), "preparation_reminder", breakfast.id)]
    skipped = [(e.at, e.schedule_id, e.reason) for e in events if e.outcome == "skipped"]
    assert skipped == [(local(26, 7, 33), call.id, "quiet_hours")]
    [message] = await journey.proactive_messages()
    assert "8:15 AM" in message.content and "in 15 minutes" in message.content


async def test_daily_cap_skips_the_third_and_the_next_day_starts_afresh(sm: SM) -> None:
    journey = Journey(sm, await add_user(sm, max_proactive_per_day=2))
    texts = [
        "Standup tomorrow at 9 AM",
        "Design review tomorrow at 11 AM",
        "Team meeting tomorrow at 3 PM",
        "Dentist on Friday at 9 AM",
    ]
    ids = [(await journey.say(text, MENTIONED)).created[0].id for text in texts]

    events = []
    for day, hour, minute in [(26, 8, 30), (26, 10, 30), (26, 14, 30), (27, 8, 30)]:
        events += await journey.run(local(day, hour, minute), local(day, hour, minute + 1))

    assert [(e.schedule_id, e.outcome, e.reason) for e in events] == [
        (ids[0], "sent", None),
        (ids[1], "sent", None),
        (ids[2], "skipped", "daily_cap"),
        (ids[3], "sent", None),
    ]
    assert len(await journey.proactive_messages()) == 3


async def test_stop_reminding_me_in_chat_skips_and_records_why(sm: SM) -> None:
    journey = Journey(sm, await add_user(sm))
    stop = await journey.say("stop reminding me", MENTIONED)
    [meeting] = (await journey.say("I have a meeting tomorrow at 2:30 PM", MENTIONED)).created

    events = await journey.run(local(26, 13, 59), local(26, 14, 31))

    assert "won't send you reminders" in stop.reply.content
    assert [(e.at, e.outcome, e.reason) for e in events] == [
        (local(26, 14, 0), "skipped", "opted_out")
    ]
    [row] = await sessions_of(sm, meeting.id)
    assert (row.status, row.reason) == ("skipped", "opted_out")
    assert await journey.proactive_messages() == []


async def test_mentioned_late_is_sent_at_once_or_recorded_missed(sm: SM) -> None:
    journey = Journey(sm, await add_user(sm))
    [soon] = (await journey.say("team sync today at 10:20 AM", MENTIONED)).created
    [too_soon] = (await journey.say("quick call today at 10:04 AM", MENTIONED)).created

    events = await journey.run(MENTIONED, MENTIONED + dt.timedelta(minutes=2))

    assert [(e.at, e.schedule_id, e.outcome, e.reason) for e in events] == [
        (MENTIONED, too_soon.id, "skipped", "missed"),
        (MENTIONED, soon.id, "sent", None),
    ]
    [message] = await journey.proactive_messages()
    assert "10:20 AM" in message.content and "in 20 minutes" in message.content


async def test_dst_change_between_mention_and_meeting(sm: SM) -> None:
    # Mentioned on Friday in winter time (UTC+1); clocks go forward on Sunday 29 March.
    journey = Journey(sm, await add_user(sm))
    friday = local(27, 10, month=3)
    [sync] = (await journey.say("Team sync Monday at 10 AM", friday)).created

    events = await journey.run(local(30, 8, 50, month=3), local(30, 10, 0, month=3))

    assert sync.start_time == utc(3, 30, 8)  # 10:00 summer time
    assert sent(events) == [(local(30, 9, 30, month=3), "preparation_reminder", sync.id)]
    assert events[0].at.utcoffset() == dt.timedelta(hours=2)
    [message] = await journey.proactive_messages()
    assert "10:00 AM" in message.content and "30 minutes" in message.content


async def test_two_users_in_different_zones_each_get_their_own_9_am(sm: SM) -> None:
    ada = Journey(sm, await add_user(sm, name="ada", tz="Europe/Berlin"))
    bob = Journey(sm, await add_user(sm, name="bob", tz="America/New_York"), tz=NEW_YORK)
    said_at = utc(11, 25, 10)  # Wednesday 11:00 in Berlin, 05:00 in New York
    [ada_dentist] = (await ada.say("Dentist tomorrow at 9 AM", said_at)).created
    [bob_dentist] = (await bob.say("Dentist tomorrow at 9 AM", said_at)).created

    morning = await ada.run(utc(11, 26, 7, 25), utc(11, 26, 7, 35))
    afternoon = await ada.run(utc(11, 26, 13, 25), utc(11, 26, 13, 35))

    assert sent(morning) == [(utc(11, 26, 7, 30), "preparation_reminder", ada_dentist.id)]
    assert [(e.at, e.schedule_id) for e in afternoon if e.outcome == "sent"] == [
        (utc(11, 26, 13, 30), bob_dentist.id)
    ]
    [ada_message] = await ada.proactive_messages()
    [bob_message] = await bob.proactive_messages()
    assert "9:00 AM" in ada_message.content and "9:00 AM" in bob_message.content
