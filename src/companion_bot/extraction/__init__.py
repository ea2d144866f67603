"""Pure meeting and time extraction: no database, no clock reads, no network.

``parse_times(text, now)`` finds every time expression; ``MeetingExtractor().extract(text,
now)`` finds the meetings to schedule, move or cancel. ``now`` is timezone-aware in the
user's zone and every result is aware in that zone. See docs/extraction.md.
"""

from companion_bot.extraction.meetings import MeetingExtractor
from companion_bot.extraction.parse import parse_times
from companion_bot.extraction.types import ExtractedMeeting, TimeMention, meeting_to_json

__all__ = ["ExtractedMeeting", "MeetingExtractor", "TimeMention", "meeting_to_json", "parse_times"]
