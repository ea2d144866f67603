"""Channels: the web app and the Telegram bot, and how messages are delivered on each."""
