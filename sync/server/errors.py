"""Errors the backend answers with: refused requests and rejected facts."""

from __future__ import annotations


class ServerError(Exception):
    """A request refused for a business reason; ``status`` is the HTTP status.

    Answered as ``{"error": code, "detail": detail}``, with ``headers`` (e.g. Retry-After).
    """

    def __init__(
        self, status: int, code: str, detail: str, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers


class Rejected(Exception):
    """A pushed fact that cannot be applied (unknown SKU, bad payload, state conflict).

    Push rolls back to the fact's savepoint, parks it in the dead-letter table, reports it
    ``rejected`` with ``code`` and ``reason``, and still advances the stream.
    """

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
