"""Scorer adapter: the corpus scorer calls these with an aware ``now`` in zone ``tz``.

python ../shared/corpus/score.py --adapter bench/corpus_adapter.py --corpus ...
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from companion_bot.extraction import MeetingExtractor, parse_times

_EXTRACTOR = MeetingExtractor()
THRESHOLD = 0.5  # the analyzer does not schedule below this confidence


def extract(text: str, now: dt.datetime, tz: str) -> list[dict[str, Any]]:
    """Meetings to schedule (new or moved), as the analyzer would store them."""
    return [
        {"start": m.start, "end": m.end, "name": m.event_name}
        for m in _EXTRACTOR.extract(text, now)
        if m.action != "cancel" and m.confidence >= THRESHOLD
    ]


def extract_time(text: str, now: dt.datetime, tz: str) -> list[dict[str, Any]]:
    """Every time expression, with no meeting filter."""
    return [{"start": t.start, "end": t.end, "name": None} for t in parse_times(text, now)]
