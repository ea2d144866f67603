"""The morning agenda said in chat: "send me a morning summary", "morning summary at 7:30",
"stop the morning summary", "send me a morning summary even when there's nothing".

``parse_agenda_request`` is pure (text in, request out); ``apply_agenda_request`` changes the
loaded preferences through :func:`companion_bot.services.preferences.set_morning_agenda`
(the same effect as the web Settings and Telegram's ``/morning``) and says what it did.
Only a summary or an agenda "of the morning" or "daily" is read: "daily briefing at 9" is
more likely a meeting than a request to us.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from companion_bot.proactive.agenda_rules import DEFAULT_TIME, clock_words, parse_time
from companion_bot.proactive.decisions import Preferences, in_quiet_hours
from companion_bot.services import preferences
from companion_bot.storage.models import GreetingPreferences

UTC = ZoneInfo("UTC")
_NOUN = r"(?:morning|daily)\s+(?:summary|summaries|agenda|agendas|digest)"
_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?"
OFF = re.compile(
    rf"\b(?:stop|no\s+more|don'?t\s+send(?:\s+me)?|turn\s+off|disable|cancel|pause|unsubscribe"
    rf"\s+from)\s+(?:the\s+|my\s+|a\s+|any\s+|those\s+)?{_NOUN}\b|\b{_NOUN}\s+off\b",
    re.IGNORECASE,
)
ON = re.compile(
    rf"\b(?:send\s+me|give\s+me|i(?:'d|\s+would)?\s+(?:like|want)|turn\s+on|enable|start|"
    rf"resume)\s+(?:a\s+|the\s+|my\s+)?{_NOUN}\b|\b{_NOUN}\s+(?:on|please)\b|^\s*{_NOUN}\b",
    re.IGNORECASE,
)
AT = re.compile(rf"\b{_NOUN}\b.{{0,30}}?\bat\s+{_CLOCK}\b", re.IGNORECASE)
EVEN_EMPTY = re.compile(
    r"\beven\s+(?:when|if|on\s+days?)\b|\bevery\s*day\s+no\s+matter\b", re.IGNORECASE
)
ONLY_BUSY = re.compile(r"\bonly\s+(?:when|if|on\s+days?)\b", re.IGNORECASE)
#: ``/morning 7:30``, ``/morning 7am``, ``/morning 19:00``.
CLOCK_ONLY = re.compile(rf"^\s*{_CLOCK}\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AgendaRequest:
    """What the user asked: on (at ``at``, or the time they had / 08:00) or off, and whether
    it should come on days with nothing planned (``None``: as before)."""

    on: bool
    at: dt.time | None = None
    when_empty: bool | None = None


def clock_time(hour: str, minute: str | None, meridiem: str | None) -> dt.time | None:
    """``7``, ``7:30``, ``7pm`` as a time of day (a bare hour is taken as said: 7 is 07:00)."""
    h, m = int(hour), int(minute or 0)
    if meridiem:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if meridiem.lower().startswith("p") else 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return dt.time(h, m)


def parse_clock(text: str) -> dt.time | None:
    """A message that is only a time (``/morning 7:30``'s argument)."""
    match = CLOCK_ONLY.match(text)
    return clock_time(*match.groups()) if match else None


def parse_agenda_request(text: str) -> AgendaRequest | None:
    """The morning agenda request the text makes, if it makes one."""
    if OFF.search(text):
        return AgendaRequest(on=False)
    at_match = AT.search(text)
    if at_match is None and ON.search(text) is None:
        return None
    at = clock_time(*at_match.groups()) if at_match else None
    if at_match and at is None:
        return None  # "morning summary at 25": not a time we can keep
    when_empty = True if EVEN_EMPTY.search(text) else False if ONLY_BUSY.search(text) else None
    return AgendaRequest(on=True, at=at, when_empty=when_empty)


def apply_agenda_request(
    prefs: GreetingPreferences, request: AgendaRequest, *, via: preferences.Via
) -> str:
    """Make the change on the loaded row (the caller commits) and say what it did."""
    if not request.on:
        preferences.set_morning_agenda(prefs, at=None, via=via)
        return 'Okay — no more morning summaries. Say "send me a morning summary" to get them back.'
    at = request.at or parse_time(prefs.preferred_greeting_time) or DEFAULT_TIME
    preferences.set_morning_agenda(prefs, at=at, when_empty=request.when_empty, via=via)
    return agenda_confirmation(prefs, at)


def agenda_confirmation(prefs: GreetingPreferences, at: dt.time) -> str:
    """ "Every morning at 8 AM …", with what would stop it from coming."""
    days = (
        "even on days with nothing planned"
        if prefs.agenda_when_empty
        else "except on days with nothing planned"
    )
    text = (
        f"Okay — every day at {clock_words(at)} I'll send you a short summary of the day's "
        f"meetings, {days}."
    )
    quiet = Preferences(dnd_start_hour=prefs.dnd_start_hour, dnd_end_hour=prefs.dnd_end_hour)
    probe = dt.datetime.combine(dt.date(2000, 1, 1), at, tzinfo=UTC)  # the wall clock only
    if not prefs.prefer_proactive:
        text += ' Reminders are off, though, so it won\'t come until you say "reminders on".'
    elif in_quiet_hours(probe, UTC, quiet):
        text += (
            f" That is inside your quiet hours ({prefs.dnd_start_hour}:00–"
            f"{prefs.dnd_end_hour}:00), so it will be skipped: pick a later time or change them."
        )
    return text
