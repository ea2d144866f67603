"""parse_times: what cases/*.jsonl cannot express (grain, spans, errors, the scan limit).

Clock times, days, relative offsets, ranges, parts of day and zones are cases in
cases/parse_times.jsonl (run by test_cases.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
from extraction_helpers import at

from companion_bot.extraction import parse_times

NOW = "2026-11-24T09:00"  # a Tuesday


@pytest.mark.parametrize(
    "text",
    ["tomorrow morning", "this afternoon", "friday evening", "tonight", "lunchtime tomorrow"]
    + ["end of day"],
)
def test_parts_of_day_have_the_hour_grain(text: str) -> None:
    # their starts are cases in cases/parse_times.jsonl
    assert parse_times(text, at(NOW))[0].grain == "hour"


def test_span_points_into_the_original_text() -> None:
    text = "Call Sarah TOMORROW at 4PM please"
    (m,) = parse_times(text, at(NOW))
    assert text[m.span[0] : m.span[1]] == m.text == "TOMORROW at 4PM"


def test_naive_now_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_times("at 3pm", dt.datetime(2026, 11, 24, 9))  # noqa: DTZ001


def test_text_beyond_4000_characters_is_not_scanned() -> None:
    assert parse_times("x" * 4000 + " tomorrow at 3pm", at(NOW)) == []
    assert parse_times("x" * 3900 + " tomorrow at 3pm", at(NOW))
