"""One sending process for the shared rate-limit test (run as ``python tg_burst_child.py``).

Arguments: Bot API root, Redis URL, key prefix, wall-clock start time, first chat id,
number of chats, shared chat id, messages to the shared chat. Limits are the test's.
"""

from __future__ import annotations

import asyncio
import sys
import time

from companion_bot.channels.telegram.app import build_bot
from companion_bot.channels.telegram.ratelimit import Limits, RedisSendLimiter
from companion_bot.config import load_settings

TOKEN = "123456:TEST-token"
TEST_LIMITS = Limits(global_rate=20, global_burst=5, chat_rate=5, chat_burst=1)


async def main(argv: list[str]) -> None:
    api_url, redis_url, prefix, start_at = argv[0], argv[1], argv[2], float(argv[3])
    first_chat, chats, shared_chat, shared = (int(v) for v in argv[4:8])
    settings = load_settings(
        telegram_bot_token=TOKEN, telegram_api_url=api_url, redis_url=redis_url
    )
    limiter = RedisSendLimiter.from_url(redis_url, prefix=prefix, limits=TEST_LIMITS)
    bot = build_bot(settings, limiter=limiter)
    async with bot:
        await asyncio.sleep(max(0.0, start_at - time.time()))
        targets = [first_chat + i for i in range(chats)] + [shared_chat] * shared
        await asyncio.gather(*(bot.send_message(chat_id=c, text="reminder") for c in targets))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
