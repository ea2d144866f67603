"""Preferences: time zone, reminder lead time, quiet hours, daily cap, proactive on/off,
morning agenda.

Linking Telegram lives in :mod:`companion_bot.channels.web.linking`.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter

from companion_bot.proactive.agenda_rules import parse_time, time_text
from companion_bot.services import preferences
from companion_bot.storage import users
from companion_bot.storage.models import GreetingPreferences, User

from .deps import CurrentUser, SessionDep, SettingsDep
from .schemas import AUTH_ERRORS, BODY_ERRORS, WRITE_ERRORS, Preferences, QuietHours, invalid

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["preferences"], responses=AUTH_ERRORS)


def _preferences(user: User, prefs: GreetingPreferences, default_cap: int) -> Preferences:
    """The stored settings; a cap the user never picked reads as the deployment's."""
    agenda = parse_time(prefs.preferred_greeting_time)
    quiet = None
    if prefs.dnd_start_hour is not None and prefs.dnd_end_hour is not None:
        quiet = QuietHours(start_hour=prefs.dnd_start_hour, end_hour=prefs.dnd_end_hour)
    return Preferences(
        timezone=user.timezone,
        reminder_lead_minutes=prefs.reminder_lead_minutes,
        quiet_hours=quiet,
        max_proactive_per_day=(
            default_cap if prefs.max_proactive_per_day is None else prefs.max_proactive_per_day
        ),
        proactive_enabled=prefs.prefer_proactive,
        morning_agenda=None if agenda is None else time_text(agenda),
        morning_agenda_when_empty=prefs.agenda_when_empty,
    )


def _save_agenda(body: Preferences, prefs: GreetingPreferences) -> None:
    """The morning agenda fields the request carries (a client that leaves them out, as
    before they existed, changes nothing)."""
    given = body.model_fields_set
    if not given & {"morning_agenda", "morning_agenda_when_empty"}:
        return
    at = body.morning_agenda if "morning_agenda" in given else prefs.preferred_greeting_time
    preferences.set_morning_agenda(
        prefs,
        at=parse_time(at),
        when_empty=body.morning_agenda_when_empty if "morning_agenda_when_empty" in given else None,
        via="web_preferences",
    )


@router.get("/preferences")
async def get_preferences(
    user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Preferences:
    """The user's time zone and proactive-message settings."""
    prefs = await users.get_preferences(session, user_id=user.id)
    return _preferences(user, prefs, settings.max_proactive_per_day)


@router.put(
    "/preferences",
    responses={
        **WRITE_ERRORS,
        **BODY_ERRORS,
        422: invalid("Unknown time zone or a value out of range"),
    },
)
async def put_preferences(
    body: Preferences,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Preferences:
    """Replace the settings. Quiet hours are local hours, e.g. 22 to 7; null switches them off.
    The morning agenda is a local "HH:MM" (null: off)."""
    prefs = await users.get_preferences(session, user_id=user.id)
    quiet = body.quiet_hours
    preferences.save_preferences(
        session,
        user=user,
        prefs=prefs,
        timezone=body.timezone,
        lead_minutes=body.reminder_lead_minutes,
        quiet_hours=(quiet.start_hour, quiet.end_hour) if quiet else None,
        daily_cap=body.max_proactive_per_day,
        reminders=body.proactive_enabled,
        via="web_preferences",
    )
    _save_agenda(body, prefs)
    await users.announce_login_change(session, user_id=user.id)  # logins carry the zone
    await session.commit()
    log.info("preferences saved", extra={"action": "preferences_saved", "user_id": user.id})
    return _preferences(user, prefs, settings.max_proactive_per_day)
