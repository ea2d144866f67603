"""The checklist's entry point to the proactive engine (``ProactiveMeetingHandler`` with
``check_and_send_preparation_reminders`` and ``check_and_send_completion_messages``).

The engine itself lives in :mod:`companion_bot.proactive.engine`; it logs under this
module's name so the checklist's ``…services.proactive_meeting_handler`` logger shows it.
"""

from __future__ import annotations

from companion_bot.proactive.engine import ProactiveMeetingHandler, ProactiveOptions

__all__ = ["ProactiveMeetingHandler", "ProactiveOptions"]
