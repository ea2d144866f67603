"""Handing a batch of messages to one channel: in one call where the channel takes batches,
else one at a time with a bounded number in flight. A sender that raises (it should answer
with a :class:`DeliveryResult` instead) counts as a temporary failure."""

from __future__ import annotations

import asyncio
import logging

from companion_bot.ports import BatchSender, DeliveryResult, DeliveryStatus, OutboundMessage, Sender
from companion_bot.proactive import LOGGER_NAME

log = logging.getLogger(LOGGER_NAME)


def _raised(channel: str, exc: Exception) -> DeliveryResult:
    log.error("sender raised", exc_info=exc, extra={"action": "send_error", "channel": channel})
    return DeliveryResult(DeliveryStatus.RETRY_LATER, error=type(exc).__name__)


async def send_all(
    sender: Sender, messages: list[OutboundMessage], gate: asyncio.Semaphore
) -> list[DeliveryResult]:
    """One result per message, in order."""
    channel = sender.channel
    if isinstance(sender, BatchSender):
        try:
            results = list(await sender.send_many(messages))
        except Exception as exc:  # a sender must not raise; if one does, retry later
            return [_raised(channel, exc)] * len(messages)
        if len(results) == len(messages):
            return results
        error = ValueError(f"{len(results)} results for {len(messages)} messages")
        return [_raised(channel, error)] * len(messages)

    async def one(message: OutboundMessage) -> DeliveryResult:
        async with gate:
            try:
                return await sender.send(message)
            except Exception as exc:  # a sender must not raise; if one does, retry later
                return _raised(channel, exc)

    return list(await asyncio.gather(*(one(m) for m in messages)))
