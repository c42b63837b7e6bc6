"""The card terminal client against the simulator (in process, and as a `pos` process that is
killed and restarted), the never-charged-twice rule, the journal, and the device commands."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pos_app.cli import app
from pos_app.devices.card_terminal_sim import (
    CardTerminalSimulator,
    remote_set_mode,
    remote_transactions,
)
from pos_app.devices.payment_terminal import (
    PaymentOutcome,
    PaymentResult,
    TcpPaymentTerminal,
    TerminalUnavailable,
    open_payment_terminal,
)
from pos_app.errors import UserError

APPROVAL = re.compile(r"^\d{6}$")
CARD = re.compile(r"^[A-Z]+ \*{4}\d{4}$")
ALL_STEPS = ["present_card", "enter_pin", "processing", "remove_card"]

MakeSim = Callable[..., CardTerminalSimulator]


@pytest.fixture
def make_sim() -> Iterator[MakeSim]:
    started: list[CardTerminalSimulator] = []

    def make(**options: object) -> CardTerminalSimulator:
        sim = CardTerminalSimulator(**options).start()  # type: ignore[arg-type]
        started.append(sim)
        return sim

    yield make
    for sim in started:
        sim.stop()


def client(sim: CardTerminalSimulator) -> TcpPaymentTerminal:
    return TcpPaymentTerminal("127.0.0.1", sim.port, connect_timeout_s=1.0)


def pay(
    terminal: TcpPaymentTerminal, ref: str, amount: int = 12_50, **kw: object
) -> tuple[PaymentResult, list[str]]:
    steps: list[str] = []
    result = terminal.pay(ref, amount, on_progress=steps.append, **kw)  # type: ignore[arg-type]
    return result, steps


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- modes --------------------------------------------------------------------------------


def test_approve(make_sim: MakeSim) -> None:
    sim = make_sim()
    result, steps = pay(client(sim), "K1-0001", 45_90)
    assert steps == ALL_STEPS
    assert result.outcome is PaymentOutcome.APPROVED
    assert (result.reference, result.amount_minor) == ("K1-0001", 45_90)
    assert APPROVAL.match(result.approval_code)
    assert CARD.match(result.card_label)
    assert sim.transactions() == [result]


def test_decline(make_sim: MakeSim) -> None:
    sim = make_sim(mode="decline")
    result, steps = pay(client(sim), "K1-0002")
    assert steps == ["present_card", "enter_pin", "processing"]
    assert result.outcome is PaymentOutcome.DECLINED
    assert result.approval_code == ""
    assert result.message
    assert sim.transactions() == [result]


def test_slow_takes_its_steps_then_approves(make_sim: MakeSim) -> None:
    sim = make_sim(mode="slow", slow_step_s=0.2)
    started = time.monotonic()
    result, steps = pay(client(sim), "K1-0003")
    assert time.monotonic() - started >= 0.8
    assert steps == ALL_STEPS
    assert result.outcome is PaymentOutcome.APPROVED


def test_drop_is_link_lost_and_nothing_charged(make_sim: MakeSim) -> None:
    sim = make_sim(mode="drop")
    terminal = client(sim)
    result, steps = pay(terminal, "K1-0004")
    assert steps == ["present_card"]
    assert result.outcome is PaymentOutcome.LINK_LOST
    assert "closed the connection" in result.message
    asked = terminal.last_transaction("K1-0004")
    assert asked is not None
    assert asked.outcome is PaymentOutcome.CANCELLED
    assert asked.approval_code == ""
    assert [t.outcome for t in sim.transactions()] == [PaymentOutcome.CANCELLED]


def test_lost_answer_is_approved_on_the_terminal_and_never_charged_again(
    make_sim: MakeSim,
) -> None:
    sim = make_sim(mode="lost_answer")
    terminal = client(sim)
    result, steps = pay(terminal, "K1-0005")
    assert steps == ALL_STEPS
    assert result.outcome is PaymentOutcome.LINK_LOST
    asked = terminal.last_transaction("K1-0005")
    assert asked is not None
    assert asked.outcome is PaymentOutcome.APPROVED
    sim.set_mode("approve")
    again, again_steps = pay(terminal, "K1-0005")  # the caller retries with the same reference
    assert again == asked
    assert again_steps == []
    assert len(sim.transactions()) == 1


def test_timeout_mode(make_sim: MakeSim) -> None:
    sim = make_sim(mode="timeout", card_wait_s=0.2)
    result, steps = pay(client(sim), "K1-0006")
    assert steps == ["present_card"]
    assert result.outcome is PaymentOutcome.TIMEOUT
    assert result.card_label == ""


# -- the same reference twice -------------------------------------------------------------


def test_a_known_reference_answers_the_stored_outcome(make_sim: MakeSim) -> None:
    sim = make_sim()
    terminal = client(sim)
    first, _ = pay(terminal, "K1-0010", 99_00)
    sim.set_mode("decline")
    second, steps = pay(terminal, "K1-0010", 99_00)
    assert second == first
    assert steps == []
    declined, _ = pay(terminal, "K1-0011", 99_00)
    assert declined.outcome is PaymentOutcome.DECLINED
    assert [t.reference for t in sim.transactions()] == ["K1-0010", "K1-0011"]


def test_the_same_reference_paid_twice_at_once_charges_once(make_sim: MakeSim) -> None:
    sim = make_sim(mode="slow", slow_step_s=0.15)
    terminal = client(sim)
    results: list[PaymentResult] = []
    threads = [
        threading.Thread(target=lambda: results.append(terminal.pay("K1-0012", 5_00)))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join(timeout=10)
    assert len(results) == 2
    assert results[0] == results[1]
    assert results[0].outcome is PaymentOutcome.APPROVED
    assert len(sim.transactions()) == 1


# -- last_transaction and cancel ----------------------------------------------------------


def test_last_transaction_unknown_in_progress_and_approved(make_sim: MakeSim) -> None:
    sim = make_sim(mode="slow", slow_step_s=0.3)
    terminal = client(sim)
    assert terminal.last_transaction("K1-0020") is None
    progress = threading.Event()
    results: list[PaymentResult] = []
    payer = threading.Thread(
        target=lambda: results.append(
            terminal.pay("K1-0020", 7_00, on_progress=lambda code: progress.set())
        )
    )
    payer.start()
    assert progress.wait(5)
    running = terminal.last_transaction("K1-0020")
    assert running == PaymentResult("K1-0020", PaymentOutcome.IN_PROGRESS, 7_00)
    payer.join(timeout=10)
    assert results[0].outcome is PaymentOutcome.APPROVED
    assert terminal.last_transaction("K1-0020") == results[0]


def test_cancel_during_slow_mode(make_sim: MakeSim) -> None:
    sim = make_sim(mode="slow", slow_step_s=2.0)
    terminal = client(sim)
    steps: list[str] = []

    def on_progress(code: str) -> None:
        steps.append(code)
        if code == "present_card":
            # From another connection, as the kiosk's cancel button does.
            threading.Thread(target=terminal.cancel, args=("K1-0021",)).start()

    started = time.monotonic()
    result = terminal.pay("K1-0021", 30_00, on_progress=on_progress)
    assert time.monotonic() - started < 1.5  # not after the 2 s step
    assert result.outcome is PaymentOutcome.CANCELLED
    assert steps == ["present_card"]
    assert terminal.last_transaction("K1-0021") == result
    assert sim.transactions() == [result]


def test_a_cancel_after_processing_is_too_late(make_sim: MakeSim) -> None:
    sim = make_sim(mode="slow", slow_step_s=0.2)
    terminal = client(sim)

    def on_progress(code: str) -> None:
        if code == "processing":
            terminal.cancel("K1-0022")

    result = terminal.pay("K1-0022", 30_00, on_progress=on_progress)
    assert result.outcome is PaymentOutcome.APPROVED
    terminal.cancel("K1-0022")  # finished: nothing happens
    terminal.cancel("K1-9999")  # unknown: nothing happens
    assert sim.transactions() == [result]


def test_our_own_timeout_cancels_and_reports_how_it_ended(make_sim: MakeSim) -> None:
    sim = make_sim(mode="slow", slow_step_s=2.0)
    result, steps = pay(client(sim), "K1-0023", timeout_s=0.3)
    assert result.outcome is PaymentOutcome.CANCELLED
    assert steps == ["present_card"]


def test_a_failing_progress_callback_does_not_abandon_the_payment(
    make_sim: MakeSim, caplog: pytest.LogCaptureFixture
) -> None:
    sim = make_sim()

    def broken(code: str) -> None:
        raise RuntimeError("screen gone")

    result = client(sim).pay("K1-0024", 1_00, on_progress=broken)
    assert result.outcome is PaymentOutcome.APPROVED
    assert "progress callback failed" in caplog.text


# -- an unreachable or misbehaving terminal -----------------------------------------------


def test_a_closed_port_is_terminal_unavailable() -> None:
    port = free_port()
    terminal = TcpPaymentTerminal("127.0.0.1", port, connect_timeout_s=0.5)
    calls: list[Callable[[], object]] = [
        lambda: terminal.pay("K1-0030", 1_00),
        lambda: terminal.last_transaction("K1-0030"),
        lambda: terminal.cancel("K1-0030"),
    ]
    for call in calls:
        with pytest.raises(TerminalUnavailable) as caught:
            call()
        assert caught.value.code == "terminal.unavailable"
        assert f"127.0.0.1:{port}" in caught.value.message


class OneShotTerminal:
    """A TCP peer that answers any request with fixed bytes, then closes."""

    def __init__(self, answer: bytes) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.answer = answer
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        with conn:
            conn.recv(4096)
            conn.sendall(self.answer)

    def close(self) -> None:
        self.thread.join(timeout=5)
        self.listener.close()


@pytest.mark.parametrize(
    ("answer", "named"),
    [
        (b'{"event":"progress","code":"present_card"}\nnot json\n', "not JSON"),
        (b'{"event":"result","outcome":"approved","amount_minor":"ten"}\n', "amount_minor"),
        (b'{"event":"result","outcome":"paid","amount_minor":100}\n', "outcome 'paid'"),
        (b'{"event":"result","ref":"OTHER","outcome":"approved","amount_minor":1}\n', "OTHER"),
        (b'{"event":"result","outcome":"in_progress","amount_minor":100}\n', "not an end"),
        (b'{"event":"progress","code":"present_card"}\n{"event":"res', "not JSON"),
    ],
)
def test_an_unreadable_answer_is_link_lost_naming_it(answer: bytes, named: str) -> None:
    peer = OneShotTerminal(answer)
    try:
        result = TcpPaymentTerminal("127.0.0.1", peer.port).pay("K1-0031", 1_00, timeout_s=5)
    finally:
        peer.close()
    assert result.outcome is PaymentOutcome.LINK_LOST
    assert named in result.message


def test_a_refused_request_is_unavailable_nothing_started() -> None:
    peer = OneShotTerminal(b'{"event":"error","code":"busy","message":"terminal busy"}\n')
    try:
        with pytest.raises(TerminalUnavailable, match="terminal busy"):
            TcpPaymentTerminal("127.0.0.1", peer.port).pay("K1-0032", 1_00)
    finally:
        peer.close()


def test_bad_requests_are_refused_before_anything_is_sent() -> None:
    terminal = TcpPaymentTerminal("127.0.0.1", free_port())
    for ref, amount, code in [
        ("", 100, "terminal.bad_reference"),
        ("has space", 100, "terminal.bad_reference"),
        ("x" * 65, 100, "terminal.bad_reference"),
        ("K1", 0, "terminal.bad_amount"),
        ("K1", -5, "terminal.bad_amount"),
        ("K1", True, "terminal.bad_amount"),
    ]:
        with pytest.raises(UserError) as caught:
            terminal.pay(ref, amount)
        assert caught.value.code == code


def test_the_simulator_answers_bad_wire_requests_with_an_error(make_sim: MakeSim) -> None:
    sim = make_sim()
    for request, code in [
        (b"garbage\n", "bad_request"),
        (b"[1,2]\n", "bad_request"),
        (b'{"op":"fly"}\n', "terminal_sim.bad_op"),
        (b'{"op":"pay","ref":"K1","amount_minor":-1}\n', "terminal.bad_amount"),
        (b'{"op":"status","ref":""}\n', "terminal.bad_reference"),
        (b'{"op":"mode","mode":"explode"}\n', "terminal_sim.bad_mode"),
    ]:
        with socket.create_connection(("127.0.0.1", sim.port), 2) as sock:
            sock.sendall(request)
            answer = json.loads(sock.makefile("rb").readline())
        assert answer["event"] == "error"
        assert answer["code"] == code
    assert sim.transactions() == []
    assert sim.mode == "approve"


# -- URIs, control, journal ---------------------------------------------------------------


def test_open_payment_terminal_uris() -> None:
    assert open_payment_terminal("") is None
    assert open_payment_terminal("None") is None
    terminal = open_payment_terminal("tcp://10.0.0.7:9100")
    assert isinstance(terminal, TcpPaymentTerminal)
    assert (terminal.host, terminal.port) == ("10.0.0.7", 9100)
    for uri, named in [
        ("serial:/dev/ttyS0", "use tcp://host:port"),
        ("tcp://10.0.0.7", "no port"),
        ("tcp://:9100", "no host"),
        ("tcp://10.0.0.7:99999", "port"),
        ("tcp://10.0.0.7:9100/pay", "nothing after the port"),
    ]:
        with pytest.raises(UserError) as caught:
            open_payment_terminal(uri)
        assert caught.value.code == "terminal.bad_uri"
        assert named in caught.value.message


def test_remote_control(make_sim: MakeSim) -> None:
    sim = make_sim()
    remote_set_mode("127.0.0.1", sim.port, "decline")
    assert sim.mode == "decline"
    result, _ = pay(client(sim), "K1-0040")
    assert remote_transactions("127.0.0.1", sim.port) == [result]
    with pytest.raises(UserError) as caught:
        remote_set_mode("127.0.0.1", sim.port, "explode")
    assert caught.value.code == "terminal_sim.bad_mode"


def test_the_journal_survives_a_restart(make_sim: MakeSim, tmp_path: Path) -> None:
    journal = tmp_path / "terminal.jsonl"
    sim = make_sim(journal=journal)
    approved, _ = pay(client(sim), "K1-0050")
    sim.set_mode("decline")
    declined, _ = pay(client(sim), "K1-0051")
    sim.stop()
    assert journal.stat().st_mode & 0o777 == 0o600
    again = make_sim(journal=journal)
    assert again.transactions() == [approved, declined]
    terminal = client(again)
    assert terminal.last_transaction("K1-0050") == approved
    assert terminal.pay("K1-0050", 12_50) == approved
    assert len(again.transactions()) == 2


def test_a_payment_running_at_a_crash_comes_back_cancelled(
    make_sim: MakeSim, tmp_path: Path
) -> None:
    journal = tmp_path / "terminal.jsonl"
    started = {"ref": "K1-0060", "outcome": "in_progress", "amount_minor": 500}
    journal.write_text(json.dumps(started) + "\n" + '{"ref":"K1-0061","outc')  # torn tail
    sim = make_sim(journal=journal)
    [result] = sim.transactions()
    assert (result.reference, result.outcome) == ("K1-0060", PaymentOutcome.CANCELLED)
    assert "restarted" in result.message
    assert client(sim).last_transaction("K1-0061") is None
    lines = journal.read_text().splitlines()
    assert [json.loads(line)["outcome"] for line in lines] == ["in_progress", "cancelled"]


def test_a_damaged_journal_line_is_named(tmp_path: Path) -> None:
    journal = tmp_path / "terminal.jsonl"
    journal.write_text('{"ref":"A","outcome":"approved","amount_minor":1}\n{"ref":"B"}\n')
    with pytest.raises(UserError) as caught:
        CardTerminalSimulator(journal=journal).start()
    assert caught.value.code == "terminal_sim.bad_journal"
    assert "line 2" in caught.value.message


# -- the commands -------------------------------------------------------------------------


def test_scale_test_command(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["scale-test", "--uri", "fake:1450"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1.450 kg"
    empty = runner.invoke(app, ["scale-test", "--uri", "fake:0"])
    assert empty.exit_code == 2
    assert "Nothing is on the scale" in empty.output
    missing = runner.invoke(
        app, ["scale-test", "--data-dir", str(tmp_path)], env={"POS_SCALE_URI": ""}
    )
    assert missing.exit_code == 2
    assert "No scale" in missing.output
    bad = runner.invoke(app, ["scale-test", "--uri", "usb:1"])
    assert bad.exit_code == 2
    assert "unknown scheme" in bad.output
    configured = runner.invoke(
        app, ["scale-test", "--data-dir", str(tmp_path)], env={"POS_SCALE_URI": "fake:250"}
    )
    assert configured.exit_code == 0, configured.output
    assert configured.output.strip() == "0.250 kg"


def start_sim_process(journal: Path, mode: str = "approve") -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "pos_app.cli", "card-terminal-sim", "--port", "0"),
            *("--mode", mode, "--journal", str(journal)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"tcp://127\.0\.0\.1:(\d+)", line)
    assert found, (line, process.stderr.read() if process.stderr else "")
    return process, int(found.group(1))


def test_a_simulator_process_killed_and_restarted_keeps_its_transactions(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "terminal.jsonl"
    process, port = start_sim_process(journal)
    try:
        terminal = TcpPaymentTerminal("127.0.0.1", port)
        first = terminal.pay("K1-0070", 20_00)
        remote_set_mode("127.0.0.1", port, "lost_answer")
        lost = terminal.pay("K1-0071", 30_00)
        assert (first.outcome, lost.outcome) == (PaymentOutcome.APPROVED, PaymentOutcome.LINK_LOST)
    finally:
        process.send_signal(signal.SIGKILL)  # no chance to tidy up: only the journal remains
        process.communicate(timeout=10)
    process, port = start_sim_process(journal, mode="decline")
    try:
        terminal = TcpPaymentTerminal("127.0.0.1", port)
        listed = remote_transactions("127.0.0.1", port)
        assert [(t.reference, t.outcome) for t in listed] == [
            ("K1-0070", PaymentOutcome.APPROVED),
            ("K1-0071", PaymentOutcome.APPROVED),
        ]
        assert terminal.pay("K1-0071", 30_00) == listed[1]  # the retry after the lost answer
        assert len(remote_transactions("127.0.0.1", port)) == 2
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
