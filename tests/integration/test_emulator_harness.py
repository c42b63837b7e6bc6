"""The emupos harness (tests/emulator.py) against the real emulator, with raw sockets only.

These pin down what the app's printer code may rely on: Turkish text in PC857 arrives exactly,
DLE EOT replies carry the fault bits, held jobs print once, and a stopped emulator refuses
connections like a printer that is switched off.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from tests.emulator import Emulator, EmulatorError, ReceiptTimeout, emupos_or_skip, find_emupos

ESC_INIT = b"\x1b\x40"  # ESC @
ESC_T_PC857 = b"\x1b\x74\x0d"  # ESC t 13: PC857 in the Turkish profile
CUT = b"\x1d\x56\x00"  # GS V 0
TURKISH = "ÇĞİÖŞÜ çğıöşü"

# DLE EOT reply bits (Epson ESC/POS reference; what emupos sets).
OFFLINE = 0x08  # n = 1
COVER_OPEN = 0x04  # n = 2
STOPPED_BY_PAPER_END = 0x20  # n = 2
PAPER_NEAR_END = 0x0C  # n = 4
PAPER_NOT_PRESENT = 0x60  # n = 4


def job(text: str) -> bytes:
    return ESC_INIT + ESC_T_PC857 + text.encode("cp857") + CUT


def send(emulator: Emulator, data: bytes) -> None:
    with socket.create_connection((emulator.host, emulator.port), timeout=5) as sock:
        sock.sendall(data)


def dle_eot(sock: socket.socket, n: int) -> int:
    sock.sendall(bytes([0x10, 0x04, n]))
    reply = sock.recv(16)
    assert len(reply) == 1, f"DLE EOT {n}: expected one byte, got {reply!r}"
    return reply[0]


def status(emulator: Emulator, n: int) -> int:
    with socket.create_connection((emulator.host, emulator.port), timeout=5) as sock:
        return dle_eot(sock, n)


def test_turkish_text_in_pc857_arrives_exactly(emulator: Emulator) -> None:
    send(emulator, job(TURKISH + "\n"))

    assert emulator.wait_for_receipts(1) == [TURKISH + "\n"]
    assert [receipt["boundary"] for receipt in emulator.receipts()] == ["cut"]


def test_a_missing_esc_t_shows_as_mojibake(emulator: Emulator) -> None:
    send(emulator, ESC_INIT + (TURKISH + "\n").encode("cp857"))  # code page 0: PC437

    [text] = emulator.wait_for_receipts(1)
    assert TURKISH not in text
    assert "₧" in text  # Ş (0x9e in PC857) is ₧ in PC437


def test_a_ready_printer_reports_online(emulator: Emulator) -> None:
    replies = {n: status(emulator, n) for n in (1, 2, 3, 4)}

    assert replies[1] & OFFLINE == 0
    assert replies == {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}  # only the fixed bits


def test_paper_out_is_reported_offline_and_paper_not_present(emulator: Emulator) -> None:
    emulator.set_fault("paper-out")

    assert emulator.faults() == ["paper-out"]
    assert status(emulator, 1) & OFFLINE
    assert status(emulator, 2) & STOPPED_BY_PAPER_END
    assert status(emulator, 4) & PAPER_NOT_PRESENT == PAPER_NOT_PRESENT
    assert status(emulator, 4) == 0x7E  # near end and not present


def test_cover_open_is_reported(emulator: Emulator) -> None:
    emulator.set_fault("cover-open")

    assert status(emulator, 2) & COVER_OPEN
    assert status(emulator, 1) & OFFLINE


def test_offline_fault_is_reported(emulator: Emulator) -> None:
    emulator.set_fault("offline")

    assert status(emulator, 1) & OFFLINE
    assert status(emulator, 2) == 0x12  # no cause bit for a plain offline


def test_paper_near_end_does_not_stop_printing(emulator: Emulator) -> None:
    emulator.set_fault("paper-near-end")

    assert status(emulator, 1) & OFFLINE == 0
    assert status(emulator, 4) & PAPER_NEAR_END == PAPER_NEAR_END
    send(emulator, job("near end\n"))
    assert emulator.wait_for_receipts(1) == ["near end\n"]


def test_status_is_answered_at_once_while_data_is_held(emulator: Emulator) -> None:
    emulator.set_fault("paper-out")
    with socket.create_connection((emulator.host, emulator.port), timeout=5) as sock:
        sock.sendall(job("held\n"))
        assert dle_eot(sock, 1) & OFFLINE
        assert dle_eot(sock, 4) & PAPER_NOT_PRESENT == PAPER_NOT_PRESENT


def test_a_job_held_under_paper_out_prints_once_after_the_fault_clears(
    emulator: Emulator,
) -> None:
    emulator.set_fault("paper-out")
    send(emulator, job("held job\n"))
    time.sleep(3 * emulator.job_idle_timeout_ms / 1000)  # neither cut nor idle time ends it
    assert emulator.receipts() == []

    emulator.clear_fault("paper-out")

    assert emulator.wait_for_receipts(1) == ["held job\n"]
    time.sleep(3 * emulator.job_idle_timeout_ms / 1000)
    assert emulator.texts() == ["held job\n"]
    assert emulator.faults() == []


def test_an_idle_open_connection_completes_the_job(emulator: Emulator) -> None:
    with socket.create_connection((emulator.host, emulator.port), timeout=5) as sock:
        sock.sendall(ESC_INIT + ESC_T_PC857 + "açık bağlantı\n".encode("cp857"))
        assert emulator.wait_for_receipts(1, timeout=5) == ["açık bağlantı\n"]
    assert [receipt["boundary"] for receipt in emulator.receipts()] == ["idle-timeout"]


def test_a_stopped_emulator_refuses_connections_and_prints_again_after_start(
    emulator: Emulator,
) -> None:
    send(emulator, job("before\n"))
    emulator.wait_for_receipts(1)
    port, uri = emulator.port, emulator.tcp_uri

    emulator.stop()

    assert not emulator.running
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((emulator.host, port), timeout=5).close()
    with pytest.raises(EmulatorError, match="not running"):
        emulator.receipts()

    emulator.start()

    assert (emulator.port, emulator.tcp_uri) == (port, uri)
    send(emulator, job("after\n"))
    assert emulator.wait_for_receipts(2) == ["before\n", "after\n"]  # receipts survive


def test_two_emulators_are_separate_printers(emulator: Emulator, tmp_path: Path) -> None:
    with Emulator(tmp_path / "second", executable=emulator.executable) as second:
        assert len({emulator.port, emulator.api_port, second.port, second.api_port}) == 4
        send(second, job("second\n"))
        assert second.wait_for_receipts(1) == ["second\n"]
    assert emulator.receipts() == []


def listen_on(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", port))
    sock.listen()
    return sock


def test_ports_taken_before_the_first_start_are_replaced(tmp_path: Path) -> None:
    fresh = Emulator(tmp_path / "emupos", executable=emupos_or_skip())
    taken = fresh.api_port, fresh.port
    with listen_on(taken[0]), listen_on(taken[1]), fresh:  # another worker got there first
        assert {fresh.api_port, fresh.port}.isdisjoint(taken)
        send(fresh, job("moved\n"))
        assert fresh.wait_for_receipts(1) == ["moved\n"]


def test_a_restart_waits_for_its_port_to_be_free(emulator: Emulator) -> None:
    emulator.stop()
    blocker = listen_on(emulator.port)
    threading.Timer(1.0, blocker.close).start()

    emulator.start()

    send(emulator, job("back\n"))
    assert emulator.wait_for_receipts(1) == ["back\n"]


def test_the_harness_helpers(emulator: Emulator) -> None:
    assert emulator.tcp_uri == f"tcp://127.0.0.1:{emulator.port}"
    assert emulator.version is not None
    emulator.set_fault("cover-open")
    assert emulator.dle_eot(2) & COVER_OPEN
    emulator.clear_fault("cover-open")
    assert emulator.dle_eot(2) == 0x12
    with pytest.raises(ReceiptTimeout, match="expected 1 receipt"):
        emulator.wait_for_receipts(1, timeout=0.3)
    with pytest.raises(EmulatorError, match="unknown fault"):
        emulator.set_fault("jam")  # type: ignore[arg-type]


# --- finding emupos (no emulator needed) ----------------------------------------------------


def test_a_missing_emupos_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tests.emulator.find_emupos", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"Python 3\.13"):
        emupos_or_skip()


def test_a_missing_emupos_fails_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tests.emulator.find_emupos", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run"):
        emupos_or_skip()


def test_a_wrong_pos_emupos_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POS_EMUPOS", str(tmp_path / "nothing-here"))
    with pytest.raises(EmulatorError, match="POS_EMUPOS"):
        find_emupos()
