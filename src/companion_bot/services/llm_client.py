"""LLMClient: any OpenAI-compatible ``/chat/completions`` endpoint, over httpx.

Returns ``None`` when no endpoint is configured or it failed after one retry (errors are
logged); callers then answer with the offline responder.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

log = logging.getLogger(__name__)

ATTEMPTS = 2  # the first try and one retry


class LLMClient:
    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str = "",
        timeout_seconds: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self._api_key = api_key
        self._timeout = timeout_seconds
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    @property
    def configured(self) -> bool:
        return bool(self.base_url)

    def _http(self) -> httpx.AsyncClient:
        """One connection pool for every call (no new TCP/TLS handshake per message)."""
        if self._client is None:
            headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
            self._client = httpx.AsyncClient(
                timeout=self._timeout, transport=self._transport, headers=headers
            )
        return self._client

    async def aclose(self) -> None:
        """Close the connections; the next call opens new ones."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def chat(self, messages: Sequence[Mapping[str, str]]) -> str | None:
        """The assistant's answer to ``messages`` (roles system/user/assistant), or None."""
        if not self.configured:
            return None
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [dict(m) for m in messages],
            "temperature": 0.4,
        }
        url = f"{self.base_url}/chat/completions"
        client = self._http()
        for attempt in range(1, ATTEMPTS + 1):
            try:
                response = await client.post(url, json=body)
                response.raise_for_status()
                return _content(response.json())
            except (httpx.HTTPError, ValueError) as exc:
                log.warning(
                    "LLM request to %s failed (attempt %d of %d): %s: %s",
                    url,
                    attempt,
                    ATTEMPTS,
                    type(exc).__name__,
                    exc,
                )
        return None


def _content(payload: Any) -> str:
    """The first choice's text; ValueError when the answer is not a usable completion."""
    try:
        text = payload["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise ValueError(f"not a chat completion: {str(payload)[:200]}") from exc
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty completion")
    return text.strip()
