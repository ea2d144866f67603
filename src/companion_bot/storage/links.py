"""Linking a Telegram chat and a web account, and merging the two users."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.db import begin_write
from companion_bot.storage.models import (
    AnalyticsEvent,
    AuthSession,
    LinkCode,
    Message,
    ProactiveSession,
    ScheduleSeries,
    User,
    UserSchedule,
)
from companion_bot.storage.users import get_user_by_telegram_id


class LinkOutcome(StrEnum):
    LINKED = "linked"
    UNKNOWN_CODE = "unknown_code"  # no such code, or already used
    EXPIRED = "expired"
    OWN_CODE = "own_code"  # the code was made by the account that now enters it
    WRONG_SIDE = "wrong_side"  # a web code entered on the web, or a Telegram code in Telegram
    ALREADY_LINKED = "already_linked"  # the web account already has another Telegram account


@dataclass(frozen=True, slots=True)
class LinkResult:
    outcome: LinkOutcome
    user: User | None = None  # the linked (web) user when LINKED


async def _take_code(
    session: AsyncSession, *, code: str, now: dt.datetime
) -> tuple[LinkCode | None, LinkOutcome | None]:
    """The unused code row, locked for update; or why it cannot be used."""
    await begin_write(session)
    row = await session.scalar(
        select(LinkCode)
        .where(LinkCode.code == code.strip().upper(), LinkCode.used_at.is_(None))
        .with_for_update()
    )
    if row is None:
        return None, LinkOutcome.UNKNOWN_CODE
    if row.expires_at <= now:
        return None, LinkOutcome.EXPIRED
    return row, None


async def _mark_used(session: AsyncSession, *, code_id: int, now: dt.datetime) -> bool:
    """Use the code once: ``False`` when a concurrent request used it first."""
    result = await session.execute(
        update(LinkCode)
        .where(LinkCode.id == code_id, LinkCode.used_at.is_(None))
        .values(used_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def link_from_telegram(
    session: AsyncSession,
    *,
    code: str,
    telegram_id: int,
    chat_id: int,
    telegram_username: str | None,
    now: dt.datetime,
) -> LinkResult:
    """A web account's code entered in Telegram (``/start <code>`` or ``/link <code>``).

    Any Telegram-only account of this Telegram user is merged into the web account.
    """
    row, problem = await _take_code(session, code=code, now=now)
    if row is None:
        return LinkResult(problem or LinkOutcome.UNKNOWN_CODE)
    web_user = await session.get(User, row.user_id)
    if web_user is None:
        return LinkResult(LinkOutcome.UNKNOWN_CODE)
    if web_user.telegram_id == telegram_id:
        return LinkResult(LinkOutcome.OWN_CODE, web_user)
    if web_user.username is None:
        return LinkResult(LinkOutcome.WRONG_SIDE)
    if web_user.telegram_id is not None:
        return LinkResult(LinkOutcome.ALREADY_LINKED)
    if not await _mark_used(session, code_id=row.id, now=now):
        return LinkResult(LinkOutcome.UNKNOWN_CODE)
    telegram_user = await get_user_by_telegram_id(session, telegram_id=telegram_id)
    if telegram_user is not None:
        await merge_users(session, source=telegram_user, target=web_user)
    web_user.telegram_id = telegram_id
    web_user.telegram_chat_id = chat_id
    web_user.telegram_username = telegram_username
    await session.flush()
    return LinkResult(LinkOutcome.LINKED, web_user)


async def link_from_web(
    session: AsyncSession, *, code: str, web_user: User, now: dt.datetime
) -> LinkResult:
    """A Telegram account's code (from ``/link``) entered on the web by ``web_user``."""
    row, problem = await _take_code(session, code=code, now=now)
    if row is None:
        return LinkResult(problem or LinkOutcome.UNKNOWN_CODE)
    if row.user_id == web_user.id:
        return LinkResult(LinkOutcome.OWN_CODE, web_user)
    telegram_user = await session.get(User, row.user_id)
    if telegram_user is not None and telegram_user.username is not None:
        return LinkResult(LinkOutcome.WRONG_SIDE)
    if telegram_user is None or telegram_user.telegram_id is None:
        return LinkResult(LinkOutcome.UNKNOWN_CODE)
    if web_user.telegram_id is not None:
        return LinkResult(LinkOutcome.ALREADY_LINKED)
    if not await _mark_used(session, code_id=row.id, now=now):
        return LinkResult(LinkOutcome.UNKNOWN_CODE)
    telegram_id, chat_id = telegram_user.telegram_id, telegram_user.telegram_chat_id
    name = telegram_user.telegram_username
    await merge_users(session, source=telegram_user, target=web_user)
    web_user.telegram_id, web_user.telegram_chat_id = telegram_id, chat_id
    web_user.telegram_username = name
    await session.flush()
    return LinkResult(LinkOutcome.LINKED, web_user)


async def merge_users(session: AsyncSession, *, source: User, target: User) -> None:
    """Move everything of ``source`` (a Telegram-only account) to ``target``, then delete it.

    Messages, meetings (repeating ones too), proactive sessions and analytics move; a meeting
    ``target`` already has (same name and start) is kept once. ``target``'s preferences stay
    (one set); its time zone is taken from ``source`` only when ``target`` never confirmed one.
    """
    if source.id == target.id:
        return
    mine = {
        (s.event_name, s.start_time)
        for s in await session.scalars(
            select(UserSchedule).where(UserSchedule.user_id == target.id)
        )
    }
    theirs = list(
        await session.scalars(select(UserSchedule).where(UserSchedule.user_id == source.id))
    )
    duplicates = [s.id for s in theirs if (s.event_name, s.start_time) in mine]
    if duplicates:
        await session.execute(delete(UserSchedule).where(UserSchedule.id.in_(duplicates)))
    for model in (UserSchedule, ScheduleSeries, Message, ProactiveSession):
        await session.execute(
            update(model).where(model.user_id == source.id).values(user_id=target.id)
        )
    await session.execute(
        update(AnalyticsEvent).where(AnalyticsEvent.user_id == source.id).values(user_id=target.id)
    )
    await session.execute(delete(LinkCode).where(LinkCode.user_id == source.id))
    await session.execute(delete(AuthSession).where(AuthSession.user_id == source.id))
    if not target.timezone_confirmed and source.timezone_confirmed:
        target.timezone, target.timezone_confirmed = source.timezone, True
    if target.display_name is None:
        target.display_name = source.display_name
    # Free the unique Telegram columns before the target takes them.
    source.telegram_id = source.telegram_chat_id = None
    await session.flush()
    await session.delete(source)
    await session.flush()


async def create_link_code(
    session: AsyncSession, *, user_id: int, code: str, expires_at: dt.datetime
) -> LinkCode:
    """A one-time code for linking Telegram; older unused codes of the user are dropped."""
    await session.execute(
        delete(LinkCode).where(LinkCode.user_id == user_id, LinkCode.used_at.is_(None))
    )
    row = LinkCode(user_id=user_id, code=code, expires_at=expires_at)
    session.add(row)
    await session.flush()
    return row
