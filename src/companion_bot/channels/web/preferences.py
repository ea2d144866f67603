"""Preferences (time zone, reminders, quiet hours, daily cap, on/off) and Telegram link codes."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from fastapi import APIRouter, Request, status

from companion_bot.storage import repo, repo_web
from companion_bot.storage.models import GreetingPreferences, User

from .deps import CurrentUser, NowDep, SessionDep
from .schemas import LinkCodeOut, Preferences, QuietHours

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["preferences"])

LINK_CODE_MINUTES = 15
LINK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to type
LINK_CODE_LENGTH = 8


def _preferences(user: User, prefs: GreetingPreferences) -> Preferences:
    quiet = None
    if prefs.dnd_start_hour is not None and prefs.dnd_end_hour is not None:
        quiet = QuietHours(start_hour=prefs.dnd_start_hour, end_hour=prefs.dnd_end_hour)
    return Preferences(
        timezone=user.timezone,
        reminder_lead_minutes=prefs.reminder_lead_minutes,
        quiet_hours=quiet,
        max_proactive_per_day=prefs.max_proactive_per_day,
        proactive_enabled=prefs.prefer_proactive,
    )


@router.get("/preferences")
async def get_preferences(user: CurrentUser, session: SessionDep) -> Preferences:
    """The user's time zone and proactive-message settings."""
    prefs = await repo.get_preferences(session, user_id=user.id)
    return _preferences(user, prefs)


@router.put("/preferences", responses={422: {"description": "Unknown time zone or bad value"}})
async def put_preferences(
    body: Preferences, request: Request, user: CurrentUser, session: SessionDep
) -> Preferences:
    """Replace the settings. Quiet hours are local hours, e.g. 22 to 7; null switches them off."""
    prefs = await repo.get_preferences(session, user_id=user.id)
    user.timezone = body.timezone
    user.timezone_confirmed = True
    prefs.reminder_lead_minutes = body.reminder_lead_minutes
    prefs.max_proactive_per_day = body.max_proactive_per_day
    prefs.prefer_proactive = body.proactive_enabled
    quiet = body.quiet_hours
    prefs.dnd_start_hour = quiet.start_hour if quiet else None
    prefs.dnd_end_hour = quiet.end_hour if quiet else None
    await session.commit()
    request.app.state.login_cache.forget_user(user.id)  # it holds the time zone
    log.info("preferences saved", extra={"action": "preferences_saved", "user_id": user.id})
    return _preferences(user, prefs)


@router.post("/telegram/link-code", status_code=status.HTTP_201_CREATED)
async def telegram_link_code(user: CurrentUser, session: SessionDep, now: NowDep) -> LinkCodeOut:
    """A one-time code that links a Telegram chat to this account (valid 15 minutes)."""
    code = "".join(secrets.choice(LINK_CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))
    expires = now + dt.timedelta(minutes=LINK_CODE_MINUTES)
    await repo_web.create_link_code(session, user_id=user.id, code=code, expires_at=expires)
    await session.commit()
    log.info("link code issued", extra={"action": "link_code_issued", "user_id": user.id})
    return LinkCodeOut(
        code=code,
        expires_at=expires,
        instructions=f"In Telegram, send /link {code} to the bot "
        f"within {LINK_CODE_MINUTES} minutes.",
    )
