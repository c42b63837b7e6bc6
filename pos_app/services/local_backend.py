"""Running the reference backend as a child process on this machine (``pos demo``, bench).

The child's pid is written to ``backend.pid`` in its data directory and removed when it is
stopped. A run that crashed or was killed leaves the child running and the file behind: the
next run finds that leftover (``leftover_backend``) and stops it, instead of failing on the
port it holds.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from pos_app.errors import KnownError
from sync.private_files import make_private_dir, open_private, write_private

log = logging.getLogger(__name__)

PID_FILE = "backend.pid"
# What the backend child runs (its command line names it: how a leftover is recognised).
APP_FACTORY = "sync.server.app:app_from_env"


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
        _remove_pid_file(self.data_dir, self.process.pid)


@dataclass(frozen=True, slots=True)
class Leftover:
    """A backend an earlier run started for this data directory and never stopped."""

    pid: int
    url: str


def leftover_backend(data_dir: Path) -> Leftover | None:
    """The backend named by ``data_dir``'s pid file if it still runs, and is this program's
    backend serving this directory (its command line and environment say so; where there is
    no /proc, its ``/healthz`` at the recorded address answers). A stale file is removed."""
    path = data_dir / PID_FILE
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
        pid, url = int(recorded["pid"]), str(recorded["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if pid > 0 and _alive(pid) and _serves(pid, url, data_dir):
        return Leftover(pid, url)
    log.info("Removing the stale %s (pid %s is not our backend now)", path, pid)
    path.unlink(missing_ok=True)
    return None


def stop_leftover(leftover: Leftover, data_dir: Path, timeout: float = 10.0) -> None:
    """Stop a leftover backend: SIGTERM, then SIGKILL if it has not ended within ``timeout``."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, timeout)):
        try:
            os.kill(leftover.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while _alive(leftover.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not _alive(leftover.pid):
            break
    if _alive(leftover.pid):
        raise KnownError(
            "backend.leftover_alive",
            f"The backend an earlier run left running (pid {leftover.pid}) does not stop",
        )
    _remove_pid_file(data_dir, leftover.pid)
    log.info("Stopped the leftover backend %s (pid %s)", leftover.url, leftover.pid)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, ended but not yet reaped by its new parent, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive, and not ours (_serves says no)
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True  # no /proc (macOS): signal 0 is all there is
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def _serves(pid: int, url: str, data_dir: Path) -> bool:
    proc = Path(f"/proc/{pid}")
    if proc.is_dir():
        try:
            command = proc.joinpath("cmdline").read_bytes().split(b"\0")
            environ = proc.joinpath("environ").read_bytes().split(b"\0")
        except OSError:
            return False  # someone else's process
        wanted = f"POS_SERVER_DATA_DIR={data_dir.resolve()}".encode()
        return APP_FACTORY.encode() in command and wanted in environ
    try:
        return httpx.get(f"{url}/healthz", timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


def _remove_pid_file(data_dir: Path, pid: int) -> None:
    path = data_dir / PID_FILE
    try:
        if int(json.loads(path.read_text(encoding="utf-8"))["pid"]) == pid:
            path.unlink()
    except (OSError, ValueError, KeyError, TypeError):
        pass  # gone already, or another run's


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
    make_private_dir(data_dir)
    url = f"http://{host}:{port}"
    env = dict(os.environ)
    env.update(
        {
            # Absolute: a later run finds this child by it (leftover_backend).
            "POS_SERVER_DATA_DIR": str(data_dir.resolve()),
            "POS_SERVER_BASE_URL": url,
            "POS_SERVER_DATABASE_URL": database_url,
        }
    )
    if admin_token:
        env["POS_SERVER_ADMIN_TOKEN"] = admin_token
    env.update(extra_env or {})
    log_path = data_dir / "backend.log"
    with open_private(log_path, "ab") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                APP_FACTORY,
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
    write_private(
        data_dir / PID_FILE, (json.dumps({"pid": process.pid, "url": url}) + "\n").encode()
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
