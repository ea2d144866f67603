"""Any unicode never raises; spans lie in the text; scheduled starts lie ahead, within 2 years."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


# Numbers and names at the edges of what a calendar or a zone can hold: offsets no zone has
# ("est-23", "gmt+20"), amounts past the end of the calendar, its first and last days.
EDGES = (
    "est-23 gmt+20 utc-13 cet+13 pst+23 ist-9 in 99999999999 days weeks hours mins 2 "
    "9999/12/31 9999-12-31 12/31/9999 0001-01-01 1/1/0001 31.12.9999 dec 31 9999 at 2000 "
    "2359 hrs 3pm noon midnight tomorrow next friday meeting dentist call moved to - the "
    "last monday of december 9999 three fridays ago 99 days after"
)
EDGE_TEXT = st.lists(st.sampled_from(EDGES.split()), min_size=1, max_size=14).map(" ".join)
EDGE_NOW = st.builds(
    lambda ts, zone: dt.datetime.fromtimestamp(ts, ZoneInfo(zone)),
    st.integers(min_value=1_700_000_000, max_value=1_900_000_000),
    st.sampled_from([*ZONES, "Pacific/Kiritimati", "Pacific/Pago_Pago"]),
)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def extraction_failures() -> Iterator[list[logging.LogRecord]]:
    """The failures the extractor logs (it returns nothing rather than raise) meanwhile."""
    handler = _Records()
    log = logging.getLogger("companion_bot.extraction.meetings")
    log.addHandler(handler)
    try:
        yield handler.records
    finally:
        log.removeHandler(handler)


@settings(max_examples=300, deadline=None)
@given(text=EDGE_TEXT, now=EDGE_NOW)
def test_edge_numbers_neither_raise_nor_make_the_extractor_give_up(
    text: str, now: dt.datetime
) -> None:
    parse_times(text, now)
    with extraction_failures() as failures:
        MeetingExtractor().extract(text, now)
    assert [r.getMessage() for r in failures] == []


def test_an_offset_no_zone_has_leaves_the_meeting_in_local_time() -> None:
    now = dt.datetime(2026, 11, 24, 9, tzinfo=ZoneInfo("Europe/Berlin"))
    with extraction_failures() as failures:
        (meeting,) = MeetingExtractor().extract("meeting at 3pm est-23", now)
    assert failures == []
    assert meeting.start == now.replace(hour=15)
    (time_,) = parse_times("meeting at 3pm est-23", now)
    assert time_.text == "3pm"


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
