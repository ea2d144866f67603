"""A stay elsewhere said in chat: "I'm in Tokyo until Sunday", "in Berlin this week", "I'm in
NYC for 3 days", "travelling to Singapore until Dec 20"; and the end of one: "I'm back
home", "back in New York". Pure: text and ``now`` in, request out.

The whole message is the statement (with a "so", "btw" before it and "for work" after the
place at most): "I'm in the office until 5" and "dinner in Paris until 10" are not stays.
The place is read by :func:`companion_bot.services.zones.parse_zone`; the end by the
meeting extractor's time parser, on the place's wall clock, and small rules:

* a day ("until Sunday", "till the 12th", "until Dec 20"): through that day, so the stay
  ends at 00:00 after it;
* a time of day ("until Sunday 6pm"): at that time;
* "for 3 days", "for a week", "for 2 nights": that long from now, at the same clock time;
* "this week", "for the week", "this weekend", "for the weekend": through Sunday.

An end that is not after now, or more than :data:`MAX_STAY` ahead, is answered, not
applied. Without an end ("I'm in Tokyo") it is no stay: the time zone changes for good
(:mod:`companion_bot.services.boundary_manager`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final, Literal
from zoneinfo import ZoneInfo

from companion_bot.extraction import parse_times
from companion_bot.services.zones import parse_zone

#: The longest stay; beyond it a move is more likely ("my time zone is ...").
MAX_STAY: Final = dt.timedelta(days=90)

Kind = Literal["stay", "back", "unknown_place", "unclear_end", "past_end", "far_end"]

_PLACE = r"[^\W\d_][\w .'/+\-]{0,40}?"
_BEFORE = r"(?:(?:so|ok|okay|fyi|btw|heads\s+up)[,:!]?\s+)?"
_NUMBER = r"\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|(?:a\s+)?couple\s+of"
STAY = re.compile(
    rf"{_BEFORE}(?:(?:i'?m|im|i\s+am|i'?ll\s+be|i\s+will\s+be|we'?re|we\s+are|we'?ll\s+be)\s+)?"
    r"(?:(?:staying|working|based)\s+in|(?:travell?ing|flying|going|heading|off)\s+to|in)\s+"
    rf"(?P<place>{_PLACE})"
    r"(?:\s+(?:for|on)\s+(?:work|business|holiday|vacation|a\s+(?:conference|trip|holiday)))?"
    r",?\s+(?P<end>(?:until|till|til|'til|untill|thru|through)\s+\S.*"
    rf"|for\s+(?:the\s+next\s+)?(?:{_NUMBER})\s+[a-z]+"
    r"|(?:for\s+)?(?:this|the)\s+week(?:end)?|(?:for\s+)?the\s+rest\s+of\s+the\s+week"
    r"|over\s+the\s+weekend)",
    re.IGNORECASE,
)
BACK = re.compile(
    rf"{_BEFORE}(?:(?:i'?m|im|i\s+am|we'?re|we\s+are)\s+)?"
    rf"(?:back\s+home|home|back(?:\s+(?:in|to)\s+(?P<place>{_PLACE}))?)"
    r"(?:\s+(?:now|again|already|at\s+last))?",
    re.IGNORECASE,
)
_SPAN = re.compile(rf"for\s+(?:the\s+next\s+)?({_NUMBER})\s+(days?|nights?|weeks?)")
_TO_SUNDAY = re.compile(
    r"(?:for\s+)?(?:this|the)\s+week(?:end)?|(?:for\s+)?the\s+rest\s+of\s+the\s+week"
    r"|over\s+the\s+weekend"
)
_UNTIL = re.compile(r"(?:until|till|til|'til|untill|thru|through)\s+(.+)")
_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
#: First words that make "in X" a situation, not a place: "in the office", "in a meeting".
NOT_PLACES = frozenset({
    "a", "an", "the", "my", "our", "your", "his", "her", "their", "this", "that", "some",
    "bed", "work", "school", "class", "college", "office", "meeting", "meetings", "hospital",
    "town", "quarantine", "isolation", "charge", "trouble", "court", "training", "session",
    "sessions", "lockdown", "love", "pain", "rehab", "surgery", "transit", "between",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class TravelRequest:
    """What the message says: a ``stay`` in ``zone`` until ``until`` (aware, on the place's
    clock), ``back`` home (at ``zone``, when a place is named), or why it cannot be applied."""

    kind: Kind
    place: str = ""
    zone: str | None = None
    until: dt.datetime | None = None


def _said(text: str) -> str:
    return " ".join(text.strip().rstrip(".!").split())


def parse_travel(text: str, now: dt.datetime) -> TravelRequest | None:
    """The stay (or the return home) ``text`` states as of ``now`` (aware), if it states one."""
    said = _said(text)
    if (back := BACK.fullmatch(said)) is not None:
        place = back.group("place") or ""
        zone = parse_zone(place) if place else None
        return None if place and zone is None else TravelRequest("back", place, zone)
    match = STAY.fullmatch(said)
    if match is None:
        return None
    place = match.group("place").strip()
    if place.split()[0].lower() in NOT_PLACES:
        return None
    zone = parse_zone(place)
    if zone is None:  # "I'm in Narnia until Sunday": a place, but which zone?
        if stay_end(match.group("end"), now) is None:
            return None
        return TravelRequest("unknown_place", place)
    until = stay_end(match.group("end"), now.astimezone(ZoneInfo(zone)))
    if until is None:
        return TravelRequest("unclear_end", place, zone)
    if until <= now:
        return TravelRequest("past_end", place, zone, until)
    if until - now > MAX_STAY:
        return TravelRequest("far_end", place, zone, until)
    return TravelRequest("stay", place, zone, until)


def stay_end(said: str, now: dt.datetime) -> dt.datetime | None:
    """When a stay said to last ``said`` ("until Sunday", "for 3 days", "this week") ends,
    as of ``now`` on the place's clock; ``None`` when that is not an end."""
    said = _said(said).lower()
    if (span := _SPAN.fullmatch(said)) is not None:
        count = span.group(1).removeprefix("a ")
        number = 2 if count.startswith("couple") else int(_WORD_NUMBERS.get(count, count))
        days = number * (7 if span.group(2).startswith("week") else 1)
        return now + dt.timedelta(days=days)  # aware arithmetic: the same wall-clock time
    if _TO_SUNDAY.fullmatch(said):
        return _after(now.date() + dt.timedelta(days=6 - now.weekday()), now)
    if (until := _UNTIL.fullmatch(said)) is not None:
        return _until(until.group(1), now)
    return None


def _until(words: str, now: dt.datetime) -> dt.datetime | None:
    """The end "until ``words``" names: one time expression, and nothing else."""
    mentions = parse_times(words, now)
    if len(mentions) != 1 or mentions[0].span != (0, len(words)):
        return None
    mention = mentions[0]
    return _after(mention.start.date(), now) if mention.grain == "day" else mention.start


def _after(day: dt.date, now: dt.datetime) -> dt.datetime:
    """00:00 after ``day`` on now's clock: the end of a stay through that day."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=now.tzinfo)
