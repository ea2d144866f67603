"""Latency summaries from Prometheus histograms, as ``histogram_quantile`` would give them."""

from __future__ import annotations

from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, Histogram, generate_latest

from companion_bot.ops.metrics import FAST
from companion_bot.ops.report import latency


def extraction_registry(values: list[float]) -> CollectorRegistry:
    registry = CollectorRegistry()
    histogram = Histogram("companion_extraction_seconds", "x", buckets=FAST, registry=registry)
    for value in values:
        histogram.observe(value)
    return registry


def test_p50_p99_and_mean_of_a_fast_histogram() -> None:
    registry = extraction_registry([0.003] * 98 + [0.2] * 2)

    summary = latency.summarize(registry.collect(), "companion_extraction_seconds", target_ms=50)

    assert summary.samples == 100
    assert summary.mean_ms == pytest.approx(6.94)
    assert summary.p50_ms == pytest.approx(2.5 + 2.5 * 50 / 98)  # inside the 2.5-5 ms bucket
    assert summary.p99_ms == pytest.approx(175.0)  # halfway through the 100-250 ms bucket
    assert summary.within_target is False


def test_scraped_text_gives_the_same_summary_as_the_registry() -> None:
    registry = extraction_registry([0.0004, 0.002, 0.02, 0.03])

    direct = latency.summarize(registry.collect(), "companion_extraction_seconds", target_ms=50)
    scraped = latency.summarize(
        latency.parse_families(generate_latest(registry).decode()),
        "companion_extraction_seconds",
        target_ms=50,
    )

    assert scraped == direct
    assert direct.within_target is True


def test_no_samples_means_no_figures() -> None:
    summary = latency.summarize(
        extraction_registry([]).collect(), "companion_extraction_seconds", target_ms=50
    )

    assert (summary.samples, summary.p50_ms, summary.p99_ms, summary.mean_ms) == (
        0,
        None,
        None,
        None,
    )
    assert summary.within_target is None


def test_rank_in_the_inf_bucket_yields_the_highest_finite_bound() -> None:
    cumulative = [(0.1, 1.0), (1.0, 2.0), (float("inf"), 10.0)]

    assert latency.quantile(0.99, cumulative) == 1.0
    assert latency.quantile(0.1, cumulative) == pytest.approx(0.1)
    assert latency.quantile(0.5, []) is None


def test_a_multiprocess_folder_not_created_yet_means_no_samples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "not-yet"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))

    assert latency.local_families() == []
    assert latency.local_source() == f"all processes (PROMETHEUS_MULTIPROC_DIR={folder})"


def test_without_a_multiprocess_folder_this_process_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)

    names = {family.name for family in latency.local_families()}

    assert latency.local_source() == "this process"
    assert {"companion_extraction_seconds", "companion_db_query_seconds"} <= names
