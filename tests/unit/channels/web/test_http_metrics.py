"""The HTTP request metrics: counted by route template (never the raw path), method and
status, with unknown paths and methods folded into one label each."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from prometheus_client import REGISTRY

from companion_bot.channels.web.http_metrics import HttpMetrics
from companion_bot.ops import metrics


def requests(route: str, method: str, status: int) -> float:
    labels = {"route": route, "method": method, "status": str(status)}
    return REGISTRY.get_sample_value("companion_http_requests_total", labels) or 0.0


def timed(route: str, method: str, status: int) -> float:
    labels = {"route": route, "method": method, "status": str(status)}
    return REGISTRY.get_sample_value("companion_http_request_duration_seconds_count", labels) or 0


def _app() -> FastAPI:
    app = FastAPI()
    router = APIRouter(prefix="/api")

    @router.get("/things/{thing_id}")
    async def thing(thing_id: int) -> dict[str, int]:
        return {"id": thing_id}

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("a bug")

    app.include_router(router)
    app.add_middleware(HttpMetrics)
    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_requests_count_under_their_route_template_method_and_status(
    client: httpx.AsyncClient,
) -> None:
    route = "/api/things/{thing_id}"
    before = [requests(route, "GET", 200), requests(route, "GET", 422), timed(route, "GET", 200)]

    for path in ("/api/things/1", "/api/things/2", "/api/things/x"):
        await client.get(path)

    after = [requests(route, "GET", 200), requests(route, "GET", 422), timed(route, "GET", 200)]
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 1, 2]
    assert requests("/api/things/1", "GET", 200) == 0


async def test_unknown_paths_and_methods_share_one_label(client: httpx.AsyncClient) -> None:
    unmatched = metrics.UNMATCHED_ROUTE
    before = requests(unmatched, "GET", 404), requests("/api/things/{thing_id}", "OTHER", 405)

    await client.get("/no/such/page")
    await client.get("/another/one")
    await client.request("BREW", "/api/things/1")

    after = requests(unmatched, "GET", 404), requests("/api/things/{thing_id}", "OTHER", 405)
    assert (after[0] - before[0], after[1] - before[1]) == (2, 1)


async def test_an_exception_that_escapes_the_app_counts_as_500(client: httpx.AsyncClient) -> None:
    before = requests("/api/boom", "GET", 500)

    response = await client.get("/api/boom")

    assert response.status_code == 500
    assert requests("/api/boom", "GET", 500) - before == 1
