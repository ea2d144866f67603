"""Morning agendas, planning side: who has one, what their day holds, on which channel it
goes, and the rows that record each day's decision.

A row per (user, local date) is the agenda of that day: the unique key makes a second one
impossible, whatever runs the job and however often (``INSERT … ON CONFLICT DO NOTHING``).
Claiming and settling the rows is :mod:`.morning_agenda_claims`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.config import zone_of
from companion_bot.proactive.agenda_rules import AgendaItem, parse_time
from companion_bot.proactive.decisions import Preferences, is_date_only, local_day_bounds
from companion_bot.proactive.kinds import SessionStatus
from companion_bot.storage.models import (
    GreetingPreferences,
    Message,
    MorningAgenda,
    User,
    UserSchedule,
)
from companion_bot.storage.proactive_sessions import among

MA = MorningAgenda
GP = GreetingPreferences
US = UserSchedule
#: Rows older than this cannot fall in anyone's current local day (zones span 26 hours).
DAY_LOOKBACK = dt.timedelta(hours=48)


@dataclass(frozen=True, slots=True)
class Subscriber:
    """A user with the morning agenda on: its time, zone, preferences and the latest local
    day that already has a row."""

    user_id: int
    tz: ZoneInfo
    at: dt.time
    when_empty: bool
    prefs: Preferences
    done_through: dt.date | None
    has_web_login: bool
    telegram_chat: bool


async def subscribers(
    session: AsyncSession, *, max_per_day: int, user_ids: Sequence[int] | None = None
) -> list[Subscriber]:
    """Every user whose agenda is on (``preferred_greeting_time`` set), or those of
    ``user_ids``; ``max_per_day`` is the cap of a user without their own."""
    latest = (
        select(func.max(MA.local_date)).where(MA.user_id == User.id).scalar_subquery()
    )  # one probe of the unique (user_id, local_date) index per user
    query = (
        select(
            User.id,
            User.timezone,
            User.username,
            User.telegram_chat_id,
            GP.preferred_greeting_time,
            GP.agenda_when_empty,
            GP.prefer_proactive,
            GP.dnd_start_hour,
            GP.dnd_end_hour,
            GP.max_proactive_per_day,
            GP.reminder_lead_minutes,
            latest,
        )
        .join(GP, GP.user_id == User.id)
        .where(GP.preferred_greeting_time.is_not(None))
        .order_by(User.id)
    )
    if user_ids is not None:
        query = query.where(among(User.id, list(user_ids), session.bind.dialect.name))
    found = []
    for row in await session.execute(query):
        at = parse_time(row[4])
        if at is None:
            continue
        prefs = Preferences(
            prefer_proactive=bool(row[6]),
            dnd_start_hour=row[7],
            dnd_end_hour=row[8],
            max_per_day=max_per_day if row[9] is None else row[9],
            lead_minutes=row[10],
        )
        found.append(
            Subscriber(
                user_id=row[0],
                tz=zone_of(row[1]),
                at=at,
                when_empty=bool(row[5]),
                prefs=prefs,
                done_through=row[11],
                has_web_login=row[2] is not None,
                telegram_chat=row[3] is not None,
            )
        )
    return found


async def day_items(
    session: AsyncSession,
    *,
    zones: dict[int, ZoneInfo],
    start: dt.datetime,
    end: dt.datetime,
) -> dict[int, list[AgendaItem]]:
    """Per user of ``zones``: their scheduled meetings and tasks starting in ``[start, end)``
    (the caller narrows them to each user's own day)."""
    rows = await session.execute(
        select(US.user_id, US.start_time, US.event_name, US.time_is_approximate)
        .where(
            among(US.user_id, list(zones), session.bind.dialect.name),
            text("user_schedules.status = 'scheduled'"),
            US.start_time >= start,
            US.start_time < end,
        )
        .order_by(US.start_time, US.id)
    )
    found: dict[int, list[AgendaItem]] = {user_id: [] for user_id in zones}
    for user_id, start_time, name, approximate in rows:
        all_day = is_date_only(start_time, zones[user_id], approximate=bool(approximate))
        found[user_id].append(AgendaItem(start=start_time, name=name, all_day=all_day))
    return found


async def last_channels(session: AsyncSession, *, user_ids: Sequence[int]) -> dict[int, str]:
    """Per user: the channel of their last message to the bot (users who never wrote are
    left out)."""
    last = (
        select(Message.channel)
        .where(Message.user_id == User.id, Message.role == "user")
        .order_by(Message.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(User.id, last).where(among(User.id, list(user_ids), session.bind.dialect.name))
    )
    return {user_id: channel for user_id, channel in rows if channel is not None}


def main_channel(subscriber: Subscriber, last: str | None) -> str:
    """Where the agenda goes: Telegram when the chat is linked and the user last wrote there
    (or never wrote, and has no web login to read it with); else the web."""
    if not subscriber.telegram_chat:
        return "web"
    if last == "telegram" or (last is None and not subscriber.has_web_login):
        return "telegram"
    return "web"


async def count_today(
    session: AsyncSession, *, now: dt.datetime, zones: dict[int, ZoneInfo]
) -> dict[int, int]:
    """Per user of ``zones``: agendas sent, or pending, in their current local day (what
    the daily cap counts)."""
    if not zones:
        return {}
    rows = await session.execute(
        select(MA.user_id, MA.sent_at, MA.due_at).where(
            among(MA.user_id, list(zones), session.bind.dialect.name),
            MA.status.in_([SessionStatus.SENT, SessionStatus.PENDING]),
            MA.due_at >= now - DAY_LOOKBACK,
        )
    )
    counts = dict.fromkeys(zones, 0)
    for user_id, sent_at, due_at in rows:
        start, end = local_day_bounds(now, zones[user_id])
        if start <= (sent_at or due_at) < end:
            counts[user_id] += 1
    return counts


async def record(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> dict[int, int]:
    """Insert agenda rows, ignoring any (user, local date) that already has one; returns
    ``{user_id: agenda_id}`` of the rows this call inserted."""
    if not rows:
        return {}
    module: Any = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    statement = (
        module.insert(MA)
        .on_conflict_do_nothing(index_elements=["user_id", "local_date"])
        .returning(MA.user_id, MA.id)
    )
    connection = await session.connection()
    return {
        user_id: agenda_id for user_id, agenda_id in await connection.execute(statement, list(rows))
    }


async def next_pending(session: AsyncSession, *, channels: Iterable[str]) -> dt.datetime | None:
    """When the first ``pending`` agenda on ``channels`` falls due (or its lease runs out)."""
    first: dt.datetime | None = await session.scalar(
        select(
            func.min(
                case(
                    (MA.claimed_until > MA.next_attempt_at, MA.claimed_until),
                    else_=MA.next_attempt_at,
                )
            )
        ).where(text("morning_agendas.status = 'pending'"), MA.channel.in_(list(channels)))
    )
    return first


async def latest_day(session: AsyncSession, *, user_id: int) -> dt.date | None:
    """The latest local day that has an agenda row for the user."""
    latest: dt.date | None = await session.scalar(
        select(func.max(MA.local_date)).where(MA.user_id == user_id)
    )
    return latest


async def agendas_between(
    session: AsyncSession, *, user_id: int, first: dt.date, last: dt.date
) -> list[MorningAgenda]:
    """The user's agenda rows of local days ``first`` to ``last``, oldest first."""
    rows = await session.scalars(
        select(MA)
        .where(MA.user_id == user_id, MA.local_date >= first, MA.local_date <= last)
        .order_by(MA.local_date)
    )
    return list(rows.all())
