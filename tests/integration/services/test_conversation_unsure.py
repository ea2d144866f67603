"""Conversations (issue 14, item 2) through the real pipeline on both databases, with a
frozen clock and the offline responder: when nothing was understood the reply says so and
what to say instead, and nothing is stored; small talk gets a short human answer.

The table "When I don't understand" in docs/user-guide.md is checked here, row by row.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.extraction import MeetingExtractor
from companion_bot.services.analytics import Analytics
from companion_bot.services.boundary_manager import BoundaryManager
from companion_bot.services.context_builder import ContextBuilder
from companion_bot.services.llm_client import LLMClient
from companion_bot.services.message_analyzer import MessageAnalyzer
from companion_bot.services.message_handler import MessageHandler
from companion_bot.services.offline_responder import SMALL_TALK
from companion_bot.services.question_tracker import QuestionTracker
from companion_bot.storage.models import ProactiveSession, UserSchedule

NEW_YORK = ZoneInfo("America/New_York")
#: Tuesday 1 December 2026, 10:00 in New York.
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK)
GUIDE = Path(__file__).parents[3] / "docs" / "user-guide.md"
#: Words of a calendar prompt or of a claimed action: never in an answer to small talk.
CALENDAR_WORDS = ("meeting", "remind", "noted", "note ", "schedule", "calendar", "got it")


async def stored(sm: async_sessionmaker[AsyncSession], user_id: int) -> list[UserSchedule]:
    async with sm() as session:
        rows = await session.scalars(
            select(UserSchedule).where(UserSchedule.user_id == user_id).order_by(UserSchedule.id)
        )
        return list(rows.all())


async def nothing_stored(sm: async_sessionmaker[AsyncSession], user_id: int) -> bool:
    """No meeting and nothing planned to send about one."""
    async with sm() as session:
        planned = await session.scalar(select(func.count()).select_from(ProactiveSession))
    return await stored(sm, user_id) == [] and planned == 0


class Chat:
    """One user talking to the bot on one channel at a frozen time."""

    def __init__(self, handler: MessageHandler, user_id: int, channel: str = "web") -> None:
        self.handler, self.user_id, self.channel = handler, user_id, channel

    async def say(self, text: str) -> str:
        result = await self.handler.handle(
            user_id=self.user_id, channel=self.channel, text=text, now=NOW
        )
        return result.reply.content


# -- the examples ------------------------------------------------------------------


async def test_undo_takes_back_what_was_just_noted_and_says_so(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int
) -> None:
    chat = Chat(handler, dan)
    assert await chat.say("undo") == "There's nothing I can undo from the last 10 minutes."
    assert await nothing_stored(sm, dan)
    await chat.say("dentist tomorrow at 3")

    reply = await chat.say("undo")

    assert reply == 'Undone: I removed "dentist".'
    [row] = await stored(sm, dan)
    assert (row.event_name, row.status) == ("dentist", "cancelled")


async def test_a_task_reminder_without_a_time_is_asked_about_not_guessed(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int
) -> None:
    reply = await Chat(handler, dan).say("remind me to call mom")

    assert reply.startswith("When should I remind you to call mom?")
    assert await nothing_stored(sm, dan)


async def test_a_misspelt_meeting_is_asked_about_with_its_spelling_mended(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int
) -> None:
    """ "meetign w/ bob tmrw 2pm": the name is a guess, so the bot asks and stores nothing."""
    reply = await Chat(handler, dan).say("meetign w/ bob tmrw 2pm")

    assert reply.startswith("Did you mean a meeting with bob tomorrow at 2 PM?")
    assert await nothing_stored(sm, dan)


async def test_an_unsure_meeting_is_asked_about_and_noted_once_said_plainly(
    sm: async_sessionmaker[AsyncSession], dan: int
) -> None:
    analytics = Analytics()
    handler = MessageHandler(
        sm,
        LLMClient(base_url="", model="none"),
        ContextBuilder(),
        BoundaryManager(analytics),
        QuestionTracker(analytics),
        analytics,
        message_analyzer=MessageAnalyzer(sm, MeetingExtractor()),
    )
    chat = Chat(handler, dan)

    asked = await chat.say("meetign w/ bob tmrw 2pm")
    no = await chat.say("no")
    assert await nothing_stored(sm, dan)
    assert await chat.say("meetign w/ bob tmrw 2pm") == asked
    yes = await chat.say("yep")

    assert asked == (
        "Did you mean a meeting with bob tomorrow at 2 PM? I haven't noted it yet: say "
        '"meeting with bob tomorrow at 2 PM" and I\'ll add it.'
    )
    assert no == "Okay — I haven't noted anything."
    assert "meeting with bob" in yes and "2 PM" in yes
    [row] = await stored(sm, dan)
    assert row.start_time.astimezone(NEW_YORK) == dt.datetime(2026, 12, 2, 14, 0, tzinfo=NEW_YORK)


async def test_a_maybe_is_not_noted(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], dan: int
) -> None:
    reply = await Chat(handler, dan).say("maybe lunch Friday?")

    assert reply == "I won't note it until it's settled — tell me when it's fixed."
    assert await nothing_stored(sm, dan)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how was your day", "how_was_your_day"),
        ("I'm tired today", "tired"),
        ("good night", "good_night"),
    ],
)
async def test_small_talk_gets_a_human_answer(
    handler: MessageHandler,
    sm: async_sessionmaker[AsyncSession],
    dan: int,
    text: str,
    intent: str,
) -> None:
    reply = await Chat(handler, dan).say(text)

    replies = next(r for i, _, r in SMALL_TALK if i == intent)
    assert reply in replies
    assert not any(w in reply.lower() for w in CALENDAR_WORDS)
    assert await nothing_stored(sm, dan)


# -- the user guide's table ----------------------------------------------------------------


def guide_rows() -> list[tuple[str, str]]:
    """(you say, it answers) of the table under "When I don't understand"."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("### When I don't understand", 1)[1].split("\n#", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] not in ("you say", "---"):
            rows.append((cells[0], cells[1]))
    return rows


def guide_examples() -> list[tuple[str, str, bool]]:
    """(example, documented answer, whether the answer is written for this example) for each
    quoted example of each row: the first of a row, and any other when the answer does not
    echo the first (as "25:00 isn't a time I know" does). The row of a "yes" (it needs an
    offer before it) is checked by the tests above."""
    out = []
    for said, answer in guide_rows():
        if "after" in said:
            continue
        examples = re.findall(r'"([^"]+)"', said)
        echoes = any(token in answer for token in _numbers(examples[0]))
        out.extend((e, answer, i == 0 or not echoes) for i, e in enumerate(examples))
    return out


def _numbers(example: str) -> list[str]:
    """The words of ``example`` with a digit ("25:00", "13pm")."""
    return [w for w in example.split() if any(c.isdigit() for c in w)]


def test_the_guide_documents_every_case() -> None:
    said = " ".join(s for s, _ in guide_rows())
    for example in (
        "standup every weekday",
        "gym twice a week at 7",
        "undo",
        "remind me to call mom",
        "maybe lunch Friday?",
        "how was your day",
        "I'm tired today",
        "good night",
        '"yes"',
    ):
        assert example in said, example


@pytest.mark.parametrize(
    ("example", "answer", "written_for_it"),
    guide_examples(),
    ids=lambda v: v[:40] if isinstance(v, str) else "",
)
async def test_the_guide_says_what_the_bot_answers(
    handler: MessageHandler,
    sm: async_sessionmaker[AsyncSession],
    dan: int,
    example: str,
    answer: str,
    written_for_it: bool,
) -> None:
    reply = await Chat(handler, dan).say(example)

    if not written_for_it:  # the answer quotes what was not understood: this one's own
        assert all(token in reply for token in _numbers(example)), reply
    elif answer.startswith(("a short answer in kind", "a hello")):
        for shown in re.findall(r'"([^"]+)"', answer):  # the samples are real answers
            assert any(shown in replies for _, _, replies in SMALL_TALK), shown
        assert small_talk_reply(reply), reply
        if answer.startswith("a short answer in kind"):
            assert not any(w in reply.lower() for w in CALENDAR_WORDS), reply
    else:  # the reply, maybe followed by a note in brackets
        assert reply == answer or answer.startswith(reply + " ("), reply
    assert await nothing_stored(sm, dan)


def small_talk_reply(reply: str) -> bool:
    return any(reply in replies for _, _, replies in SMALL_TALK)
