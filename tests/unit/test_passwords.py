"""Password hashing is bounded: a few checks at a time, a short queue, then 429 at once."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time

import pytest

from companion_bot.channels.web.security import HASHING_NICENESS, Passwords, PasswordsBusy


class CountingPasswords(Passwords):
    """The real class with a slow stand-in for argon2, counting checks running at once."""

    def __init__(self, **kwargs: int) -> None:
        super().__init__(**kwargs)
        self.running = self.most = 0
        self._lock = threading.Lock()

    def _verify(self, password: str, stored: str | None) -> bool:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.niceness = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        time.sleep(0.05)
        with self._lock:
            self.running -= 1
        return password == stored


async def test_at_most_concurrency_checks_run_and_the_overflow_is_refused_at_once() -> None:
    passwords = CountingPasswords(concurrency=2, max_waiting=3)
    results = await asyncio.gather(
        *(passwords.verify("pw", "pw") for _ in range(8)), return_exceptions=True
    )
    refused = [r for r in results if isinstance(r, PasswordsBusy)]
    assert results.count(True) == 5  # 2 running + 3 waiting
    assert len(refused) == 3
    assert refused[0].status_code == 429
    assert refused[0].headers is not None and refused[0].headers["Retry-After"].isdigit()
    assert passwords.most == 2
    assert await passwords.verify("pw", "pw") is True  # the queue drained


async def test_real_hashes_verify_and_unknown_users_never_match() -> None:
    passwords = Passwords(concurrency=1)
    stored = await passwords.hash("correct horse")
    assert await passwords.verify("correct horse", stored) is True
    assert await passwords.verify("wrong", stored) is False
    assert await passwords.verify("correct horse", None) is False


def test_concurrency_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Passwords(concurrency=0)


@pytest.mark.skipif(sys.platform != "linux", reason="per-thread priority is Linux's")
async def test_checks_run_at_a_lower_cpu_priority_than_the_event_loop() -> None:
    passwords = CountingPasswords(concurrency=1)
    assert await passwords.verify("pw", "pw") is True
    loop_niceness = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert passwords.niceness == min(loop_niceness + HASHING_NICENESS, 19)
    passwords.close()
