"""Calendar feed and import on the web.

``GET /calendar/<token>.ics`` is the feed a calendar app subscribes to: no login, the token
in the address is the secret (stored only as its HMAC, as login tokens are). ``/api/calendar``
shows, makes (or replaces) and turns off the user's one feed link; the link is in the answer
to the POST only. ``POST /api/calendar/import`` takes an ``.ics`` file as a
``text/calendar`` body and adds its upcoming events as meetings.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Final

from fastapi import APIRouter, FastAPI, HTTPException, Request, Response, status
from pydantic import BaseModel, Field

from companion_bot.config import zone_of
from companion_bot.services import calendar_feed, calendar_import
from companion_bot.storage import calendar_feeds

from .deps import CurrentUser, NowDep, SessionDep, SettingsDep
from .ratelimit import Limiter
from .schemas import AUTH_ERRORS, WRITE_ERRORS, ErrorOut, IsoTime, error
from .security import new_token, token_hash

log = logging.getLogger(__name__)

#: The media type of an uploaded calendar file (the guard takes it on this path alone).
ICS_MEDIA_TYPE: Final = "text/calendar"
IMPORT_PATH: Final = "/api/calendar/import"
#: Feed reads of one link per minute (calendar apps read every few minutes to hours).
FEED_READS_PER_MINUTE: Final = 30
#: What :func:`.security.new_token` makes (43 URL-safe characters), with room to spare.
TOKEN_SHAPE: Final = re.compile(r"[A-Za-z0-9_-]{20,128}")
NO_FEED: Final = "No calendar feed at this address: the link was turned off or replaced."
TOO_LARGE: Final = (
    f"That file is larger than {calendar_import.MAX_FILE_BYTES // (1024 * 1024)} MiB: export "
    "a shorter time span from your calendar app and try again."
)

feed_router = APIRouter(tags=["calendar"])
router = APIRouter(prefix="/api/calendar", tags=["calendar"], responses=AUTH_ERRORS)


class CalendarResponse(Response):
    media_type = ICS_MEDIA_TYPE


def _json_error(description: str) -> dict[str, Any]:
    """An error of the feed route: ``{"detail": …}`` as JSON (``error()`` would document it
    as the route's own ``text/calendar``)."""
    schema = {"$ref": f"#/components/schemas/{ErrorOut.__name__}"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


class CalendarFeedOut(BaseModel):
    enabled: bool = Field(description="Whether you have a live feed link.")
    created_at: IsoTime | None = Field(description="When the live link was made.")
    url: str | None = Field(
        description="The link to subscribe to: only in the answer to POST (it is stored only "
        "as a hash, so it cannot be shown again; make a new one instead)."
    )


class CalendarImportOut(BaseModel):
    added: int = Field(description="Upcoming events added as meetings.")
    recurring: int = Field(
        description="Of those added, repeating events added as one repeating meeting each."
    )
    duplicates: int = Field(description="Already on your list, or imported before.")
    past: int = Field(
        description="Events that started before now (all-day: before today); repeating ones "
        "with no occurrence left."
    )
    recurring_skipped: int = Field(
        description="Repeating events that cannot be kept: all-day, hourly, with RDATE, or "
        "one changed occurrence of a series (RECURRENCE-ID)."
    )
    cancelled: int = Field(description="Events marked cancelled.")
    invalid: int = Field(description="Events without a readable start.")
    text: str = Field(description='The summary as a sentence ("Added 3 meetings; …").')


def install(app: FastAPI) -> None:
    """The feed and the calendar API on ``app`` (the feed's rate limit is
    ``app.state.feed_limiter``, see ``app.install_limiters``)."""
    app.include_router(feed_router)
    app.include_router(router)


@feed_router.get(
    "/calendar/{token}.ics",
    name="calendar_feed",
    response_class=CalendarResponse,
    responses={
        200: {"description": "Your meetings from 30 days ago on, as iCalendar (RFC 5545)"},
        404: _json_error("No live feed has this token (never made, replaced or turned off)"),
        429: _json_error(
            f"Read more than {FEED_READS_PER_MINUTE} times a minute (see Retry-After)"
        ),
    },
)
async def read_feed(
    token: str, request: Request, session: SessionDep, settings: SettingsDep, now: NowDep
) -> Response:
    """The calendar feed: subscribe to this address in a calendar app. No login: the token
    is the secret. Meetings and reminders from 30 days ago on; cancelled ones drop out."""
    if TOKEN_SHAPE.fullmatch(token) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NO_FEED)
    digest = token_hash(token, secret_key=settings.secret_key)
    limiter: Limiter = request.app.state.feed_limiter
    wait = await limiter.take(digest, now)
    if wait is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail="This calendar feed is read too often; try again in a minute.",
            headers={"Retry-After": str(int(wait))},
        )
    user = await calendar_feeds.feed_owner(session, token_hash=digest)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NO_FEED)
    rows = await calendar_feeds.feed_schedules(
        session,
        user_id=user.id,
        since=now - calendar_feed.HISTORY,
        limit=calendar_feed.MAX_EVENTS,
    )
    repeating = await calendar_feeds.feed_series(
        session, user_id=user.id, since=now - calendar_feed.HISTORY
    )
    body = calendar_feed.feed_calendar(
        rows,
        zone=zone_of(user.timezone),
        series=[calendar_feed.FeedSeries(s, occurrences) for s, occurrences in repeating],
    )
    return CalendarResponse(
        body,
        headers={
            "Cache-Control": "private, max-age=300",
            "Content-Disposition": 'inline; filename="companion-bot.ics"',
        },
    )


@router.get("")
async def feed_status(user: CurrentUser, session: SessionDep) -> CalendarFeedOut:
    """Whether you have a live calendar feed link, and since when (not the link itself)."""
    feed = await calendar_feeds.feed_of(session, user_id=user.id)
    return CalendarFeedOut(
        enabled=feed is not None, created_at=feed.created_at if feed else None, url=None
    )


@router.post("", status_code=status.HTTP_201_CREATED, responses=WRITE_ERRORS)
async def create_feed(
    request: Request, user: CurrentUser, session: SessionDep, settings: SettingsDep, now: NowDep
) -> CalendarFeedOut:
    """Make your calendar feed link, or a new one in place of the old, which stops working
    at once. The answer holds the link: it is shown this once."""
    token = new_token()
    digest = token_hash(token, secret_key=settings.secret_key)
    feed = await calendar_feeds.replace_feed(session, user_id=user.id, token_hash=digest, now=now)
    created_at = feed.created_at
    await session.commit()
    log.info(
        "calendar feed link made", extra={"action": "calendar_feed_created", "user_id": user.id}
    )
    url = str(request.url_for("calendar_feed", token=token))
    return CalendarFeedOut(enabled=True, created_at=created_at, url=url)


@router.delete("", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE_ERRORS)
async def delete_feed(user: CurrentUser, session: SessionDep) -> Response:
    """Turn your calendar feed off: its link stops working at once (also when there was
    none: nothing changes then)."""
    if await calendar_feeds.delete_feed(session, user_id=user.id):
        await session.commit()
        extra = {"action": "calendar_feed_deleted", "user_id": user.id}
        log.info("calendar feed turned off", extra=extra)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/import",
    responses={
        **{code: WRITE_ERRORS[code] for code in (403, 411)},
        413: error(f"A file larger than {calendar_import.MAX_FILE_BYTES // 1024} KiB"),
        415: error(f"Not sent as 'Content-Type: {ICS_MEDIA_TYPE}'"),
        422: error(
            "Not an iCalendar file, or more than "
            f"{calendar_import.MAX_UPCOMING} upcoming events in it; nothing was added"
        ),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "The .ics file, as it is.",
            "content": {ICS_MEDIA_TYPE: {"schema": {"type": "string"}}},
        }
    },
)
async def import_file(
    request: Request, user: CurrentUser, session: SessionDep, now: NowDep
) -> CalendarImportOut:
    """Add the upcoming events of an ``.ics`` file as meetings (send the file itself as the
    body, ``Content-Type: text/calendar``). Times keep their zone; times without one are
    read in yours; all-day events become meetings for that day; a repeating event (RRULE)
    becomes one repeating meeting. Skipped and counted: events already on your list or
    imported before, past, repeating in a way that cannot be kept, cancelled and unreadable
    ones."""
    data = await _read_file(request)
    try:
        summary = await calendar_import.import_calendar(
            session, user_id=user.id, zone=zone_of(user.timezone), data=data, now=now
        )
    except calendar_import.CalendarFileError as exc:
        await session.rollback()
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=exc.user_message) from exc
    await session.commit()
    return CalendarImportOut(
        added=summary.added,
        recurring=summary.recurring,
        duplicates=summary.duplicates,
        past=summary.past,
        recurring_skipped=summary.recurring_skipped,
        cancelled=summary.cancelled,
        invalid=summary.invalid,
        text=calendar_import.describe(summary),
    )


async def _read_file(request: Request) -> bytes:
    """The request body, refused with 413 as soon as it passes the size limit."""
    limit = calendar_import.MAX_FILE_BYTES
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail=TOO_LARGE)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail=TOO_LARGE)
        chunks.append(chunk)
    return b"".join(chunks)
