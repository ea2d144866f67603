"""Data rights: everything stored about a user, as JSON; and deleting all of it.

Every channel asks here: the web (``GET /api/me/export``, ``DELETE /api/me``), the command
line (``companion-bot export-user``, ``delete-user``) and Telegram's ``/forget``.

The export holds every column of every row about the user except secrets (the password hash,
login token hashes, link codes) and the ``user_id`` that only points back at them. Times are
ISO 8601 with an offset, in the user's own time zone, which the export names. The log records
who and how, never content.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.config import zone_of
from companion_bot.errors import NotFoundError
from companion_bot.storage import user_data, users
from companion_bot.storage.models import Base

log = logging.getLogger(__name__)

#: Who asked (the log's ``via``).
Via = Literal["web", "cli", "telegram"]

EXPORT_FORMAT: Final = "companion-bot user data export, version 1"

#: Columns an export never contains: secrets, and the user id that each row repeats.
SECRET_COLUMNS: Final = frozenset({"password_hash", "token_hash", "code"})
HIDDEN_COLUMNS: Final = SECRET_COLUMNS | {"user_id"}


def _value(value: Any, tz: ZoneInfo) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(tz).isoformat()
    if isinstance(value, dt.date):  # a local day (a morning agenda's)
        return value.isoformat()
    return value


def row_dict(row: Base, tz: ZoneInfo, *, hidden: Iterable[str] = HIDDEN_COLUMNS) -> dict[str, Any]:
    """Every column of ``row`` but the ``hidden`` ones, JSON-ready (times in ``tz``)."""
    skip = set(hidden)
    mapper = inspect(row).mapper
    return {
        attr.key: _value(getattr(row, attr.key), tz)
        for attr in mapper.column_attrs
        if attr.key not in skip
    }


async def export_user(
    session: AsyncSession, *, user_id: int, now: dt.datetime, via: Via
) -> dict[str, Any]:
    """Everything stored about the user, JSON-ready; :class:`NotFoundError` if unknown."""
    rows = await user_data.rows_of_user(session, user_id=user_id)
    if rows is None:
        raise NotFoundError(f"user {user_id} does not exist")
    tz = zone_of(rows.user.timezone)
    profile = row_dict(rows.user, tz, hidden=SECRET_COLUMNS)
    profile["has_password"] = rows.user.password_hash is not None

    def each(items: Iterable[Base]) -> list[dict[str, Any]]:
        return [row_dict(item, tz) for item in items]

    export = {
        "format": EXPORT_FORMAT,
        "exported_at": now.astimezone(tz).isoformat(),
        "timezone": tz.key,
        "times": f"ISO 8601 with the UTC offset, in {tz.key}",
        "profile": profile,
        "preferences": row_dict(rows.preferences, tz) if rows.preferences else None,
        "messages": each(rows.messages),
        "schedules": each(rows.schedules),
        "repeating_meetings": each(rows.schedule_series),
        "proactive_messages": each(rows.proactive_sessions),
        "recent_changes": each(rows.schedule_changes),
        "analytics_events": each(rows.analytics_events),
        "sign_in_sessions": each(rows.auth_sessions),
        "link_codes": each(rows.link_codes),
        "calendar_feeds": each(rows.calendar_feeds),
        "calendar_imports": each(rows.calendar_imports),
        "morning_agendas": each(rows.morning_agendas),
    }
    log.info(
        "user data exported",
        extra={"action": "user_data_exported", "user_id": user_id, "via": via},
    )
    return export


async def delete_user(session: AsyncSession, *, user_id: int, via: Via) -> dict[str, int]:
    """Delete the user and everything that refers to them, in the caller's transaction (the
    caller commits); how many rows went, per table. :class:`NotFoundError` if unknown."""
    removed = await user_data.delete_user_rows(session, user_id=user_id)
    if not removed["users"]:
        raise NotFoundError(f"user {user_id} does not exist")
    await users.announce_login_change(session, user_id=user_id)  # its logins ended
    log.info(
        "user %s deleted with all their data",
        user_id,
        extra={"action": "user_deleted", "user_id": user_id, "via": via, "removed": removed},
    )
    return removed


def describe_removed(removed: dict[str, int]) -> str:
    """``"1 user, 12 messages, 3 schedules, …"``: what a deletion removed, for people."""
    labels = {
        "users": ("user", "users"),
        "greeting_preferences": ("preferences row", "preferences rows"),
        "messages": ("message", "messages"),
        "user_schedules": ("meeting", "meetings"),
        "schedule_series": ("repeating meeting", "repeating meetings"),
        "proactive_sessions": ("proactive message", "proactive messages"),
        "schedule_changes": ("recent change", "recent changes"),
        "analytics_events": ("analytics event", "analytics events"),
        "auth_sessions": ("sign-in session", "sign-in sessions"),
        "link_codes": ("link code", "link codes"),
        "calendar_feeds": ("calendar feed link", "calendar feed links"),
        "calendar_imports": ("imported calendar event", "imported calendar events"),
        "morning_agendas": ("morning agenda", "morning agendas"),
    }
    parts = []
    for table, (one, many) in labels.items():
        count = removed.get(table, 0)
        parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts)
