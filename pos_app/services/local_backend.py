"""Running the reference backend as a child process on this machine (``pos demo``, bench)."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from pos_app.errors import KnownError

log = logging.getLogger(__name__)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_in_use(host: str, port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((host, port)) == 0


@dataclass
class LocalBackend:
    """A backend child process; ``stop()`` ends it (also on the parent's exit paths)."""

    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)

    def stop(self, timeout: float = 10.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)


def start_local_backend(
    data_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    database_url: str = "",
    admin_token: str = "",
    extra_env: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> LocalBackend:
    """Start ``uvicorn`` with the backend's factory and wait until ``/healthz`` answers."""
    port = port or free_port(host)
    if port_in_use(host, port):
        raise KnownError(
            "backend.port_in_use",
            f"Port {port} on {host} is in use; stop what runs there or choose another port",
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    url = f"http://{host}:{port}"
    env = dict(os.environ)
    env.update(
        {
            "POS_SERVER_DATA_DIR": str(data_dir),
            "POS_SERVER_BASE_URL": url,
            "POS_SERVER_DATABASE_URL": database_url,
        }
    )
    if admin_token:
        env["POS_SERVER_ADMIN_TOKEN"] = admin_token
    env.update(extra_env or {})
    log_path = data_dir / "backend.log"
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "sync.server.app:app_from_env",
                "--host",
                host,
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    backend = LocalBackend(url, data_dir, process, log_path, env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise KnownError(
                "backend.failed", f"The backend stopped at start (see {log_path}):\n{tail}"
            )
        try:
            if httpx.get(f"{url}/healthz", timeout=1.0).status_code == 200:
                log.info("Backend up at %s (data in %s)", url, data_dir)
                return backend
        except httpx.HTTPError:
            pass  # not listening yet: poll again until the deadline
        time.sleep(0.1)
    backend.stop()
    raise KnownError("backend.timeout", f"The backend did not answer at {url} within {timeout} s")
