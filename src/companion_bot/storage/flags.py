"""Feature flag rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.models import FeatureFlag


async def all_flags(session: AsyncSession) -> list[FeatureFlag]:
    """Every stored flag row, by name."""
    return list(await session.scalars(select(FeatureFlag).order_by(FeatureFlag.name)))


async def upsert_flag(
    session: AsyncSession,
    *,
    name: str,
    now: dt.datetime,
    enabled: bool | None = None,
    rollout_percent: float | None = None,
    description: str | None = None,
) -> FeatureFlag:
    """Create the row (on at 100 % unless told otherwise) or change only the given fields.

    One ``INSERT … ON CONFLICT DO UPDATE``, so two operators flipping the same flag at once
    never fail on the primary key.
    """
    changes: dict[str, Any] = {"updated_at": now}
    if enabled is not None:
        changes["enabled"] = enabled
    if rollout_percent is not None:
        changes["rollout_percent"] = rollout_percent
    values = {
        "name": name,
        "enabled": True,
        "rollout_percent": 100.0,
        "description": description,
        **changes,
    }
    module: Any = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    statement = (
        module.insert(FeatureFlag)
        .values(values)
        .on_conflict_do_update(index_elements=["name"], set_=changes)
        .returning(FeatureFlag)
    )
    flag: FeatureFlag = (
        await session.scalars(statement, execution_options={"populate_existing": True})
    ).one()
    return flag
