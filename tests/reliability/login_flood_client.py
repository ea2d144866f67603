"""The attacker of ``test_login_flood.py``, in a process of its own as a real one would be:
``python login_flood_client.py BASE_URL COUNT`` sends COUNT concurrent wrong-password logins
and prints one JSON object: ``statuses`` (status code, or ``"none"`` for no response, to
count), ``refusals_without_retry_after`` and ``errors`` (the first few failures, described).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter

import httpx

ADDRESSES = [f"198.51.100.{i}" for i in range(1, 5)]


async def _wrong_login(client: httpx.AsyncClient, i: int) -> httpx.Response | str:
    # Mostly distinct usernames (the per-username limit alone lets every one through), and
    # some on one victim's name; spread over a few client addresses.
    username = "victim" if i % 10 == 0 else f"nobody{i}"
    try:
        return await client.post(
            "/api/auth/login",
            json={"username": username, "password": "wrong password"},
            headers={"X-Forwarded-For": ADDRESSES[i % len(ADDRESSES)]},
        )
    except httpx.HTTPError as exc:
        return repr(exc)


async def flood(base: str, count: int) -> dict[str, object]:
    # One connection per request: a kept-alive connection picked up again just as the
    # server times it out would fail on the client's side, not the server's.
    limits = httpx.Limits(max_connections=count, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        outcomes = await asyncio.gather(*(_wrong_login(client, i) for i in range(count)))
    statuses: Counter[str] = Counter()
    errors: list[str] = []
    without_retry_after = 0
    for outcome in outcomes:
        if isinstance(outcome, str):
            statuses["none"] += 1
            errors.append(outcome)
            continue
        statuses[str(outcome.status_code)] += 1
        if outcome.status_code >= 500:
            errors.append(f"{outcome.status_code} {outcome.text[:120]}")
        if outcome.status_code in {429, 503}:
            without_retry_after += not outcome.headers.get("retry-after", "").isdigit()
    return {
        "statuses": dict(statuses),
        "refusals_without_retry_after": without_retry_after,
        "errors": errors[:5],
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(flood(sys.argv[1], int(sys.argv[2])))))  # noqa: T201
