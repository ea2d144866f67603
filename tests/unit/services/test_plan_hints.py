"""Plan hints: what a message says that looks like a plan (pure; no extractor, no clock)."""

from __future__ import annotations

import datetime as dt

import pytest

from companion_bot.services.plan_hints import (
    answer_word,
    asks_about_schedule,
    looks_like_plan,
    read_hints,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the examples
        ("standup every weekday at 9:30", "recurring"),
        ("undo", "undo"),
        ("remind me to call mom at 6", "reminder"),
        ("maybe lunch Friday?", "tentative"),
        ("meetign w/ bob tmrw 2pm", "timeish"),
        # others of each kind, worded differently
        ("Undo that please", "undo"),
        ("can you undo the last change?", "undo"),
        ("cancel that", "undo"),
        ("take it back", "undo"),
        ("please revert", "undo"),
        ("don't let me forget to pay rent tomorrow", "reminder"),
        ("Can you remind me to take my meds at 8pm?", "reminder"),
        ("set a reminder for the laundry", "reminder"),
        ("ping me at 5 to stretch", "reminder"),
        ("don't forget I need to buy milk", "reminder"),
        ("team sync mondays at 10", "recurring"),
        ("yoga every Tuesday 6pm", "recurring"),
        ("weekly 1:1 with Sam on thursdays 3pm", "recurring"),
        ("daily standup at 9", "recurring"),
        ("every other friday demo at 4", "recurring"),
        ("standup mon-fri 9am", "recurring"),
        ("I usually swim on Fridays", "recurring"),
        ("gym twice a week at 7", "recurring"),
        ("might have a call tomorrow", "tentative"),
        ("should we do drinks saturday?", "tentative"),
        ("possibly dinner with jen on the 12th", "tentative"),
        ("not sure yet, coffee thursday maybe", "tentative"),
        ("dinner at 8?", "tentative"),
        ("could do lunch next week", "tentative"),
        ("we could meet at 2 or 3 tomorrow", "tentative"),
        ("I had a call yesterday at 3", "past"),
        ("we went to the dentist last friday", "past"),
        ("my sister has a dentist appointment at 3", "others"),
        ("he's got an interview tomorrow", "others"),
        ("at 3", "timeish"),
        ("2pm", "timeish"),
        ("the 14th", "timeish"),
        ("dec 5", "timeish"),
        ("12/3", "timeish"),
        ("tomorrow is going to be busy", "timeish"),
        ("sat 7pm", "timeish"),
        ("I have a meeting", "undated"),
        ("got an interview!", "undated"),
    ],
)
def test_plans_and_undos_are_recognised(text: str, kind: str) -> None:
    hints = read_hints(text)

    assert hints.kind == kind, text
    assert looks_like_plan(text)


@pytest.mark.parametrize(
    "text",
    [
        "how was your day",
        "good night",
        "hi",
        "thanks!",
        "I hate meetings",
        "I sat down and relaxed",
        "the sun is out",
        "I have 3 kids",
        "it costs $8.30",
        "I'm at 50% battery",
        "I ran 5 km",
        "what time is it",
        "do I have anything on friday?",
        "when is my dentist?",
        "what are you doing tomorrow?",
        "lol",
        "I may be wrong",
        "it was 2.5 hours long",
    ],
)
def test_small_talk_and_numbers_that_are_not_times_are_no_plan(text: str) -> None:
    assert read_hints(text).kind is None, text


@pytest.mark.parametrize(
    ("text", "strong"),
    [
        ("I'm tired today", False),  # "today" is what small talk says too
        ("see you tomorrow", False),
        ("have a nice weekend", False),
        ("good morning, remind me to call mom at 6", True),
        ("good morning! maybe lunch friday?", True),
        ("at 3", True),
        ("the 14th", True),
    ],
)
def test_a_plan_outweighs_small_talk_only_when_it_is_clear(text: str, strong: bool) -> None:
    assert read_hints(text).strong is strong


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [
        ("at 9:30", 9, 30),
        ("8.30pm", 20, 30),
        ("6 pm", 18, 0),
        ("at 6", 18, 0),  # a bare hour: the one between 07:00 and 21:00
        ("at 9", 9, 0),
        ("@7", 7, 0),
        ("at 6pm", 18, 0),
        ("noon", 12, 0),
        ("midnight", 0, 0),
        ("14:00", 14, 0),
        ("12am", 0, 0),
        ("at half past four", 16, 30),
        ("quarter past 9", 9, 15),
        ("at 10 o'clock", 10, 0),
    ],
)
def test_clock_times_are_read_with_the_bare_hour_convention(
    text: str, hour: int, minute: int
) -> None:
    clock = read_hints(f"call {text}").clock

    assert clock is not None and clock.time() == dt.time(hour, minute)


def test_the_task_of_a_reminder() -> None:
    assert read_hints("remind me to call mom at 6").task == "call mom at 6"
    assert read_hints("Don't let me forget to pay rent tomorrow!").task == "pay rent tomorrow"
    assert read_hints("please remind me about the parcel").task == "the parcel"
    assert read_hints("remind me tomorrow about the report").task == "the report"
    assert read_hints("remind me at 6 to call mom").task == "call mom"
    assert read_hints("can you set a reminder for 5pm").task is None  # only a time


def test_yes_and_no_answers() -> None:
    assert [answer_word(t) for t in ("yes", "Yep!", "sure", "ok thanks", "yes please")] == [
        "yes"
    ] * 5
    assert [answer_word(t) for t in ("no", "Nope.", "never mind", "nah")] == ["no"] * 4
    assert answer_word("yes, at 3") is None
    assert answer_word("no idea what to do tomorrow") is None


def test_questions_about_the_schedule() -> None:
    assert asks_about_schedule("Do I have anything on Friday?")
    assert asks_about_schedule("when's my dentist")
    assert asks_about_schedule("am I free tomorrow at 3?")
    assert not asks_about_schedule("what's on your mind?")
    assert not asks_about_schedule("maybe lunch friday?")
