"""Signals between processes: PostgreSQL's LISTEN/NOTIFY; on SQLite, a file per topic.

A write path calls :func:`publish` inside its transaction; PostgreSQL delivers the payload at
commit to every process whose :class:`Listener` listens on that topic. The publisher's own
listeners get it at once, as the commit returns (so the request that ended a login never finds
it cached a moment later), and usually again from PostgreSQL: callbacks must be idempotent.

SQLite has no notifications, and all its processes share one host: there a commit that
published on a topic appends one byte to the topic's signal file beside the database
(``companion.db-companion_bot_logins``), and a process that keeps state fresh checks the
file's size (:class:`SignalFile`, one ``stat`` call): it only grows, so any change of size
means something was published since. The payload is not kept: whoever watches forgets all.

A notification sent while a listener is disconnected is lost, so state kept fresh by them
(a cache) is trusted only while :attr:`Listener.live`, and is cleared on every reconnection
(``on_reset``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import weakref
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import event, func, select
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from companion_bot.storage.db import plain_url

log = logging.getLogger(__name__)


class Topic(StrEnum):
    """What a notification is about; the value is the PostgreSQL channel name."""

    #: Payload: a user id whose logins ended or whose cached login details changed.
    LOGINS = "companion_bot_logins"
    #: Payload: a user id with a new web message (sent by a trigger, migration 0006).
    MESSAGES = "companion_bot_messages"
    #: A meeting was booked, moved or cancelled (sent by a trigger, migration 0006).
    SCHEDULES = "companion_bot_schedules"


Callback = Callable[[str], None]

#: How a listener's connection shows in ``pg_stat_activity``.
APPLICATION_NAME = "companion-bot listener"


async def publish(session: AsyncSession, topic: Topic, payload: str) -> None:
    """Tell every listening process about ``payload`` when this transaction commits (a
    rollback sends nothing). On SQLite, the commit grows the topic's signal file instead."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        await session.execute(select(func.pg_notify(topic.value, payload)))
        dsn = _dsn(bind.engine.url)
        session.sync_session.info.setdefault(_LOCAL, []).append((dsn, topic, payload))
        return
    path = signal_path(bind.engine.url, topic)
    if path is not None:
        session.sync_session.info.setdefault(_SIGNALS, set()).add(path)


def signal_path(url: URL, topic: Topic) -> Path | None:
    """The signal file of ``topic`` for the SQLite database at ``url`` (``None`` for a
    database in memory, which no other process can open)."""
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(f"{database}-{topic.value}")


class SignalFile:
    """Watches one signal file: :meth:`version` changes whenever a commit has published on
    its topic since the last call, in this process or another."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def version(self) -> int:
        try:
            return os.stat(self.path).st_size
        except FileNotFoundError:
            return 0


_SIGNALS = "companion_signal_files"
_LOCAL = "companion_local_notifications"
#: This process's listeners, told of its own commits' notifications without a round trip.
_LISTENERS: weakref.WeakSet[Listener] = weakref.WeakSet()


def _dsn(url: str | URL) -> str:
    return plain_url(url).render_as_string(hide_password=False)


@event.listens_for(Session, "after_commit")
def _grow_signal_files(session: Session) -> None:
    if session.in_nested_transaction():
        return  # only the outermost commit makes the change visible
    for path in session.info.pop(_SIGNALS, ()):
        try:
            with open(path, "ab") as signal:
                signal.write(b".")
        except OSError:
            # Watchers then learn of the change only when what they keep expires.
            log.exception("cannot grow the signal file %s", path)


@event.listens_for(Session, "after_commit")
def _deliver_locally(session: Session) -> None:
    if session.in_nested_transaction():
        return
    for dsn, topic, payload in session.info.pop(_LOCAL, ()):
        for listener in list(_LISTENERS):
            if listener.dsn == dsn:
                listener.deliver(topic, payload)


@event.listens_for(Session, "after_rollback")
def _drop_signals(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_SIGNALS, None)
        session.info.pop(_LOCAL, None)


class Listener:
    """One dedicated PostgreSQL connection listening on every subscribed topic.

    Reconnects after ``retry_seconds`` when the connection is lost, and checks it every
    ``check_seconds`` (a lost connection is not always noticed otherwise). Callbacks run on
    the event loop and must be quick.
    """

    def __init__(
        self, url: str | URL, *, retry_seconds: float = 1.0, check_seconds: float = 5.0
    ) -> None:
        self.dsn = _dsn(url)
        self.retry_seconds = retry_seconds
        self.check_seconds = check_seconds
        self._callbacks: dict[Topic, list[Callback]] = {}
        self._resets: list[Callable[[], None]] = []
        self._task: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()
        self._live = False

    @property
    def live(self) -> bool:
        """Whether notifications are arriving now (connected and listening)."""
        return self._live

    def subscribe(self, topic: Topic, callback: Callback) -> None:
        """Call ``callback(payload)`` for each notification on ``topic`` (before ``start``)."""
        self._callbacks.setdefault(topic, []).append(callback)
        _LISTENERS.add(self)

    def on_reset(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` whenever listening (re)starts or stops: what was sent in
        between is lost."""
        self._resets.append(callback)

    async def start(self) -> None:
        """Connect in the background (the first attempt is awaited, so a reachable database
        is listened to from the first request on)."""
        connected = asyncio.get_running_loop().create_future()
        self._task = asyncio.create_task(self._run(connected), name="notify-listener")
        await connected

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self, started: asyncio.Future[None]) -> None:
        while True:
            try:
                connection = await asyncpg.connect(
                    self.dsn, timeout=5, server_settings={"application_name": APPLICATION_NAME}
                )
            except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
                log.warning("cannot listen for notifications (%s); retrying", exc)
            else:
                try:
                    await self._listen(connection, started)
                except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
                    log.warning("notification connection lost (%s); reconnecting", exc)
                finally:
                    self._set_live(False)
                    connection.terminate()
            if not started.done():
                started.set_result(None)
            await asyncio.sleep(self.retry_seconds)

    async def _listen(self, connection: asyncpg.Connection, started: asyncio.Future[None]) -> None:
        self._lost.clear()
        connection.add_termination_listener(lambda _connection: self._lost.set())
        for topic in self._callbacks:
            await connection.add_listener(topic.value, self._deliver)
        self._set_live(True)
        if not started.done():
            started.set_result(None)
        while True:
            try:
                await asyncio.wait_for(self._lost.wait(), self.check_seconds)
                return  # the connection closed
            except TimeoutError:
                await connection.fetchval("SELECT 1", timeout=self.check_seconds)

    def _set_live(self, live: bool) -> None:
        self._live = live
        for reset in self._resets:
            reset()

    def deliver(self, topic: Topic, payload: str) -> None:
        """Run the callbacks subscribed to ``topic`` (a handler's failure is logged)."""
        for callback in self._callbacks.get(topic, ()):
            try:
                callback(payload)
            except Exception:
                log.exception("notification handler failed on %s", topic.value)

    def _deliver(self, _connection: Any, _pid: int, channel: str, payload: str) -> None:
        self.deliver(Topic(channel), payload)
