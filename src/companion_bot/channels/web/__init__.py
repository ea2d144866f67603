"""The web channel: FastAPI app, JSON API and chat page."""
