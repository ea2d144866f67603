"""Liveness and readiness probes."""

from __future__ import annotations

import asyncio
import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from companion_bot.storage.db import answered_within
from companion_bot.storage.migrate import current_revision, head_revision
from companion_bot.storage.outage import database_unavailable

from .outage import RETRY_AFTER_SECONDS

router = APIRouter(tags=["health"])

#: ``/readyz`` gives up on the database after this long (a load balancer's probe times out
#: too, and a hung connect must not look like a live instance).
READY_TIMEOUT_SECONDS = 2.0
#: How long a schema found current is trusted while the database keeps answering.
REVISION_RECHECK_SECONDS = 30.0


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


class NotReady(BaseModel):
    status: str = "not ready"
    database: str | None = None
    detail: str


@router.get(
    "/readyz",
    response_model=None,
    responses={
        503: {
            "model": NotReady,
            "description": "The database is unavailable (with Retry-After) or not migrated",
        }
    },
)
async def readyz(request: Request) -> JSONResponse | dict[str, str]:
    """The database answers (within 2 s) and is migrated to the code's schema; else 503.

    While other requests keep getting answers from the database (it answered one within the
    last 2 s) and the schema was found current within the last 30 s, the probe asks nothing:
    under a flood it is not queued behind the traffic it would report on."""
    state = request.app.state
    head = head_revision(state.settings.database_url)
    checked: float | None = getattr(state, "schema_current_at", None)
    if (
        checked is not None
        and time.monotonic() - checked < REVISION_RECHECK_SECONDS
        and answered_within(state.engine, READY_TIMEOUT_SECONDS)
    ):
        return {"status": "ready", "database": "ok", "revision": head or ""}
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            current = await current_revision(state.engine)
    except TimeoutError:
        return _not_ready(
            f"The database is unavailable: no answer within {READY_TIMEOUT_SECONDS:g} s."
        )
    except Exception as exc:
        if not database_unavailable(exc):
            raise
        return _not_ready(f"The database is unavailable ({type(exc).__name__}).")
    if current != head:
        detail = f"database at revision {current}, code expects {head}: run `companion-bot migrate`"
        return JSONResponse({"status": "not ready", "detail": detail}, status_code=503)
    state.schema_current_at = time.monotonic()
    return {"status": "ready", "database": "ok", "revision": head or ""}


def _not_ready(detail: str) -> JSONResponse:
    return JSONResponse(
        {"status": "not ready", "database": "unavailable", "detail": detail},
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
