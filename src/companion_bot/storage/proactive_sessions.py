"""Proactive sessions: one row per reminder, check-in or follow-up."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.models import (
    ProactiveSession,
)


async def get_proactive_session(
    session: AsyncSession, *, session_id: int
) -> ProactiveSession | None:
    found: ProactiveSession | None = await session.get(ProactiveSession, session_id)
    return found


async def owned_proactive_session(
    session: AsyncSession, *, user_id: int, proactive_session_id: int
) -> ProactiveSession | None:
    """The proactive session ``proactive_session_id`` if it belongs to ``user_id``."""
    found: ProactiveSession | None = await session.scalar(
        select(ProactiveSession).where(
            ProactiveSession.id == proactive_session_id, ProactiveSession.user_id == user_id
        )
    )
    return found


async def session_of_type(
    session: AsyncSession, *, schedule_id: int, session_type: str
) -> ProactiveSession | None:
    """The schedule's session of ``session_type`` (there is at most one)."""
    found: ProactiveSession | None = await session.scalar(
        select(ProactiveSession).where(
            ProactiveSession.reference_id == schedule_id,
            ProactiveSession.session_type == session_type,
        )
    )
    return found


async def sessions_for(
    session: AsyncSession, *, schedule_ids: list[int]
) -> dict[int, list[ProactiveSession]]:
    """Proactive sessions per schedule id, in the order they were created."""
    if not schedule_ids:
        return {}
    rows = await session.scalars(
        select(ProactiveSession)
        .where(ProactiveSession.reference_id.in_(schedule_ids))
        .order_by(ProactiveSession.id)
    )
    grouped: dict[int, list[ProactiveSession]] = {i: [] for i in schedule_ids}
    for row in rows:
        grouped[row.reference_id].append(row)
    return grouped
