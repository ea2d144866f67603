"""MeetingExtractor in context: bare numbers, markup, changes, habits and other people's events."""

from __future__ import annotations

import pytest
from extraction_helpers import at

from companion_bot.extraction import ExtractedMeeting, MeetingExtractor

NOW = "2026-11-24T09:00"  # a Tuesday
EXTRACTOR = MeetingExtractor()


def meetings(text: str, now: str = NOW, zone: str = "Europe/Berlin") -> list[ExtractedMeeting]:
    return EXTRACTOR.extract(text, at(now, zone))


def scheduled(text: str, now: str = NOW, zone: str = "Europe/Berlin") -> list[str]:
    """What the analyzer would store: "name @ Day dd HH:MM[-HH:MM]"."""
    out = []
    for m in meetings(text, now, zone):
        if m.action == "cancel" or m.confidence < 0.5:
            continue
        end = f"-{m.end:%H:%M}" if m.end else ""
        out.append(f"{m.event_name} @ {m.start:%a %d %H:%M}{end}")
    return out


def test_markup_numbers_are_not_a_second_meeting() -> None:
    text = (
        "Team meeting 3-4 PM Friday <script>window.pwned = 1</script>"
        '<img src=x onerror="window.pwned = 1">'
    )
    assert scheduled(text, now="2026-11-25T09:00") == ["team meeting @ Fri 27 15:00-16:00"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the 3 workshops tomorrow", ["workshop @ Wed 25 00:00"]),
        ("sprint review on thursday, need 4 slides and 2 demos", ["sprint review @ Thu 26 00:00"]),
        ("standup friday; set x = 7 in the config", ["standup @ Fri 27 00:00"]),
        ("the interview tomorrow 3", ["interview @ Wed 25 15:00"]),
        ("interview at 3", ["interview @ Tue 24 15:00"]),
    ],
)
def test_a_bare_number_is_a_time_only_in_a_time_context(text: str, expected: list[str]) -> None:
    assert scheduled(text) == expected


def test_a_lone_number_beside_an_event_is_not_a_time() -> None:
    assert scheduled("meeting 5") == []
    assert scheduled("seminar room 12") == []
