"""``pos demo`` and its backend child (issue 14, item 11): quitting the app stops the backend;
after a crash (``kill -9`` of the demo) the next start recognises the backend it left running
by its pid file, stops it and says so; a port held by another program is named with --port.

The real ``pos demo`` runs in a subprocess (offscreen Qt), as a person starts it.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pos_app.services.local_backend import PID_FILE, leftover_backend

READY = "Cashier app started"  # in the app's log once its window shows


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_")}
    env.update({"QT_QPA_PLATFORM": "offscreen", "POS_DEMO_PORT": "0", **extra})
    return env


def pos(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pos_app.cli", *map(str, args)],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    # A zombie (ended, not yet reaped by whoever adopted it) is not running.
    return not stat.exists() or stat.read_text().rpartition(")")[2].split()[0] != "Z"


def recorded(data: Path) -> tuple[int, str]:
    info = json.loads((data / "backend" / PID_FILE).read_text(encoding="utf-8"))
    return int(info["pid"]), str(info["url"])


def answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
def demo_app(tmp_path: Path) -> Iterator[list[subprocess.Popen[str]]]:
    """Started ``pos demo`` processes; whatever a test leaves running is ended after it."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(30)
        if process.stdout is not None:
            process.stdout.close()
    for pid_file in tmp_path.rglob(PID_FILE):
        pid = int(json.loads(pid_file.read_text(encoding="utf-8"))["pid"])
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def start_demo(data: Path, started: list[subprocess.Popen[str]]) -> subprocess.Popen[str]:
    """``pos demo`` with the app; returns once the app's window is up (its log says so)."""
    log = data / "logs" / "pos.log"
    before = log.read_text(encoding="utf-8").count(READY) if log.exists() else 0
    process = subprocess.Popen(
        [sys.executable, "-m", "pos_app.cli", "demo", "--data-dir", str(data)],
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    started.append(process)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if log.exists() and log.read_text(encoding="utf-8").count(READY) > before:
            time.sleep(0.5)  # the event loop runs
            return process
        time.sleep(0.1)
    process.kill()
    output, _ = process.communicate(timeout=30)
    raise AssertionError(f"pos demo did not start the app:\n{output}")


def test_quit_stops_the_backend_and_a_crash_leftover_is_stopped_at_the_next_start(
    tmp_path: Path, demo_app: list[subprocess.Popen[str]]
) -> None:
    data = tmp_path / "demo"
    # The app quits (a `kill`, as the desktop's session end does): the backend goes with it.
    app = start_demo(data, demo_app)
    pid, url = recorded(data)
    assert alive(pid) and answers(url)
    app.send_signal(signal.SIGTERM)
    assert app.wait(60) == 0
    assert not alive(pid)
    assert not (data / "backend" / PID_FILE).exists()

    # A crash: the demo dies at once and its backend keeps running, holding the port.
    app = start_demo(data, demo_app)
    pid, url = recorded(data)
    app.kill()
    app.wait(30)
    assert alive(pid) and answers(url)
    found = leftover_backend(data / "backend")
    assert found is not None and found.pid == pid

    again = pos("demo", "--no-app", "--data-dir", data)
    assert again.returncode == 0, again.stderr
    assert (
        f"Stopped the demo backend an earlier run left running ({url}, pid {pid})" in again.stdout
    )
    assert "Demo store already set up" in again.stdout
    assert not alive(pid)
    assert not (data / "backend" / PID_FILE).exists()


def test_a_stale_pid_file_naming_another_program_is_not_ours(tmp_path: Path) -> None:
    """A pid file whose process is not our backend (the pid was reused): nothing is killed."""
    backend = tmp_path / "backend"
    backend.mkdir()
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as other:
        try:
            (backend / PID_FILE).write_text(
                json.dumps({"pid": other.pid, "url": "http://127.0.0.1:9"}), encoding="utf-8"
            )
            assert leftover_backend(backend) is None
            assert other.poll() is None
            assert not (backend / PID_FILE).exists()
        finally:
            other.kill()


def test_a_port_held_by_another_program_is_named_with_the_option(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = pos("demo", "--no-app", "--data-dir", tmp_path / "demo", "--port", str(port))
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith(f"error: Port {port} on 127.0.0.1 is in use by another ")
    assert "--port" in result.stderr
    assert "Traceback" not in result.stderr
