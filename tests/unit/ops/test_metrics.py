"""Metric helpers: confidence bands at their edges, and what one call counts."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from companion_bot.ops import metrics


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.mark.parametrize(
    ("confidence", "band"),
    [(0.0, "low"), (0.49, "low"), (0.5, "medium"), (0.79, "medium"), (0.8, "high"), (1.0, "high")],
)
def test_bands_split_at_the_low_confidence_threshold_and_at_0_8(
    confidence: float, band: str
) -> None:
    assert metrics.confidence_band(confidence) == band


def test_one_extraction_counts_each_meeting_in_its_band_and_the_low_ones_apart() -> None:
    names = ("low", "medium", "high")
    before = [sample("companion_extractions_total", band=b) for b in names]
    low_before = sample("companion_extraction_low_confidence_total")
    count_before = sample("companion_extraction_seconds_count")

    metrics.observe_extraction(0.002, [0.3, 0.45, 0.6, 0.9])

    after = [sample("companion_extractions_total", band=b) for b in names]
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 1, 1]
    assert sample("companion_extraction_low_confidence_total") - low_before == 2
    assert sample("companion_extraction_seconds_count") - count_before == 1


def test_schedule_changes_count_by_kind_and_zero_adds_nothing() -> None:
    kinds = ("created", "updated", "cancelled")
    before = [sample("companion_schedules_total", change=k) for k in kinds]

    metrics.count_schedule_changes(created=2, cancelled=1)
    metrics.count_schedule_changes()

    after = [sample("companion_schedules_total", change=k) for k in kinds]
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 0, 1]
