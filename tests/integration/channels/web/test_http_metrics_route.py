"""``/metrics`` shows every request by route template, method and status: parameters,
mounted files and unknown paths each come out as one bounded label."""

from __future__ import annotations

import re

import httpx
from web_helpers import Signup


def _count(exposition: str, **labels: str) -> float:
    """The value of ``companion_http_requests_total`` with exactly ``labels``."""
    for match in re.finditer(r"^companion_http_requests_total\{(.*)\} (\S+)$", exposition, re.M):
        found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(1)))
        if found == labels:
            return float(match.group(2))
    return 0.0


async def test_metrics_count_requests_by_route_template_method_and_status(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("ada")
    before = (await client.get("/metrics")).text

    for schedule_id in (101, 102, 103):
        await client.patch(f"/api/schedules/{schedule_id}", json={"event_name": "x"})
    await client.get("/static/app.css")
    await client.get("/no/such/page/1")
    await client.get("/no/such/page/2")
    after = (await client.get("/metrics")).text

    def delta(**labels: str) -> float:
        return _count(after, **labels) - _count(before, **labels)

    patch = {"route": "/api/schedules/{schedule_id}", "method": "PATCH", "status": "404"}
    assert delta(**patch) == 3
    assert delta(route="/static/{path}", method="GET", status="200") == 1
    assert delta(route="unmatched", method="GET", status="404") == 2
    assert "/api/schedules/101" not in after and "/no/such/page" not in after
    assert "companion_http_request_duration_seconds_bucket" in after
