"""A network receipt printer on 127.0.0.1 that fails the way real ones do part-way through a job.

emupos (tests/emulator.py) is the real printer of the tests; this fake is for the two faults it
cannot time exactly: the printer losing power after part of a job (the connection is reset and
the port refuses connections afterwards, like a switched-off printer), and the printer hanging
(it accepts connections but reads and answers nothing more, until ``recover()``).

    with FakeTcpPrinter(die_after=200) as printer:
        ...  # print to printer.uri
        assert printer.job_bytes() == ...

It answers ``DLE EOT 1/2/4`` with the "ready" bytes of an Epson printer; every other byte is
print data (``job_bytes()``).
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from types import TracebackType

DLE_EOT = b"\x10\x04"
READY = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}


class FakeTcpPrinter:
    def __init__(
        self,
        *,
        die_after: int | None = None,
        hang_after: int | None = None,
        timeout_s: float = 0.5,
        answers_status: bool = True,
    ) -> None:
        """``die_after``/``hang_after``: lose power / hang once that many bytes of print data
        have arrived (``hang_after=0``: hung from the start, not even a status answer).
        ``answers_status=False``: a model that prints but never answers ``DLE EOT``."""
        self.die_after = die_after
        self.hang_after = hang_after
        self.answers_status = answers_status
        self.timeout_s = timeout_s
        self._data = bytearray()
        self._lock = threading.Lock()
        self._hung = threading.Event()
        self._closing = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.connections = 0
        self._threads: list[threading.Thread] = []
        if hang_after == 0:
            self._hung.set()

    @property
    def uri(self) -> str:
        status = "" if self.answers_status else "&status=off"
        return f"tcp://127.0.0.1:{self.port}?timeout={self.timeout_s}{status}"

    @property
    def hung(self) -> bool:
        return self._hung.is_set()

    def job_bytes(self) -> bytes:
        with self._lock:
            return bytes(self._data)

    def recover(self) -> None:
        """Switched off and on after hanging: new connections are served again, for good."""
        self.hang_after = None
        self._hung.clear()

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> FakeTcpPrinter:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        thread = threading.Thread(target=self._accept, name="fake-printer", daemon=True)
        thread.start()
        self._threads.append(thread)

    def close(self) -> None:
        self._closing.set()
        self._stop_listening()
        for thread in self._threads:
            thread.join(5)

    def _stop_listening(self) -> None:
        # shutdown() wakes a thread blocked in accept(); close() alone does not on Linux.
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self._listener.close()

    # -- the printer -------------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return  # closed: switched off
            self.connections += 1
            conn.settimeout(0.05)  # so that close() is noticed
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        pending = b""
        with conn:
            while not self._closing.is_set():
                if self._hung.is_set():
                    while self._hung.is_set() and not self._closing.is_set():
                        time.sleep(0.05)  # reads nothing, answers nothing
                    return  # this connection stays dead; new ones are served
                try:
                    chunk = conn.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                rest = self._handle(conn, pending + chunk)
                if rest is None:
                    return  # lost power
                pending = rest

    def _handle(self, conn: socket.socket, pending: bytes) -> bytes | None:
        """Answer status queries and keep print data; None once the printer died."""
        while pending:
            if pending.startswith(DLE_EOT):
                if len(pending) < 3:
                    return pending  # the rest of the query is still on its way
                if self._hung.is_set():
                    return b""
                if self.answers_status:
                    conn.sendall(bytes([READY.get(pending[2], 0x12)]))
                pending = pending[3:]
                continue
            cut = pending.find(DLE_EOT)
            if cut == -1:
                # keep a trailing DLE that may start a query
                cut = len(pending) - 1 if pending.endswith(DLE_EOT[:1]) else len(pending)
                if cut == 0:
                    return pending
            data, pending = pending[:cut], pending[cut:]
            limit = min(n for n in (self.die_after, self.hang_after, 1 << 62) if n is not None)
            with self._lock:
                # What arrives after the fault is never taken in (it dies with the connection).
                self._data += data[: max(limit - len(self._data), 0)]
                received = len(self._data)
            if received < limit:
                continue
            if limit == self.die_after:
                self._lose_power(conn)
                return None
            self._hung.set()
            return b""
        return pending

    def _lose_power(self, conn: socket.socket) -> None:
        """Reset the connection (no goodbye) and refuse new ones: the printer is off."""
        with contextlib.suppress(OSError):
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self._stop_listening()
