"""Any unicode never raises; spans lie in the text; scheduled starts lie ahead, within 2 years."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from companion_bot.extraction import MeetingExtractor, parse_times

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "UTC"]
VOCABULARY = (
    "meeting call dentist tomorrow tonight at 3pm 10:30 friday next in 2 hours - 3-4 "
    "the with sarah 12/03 noon midnight half past quarter to for 45 minutes cancelled "
    "moved 😀 – ’ had should every no 2.30 1030 on 14th dec"
)
WORDS = st.sampled_from(VOCABULARY.split())
TEXT = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=25).map(" ".join))
NOW = st.builds(
    lambda ts, zone: dt.datetime.fromtimestamp(ts, ZoneInfo(zone)),
    st.integers(min_value=1_700_000_000, max_value=1_900_000_000),
    st.sampled_from(ZONES),
)


@settings(max_examples=400, deadline=None)
@given(text=TEXT, now=NOW)
def test_never_raises_and_stays_in_bounds(text: str, now: dt.datetime) -> None:
    for t in parse_times(text, now):
        assert 0 <= t.span[0] <= t.span[1] <= len(text)
        assert t.start.tzinfo is not None
    for m in MeetingExtractor().extract(text, now):
        assert 0 <= m.span[0] <= m.span[1] <= len(text)
        assert 0.0 <= m.confidence <= 1.0
        if m.action != "cancel":
            assert now <= m.start <= now + dt.timedelta(days=731)
        if m.end is not None:
            assert m.end >= m.start
