"""The Telegram limits are shared through Redis: two processes sending at once together
keep the global rate and the per-chat rate (one process alone could not prove that)."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from tg_burst_child import TEST_LIMITS
from tg_standin import BotApiState

pytestmark = pytest.mark.redis

CHILD = Path(__file__).with_name("tg_burst_child.py")
CHATS, SHARED_CHAT, SHARED = 20, 999, 5
# How late a message may reach the stand-in Bot API after its send slot, on a loaded machine.
ARRIVAL_JITTER = 0.1


def _run_two(bot_api: BotApiState, redis_url: str, prefix: str) -> None:
    start_at = f"{time.time() + 2.0:.3f}"  # both start sending at the same instant
    procs = [
        subprocess.Popen(
            [sys.executable, str(CHILD), bot_api.url, redis_url, prefix, start_at]
            + [str(first), str(CHATS), str(SHARED_CHAT), str(SHARED)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for first in (1, 101)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()


def test_two_processes_share_the_global_and_per_chat_limits(
    bot_api: BotApiState, redis_url: str
) -> None:
    _run_two(bot_api, redis_url, prefix=f"test-tg-rate:{uuid.uuid4().hex}")

    calls = bot_api.calls_of("sendMessage")
    total = 2 * (CHATS + SHARED)
    assert len(calls) == total
    arrivals = sorted(c.at for c in calls)
    rate, burst = TEST_LIMITS.global_rate, TEST_LIMITS.global_burst
    # Any k consecutive messages span at least (k - burst) / rate seconds (minus jitter).
    for k in (10, 25, total - 1):
        for i in range(total - k):
            assert arrivals[i + k] - arrivals[i] >= (k - burst) / rate - ARRIVAL_JITTER, (k, i)
    # One process alone needs only (25 - 5) / 20 = 1 s; together they need 2.25 s.
    assert arrivals[-1] - arrivals[0] >= (total - burst) / rate - ARRIVAL_JITTER

    shared = sorted(c.at for c in calls if int(c.params["chat_id"]) == SHARED_CHAT)
    assert len(shared) == 2 * SHARED
    # Any k consecutive messages to the shared chat span at least k / chat_rate seconds: the
    # arrival jitter moves only the two ends of a span, so it is allowed once, not per gap.
    for k in range(1, len(shared)):
        for i in range(len(shared) - k):
            span = shared[i + k] - shared[i]
            assert span >= k / TEST_LIMITS.chat_rate - ARRIVAL_JITTER, (k, i, span)
