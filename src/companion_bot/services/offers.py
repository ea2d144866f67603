"""Offers to note a meeting read too unsure: the words to say ("say "…" and I'll add it"),
finding them again in a bot reply for a "yes" that follows, and whether they would work."""

from __future__ import annotations

import datetime as dt
import logging
import re
from functools import cache

from companion_bot import extraction

log = logging.getLogger(__name__)

#: The confidence the pipeline schedules at (MessageAnalyzer's default threshold): an offered
#: phrase is one the extractor reads at least this sure.
OFFER_CONFIDENCE = 0.5

_OFFER = re.compile(r'say "([^"]+)" and I\'ll add it')
#: What an offer can be answered with, typed or as buttons: "yes" notes the offered words.
OFFER_ANSWERS = ("Yes", "No")


def offer(phrase: str) -> str:
    """The words to send to have ``phrase`` noted (found again by :func:`suggestion_in`)."""
    return f'say "{phrase}" and I\'ll add it.'


def suggestion_in(bot_text: str) -> str | None:
    """The phrase a bot reply offered to note, if it offered one (for a "yes" that follows)."""
    m = _OFFER.search(bot_text)
    return m.group(1) if m else None


@cache
def _extractor() -> extraction.MeetingExtractor:
    return extraction.MeetingExtractor()


def noted_as(phrase: str, now: dt.datetime, start: dt.datetime) -> bool:
    """Whether saying ``phrase`` would note a meeting at ``start``: an offer is only made
    when it works."""
    try:
        found = _extractor().extract(phrase, now)
    except Exception:  # an offer is optional; the reply without it still answers
        log.exception("could not check the phrase %r", phrase)
        return False
    return any(
        m.action == "schedule" and m.start == start and m.confidence >= OFFER_CONFIDENCE
        for m in found
    )
