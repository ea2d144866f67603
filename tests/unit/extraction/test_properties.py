"""Any unicode never raises; spans lie in the text; scheduled starts lie ahead, within 2 years."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
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


# Inputs built to make a backtracking pattern or a pairwise loop blow up, at the 4,000
# character limit. A linear reader takes milliseconds; the ceiling only catches a blow-up.
ADVERSARIAL = [
    "meeting at 3pm, no wait 4pm or 5pm " * 120,
    "1 2 3 4 5 6 7 8 9 10 11 12 " * 160,
    "i'm volunteering at the food bank saturday 9 to 1 " * 80,
    "sorry no wait actually 3 " * 160,
    "12/03 3.4. 2027-01-02 " * 180,
    "1:1 " * 1000,
    "a" * 3999 + "1",
    "at " * 1333,
    "lunch with " * 363 + "bob at 3",
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=[t[:12] for t in ADVERSARIAL])
def test_adversarial_4000_characters_take_bounded_time(text: str) -> None:
    now = dt.datetime(2027, 3, 3, 10, tzinfo=ZoneInfo("Europe/London"))
    started = time.process_time()
    MeetingExtractor().extract(text[:4000], now)
    parse_times(text[:4000], now)
    assert time.process_time() - started < 2.0
