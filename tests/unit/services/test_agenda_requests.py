"""The morning agenda said in chat (pure parsing): what turns it on, off, at which time, for
empty days too; and what is left alone (meetings, other preferences, talk about it)."""

from __future__ import annotations

import datetime as dt

import pytest

from companion_bot.services.agenda_requests import (
    AgendaRequest,
    agenda_confirmation,
    parse_agenda_request,
    parse_clock,
)
from companion_bot.storage.models import GreetingPreferences

ON = AgendaRequest(on=True)
OFF = AgendaRequest(on=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("send me a morning summary", ON),
        ("Send me a daily summary please", ON),
        ("I'd like a morning agenda", ON),
        ("turn on the morning summary", ON),
        ("morning summary please", ON),
        ("Morning summary at 7:30", AgendaRequest(on=True, at=dt.time(7, 30))),
        ("send me the morning summary at 7am", AgendaRequest(on=True, at=dt.time(7))),
        ("daily agenda at 6.45 a.m.", AgendaRequest(on=True, at=dt.time(6, 45))),
        ("send me a morning summary at 9", AgendaRequest(on=True, at=dt.time(9))),
        (
            "send me a morning summary even when there's nothing",
            AgendaRequest(on=True, when_empty=True),
        ),
        (
            "morning summary at 7 even on days with nothing planned",
            AgendaRequest(on=True, at=dt.time(7), when_empty=True),
        ),
        (
            "send me a morning summary only when there's something on",
            AgendaRequest(on=True, when_empty=False),
        ),
        ("stop the morning summary", OFF),
        ("no more morning summaries", OFF),
        ("Please turn off my daily agenda", OFF),
        ("morning summary off", OFF),
        ("don't send me a morning summary at 7 anymore", OFF),
    ],
)
def test_understood(text: str, expected: AgendaRequest) -> None:
    assert parse_agenda_request(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "stop reminding me",  # all reminders: the boundary manager's opt-out
        "daily briefing at 9",  # a meeting, most likely
        "morning standup at 9:30",
        "team summary meeting at 3pm",
        "my morning summary said I have a dentist appointment",
        "what was in the morning summary?",
        "morning summary at 25",  # no such time
        "send me the report by morning",
    ],
)
def test_left_alone(text: str) -> None:
    assert parse_agenda_request(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7:30", dt.time(7, 30)),
        ("07:30", dt.time(7, 30)),
        ("7", dt.time(7)),
        ("7pm", dt.time(19)),
        ("12am", dt.time(0)),
        ("19:00", dt.time(19)),
    ],
)
def test_clock_argument(text: str, expected: dt.time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["", "off", "24:00", "7:75", "13pm", "seven"])
def test_not_a_clock(text: str) -> None:
    assert parse_clock(text) is None


def prefs(**values: object) -> GreetingPreferences:
    row = GreetingPreferences(
        user_id=1, prefer_proactive=True, agenda_when_empty=False, dnd_start_hour=None
    )
    for name, value in values.items():
        setattr(row, name, value)
    return row


def test_confirmation_says_when_and_what_stops_it() -> None:
    assert agenda_confirmation(prefs(), dt.time(7, 30)) == (
        "Okay — every day at 7:30 AM I'll send you a short summary of the day's meetings, "
        "except on days with nothing planned."
    )
    assert "even on days with nothing planned" in agenda_confirmation(
        prefs(agenda_when_empty=True), dt.time(8)
    )
    assert 'until you say "reminders on"' in agenda_confirmation(
        prefs(prefer_proactive=False), dt.time(8)
    )
    quiet = agenda_confirmation(prefs(dnd_start_hour=22, dnd_end_hour=9), dt.time(8))
    assert "inside your quiet hours (22:00–9:00), so it will be skipped" in quiet
    assert "quiet hours" not in agenda_confirmation(
        prefs(dnd_start_hour=22, dnd_end_hour=7), dt.time(8)
    )
