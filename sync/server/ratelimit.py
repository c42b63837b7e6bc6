"""Rate limits per client address, in process (no Redis): token buckets.

Each address may spend ``capacity`` events, refilled evenly over ``window_s`` seconds; an
address without a token waits (429 with ``Retry-After``). Used for e-receipt pages (every
request counts) and enrolment (failures count: a code being guessed), see
``sync.server.guard`` and ``sync.server.api.routes.sync``. With several worker processes each
keeps its own buckets, so the limit is per worker. Addresses are as uvicorn reports them
(``X-Forwarded-For`` from a trusted proxy, ``--forwarded-allow-ips``); an IPv6 client counts
by its /64, which one subscriber usually holds whole.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, MutableMapping
from typing import Any

# Buckets kept; the least recently used goes first (a full bucket is the same as none).
MAX_CLIENTS = 10_000


def client_key(scope: MutableMapping[str, Any]) -> str:
    """The address a request counts under: its IPv4 address or IPv6 /64."""
    client = scope.get("client")
    host = str(client[0]) if client else ""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class RateLimiter:
    """Token buckets per key: ``capacity`` events per ``window_s`` seconds (thread-safe)."""

    def __init__(
        self,
        capacity: int,
        window_s: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        self.capacity = capacity
        self.window_s = window_s
        self._rate = capacity / window_s  # tokens per second
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _tokens(self, key: str, now: float) -> float:
        tokens, at = self._buckets.get(key, (float(self.capacity), now))
        return min(float(self.capacity), tokens + (now - at) * self._rate)

    def wait(self, key: str) -> float:
        """Seconds until ``key`` may spend a token (0: now), spending nothing."""
        with self._lock:
            tokens = self._tokens(key, self._clock())
        return 0.0 if tokens >= 1 else (1 - tokens) / self._rate

    def spend(self, key: str) -> float:
        """Spend a token of ``key``: 0 when there was one, else the seconds to wait."""
        with self._lock:
            now = self._clock()
            tokens = self._tokens(key, now)
            if tokens < 1:
                return (1 - tokens) / self._rate
            self._buckets[key] = (tokens - 1, now)
            self._buckets.move_to_end(key)
            while len(self._buckets) > self._max_clients:
                self._buckets.popitem(last=False)
            return 0.0


def retry_after(wait_s: float) -> str:
    """A ``Retry-After`` value: whole seconds, at least 1."""
    return str(max(1, math.ceil(wait_s)))


class FailureLimit:
    """Failures per address (e.g. wrong enrolment codes) and when to raise an alarm."""

    def __init__(
        self, max_failures: int, window_s: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.failures = RateLimiter(max_failures, window_s, clock=clock)
        # One alarm per address and window, however long the guessing goes on.
        self._alarms = RateLimiter(1, window_s, clock=clock)

    def wait(self, key: str) -> float:
        """Seconds until ``key`` may try again (0: now)."""
        return self.failures.wait(key)

    def failed(self, key: str) -> bool:
        """Count a failure of ``key``; True when it used the last try and calls for an alarm."""
        self.failures.spend(key)
        return bool(self.failures.wait(key)) and self._alarms.spend(key) == 0
