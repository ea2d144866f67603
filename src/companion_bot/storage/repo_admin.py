"""Admin accounts: who may use the admin pages and API (``users.is_admin``)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.models import User


async def set_admin(session: AsyncSession, *, username: str, is_admin: bool) -> bool:
    """Grant or revoke admin rights; False when no user has that name."""
    result = await session.execute(
        update(User)
        .where(User.username == username)
        .values(is_admin=is_admin)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))
