"""Preferences said in chat (pure parsing): what is understood, and what is left alone."""

from __future__ import annotations

import pytest

from companion_bot.services.boundary_manager import BoundaryCommand, parse_boundary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stop reminding me", BoundaryCommand("opt_out")),
        ("Please stop the reminders", BoundaryCommand("opt_out")),
        ("notifications off", BoundaryCommand("opt_out")),
        ("reminders on", BoundaryCommand("opt_in")),
        ("turn on reminders again", BoundaryCommand("opt_in")),
        ("don't message me after 10pm", BoundaryCommand("quiet_hours", start_hour=22, end_hour=7)),
        ("dont ping me after 9", BoundaryCommand("quiet_hours", start_hour=21, end_hour=7)),
        ("do not text me after 23", BoundaryCommand("quiet_hours", start_hour=23, end_hour=7)),
        ("quiet hours 22-8", BoundaryCommand("quiet_hours", start_hour=22, end_hour=8)),
        ("quiet hours are 10pm to 6am", BoundaryCommand("quiet_hours", start_hour=22, end_hour=6)),
        (
            "my time zone is Europe/Berlin",
            BoundaryCommand("timezone", timezone="Europe/Berlin"),
        ),
        ("my timezone is new york", BoundaryCommand("timezone", timezone="America/New_York")),
        ("I'm in Tokyo", BoundaryCommand("timezone", timezone="Asia/Tokyo")),
        (
            "time zone: america/los_angeles",
            BoundaryCommand("timezone", timezone="America/Los_Angeles"),
        ),
        (
            "my time zone is Mars/Olympus",
            BoundaryCommand("bad_timezone", said="Mars/Olympus"),
        ),
        ("my time zone is UTC+2", BoundaryCommand("timezone", timezone="Etc/GMT-2")),
        ("my timezone is GMT+5:30", BoundaryCommand("timezone", timezone="Asia/Kolkata")),
        ("my time zone is Lisbon", BoundaryCommand("timezone", timezone="Europe/Lisbon")),
        ("I live in Delhi", BoundaryCommand("timezone", timezone="Asia/Kolkata")),
        ("remind me 15 minutes before", BoundaryCommand("lead_time", lead_minutes=15)),
        ("remind me 2 hours ahead", BoundaryCommand("lead_time", lead_minutes=120)),
    ],
)
def test_understood(text: str, expected: BoundaryCommand) -> None:
    assert parse_boundary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm in a meeting",
        "I'm in the office until 5",
        "the meeting will stop at 3",
        "team meeting 3-4 PM Friday",
        "don't message me after 7am",  # would be quiet from 7 to 7: not understood
        "quiet hours 8-8",
        "remind me 0 minutes before",
        "I live in a small flat",
        "I'm in Davis",  # a city in the zone database (Antarctica), not a place people mean
        "I'm in Center",
        "hello",
        "stop the reminder to call mom",  # one task reminder, not all reminders
        "turn off the reminder for the dentist",
        "stop reminding me about the rent",
    ],
)
def test_left_alone(text: str) -> None:
    assert parse_boundary(text) is None
