"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from companion_bot.channels.web.deps import SessionDep
from companion_bot.storage import db
from companion_bot.storage.migrate import current_revision, head_revision

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
async def readyz(request: Request, session: SessionDep) -> JSONResponse | dict[str, str]:
    """The database answers and is migrated to the code's schema."""
    await db.ping(session)
    current = await current_revision(request.app.state.engine)
    head = head_revision(request.app.state.settings.database_url)
    if current != head:
        detail = f"database at revision {current}, code expects {head}: run `companion-bot migrate`"
        return JSONResponse({"status": "not ready", "detail": detail}, status_code=503)
    return {"status": "ready", "database": "ok", "revision": head or ""}
