"""Exact words stay exact (issue 14): "noon" and "midnight" are clock times, names keep the
user's words and company, and a change asked for is a move, never a cancellation.

Times and names that the corpus format can pin are also cases in cases/exact_words.jsonl.
"""

from __future__ import annotations

import datetime as dt

import pytest
from extraction_helpers import at

from companion_bot.extraction import ExtractedMeeting, MeetingExtractor, parse_times

NOW = "2026-11-24T09:00"  # a Tuesday
EXTRACTOR = MeetingExtractor()


def meetings(text: str, now: str = NOW) -> list[ExtractedMeeting]:
    return EXTRACTOR.extract(text, at(now, "America/New_York"))


def clock(m: ExtractedMeeting) -> str:
    return m.start.strftime("%a %d %H:%M")


# -- noon and midnight ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("lunch at noon", "Tue 24 12:00"),
        ("dentist at midday", "Tue 24 12:00"),
        ("lunch tomorrow at 12 noon", "Wed 25 12:00"),
        ("release call at midnight", "Wed 25 00:00"),
        ("launch party friday at midnight", "Sat 28 00:00"),
    ],
)
def test_noon_and_midnight_are_exact_clock_times(text: str, start: str) -> None:
    [m] = meetings(text)
    assert (clock(m), m.grain, m.time_is_approximate) == (start, "minute", False)


def test_lunchtime_stays_about_noon() -> None:
    [m] = meetings("call with the bank at lunchtime tomorrow")
    assert (clock(m), m.grain, m.time_is_approximate) == ("Wed 25 12:00", "hour", True)


def test_parse_times_reads_noon_to_the_minute() -> None:
    [noon] = parse_times("see you at noon", at(NOW))
    assert (noon.start.hour, noon.start.minute, noon.grain) == (12, 0, "minute")


# -- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("lunch at noon with Maria", "lunch with Maria"),
        ("Lunch at noon with Maria", "lunch with Maria"),
        ("dinner tomorrow at 7 with Sam", "dinner with Sam"),
        ("call at 3pm w/ the Berlin team", "call with Berlin team"),
        ("interview at 10 with Google on friday", "interview with Google"),
        ("i have a meeting at 10 with Dr. Patel", "meeting with Dr Patel"),
        ("12 noon lunch", "lunch"),
        ("saturday midday brunch with Jo", "brunch with Jo"),
    ],
)
def test_names_keep_the_users_words_and_company(text: str, name: str) -> None:
    assert [m.event_name for m in meetings(text)] == [name]


def test_company_after_a_comma_is_another_clause() -> None:
    assert [m.event_name for m in meetings("team lunch at noon, with Maria presenting")] == [
        "team lunch"
    ]


def test_a_sentence_ends_the_company() -> None:
    text = "Reminder: your appointment tomorrow at 3:00pm with Dr. Mensah. Reply YES to confirm."
    assert [m.event_name for m in meetings(text)] == ["appointment with Dr Mensah"]


def test_company_that_is_a_joke_is_no_meeting() -> None:
    assert meetings("lunch at noon with my bed") == []


@pytest.mark.parametrize(
    "text", ["move standup to 10", "please move standup to 10", "moved standup to 10"]
)
def test_the_verb_of_a_change_is_not_part_of_the_name(text: str) -> None:
    [m] = meetings(text)
    assert (m.event_name, m.action) == ("standup", "reschedule")


# -- changes asked for -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("please move the sync to 6pm", "Tue 24 18:00"),
        ("need to push the sync to 6pm", "Tue 24 18:00"),
        ("I have to move my dentist appointment to friday at 3", "Fri 27 15:00"),
    ],
)
def test_a_change_asked_for_with_a_new_time_is_a_move(text: str, start: str) -> None:
    [m] = meetings(text)
    assert (m.action, clock(m)) == ("reschedule", start)


def test_a_change_asked_for_keeps_the_old_slot_as_previous() -> None:
    [m] = meetings("please push my 3pm to 4")
    assert m.action == "reschedule" and m.previous_start is not None
    assert (m.start.hour, m.previous_start.hour) == (16, 15)


@pytest.mark.parametrize(
    "text", ["can we move the berlin call to 11?", "should we push standup to 10?"]
)
def test_a_move_only_proposed_changes_nothing(text: str) -> None:
    assert meetings(text) == []


def test_a_change_asked_for_with_no_new_time_still_names_the_old_slot() -> None:
    [m] = meetings("please call us to reschedule your appointment on 12/14")
    assert (m.action, m.start.date()) == ("cancel", dt.date(2026, 12, 14))


# -- what a move says of its new time ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "guessed"),
    [
        ("the doctor got moved to 9", True),
        ("the doctor got moved to 9am", False),
        ("the doctor got moved to 21:00", False),
        ("the doctor got moved to 9 tonight", False),
        ("the doctor got moved to 10", True),  # 22:00 is outside the day: 10:00 either way
    ],
)
def test_a_move_says_whether_its_am_or_pm_was_guessed(text: str, guessed: bool) -> None:
    [m] = meetings(text)
    assert (m.action, m.meridiem_guessed) == ("reschedule", guessed)


def test_next_week_same_time_is_a_week_later() -> None:
    [m] = meetings("push standup to next week, same time")
    assert (m.action, m.shift, m.time_stated, m.date_stated) == (
        "reschedule",
        dt.timedelta(days=7),
        False,
        False,
    )
