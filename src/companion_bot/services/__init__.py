"""Services: the conversation pipeline and the proactive engine."""
