"""The live stream: Server-Sent Events at ``/api/stream``, fed by an in-process hub.

Every web message of a user (their own and the bot's: replies and proactive ones) is pushed
to each open page as ``event: message`` with the database id as the event id. A page that
reconnects sends ``Last-Event-ID`` (browsers do this themselves) or ``?since=<id>`` and gets
what it missed from the database first.

Messages stored by another process (another ``serve`` worker, a Celery worker, ``jobs
run-once``) arrive too: on PostgreSQL a trigger notifies every process at commit and the
hub has the user's open pages read the database at once (:meth:`StreamHub.poke`); on SQLite,
or while PostgreSQL's notifications are down, each open page looks in the database every
:data:`POLL_SECONDS`. Idle streams send a keep-alive comment. A stream ends after
``max_stream_seconds`` and asks the browser to reconnect after :data:`RENEW_RETRY_MS`
rather than :data:`RETRY_MS`: what was stored in between is replayed without a 2 s gap.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.storage import messages
from companion_bot.storage.models import Message
from companion_bot.storage.notify import Listener, Topic

from .deps import CurrentUser, SessionDep
from .schemas import AUTH_ERRORS, DB_ID_MAX, message_payload

log = logging.getLogger(__name__)
router = APIRouter(tags=["live"])

CHANNEL = "web"
RETRY_MS = 2000
#: The reconnection delay sent just before a stream's planned end (``max_stream_seconds``):
#: the page comes straight back, so a message stored meanwhile still shows within 2 s.
RENEW_RETRY_MS = 250
#: How often an open page reads the database when no notification would tell it to.
POLL_SECONDS = 1.0


class Signal(Enum):
    """What a page's queue holds besides events."""

    END = "end"  # end this stream
    RECHECK = "recheck"  # something was stored elsewhere: read the database


@dataclass(frozen=True, slots=True)
class StreamEvent:
    id: int
    data: str  # JSON text
    event: str = "message"

    def encode(self) -> bytes:
        return f"id: {self.id}\nevent: {self.event}\ndata: {self.data}\n\n".encode()

    @classmethod
    def for_message(cls, message: Message) -> StreamEvent:
        return cls(id=message.id, data=json.dumps(message_payload(message)))


@dataclass(eq=False)
class Subscription:
    """One open page: a bounded queue of events and signals."""

    user_id: int
    queue: asyncio.Queue[StreamEvent | Signal] = field(
        default_factory=lambda: asyncio.Queue(maxsize=256)
    )
    recheck_queued: bool = False


class StreamHub:
    """Pushes events to every open page of a user, within this process; with a
    ``listener`` (PostgreSQL), also has pages read what other processes stored."""

    def __init__(
        self,
        listener: Listener | None = None,
        *,
        keepalive_seconds: float = 15.0,
        max_stream_seconds: float = 25.0,
    ) -> None:
        self.keepalive_seconds = keepalive_seconds
        # Streams end after this long (the browser reconnects with Last-Event-ID after
        # RETRY_MS and misses nothing), so a graceful server shutdown, which waits for open
        # responses before the lifespan ends, never waits longer than this on open pages.
        self.max_stream_seconds = max_stream_seconds
        self._pages: dict[int, set[Subscription]] = {}
        self._listener = listener
        if listener is not None:
            listener.subscribe(Topic.MESSAGES, lambda payload: self.poke(int(payload)))
            listener.on_reset(self.poke_all)  # what was stored meanwhile was not announced

    @property
    def poll_seconds(self) -> float:
        """How often an idle page reads the database: rarely while notifications arrive."""
        if self._listener is not None and self._listener.live:
            return self.keepalive_seconds
        return min(POLL_SECONDS, self.keepalive_seconds)

    def subscribe(self, user_id: int) -> Subscription:
        sub = Subscription(user_id)
        self._pages.setdefault(user_id, set()).add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        pages = self._pages.get(sub.user_id)
        if pages is not None:
            pages.discard(sub)
            if not pages:
                del self._pages[sub.user_id]

    def open_pages(self, user_id: int) -> int:
        return len(self._pages.get(user_id, ()))

    def publish(self, user_id: int, event: StreamEvent) -> int:
        """Queue ``event`` for each open page of the user; returns how many pages got it."""
        delivered = 0
        for sub in list(self._pages.get(user_id, ())):
            if self._put(sub, event):
                delivered += 1
        return delivered

    def poke(self, user_id: int) -> None:
        """Have each open page of the user read the database (another process stored a
        message for them); one pending read per page is enough."""
        for sub in list(self._pages.get(user_id, ())):
            if not sub.recheck_queued:
                sub.recheck_queued = self._put(sub, Signal.RECHECK)

    def poke_all(self) -> None:
        for user_id in list(self._pages):
            self.poke(user_id)

    def _put(self, sub: Subscription, item: StreamEvent | Signal) -> bool:
        try:
            sub.queue.put_nowait(item)
            return True
        except asyncio.QueueFull:
            # A stalled page: end its stream; on reconnect it replays from the database.
            self.unsubscribe(sub)
            _end(sub)
            log.warning(
                "stream queue full", extra={"action": "stream_dropped", "user_id": sub.user_id}
            )
            return False

    def publish_message(self, message: Message) -> int:
        if message.user_id not in self._pages:
            return 0  # no open page in this process: nothing to encode
        return self.publish(message.user_id, StreamEvent.for_message(message))

    def close(self) -> None:
        """End every open stream (server shutdown)."""
        for pages in list(self._pages.values()):
            for sub in list(pages):
                _end(sub)
        self._pages.clear()


def _end(sub: Subscription) -> None:
    while True:
        try:
            sub.queue.put_nowait(Signal.END)
            return
        except asyncio.QueueFull:
            sub.queue.get_nowait()


def _parse_id(value: str | None) -> int | None:
    """A ``Last-Event-ID`` the browser sends back; anything but an id in range is ignored."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(DB_ID_MAX)):
        return None
    number = int(text)
    return number if number <= DB_ID_MAX else None


@router.get(
    "/api/stream",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "SSE stream"},
        **AUTH_ERRORS,
    },
)
async def stream(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    since: Annotated[
        int | None, Query(ge=0, le=DB_ID_MAX, description="Replay messages after this id.")
    ] = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """Live messages as Server-Sent Events (``event: message``, ``id`` = message id)."""
    after = _parse_id(last_event_id)
    if after is None:
        after = since
    if after is None:
        after = await messages.last_message_id(session, user_id=user.id, channel=CHANNEL)
    await session.close()  # do not hold a database connection while the stream is open
    hub: StreamHub = request.app.state.hub
    events = _events(hub, request.app.state.sessionmaker, user.id, after)
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(events, media_type="text/event-stream", headers=headers)


class _Seen:
    """What a stream has sent. Two transactions for one user can commit out of id order, so a
    single "last id" would drop the late one: ids above ``floor`` are remembered instead, and
    each idle poll re-reads from the previous poll's high mark."""

    def __init__(self, after: int) -> None:
        self.floor = self.next_floor = self.high = after
        self.ids: set[int] = set()

    def take(self, event: StreamEvent) -> bool:
        if event.id <= self.floor or event.id in self.ids:
            return False
        self.ids.add(event.id)
        self.high = max(self.high, event.id)
        return True

    def settle(self) -> None:
        self.floor, self.next_floor = self.next_floor, self.high
        self.ids = {i for i in self.ids if i > self.floor}


async def _events(
    hub: StreamHub, sessions: async_sessionmaker[AsyncSession], user_id: int, after: int
) -> AsyncIterator[bytes]:
    sub = hub.subscribe(user_id)  # before the replay, so nothing falls in between
    log.info("stream opened", extra={"action": "stream_opened", "user_id": user_id})
    loop = asyncio.get_running_loop()
    deadline = loop.time() + hub.max_stream_seconds
    seen = _Seen(after)
    try:
        yield f"retry: {RETRY_MS}\n\n".encode()
        async for event in _replay(sessions, user_id, seen.floor):
            if seen.take(event):
                yield event.encode()
        yield b": connected\n\n"  # subscribed and caught up
        quiet_since = settled_at = loop.time()
        while (remaining := deadline - loop.time()) > 0:
            try:
                item = await asyncio.wait_for(
                    sub.queue.get(), timeout=min(hub.poll_seconds, remaining)
                )
            except TimeoutError:
                item = None  # time to look in the database ourselves
            if item is Signal.END:
                break
            if isinstance(item, StreamEvent):
                if seen.take(item):
                    quiet_since = loop.time()
                    yield item.encode()
                continue
            sub.recheck_queued = False
            async for event in _replay(sessions, user_id, seen.floor):
                if seen.take(event):
                    quiet_since = loop.time()
                    yield event.encode()
            if item is None and loop.time() - settled_at >= hub.keepalive_seconds:
                # Ids a transaction took long before committing still show within this time.
                settled_at = loop.time()
                seen.settle()
            if loop.time() - quiet_since >= hub.keepalive_seconds:
                quiet_since = loop.time()
                yield b": keep-alive\n\n"
        else:  # the planned end, not a shutdown: reconnect at once (the next stream says 2 s)
            yield f"retry: {RENEW_RETRY_MS}\n\n".encode()
    finally:
        hub.unsubscribe(sub)
        log.info("stream closed", extra={"action": "stream_closed", "user_id": user_id})


async def _replay(
    sessions: async_sessionmaker[AsyncSession], user_id: int, after: int
) -> AsyncIterator[StreamEvent]:
    """Messages stored after ``after``, oldest first, in batches."""
    while True:
        async with sessions() as session:
            batch = await messages.messages_after(
                session, user_id=user_id, channel=CHANNEL, after_id=after
            )
        for message in batch:
            after = message.id
            yield StreamEvent.for_message(message)
        if len(batch) < messages.REPLAY_BATCH:
            return
