"""Per-key sliding-window rate limits: in process memory, or shared through Redis.

One process serves the web channel by default, and an in-memory window
(:class:`RateLimiter`) is exact there. With several processes (``serve --workers N``) each
would count only its own share, so a user could send N times the limit: there the windows
live in Redis (:class:`RedisRateLimiter`), one sorted set per key, and one Lua script trims,
counts and records a hit atomically: one round trip a request at most, and hits that arrive
together share one (:class:`ScriptBatch`).

Both give the same answers: at most ``limit`` hits per key within any ``window``, a refused
hit is not recorded (it does not extend the wait), and the wait is the whole seconds until
the oldest hit leaves the window (at least 1), for ``Retry-After``. The time is the caller's
``now`` (the app's clock), not Redis's, so a frozen clock in tests freezes both.

When Redis cannot be reached, a limit either degrades to the in-process window
(``Outage.LOCAL``: every process still enforces the limit, so at worst N times it across N
processes; the chat and the calendar feed) or refuses the request (``Outage.REFUSE``: the
caller answers 503; the login throttles, which guard passwords). Either way the fallback is
logged and counted (``companion_rate_limit_redis_errors_total``). After a failure Redis is
not asked again for ``RETRY_SECONDS``, so an outage costs no timeout per request.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import math
import os
import time
from collections import deque
from enum import StrEnum
from itertools import count
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import NoScriptError, RedisError
from sqlalchemy.engine import make_url

from companion_bot.ops import metrics

log = logging.getLogger(__name__)

WINDOW = dt.timedelta(minutes=1)
#: After Redis failed, how long each limiter uses its fallback before asking Redis again.
RETRY_SECONDS = 1.0
#: Redis must answer within this long, or the limit falls back (a hung server must not
#: hold every request).
REDIS_TIMEOUT_SECONDS = 0.5
KEY_PREFIX = "companion:web-rate"


class Limiter(Protocol):
    limit: int

    async def take(self, key: object, now: dt.datetime) -> float | None:
        """Record a hit and return ``None``, or refuse it and return seconds to wait."""
        ...


class LimiterUnavailableError(Exception):
    """A limit that refuses during a Redis outage could not be checked."""


def _wait(oldest: dt.datetime, horizon: dt.datetime) -> float:
    return max(1.0, float(math.ceil((oldest - horizon).total_seconds())))


class RateLimiter:
    """At most ``limit`` hits per key within any ``window``, in this process only."""

    def __init__(self, limit: int, *, window: dt.timedelta = WINDOW) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.window = window
        self._hits: dict[object, deque[dt.datetime]] = {}

    def hit(self, key: object, now: dt.datetime) -> float | None:
        """Record a hit and return ``None``, or refuse it and return seconds until a slot frees."""
        hits = self._hits.setdefault(key, deque())
        horizon = now - self.window
        while hits and hits[0] <= horizon:
            hits.popleft()
        if len(hits) >= self.limit:
            return _wait(hits[0], horizon)
        hits.append(now)
        if len(self._hits) > 10_000:
            self._forget_idle(horizon)
        return None

    async def take(self, key: object, now: dt.datetime) -> float | None:
        return self.hit(key, now)

    def _forget_idle(self, horizon: dt.datetime) -> None:
        idle = [key for key, hits in self._hits.items() if not hits or hits[-1] <= horizon]
        for key in idle:
            del self._hits[key]


# KEYS[1]: the key's window, a sorted set of hits scored by their time (microseconds).
# ARGV: now, window (both microseconds), limit, a member name unique to this hit.
# Returns -1 when the hit was recorded, else the microseconds until the oldest hit leaves.
_HIT = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local horizon = now - window
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', horizon)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) - horizon
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
return -1
"""

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _micros(moment: dt.datetime) -> int:
    return (moment - _EPOCH) // dt.timedelta(microseconds=1)


class Outage(StrEnum):
    """What a shared limit does while Redis cannot be reached."""

    LOCAL = "local"  # count in this process only (the limit holds per process)
    REFUSE = "refuse"  # raise LimiterUnavailableError (the caller answers 503)


class ScriptBatch:
    """Runs one Lua script for many callers, those that arrive together in one pipeline.

    The first call in a quiet moment goes out at once; calls made while a pipeline is on
    its way wait for it and then go together in the next (no timer, as group commit does
    for the database). Under the chat's load that is several hits a round trip: about a
    third of the client CPU of one call each (redis-py's command machinery is most of it).
    A script Redis does not know (a restarted server) is loaded and those calls sent again.
    """

    def __init__(self, redis: Redis, script: str) -> None:
        self._redis = redis
        self._script = script
        self._sha = hashlib.sha1(script.encode()).hexdigest()
        self._queue: list[tuple[str, tuple[str, ...], asyncio.Future[int]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def run(self, key: str, *args: str) -> int:
        """The script's integer reply for ``key`` and ``args``."""
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._queue.append((key, args, future))
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush(), name="companion-rate-limit")
        return await future

    async def _flush(self) -> None:
        try:
            while self._queue:
                batch, self._queue = self._queue, []
                try:
                    await self._send(batch)
                except Exception as exc:  # every caller sees the failure (RedisError, OSError)
                    for _, _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
        finally:
            self._flusher = None

    async def _send(self, batch: list[tuple[str, tuple[str, ...], asyncio.Future[int]]]) -> None:
        pipe = self._redis.pipeline(transaction=False)
        for key, args, _ in batch:
            pipe.evalsha(self._sha, 1, key, *args)
        results = await pipe.execute(raise_on_error=False)
        unknown = [
            item
            for item, result in zip(batch, results, strict=True)
            if isinstance(result, NoScriptError)
        ]
        if unknown:
            await self._redis.script_load(self._script)
            pipe = self._redis.pipeline(transaction=False)
            for key, args, _ in unknown:
                pipe.evalsha(self._sha, 1, key, *args)
            retried = iter(await pipe.execute(raise_on_error=False))
            results = [next(retried) if isinstance(r, NoScriptError) else r for r in results]
        for (_, _, future), result in zip(batch, results, strict=True):
            if future.done():  # its request went away meanwhile
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(int(result))


class RedisRateLimiter:
    """The same window in Redis, shared by every process using the same ``prefix``."""

    _serial = count()

    def __init__(
        self,
        redis: Redis,
        limit: int,
        *,
        name: str,
        outage: Outage,
        prefix: str = KEY_PREFIX,
        window: dt.timedelta = WINDOW,
    ) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.window = window
        self.name = name
        self.outage = outage
        self._prefix = f"{prefix}:{name}:"
        self._window_us_text = str(window // dt.timedelta(microseconds=1))
        self._limit_text = str(limit)
        self._batch = ScriptBatch(redis, _HIT)
        self._fallback = RateLimiter(limit, window=window)
        self._down_until = 0.0  # monotonic time before which Redis is not asked
        # Members are unique per hit across processes: pid, instance, serial.
        self._member = f"{os.getpid():x}.{time.time_ns():x}.{id(self):x}."
        self._longest_wait = float(math.ceil(window.total_seconds()))

    async def take(self, key: object, now: dt.datetime) -> float | None:
        if self._down_until and time.monotonic() < self._down_until:
            return self._without_redis(key, now)
        micros = _micros(now)
        try:
            wait_us = await self._batch.run(
                f"{self._prefix}{key}",
                str(micros),
                self._window_us_text,
                self._limit_text,
                self._next_member(),
            )
        except (RedisError, OSError) as exc:
            self._went_down(exc)
            return self._without_redis(key, now)
        if self._down_until:
            self._down_until = 0.0
            log.warning(
                "rate limit %s: Redis answers again, shared across processes",
                self.name,
                extra={"action": "rate_limit_redis_back", "limit": self.name},
            )
        if wait_us < 0:
            return None
        # Never more than the window (a hit another process stamped a moment after ``now``
        # could add a microsecond), never less than 1 s: the in-process limiter's range.
        return min(self._longest_wait, max(1.0, float(math.ceil(wait_us / 1_000_000))))

    def _next_member(self) -> str:
        return f"{self._member}{next(self._serial)}"

    def _went_down(self, exc: BaseException) -> None:
        first = not self._down_until
        self._down_until = time.monotonic() + RETRY_SECONDS
        if not first:
            return
        if self.outage is Outage.REFUSE:
            message = "rate limit %s: Redis unavailable, refusing until it answers"
            level = logging.ERROR
        else:
            message = "rate limit %s: Redis unavailable, limiting in this process only"
            level = logging.WARNING
        log.log(
            level,
            message,
            self.name,
            exc_info=exc,
            extra={"action": "rate_limit_redis_down", "limit": self.name},
        )

    def _without_redis(self, key: object, now: dt.datetime) -> float | None:
        metrics.RATE_LIMIT_REDIS_ERRORS.labels(self.name, self.outage.value).inc()
        if self.outage is Outage.REFUSE:
            raise LimiterUnavailableError(self.name)
        return self._fallback.hit(key, now)


def limits_prefix(database_url: str) -> str:
    """The Redis key prefix of one deployment's windows, named by its database (server and
    name, not the password): two deployments sharing a Redis do not share user ids' limits.
    """
    url = make_url(database_url)
    where = f"{url.get_backend_name()}://{url.host or ''}:{url.port or ''}/{url.database or ''}"
    return f"{KEY_PREFIX}:{hashlib.sha256(where.encode()).hexdigest()[:12]}"


def redis_client(url: str) -> Redis:
    """The connection pool the shared limiters of one process use."""
    client: Redis = Redis.from_url(
        url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )
    return client
