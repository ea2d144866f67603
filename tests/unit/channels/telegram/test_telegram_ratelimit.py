"""The in-process token buckets (the fallback without Redis), on a fake clock."""

from __future__ import annotations

import pytest

from companion_bot.channels.telegram.ratelimit import Limits, LocalSendLimiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


def _limiter(fake: FakeTime, limits: Limits | None = None) -> LocalSendLimiter:
    return LocalSendLimiter(limits=limits or Limits(), monotonic=fake.monotonic, sleep=fake.sleep)


async def test_one_chat_gets_one_message_a_second(fake: FakeTime) -> None:
    limiter = _limiter(fake)
    for _ in range(3):
        await limiter.acquire(42)
    assert fake.waits == [1.0, 1.0]


async def test_different_chats_share_the_global_rate(fake: FakeTime) -> None:
    limiter = _limiter(fake)
    for chat in range(31):
        await limiter.acquire(chat)
    assert fake.waits == [round(1 / 30, 6)]  # the 31st waits for a global token


async def test_global_only_without_a_chat(fake: FakeTime) -> None:
    limiter = _limiter(fake, Limits(global_rate=2, global_burst=1))
    await limiter.acquire(None)
    await limiter.acquire(None)
    assert fake.waits == [0.5]


async def test_tokens_refill_while_idle(fake: FakeTime) -> None:
    limiter = _limiter(fake)
    await limiter.acquire(7)
    fake.now += 5
    await limiter.acquire(7)
    assert fake.waits == []
