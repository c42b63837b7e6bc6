"""Oversized bodies against a real backend process (uvicorn): refused unread, memory flat.

Without a token a body is refused from the headers (401) before a byte of it is read; with a
valid one it is read only up to the route's cap and cut with 413. The bodies are 300 MB each,
streamed from a loop by a raw socket client that stops sending once the server has answered
(as browsers and proxies do), so the test itself holds 256 KiB.
"""

from __future__ import annotations

import select
import socket
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.sync.conftest import ADMIN_TOKEN, BackendFactory, LiveBackend

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the server's RSS from /proc"
)

BODY_BYTES = 300 * 1024 * 1024
CHUNK = b"x" * (256 * 1024)
MIB = 1024 * 1024


def _status(pid: int, field: str) -> int:
    """A /proc/<pid>/status memory field (VmRSS, VmHWM) in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} in /proc/{pid}/status")


def stream_post(
    url: str, path: str, headers: dict[str, str], *, declared: bool = False
) -> tuple[int, str, int]:
    """POST a BODY_BYTES body (chunked, or with its Content-Length when ``declared``),
    sending until the server answers; returns (status, body, bytes sent)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {BODY_BYTES}" if declared else "Transfer-Encoding: chunked")
    frame = CHUNK if declared else f"{len(CHUNK):x}\r\n".encode() + CHUNK + b"\r\n"
    sent = 0
    with socket.create_connection((host, port), timeout=60) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        while sent < BODY_BYTES:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:  # the server has answered: stop sending
                break
            sock.sendall(frame)
            sent += len(CHUNK)
        else:
            if not declared:
                sock.sendall(b"0\r\n\r\n")
        response = b""
        while b"\r\n\r\n" not in response:
            data = sock.recv(65536)
            if not data:
                break
            response += data
        head, _, body = response.partition(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ),
            0,
        )
        while len(body) < length:
            data = sock.recv(65536)
            if not data:
                break
            body += data
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return status, body.decode(errors="replace"), sent


def _terminal_token(backend: LiveBackend) -> str:
    backend.store("S01")
    code = backend.enrolment_code("S01")
    response = httpx.post(
        f"{backend.url}/sync/v1/terminals/enroll",
        json={"code": code, "device_name": "memory test"},
        headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


def test_oversized_bodies_are_refused_without_the_server_growing(
    backend_factory: BackendFactory,
) -> None:
    backend = backend_factory("sqlite")
    pid = backend.process.process.pid
    token = _terminal_token(backend)
    protocol = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    terminal = protocol | {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}", "Content-Type": "text/csv"}
    # Warm up what a first request loads, then measure the peak from here on.
    assert httpx.get(f"{backend.url}/sync/v1/hello", headers=terminal, timeout=10).is_success
    idle = _status(pid, "VmRSS")
    # Reset VmHWM to the current RSS; where that is refused it also holds the start's peak.
    with suppress(OSError):
        Path(f"/proc/{pid}/clear_refs").write_text("5")

    attacks = [
        # (path, headers, declared length, expected status)
        *[("/sync/v1/push", protocol, False, 401)] * 4,
        *[("/sync/v1/push", protocol | {"Authorization": "Bearer wrong"}, False, 401)] * 2,
        ("/api/v1/catalog/csv", {"Content-Type": "text/csv"}, False, 401),
        *[("/sync/v1/push", terminal, False, 413)] * 4,
        ("/sync/v1/push", terminal, True, 413),
        ("/api/v1/catalog/csv", admin, False, 413),
        ("/api/v1/stores", admin | {"Content-Type": "application/json"}, False, 413),
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(lambda a: stream_post(backend.url, a[0], a[1], declared=a[2]), attacks)
        )
    peak = _status(pid, "VmHWM")

    for (path, _, _, expected), (status, body, sent) in zip(attacks, results, strict=True):
        assert status == expected, (path, status, body[:300], backend.log_tail())
        assert '"error"' in body and '"detail"' in body, body  # the API's ErrorBody shape
        assert sent < BODY_BYTES, f"{path}: the server read the whole body before answering"
    assert backend.alive()
    assert peak - idle < 100 * MIB, (
        f"the server grew from {idle // MIB} MiB to {peak // MIB} MiB on refused bodies"
    )
    # and it still serves
    assert httpx.get(f"{backend.url}/sync/v1/hello", headers=terminal, timeout=10).is_success
