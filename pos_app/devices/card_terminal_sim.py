"""A card terminal simulator: a real TCP service speaking the terminal's JSON lines
(pos_app/devices/payment_terminal.py, docs/devices.md "Card terminal").

Runs in a test's process (``CardTerminalSimulator(...).start()``) or on its own
(``pos card-terminal-sim``). Modes, read when a payment starts:

    approve      present_card, enter_pin, processing, remove_card, approved
    decline      present_card, enter_pin, processing, declined
    slow         as approve, each step ``slow_step_s`` (2 s)
    drop         present_card, then the link drops; the payment is cancelled, nothing charged
    lost_answer  approved and recorded, then the connection closes before the result
    timeout      present_card, no card comes: after ``card_wait_s`` the outcome is timeout

A cancel is honoured until "processing" (authorisation has started after that). Two control
requests let a test drive a simulator in another process: ``{"op":"mode","mode":M}`` and
``{"op":"list"}`` (every finished transaction). With a journal, every record (a payment
started, a payment finished) is appended and fsync'd before anyone is told, and the journal
is read back on start; a payment that was running when the process died counts as cancelled.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import socket
import socketserver
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pos_app.devices.payment_terminal import (
    MAX_LINE,
    LineReader,
    PaymentOutcome,
    PaymentResult,
    check_amount,
    check_reference,
    decode,
    encode,
    result_fields,
    result_from_fields,
)
from pos_app.errors import UserError

log = logging.getLogger(__name__)

MODES = ("approve", "decline", "slow", "drop", "lost_answer", "timeout")
CARDS = ("VISA ****4242", "MASTERCARD ****4444", "TROY ****9792", "AMEX ****0005")
_CANCELLABLE = ("present_card", "enter_pin")  # after these the issuer is being asked
_CARD_READ = ("enter_pin", "processing", "remove_card")  # stages with a card in the reader


def _check_mode(mode: object) -> str:
    if mode not in MODES:
        raise UserError(
            "terminal_sim.bad_mode",
            f"Card terminal simulator mode {mode!r}: use one of {', '.join(MODES)}",
            mode=str(mode),
        )
    return str(mode)


@dataclass
class _Payment:
    reference: str
    amount_minor: int
    stage: str = "started"
    cancel_requested: bool = False
    result: PaymentResult | None = None  # None while running


@dataclass
class _Link:
    """The pay connection: progress is best effort, the payment goes on without it."""

    sock: socket.socket
    alive: bool = True

    def send(self, message: dict[str, Any]) -> None:
        if not self.alive:
            return
        try:
            self.sock.sendall(encode(message))
        except OSError as exc:
            log.info("Card terminal simulator: the link went away (%s)", exc)
            self.alive = False


@dataclass
class _Journal:
    path: Path
    lock: threading.Lock = field(default_factory=threading.Lock)

    def append(self, record: dict[str, Any]) -> None:
        line = encode(record)
        with self.lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)

    def load(self) -> list[dict[str, Any]]:
        """Every record; a torn last line (a crash mid-write, never acknowledged) is cut."""
        if not self.path.exists():
            return []
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            log.warning("Card terminal journal %s: cutting a torn last line", self.path)
            with self.path.open("r+b") as handle:
                handle.truncate(keep)
                os.fsync(handle.fileno())
            data = data[:keep]
        records = []
        for number, line in enumerate(data.splitlines(), start=1):
            try:
                record = decode(line)
                result_from_fields(record)
            except ValueError as exc:
                raise UserError(
                    "terminal_sim.bad_journal",
                    f"Card terminal journal {self.path} line {number}: {exc}",
                    path=str(self.path),
                    line=number,
                ) from None
            records.append(record)
        return records


class CardTerminalSimulator:
    """The simulated terminal; ``port=0`` picks a free port (read ``.port`` after start)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        mode: str = "approve",
        journal: Path | None = None,
        step_delay_s: float = 0.05,
        slow_step_s: float = 2.0,
        card_wait_s: float = 1.0,
    ) -> None:
        self.host = host
        self._requested_port = port
        self._mode = _check_mode(mode)
        self._journal = _Journal(journal) if journal is not None else None
        self.step_delay_s = step_delay_s
        self.slow_step_s = slow_step_s
        self.card_wait_s = card_wait_s
        self._payments: dict[str, _Payment] = {}
        self._finished: list[str] = []  # references in the order they ended
        self._cond = threading.Condition()
        self._stopping = False
        self._running = 0  # payments under way
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> CardTerminalSimulator:
        if self._server is not None:
            return self
        self._stopping = False
        self._load_journal()
        self._server = _Server((self.host, self._requested_port), _Handler, self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="card-terminal-sim",
            daemon=True,
        )
        self._thread.start()
        log.info("Card terminal simulator on %s:%s (%s)", self.host, self.port, self._mode)
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            # Running payments end (cancelled, or approved past "processing") and are on
            # disk before stop returns, so a simulator started next reads a whole journal.
            self._cond.wait_for(lambda: self._running == 0, timeout=5.0)
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> CardTerminalSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the simulator is not running")
        return int(self._server.server_address[1])

    @property
    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        self._mode = _check_mode(mode)

    def transactions(self) -> list[PaymentResult]:
        """Every finished transaction (approved, declined, cancelled, timed out), in order."""
        with self._cond:
            return [r for ref in self._finished if (r := self._payments[ref].result)]

    # -- the journal --------------------------------------------------------------------

    def _load_journal(self) -> None:
        if self._journal is None:
            return
        payments: dict[str, _Payment] = {}
        finished: list[str] = []
        for record in self._journal.load():
            result = result_from_fields(record)
            payment = payments.setdefault(
                result.reference, _Payment(result.reference, result.amount_minor)
            )
            if result.outcome.is_final and payment.result is None:
                payment.result = result
                finished.append(result.reference)
        with self._cond:
            self._payments, self._finished = payments, finished
        for payment in payments.values():
            if payment.result is None:  # running when the process ended: never charged
                self._finish(payment, PaymentOutcome.CANCELLED, "the terminal restarted")

    def _record(self, result: PaymentResult) -> None:
        if self._journal is not None:
            record = result_fields(result)
            record["at"] = datetime.now(UTC).isoformat(timespec="milliseconds")
            self._journal.append(record)

    def _finish(self, payment: _Payment, outcome: PaymentOutcome, message: str = "") -> None:
        approved = outcome is PaymentOutcome.APPROVED
        result = PaymentResult(
            payment.reference,
            outcome,
            payment.amount_minor,
            approval_code=f"{secrets.randbelow(10**6):06d}" if approved else "",
            card_label=random.choice(CARDS) if payment.stage in _CARD_READ else "",
            message=message,
        )
        self._record(result)  # on disk before anyone hears of it
        with self._cond:
            payment.result = result
            self._finished.append(payment.reference)
            self._cond.notify_all()

    # -- requests -----------------------------------------------------------------------

    def handle(self, request: dict[str, Any], link: _Link) -> None:
        op = request.get("op")
        if op == "pay":
            self._pay(request, link)
        elif op == "status":
            link.send(self._status(check_reference(request.get("ref"))))
        elif op == "cancel":
            reference = check_reference(request.get("ref"))
            link.send({"event": "cancel", "ref": reference, "state": self._cancel(reference)})
        elif op == "mode":
            self.set_mode(_check_mode(request.get("mode")))
            link.send({"event": "mode", "mode": self._mode})
        elif op == "list":
            link.send(
                {"event": "list", "transactions": [result_fields(r) for r in self.transactions()]}
            )
        else:
            raise UserError("terminal_sim.bad_op", f"Unknown op {op!r}")

    def _status(self, reference: str) -> dict[str, Any]:
        with self._cond:
            payment = self._payments.get(reference)
            if payment is None:
                return {"event": "status", "ref": reference, "found": False}
            result = payment.result or PaymentResult(
                reference, PaymentOutcome.IN_PROGRESS, payment.amount_minor
            )
        return {"event": "status", "found": True, **result_fields(result)}

    def _cancel(self, reference: str) -> str:
        with self._cond:
            payment = self._payments.get(reference)
            if payment is None:
                return "unknown"
            if payment.result is not None:
                return "finished"
            if payment.stage not in ("started", *_CANCELLABLE):
                return "too_late"
            payment.cancel_requested = True
            self._cond.notify_all()
            return "cancelling"

    def _pay(self, request: dict[str, Any], link: _Link) -> None:
        reference = check_reference(request.get("ref"))
        amount = check_amount(request.get("amount_minor"))
        with self._cond:
            known = self._payments.get(reference)
            if known is None:
                mode = self._mode
                payment = _Payment(reference, amount)
                self._payments[reference] = payment
            else:
                # The rule that keeps a card from being charged twice: the stored outcome.
                while known.result is None and not self._stopping:
                    self._cond.wait(0.5)
                if known.result is not None:
                    link.send({"event": "result", **result_fields(known.result)})
                return
            self._running += 1
        try:
            self._record(PaymentResult(reference, PaymentOutcome.IN_PROGRESS, amount))
            self._run(payment, mode, link)
        finally:
            with self._cond:
                self._running -= 1
                self._cond.notify_all()

    def _step(self, payment: _Payment, link: _Link, stage: str, seconds: float) -> bool:
        """Enter ``stage``, tell the link, wait; False when cancelled or stopping."""
        with self._cond:
            payment.stage = stage
        link.send({"event": "progress", "code": stage})
        deadline = time.monotonic() + seconds
        with self._cond:
            while not (payment.cancel_requested or self._stopping):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return True
                self._cond.wait(remaining)
            return False

    def _run(self, payment: _Payment, mode: str, link: _Link) -> None:
        delay = self.slow_step_s if mode == "slow" else self.step_delay_s
        if mode == "drop":
            link.send({"event": "progress", "code": "present_card"})
            payment.stage = "present_card"
            link.alive = False  # the handler closes the connection on return
            self._finish(payment, PaymentOutcome.CANCELLED, "the link to the till dropped")
            return
        if mode == "timeout":
            if self._step(payment, link, "present_card", self.card_wait_s):
                self._finish(payment, PaymentOutcome.TIMEOUT, "no card was presented")
            else:
                self._finish(payment, PaymentOutcome.CANCELLED, self._why_stopped(payment))
            self._answer(payment, link)
            return
        for stage in _CANCELLABLE:
            if not self._step(payment, link, stage, delay):
                self._finish(payment, PaymentOutcome.CANCELLED, self._why_stopped(payment))
                self._answer(payment, link)
                return
        self._step(payment, link, "processing", delay)  # past cancelling from here on
        if mode == "decline":
            self._finish(payment, PaymentOutcome.DECLINED, "declined by the issuer")
        else:
            self._step(payment, link, "remove_card", delay)
            self._finish(payment, PaymentOutcome.APPROVED)
        if mode == "lost_answer":
            link.alive = False  # approved and recorded; the answer never leaves
            return
        self._answer(payment, link)

    @staticmethod
    def _why_stopped(payment: _Payment) -> str:
        return "cancelled" if payment.cancel_requested else "the terminal stopped"

    @staticmethod
    def _answer(payment: _Payment, link: _Link) -> None:
        assert payment.result is not None
        link.send({"event": "result", **result_fields(payment.result)})


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    block_on_close = False

    def __init__(
        self, address: tuple[str, int], handler: type[_Handler], sim: CardTerminalSimulator
    ) -> None:
        self.simulator = sim
        super().__init__(address, handler)


class _Handler(socketserver.BaseRequestHandler):
    server: _Server
    request: socket.socket

    def handle(self) -> None:
        link = _Link(self.request)
        try:
            line = LineReader(self.request, MAX_LINE).read_line(time.monotonic() + 10.0)
            if line is None:
                return
            self.request.settimeout(10.0)  # for the answers
            self.server.simulator.handle(decode(line), link)
        except UserError as exc:
            link.send({"event": "error", "code": exc.code, "message": exc.message})
        except ValueError as exc:
            link.send({"event": "error", "code": "bad_request", "message": str(exc)})
        except OSError as exc:
            log.info("Card terminal simulator: a request failed (%s)", exc)


# -- talking to a simulator in another process ---------------------------------------------


def _control(host: str, port: int, request: dict[str, Any]) -> dict[str, Any]:
    with socket.create_connection((host, port), 3.0) as sock:
        sock.sendall(encode(request))
        line = LineReader(sock, max_line=64 * 1024 * 1024).read_line(time.monotonic() + 10.0)
    if line is None:
        raise ValueError("the simulator closed the connection without answering")
    answer = decode(line)
    if answer.get("event") == "error":
        raise UserError(str(answer.get("code")), str(answer.get("message")))
    return answer


def remote_set_mode(host: str, port: int, mode: str) -> None:
    """Switch the mode of a simulator running elsewhere."""
    _control(host, port, {"op": "mode", "mode": mode})


def remote_transactions(host: str, port: int) -> list[PaymentResult]:
    """Every finished transaction of a simulator running elsewhere."""
    answer = _control(host, port, {"op": "list"})
    return [result_from_fields(fields) for fields in answer.get("transactions", [])]
