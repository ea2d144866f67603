"""The proactive engine: reminders before meetings, check-ins after, exactly once.

This package's ``__init__`` imports nothing, so the pure :mod:`.decisions` stays pure.
"""
