"""A user's preferences as every channel changes them: quiet hours, reminders on or off
(opt-out), reminder lead time, daily cap, morning agenda and time zone (for good, or for a
stay elsewhere), written once.

The web preferences form, Telegram's ``/quiet``, ``/reminders``, ``/morning`` and ``/timezone``
and the chat phrases ("stop reminding me", "quiet hours 10pm to 7am", "remind me 15 minutes
before", "morning summary at 7:30", "my time zone is Berlin") all go through these functions,
so the limits and the side effects are the same whoever asks:

* the allowed values are the ranges below (the web schema and the chat and Telegram parsers
  read them from here, and say "no" each in their own words before a value gets here);
* reminders switched from on to off record one ``opted_out`` analytics event, with ``via``
  (saying "off" again records nothing);
* each change is logged with an ``action`` (``preference_set``, ``timezone_set``,
  ``travel_started``, ``travel_ended``).

Every function changes the loaded rows; the caller commits. A value out of range raises
:class:`PreferenceError` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Final, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.config import check_timezone
from companion_bot.errors import InputError
from companion_bot.proactive.agenda_rules import time_text
from companion_bot.services.analytics import Analytics
from companion_bot.storage.models import GreetingPreferences, User

log = logging.getLogger(__name__)

#: Reminder lead time, minutes before a meeting (inclusive).
LEAD_MINUTES: Final = (1, 1440)
#: Proactive messages per local day (inclusive; 0: none).
DAILY_CAP: Final = (0, 100)
#: Quiet hours are whole local hours; start and end differ (22 to 7 spans midnight).
HOURS: Final = range(24)
QUIET_HOURS_RULE: Final = "quiet hours need different start and end hours, e.g. 22 to 7"

#: Where the user changed it (the analytics events' and log lines' ``via``).
Via = Literal["chat", "web_preferences", "telegram_command"]


class PreferenceError(InputError):
    """A preference value out of range; ``user_message`` says which."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


def quiet_hours_valid(start_hour: int, end_hour: int) -> bool:
    """Whether ``start_hour``–``end_hour`` are quiet hours: hours of the day, not equal."""
    return start_hour in HOURS and end_hour in HOURS and start_hour != end_hour


def lead_minutes_valid(minutes: int) -> bool:
    return LEAD_MINUTES[0] <= minutes <= LEAD_MINUTES[1]


def daily_cap_valid(cap: int) -> bool:
    return DAILY_CAP[0] <= cap <= DAILY_CAP[1]


def _logged(user_id: int, setting: str, value: object, via: Via) -> None:
    """The log line of one preference that changed."""
    log.info(
        "user %s set %s to %s",
        user_id,
        setting,
        value,
        extra={"action": "preference_set", "user_id": user_id, "setting": setting, "via": via},
    )


def set_quiet_hours(
    prefs: GreetingPreferences, *, start_hour: int | None, end_hour: int | None, via: Via
) -> bool:
    """Quiet hours from ``start_hour`` to ``end_hour`` (local), both ``None`` for none; whether
    that changed anything."""
    if (start_hour is None) != (end_hour is None):
        raise PreferenceError("quiet hours need a start and an end hour, e.g. 22 to 7")
    if (
        start_hour is not None
        and end_hour is not None
        and not quiet_hours_valid(start_hour, end_hour)
    ):
        raise PreferenceError(QUIET_HOURS_RULE)
    if (prefs.dnd_start_hour, prefs.dnd_end_hour) == (start_hour, end_hour):
        return False
    prefs.dnd_start_hour, prefs.dnd_end_hour = start_hour, end_hour
    quiet = "off" if start_hour is None else f"{start_hour}-{end_hour}"
    _logged(prefs.user_id, "quiet_hours", quiet, via)
    return True


def set_reminders(
    session: AsyncSession,
    *,
    prefs: GreetingPreferences,
    enabled: bool,
    via: Via,
    analytics: Analytics | None = None,
) -> bool:
    """Proactive messages (reminders, check-ins, follow-ups) on or off; whether that changed
    anything. Switching them off counts as one opt-out (``opted_out``), however said."""
    changed = prefs.prefer_proactive != enabled
    if changed and not enabled:
        (analytics or Analytics()).record(session, "opted_out", user_id=prefs.user_id, via=via)
    prefs.prefer_proactive = enabled
    if changed:
        _logged(prefs.user_id, "reminders", "on" if enabled else "off", via)
    return changed


def set_lead_time(prefs: GreetingPreferences, *, minutes: int, via: Via) -> bool:
    """Remind ``minutes`` before each meeting; whether that changed anything."""
    if not lead_minutes_valid(minutes):
        raise PreferenceError(
            f"the lead time is {LEAD_MINUTES[0]} to {LEAD_MINUTES[1]} minutes before a meeting"
        )
    return _set_number(prefs, "reminder_lead_minutes", minutes, via)


def set_daily_cap(prefs: GreetingPreferences, *, cap: int, via: Via) -> bool:
    """At most ``cap`` proactive messages a local day; whether that changed anything."""
    if not daily_cap_valid(cap):
        raise PreferenceError(
            f"the daily cap is {DAILY_CAP[0]} to {DAILY_CAP[1]} proactive messages a day"
        )
    return _set_number(prefs, "max_proactive_per_day", cap, via)


def _set_number(prefs: GreetingPreferences, column: str, value: int, via: Via) -> bool:
    """One checked numeric preference stored and logged; whether that changed anything."""
    if getattr(prefs, column) == value:
        return False
    setattr(prefs, column, value)
    _logged(prefs.user_id, column, value, via)
    return True


def set_morning_agenda(
    prefs: GreetingPreferences, *, at: dt.time | None, when_empty: bool | None = None, via: Via
) -> bool:
    """The morning agenda at local time ``at`` (``None``: off) and, unless ``when_empty`` is
    ``None``, whether it comes on days with nothing planned; whether that changed anything."""
    value = None if at is None else time_text(at)
    changed = False
    if prefs.preferred_greeting_time != value:
        prefs.preferred_greeting_time = value
        _logged(prefs.user_id, "morning_agenda", value or "off", via)
        changed = True
    if when_empty is not None and prefs.agenda_when_empty != when_empty:
        prefs.agenda_when_empty = when_empty
        _logged(prefs.user_id, "agenda_when_empty", when_empty, via)
        changed = True
    return changed


def set_timezone(user: User, *, zone: str, via: Via) -> None:
    """The user's time zone (an IANA name), confirmed: no longer a guess. For good: a stay
    elsewhere (:func:`start_stay`) ends without going back."""
    try:
        check_timezone(zone)
    except ValueError as exc:
        raise PreferenceError(str(exc)) from exc
    user.timezone, user.timezone_confirmed = zone, True
    user.home_timezone = user.away_until = None
    log.info(
        "time zone set",
        extra={"action": "timezone_set", "user_id": user.id, "timezone": zone, "via": via},
    )


def start_stay(user: User, *, zone: str, until: dt.datetime, via: Via) -> None:
    """The user is in ``zone`` until ``until`` (aware), then back on their home zone: the
    zone they had, or during another stay the home zone of that one."""
    try:
        check_timezone(zone)
    except ValueError as exc:
        raise PreferenceError(str(exc)) from exc
    if until.tzinfo is None:
        raise ValueError("until must be timezone-aware")
    home = user.home_timezone if user.away_until is not None else user.timezone
    user.home_timezone, user.away_until = home, until.astimezone(dt.UTC)
    user.timezone, user.timezone_confirmed = zone, True
    log.info(
        "stay started",
        extra={
            "action": "travel_started",
            "user_id": user.id,
            "timezone": zone,
            "home_timezone": home,
            "until": user.away_until.isoformat(),
            "via": via,
        },
    )


def end_stay(user: User, *, via: Via | Literal["expired"]) -> bool:
    """Back on the home zone, when away; whether the user was."""
    if user.away_until is None:
        return False
    user.timezone = user.home_timezone or user.timezone
    user.home_timezone = user.away_until = None
    log.info(
        "stay ended",
        extra={"action": "travel_ended", "user_id": user.id, "timezone": user.timezone, "via": via},
    )
    return True


def save_preferences(
    session: AsyncSession,
    *,
    user: User,
    prefs: GreetingPreferences,
    timezone: str,
    lead_minutes: int,
    quiet_hours: tuple[int, int] | None,
    daily_cap: int,
    reminders: bool,
    via: Via,
) -> None:
    """Replace all of them at once (the web form); every value is checked before any is set."""
    try:
        check_timezone(timezone)
    except ValueError as exc:
        raise PreferenceError(str(exc)) from exc
    if not lead_minutes_valid(lead_minutes) or not daily_cap_valid(daily_cap):
        raise PreferenceError("the lead time or the daily cap is out of range")
    if quiet_hours is not None and not quiet_hours_valid(*quiet_hours):
        raise PreferenceError(QUIET_HOURS_RULE)
    if timezone != user.timezone or not user.timezone_confirmed:  # the same one: a stay goes on
        set_timezone(user, zone=timezone, via=via)
    set_lead_time(prefs, minutes=lead_minutes, via=via)
    set_daily_cap(prefs, cap=daily_cap, via=via)
    set_reminders(session, prefs=prefs, enabled=reminders, via=via)
    start, end = quiet_hours if quiet_hours is not None else (None, None)
    set_quiet_hours(prefs, start_hour=start, end_hour=end, via=via)
