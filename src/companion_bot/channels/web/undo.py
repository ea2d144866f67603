"""``POST /api/schedules/undo``: take back the last change to a meeting (the panel's Undo
button, and any API client); the work is :func:`companion_bot.services.undo.undo_last`,
shared with "undo" in chat and Telegram's ``/undo``."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from companion_bot.config import zone_of
from companion_bot.services import undo

from .deps import CurrentPrincipal, NowDep, SessionDep
from .schemas import (
    AUTH_ERRORS,
    BODY_ERRORS,
    WRITE_ERRORS,
    UndoIn,
    UndoOut,
    error,
    schedule_out,
)

router = APIRouter(prefix="/api", tags=["chat"], responses=AUTH_ERRORS)
CHANNEL = "web"


@router.post(
    "/schedules/undo",
    responses={
        **WRITE_ERRORS,
        **BODY_ERRORS,
        409: error(
            "Nothing to undo (no change of yours in the last 10 minutes), your last change "
            "was to another meeting than schedule_id, or the meeting cannot go back (you "
            "have that meeting at its old time again); nothing was changed"
        ),
    },
)
async def undo_last_change(
    body: UndoIn, user: CurrentPrincipal, session: SessionDep, now: NowDep
) -> UndoOut:
    """Undo your last change to a meeting, if made in the last 10 minutes by you or the bot
    (created, moved, renamed, cancelled or put back on); a second call goes a step further
    back. The answer says what was restored."""
    zone = zone_of(user.timezone)
    try:
        done = await undo.undo_last(
            session,
            user_id=user.user_id,
            channel=CHANNEL,
            now=now,
            zone=zone,
            schedule_id=body.schedule_id,
        )
    except (undo.NothingToUndoError, undo.UndoRefusedError) as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=exc.user_message) from exc
    await session.commit()
    return UndoOut.model_validate(
        {"change": done.kind, "text": done.text, "schedule": schedule_out(done.schedule, zone)}
    )
