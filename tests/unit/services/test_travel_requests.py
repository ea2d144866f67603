"""Stays elsewhere said in chat (pure parsing): the place's zone, when the stay ends on the
place's clock, what is refused, and what is no stay at all."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from companion_bot.services.boundary_manager import parse_boundary
from companion_bot.services.travel_requests import TravelRequest, parse_travel, stay_end

TOKYO = ZoneInfo("Asia/Tokyo")
#: Tuesday 1 December 2026, 10:00 in Tokyo (Monday 8 PM in New York).
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=TOKYO)


def at(zone: str, month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize(
    ("text", "zone", "until"),
    [
        ("I'm in Tokyo until Sunday", "Asia/Tokyo", at("Asia/Tokyo", 12, 7)),
        ("in tokyo til sunday", "Asia/Tokyo", at("Asia/Tokyo", 12, 7)),
        ("IM IN TOKYO TILL SUNDAY!", "Asia/Tokyo", at("Asia/Tokyo", 12, 7)),
        ("fyi I'm in Tokyo for work until Sunday.", "Asia/Tokyo", at("Asia/Tokyo", 12, 7)),
        ("I'm in London till the 12th", "Europe/London", at("Europe/London", 12, 13)),
        ("in Berlin this week", "Europe/Berlin", at("Europe/Berlin", 12, 7)),
        ("I'll be in Paris until Friday", "Europe/Paris", at("Europe/Paris", 12, 5)),
        ("travelling to Singapore until Dec 20", "Asia/Singapore", at("Asia/Singapore", 12, 21)),
        ("I'm staying in Lisbon through Friday", "Europe/Lisbon", at("Europe/Lisbon", 12, 5)),
        ("in London for the weekend", "Europe/London", at("Europe/London", 12, 7)),
        # "for N days": that long from now, at the same time on the place's clock
        ("I'm in NYC for 3 days", "America/New_York", at("America/New_York", 12, 3, 20)),
        ("we're in Sydney for 2 weeks", "Australia/Sydney", at("Australia/Sydney", 12, 15, 12)),
        ("heading to London for 5 nights", "Europe/London", at("Europe/London", 12, 6, 1)),
        # a time of day: then, not through the day
        ("I'm in Tokyo until Sunday 6pm", "Asia/Tokyo", at("Asia/Tokyo", 12, 6, 18)),
        ("I'm in Tokyo until today", "Asia/Tokyo", at("Asia/Tokyo", 12, 2)),  # through today
    ],
)
def test_a_stay_ends_on_the_places_clock(text: str, zone: str, until: dt.datetime) -> None:
    request = parse_travel(text, NOW)

    assert request is not None and (request.kind, request.zone) == ("stay", zone)
    assert request.until == until and request.until.utcoffset() == until.utcoffset()
    assert parse_boundary(text) is None  # not also a time zone for good


def test_for_a_week_keeps_the_wall_clock_across_a_clock_change() -> None:
    new_york = ZoneInfo("America/New_York")
    before = dt.datetime(2027, 3, 10, 12, 0, tzinfo=new_york)  # clocks go forward on the 14th

    until = stay_end("for a week", before)

    assert until == dt.datetime(2027, 3, 17, 12, 0, tzinfo=new_york)
    assert until.astimezone(dt.UTC) - before.astimezone(dt.UTC) == dt.timedelta(days=7, hours=-1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm back home", TravelRequest("back")),
        ("I'm home", TravelRequest("back")),
        ("back home now!", TravelRequest("back")),
        ("I'm back", TravelRequest("back")),
        ("back in New York", TravelRequest("back", "New York", "America/New_York")),
        ("I'm back in nyc.", TravelRequest("back", "nyc", "America/New_York")),
    ],
)
def test_back_home(text: str, expected: TravelRequest) -> None:
    assert parse_travel(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'm in Narnia until Sunday", "unknown_place"),
        ("I'm in Tokyo until yesterday", "past_end"),
        ("I'm in Tokyo until Nov 20", "far_end"),  # next year's: more than 90 days
        ("I'm in Tokyo for a while", "unclear_end"),
        ("I'm in Tokyo until Sunday, then Osaka", "unclear_end"),
    ],
)
def test_refused(text: str, kind: str) -> None:
    request = parse_travel(text, NOW)

    assert request is not None and request.kind == kind


def test_an_unknown_place_is_named_as_said() -> None:
    assert parse_travel("I'm in Narnia until Sunday", NOW) == TravelRequest(
        "unknown_place", "Narnia"
    )


@pytest.mark.parametrize(
    "text",
    [
        "I'm in Tokyo",  # no end: the time zone for good (services.boundary_manager)
        "I live in Tokyo",
        "my timezone is Asia/Tokyo",
        "I'm in Tokyo for work",
        "I'm in the office until 5",
        "I'm in a meeting until 3",
        "I'm in bed until noon",
        "I'm back in the office",
        "dinner in Paris until 10",
        "team offsite in Berlin this week",
        "lunch with Sam in Tokyo on Sunday",
        "I'm in Tokyo next week",
        "home office tomorrow at 9",
    ],
)
def test_no_stay(text: str) -> None:
    assert parse_travel(text, NOW) is None
