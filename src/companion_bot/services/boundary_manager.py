"""BoundaryManager: opt-out, quiet hours, time zone, lead time, the morning agenda
(:mod:`.agenda_requests`) and stays elsewhere (:mod:`.travel_requests`), said in chat.

``parse_boundary`` is pure (text in, command out); ``BoundaryManager.apply`` makes the change
through :mod:`companion_bot.services.preferences` (the same limits and effects as the web
form and Telegram's commands) and returns the confirmation for the reply.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.services import preferences
from companion_bot.services.agenda_requests import apply_agenda_request, parse_agenda_request
from companion_bot.services.analytics import Analytics
from companion_bot.services.travel import apply_travel
from companion_bot.services.travel_requests import parse_travel
from companion_bot.services.zones import parse_zone
from companion_bot.storage import users
from companion_bot.storage.models import User

VIA: preferences.Via = "chat"
Kind = Literal["opt_out", "opt_in", "quiet_hours", "timezone", "lead_time", "bad_timezone"]


OPT_OUT = re.compile(
    r"\b(stop|no more|don'?t send( me)?|turn off|disable|pause)\s+(the\s+)?"
    r"(reminding me|reminders?|messages|notifications|proactive( messages)?)\b"
    r"(?!\s+(?:to|for|about|of)\b)"  # "stop the reminder to call mom": that one, not all
    r"|\b(reminders?|notifications)\s+off\b|\bleave me alone\b|\bunsubscribe\b",
    re.IGNORECASE,
)
OPT_IN = re.compile(
    r"\b(reminders?|notifications)\s+(back\s+)?on\b|\b(start|resume|turn on|enable)\s+(the\s+)?"
    r"(reminding me|reminders?|messages|notifications)\b|\bremind me again\b",
    re.IGNORECASE,
)
#: "don't message me after 10pm" means quiet until this hour (local) the next morning.
QUIET_UNTIL = 7
_HOUR = r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?"
QUIET_AFTER = re.compile(
    rf"\b(?:don'?t|do not|never)\s+(?:message|text|ping|remind|bother)\s+me\s+"
    rf"(?:after|past)\s+{_HOUR}",
    re.IGNORECASE,
)
QUIET_RANGE = re.compile(
    rf"\b(?:quiet hours|do not disturb|dnd)\s*(?:are|is|:|from)?\s*{_HOUR}"
    rf"\s*(?:-|–|to|until)\s*{_HOUR}",
    re.IGNORECASE,
)
TIMEZONE = re.compile(
    r"\b(?:my\s+time\s*zone\s+is|time\s*zone\s*[:=]?|i'?m\s+in|i\s+live\s+in|i\s+am\s+in)"
    r"\s+([A-Za-z_/+\-0-9: ]{2,40}?)\s*[.!]?\s*$",
    re.IGNORECASE,
)
LEAD = re.compile(
    r"\bremind me\s+(\d{1,4})\s*(minutes?|mins?|hours?|hrs?|h)\s+(?:before|ahead|early|earlier)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class BoundaryCommand:
    kind: Kind
    timezone: str | None = None
    start_hour: int | None = None
    end_hour: int | None = None
    lead_minutes: int | None = None
    said: str = ""


def _hour(hour: str, minute: str | None, meridiem: str | None) -> int | None:
    value = int(hour)
    if meridiem:
        if not 1 <= value <= 12:
            return None
        value = value % 12 + (12 if meridiem.lower() == "pm" else 0)
    return value if 0 <= value <= 23 else None


def parse_boundary(text: str) -> BoundaryCommand | None:
    """The preference the text states, if it states one."""
    if match := LEAD.search(text):
        amount = int(match.group(1))
        minutes = amount * 60 if match.group(2).lower().startswith("h") else amount
        if preferences.lead_minutes_valid(minutes):
            return BoundaryCommand("lead_time", lead_minutes=minutes)
    if match := QUIET_RANGE.search(text):
        start = _hour(match.group(1), match.group(2), match.group(3))
        end = _hour(match.group(4), match.group(5), match.group(6))
        if start is not None and end is not None and preferences.quiet_hours_valid(start, end):
            return BoundaryCommand("quiet_hours", start_hour=start, end_hour=end)
    if match := QUIET_AFTER.search(text):
        evening = "pm" if int(match.group(1)) < 12 else None
        start = _hour(match.group(1), match.group(2), match.group(3) or evening)
        if start is not None and preferences.quiet_hours_valid(start, QUIET_UNTIL):
            return BoundaryCommand("quiet_hours", start_hour=start, end_hour=QUIET_UNTIL)
    if OPT_OUT.search(text):
        return BoundaryCommand("opt_out")
    if OPT_IN.search(text):
        return BoundaryCommand("opt_in")
    if match := TIMEZONE.search(text):
        said = match.group(1).strip().strip(".!").strip()
        explicit = re.search(r"time\s*zone", text, re.IGNORECASE) is not None
        zone = parse_zone(said, any_city=explicit)
        if zone is None:
            return BoundaryCommand("bad_timezone", said=said) if explicit else None
        return BoundaryCommand("timezone", timezone=zone)
    return None


def _clock(hour: int) -> str:
    suffix = "AM" if hour < 12 else "PM"
    return f"{hour % 12 or 12} {suffix}"


class BoundaryManager:
    def __init__(self, analytics: Analytics | None = None) -> None:
        self._analytics = analytics or Analytics()

    async def apply(
        self, session: AsyncSession, *, user: User, text: str, now: dt.datetime
    ) -> str | None:
        """Apply what the text asks for as of ``now``; the confirmation sentence, or None if
        nothing."""
        agenda = parse_agenda_request(text)  # "stop the morning summary" is not an opt-out
        if agenda is not None:
            prefs = await users.get_preferences(session, user_id=user.id)
            return apply_agenda_request(prefs, agenda, via=VIA)
        travel = parse_travel(text, now)  # "I'm in Tokyo until Sunday": not for good
        if travel is not None:
            said = await apply_travel(session, user=user, request=travel, now=now, via=VIA)
            if said is not None:
                return said
        command = parse_boundary(text)
        if command is None:
            return None
        prefs = await users.get_preferences(session, user_id=user.id)
        if command.kind == "opt_out":
            preferences.set_reminders(
                session, prefs=prefs, enabled=False, via=VIA, analytics=self._analytics
            )
            return (
                "Okay — I won't send you reminders or check-ins anymore. "
                'Say "reminders on" whenever you want them back.'
            )
        if command.kind == "opt_in":
            preferences.set_reminders(
                session, prefs=prefs, enabled=True, via=VIA, analytics=self._analytics
            )
            return "Reminders are back on — I'll give you a heads-up before your meetings."
        if command.kind == "quiet_hours":
            assert command.start_hour is not None and command.end_hour is not None
            preferences.set_quiet_hours(
                prefs, start_hour=command.start_hour, end_hour=command.end_hour, via=VIA
            )
            return (
                f"Got it — no messages from me between {_clock(command.start_hour)} "
                f"and {_clock(command.end_hour)}."
            )
        if command.kind == "lead_time":
            assert command.lead_minutes is not None
            preferences.set_lead_time(prefs, minutes=command.lead_minutes, via=VIA)
            return f"Okay — I'll remind you {command.lead_minutes} minutes before each meeting."
        if command.kind == "bad_timezone":
            return (
                f"I don't know the time zone {command.said!r}. Try a name like "
                '"Europe/Berlin" or "America/New_York".'
            )
        assert command.timezone is not None
        preferences.set_timezone(user, zone=command.timezone, via=VIA)
        return f"Thanks — I'll use {command.timezone} time from now on."
