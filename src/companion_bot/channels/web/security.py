"""Password hashing and login tokens: pure helpers, no routes.

Passwords: argon2id through pwdlib. Logins: a random token, sent once to the client (HTTP-only
cookie for the page, or the JSON body for API clients); the database keeps only an HMAC of it
keyed with ``settings.secret_key``, so a leaked table cannot be replayed as cookies.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import logging
import os
import secrets
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from fastapi import HTTPException, Request, status
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from companion_bot.storage.notify import Listener, SignalFile, Topic

COOKIE_NAME = "companion_session"
SESSION_DAYS = 30
LOGIN_CACHE_TTL = dt.timedelta(seconds=10)

_T = TypeVar("_T")

log = logging.getLogger(__name__)

#: How much lower than the rest of the process password hashing runs (Linux ``nice``, which
#: goes up to 19).
HASHING_NICENESS = 10


#: ``Retry-After`` of a login refused because too many are already waiting for the hasher.
BUSY_RETRY_AFTER_SECONDS = 5


class PasswordsBusy(HTTPException):
    """Too many password checks already waiting: 429 with ``Retry-After``, at once."""

    def __init__(self) -> None:
        super().__init__(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail="Too many sign-ins right now; try again in a few seconds.",
            headers={"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)},
        )


class Passwords:
    """Argon2id hashing, run in worker threads of lowered CPU priority, at most
    ``concurrency`` at a time.

    Each hash takes a sizeable fraction of a second of CPU (on several threads of its own),
    so a flood of logins queues here, holding no database connection, instead of starving
    the event loop and every other request of CPU; past ``max_waiting`` queued checks a
    request is refused at once (:class:`PasswordsBusy`, a 429). Callers must not hold a
    database connection across these calls.
    """

    def __init__(self, *, concurrency: int = 2, max_waiting: int = 16) -> None:
        if concurrency < 1 or max_waiting < 0:
            raise ValueError("concurrency must be at least 1, max_waiting at least 0")
        self._hash = PasswordHash((Argon2Hasher(),))
        self._slots = asyncio.Semaphore(concurrency)
        self._threads = ThreadPoolExecutor(
            concurrency, thread_name_prefix="passwords", initializer=_yield_cpu
        )
        self._capacity = concurrency + max_waiting
        self._admitted = 0  # running or waiting for a slot
        # Verified when the username is unknown, so both cases take the same time.
        self._dummy: str | None = None

    async def _run(self, work: Callable[[], _T]) -> _T:
        if self._admitted >= self._capacity:
            raise PasswordsBusy()
        self._admitted += 1
        try:
            async with self._slots:
                return await asyncio.get_running_loop().run_in_executor(self._threads, work)
        finally:
            self._admitted -= 1

    def close(self) -> None:
        """Let the hashing threads go (a check already running finishes)."""
        self._threads.shutdown(wait=False)

    async def hash(self, password: str) -> str:
        return await self._run(lambda: self._hash.hash(password))

    async def verify(self, password: str, stored: str | None) -> bool:
        return await self._run(lambda: self._verify(password, stored))

    def _verify(self, password: str, stored: str | None) -> bool:  # in a worker thread
        if stored is None and self._dummy is None:
            self._dummy = self._hash.hash(secrets.token_urlsafe(16))
        target = stored or self._dummy or ""
        ok = self._hash.verify(password, target)
        return ok and stored is not None


def _yield_cpu() -> None:
    """Lower this hashing thread's CPU priority, so under a flood of logins the event loop
    (every other request) is scheduled first. Linux only: there ``nice`` is per thread, and
    the threads argon2 starts for its lanes inherit it."""
    if sys.platform != "linux":
        return
    try:
        thread = threading.get_native_id()
        niceness = os.getpriority(os.PRIO_PROCESS, thread) + HASHING_NICENESS
        os.setpriority(os.PRIO_PROCESS, thread, min(niceness, 19))
    except OSError as exc:  # a sandbox may forbid it; hashing still works, unlowered
        log.warning("cannot lower the priority of password hashing: %s", exc)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str, *, secret_key: str) -> str:
    """What the database stores for a login token (hex, 64 characters)."""
    return hmac.new(secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()


def token_from_request(request: Request) -> str | None:
    """The login token: ``Authorization: Bearer ...`` first, then the session cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(COOKIE_NAME) or None


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling, as the hot chat route needs it (no database row attached)."""

    user_id: int
    timezone: str


class LoginCache:
    """Logins checked recently, so each chat message skips a query.

    Used only while every process's changes reach this one: on PostgreSQL while
    ``listener`` is live (``Topic.LOGINS`` tells of logins that ended anywhere: logout, log
    out everywhere, password change, account deletion; and of changed details), on SQLite
    through ``signal`` (the same topic's signal file, which any process's commit grows; the
    whole cache is forgotten then). Otherwise (PostgreSQL while the connection is down, a
    database in memory) nothing is cached. Entries also expire after ``ttl``: the time zone
    they carry may be changed from Telegram.

    A lookup takes :meth:`version` before it reads the database and gives it to
    :meth:`put`: a login that ended while it was being read is then not kept.
    """

    def __init__(
        self,
        listener: Listener | None = None,
        *,
        signal: SignalFile | None = None,
        ttl: dt.timedelta = LOGIN_CACHE_TTL,
        max_entries: int = 10_000,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: dict[str, tuple[Principal, dt.datetime]] = {}
        self._listener = listener
        self._signal = signal
        self._signal_seen = signal.version() if signal is not None else 0
        self._forgets = 0  # how many times anything was forgotten
        if listener is not None:
            listener.subscribe(Topic.LOGINS, self._forget_payload)
            listener.on_reset(self._forget_all)

    @property
    def enabled(self) -> bool:
        return self._signal is not None or (self._listener is not None and self._listener.live)

    def version(self) -> int:
        """Changes whenever something is forgotten (checking the signal file first)."""
        if self._signal is not None:
            seen = self._signal.version()
            if seen != self._signal_seen:
                self._signal_seen = seen
                self._forget_all()
        return self._forgets

    def get(self, digest: str, now: dt.datetime) -> Principal | None:
        self.version()
        entry = self._entries.get(digest)
        if entry is None:
            return None
        if entry[1] <= now or not self.enabled:
            del self._entries[digest]
            return None
        return entry[0]

    def put(self, digest: str, principal: Principal, now: dt.datetime, *, version: int) -> None:
        """Keep a login read from the database after :meth:`version` gave ``version``."""
        if not self.enabled or self.version() != version:
            return
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._entries[digest] = (principal, now + self.ttl)

    def forget_user(self, user_id: int) -> None:
        self._forgets += 1
        for digest in [d for d, (p, _) in self._entries.items() if p.user_id == user_id]:
            del self._entries[digest]

    def _forget_all(self) -> None:
        self._forgets += 1
        self._entries.clear()

    def _forget_payload(self, payload: str) -> None:
        self.forget_user(int(payload))
