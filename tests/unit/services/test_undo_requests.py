"""What reads as "undo", how an undone change is said, and what an LLM is told of it (pure:
no database)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from companion_bot.services import undo
from companion_bot.services.context_builder import llm_messages
from companion_bot.services.reply_context import ReplyContext
from companion_bot.storage.models import UserSchedule

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("undo", True),
        ("Undo!", True),
        ("undo that", True),
        ("Undo that please", True),
        ("revert that", True),
        ("oops, revert that", True),
        ("can you undo the last change?", True),
        ("take it back", True),
        ("scratch that", True),
        ("cancel that", True),
        ("cancel", False),
        ("forget it", False),
        ("I can't undo my mistake at work", False),
        ("undo the dentist and add lunch at 1", False),
        ("the dentist got cancelled", False),
    ],
)
def test_what_reads_as_an_undo(text: str, asks: bool) -> None:
    assert undo.is_undo_request(text) is asks


def _meeting(start: dt.datetime, *, approximate: bool = False) -> UserSchedule:
    return UserSchedule(
        event_name="dentist", start_time=start, time_is_approximate=approximate, status="scheduled"
    )


@pytest.mark.parametrize(
    ("kind", "start", "approximate", "text"),
    [
        (
            "cancelled",
            dt.datetime(2026, 12, 10, 15, 0, tzinfo=NEW_YORK),
            False,
            "Undone: the dentist is back on Thu Dec 10 at 3:00 PM.",
        ),
        (
            "cancelled",
            dt.datetime(2026, 12, 10, 0, 0, tzinfo=NEW_YORK),
            True,
            "Undone: the dentist is back on Thu Dec 10.",
        ),
        (
            "moved",
            dt.datetime(2026, 12, 7, 10, 0, tzinfo=NEW_YORK),
            False,
            "Undone: the dentist is back at 10:00 AM on Mon Dec 7.",
        ),
        (
            "moved",
            dt.datetime(2026, 12, 7, 0, 0, tzinfo=NEW_YORK),
            True,
            "Undone: the dentist is back on Mon Dec 7.",
        ),
        (
            "moved",
            dt.datetime(2026, 12, 7, 12, 30, tzinfo=NEW_YORK),
            True,
            "Undone: the dentist is back at around 12:30 PM on Mon Dec 7.",
        ),
        (
            "created",
            dt.datetime(2026, 12, 7, 10, 0, tzinfo=NEW_YORK),
            False,
            'Undone: I removed "dentist".',
        ),
        (
            "restored",
            dt.datetime(2026, 12, 7, 10, 0, tzinfo=NEW_YORK),
            False,
            'Undone: I cancelled "dentist" again.',
        ),
        (
            "edited",
            dt.datetime(2026, 12, 7, 10, 0, tzinfo=NEW_YORK),
            False,
            'Undone: "dentist visit" is called "dentist" again.',
        ),
    ],
)
def test_an_undo_says_what_it_restored_in_the_users_zone(
    kind: str, start: dt.datetime, approximate: bool, text: str
) -> None:
    meeting = _meeting(start, approximate=approximate)

    assert undo.undone_text(kind, meeting, NEW_YORK, "dentist visit") == text


def test_an_llm_is_told_exactly_what_an_undo_restored() -> None:
    said = "Undone: the dentist is back on Thu Dec 10 at 3:00 PM."
    context = ReplyContext(
        text="undo",
        now=dt.datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK),
        zone=NEW_YORK,
        lead_minutes=30,
        reminders_on=True,
        boundary=said,
    )

    prompt = llm_messages(context)[0]["content"]

    assert f"What this message did (tell the user, keeping every fact): {said}" in prompt
