"""Splitting long replies into Telegram-sized messages."""

from __future__ import annotations

from companion_bot.channels.telegram.handlers import chunks


def test_short_text_is_one_part() -> None:
    assert chunks("hello\nworld") == ["hello\nworld"]


def test_cut_between_lines() -> None:
    text = "\n".join(["a" * 6] * 5)  # 34 characters
    assert chunks(text, size=14) == ["aaaaaa\naaaaaa", "aaaaaa\naaaaaa", "aaaaaa"]


def test_a_line_longer_than_a_message_is_cut_hard() -> None:
    assert chunks("x" * 25, size=10) == ["x" * 10, "x" * 10, "x" * 5]


def test_empty_text_sends_nothing() -> None:
    assert chunks("") == []
    assert chunks("  \n ") == []
