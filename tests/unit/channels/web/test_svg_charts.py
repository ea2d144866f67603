"""Inline SVG charts: well-formed, sized to the data, labels escaped, n/a drawn empty."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from companion_bot.channels.web import svg_charts

SVG = "{http://www.w3.org/2000/svg}"


def bars(svg: str) -> list[ET.Element]:
    return [r for r in ET.fromstring(svg).iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_column_heights_are_proportional_to_the_counts() -> None:
    svg = svg_charts.column_chart([("11-18", 4), ("11-19", 0), ("11-20", 2)], title="per day")

    heights = [float(r.get("height", "")) for r in bars(svg)]

    assert heights[0] == 2 * heights[2] > 0
    assert heights[1] == 0
    assert ET.fromstring(svg).find(f"{SVG}title").text == "per day"  # type: ignore[union-attr]


def test_labels_are_escaped_and_the_svg_stays_well_formed() -> None:
    svg = svg_charts.stacked_bars(
        [("<script>alert(1)</script>", [("sent", 2), ("a&b", 1)])], title='x" onload="y'
    )

    assert "<script>" not in svg
    assert "<script>alert(1)</script>" in texts(svg)  # shown as text, not run
    assert ET.fromstring(svg).get("aria-label") == 'x" onload="y'


def test_stacked_segments_take_fixed_colours_and_sum_to_the_total() -> None:
    svg = svg_charts.stacked_bars(
        [("preparation_reminder", [("sent", 3), ("failed", 1)])],
        title="t",
        colors={"failed": "#dc2626"},
    )

    segments = {r.find(f"{SVG}title").text: r for r in bars(svg)}  # type: ignore[union-attr]

    assert segments["preparation_reminder failed: 1"].get("fill") == "#dc2626"
    widths = [float(r.get("width", "")) for r in segments.values()]
    assert widths[0] == 3 * widths[1]
    assert "4" in texts(svg)


def test_percent_bars_show_na_for_missing_values() -> None:
    svg = svg_charts.percent_bars([("acknowledged", 40.0), ("on time", None)], title="rates")

    assert texts(svg) == ["acknowledged", "40.0 %", "on time", "n/a"]
