"""Which clock times cannot be, and which meetings of a message depend on one (pure)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from companion_bot.extraction import MeetingExtractor
from companion_bot.services.impossible_times import hold_back, impossible_times
from companion_bot.services.schedule_matching import changes_in

NEW_YORK = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=NEW_YORK)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("meeting at 25:00 tomorrow", ["25:00"]),
        ("dentist at 13pm", ["13pm"]),
        ("dentist at 13 p.m. friday", ["13 p.m."]),
        ("sync 10:75 am", ["10:75 am"]),
        ("call 24:30", ["24:30"]),
        ("1:60pm or 9:99", ["1:60pm", "9:99"]),
    ],
)
def test_times_no_clock_shows(text: str, found: list[str]) -> None:
    assert [t.text for t in impossible_times(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "call at 24:00 friday",  # the end of the day
        "meeting at 0:30",
        "dinner at 19:00, lunch 12:59, standup 9am, review 12pm",
        "meeting at 25 tomorrow",  # a bare number is not read as a time
        "the video is 1:25:00 long",
        "it costs $13:00",
        "at 5 amazing people",
        "score 3:1",
    ],
)
def test_real_times_and_other_numbers_are_not_flagged(text: str) -> None:
    assert impossible_times(text) == []


def _held(text: str) -> tuple[list[str], str | None]:
    meetings = list(MeetingExtractor().extract(text, NOW))
    held = hold_back(text, meetings, changes_in(text, NOW, meetings), NOW)
    return [m.event_name for m in held.meetings], held.question


def test_the_meeting_said_with_the_time_is_held_back_and_asked_about() -> None:
    assert _held("meeting at 25:00 tomorrow") == (
        [],
        "25:00 isn't a time I know — what time is the meeting tomorrow?",
    )
    assert _held("dentist friday at 13pm") == (
        [],
        "13pm isn't a time I know — what time is the dentist on Friday?",
    )


def test_a_time_without_a_meeting_or_a_move_is_asked_about_plainly() -> None:
    assert _held("team sync 10:75 tomorrow")[1] == (
        "10:75 isn't a time I know — what time is the team sync tomorrow?"
    )
    assert _held("meeting at 25:00") == ([], "25:00 isn't a time I know — what time did you mean?")
    assert _held("move the standup to 25:00 tomorrow") == (
        [],
        "25:00 isn't a time I know — what time should I move the standup to?",
    )


def test_other_meetings_of_the_message_are_kept() -> None:
    names, question = _held("dentist wed 2pm, meeting thu 25:00")
    assert names == ["dentist"]
    assert question == "25:00 isn't a time I know — what time is the meeting on Thursday?"


def test_a_time_outside_the_meetings_words_holds_back_the_nearest_untimed_one() -> None:
    # The extractor's words end before "25:30-26:00": the untimed meeting still depends on it.
    assert _held("meeting tomorrow 25:30-26:00") == (
        [],
        "25:30 isn't a time I know — what time is the meeting tomorrow?",
    )


def test_a_number_that_only_looks_like_a_time_changes_nothing() -> None:
    assert _held("my 10:75 split was slow") == ([], None)
    assert _held("lunch tomorrow at noon") == (["lunch"], None)
