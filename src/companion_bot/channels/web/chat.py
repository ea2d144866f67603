"""Chat and schedule routes: send a message, read the history, see and edit meetings."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import zoneinfo
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Header, HTTPException, Query, Request, Response, status
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Receive, Scope, Send

from companion_bot.config import zone_of
from companion_bot.ports import HandledMessage, MessagePipeline
from companion_bot.services import schedules as schedule_changes
from companion_bot.services.message_handler import (
    AlreadyReceivedError,
    ClientKeyReusedError,
)
from companion_bot.services.schedule_history import UNDO_WINDOW
from companion_bot.storage import messages, schedules

from .deps import CurrentUser, NowDep, Poster, PosterDep, SessionDep, get_poster
from .ratelimit import Limiter
from .schemas import (
    AUTH_ERRORS,
    BODY_ERRORS,
    DB_ID_MAX,
    WRITE_ERRORS,
    ChatOut,
    DbId,
    MessageIn,
    MessagePage,
    ScheduleList,
    ScheduleOut,
    SchedulePatch,
    UndoOffer,
    error,
    invalid,
    message_out,
    schedule_out,
)
from .sse import StreamHub

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["chat"], responses=AUTH_ERRORS)

CHANNEL = "web"
#: An ``Idempotency-Key``: 1 to 128 printable ASCII characters, no spaces (a UUID fits).
CLIENT_KEY = re.compile(r"[!-~]{1,128}")
BAD_KEY = "Idempotency-Key must be 1 to 128 printable ASCII characters without spaces, e.g. a UUID."
REPLY_PENDING = (
    "That message was received and the reply is on its way: "
    "send the same request again in a moment."
)
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=IDEMPOTENCY_HEADER,
        description="Optional, one per message (e.g. a UUID; 1 to 128 printable ASCII "
        "characters, no spaces). A retry with the same key stores nothing and returns the "
        "first message and reply, with 'Idempotent-Replayed: true'; 409 while that reply "
        "is still being written.",
    ),
]


async def post_message(
    body: MessageIn,
    request: Request,
    response: Response,
    poster: PosterDep,
    idempotency_key: IdempotencyKey = None,
) -> ChatOut:
    """Say something; returns the bot's reply, the meetings it created or changed, and
    (``undo``) the change ``POST /api/schedules/undo`` can take back.

    With an ``Idempotency-Key``, a retry of the same message (a lost answer, Enter pressed
    twice) is stored once: the retry returns the first message and reply, same ids, with
    empty meeting lists (the first answer reported those changes; ``GET /api/schedules``
    lists them) and the header ``Idempotent-Replayed: true``."""
    out, replayed = await _post(request, poster, body.text, idempotency_key)
    if replayed:
        response.headers[REPLAYED] = "true"
    return out


async def _post(
    request: Request, poster: Poster, text: str, idempotency_key: str | None
) -> tuple[ChatOut, bool]:
    """``POST /api/messages`` past its parameters: the answer, and whether it is a replay."""
    user, settings, now = poster.principal, poster.settings, poster.now
    if idempotency_key is not None and CLIENT_KEY.fullmatch(idempotency_key) is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=BAD_KEY)
    if not text.strip():
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="Say something first.")
    if len(text) > settings.max_message_chars:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            detail=f"Message too long: {len(text)} characters; "
            f"the limit is {settings.max_message_chars}.",
        )
    limiter: Limiter = request.app.state.message_limiter
    wait = await limiter.take(user.user_id, now)
    if wait is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"Slow down: at most {settings.messages_per_minute} messages a minute.",
            headers={"Retry-After": str(int(wait))},
        )
    handler: MessagePipeline = request.app.state.message_handler
    try:
        result = await handler.handle(
            user_id=user.user_id,
            channel=CHANNEL,
            text=text,
            now=now,
            client_key=idempotency_key,
        )
    except AlreadyReceivedError as exc:
        if exc.first is None:
            raise HTTPException(
                status.HTTP_409_CONFLICT, detail=REPLY_PENDING, headers={"Retry-After": "1"}
            ) from exc
        return _chat_out(exc.first, user.timezone), True
    except ClientKeyReusedError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=exc.user_message) from exc
    hub: StreamHub = request.app.state.hub
    hub.publish_message(result.user_message)
    hub.publish_message(result.reply)
    return _chat_out(result, user.timezone, _undo_offer(result)), False


class PostMessageRoute(APIRoute):
    """``POST /api/messages`` with a short way through for the common request, the route
    every chat message takes: FastAPI's generic handler (dependency solving, parameter
    extraction, response validation) costs more than the work it wraps.

    The short way reads the body as FastAPI does (``json.loads``, then ``MessageIn``), logs in
    by the same dependency (``get_poster``), reads the same header and writes ``ChatOut`` as
    FastAPI's serializer would. A body FastAPI would refuse or answer in any other way (not
    JSON, not a valid ``MessageIn``) goes to FastAPI's handler, so every error keeps its
    answer; the route, its parameters and its schema stay FastAPI's, for the OpenAPI docs."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        generic = super().get_route_handler()

        async def handle(request: Request) -> Response:
            # The first Content-Type decides for FastAPI (ApiGuard reads the last one).
            media_type = request.headers.get("content-type", "").partition(";")[0]
            if media_type.strip().lower() != "application/json":
                return await generic(request)
            try:
                body = MessageIn.model_validate(json.loads(await request.body()))
            except ValueError:  # not JSON, not a MessageIn: FastAPI's handler gives its answer
                return await generic(request)
            poster = await get_poster(request)
            key = request.headers.get(IDEMPOTENCY_HEADER)
            out, replayed = await _post(request, poster, body.text, key)
            response = Response(out.model_dump_json(), media_type="application/json")
            if replayed:
                response.headers.raw.append((REPLAYED.lower().encode(), b"true"))
            return response

        return handle


router.add_api_route(
    "/messages",
    post_message,
    methods=["POST"],
    route_class_override=PostMessageRoute,
    responses={
        **WRITE_ERRORS,
        **BODY_ERRORS,
        409: error(
            "The message with this Idempotency-Key was received and its reply is on its "
            "way (Retry-After says when to send the same request again)"
        ),
        413: error("Text longer than max_message_chars, or a body larger than 256 KiB"),
        422: invalid(
            "Empty text, an invalid field, an Idempotency-Key that is not 1 to 128 printable "
            "ASCII characters, or one already used for a different message"
        ),
        429: error("More than messages_per_minute (Retry-After says when to try again)"),
    },
)


class FirstMatch(BaseRoute):
    """Finds ``POST /api/messages`` ahead of the app's other routes: the route every chat
    message takes would otherwise be looked for among all the routes registered before it
    (each included router matched route by route), about 15 µs a message.

    It claims only what ``route``, the app's route that takes the request, matches fully,
    and hands it on as found: the scope, the handling, the 405 and 404 answers and the
    OpenAPI schema (which lists only API routes) stay the router's own."""

    def __init__(self, route: BaseRoute, *, method: str, path: str) -> None:
        self.route = route
        self.method = method
        self.path = path

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if (
            scope["type"] == "http"
            and scope["path"] == self.path
            and scope["method"] == self.method
            and not scope.get("root_path")
        ):
            match, child_scope = self.route.matches(scope)
            if match is Match.FULL:
                return match, child_scope
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.route.handle(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        raise NoMatchFound(name, path_params)


def route_messages_first(app: FastAPI) -> bool:
    """Put :class:`FirstMatch` for ``POST /api/messages`` first among ``app``'s routes, when
    no route before the one that takes it has any say on that request (else leave the
    order alone); whether it did."""
    method, path = "POST", f"{router.prefix}/messages"
    for route in app.router.routes:
        probe: Scope = {
            "type": "http",
            "method": method,
            "path": path,
            "root_path": "",
            "headers": [],
            "query_string": b"",
        }
        match, _ = route.matches(probe)
        if match is Match.FULL:
            app.router.routes.insert(0, FirstMatch(route, method=method, path=path))
            return True
        if match is not Match.NONE:
            return False
    return False


def _undo_offer(result: HandledMessage) -> UndoOffer | None:
    """What the reply's Undo takes back: the change the message made, while it is the one an
    undo would take back (read with the change, in its transaction)."""
    change = result.undo
    if change is None:
        return None
    changed = {s.id: s for s in (*result.created, *result.updated, *result.cancelled)}
    return UndoOffer.model_validate(
        {
            "schedule_id": change.schedule_id,
            "event_name": changed[change.schedule_id].event_name,
            "change": change.kind,
            "until": (change.changed_at + UNDO_WINDOW).astimezone(dt.UTC),
        }
    )


def _chat_out(result: HandledMessage, timezone: str, offer: UndoOffer | None = None) -> ChatOut:
    zone = zone_of(timezone)
    return ChatOut(
        message=message_out(result.user_message),
        reply=message_out(result.reply),
        created=[schedule_out(s, zone) for s in result.created],
        updated=[schedule_out(s, zone) for s in result.updated],
        cancelled=[schedule_out(s, zone) for s in result.cancelled],
        undo=offer,
    )


@router.get("/messages")
async def list_messages(
    user: CurrentUser,
    session: SessionDep,
    before: Annotated[
        int | None, Query(ge=1, le=DB_ID_MAX, description="Messages older than this id.")
    ] = None,
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
    zone = zone_of(user.timezone)
    rows = await schedules.upcoming_schedules(session, user_id=user.id, now=now)
    return ScheduleList(items=[schedule_out(s, zone) for s in rows], timezone=user.timezone)


@router.patch(
    "/schedules/{schedule_id}",
    responses={
        **WRITE_ERRORS,
        **BODY_ERRORS,
        404: error("No such schedule of yours"),
        409: error("You already have a meeting of that name at that time"),
        422: invalid("An invalid field, an empty name, or the end before the start"),
    },
)
async def patch_schedule(
    schedule_id: DbId, body: SchedulePatch, user: CurrentUser, session: SessionDep, now: NowDep
) -> ScheduleOut:
    """Rename, move (start and/or end; ``"end_time": null`` removes the end) or cancel a
    meeting (``POST /api/schedules/undo`` takes the change back for 10 minutes)."""
    schedule = await schedules.get_user_schedule(session, user_id=user.id, schedule_id=schedule_id)
    if schedule is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="No such schedule.")
    zone = zone_of(user.timezone)
    try:
        await schedule_changes.edit_schedule(
            session,
            user_id=user.id,
            schedule=schedule,
            event_name=body.event_name,
            start=None if body.start_time is None else _aware(body.start_time, zone),
            end=None if body.end_time is None else _aware(body.end_time, zone),
            drop_end="end_time" in body.model_fields_set and body.end_time is None,
            exact_time=not body.keep_approximate,
            status=body.status,
            channel=CHANNEL,
            via="web_panel",
            now=now,
        )
    except schedule_changes.ScheduleClashError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=exc.user_message) from exc
    except schedule_changes.ScheduleEditError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=exc.user_message) from exc
    await session.commit()
    return schedule_out(schedule, zone)


def _aware(value: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A time from the client: an offset is kept; without one it is the user's local time."""
    local = value if value.tzinfo is not None else value.replace(tzinfo=zone)
    return local.astimezone(dt.UTC)
