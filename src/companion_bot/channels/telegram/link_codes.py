"""One-time codes that link a Telegram chat and a web account (pure; no I/O)."""

from __future__ import annotations

import secrets

LINK_CODE_MINUTES = 15
LINK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to type
LINK_CODE_LENGTH = 8


def new_link_code() -> str:
    """A random code such as ``K7MXQ2PD`` (also valid as a ``/start`` deep-link payload)."""
    return "".join(secrets.choice(LINK_CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))


def deep_link(bot_username: str, code: str) -> str:
    """``https://t.me/<bot>?start=<code>``: opens the bot, which receives ``/start <code>``."""
    return f"https://t.me/{bot_username}?start={code}"
