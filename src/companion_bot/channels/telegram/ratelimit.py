"""Telegram's sending limits (about 30 messages/s overall, about 1/s per chat), shared.

Two token buckets are taken together before each send: one for the whole bot, one for the
chat. With a Redis URL the buckets live in Redis and one small Lua script takes both
atomically, so every process that sends for the same bot (the web app, several Celery
workers) shares them. Without Redis an in-process bucket does the same for one process.

PTB's ``AIORateLimiter`` limits one process only; :class:`PTBRateLimiter` plugs these
buckets into PTB instead, so replies sent by handlers count against the same limits.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

#: Methods that send something to a chat; everything else (getMe, getUpdates...) is free.
SENDING_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendChatAction",
        "editMessageText",
        "editMessageReplyMarkup",
        "forwardMessage",
        "copyMessage",
    }
)


EPSILON = 1e-6  # seconds: a shorter wait is rounding, not a limit


@dataclass(frozen=True, slots=True)
class Limits:
    """Rates in messages per second and burst sizes, for the whole bot and for one chat."""

    global_rate: float = 30.0
    global_burst: float = 30.0
    chat_rate: float = 1.0
    chat_burst: float = 1.0


class SendLimiter(Protocol):
    async def acquire(self, chat_id: int | str | None) -> None:
        """Wait until a message to ``chat_id`` may go out (``None``: global limit only)."""
        ...

    async def close(self) -> None: ...


# KEYS[1] global bucket, KEYS[2] chat bucket (may equal KEYS[1] for no chat).
# ARGV: global rate, global burst, chat rate, chat burst. Each bucket is a hash {t, ts}.
# Returns 0 when both tokens were taken, else the milliseconds to wait (nothing is taken).
_TAKE_BOTH = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1000000

local function level(key, rate, burst)
  local state = redis.call('HMGET', key, 't', 'ts')
  local tokens = tonumber(state[1])
  local stamp = tonumber(state[2])
  if tokens == nil then
    return burst
  end
  return math.min(burst, tokens + math.max(0, now - stamp) * rate)
end

local g_rate, g_burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local c_rate, c_burst = tonumber(ARGV[3]), tonumber(ARGV[4])
local g = level(KEYS[1], g_rate, g_burst)
local wait = 0
if g < 1 then wait = (1 - g) / g_rate end
local c = nil
if KEYS[2] ~= KEYS[1] then
  c = level(KEYS[2], c_rate, c_burst)
  if c < 1 then wait = math.max(wait, (1 - c) / c_rate) end
end
if wait > 0 then
  return math.ceil(wait * 1000)
end
redis.call('HSET', KEYS[1], 't', g - 1, 'ts', now)
redis.call('EXPIRE', KEYS[1], math.ceil(g_burst / g_rate) + 1)
if c ~= nil then
  redis.call('HSET', KEYS[2], 't', c - 1, 'ts', now)
  redis.call('EXPIRE', KEYS[2], math.ceil(c_burst / c_rate) + 1)
end
return 0
"""


class RedisSendLimiter:
    """Buckets in Redis, shared by every process that uses the same ``prefix``.

    When Redis cannot be reached, sending goes on under an in-process limiter (logged),
    rather than stopping every reminder.
    """

    def __init__(self, redis: Redis, *, prefix: str, limits: Limits = Limits()) -> None:
        self._redis = redis
        self._prefix = prefix
        self._limits = limits
        self._script = redis.register_script(_TAKE_BOTH)
        self._fallback = LocalSendLimiter(limits=limits)

    @classmethod
    def from_url(cls, url: str, *, prefix: str, limits: Limits = Limits()) -> RedisSendLimiter:
        return cls(Redis.from_url(url), prefix=prefix, limits=limits)

    async def acquire(self, chat_id: int | str | None) -> None:
        global_key = f"{self._prefix}:global"
        chat_key = f"{self._prefix}:chat:{chat_id}" if chat_id is not None else global_key
        lim = self._limits
        while True:
            try:
                wait_ms = int(
                    await self._script(
                        keys=[global_key, chat_key],
                        args=[lim.global_rate, lim.global_burst, lim.chat_rate, lim.chat_burst],
                    )
                )
            except (RedisError, OSError) as exc:
                log.warning(
                    "telegram rate limit: Redis unavailable, limiting in this process only",
                    exc_info=exc,
                    extra={"action": "telegram_ratelimit_fallback"},
                )
                await self._fallback.acquire(chat_id)
                return
            if wait_ms <= 0:
                return
            await asyncio.sleep(wait_ms / 1000)

    async def close(self) -> None:
        await self._redis.aclose()


class _Bucket:
    __slots__ = ("rate", "burst", "tokens", "stamp")

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate, self.burst, self.tokens, self.stamp = rate, burst, burst, now

    def level(self, now: float) -> float:
        return min(self.burst, self.tokens + max(0.0, now - self.stamp) * self.rate)

    def take(self, now: float) -> None:
        self.tokens, self.stamp = self.level(now) - 1, now


class LocalSendLimiter:
    """The same two buckets in this process only (no Redis configured)."""

    def __init__(
        self,
        *,
        limits: Limits = Limits(),
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._limits = limits
        self._monotonic = monotonic
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._global = _Bucket(limits.global_rate, limits.global_burst, monotonic())
        self._chats: dict[int | str, _Bucket] = {}

    async def acquire(self, chat_id: int | str | None) -> None:
        while True:
            async with self._lock:
                wait = self._try_take(chat_id, self._monotonic())
            if wait <= 0:
                return
            await self._sleep(wait)

    def _try_take(self, chat_id: int | str | None, now: float) -> float:
        """Take both tokens and return 0, or return the seconds to wait (taking nothing)."""
        lim = self._limits
        chat = None
        if chat_id is not None:
            chat = self._chats.get(chat_id)
            if chat is None:
                chat = self._chats[chat_id] = _Bucket(lim.chat_rate, lim.chat_burst, now)
        wait = max(0.0, (1 - self._global.level(now)) / lim.global_rate)
        if chat is not None:
            wait = max(wait, (1 - chat.level(now)) / lim.chat_rate)
        if wait > EPSILON:
            return wait
        self._global.take(now)
        if chat is not None:
            chat.take(now)
        self._forget_full_chats(now)
        return 0.0

    def _forget_full_chats(self, now: float) -> None:
        if len(self._chats) > 10_000:
            self._chats = {k: b for k, b in self._chats.items() if b.level(now) < b.burst}

    async def close(self) -> None:
        return None


def make_send_limiter(redis_url: str, *, bot_token: str, limits: Limits = Limits()) -> SendLimiter:
    """A Redis limiter when ``redis_url`` is set, else an in-process one.

    The Redis keys are per bot, named by the bot's numeric id (the token's public part).
    """
    if not redis_url:
        return LocalSendLimiter(limits=limits)
    bot_id = bot_token.split(":", 1)[0] or "bot"
    return RedisSendLimiter.from_url(redis_url, prefix=f"companion:tg-rate:{bot_id}", limits=limits)


class PTBRateLimiter(BaseRateLimiter[None]):
    """Plugs a :class:`SendLimiter` into python-telegram-bot (``ApplicationBuilder``)."""

    def __init__(self, limiter: SendLimiter) -> None:
        self._limiter = limiter

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        """Called by the bot's shutdown: the limiter's Redis connection closes with it."""
        await self._limiter.close()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint in SENDING_METHODS:
            await self._limiter.acquire(data.get("chat_id"))
        return await callback(*args, **kwargs)
