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
            assert arrivals[i + k] - arrivals[i] >= (k - burst) / rate - 0.1, (k, i)
    # One process alone needs only (25 - 5) / 20 = 1 s; together they need 2.25 s.
    assert arrivals[-1] - arrivals[0] >= (total - burst) / rate - 0.1

    shared = sorted(c.at for c in calls if int(c.params["chat_id"]) == SHARED_CHAT)
    assert len(shared) == 2 * SHARED
    gaps = [b - a for a, b in zip(shared, shared[1:], strict=False)]
    assert min(gaps) >= 1 / TEST_LIMITS.chat_rate - 0.05, gaps
