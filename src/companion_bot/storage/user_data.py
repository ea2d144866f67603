"""Everything stored about one user, read at once or deleted at once (data export, erasure).

Every table that refers to a user is here: ``users``, ``greeting_preferences``, ``messages``,
``user_schedules``, ``proactive_sessions``, ``schedule_changes``, ``analytics_events``,
``auth_sessions``, ``link_codes``, ``calendar_feeds``, ``calendar_imports`` and
``morning_agendas``
(``feature_flags`` holds no per-user rows). Most foreign keys cascade, but
``analytics_events.user_id`` is ``ON DELETE SET NULL``, which would keep the user's events
without a name on them: the deletion removes those rows itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Delete, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.db import begin_write
from companion_bot.storage.models import (
    AnalyticsEvent,
    AuthSession,
    CalendarFeed,
    CalendarImport,
    GreetingPreferences,
    LinkCode,
    Message,
    MorningAgenda,
    ProactiveSession,
    ScheduleChange,
    ScheduleSeries,
    User,
    UserSchedule,
)


@dataclass(frozen=True, slots=True)
class UserRows:
    """One user's rows in every table that refers to them, oldest first."""

    user: User
    preferences: GreetingPreferences | None
    messages: Sequence[Message]
    schedules: Sequence[UserSchedule]
    schedule_series: Sequence[ScheduleSeries]
    proactive_sessions: Sequence[ProactiveSession]
    schedule_changes: Sequence[ScheduleChange]
    analytics_events: Sequence[AnalyticsEvent]
    auth_sessions: Sequence[AuthSession]
    link_codes: Sequence[LinkCode]
    calendar_feeds: Sequence[CalendarFeed]
    calendar_imports: Sequence[CalendarImport]
    morning_agendas: Sequence[MorningAgenda]


async def rows_of_user(session: AsyncSession, *, user_id: int) -> UserRows | None:
    """Everything stored about the user; ``None`` when there is no such user."""
    user = await session.get(User, user_id)
    if user is None:
        return None

    async def all_of(model: Any) -> Sequence[Any]:
        rows = await session.scalars(
            select(model).where(model.user_id == user_id).order_by(model.id)
        )
        return rows.all()

    preferences = await session.scalar(
        select(GreetingPreferences).where(GreetingPreferences.user_id == user_id)
    )
    return UserRows(
        user=user,
        preferences=preferences,
        messages=await all_of(Message),
        schedules=await all_of(UserSchedule),
        schedule_series=await all_of(ScheduleSeries),
        proactive_sessions=await all_of(ProactiveSession),
        schedule_changes=await all_of(ScheduleChange),
        analytics_events=await all_of(AnalyticsEvent),
        auth_sessions=await all_of(AuthSession),
        link_codes=await all_of(LinkCode),
        calendar_feeds=await all_of(CalendarFeed),
        calendar_imports=await all_of(CalendarImport),
        morning_agendas=await all_of(MorningAgenda),
    )


async def delete_user_rows(session: AsyncSession, *, user_id: int) -> dict[str, int]:
    """Delete the user and every row that refers to them; how many rows went, per table.

    Runs in the caller's transaction (taken as a writer), so it all goes or nothing does;
    the caller commits. Children go before parents, so the counts are exact whatever the
    ``ON DELETE`` rules; a reference from another user's row (none should exist) is set to
    NULL by the schema. Nothing at all is deleted for an unknown user.
    """
    await begin_write(session)
    schedule_ids = list(
        await session.scalars(select(UserSchedule.id).where(UserSchedule.user_id == user_id))
    )
    statements: list[tuple[str, Delete]] = [
        ("analytics_events", delete(AnalyticsEvent).where(AnalyticsEvent.user_id == user_id)),
        ("link_codes", delete(LinkCode).where(LinkCode.user_id == user_id)),
        ("auth_sessions", delete(AuthSession).where(AuthSession.user_id == user_id)),
        ("calendar_feeds", delete(CalendarFeed).where(CalendarFeed.user_id == user_id)),
        ("calendar_imports", delete(CalendarImport).where(CalendarImport.user_id == user_id)),
        ("morning_agendas", delete(MorningAgenda).where(MorningAgenda.user_id == user_id)),
        (
            "proactive_sessions",
            delete(ProactiveSession).where(
                or_(
                    ProactiveSession.user_id == user_id,
                    ProactiveSession.reference_id.in_(schedule_ids),
                )
            ),
        ),
        ("schedule_changes", delete(ScheduleChange).where(ScheduleChange.user_id == user_id)),
        ("messages", delete(Message).where(Message.user_id == user_id)),
        ("user_schedules", delete(UserSchedule).where(UserSchedule.user_id == user_id)),
        ("schedule_series", delete(ScheduleSeries).where(ScheduleSeries.user_id == user_id)),
        (
            "greeting_preferences",
            delete(GreetingPreferences).where(GreetingPreferences.user_id == user_id),
        ),
        ("users", delete(User).where(User.id == user_id)),
    ]
    removed: dict[str, int] = {}
    for table, statement in statements:
        result = await session.execute(statement.execution_options(synchronize_session=False))
        removed[table] = int(getattr(result, "rowcount", 0) or 0)
    return removed
