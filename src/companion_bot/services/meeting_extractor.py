"""MeetingExtractor as the conversation pipeline uses it: the pure extractor, plus the log
lines the deployment checklist reads under ``…services.meeting_extractor``.

The extraction itself is :class:`companion_bot.extraction.MeetingExtractor` (pure, no I/O);
this shell only reports what it found, at DEBUG, with each meeting's confidence score
("Meetings not detected → logs for extraction score" in the checklist's troubleshooting).
Turn it on with ``COMPANION_LOG_LEVELS=companion_bot.services.meeting_extractor=DEBUG``.
"""

from __future__ import annotations

import datetime as dt
import logging

from companion_bot import extraction
from companion_bot.extraction import ExtractedMeeting

log = logging.getLogger(__name__)


class MeetingExtractor:
    """``extract(text, now)`` like the pure extractor, logging each result at DEBUG."""

    def __init__(self, inner: extraction.MeetingExtractor | None = None) -> None:
        self._inner = inner or extraction.MeetingExtractor()

    def extract(self, text: str, now: dt.datetime) -> list[ExtractedMeeting]:
        """The meetings in ``text`` as of ``now`` (aware, in the user's zone)."""
        meetings = self._inner.extract(text, now)
        if log.isEnabledFor(logging.DEBUG):
            if not meetings:
                log.debug(
                    "no meeting in a %d-character message",
                    len(text),
                    extra={"action": "extraction_empty", "chars": len(text)},
                )
            for m in meetings:
                log.debug(
                    "%s %r at %s, confidence %.2f",
                    m.action,
                    m.event_name,
                    m.start.isoformat(),
                    m.confidence,
                    extra={
                        "action": "meeting_extracted",
                        "meeting_action": m.action,
                        "event_name": m.event_name,
                        "start": m.start.isoformat(),
                        "grain": m.grain,
                        "confidence": m.confidence,
                    },
                )
        return meetings
