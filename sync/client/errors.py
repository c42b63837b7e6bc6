"""What can go wrong talking to the backend, split by what the caller should do about it.

- ``TransportError``: the network, a timeout, a 5xx, or 429/503 (``retry_after``): retry later
  with backoff, resending the identical batch.
- ``AuthError``: 401/403, the token is unknown or revoked (or an enrolment code refused):
  stop and show it; retrying will not help.
- ``ProtocolError``: the backend refused the request as malformed (400), does not speak our
  protocol (426), or answered something we cannot read. ``SeqGapError`` (409) and
  ``CursorExpired`` (410) are the two the client handles itself.

Messages name the URL and the cause, never the token.
"""

from __future__ import annotations


class SyncError(Exception):
    """Base of every sync failure; ``str()`` is a message fit for a log line or a tooltip."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        self.status = status

    def __str__(self) -> str:
        return self.message


class TransportError(SyncError):
    """The request may not have reached the backend, or it answered "try later"."""

    def __init__(
        self,
        message: str,
        *,
        url: str = "",
        status: int | None = None,
        retry_after: float | None = None,
        timeout: bool = False,
    ) -> None:
        super().__init__(message, url=url, status=status)
        self.retry_after = retry_after
        self.timeout = timeout


class AuthError(SyncError):
    """401/403: the terminal's token (or an enrolment code) was refused."""

    def __init__(
        self, message: str, *, url: str = "", status: int | None = None, code: str = ""
    ) -> None:
        super().__init__(message, url=url, status=status)
        self.code = code


class ProtocolError(SyncError):
    """The backend refused the request as such, or its answer makes no sense to us."""

    def __init__(
        self, message: str, *, url: str = "", status: int | None = None, code: str = ""
    ) -> None:
        super().__init__(message, url=url, status=status)
        self.code = code


class SeqGapError(ProtocolError):
    """409: the backend expects ``resume_from`` next on this terminal's stream."""

    def __init__(
        self, message: str, *, resume_from: int, last_processed_seq: int, url: str = ""
    ) -> None:
        super().__init__(message, url=url, status=409, code="seq_gap")
        self.resume_from = resume_from
        self.last_processed_seq = last_processed_seq


class CursorExpired(ProtocolError):
    """410: the pull cursor is older than the backend keeps, or from another server epoch."""

    def __init__(self, message: str, *, url: str = "") -> None:
        super().__init__(message, url=url, status=410, code="cursor_expired")
