"""Small charts as inline SVG strings: no JavaScript, no external assets, all text escaped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

PALETTE = ("#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2")
_FONT = 'font-family="system-ui,sans-serif" font-size="11" fill="#1d2330"'


def _svg(width: int, height: int, title: str, body: str) -> str:
    label = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
        f"<title>{label}</title>{body}</svg>"
    )


def _text(x: float, y: float, value: str, anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {_FONT}>{escape(value)}</text>'


def column_chart(
    points: Sequence[tuple[str, int]], *, title: str, width: int = 640, height: int = 200
) -> str:
    """Vertical bars, one per (label, count), with the count above each bar."""
    top, bottom, side = 18, 34, 8
    plot = height - top - bottom
    peak = max((count for _, count in points), default=0) or 1
    slot = (width - 2 * side) / max(len(points), 1)
    bar = max(slot * 0.7, 1.0)
    parts = [f'<line x1="{side}" y1="{top + plot}" x2="{width - side}" y2="{top + plot}" '
             'stroke="#98a2b3"/>']  # fmt: skip
    every = max(1, len(points) // 14)  # keep axis labels readable on long windows
    for i, (label, count) in enumerate(points):
        x = side + i * slot + (slot - bar) / 2
        h = plot * count / peak
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
            f'fill="{PALETTE[0]}"><title>{escape(label)}: {count}</title></rect>'
        )
        parts.append(_text(x + bar / 2, top + plot - h - 4, str(count), "middle"))
        if i % every == 0:
            parts.append(_text(x + bar / 2, height - bottom + 16, label, "middle"))
    return _svg(width, height, title, "".join(parts))


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    *,
    title: str,
    colors: Mapping[str, str] | None = None,
    width: int = 640,
) -> str:
    """Horizontal bars, one per row, split into (part, count) segments, with a legend.

    ``colors`` fixes a segment's colour (e.g. failed = red); others take the palette's.
    """
    label_width, row_height, gap, legend = 150, 22, 8, 24
    segments: list[str] = []
    for _, parts in rows:
        segments += [name for name, _ in parts if name not in segments]
    fill = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(segments)}
    fill.update(colors or {})
    peak = max((sum(n for _, n in parts) for _, parts in rows), default=0) or 1
    span = width - label_width - 60
    body: list[str] = []
    for i, name in enumerate(segments):
        key_x = label_width + i * 90
        body.append(f'<rect x="{key_x}" y="4" width="10" height="10" fill="{fill[name]}"/>')
        body.append(_text(key_x + 14, 13, name))
    for r, (label, parts) in enumerate(rows):
        y = legend + r * (row_height + gap)
        body.append(_text(label_width - 6, y + 15, label, "end"))
        x = float(label_width)
        for name, count in parts:
            w = span * count / peak
            if w > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_height}" '
                    f'fill="{fill[name]}"><title>{escape(label)} {escape(name)}: {count}'
                    "</title></rect>"
                )
            x += w
        body.append(_text(x + 6, y + 15, str(sum(n for _, n in parts))))
    height = legend + len(rows) * (row_height + gap)
    return _svg(width, height, title, "".join(body))


def percent_bars(rows: Sequence[tuple[str, float | None]], *, title: str, width: int = 640) -> str:
    """One 0-100 % bar per (label, percent); ``None`` is drawn empty and labelled n/a."""
    label_width, row_height, gap = 260, 16, 10
    span = width - label_width - 70
    body: list[str] = []
    for r, (label, value) in enumerate(rows):
        y = 4 + r * (row_height + gap)
        body.append(_text(label_width - 6, y + 12, label, "end"))
        body.append(
            f'<rect x="{label_width}" y="{y}" width="{span}" height="{row_height}" fill="#eef1f5"/>'
        )
        if value is not None:
            w = span * min(max(value, 0.0), 100.0) / 100
            body.append(
                f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{row_height}" '
                f'fill="{PALETTE[1]}"/>'
            )
        shown = "n/a" if value is None else f"{value:.1f} %"
        body.append(_text(label_width + span + 6, y + 12, shown))
    height = 8 + len(rows) * (row_height + gap)
    return _svg(width, height, title, "".join(body))
