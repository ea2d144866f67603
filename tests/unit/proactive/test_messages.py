"""The words of proactive messages: local time, variants, the LLM's text or the template."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

import pytest

from companion_bot.proactive.messages import (
    COMPLETION_TEMPLATES,
    REMINDER_TEMPLATES,
    Composer,
    MessageFacts,
    compose,
    duration_words,
    local_time,
    template_text,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
START = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)  # 15:00 in Berlin


def reminder(seed: int = 0, tz: ZoneInfo = BERLIN, **changes: object) -> MessageFacts:
    values: dict[str, object] = {
        "kind": "preparation_reminder",
        "event_name": "Team meeting",
        "start": START,
        "end": None,
        "tz": tz,
        "now": START - dt.timedelta(minutes=30),
        "variant_seed": seed,
    }
    values.update(changes)
    return MessageFacts(**values)  # type: ignore[arg-type]


class ScriptedLLM:
    """A ChatClient that answers with ``answer`` (or raises it) and keeps the prompts."""

    def __init__(self, answer: str | None | Exception) -> None:
        self.answer = answer
        self.prompts: list[Sequence[Mapping[str, str]]] = []

    async def chat(self, messages: Sequence[Mapping[str, str]]) -> str | None:
        self.prompts.append(messages)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def test_reminder_shows_the_local_time_and_how_long_until() -> None:
    assert template_text(reminder()) == (
        "Heads up — your team meeting starts at 3:00 PM, in 30 minutes."
    )
    assert "9:00 AM" in template_text(reminder(tz=NEW_YORK))


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(0.2, "1 minute"), (30, "30 minutes"), (60, "1 hour"), (75, "1 hour 15 minutes")],
)
def test_duration_words(minutes: float, words: str) -> None:
    assert duration_words(dt.timedelta(minutes=minutes)) == words


def test_local_time_midnight_and_noon() -> None:
    midnight = dt.datetime(2026, 11, 26, 23, 0, tzinfo=dt.UTC)  # 00:00 in Berlin
    noon = dt.datetime(2026, 11, 26, 11, 5, tzinfo=dt.UTC)

    assert (local_time(midnight, BERLIN), local_time(noon, BERLIN)) == ("12:00 AM", "12:05 PM")


def test_variants_differ_by_seed_and_are_stable_for_one_seed() -> None:
    texts = {template_text(reminder(seed)) for seed in range(len(REMINDER_TEMPLATES))}

    assert len(texts) == len(REMINDER_TEMPLATES)
    assert template_text(reminder(7)) == template_text(reminder(7))  # a retry reads the same
    assert all("3:00 PM" in text for text in texts)


def test_completion_and_followup_are_questions_about_the_meeting() -> None:
    seeds = range(len(COMPLETION_TEMPLATES))
    completions = {template_text(reminder(seed, kind="completion")) for seed in seeds}
    followup = template_text(reminder(kind="followup", event_name="1-on-1"))

    assert len(completions) == len(COMPLETION_TEMPLATES)
    assert all(text.endswith("?") and "team meeting" in text for text in completions)
    assert followup.endswith("?") and "1-on-1" in followup


def test_date_without_time_gets_a_day_note_without_a_clock_time() -> None:
    text = template_text(reminder(event_name="Offsite", all_day=True))

    assert "offsite" in text and "today" in text and "AM" not in text


async def test_llm_text_is_used_when_it_keeps_the_local_time() -> None:
    llm = ScriptedLLM("  Your team meeting kicks off at 3:00 PM — half an hour to go!  ")

    text = await compose(reminder(), llm)

    assert text == "Your team meeting kicks off at 3:00 PM — half an hour to go!"
    [prompt] = llm.prompts
    assert "3:00 PM" in prompt[-1]["content"]  # the facts reach the model


@pytest.mark.parametrize(
    "answer",
    [
        None,  # not configured, or it failed after its retry
        TimeoutError("read timeout"),
        "   ",
        "Your team meeting is soon!",  # dropped the time
        "x" * 401 + " 3:00 PM",  # rambling
    ],
    ids=["none", "raises", "blank", "no-time", "too-long"],
)
async def test_llm_problems_fall_back_to_the_template(answer: str | None | Exception) -> None:
    assert await compose(reminder(), ScriptedLLM(answer)) == template_text(reminder())


async def test_without_llm_the_template_is_used() -> None:
    assert await compose(reminder(2), None) == template_text(reminder(2))


async def test_llm_completion_needs_no_clock_time() -> None:
    facts = reminder(kind="completion", now=START + dt.timedelta(hours=1, minutes=5))

    text = await compose(facts, ScriptedLLM("So, how did the team meeting turn out?"))

    assert text == "So, how did the team meeting turn out?"


class StalledLLM:
    """A ChatClient that never answers."""

    def __init__(self) -> None:
        self.calls = 0

    async def chat(self, messages: Sequence[Mapping[str, str]]) -> str | None:
        self.calls += 1
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


async def test_a_stalled_llm_costs_one_deadline_then_the_batch_uses_templates() -> None:
    llm = StalledLLM()
    composer = Composer(llm, deadline=0.01)

    texts = [await composer.compose(reminder(seed)) for seed in range(3)]

    assert texts == [template_text(reminder(seed)) for seed in range(3)]
    assert llm.calls == 1 and composer.llm_failed


async def test_an_unusable_answer_falls_back_but_keeps_asking_the_llm() -> None:
    llm = ScriptedLLM("Your team meeting is soon!")  # no time: unusable, but the LLM is up
    composer = Composer(llm)

    first = await composer.compose(reminder(0))
    second = await composer.compose(reminder(1))

    assert (first, second) == (template_text(reminder(0)), template_text(reminder(1)))
    assert len(llm.prompts) == 2 and not composer.llm_failed


async def test_a_failed_llm_is_not_asked_again_in_the_batch() -> None:
    llm = ScriptedLLM(None)  # the client gave up after its retry
    composer = Composer(llm)

    await composer.compose(reminder(0))
    await composer.compose(reminder(1))

    assert len(llm.prompts) == 1
