"""Chat and schedule routes: send a message, read the history, see and edit meetings."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status
from sqlalchemy.exc import IntegrityError

from companion_bot.ops import metrics
from companion_bot.ports import MessagePipeline
from companion_bot.storage import messages, schedules
from companion_bot.storage.models import UserSchedule
from companion_bot.storage.proactive_sessions import reset_after_reschedule

from .deps import CurrentPrincipal, CurrentUser, NowDep, SessionDep, SettingsDep
from .ratelimit import RateLimiter
from .schemas import (
    ChatOut,
    MessageIn,
    MessagePage,
    ScheduleList,
    ScheduleOut,
    SchedulePatch,
    message_out,
    schedule_out,
)
from .sse import StreamHub

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["chat"])

CHANNEL = "web"


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


@router.post(
    "/messages",
    responses={
        413: {"description": "Text longer than the limit"},
        422: {"description": "Empty text"},
        429: {"description": "More than messages_per_minute"},
    },
)
async def post_message(
    body: MessageIn,
    request: Request,
    user: CurrentPrincipal,
    settings: SettingsDep,
    now: NowDep,
) -> ChatOut:
    """Say something; returns the bot's reply and the meetings it created or changed."""
    if not body.text.strip():
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="Say something first.")
    if len(body.text) > settings.max_message_chars:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            detail=f"Message too long: {len(body.text)} characters; "
            f"the limit is {settings.max_message_chars}.",
        )
    limiter: RateLimiter = request.app.state.message_limiter
    wait = limiter.hit(user.user_id, now)
    if wait is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"Slow down: at most {settings.messages_per_minute} messages a minute.",
            headers={"Retry-After": str(int(wait))},
        )
    handler: MessagePipeline = request.app.state.message_handler
    result = await handler.handle(user_id=user.user_id, channel=CHANNEL, text=body.text, now=now)
    hub: StreamHub = request.app.state.hub
    hub.publish_message(result.user_message)
    hub.publish_message(result.reply)
    zone = _zone(user.timezone)
    return ChatOut(
        message=message_out(result.user_message),
        reply=message_out(result.reply),
        created=[schedule_out(s, zone) for s in result.created],
        updated=[schedule_out(s, zone) for s in result.updated],
        cancelled=[schedule_out(s, zone) for s in result.cancelled],
    )


@router.get("/messages")
async def list_messages(
    user: CurrentUser,
    session: SessionDep,
    before: Annotated[int | None, Query(ge=1, description="Messages older than this id.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> MessagePage:
    """The chat history on the web, a page at a time (oldest first within the page)."""
    rows = await messages.message_history(
        session, user_id=user.id, channel=CHANNEL, before_id=before, limit=limit
    )
    items = [message_out(m) for m in reversed(rows)]
    next_before = items[0].id if len(rows) == limit else None
    return MessagePage(items=items, next_before=next_before)


@router.get("/schedules")
async def list_schedules(user: CurrentUser, session: SessionDep, now: NowDep) -> ScheduleList:
    """Upcoming meetings (all channels), soonest first, times in the user's zone."""
    zone = _zone(user.timezone)
    rows = await schedules.upcoming_schedules(session, user_id=user.id, now=now)
    return ScheduleList(items=[schedule_out(s, zone) for s in rows], timezone=user.timezone)


@router.patch(
    "/schedules/{schedule_id}",
    responses={404: {"description": "No such schedule of yours"}, 409: {"description": "Clash"}},
)
async def patch_schedule(
    schedule_id: int, body: SchedulePatch, user: CurrentUser, session: SessionDep
) -> ScheduleOut:
    """Rename, move (start and/or end) or cancel a meeting."""
    schedule = await schedules.get_user_schedule(session, user_id=user.id, schedule_id=schedule_id)
    if schedule is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="No such schedule.")
    zone = _zone(user.timezone)
    before = _state(schedule)
    _apply_patch(schedule, body, zone)
    try:
        if (schedule.start_time, schedule.end_time) != before[2:]:
            # The new time gets its own reminder and check-in; the old time's are forgotten.
            await reset_after_reschedule(session, schedule_id=schedule.id)
        await session.commit()
    except IntegrityError as exc:
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail="You already have that meeting at that time."
        ) from exc
    after = _state(schedule)
    if after != before:
        cancelled = int(after[0] == "cancelled" != before[0])
        metrics.count_schedule_changes(cancelled=cancelled, updated=1 - cancelled)
    log.info(
        "schedule edited",
        extra={"action": "schedule_edited", "schedule_id": schedule.id, "user_id": user.id},
    )
    return schedule_out(schedule, zone)


def _state(schedule: UserSchedule) -> tuple[object, ...]:
    """What an edit can change (to tell an update or a cancellation from a no-op)."""
    return (schedule.status, schedule.event_name, schedule.start_time, schedule.end_time)


def _aware(value: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A time from the client: an offset is kept; without one it is the user's local time."""
    local = value if value.tzinfo is not None else value.replace(tzinfo=zone)
    return local.astimezone(dt.UTC)


def _apply_patch(schedule: UserSchedule, body: SchedulePatch, zone: zoneinfo.ZoneInfo) -> None:
    if body.event_name is not None:
        name = body.event_name.strip()
        if not name:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, detail="The name cannot be empty."
            )
        schedule.event_name = name
    start, end = schedule.start_time, schedule.end_time
    if body.start_time is not None:
        new_start = _aware(body.start_time, zone)
        if end is not None and body.end_time is None:
            end = end + (new_start - start)  # moving a meeting keeps its length
        start = new_start
    if body.end_time is not None:
        end = _aware(body.end_time, zone)
    if end is not None and end < start:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail="end_time is before start_time."
        )
    if start != schedule.start_time or end != schedule.end_time:
        schedule.start_time, schedule.end_time = start, end
        schedule.time_is_approximate = False
    if body.status is not None:
        schedule.status = body.status
