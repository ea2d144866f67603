"""The account's data rights: download everything stored about me, or delete it all.

``GET /api/me/export`` is a JSON download. ``DELETE /api/me`` takes the current password
again (checked as a login checks it, and counted against the same per-username attempt
limit), then removes the user and every row about them, ends every login of the account and
clears this browser's cookie.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from companion_bot.services import user_data

from .auth import logged_out, password_again
from .deps import CurrentUser, NowDep, SessionDep
from .schemas import AUTH_ERRORS, BODY_ERRORS, WRITE_ERRORS, Secret, error

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/me", tags=["accounts"], responses=AUTH_ERRORS)


class DeleteAccountIn(BaseModel):
    password: Secret = Field(min_length=1, max_length=256, description="The current password.")


@router.get("/export", responses={200: {"description": "A JSON file of all my data"}})
async def export_my_data(user: CurrentUser, session: SessionDep, now: NowDep) -> JSONResponse:
    """Everything stored about me: profile, preferences, messages, meetings, proactive
    messages, analytics events, sign-in sessions and link codes (no password or token)."""
    data = await user_data.export_user(session, user_id=user.id, now=now, via="web")
    filename = f"companion-bot-data-{now:%Y-%m-%d}.json"
    return JSONResponse(
        data,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@router.delete(
    "",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        **WRITE_ERRORS,
        **BODY_ERRORS,
        403: error("Wrong password: nothing was deleted (or a cross-site request)"),
        429: error("Too many attempts for this username (Retry-After)"),
    },
)
async def delete_my_account(
    body: DeleteAccountIn,
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    now: NowDep,
) -> Response:
    """Delete my account and everything stored about me, for good. Needs the password."""
    if not await password_again(request, user, body.password, now):
        log.info(
            "account deletion refused",
            extra={"action": "account_delete_refused", "user_id": user.id},
        )
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="Wrong password; nothing deleted.")
    await session.commit()  # end the read, so the deletion starts as a fresh writer
    await user_data.delete_user(session, user_id=user.id, via="web")
    await session.commit()
    return logged_out()
