"""Reading "remind me to X at T": the task, its time in the user's zone, and the question
asked when the request lacks something (pure: text and ``now`` in)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from companion_bot.services.task_requests import asks_about, read_task_request

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
#: Monday 7 December 2026, 10:00 in New York.
MORNING = dt.datetime(2026, 12, 7, 10, 0, tzinfo=NEW_YORK)
EVENING = dt.datetime(2026, 12, 7, 19, 0, tzinfo=NEW_YORK)


def at(day: int, hour: int, minute: int = 0, tz: ZoneInfo = NEW_YORK) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=tz)


@pytest.mark.parametrize(
    ("text", "task", "start"),
    [
        ("remind me to call mom at 6", "call mom", at(7, 18)),
        ("remind me at 5pm to take the chicken out", "take the chicken out", at(7, 17)),
        ("remind me in 20 minutes to check the oven", "check the oven", at(7, 10, 20)),
        ("remind me tomorrow at 9 to pay rent", "pay rent", at(8, 9)),
        ("don't let me forget to call the bank at 11am", "call the bank", at(7, 11)),
        ("Remind me to call Maria at 8pm please", "call Maria", at(7, 20)),
        ("remind me tomorrow to call mom at 6", "call mom", at(8, 18)),
        ("remind me to call the dentist on friday at 3pm", "call the dentist", at(11, 15)),
        ("Can you remind me to take my meds at 8pm?", "take my meds", at(7, 20)),
        ("hey, remind me to call mom at 6!", "call mom", at(7, 18)),
        ("set a reminder to water the plants at 7:30pm", "water the plants", at(7, 19, 30)),
    ],
)
def test_the_task_and_its_time_are_read_in_the_users_zone(
    text: str, task: str, start: dt.datetime
) -> None:
    request = read_task_request(text, MORNING)

    assert request is not None
    assert (request.task, request.start, request.question) == (task, start, None)


def test_a_clock_time_already_past_today_is_tomorrows_as_for_meetings() -> None:
    request = read_task_request("remind me at 9am to stretch", EVENING)

    assert request is not None and request.start == at(8, 9)


def test_a_time_is_read_in_the_zone_of_now() -> None:
    request = read_task_request("remind me to call mom at 6", MORNING.astimezone(TOKYO))

    assert request is not None and request.start == at(8, 18, tz=TOKYO)  # 00:00 there: 18:00


def test_a_part_of_day_is_an_approximate_time() -> None:
    request = read_task_request("remind me to take meds tonight", MORNING)

    assert request is not None
    assert (request.task, request.start, request.approximate) == ("take meds", at(7, 20), True)


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "remind me to call mom",
            'When should I remind you to call mom? Say it with a time, like "remind me to call '
            'mom at 6pm".',
        ),
        (
            "remind me tomorrow to pay rent",
            'When should I remind you to pay rent? Say it with a time, like "remind me to pay '
            'rent tomorrow at 9am".',
        ),
        (
            "remind me today at 9am to pay rent",
            "It's already past 9:00 AM today — when should I remind you to pay rent?",
        ),
        (
            "set a reminder for 5pm",
            'What should I remind you of? Say it like "remind me to call mom at 6pm".',
        ),
        ("remind me", 'What should I remind you of? Say it like "remind me to call mom at 6pm".'),
    ],
)
def test_what_is_missing_is_asked_for_and_nothing_guessed(text: str, question: str) -> None:
    request = read_task_request(text, EVENING)

    assert request is not None
    assert (request.start, request.question) == (None, question)


def test_the_example_in_a_question_is_understood_as_it_says() -> None:
    asked = read_task_request("remind me tomorrow to pay rent", EVENING)
    assert asked is not None and asked.question is not None
    example = asked.question.split('"')[1]

    request = read_task_request(example, EVENING)

    assert request is not None and (request.task, request.start) == ("pay rent", at(8, 9))


@pytest.mark.parametrize(
    "text",
    [
        "cancel the reminder to call mom",
        "please delete my reminder to call mom at 6",
        "move the reminder to call mom to 8pm",
        "dentist tomorrow at 3",
        "I have to call mom at 6",
        "how was your day",
    ],
)
def test_changes_to_a_reminder_and_other_messages_ask_for_no_task(text: str) -> None:
    assert read_task_request(text, MORNING) is None


def test_about_a_thing_or_to_do_something() -> None:
    about = read_task_request("remind me tomorrow at 9 about the rent", MORNING)

    assert about is not None and (about.task, about.about) == ("the rent", True)
    assert asks_about("cancel the reminder about the rent")
    assert not asks_about("remind me at 5pm to think about the rent")
    assert not asks_about("remind me tomorrow to call mom")


def test_a_repeating_request_is_the_next_one_without_the_repeat_words() -> None:
    daily = read_task_request("remind me to take my meds every day at 9pm", MORNING)
    mornings = read_task_request("remind me every morning at 8 to stretch", MORNING)

    assert daily is not None and (daily.task, daily.start) == ("take my meds", at(7, 21))
    assert mornings is not None and (mornings.task, mornings.start) == ("stretch", at(8, 8))


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "remind me to call mom at 25:00",
            "25:00 isn't a time I know — when should I remind you to call mom?",
        ),
        (
            "remind me at 13pm to call mom",
            "13pm isn't a time I know — when should I remind you to call mom?",
        ),
    ],
)
def test_a_time_no_clock_shows_is_asked_about(text: str, question: str) -> None:
    request = read_task_request(text, MORNING)

    assert request is not None and (request.start, request.question) == (None, question)
