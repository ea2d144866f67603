"""MessageAnalyzer without a database: how a message is read (meetings to store, changes,
the confidence threshold), what a reading with nothing to write does, and the dedupe rule.

The database is a sessionmaker that fails the test if it is ever opened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.extraction import MeetingExtractor
from companion_bot.services.message_analyzer import (
    Analysis,
    MessageAnalyzer,
    NewTime,
    Reading,
    earlier_reading,
)
from companion_bot.services.schedule_matching import same_meeting
from companion_bot.storage.models import UserSchedule

BERLIN = ZoneInfo("Europe/Berlin")
# Wednesday 25 November 2026, 10:00 in Berlin.
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def no_database() -> async_sessionmaker[AsyncSession]:
    def refuse() -> None:
        raise AssertionError("the database was opened")

    return cast(async_sessionmaker[AsyncSession], refuse)


def analyzer(extractor: Any = None, *, threshold: float = 0.5) -> MessageAnalyzer:
    return MessageAnalyzer(
        no_database(), extractor or MeetingExtractor(), confidence_threshold=threshold
    )


def local(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


@dataclass(frozen=True)
class Meeting:
    """What an extractor returns for one meeting (the MeetingLike fields)."""

    event_name: str
    start: dt.datetime
    confidence: float = 0.9
    action: str = "schedule"
    end: dt.datetime | None = None
    grain: str = "minute"
    span: tuple[int, int] = (0, 0)
    previous_start: dt.datetime | None = None
    time_is_approximate: bool = False
    date_stated: bool = True
    time_stated: bool = True
    shift: dt.timedelta | None = None


class ScriptedExtractor:
    """Returns the given meetings and remembers the ``now`` it was asked with."""

    def __init__(self, *meetings: Meeting) -> None:
        self.meetings = list(meetings)
        self.asked: list[dt.datetime] = []

    def extract(self, text: str, now: dt.datetime) -> Sequence[Meeting]:
        self.asked.append(now)
        return self.meetings


def read(text: str, extractor: Any = None, *, tz: str = "Europe/Berlin", **kw: Any) -> Reading:
    return analyzer(extractor, **kw).read(text, now=NOW, timezone=tz)


# -- reading: meetings to store -----------------------------------------------------------


def test_a_meeting_is_read_in_the_users_zone() -> None:
    reading = read("Team meeting 3-4 PM Friday")

    [meeting] = reading.meetings
    assert meeting.event_name == "team meeting"
    assert (meeting.start, meeting.end) == (local(27, 15), local(27, 16))
    assert reading.zone == BERLIN and reading.changes == [] and reading.low_confidence == []
    assert reading.writes


def test_the_extractor_is_asked_with_now_on_the_users_clock() -> None:
    extractor = ScriptedExtractor()

    read("anything", extractor, tz="America/New_York")

    [asked] = extractor.asked
    assert asked == NOW and asked.tzinfo == ZoneInfo("America/New_York")
    assert asked.hour == 4  # 09:00 UTC is 04:00 in New York, the clock "today" is read on


def test_the_same_words_land_on_different_instants_in_different_zones() -> None:
    berlin = read("dentist tmrw at 3").meetings[0].start
    tokyo = read("dentist tmrw at 3", tz="Asia/Tokyo").meetings[0].start

    assert berlin.astimezone(BERLIN) == local(26, 15)
    assert tokyo.astimezone(ZoneInfo("Asia/Tokyo")).hour == 15
    assert tokyo != berlin


def test_unknown_or_empty_zone_reads_as_utc() -> None:
    # What config.zone_of answers for each name: tests/unit/test_config.py.
    [meeting] = read("1-on-1 tomorrow at 10", tz="Not/AZone").meetings
    assert meeting.start == dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        naive = dt.datetime(2026, 11, 25, 9)  # noqa: DTZ001
        analyzer().read("standup at 9", now=naive, timezone="UTC")


def test_chat_without_a_meeting_needs_no_write() -> None:
    for text in ("hello there", "maybe coffee sometime"):
        reading = read(text)
        assert (reading.meetings, reading.changes, reading.writes) == ([], [], False), text


# -- the confidence threshold ------------------------------------------------------------


def test_meetings_below_the_threshold_are_kept_aside_and_the_threshold_itself_counts() -> None:
    unsure = Meeting("lunch maybe", local(26, 12), confidence=0.49)
    borderline = Meeting("review", local(26, 14), confidence=0.5)
    sure = Meeting("standup", local(26, 9), confidence=0.95)

    reading = read("…", ScriptedExtractor(unsure, borderline, sure))

    assert [m.event_name for m in reading.meetings] == ["review", "standup"]
    assert [m.event_name for m in reading.low_confidence] == ["lunch maybe"]
    assert reading.writes


def test_a_stricter_threshold_stores_less() -> None:
    found = ScriptedExtractor(Meeting("review", local(26, 14), confidence=0.8))

    assert read("…", found, threshold=0.9).meetings == []
    assert [m.event_name for m in read("…", found, threshold=0.9).low_confidence] == ["review"]
    assert [m.event_name for m in read("…", found, threshold=0.8).meetings] == ["review"]


def test_only_unsure_meetings_write_nothing() -> None:
    reading = read("…", ScriptedExtractor(Meeting("lunch maybe", local(26, 12), confidence=0.2)))

    assert reading.meetings == [] and not reading.writes


# -- reading: cancellations and moves ----------------------------------------------------


def test_a_cancellation_by_name_is_a_change_not_a_meeting() -> None:
    reading = read("the interview got cancelled")

    [change] = reading.changes
    assert (change.action, change.words, change.old_time) == ("cancel", {"interview"}, None)
    assert reading.meetings == [] and reading.writes


def test_a_cancellation_by_time_names_the_start_on_the_users_clock() -> None:
    [change] = read("my 3pm got cancelled").changes

    assert (change.action, change.old_time) == ("cancel", local(25, 15))


def test_a_move_is_one_change_and_its_new_time_is_not_a_new_meeting() -> None:
    reading = read("my 3pm moved to 4")

    [change] = reading.changes
    assert change.action == "reschedule"
    assert (change.old_time, change.new_start) == (local(25, 15), local(25, 16))
    assert not change.date_stated  # "to 4" keeps the meeting's day
    assert reading.meetings == [] and reading.low_confidence == []


def test_a_relative_move_keeps_the_clock_time_unsaid() -> None:
    [change] = read("bumped the standup up an hour").changes

    assert (change.action, change.words) == ("reschedule", {"standup"})
    assert change.shift == dt.timedelta(hours=-1) and not change.time_stated


def test_a_cancellation_with_a_new_plan_keeps_the_new_meeting() -> None:
    reading = read("dentist cancelled, lunch with Sam at 1 tomorrow instead")

    assert [c.action for c in reading.changes] == ["cancel"]
    assert "dentist" in reading.changes[0].words
    assert [(m.event_name, m.start) for m in reading.meetings] == [
        ("lunch with Sam", local(26, 13))
    ]


def test_extractor_changes_are_not_stored_as_meetings() -> None:
    cancel = Meeting("dentist", local(26, 15), action="cancel")
    lunch = Meeting("lunch with Sam", local(26, 13))

    reading = read("…", ScriptedExtractor(cancel, lunch))

    assert [(c.action, c.old_time) for c in reading.changes] == [("cancel", local(26, 15))]
    assert [m.event_name for m in reading.meetings] == ["lunch with Sam"]


def test_with_a_move_every_other_time_is_the_new_time_not_a_new_meeting() -> None:
    move = Meeting("standup", local(26, 10), action="reschedule", previous_start=local(26, 9, 30))
    echo = Meeting("standup", local(26, 10))  # the new time, read a second time

    reading = read("…", ScriptedExtractor(move, echo))

    [change] = reading.changes
    assert (change.old_time, change.new_start) == (local(26, 9, 30), local(26, 10))
    assert reading.meetings == [] and reading.low_confidence == []


def test_a_move_notes_how_its_new_time_was_said() -> None:
    exact, guessed, vague = (
        read(text).new_times
        for text in ("standup moved to 14:30", "standup moved to 9", "standup moved to monday")
    )

    assert exact == (NewTime(exact=True, meridiem_guessed=False),)
    assert guessed == (NewTime(exact=True, meridiem_guessed=True),)
    assert vague == (NewTime(),)  # no clock time said: the meeting keeps its own
    assert read("the interview got cancelled").new_times == (NewTime(),)


@pytest.mark.parametrize(
    ("hour", "minute", "read_as"),
    [(21, 0, (9, 0)), (9, 0, (9, 0)), (19, 30, (7, 30)), (15, 0, (15, 0)), (10, 0, (10, 0))],
)
def test_a_bare_hour_on_a_known_day_is_the_earlier_reading_in_the_day(
    hour: int, minute: int, read_as: tuple[int, int]
) -> None:
    moved = earlier_reading(local(30, hour, minute), BERLIN, NOW)

    assert (moved.date(), moved.hour, moved.minute) == (dt.date(2026, 11, 30), *read_as)


def test_a_bare_hour_that_passed_on_the_meetings_day_is_the_later_reading() -> None:
    at_four = local(30, 16)

    assert earlier_reading(local(30, 7), BERLIN, at_four) == local(30, 19)
    assert earlier_reading(local(30, 21), BERLIN, at_four) == local(30, 21)
    assert earlier_reading(local(30, 10), BERLIN, at_four) == local(30, 10)  # as read


# -- reading: task reminders --------------------------------------------------------------


def test_remind_me_to_is_a_task_not_the_meeting_its_words_name() -> None:
    reading = read("remind me to call the dentist on friday at 3pm")

    assert reading.meetings == [] and reading.changes == [] and reading.question is None
    assert reading.task is not None
    assert (reading.task.task, reading.task.start) == ("call the dentist", local(27, 15))
    assert reading.writes


def test_remind_me_to_cancel_something_is_a_task_not_a_cancellation() -> None:
    reading = read("remind me to cancel the gym membership at 5")

    assert reading.changes == [] and reading.task is not None
    assert reading.task.task == "cancel the gym membership"


def test_remind_me_about_a_meeting_is_the_meeting_and_its_usual_reminder() -> None:
    reading = read("remind me about my dentist appointment tomorrow at 3")

    [meeting] = reading.meetings
    assert (meeting.event_name, meeting.start) == ("dentist appointment", local(26, 15))


async def test_a_task_without_a_time_is_asked_about_without_the_database() -> None:
    result = await analyzer().analyze(
        user_id=1,
        channel="web",
        message_id=7,
        text="remind me to call mom",
        now=NOW,
        timezone="UTC",
    )

    assert result.question is not None and result.question.startswith(
        "When should I remind you to call mom?"
    )
    assert not result.changed


def test_cancelling_a_reminder_is_a_change() -> None:
    reading = read("cancel the reminder to call mom")

    [change] = reading.changes
    assert change.action == "cancel" and "mom" in change.words and reading.task is None


# -- applying a reading that writes nothing ----------------------------------------------


async def test_a_message_without_meetings_is_answered_without_the_database() -> None:
    result = await analyzer().analyze(
        user_id=1, channel="web", message_id=7, text="hello there", now=NOW, timezone="UTC"
    )

    assert result == Analysis() and not result.changed


async def test_unsure_meetings_are_reported_back_not_stored() -> None:
    unsure = Meeting("lunch maybe", local(26, 12), confidence=0.3)

    result = await analyzer(ScriptedExtractor(unsure)).analyze(
        user_id=1, channel="web", message_id=7, text="lunch maybe", now=NOW, timezone="UTC"
    )

    assert result.low_confidence == [unsure]
    assert result.created == [] and not result.changed


async def test_analyze_refuses_a_naive_now_before_anything_else() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await analyzer().analyze(
            user_id=1,
            channel="web",
            message_id=None,
            text="x",
            now=dt.datetime(2026, 1, 1),  # noqa: DTZ001
        )


# -- what counts as a change, and the dedupe rule ------------------------------------------


def test_only_created_updated_or_cancelled_schedules_are_a_change() -> None:
    row = UserSchedule(event_name="standup")

    assert not Analysis().changed
    assert not Analysis(duplicates=[row]).changed  # mentioned again: nothing new
    assert not Analysis(question="Which one?", not_found="no such meeting").changed
    assert Analysis(created=[row]).changed
    assert Analysis(updated=[row]).changed
    assert Analysis(cancelled=[row]).changed


@pytest.mark.parametrize(
    ("stored", "mentioned"),
    [
        ("team meeting", "Team Meeting"),
        ("1-on-1 with Sam", "sam 1-on-1"),
        ("dentist appointment", "the dentist"),
    ],
)
def test_the_same_meeting_in_other_words_is_a_duplicate(stored: str, mentioned: str) -> None:
    assert same_meeting(stored, mentioned)


@pytest.mark.parametrize(
    ("stored", "mentioned"), [("dentist", "standup"), ("lunch with Sam", "the interview")]
)
def test_different_meetings_at_the_same_time_are_both_kept(stored: str, mentioned: str) -> None:
    assert not same_meeting(stored, mentioned)
