"""Fakes shared by the tests and the benchmarks: a frozen clock and a recording sender."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from companion_bot.ports import DeliveryResult, DeliveryStatus, OutboundMessage


class FrozenClock:
    """A clock that stands still until told to move."""

    def __init__(self, now: dt.datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("FrozenClock needs an aware datetime")
        self._now = now

    def now(self) -> dt.datetime:
        return self._now.astimezone(dt.UTC)

    def set(self, now: dt.datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("FrozenClock needs an aware datetime")
        self._now = now

    def advance(self, delta: dt.timedelta) -> None:
        self._now += delta


@dataclass
class FakeSender:
    """Records every message; answers with ``results`` in turn, then ``DELIVERED``."""

    channel: str = "web"
    results: list[DeliveryResult] = field(default_factory=list)
    sent: list[OutboundMessage] = field(default_factory=list)

    async def send(self, message: OutboundMessage) -> DeliveryResult:
        self.sent.append(message)
        if self.results:
            return self.results.pop(0)
        return DeliveryResult(DeliveryStatus.DELIVERED)
