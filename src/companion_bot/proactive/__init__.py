"""The proactive engine: reminders before meetings, check-ins after, exactly once.

This package's ``__init__`` imports nothing, so the pure :mod:`.decisions` stays pure.
"""

#: The deployment checklist reads the engine's outcomes under this logger name.
LOGGER_NAME = "companion_bot.services.proactive_meeting_handler"
