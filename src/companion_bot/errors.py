"""The error tree. ``detail`` is for logs; ``user_message`` is what a channel shows."""

from __future__ import annotations


class CompanionError(Exception):
    """Something went wrong in companion-bot."""

    user_message = "Sorry, something went wrong on my side. Please try again in a moment."

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail or (self.__doc__ or type(self).__name__).strip()
        super().__init__(self.detail)


class ConfigError(CompanionError):
    """The configuration is invalid."""


class DatabaseUnavailableError(CompanionError):
    """The database cannot be reached."""

    user_message = "I can't reach my memory right now. Please try again in a minute."


class NotFoundError(CompanionError):
    """The requested item does not exist or belongs to someone else."""

    user_message = "I couldn't find that."


class InputError(CompanionError):
    """The input was refused."""

    user_message = "I couldn't use that input."
