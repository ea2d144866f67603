"""The success-metrics report: its figures (:mod:`.figures`, from the database and the
latency histograms of :mod:`.latency`) and their text (:mod:`.text`), shared by
``companion-bot report`` and the admin page."""

from __future__ import annotations

from companion_bot.ops.report.figures import Report, build_report, parse_since
from companion_bot.ops.report.text import sections, table

__all__ = ["Report", "build_report", "parse_since", "sections", "table"]
