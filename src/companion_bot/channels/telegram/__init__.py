"""The Telegram channel: python-telegram-bot application, handlers, delivery, limits."""
