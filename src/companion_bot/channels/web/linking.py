"""Linking a web account and a Telegram chat, from the web side.

``POST /api/link/telegram`` gives a one-time code and a ``t.me`` deep link (the bot receives
``/start <code>``); ``POST /api/link`` accepts a code that Telegram's ``/link`` showed.
Either way the two accounts become one user: one schedule, one set of preferences.
"""

from __future__ import annotations

import datetime as dt
import logging

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from companion_bot.channels.telegram.link_codes import (
    LINK_CODE_MINUTES,
    deep_link,
    new_link_code,
)
from companion_bot.storage import links, users
from companion_bot.storage.links import LinkOutcome

from .deps import CurrentUser, NowDep, SessionDep
from .schemas import AUTH_ERRORS, BODY_ERRORS, WRITE_ERRORS, IsoTime, Text, error

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/link", tags=["linking"], responses=AUTH_ERRORS)


class TelegramLinkOut(BaseModel):
    code: str
    expires_at: IsoTime
    deep_link: str | None = Field(description="t.me link that opens the bot with the code.")
    instructions: str


class LinkIn(BaseModel):
    code: Text = Field(min_length=4, max_length=32, description="The code /link showed.")


class LinkedOut(BaseModel):
    linked: bool
    telegram_username: str | None
    message: str


REFUSALS: dict[LinkOutcome, tuple[int, str]] = {
    LinkOutcome.UNKNOWN_CODE: (
        status.HTTP_400_BAD_REQUEST,
        "That code doesn't work (wrong, or used already). Send /link to the bot for a new one.",
    ),
    LinkOutcome.EXPIRED: (
        status.HTTP_400_BAD_REQUEST,
        "That code has expired. Send /link to the bot for a new one.",
    ),
    LinkOutcome.WRONG_SIDE: (
        status.HTTP_400_BAD_REQUEST,
        "That code was made on the web: send it to the bot in Telegram instead.",
    ),
    LinkOutcome.OWN_CODE: (
        status.HTTP_409_CONFLICT,
        "That code is your own: send it to the bot in Telegram.",
    ),
    LinkOutcome.ALREADY_LINKED: (
        status.HTTP_409_CONFLICT,
        "Your account is already linked to a Telegram chat.",
    ),
}


def _bot_username(request: Request) -> str | None:
    runtime = getattr(request.app.state, "telegram_runtime", None)
    username = getattr(runtime, "bot_username", None)
    return username if isinstance(username, str) and username else None


@router.post(
    "/telegram",
    status_code=status.HTTP_201_CREATED,
    responses={**WRITE_ERRORS, 409: error("Already linked")},
)
async def telegram_code(
    request: Request, user: CurrentUser, session: SessionDep, now: NowDep
) -> TelegramLinkOut:
    """A one-time code (15 minutes) and a deep link that link a Telegram chat to you."""
    if user.telegram_id is not None:
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail="Your account is already linked to a Telegram chat."
        )
    code = new_link_code()
    expires = now + dt.timedelta(minutes=LINK_CODE_MINUTES)
    await links.create_link_code(session, user_id=user.id, code=code, expires_at=expires)
    await session.commit()
    log.info("link code issued", extra={"action": "link_code_issued", "user_id": user.id})
    username = _bot_username(request)
    link = deep_link(username, code) if username else None
    how = f"Open {link}, or send" if link else "Send"
    return TelegramLinkOut(
        code=code,
        expires_at=expires,
        deep_link=link,
        instructions=f"{how} /link {code} to the bot in Telegram within "
        f"{LINK_CODE_MINUTES} minutes.",
    )


@router.post(
    "",
    responses={
        **WRITE_ERRORS,
        **BODY_ERRORS,
        400: error("Unknown, used or expired code, or a body that is not JSON text"),
        409: error("Already linked, or your own code"),
    },
)
async def link_with_code(
    body: LinkIn, user: CurrentUser, session: SessionDep, now: NowDep
) -> LinkedOut:
    """Enter the code Telegram's ``/link`` showed; the Telegram chat joins this account."""
    result = await links.link_from_web(session, code=body.code, web_user=user, now=now)
    log.info(
        "web link attempt: %s",
        result.outcome.value,
        extra={"action": "web_link", "outcome": result.outcome.value, "user_id": user.id},
    )
    if result.outcome is not LinkOutcome.LINKED:
        await session.rollback()
        code, detail = REFUSALS[result.outcome]
        raise HTTPException(code, detail=detail)
    # The time zone may have come from the Telegram account; logins carry it.
    await users.announce_login_change(session, user_id=user.id)
    await session.commit()
    return LinkedOut(
        linked=True,
        telegram_username=user.telegram_username,
        message="Linked! Your Telegram chat and this account are one now.",
    )
