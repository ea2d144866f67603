"""``GET /metrics``: Prometheus exposition, merged across worker processes when
``PROMETHEUS_MULTIPROC_DIR`` is set (see :mod:`companion_bot.ops.metrics`).

No login: the numbers are counts and latencies, no user data. Keep the path off the public
internet at the proxy (docs/operations.md, "Metrics and alerts").
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from companion_bot.ops import metrics

router = APIRouter(tags=["operations"])


@router.get("/metrics", response_class=Response)
def scrape() -> Response:
    """The metrics in the Prometheus text format (a plain ``def``: reading the multiprocess
    files is blocking I/O, so it runs in the thread pool)."""
    body, content_type = metrics.render()
    return Response(body, media_type=content_type, headers={"Cache-Control": "no-store"})
