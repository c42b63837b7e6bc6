"""A real ESC/POS printer emulator for integration tests: emupos 0.4.0 on free ports.

`Emulator` writes an emupos configuration into a directory (one 80 mm printer with the Turkish
code pages of tests/printer_emulator/turkish-80mm.yaml), runs `emupos run` on a free control-API
port and a free printer port, and reads what was printed back through the control API:

    def test_prints(emulator: Emulator) -> None:
        send_to(emulator.tcp_uri, ...)               # "tcp://127.0.0.1:PORT"
        assert emulator.wait_for_receipts(1) == ["..."]

Faults: `set_fault()` for what emupos models (paper-out, cover-open, offline, paper-near-end);
`stop()`/`start()` for a printer switched off and on; `hang()`/`resume()` (SIGSTOP/SIGCONT) for
a printer that hangs, accepting connections but reading and answering nothing; `power_cut()`
(SIGKILL) for one losing power, after `hang()` part-way through a job.

The `emulator` fixture (imported by tests/integration/conftest.py) gives a running one per test
and skips the test where emupos is not installed, except on CI (`CI=true`), where it fails.
emupos needs Python 3.13; .ci/run installs it into .emupos/. By hand:

    PYENV_VERSION=3.13.0 python3.13 -m venv .emupos && .emupos/bin/pip install emupos==0.4.0

More in docs/printing.md, "Testing printing".
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import httpx
import pytest

REPO = Path(__file__).resolve().parents[1]
PROFILE = Path(__file__).resolve().parent / "printer_emulator" / "turkish-80mm.yaml"
EMUPOS_VERSION = "0.4.0"
ENV_VAR = "POS_EMUPOS"

Fault = Literal["paper-out", "paper-near-end", "cover-open", "offline"]
FAULTS: tuple[Fault, ...] = ("paper-out", "paper-near-end", "cover-open", "offline")

INSTALL_HINT = (
    f"install it with `PYENV_VERSION=3.13.0 python3.13 -m venv .emupos && "
    f".emupos/bin/pip install emupos=={EMUPOS_VERSION}` in the repository root "
    f"(.ci/run does this), or set {ENV_VAR} to an emupos executable"
)

# What emupos writes when a port it was given is taken (control API or printer port).
_PORT_TAKEN = ("is not available", "already in use")


class EmulatorError(RuntimeError):
    """emupos could not be found, started or asked: a problem of the harness, not of the test."""


class ReceiptTimeout(AssertionError):
    """The expected receipts were not printed in time (a test failure)."""


def find_emupos() -> Path | None:
    """The emupos executable: $POS_EMUPOS, else <repo>/.emupos, else `emupos` on PATH.

    Raises EmulatorError when POS_EMUPOS is set but names no executable: an explicit setting
    that is wrong is an error, never a reason to skip.
    """
    configured = os.environ.get(ENV_VAR)
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise EmulatorError(f"{ENV_VAR}={configured!r} is not an executable file")
        return Path(found)
    for candidate in (
        REPO / ".emupos" / "bin" / "emupos",
        REPO / ".emupos" / "Scripts" / "emupos.exe",
    ):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("emupos")
    return Path(found) if found else None


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """`count` distinct ports that were free a moment ago (bound to port 0 together, released)."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind((host, 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


class Emulator:
    """One emupos process with one printer, `device_id`, on `host`:`port`.

    The ports are chosen when the object is made and never change, so `stop()` followed by
    `start()` is the same printer switched off and on again: receipts (files in
    `receipts_dir`) survive it, faults do not. Use it as a context manager, or call `close()`.
    """

    def __init__(
        self,
        directory: Path,
        *,
        executable: Path | None = None,
        device_id: str = "front",
        profile: Path = PROFILE,
        job_idle_timeout_ms: int = 200,
        startup_timeout: float = 20.0,
        host: str = "127.0.0.1",
    ) -> None:
        found = executable if executable is not None else find_emupos()
        if found is None:
            raise EmulatorError(f"emupos (Python 3.13) is not installed: {INSTALL_HINT}")
        self.executable = found
        self.directory = directory
        self.device_id = device_id
        self.profile = profile
        self.job_idle_timeout_ms = job_idle_timeout_ms
        self.startup_timeout = startup_timeout
        self.host = host
        self.port, self.api_port = free_ports(2, host)
        self.version: str | None = None  # reported by the running emupos
        self._process: subprocess.Popen[bytes] | None = None
        self._client: httpx.Client | None = None
        self._started_once = False
        self._log_offset = 0  # where the output of the latest start begins in the log

    # --- where things are ---------------------------------------------------------------

    @property
    def tcp_uri(self) -> str:
        """The printer as a printer URI for the app: "tcp://127.0.0.1:PORT"."""
        return f"tcp://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.api_port}/api/v1"

    @property
    def config_path(self) -> Path:
        return self.directory / "emupos.yaml"

    @property
    def log_path(self) -> Path:
        return self.directory / "emupos.log"

    @property
    def receipts_dir(self) -> Path:
        return self.directory / "receipts"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    # --- lifecycle ----------------------------------------------------------------------

    def __enter__(self) -> Emulator:
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
        """Start emupos (again) and wait until it answers. Does nothing when it is running.

        The first start picks new ports when another process took them in the meantime; later
        starts keep the ports (the same printer switched on again) and wait for them instead.
        """
        if self.running:
            return
        deadline = time.monotonic() + self.startup_timeout
        attempts = 0
        while True:
            attempts += 1
            self._write_config()
            self._spawn()
            try:
                self._wait_ready(deadline)
            except _PortTaken as taken:
                self._reap()
                if time.monotonic() >= deadline:
                    raise EmulatorError(
                        f"emupos could not bind its ports ({self.api_port}, {self.port}) "
                        f"within {self.startup_timeout:.0f} s: {taken}\n{self.log_tail()}"
                    ) from None
                if not self._started_once and attempts < 5:
                    self.port, self.api_port = free_ports(2, self.host)
                else:
                    time.sleep(0.2)
                continue
            except BaseException:
                self._reap()
                raise
            self._started_once = True
            return

    def stop(self) -> None:
        """Stop emupos, like switching the printer off: connecting is refused until `start()`.

        SIGTERM first (a clean shutdown, about 0.4 s), SIGKILL if it is not gone after 10 s.
        """
        if self._client is not None:
            self._client.close()
            self._client = None
        self.resume()  # a hung (stopped) process handles SIGTERM only once continued
        self._reap()

    def close(self) -> None:
        """Stop emupos if it runs. Safe to call more than once."""
        self.stop()

    # --- faults of the whole printer (POSIX signals) --------------------------------------

    def hang(self) -> None:
        """The printer hangs (SIGSTOP): connections are still accepted (by the kernel), but
        nothing is read, printed or answered, not even DLE EOT, until `resume()`."""
        self._signal(signal.SIGSTOP)

    def resume(self) -> None:
        """A hung printer comes back (SIGCONT) and handles what was sent to it meanwhile."""
        if self.running:
            self._signal(signal.SIGCONT)

    def power_cut(self) -> None:
        """The printer loses power (SIGKILL): print data it has not handled yet is lost, its
        connections are reset, and connecting is refused until `start()`. After `hang()`,
        this is a power cut part-way through a job: none of it printed."""
        self._signal(signal.SIGKILL)
        self._reap()

    def _signal(self, sig: signal.Signals) -> None:
        if self._process is None or self._process.poll() is not None:
            raise EmulatorError(f"emupos is not running\n{self.log_tail()}")
        self._process.send_signal(sig)

    # --- the control API ----------------------------------------------------------------

    def devices(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._request("GET", "/devices").json()
        return result

    def device(self) -> dict[str, Any]:
        """This printer as GET /devices/{id} describes it: connections and state."""
        result: dict[str, Any] = self._request("GET", f"/devices/{self.device_id}").json()
        return result

    def faults(self) -> list[str]:
        """The active faults, sorted by name, e.g. ["cover-open", "paper-out"]."""
        return list(self.device()["state"]["faults"])

    def set_fault(self, name: Fault) -> None:
        """paper-out, cover-open and offline hold print data (status queries are still
        answered); paper-near-end only changes the status bytes."""
        self._request("PUT", f"/devices/{self.device_id}/faults/{name}")

    def clear_fault(self, name: Fault) -> None:
        """Clearing the last blocking fault prints the held data."""
        self._request("DELETE", f"/devices/{self.device_id}/faults/{name}")

    def receipts(self) -> list[dict[str, Any]]:
        """Completed receipts, oldest first: {id, device_id, completed_at, width_dots,
        height_dots, boundary}; boundary is "cut", "connection-closed" or "idle-timeout"."""
        listed: list[dict[str, Any]] = self._request(
            "GET", f"/devices/{self.device_id}/receipts"
        ).json()
        return sorted(listed, key=lambda receipt: (receipt["completed_at"], receipt["id"]))

    def receipt_text(self, receipt_id: str) -> str:
        """A receipt's text dump: bytes decoded with the selected code page, `[qr DATA]`,
        `[barcode TYPE DATA]`, `[image WxH]`."""
        path = f"/devices/{self.device_id}/receipts/{receipt_id}/text"
        return self._request("GET", path).content.decode("utf-8")

    def receipt_image(self, receipt_id: str) -> bytes:
        """A receipt's PNG (no glyphs for PC857: decode QR codes and barcodes from it)."""
        path = f"/devices/{self.device_id}/receipts/{receipt_id}/image"
        return self._request("GET", path).content

    def texts(self) -> list[str]:
        """The text dump of every completed receipt, oldest first."""
        return [self.receipt_text(receipt["id"]) for receipt in self.receipts()]

    def wait_for_receipts(self, count: int, timeout: float = 10.0) -> list[str]:
        """Wait until at least `count` receipts are completed; their texts, oldest first.

        Returns every receipt there is (possibly more than `count`), so `== [...]` also checks
        that nothing else printed. Raises ReceiptTimeout, with what was seen, on timeout.
        """
        deadline = time.monotonic() + timeout
        while True:
            receipts = self.receipts()
            if len(receipts) >= count:
                return [self.receipt_text(receipt["id"]) for receipt in receipts]
            if time.monotonic() >= deadline:
                texts = [self.receipt_text(receipt["id"]) for receipt in receipts]
                raise ReceiptTimeout(
                    f"expected {count} receipt(s) within {timeout} s, saw {len(receipts)}: "
                    f"{texts!r}; faults: {self.faults()}\n{self.log_tail()}"
                )
            time.sleep(0.05)

    # --- raw status ---------------------------------------------------------------------

    def dle_eot(self, n: int, timeout: float = 2.0) -> int:
        """The printer's reply to DLE EOT n (real-time status, answered even while blocked),
        sent on a connection of its own."""
        with socket.create_connection((self.host, self.port), timeout=timeout) as sock:
            sock.sendall(bytes([0x10, 0x04, n]))
            reply = sock.recv(1)
        if len(reply) != 1:
            raise EmulatorError(f"no reply to DLE EOT {n}\n{self.log_tail()}")
        return reply[0]

    # --- diagnostics --------------------------------------------------------------------

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return f"(no emupos log at {self.log_path})"
        tail = "\n".join(text.splitlines()[-lines:])
        return f"--- last lines of {self.log_path} ---\n{tail}"

    # --- internals ----------------------------------------------------------------------

    def _write_config(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.profile, self.directory / self.profile.name)
        self.config_path.write_text(
            "# Written by tests/emulator.py. Start by hand: emupos run --config emupos.yaml\n"
            "schema: 1\n"
            f"api: {{ host: {self.host}, port: {self.api_port} }}\n"
            "devices:\n"
            f"  - id: {self.device_id}\n"
            "    type: printer\n"
            f"    profile: ./{self.profile.name}\n"
            "    connections:\n"
            f"      - tcp: {{ host: {self.host}, port: {self.port} }}\n"
            "    receipts_dir: ./receipts\n"
            f"    job_idle_timeout_ms: {self.job_idle_timeout_ms}\n",
            encoding="utf-8",
        )

    def _spawn(self) -> None:
        env = {
            key: value
            for key, value in os.environ.items()
            # the test venv's Python settings must not leak into emupos's Python 3.13
            if key not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH"}
        }
        env.update(NO_COLOR="1", TERM="dumb", COLUMNS="200", PYTHONUNBUFFERED="1")
        with self.log_path.open("ab") as log:
            self._log_offset = log.tell()
            log.write(f"=== {self.executable} run --config {self.config_path.name}\n".encode())
            log.flush()
            self._process = subprocess.Popen(
                [str(self.executable), "run", "--config", self.config_path.name],
                cwd=self.directory,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )

    def _wait_ready(self, deadline: float) -> None:
        """Wait until *our* process answers: another emupos may answer on a port we were given
        before ours fails to bind it, so the answer must list our printer port too."""
        process = self._process
        assert process is not None
        endpoint = f"{self.host}:{self.port}"
        with httpx.Client(base_url=self.api_url, timeout=2.0) as probe:
            while True:
                code = process.poll()
                if code is not None:
                    output = self._output_since_start().strip()
                    if any(marker in output for marker in _PORT_TAKEN):
                        raise _PortTaken(output)
                    raise EmulatorError(
                        f"emupos exited with code {code} while starting\n{self.log_tail()}"
                    )
                with contextlib.suppress(httpx.TransportError):
                    response = probe.get("/devices")
                    if response.status_code == 200 and self._lists(response.json(), endpoint):
                        self.version = probe.get("/health").json().get("version")
                        if process.poll() is None:
                            return
                if time.monotonic() >= deadline:
                    raise EmulatorError(
                        f"emupos did not answer on {self.api_url} within "
                        f"{self.startup_timeout:.0f} s\n{self.log_tail()}"
                    )
                time.sleep(0.05)

    def _output_since_start(self) -> str:
        with self.log_path.open("rb") as log:
            log.seek(self._log_offset)
            return log.read().decode("utf-8", errors="replace")

    def _lists(self, devices: list[dict[str, Any]], endpoint: str) -> bool:
        return any(
            device.get("id") == self.device_id
            and any(c.get("endpoint") == endpoint for c in device.get("connections", []))
            for device in devices
        )

    def _reap(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _request(self, method: str, path: str) -> httpx.Response:
        if not self.running:
            raise EmulatorError(
                f"emupos is not running (stopped, or it exited); call start() first\n"
                f"{self.log_tail()}"
            )
        if self._client is None:
            self._client = httpx.Client(base_url=self.api_url, timeout=10.0)
        response = self._client.request(method, path)
        if response.is_error:
            raise EmulatorError(
                f"{method} {self.api_url}{path} -> {response.status_code}: {response.text}"
            )
        return response


class _PortTaken(Exception):
    """emupos exited because a port it was given is in use (the first start picks others)."""


def emupos_or_skip() -> Path:
    """The emupos executable; skips the test when there is none, but fails it on CI."""
    try:
        found = find_emupos()
    except EmulatorError as error:
        pytest.fail(str(error), pytrace=False)
    if found is None:
        message = f"emupos (Python 3.13) is not installed: {INSTALL_HINT}"
        if os.environ.get("CI", "").lower() in {"true", "1"}:
            pytest.fail(f"{message} (CI must run the emulator tests)", pytrace=False)
        pytest.skip(message)
    return found


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[Emulator]:
    """A running emupos printer on free ports, stopped after the test."""
    executable = emupos_or_skip()
    with Emulator(tmp_path / "emupos", executable=executable) as running:
        yield running
