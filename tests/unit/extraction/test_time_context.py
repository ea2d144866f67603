"""parse_times in context: what cases/*.jsonl cannot express.

Stated zones with DST, half hours, day.month, scores and rooms, ranges and counted dates
are cases in cases/time_context.jsonl (run by test_cases.py).
"""

from __future__ import annotations

from extraction_helpers import at

from companion_bot.extraction import parse_times


def test_a_spaced_minus_before_a_count_is_not_a_range() -> None:
    # a case cannot say "no end": the point here is that "- 5 people" is not 15:00-17:00
    (t,) = parse_times("at 3 - 5 people", at("2026-11-24T09:00"))
    assert (f"{t.start:%a %Y-%m-%d %H:%M}", t.end) == ("Tue 2026-11-24 15:00", None)
