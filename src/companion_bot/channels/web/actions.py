"""Quick actions under proactive messages on the web: thanks, snooze, not a meeting.

The buttons the chat page shows under a reminder post here; the work is
:func:`companion_bot.services.feedback.apply_action`, shared with Telegram's buttons.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from companion_bot.errors import NotFoundError
from companion_bot.services import feedback

from .deps import CurrentPrincipal, NowDep, SessionDep
from .schemas import (
    AUTH_ERRORS,
    BODY_ERRORS,
    WRITE_ERRORS,
    DbId,
    QuickActionIn,
    QuickActionOut,
    error,
)

router = APIRouter(prefix="/api", tags=["chat"], responses=AUTH_ERRORS)


@router.post(
    "/proactive/{session_id}/actions",
    responses={
        **WRITE_ERRORS,
        **BODY_ERRORS,
        404: error("No delivered proactive message of yours with this id"),
    },
)
async def quick_action(
    session_id: DbId,
    body: QuickActionIn,
    user: CurrentPrincipal,
    session: SessionDep,
    now: NowDep,
) -> QuickActionOut:
    """Thank, snooze (reminders: once, for 10 minutes) or say "not a meeting" (cancels it)."""
    # The login comes from the login cache, so the session's first statement opens the write
    # transaction (BEGIN IMMEDIATE on SQLite: no lock upgrade between concurrent presses).
    try:
        result = await feedback.apply_action(
            session,
            user_id=user.user_id,
            action=body.action,
            proactive_session_id=session_id,
            now=now,
        )
    except NotFoundError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="No such message.") from exc
    await session.commit()
    return QuickActionOut(
        action=result.action,
        outcome=result.outcome,
        text=result.text,
        proactive_session_id=result.proactive_session_id,
        schedule_id=result.schedule_id,
        snoozed_until=result.snoozed_until,
    )
