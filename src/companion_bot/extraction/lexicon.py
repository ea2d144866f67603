"""Words the extractor knows: numbers, weekdays, months, parts of day, zones, events."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def wordset(text: str) -> frozenset[str]:
    """A set of space-separated words."""
    return frozenset(text.split())


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, as a trie ("mon(?:day)?"), longest first.

    Python's regex engine tries a flat alternation branch by branch at every position; a
    trie rejects a position after one character, which makes the big word lists cheap.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def phrases(text: str) -> str:
    """Regex source for any of the "|"-separated phrases, as whole words, trie-compiled."""
    words = [w.strip() for w in text.split("|") if w.strip()]
    first = "".join(sorted({re.escape(w[0]) for w in words}))
    return rf"\b(?=[{first}])(?:{alternation(words)})\b"


NUMBER_WORDS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1,
    "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3, "few": 3, "several": 3,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50,
    "half an": 0.5, "half a": 0.5,
}  # fmt: skip

ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip

# Weekday spellings, common abbreviations and frequent typos -> 0 (Monday) .. 6 (Sunday).
WEEKDAYS: dict[str, int] = {}
for _index, _forms in enumerate(
    (
        "monday mon mondays mondy mondya monady",
        "tuesday tue tues tu tuesdays tusday tuseday teusday tuesady",
        "wednesday wed weds wednesdays wensday wendsday wednsday wedensday wednesay",
        "thursday thu thur thurs thursdays thrusday thursady thurday thusday thrsday",
        "friday fri fridays firday fridy friady",
        "saturday sat saturdays saturady satruday saterday",
        "sunday sun sundays sundya sunady",
    )
):
    for _form in _forms.split():
        WEEKDAYS[_form] = _index

MONTHS: dict[str, int] = {}
for _index, _forms in enumerate(
    (
        "january jan",
        "february feb febuary",
        "march mar",
        "april apr",
        "may",
        "june jun",
        "july jul",
        "august aug",
        "september sep sept",
        "october oct",
        "november nov",
        "december dec",
    ),
    start=1,
):
    for _form in _forms.split():
        MONTHS[_form] = _index

# Parts of day -> (hour, minute); DESIGN.md's defaults.
PARTS_OF_DAY: dict[str, tuple[int, int]] = {
    "morning": (8, 0), "afternoon": (14, 0), "evening": (18, 0), "tonight": (20, 0),
    "night": (20, 0), "noon": (12, 0), "midday": (12, 0), "lunchtime": (12, 0),
    "lunch time": (12, 0), "end of day": (17, 0), "end of the day": (17, 0), "eod": (17, 0),
}  # fmt: skip

# Zone abbreviations people type after a time -> UTC offset in minutes.
ZONE_OFFSETS: dict[str, int] = {
    "utc": 0, "gmt": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
    "ist": 330, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
    "mdt": -360, "pst": -480, "pdt": -420, "jst": 540, "aest": 600, "aedt": 660,
}  # fmt: skip

# Zone names people type after a time that follow their region's DST -> IANA zone.
ZONE_NAMES: dict[str, str] = {
    "et": "America/New_York", "eastern time": "America/New_York",
    "ct": "America/Chicago", "central time": "America/Chicago",
    "mt": "America/Denver", "mountain time": "America/Denver",
    "pt": "America/Los_Angeles", "pacific time": "America/Los_Angeles",
    "uk time": "Europe/London", "london time": "Europe/London",
    "ny time": "America/New_York", "new york time": "America/New_York",
}  # fmt: skip

# Zones whose country writes numeric dates month first (12/03 = December 3).
MONTH_FIRST_ZONES = frozenset(
    # fmt: off
    [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Phoenix",
        "America/Anchorage",
        "America/Detroit",
        "America/Boise",
        "America/Juneau",
        "America/Sitka",
        "America/Nome",
        "America/Adak",
        "America/Menominee",
        "America/Metlakatla",
        "America/Yakutat",
        "America/Toronto",
        "America/Vancouver",
        "America/Edmonton",
        "America/Winnipeg",
        "America/Halifax",
        "America/St_Johns",
        "America/Regina",
        "America/Indiana/Indianapolis",
        "America/Kentucky/Louisville",
        "Pacific/Honolulu",
        "US/Eastern",
        "US/Central",
        "US/Mountain",
        "US/Pacific",
        "US/Alaska",
        "US/Hawaii",
        "US/Arizona",
        "Canada/Eastern",
        "Canada/Central",
        "Canada/Mountain",
        "Canada/Pacific",
        "Asia/Manila",
    ]
    # fmt: on
)

# Event heads: words that name something a person attends.
EVENT_HEADS = frozenset(
    # fmt: off
    [
        "meeting",
        "meetings",
        "meetup",
        "call",
        "calls",
        "sync",
        "standup",
        "stand-up",
        "standups",
        "1:1",
        "1-on-1",
        "1on1",
        "one-on-one",
        "interview",
        "interviews",
        "appointment",
        "appt",
        "appointments",
        "session",
        "lesson",
        "lessons",
        "class",
        "classes",
        "lecture",
        "seminar",
        "tutorial",
        "exam",
        "test",
        "quiz",
        "presentation",
        "demo",
        "review",
        "lunch",
        "dinner",
        "breakfast",
        "brunch",
        "coffee",
        "drinks",
        "tea",
        "date",
        "flight",
        "train",
        "therapy",
        "haircut",
        "conference",
        "workshop",
        "webinar",
        "kickoff",
        "kick-off",
        "retro",
        "retrospective",
        "huddle",
        "catchup",
        "catch-up",
        "catch up",
        "crit",
        "critique",
        "catching up",
        "screen",
        "screening",
        "scan",
        "checkup",
        "check-up",
        "check-in",
        "consultation",
        "consult",
        "viva",
        "rehearsal",
        "practice",
        "training",
        "club",
        "viewing",
        "judging",
        "cleaning",
        "surgery",
        "massage",
        "party",
        "game",
        "match",
        "zoom",
        "facetime",
        "hangout",
        "meet",
        "visit",
        "gig",
        "concert",
        "show",
        "recital",
        "ceremony",
        "wedding",
        "funeral",
        "hackathon",
        "onboarding",
        "orientation",
        "briefing",
        "debrief",
        "standup-meeting",
        "planning",
        "x-ray",
        "mri",
        "chat",
        "mtg",
        "mtgs",
        "ultrasound",
        "vaccination",
        "jab",
        "treatment",
        "physio",
        "chemo",
        "appt.",
        "pitch",
        "keynote",
        "audition",
        "graduation",
        "induction",
        "appraisal",
        "assessment",
        "tasting",
        "photoshoot",
        "fitting",
        "defense",
        "defence",
        "panel",
        "hearing",
        "play",
        "tryout",
        "tryouts",
        "parents evening",
        "parents' evening",
        "parent evening",
        "parent-teacher",
        "masterclass",
        "bootcamp",
        "meetup",
        "all-hands",
        "town hall",
        "offsite",
    ]
    # fmt: on
)

# Events a person attends for themself: someone else's ("his flight", "sarah's interview")
# is not the user's to attend.
PERSONAL_EVENTS = wordset(
    "flight train interview exam test quiz date appointment appt therapy haircut checkup "
    "check-up surgery lesson class session scan x-ray mri physio treatment consultation "
    "viva audition defense defence hearing tryout tryouts"
)

# People and places that stand for an appointment -> the calendar title.
PROVIDERS: dict[str, str] = {
    "dentist": "dentist appointment", "dentists": "dentist appointment",
    "doctor": "doctor appointment", "doctors": "doctor appointment",
    "doc": "doctor appointment", "gp": "doctor appointment",
    "physio": "physio appointment", "physiotherapist": "physio appointment",
    "vet": "vet appointment", "gyno": "gynecologist appointment",
    "gynecologist": "gynecologist appointment", "gynaecologist": "gynecologist appointment",
    "dermatologist": "dermatologist appointment", "derm": "dermatologist appointment",
    "counsellor": "counselling session", "counselor": "counselling session",
    "therapist": "therapy", "shrink": "therapy", "psychiatrist": "psychiatrist appointment",
    "optician": "optician appointment", "optometrist": "optometrist appointment",
    "hairdresser": "haircut", "barber": "haircut", "salon": "salon appointment",
    "orthodontist": "orthodontist appointment", "chiropractor": "chiropractor appointment",
    "hospital": "hospital appointment", "clinic": "clinic appointment",
    "dental": "dental appointment", "pediatrician": "pediatrician appointment",
}  # fmt: skip

# Spellings normalised in names.
NAME_FIXES: dict[str, str] = {
    "appt": "appointment", "appt.": "appointment", "appts": "appointment",
    "appoitnment": "appointment", "appointmnet": "appointment", "apointment": "appointment",
    "appoinment": "appointment", "intervew": "interview", "inteview": "interview",
    "interveiw": "interview", "meting": "meeting", "meeeting": "meeting", "metting": "meeting",
    "mtg": "meeting", "mtgs": "meetings",
    "w/": "with", "w": "with", "stand-up": "standup", "1on1": "1-on-1",
    "one-on-one": "1-on-1", "kick-off": "kickoff", "shrink": "therapy",
}  # fmt: skip
