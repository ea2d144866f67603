"""The per-user sliding window: exact at the edges, independent per key."""

from __future__ import annotations

import datetime as dt

from companion_bot.channels.web.ratelimit import RateLimiter

T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def test_refuses_the_hit_over_the_limit_until_the_oldest_leaves_the_window() -> None:
    limiter = RateLimiter(3)
    at = [T0, T0 + dt.timedelta(seconds=10), T0 + dt.timedelta(seconds=20)]
    assert [limiter.hit("ada", t) for t in at] == [None, None, None]
    assert limiter.hit("ada", T0 + dt.timedelta(seconds=30)) == 30.0
    assert limiter.hit("ada", T0 + dt.timedelta(seconds=59)) == 1.0
    assert limiter.hit("ada", T0 + dt.timedelta(seconds=60)) is None


def test_keys_are_independent() -> None:
    limiter = RateLimiter(1)
    assert limiter.hit(1, T0) is None
    assert limiter.hit(2, T0) is None
    assert limiter.hit(1, T0) == 60.0


def test_refused_hits_do_not_extend_the_wait() -> None:
    limiter = RateLimiter(1)
    limiter.hit("ada", T0)
    for second in range(1, 59):
        limiter.hit("ada", T0 + dt.timedelta(seconds=second))
    assert limiter.hit("ada", T0 + dt.timedelta(seconds=60)) is None
