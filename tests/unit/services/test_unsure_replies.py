"""The offline responder when a message changed nothing (issue 14, item 2): it says what it
did not understand and what to say instead, and answers small talk like a person (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from companion_bot.services import clarifications
from companion_bot.services.context_builder import llm_messages
from companion_bot.services.message_analyzer import Analysis
from companion_bot.services.offline_responder import (
    SMALL_TALK,
    respond,
    small_talk_intent,
    suggestion_in,
    unacted_reply,
)
from companion_bot.services.reply_context import ReplyContext
from companion_bot.services.undo import is_undo_request

NEW_YORK = ZoneInfo("America/New_York")
#: Tuesday 1 December 2026, 10:00 in New York.
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK)
#: Words of a calendar prompt or of a claimed action: never in an answer to small talk.
CALENDAR_WORDS = ("meeting", "remind", "noted", "note ", "schedule", "calendar", "got it")


def _context(text: str, **kwargs: Any) -> ReplyContext:
    return ReplyContext(
        text=text, now=NOW, zone=NEW_YORK, lead_minutes=30, reminders_on=True, **kwargs
    )


@dataclass(frozen=True)
class Unsure:
    """A meeting the extractor read below the confidence threshold."""

    event_name: str
    start: dt.datetime
    grain: str = "minute"
    confidence: float = 0.4
    end: dt.datetime | None = None
    span: tuple[int, int] = (0, 5)
    action: str = "schedule"
    previous_start: dt.datetime | None = None
    time_is_approximate: bool = False
    date_stated: bool = True


@pytest.mark.parametrize("text", ["gym twice a week at 7", "I usually swim on Fridays"])
def test_a_repeat_not_said_as_days_and_a_time_says_how_to_say_it(text: str) -> None:
    reply = respond(_context(text))

    assert reply == (
        "I couldn't tell when that repeats, so I haven't noted it. Say the days and the time, "
        'like "yoga every tuesday at 6pm".'
    )
    assert suggestion_in(reply) is None


def test_an_offer_is_made_only_when_its_words_would_note_that_meeting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clarifications, "noted_as", lambda phrase, now, start: False)
    bob = Unsure("meeting with bob", dt.datetime(2026, 12, 2, 14, 0, tzinfo=NEW_YORK))

    reply = respond(_context("meetign w/ bob tmrw 2pm", analysis=Analysis(low_confidence=[bob])))

    assert suggestion_in(reply) is None
    assert reply.endswith("tell me the time plainly and I'll add it.")


def test_a_reminder_that_nothing_matched_says_how_to_set_or_remove_one() -> None:
    reply = respond(_context("delete the reminder about the rent"))

    assert reply == (
        "I didn't catch which reminder you mean, so nothing was changed. To set one, say it "
        'like "remind me to call mom at 6pm"; to remove one, "cancel the reminder to call mom".'
    )


UNDO_HOW = (
    'I haven\'t changed anything. To take back my last change, say just "undo": I can undo '
    "changes from the last 10 minutes."
)


def test_a_message_about_undoing_that_is_not_an_undo_says_how_to_undo() -> None:
    # A plain "undo" is undone before a reply is written (services.undo); these are not one.
    for text in ("go back", "forget that", "I wish I could undo my haircut"):
        assert not is_undo_request(text), text
        assert respond(_context(text)) == UNDO_HOW, text


def test_that_with_nothing_to_cancel_is_answered_with_how_to_undo() -> None:
    not_found = "I couldn't find an upcoming meeting like that to cancel."
    reply = respond(_context("forget that", analysis=Analysis(not_found=not_found)))

    assert reply == UNDO_HOW
    assert respond(_context("cancel the dentist", analysis=Analysis(not_found=not_found))) == (
        not_found
    )


def test_an_unsure_meeting_is_asked_about_with_the_words_to_note_it() -> None:
    bob = Unsure("meeting with bob", dt.datetime(2026, 12, 2, 14, 0, tzinfo=NEW_YORK))

    reply = respond(_context("meetign w/ bob tmrw 2pm", analysis=Analysis(low_confidence=[bob])))

    assert reply == (
        "Did you mean a meeting with bob tomorrow at 2 PM? I haven't noted it yet: say "
        '"meeting with bob tomorrow at 2 PM" and I\'ll add it.'
    )


def test_an_unsure_all_day_meeting_is_asked_about_without_a_clock_time() -> None:
    lunch = Unsure("lunch with Sam", dt.datetime(2026, 12, 2, tzinfo=NEW_YORK), grain="day")
    interview = Unsure("interview", dt.datetime(2026, 12, 4, 11, 0, tzinfo=NEW_YORK))

    reply = respond(
        _context("tomorrow. lunch with Sam?", analysis=Analysis(low_confidence=[lunch]))
    )
    other = respond(_context("interview fri 11?", analysis=Analysis(low_confidence=[interview])))

    assert reply.startswith("Did you mean a lunch with Sam tomorrow? I haven't noted it yet")
    assert "12 AM" not in reply
    assert other.startswith("Did you mean an interview Friday at 11 AM?")


@pytest.mark.parametrize(
    "text",
    ["maybe lunch Friday?", "might have a call tomorrow", "should we do drinks saturday?"],
)
def test_a_maybe_is_not_noted_until_it_is_settled(text: str) -> None:
    assert respond(_context(text)) == (
        "I won't note it until it's settled — tell me when it's fixed."
    )


def test_other_plans_the_bot_did_not_use() -> None:
    assert respond(_context("at 3")) == (
        "I didn't catch a meeting in that — what should I note, and when? "
        '(Like "dentist tomorrow at 3".)'
    )
    assert respond(_context("I had a call yesterday at 3")).startswith(
        "Sounds like that already happened, so I haven't noted it."
    )
    assert respond(_context("my sister has a dentist appointment at 3")).startswith(
        "Sounds like someone else's plan"
    )
    assert respond(_context("I have a meeting")) == (
        "When is it? Tell me the day and time and I'll note it."
    )


def test_with_meeting_tracking_off_a_plan_is_not_noted_and_chat_goes_on() -> None:
    plan = respond(_context("maybe lunch Friday?", extraction_enabled=False))
    night = respond(_context("good night", extraction_enabled=False))

    assert plan.startswith("I'm not tracking meetings right now, so I haven't noted anything")
    assert night in ("Good night — sleep well!", "Night! Rest well.", "Sleep well — talk tomorrow.")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how was your day", "how_was_your_day"),
        ("How was your weekend?", "how_was_your_day"),
        ("how are you?", "how_are_you"),
        ("hey, how's it going", "how_are_you"),
        ("I'm tired today", "tired"),
        ("so exhausted", "tired"),
        ("long day...", "tired"),
        ("feeling a bit down", "sad"),
        ("not feeling great today", "sad"),
        ("ugh, rough week", "sad"),
        ("I feel sick", "unwell"),
        ("had a great day!", "happy"),
        ("I'm so excited", "happy"),
        ("thanks!", "thanks"),
        ("thank you so much", "thanks"),
        ("good night", "good_night"),
        ("off to bed", "good_night"),
        ("good morning!", "good_morning"),
        ("bye", "bye"),
        ("see you tomorrow", "bye"),
        ("have a nice weekend", "bye"),
        ("hi", "greeting"),
        ("Hello there", "greeting"),
        ("what can you do?", "about_bot"),
        ("what time is it?", "what_time"),
        ("ok", "ack"),
        ("lol", "ack"),
    ],
)
def test_small_talk_intents(text: str, intent: str) -> None:
    assert small_talk_intent(text) == intent


@pytest.mark.parametrize(
    "text",
    [
        "how was your day",
        "I'm tired today",
        "good night",
        "good morning",
        "see you tomorrow",
        "how are you?",
        "feeling a bit down",
        "had a great day!",
        "bye",
        "thanks",
        "ok",
    ],
)
def test_small_talk_gets_a_short_human_answer_and_no_calendar_prompt(text: str) -> None:
    reply = respond(_context(text))

    assert len(reply) <= 80, reply
    assert not any(w in reply.lower() for w in CALENDAR_WORDS), reply
    assert respond(_context(text)) == reply  # the same message, the same answer


def test_a_hello_says_what_the_bot_is_for() -> None:
    for text in ("hi", "hello!", "hey"):
        assert "meeting" in respond(_context(text)), text


def test_small_talk_answers_vary_between_messages_of_one_intent() -> None:
    tired = {respond(_context(t)) for t in ("I'm tired", "so tired", "feeling tired", "exhausted")}
    night = {respond(_context(t)) for t in ("good night", "night!", "gn", "goodnight all")}

    assert len(tired) > 1 and len(night) > 1
    for intent, _, replies in SMALL_TALK:
        assert replies and all(r == r.strip() for r in replies), intent


def test_the_time_is_answered_from_the_clock_in_the_users_zone() -> None:
    assert respond(_context("what time is it?")) == "It's 10 AM where you are (America/New_York)."


def test_a_yes_after_an_offer_that_noted_nothing_says_so() -> None:
    """The pipeline reads a "yes" as the offered words; this is the reply when even those
    noted nothing (the time passed in between)."""
    bob = Unsure("meeting with bob", dt.datetime(2026, 12, 2, 14, 0, tzinfo=NEW_YORK))
    said = "meetign w/ bob tmrw 2pm"
    offered = respond(_context(said, analysis=Analysis(low_confidence=[bob])))
    history = [("user", said), ("bot", offered)]

    yes = respond(_context("yes", history=history))
    no = respond(_context("nope", history=history))

    assert yes == (
        'I couldn\'t note "meeting with bob tomorrow at 2 PM" now (is it in the past '
        "already?). Tell me the day and time again and I'll add it."
    )
    assert no == "Okay — I haven't noted anything."
    assert respond(_context("yes")) in ("Okay!", "Sounds good.", "👍")  # nothing was offered
    llm = llm_messages(_context("yes", history=history))[0]["content"]
    assert 'I couldn\'t note "meeting with bob tomorrow at 2 PM" now' in llm


def test_the_llm_is_told_nothing_was_noted_and_what_to_say() -> None:
    prompt = llm_messages(_context("delete the reminder about the rent"))[0]["content"]
    small_talk = llm_messages(_context("good night"))[0]["content"]

    assert "This message changed nothing" in prompt
    assert "I didn't catch which reminder you mean" in prompt
    assert "changed nothing" not in small_talk
    assert unacted_reply(_context("good night")) is None
