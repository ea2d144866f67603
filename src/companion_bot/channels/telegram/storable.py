"""Text from Telegram as the database can hold it.

The web refuses such text with a 422; a Telegram user cannot be answered that way, so what
they send is cleaned instead and stored.
"""

from __future__ import annotations


def storable(text: str) -> str:
    """``text`` without NUL characters (PostgreSQL's text cannot hold them) and with each
    lone surrogate (UTF-8 cannot encode one) replaced by U+FFFD."""
    cleaned = text.replace("\x00", "")
    if cleaned.isascii():
        return cleaned
    return cleaned.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
