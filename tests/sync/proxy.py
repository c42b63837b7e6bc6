"""A fault-injecting HTTP/1.1 TCP proxy for the sync tests (docs/sync-protocol.md "Failure
scenarios").

Toxiproxy and ``tc netem`` do not work on these machines, so this small asyncio proxy runs in
a background thread with an event loop of its own. It understands just enough of HTTP/1.1
(request and response framing: Content-Length and chunked) to decide the fate of every request
on a keep-alive connection, with a seeded random, and to know when the backend has answered:

- ``forward``: pass the request and the answer through;
- ``drop_request``: read the request, then close the client's connection without forwarding;
- ``drop_response``: forward the request, wait for the backend's complete answer (so the
  backend has processed and committed it), then close the client's connection without a reply;
- ``delay``: hold the request for ``delay_s``, then forward it;
- ``reset``: read the request, then abort the client's connection with a TCP RST.

Every request gets a fresh upstream connection (closed after its answer), so a stale
upstream keep-alive connection can never turn into a fault nobody asked for.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import socket
import struct
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

log = logging.getLogger(__name__)

_HEAD_LIMIT = 1 << 20
_NO_BODY_STATUSES = {204, 304}


class Fault(StrEnum):
    FORWARD = "forward"
    DROP_REQUEST = "drop_request"
    DROP_RESPONSE = "drop_response"
    DELAY = "delay"
    RESET = "reset"


@dataclass(frozen=True)
class FaultPlan:
    """Probabilities of each fault per request (the rest is forwarded).

    ``applies_to(method, path)`` limits faults to some requests (all by default); requests it
    refuses are always forwarded and counted as ``forward``.
    """

    drop_request: float = 0.0
    drop_response: float = 0.0
    delay: float = 0.0
    reset: float = 0.0
    delay_s: float = 0.05
    applies_to: Callable[[str, str], bool] | None = None

    def __post_init__(self) -> None:
        total = self.drop_request + self.drop_response + self.delay + self.reset
        if not 0.0 <= total <= 1.0:
            raise ValueError(f"fault probabilities add up to {total}, not within [0, 1]")

    def choose(self, rng: random.Random, method: str, path: str) -> Fault:
        if self.applies_to is not None and not self.applies_to(method, path):
            return Fault.FORWARD
        draw = rng.random()
        for fault, p in (
            (Fault.DROP_REQUEST, self.drop_request),
            (Fault.DROP_RESPONSE, self.drop_response),
            (Fault.DELAY, self.delay),
            (Fault.RESET, self.reset),
        ):
            if draw < p:
                return fault
            draw -= p
        return Fault.FORWARD


NO_FAULTS = FaultPlan()


@dataclass(frozen=True)
class Exchange:
    """One request as the proxy saw it."""

    method: str
    path: str
    fault: Fault
    status: int | None  # the backend's status (None when it never got the request)


class ProtocolViolation(Exception):
    """Bytes the proxy cannot frame as HTTP/1.1."""


@dataclass
class _Message:
    head: bytes
    body: bytes = b""
    close_after: bool = False

    @property
    def raw(self) -> bytes:
        return self.head + self.body


def _headers(head: bytes) -> tuple[str, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return lines[0], headers


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size_line = await reader.readuntil(b"\r\n")
        parts.append(size_line)
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            while True:  # trailers, then the empty line
                trailer = await reader.readuntil(b"\r\n")
                parts.append(trailer)
                if trailer == b"\r\n":
                    return b"".join(parts)
        parts.append(await reader.readexactly(size + 2))


async def _read_body(
    reader: asyncio.StreamReader, headers: dict[str, str], *, until_eof: bool
) -> tuple[bytes, bool]:
    """The body per the framing headers; (body, read until EOF)."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return await _read_chunked(reader), False
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"])), False
    if until_eof:
        return await reader.read(), True
    return b"", False


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, _Message] | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as eof:
        if eof.partial.strip():
            raise ProtocolViolation("request cut short") from eof
        return None  # the client closed an idle connection
    start, headers = _headers(head)
    parts = start.split(" ")
    if len(parts) != 3:
        raise ProtocolViolation(f"bad request line {start!r}")
    method, target, _version = parts
    body, _ = await _read_body(reader, headers, until_eof=False)
    close = headers.get("connection", "").lower() == "close"
    return method, target.split("?", 1)[0], _Message(head, body, close)


async def _read_response(reader: asyncio.StreamReader, method: str) -> tuple[int, _Message]:
    head = await reader.readuntil(b"\r\n\r\n")
    start, headers = _headers(head)
    status = int(start.split(" ")[1])
    if method == "HEAD" or status in _NO_BODY_STATUSES or 100 <= status < 200:
        return status, _Message(head)
    body, to_eof = await _read_body(reader, headers, until_eof=True)
    close = to_eof or headers.get("connection", "").lower() == "close"
    return status, _Message(head, body, close)


def _abort_with_rst(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(Exception):
        await writer.wait_closed()


@dataclass
class FaultProxy:
    """``FaultProxy(upstream_port, plan, seed=...)``; ``start()``, ``url``, ``stop()``.

    Also a context manager. ``counters`` counts requests by fault (``requests`` is the total);
    ``by_path`` counts (fault, path) pairs; ``exchanges`` keeps every request in order.
    """

    upstream_port: int
    plan: FaultPlan = NO_FAULTS
    seed: int = 0
    upstream_host: str = "127.0.0.1"
    host: str = "127.0.0.1"
    port: int = 0
    exchanges: list[Exchange] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    # -- control (from the test's thread) -------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def set_plan(self, plan: FaultPlan) -> None:
        with self._lock:
            self.plan = plan

    @property
    def counters(self) -> Counter[str]:
        with self._lock:
            counts = Counter(str(e.fault) for e in self.exchanges)
            counts["requests"] = len(self.exchanges)
        return counts

    def by_path(self) -> Counter[tuple[str, str]]:
        with self._lock:
            return Counter((str(e.fault), e.path) for e in self.exchanges)

    def count(self, fault: Fault, path_suffix: str = "") -> int:
        with self._lock:
            return sum(
                1 for e in self.exchanges if e.fault == fault and e.path.endswith(path_suffix)
            )

    def start(self) -> FaultProxy:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="fault-proxy", daemon=True)
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(self._listen(), loop).result(10)
        return self

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(10)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            loop.close()
            self._loop = self._thread = None

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the event loop's side ------------------------------------------------------------

    async def _listen(self) -> asyncio.Server:
        server = await asyncio.start_server(
            self._on_client, self.host, self.port, limit=_HEAD_LIMIT
        )
        self.port = int(server.sockets[0].getsockname()[1])
        return server

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _decide(self, method: str, path: str) -> tuple[Fault, float]:
        with self._lock:
            plan = self.plan
            return plan.choose(self._rng, method, path), plan.delay_s

    def _record(self, method: str, path: str, fault: Fault, status: int | None) -> None:
        with self._lock:
            self.exchanges.append(Exchange(method, path, fault, status))

    async def _on_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self._serve(reader, writer)
        except asyncio.CancelledError:
            writer.transport.abort()
        except (OSError, asyncio.IncompleteReadError, ProtocolViolation, ValueError) as error:
            # The client or the backend went away mid-exchange: end this connection only.
            log.debug("proxy connection ended: %r", error)
            writer.transport.abort()
        finally:
            self._tasks.discard(task)
            await _close(writer)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            request = await _read_request(reader)
            if request is None:
                return
            method, path, message = request
            fault, delay_s = self._decide(method, path)
            if fault is Fault.DROP_REQUEST:
                self._record(method, path, fault, None)
                return  # closed (FIN) without forwarding
            if fault is Fault.RESET:
                self._record(method, path, fault, None)
                _abort_with_rst(writer)
                return
            if fault is Fault.DELAY:
                await asyncio.sleep(delay_s)
            status, response = await self._forward(method, message)
            self._record(method, path, fault, status)
            if fault is Fault.DROP_RESPONSE:
                return  # the backend answered; the client never hears it
            writer.write(response.raw)
            await writer.drain()
            if response.close_after or message.close_after:
                return

    async def _forward(self, method: str, message: _Message) -> tuple[int, _Message]:
        up_reader, up_writer = await asyncio.open_connection(
            self.upstream_host, self.upstream_port, limit=_HEAD_LIMIT
        )
        try:
            up_writer.write(message.raw)
            await up_writer.drain()
            return await _read_response(up_reader, method)
        finally:
            up_writer.transport.abort()
            await _close(up_writer)
