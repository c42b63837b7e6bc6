"""In-process network faults for the sync client: an ``httpx.BaseTransport`` wrapper.

``FaultTransport`` passes requests to an inner transport (a real ``httpx.HTTPTransport`` by
default, so it works against a live backend) unless a rule fires:

- ``STATUS``: answer with a status (503 + ``Retry-After`` by default) without sending anything;
- ``CONNECT_ERROR``: raise ``httpx.ConnectError`` (nothing reached the server);
- ``DROP_AFTER``: send the request, read the server's whole answer (so it processed and
  committed it), then raise ``httpx.ReadError`` as if the connection had dropped;
- ``CALL_AFTER``: send, read, call ``callback(request, response)``, then return the answer
  (the kill scripts SIGKILL their own process there).

Rules are tried in order; a rule matches requests whose path ends with ``path`` (any when
empty), lets its first ``skip`` matches through, then fires ``times`` times (``None``: every
time) while ``active()`` holds. Every request is logged with what happened to it.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import httpx


class Action(StrEnum):
    STATUS = "status"
    CONNECT_ERROR = "connect_error"
    DROP_AFTER = "drop_after"
    CALL_AFTER = "call_after"


@dataclass
class Rule:
    action: Action
    path: str = ""
    method: str = ""
    skip: int = 0
    times: int | None = 1
    active: Callable[[], bool] | None = None
    status: int = 503
    retry_after: str | None = "30"
    callback: Callable[[httpx.Request, httpx.Response], None] | None = None
    seen: int = 0
    fired: int = 0

    def matches(self, request: httpx.Request) -> bool:
        if self.method and request.method != self.method:
            return False
        return request.url.path.endswith(self.path)

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times


@dataclass(frozen=True)
class Record:
    method: str
    path: str
    outcome: str  # "passed" or the action that fired
    status: int | None  # what the client saw (None: an exception)


@dataclass
class FaultTransport(httpx.BaseTransport):
    """``httpx.Client(transport=FaultTransport())``; add rules with the helpers below."""

    inner: httpx.BaseTransport = field(default_factory=httpx.HTTPTransport)
    rules: list[Rule] = field(default_factory=list)
    log: list[Record] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    # -- rules ----------------------------------------------------------------------------

    def add(self, rule: Rule) -> Rule:
        with self._lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def fail_next(
        self, n: int = 1, *, status: int = 503, retry_after: str | None = "30", path: str = ""
    ) -> Rule:
        """Answer the next ``n`` (matching) requests with ``status`` and ``Retry-After``."""
        return self.add(
            Rule(Action.STATUS, path=path, times=n, status=status, retry_after=retry_after)
        )

    def answer_while(
        self,
        active: Callable[[], bool],
        *,
        status: int = 503,
        retry_after: str | None = "30",
        path: str = "",
    ) -> Rule:
        """Answer every (matching) request with ``status`` while ``active()`` holds."""
        return self.add(
            Rule(
                Action.STATUS,
                path=path,
                times=None,
                active=active,
                status=status,
                retry_after=retry_after,
            )
        )

    def connect_error_next(self, n: int = 1, *, path: str = "") -> Rule:
        return self.add(Rule(Action.CONNECT_ERROR, path=path, times=n))

    def drop_after_processed_next(self, n: int = 1, *, path: str = "") -> Rule:
        """The server processes the next ``n`` requests, the client never hears back."""
        return self.add(Rule(Action.DROP_AFTER, path=path, times=n))

    def fail_nth(self, k: int, *, path: str, action: Action = Action.CONNECT_ERROR) -> Rule:
        """Let ``k - 1`` matching requests through, then fault the ``k``-th one once."""
        if k < 1:
            raise ValueError("k counts from 1")
        return self.add(Rule(action, path=path, skip=k - 1, times=1))

    def call_after(
        self,
        callback: Callable[[httpx.Request, httpx.Response], None],
        *,
        path: str = "",
        times: int | None = None,
    ) -> Rule:
        return self.add(Rule(Action.CALL_AFTER, path=path, times=times, callback=callback))

    # -- bookkeeping ----------------------------------------------------------------------

    @property
    def counters(self) -> Counter[str]:
        with self._lock:
            counts = Counter(r.outcome for r in self.log)
            counts["requests"] = len(self.log)
        return counts

    def requests_to(self, path_suffix: str) -> list[Record]:
        with self._lock:
            return [r for r in self.log if r.path.endswith(path_suffix)]

    # -- transport ------------------------------------------------------------------------

    def _firing(self, request: httpx.Request) -> Rule | None:
        with self._lock:
            for rule in self.rules:
                if not rule.matches(request) or rule.exhausted:
                    continue
                if rule.active is not None and not rule.active():
                    continue
                rule.seen += 1
                if rule.seen <= rule.skip:
                    continue
                rule.fired += 1
                return rule
        return None

    def _note(self, request: httpx.Request, outcome: str, status: int | None) -> None:
        with self._lock:
            self.log.append(Record(request.method, request.url.path, outcome, status))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        rule = self._firing(request)
        if rule is None:
            try:
                response = self.inner.handle_request(request)
            except httpx.TransportError:
                self._note(request, "passed", None)
                raise
            self._note(request, "passed", response.status_code)
            return response
        if rule.action is Action.STATUS:
            headers = {} if rule.retry_after is None else {"Retry-After": rule.retry_after}
            self._note(request, str(rule.action), rule.status)
            return httpx.Response(
                rule.status,
                headers=headers,
                json={"error": "unavailable", "detail": "injected by FaultTransport"},
                request=request,
            )
        if rule.action is Action.CONNECT_ERROR:
            self._note(request, str(rule.action), None)
            raise httpx.ConnectError("connection refused (injected)", request=request)
        response = self.inner.handle_request(request)
        try:
            response.read()
        finally:
            response.close()
        if rule.action is Action.DROP_AFTER:
            self._note(request, str(rule.action), None)
            raise httpx.ReadError(
                "connection dropped after the server answered (injected)", request=request
            )
        self._note(request, str(rule.action), response.status_code)
        assert rule.callback is not None
        rule.callback(request, response)
        return response

    def close(self) -> None:
        self.inner.close()
