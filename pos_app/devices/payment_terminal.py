"""An external card payment terminal, driven over TCP with JSON lines (docs/devices.md,
"Card terminal").

One request per connection, one JSON object per line (UTF-8, ``\\n``):

    {"op":"pay","ref":R,"amount_minor":N}   -> {"event":"progress","code":C} ...
                                               {"event":"result","ref":R,"outcome":O,
                                                "amount_minor":N,"approval_code":A,
                                                "card_label":L,"message":M}
    {"op":"status","ref":R}                 -> {"event":"status","ref":R,"found":bool,...}
    {"op":"cancel","ref":R}                 -> {"event":"cancel","ref":R,"state":S}
    anything the terminal cannot take       -> {"event":"error","code":C,"message":M}

A ``pay`` with a reference the terminal already knows never charges again: it answers the
stored outcome (waiting for it if that payment is still running). So after a lost answer the
caller asks ``last_transaction`` or pays again with the same reference, and a card is never
charged twice.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol
from urllib.parse import urlsplit

from pos_app.errors import UserError

log = logging.getLogger(__name__)

PROGRESS_CODES = ("present_card", "enter_pin", "processing", "remove_card")
MAX_LINE = 64 * 1024  # one request or answer; a `list` answer may be longer (see read_line)
CANCEL_GRACE_S = 5.0  # after our own timeout and a cancel, how long the terminal gets to answer
REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


class PaymentOutcome(StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    TIMEOUT = "timeout"  # the terminal gave up waiting for the card
    IN_PROGRESS = "in_progress"  # last_transaction only: the payment is still running
    LINK_LOST = "link_lost"  # the answer never arrived: outcome unknown, ask last_transaction

    @property
    def is_final(self) -> bool:
        return self not in (PaymentOutcome.IN_PROGRESS, PaymentOutcome.LINK_LOST)


@dataclass(frozen=True, slots=True)
class PaymentResult:
    reference: str
    outcome: PaymentOutcome
    amount_minor: int
    approval_code: str = ""
    card_label: str = ""  # masked, e.g. "VISA ****4242"
    message: str = ""


class TerminalUnavailable(UserError):
    """The terminal could not be reached at all (for ``pay``: nothing was started)."""

    def __init__(self, message: str, /, **params: Any) -> None:
        super().__init__("terminal.unavailable", message, **params)


class PaymentTerminal(Protocol):
    def pay(
        self,
        reference: str,
        amount_minor: int,
        *,
        on_progress: Callable[[str], None] | None = None,
        timeout_s: float = 90.0,
    ) -> PaymentResult:
        """Charge ``amount_minor``. A link lost mid-payment returns LINK_LOST, never raises;
        TerminalUnavailable only when the request could not be sent (nothing started)."""
        ...

    def cancel(self, reference: str) -> None: ...

    def last_transaction(self, reference: str) -> PaymentResult | None:
        """What the terminal knows of ``reference``: None if it never saw it."""
        ...


# -- the wire, shared with the simulator --------------------------------------------------


def check_reference(reference: object) -> str:
    if not isinstance(reference, str) or not REFERENCE.fullmatch(reference):
        raise UserError(
            "terminal.bad_reference",
            f"Payment reference {reference!r}: 1-64 letters, digits or . _ : - "
            "(starting with a letter or digit)",
            reference=str(reference),
        )
    return reference


def check_amount(amount_minor: object) -> int:
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int) or amount_minor <= 0:
        raise UserError(
            "terminal.bad_amount",
            f"Payment amount {amount_minor!r}: a positive whole number of minor units",
            amount=str(amount_minor),
        )
    return amount_minor


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def result_fields(result: PaymentResult) -> dict[str, Any]:
    return {
        "ref": result.reference,
        "outcome": result.outcome.value,
        "amount_minor": result.amount_minor,
        "approval_code": result.approval_code,
        "card_label": result.card_label,
        "message": result.message,
    }


def result_from_fields(fields: dict[str, Any], reference: str | None = None) -> PaymentResult:
    """A result from its wire fields; ValueError naming the field that is wrong."""
    ref = fields.get("ref", reference)
    if not isinstance(ref, str) or (reference is not None and ref != reference):
        raise ValueError(f"ref {ref!r} is not {reference!r}")
    try:
        outcome = PaymentOutcome(str(fields.get("outcome")))
    except ValueError:
        raise ValueError(f"outcome {fields.get('outcome')!r} is unknown") from None
    amount = fields.get("amount_minor")
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValueError(f"amount_minor {amount!r} is not a whole number")
    texts = {}
    for name in ("approval_code", "card_label", "message"):
        value = fields.get(name, "")
        if not isinstance(value, str):
            raise ValueError(f"{name} {value!r} is not text")
        texts[name] = value
    return PaymentResult(ref, outcome, amount, **texts)


class LineReader:
    """JSON lines from a socket, each read bounded by a monotonic deadline."""

    def __init__(self, sock: socket.socket, max_line: int = MAX_LINE) -> None:
        self._sock = sock
        self._buffer = b""
        self._max_line = max_line

    def read_line(self, deadline: float) -> bytes | None:
        """The next line without its newline; None at the end of the stream. TimeoutError
        past the deadline, OSError when the link fails, ValueError for an endless line."""
        while b"\n" not in self._buffer:
            if len(self._buffer) > self._max_line:
                raise ValueError(f"an answer longer than {self._max_line} bytes")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no answer in time")
            self._sock.settimeout(remaining)
            chunk = self._sock.recv(65536)
            if not chunk:
                return None if not self._buffer else self._take_rest()
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def _take_rest(self) -> bytes:
        # A last line cut short by the peer closing: the caller sees it as unreadable.
        rest, self._buffer = self._buffer, b""
        return rest


def decode(line: bytes) -> dict[str, Any]:
    """One JSON object; ValueError naming the start of the bytes otherwise."""
    try:
        message = json.loads(line)
    except ValueError:
        raise ValueError(f"not JSON: {line[:80]!r}") from None
    if not isinstance(message, dict):
        raise ValueError(f"not a JSON object: {line[:80]!r}")
    return message


# -- the client ---------------------------------------------------------------------------


class TcpPaymentTerminal:
    """A terminal reached over TCP; every call opens its own connection."""

    def __init__(
        self, host: str, port: int, *, connect_timeout_s: float = 3.0, io_timeout_s: float = 5.0
    ) -> None:
        self.host = host
        self.port = port
        self.connect_timeout_s = connect_timeout_s
        self.io_timeout_s = io_timeout_s  # status and cancel answers

    def __repr__(self) -> str:
        return f"TcpPaymentTerminal({self.host!r}, {self.port})"

    def _send(self, request: dict[str, Any]) -> socket.socket:
        """Connect and send one request; TerminalUnavailable if either fails."""
        where = f"{self.host}:{self.port}"
        try:
            sock = socket.create_connection((self.host, self.port), self.connect_timeout_s)
        except OSError as exc:
            raise TerminalUnavailable(
                f"Cannot reach the card terminal at {where}: {exc}", address=where
            ) from exc
        try:
            sock.settimeout(self.connect_timeout_s)
            sock.sendall(encode(request))
        except OSError as exc:
            sock.close()
            # The terminal acts only on a whole line; and a pay sent again with the same
            # reference would answer the stored outcome, never charge twice.
            raise TerminalUnavailable(
                f"Cannot send to the card terminal at {where}: {exc}", address=where
            ) from exc
        return sock

    def _ask(self, request: dict[str, Any], event: str) -> dict[str, Any]:
        """One request and its one answer of kind ``event``; TerminalUnavailable otherwise."""
        where = f"{self.host}:{self.port}"
        with self._send(request) as sock:
            try:
                line = LineReader(sock).read_line(time.monotonic() + self.io_timeout_s)
                if line is None:
                    raise ValueError("the terminal closed the connection without answering")
                answer = decode(line)
            except (OSError, ValueError) as exc:
                raise TerminalUnavailable(
                    f"The card terminal at {where} did not answer {request['op']}: {exc}",
                    address=where,
                ) from exc
        if answer.get("event") == "error":
            raise TerminalUnavailable(
                f"The card terminal at {where} refused {request['op']}: "
                f"{answer.get('message', answer)}",
                address=where,
            )
        if answer.get("event") != event:
            raise TerminalUnavailable(
                f"The card terminal at {where} answered {request['op']} with {answer!r}",
                address=where,
            )
        return answer

    def pay(
        self,
        reference: str,
        amount_minor: int,
        *,
        on_progress: Callable[[str], None] | None = None,
        timeout_s: float = 90.0,
    ) -> PaymentResult:
        check_reference(reference)
        check_amount(amount_minor)

        def lost(why: str) -> PaymentResult:
            log.warning("Card payment %s: outcome unknown (%s)", reference, why)
            return PaymentResult(reference, PaymentOutcome.LINK_LOST, amount_minor, message=why)

        sock = self._send({"op": "pay", "ref": reference, "amount_minor": amount_minor})
        with sock:
            reader = LineReader(sock)
            deadline = time.monotonic() + timeout_s
            cancel_sent = False
            while True:
                try:
                    line = reader.read_line(deadline)
                except TimeoutError:
                    if cancel_sent:
                        return lost(f"no result {CANCEL_GRACE_S:g} s after the cancel")
                    # Our own limit: ask the terminal to stop and let it answer how it ended.
                    try:
                        self.cancel(reference)
                    except TerminalUnavailable as exc:
                        return lost(f"no result within {timeout_s:g} s; cancel failed: {exc}")
                    cancel_sent = True
                    deadline = time.monotonic() + CANCEL_GRACE_S
                    continue
                except (OSError, ValueError) as exc:
                    return lost(f"the link failed: {exc}")
                if line is None:
                    return lost("the terminal closed the connection before the result")
                try:
                    message = decode(line)
                    event = message.get("event")
                    if event == "result":
                        result = result_from_fields(message, reference)
                        if not result.outcome.is_final:
                            raise ValueError(f"outcome {result.outcome} is not an end")
                        return result
                except ValueError as exc:
                    return lost(f"unreadable answer: {exc}")
                if event == "progress":
                    self._progress(reference, message.get("code"), on_progress)
                elif event == "error":
                    # The terminal refused the request outright: nothing was started.
                    raise TerminalUnavailable(
                        f"The card terminal refused the payment: {message.get('message')}",
                        address=f"{self.host}:{self.port}",
                    )
                else:
                    log.warning("Card payment %s: ignoring %r", reference, message)

    @staticmethod
    def _progress(reference: str, code: object, on_progress: Callable[[str], None] | None) -> None:
        if code not in PROGRESS_CODES:
            log.warning("Card payment %s: unknown progress %r", reference, code)
            return
        if on_progress is None:
            return
        try:
            on_progress(str(code))
        except Exception:
            # The screen's trouble must not abandon a payment the card may already be in.
            log.exception("Card payment %s: the progress callback failed", reference)

    def cancel(self, reference: str) -> None:
        answer = self._ask({"op": "cancel", "ref": check_reference(reference)}, "cancel")
        log.info("Card payment %s: cancel %s", reference, answer.get("state"))

    def last_transaction(self, reference: str) -> PaymentResult | None:
        answer = self._ask({"op": "status", "ref": check_reference(reference)}, "status")
        if answer.get("found") is False:
            return None
        try:
            if answer.get("found") is not True:
                raise ValueError(f"found {answer.get('found')!r} is not true or false")
            return result_from_fields(answer, reference)
        except ValueError as exc:
            raise TerminalUnavailable(
                f"The card terminal's status answer is unreadable: {exc}",
                address=f"{self.host}:{self.port}",
            ) from exc


def _bad_uri(uri: str, reason: str) -> UserError:
    return UserError("terminal.bad_uri", f"Card terminal {uri!r}: {reason}", uri=uri, reason=reason)


def open_payment_terminal(uri: str) -> PaymentTerminal | None:
    """The terminal a URI names: ``""``/``none`` none, ``tcp://host:port``."""
    text = uri.strip()
    if text.lower() in ("", "none"):
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() != "tcp":
        raise _bad_uri(uri, "use tcp://host:port or none")
    if parts.query or parts.fragment or parts.path not in ("", "/"):
        raise _bad_uri(uri, "only tcp://host:port, nothing after the port")
    try:
        port = parts.port
    except ValueError:
        raise _bad_uri(uri, "the port is not a number from 1 to 65535") from None
    if not parts.hostname:
        raise _bad_uri(uri, "no host")
    if port is None or port == 0:
        raise _bad_uri(uri, "no port; write tcp://host:port")
    return TcpPaymentTerminal(parts.hostname, port)
