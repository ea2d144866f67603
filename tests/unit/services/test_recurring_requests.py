"""Reading repeating meetings: what, how often and when, for the issue's examples and more;
what is not a commitment of the speaker; what ends a series; "skip" as a cancellation."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from companion_bot.extraction import MeetingExtractor
from companion_bot.proactive.recurrence import describe
from companion_bot.services.recurring_requests import (
    names_series,
    read_series_end,
    read_series_request,
    repeat_of,
    skip_wording,
)

BERLIN = ZoneInfo("Europe/Berlin")
#: Monday 22 March 2027, 10:00 in Berlin.
NOW = dt.datetime(2027, 3, 22, 10, 0, tzinfo=BERLIN)
EXTRACTOR = MeetingExtractor()


def read(text: str, now: dt.datetime = NOW) -> tuple[str | None, str | None, str | None]:
    """(name, the series in words, its stored rule) of ``text``."""
    found = read_series_request(text, now, EXTRACTOR)
    assert found is not None, text
    rule = found.recurrence
    if rule is None:
        return found.name, None, found.question
    return found.name, describe(rule, approximate=found.approximate), rule.text


@pytest.mark.parametrize(
    ("text", "name", "words", "stored"),
    [
        (
            "standup every weekday at 9:30",
            "standup",
            "every weekday at 9:30 AM",
            "DTSTART:20270323T093000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        ),
        (
            "every other tuesday at 4",
            "meeting",
            "every other Tuesday at 4 PM",
            "DTSTART:20270323T160000\nRRULE:FREQ=WEEKLY;BYDAY=TU;INTERVAL=2",
        ),
        (
            "yoga mondays and thursdays 7pm",
            "yoga",
            "every Monday and Thursday at 7 PM",
            "DTSTART:20270322T190000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH",
        ),
        (
            "first monday of the month at 10",
            "meeting",
            "the first Monday of every month at 10 AM",
            "DTSTART:20270405T100000\nRRULE:FREQ=MONTHLY;BYDAY=1MO",
        ),
        (
            "every day at 8 until friday",
            "meeting",
            "every day at 8 AM until Fri 26 Mar",
            "DTSTART:20270323T080000\nRRULE:FREQ=DAILY;UNTIL=20270326T235959",
        ),
    ],
)
def test_the_issues_examples(text: str, name: str, words: str, stored: str) -> None:
    assert read(text) == (name, words, stored)


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        ("I have yoga every tuesday at 6pm", "yoga", "every Tuesday at 6 PM"),
        ("weekly 1:1 with Sam on thursdays 3pm", "1:1 with Sam", "every Thursday at 3 PM"),
        ("daily standup at 9", "standup", "every day at 9 AM"),
        ("standup mon-fri 9am", "standup", "every weekday at 9 AM"),
        ("brunch every weekend at 11", "brunch", "every weekend at 11 AM"),
        ("piano lesson every thursday at 4:30", "piano lesson", "every Thursday at 4:30 PM"),
        ("demo every other friday at 4", "demo", "every other Friday at 4 PM"),
        ("gym every evening", "gym", "every day around 6 PM"),
        ("yoga every monday evening", "yoga", "every Monday around 6 PM"),
        (
            "rent meeting on the 15th of every month at 9am",
            "rent meeting",
            "every month on the 15th at 9 AM",
        ),
        (
            "team sync last friday of the month at 2pm",
            "team sync",
            "the last Friday of every month at 2 PM",
        ),
        ("there's a meeting every monday at 10", "meeting", "every Monday at 10 AM"),
        ("team sync weekly on fridays at 2pm", "team sync", "every Friday at 2 PM"),
        ("demo biweekly on fridays at 4", "demo", "every other Friday at 4 PM"),
        ("gym every morning", "gym", "every day around 8 AM"),
        ("review every third monday at 11", "review", "every third Monday at 11 AM"),
    ],
)
def test_more_ways_to_say_it(text: str, name: str, words: str) -> None:
    assert read(text)[:2] == (name, words)


def test_a_range_gives_each_occurrence_its_length() -> None:
    found = read_series_request("standup every weekday 9:30-9:45", NOW, EXTRACTOR)

    assert found is not None and found.duration == dt.timedelta(minutes=15)


def test_bounds_start_and_end_the_series() -> None:
    starting = read("team sync every monday at 10am starting next week")
    weeks = read("1:1 with Sam every other tuesday at 4 for 6 weeks")

    assert starting[2] == "DTSTART:20270329T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO"
    assert read("yoga every tuesday at 6pm starting april 6")[2] == (
        "DTSTART:20270406T180000\nRRULE:FREQ=WEEKLY;BYDAY=TU"
    )
    assert weeks[1] == "every other Tuesday at 4 PM until Mon 3 May"


def test_a_time_already_gone_today_starts_it_on_the_next_day() -> None:
    assert read("standup every day at 9:30")[2] == "DTSTART:20270323T093000\nRRULE:FREQ=DAILY"
    assert read("standup every day at 11")[2] == "DTSTART:20270322T110000\nRRULE:FREQ=DAILY"


def test_without_a_time_it_asks_for_one() -> None:
    assert read("standup every weekday") == (
        "standup",
        None,
        'What time is the standup? Say it with the time, like "standup every weekday at 9:30".',
    )


@pytest.mark.parametrize(
    "text",
    [
        "I usually swim on Fridays",  # a habit
        "gym twice a week at 7",  # no days said
        "my sister has yoga every monday at 7",  # someone else's
        "my sister has yoga every monday",
        "I had standup every day at 9 last week",  # the past
        "I used to have standup every day at 9",
        "maybe yoga every monday at 7?",  # a maybe
        "should we do standup every weekday at 9:30?",
        "I wake up every day at 8",  # nothing attended
        "I don't have standup every day at 9 anymore",
        "every day is a good day",
        "team meeting 3-4 PM Friday",  # no repetition
    ],
)
def test_what_is_not_the_speakers_repeating_commitment(text: str) -> None:
    assert read_series_request(text, NOW, EXTRACTOR) is None


def test_a_task_repeats_at_its_time() -> None:
    start = dt.datetime(2027, 3, 22, 21, 0, tzinfo=BERLIN)

    rule = repeat_of("remind me to take my meds every day at 9pm", start, NOW)

    assert rule is not None and rule.text == "DTSTART:20270322T210000\nRRULE:FREQ=DAILY"
    assert repeat_of("remind me to call mom at 6", start, NOW) is None


@pytest.mark.parametrize(
    ("text", "series", "other"),
    [
        ("stop the weekly standup", "standup", "yoga"),
        ("cancel the standup series", "daily standup", "team sync"),
        ("no more standups", "standup", "stand-in"),
        ("please end all yoga", "yoga", "standup"),
        ("cancel my daily 1:1 with Sam", "1:1 with Sam", "standup"),
    ],
)
def test_what_ends_a_series(text: str, series: str, other: str) -> None:
    found = read_series_end(text)

    assert found is not None
    assert names_series(found.words, series)
    assert not names_series(found.words, other)


@pytest.mark.parametrize(
    "text",
    [
        "cancel the standup",  # one, or all? asked when it matters
        "cancel tomorrow's daily standup",  # that day's
        "stop reminding me",  # reminders off
        "stop all reminders",
        "the standup is every day",
    ],
)
def test_what_does_not_end_a_series(text: str) -> None:
    assert read_series_end(text) is None


def test_only_a_word_of_repeating_makes_an_end_that_names_nothing_worth_an_answer() -> None:
    said = read_series_end("cancel the standup series")
    casual = read_series_end("no more coffee")

    assert said is not None and said.explicit
    assert casual is not None and not casual.explicit  # "no more coffee": nothing to tell


def test_skipping_one_is_cancelling_that_one() -> None:
    assert skip_wording("skip tomorrow's standup") == "cancel tomorrow's standup"
    assert skip_wording("I'll skip the standup on friday") == "I'll cancel the standup on friday"
    assert skip_wording("we skipped lunch") == "we skipped lunch"
