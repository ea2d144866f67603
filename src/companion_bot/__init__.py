"""companion-bot: a companion chat bot that follows through."""

__version__ = "0.1.0"
