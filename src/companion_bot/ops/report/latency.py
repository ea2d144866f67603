"""Latency summaries (count, mean, p50, p99) from Prometheus histograms.

The families come from this process's registry, the multiprocess folder when
``PROMETHEUS_MULTIPROC_DIR`` is set, or a scraped ``/metrics`` text. Quantiles are
estimated from the buckets the way PromQL's ``histogram_quantile`` does it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from prometheus_client import REGISTRY, CollectorRegistry, multiprocess
from prometheus_client.metrics_core import Metric
from prometheus_client.parser import text_string_to_metric_families

from companion_bot.ops import metrics


@dataclass(frozen=True)
class Latency:
    """A latency in milliseconds; ``None`` values mean there were no samples."""

    samples: int
    mean_ms: float | None
    p50_ms: float | None
    p99_ms: float | None
    target_ms: float

    @property
    def within_target(self) -> bool | None:
        """Whether p99 meets the checklist's target (None without samples)."""
        return None if self.p99_ms is None else self.p99_ms <= self.target_ms


def local_source() -> str:
    """Where :func:`local_families` reads from, in words for the report."""
    folder = metrics.multiprocess_dir()
    return "this process" if folder is None else f"all processes ({metrics.MULTIPROC_ENV}={folder})"


def local_families() -> list[Metric]:
    """The metric families this process can see (merged across processes when configured)."""
    folder = metrics.multiprocess_dir()
    if folder is None:
        return list(REGISTRY.collect())
    if not folder.is_dir():
        return []  # nothing has been counted there yet
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return list(registry.collect())


def parse_families(exposition: str) -> list[Metric]:
    """Families from a ``/metrics`` text (a running server scraped by the CLI)."""
    return list(text_string_to_metric_families(exposition))


def summarize(families: Iterable[Metric], name: str, *, target_ms: float) -> Latency:
    """Count, mean and quantiles of histogram ``name`` summed over all its label sets."""
    buckets: dict[float, float] = defaultdict(float)
    count = total = 0.0
    for family in families:
        if family.name != name:
            continue
        for sample in family.samples:
            if sample.name == f"{name}_bucket":
                buckets[float(sample.labels["le"])] += sample.value
            elif sample.name == f"{name}_count":
                count += sample.value
            elif sample.name == f"{name}_sum":
                total += sample.value
    if count <= 0:
        return Latency(0, None, None, None, target_ms)
    cumulative = sorted(buckets.items())
    return Latency(
        samples=int(count),
        mean_ms=total / count * 1000,
        p50_ms=_ms(quantile(0.5, cumulative)),
        p99_ms=_ms(quantile(0.99, cumulative)),
        target_ms=target_ms,
    )


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def quantile(q: float, cumulative: list[tuple[float, float]]) -> float | None:
    """``histogram_quantile(q)`` over sorted (upper bound, cumulative count) pairs.

    Linear interpolation inside the bucket; a rank in the ``+Inf`` bucket yields the
    highest finite bound (the true value is only known to be above it).
    """
    if not cumulative or cumulative[-1][1] <= 0:
        return None
    rank = q * cumulative[-1][1]
    lower_bound, lower_count = 0.0, 0.0
    for bound, count in cumulative:
        if count >= rank:
            if math.isinf(bound):
                return lower_bound
            if count == lower_count:
                return bound
            return lower_bound + (bound - lower_bound) * (rank - lower_count) / (
                count - lower_count
            )
        lower_bound, lower_count = bound, count
    return lower_bound
