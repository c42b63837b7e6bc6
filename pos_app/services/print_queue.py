"""One worker thread per printer that prints the stored jobs in order and loses none.

docs/printing.md, "The print queue": the job's bytes were stored with the sale;
the worker asks the printer's status before sending (where the connection can answer) and
holds the job while the printer is unreachable, offline, out of paper or open, retrying with
backoff and jitter; it prints the job once when the printer is back. A job whose outcome is
unknown (the connection broke while sending, the printer stopped answering, or it faulted
right after) becomes ``uncertain``: the cashier says whether it printed instead of the worker
printing it twice. A job caught in ``sending`` by a crash is uncertain at the next start.

While the printer shows a fault the worker asks it every ``FAULT_CHECK_S`` (also between the
retries of a held job), so the status bar and the held receipt follow a fixed fault within
seconds; otherwise every ``IDLE_CHECK_S``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    wait_exponential_jitter,
)

from pos_app.devices.drawer import DrawerOutcome, DrawerState
from pos_app.devices.link import LinkError, PrinterLink, PrinterStatus
from pos_app.devices.printer_uri import PrinterTarget
from pos_app.services.clock import Clock
from pos_app.storage.database import write_transaction
from pos_app.storage.queries import print_jobs as queries

log = logging.getLogger(__name__)

WAITING = ("pending", "held")  # statuses the worker prints
IDLE_CHECK_S = 30.0  # how often an idle worker asks a printer that is fine
FAULT_CHECK_S = 2.0  # ... and one that shows a fault (paper out, unreachable, not answering)


def check_interval_s(
    status: PrinterStatus | None,
    *,
    idle_s: float = IDLE_CHECK_S,
    fault_s: float = FAULT_CHECK_S,
) -> float:
    """Seconds until the next status check: at once when nothing is known yet, often while
    a fault is shown (it clears within seconds of being fixed), else now and then."""
    if status is None:
        return 0.0
    return fault_s if status.blocks_printing else idle_s


@dataclass(frozen=True, slots=True)
class QueueState:
    """What the status bar shows about one printer."""

    status: PrinterStatus | None = None  # None until the first check
    detail: str = ""
    checked_at: datetime | None = None
    retry_in_s: float | None = None  # while holding jobs
    last_drawer: DrawerOutcome | None = None


@dataclass(frozen=True, slots=True)
class Sent:
    """What sending one job told: ``printed``, or uncertain (``printed`` False)."""

    printed: bool
    status: PrinterStatus
    detail: str = ""


def send_and_check(link: PrinterLink, data: bytes) -> Sent:
    """Send a job's bytes, then ask the printer how it is.

    The job counts as printed only when the printer answers that it is fine, or when the
    connection cannot answer at all (file, CUPS: a successful write is all one can know).
    Otherwise some or all of it may be missing from the paper: the connection broke while
    sending, the printer stopped answering (it lost power or hung part-way through), or it
    reported a fault (the paper ran out during this job).
    """
    try:
        link.send(data)
    except LinkError as error:
        return Sent(False, PrinterStatus.NOT_ANSWERING, str(error))
    after = link.status()
    if after.blocks_printing:
        return Sent(False, after, f"printer {after.value} after sending")
    return Sent(True, after)


class PrinterNotReady(Exception):
    def __init__(self, status: PrinterStatus, detail: str = "") -> None:
        super().__init__(detail or status.value)
        self.status = status


@dataclass(frozen=True, slots=True)
class _Job:
    job_id: str
    data: bytes | None
    document_json: str


class PrintWorker:
    """Prints one printer's waiting jobs, oldest first, on its own thread."""

    def __init__(
        self,
        engine: Engine,
        target: PrinterTarget,
        *,
        connect: Callable[[PrinterTarget], PrinterLink],
        render: Callable[[dict[str, Any]], bytes],
        clock: Clock,
        listener: Callable[[], None] | None = None,
        first_retry_s: float = 1.0,
        max_retry_s: float = 30.0,
        idle_check_s: float = IDLE_CHECK_S,
        fault_check_s: float = FAULT_CHECK_S,
    ) -> None:
        self._engine = engine
        self.target = target
        self._connect = connect
        self._render = render
        self._clock = clock
        self._listener = listener
        self._wait_strategy = wait_exponential_jitter(
            multiplier=first_retry_s, max=max_retry_s, jitter=first_retry_s
        )
        self._idle_check_s = idle_check_s
        self._fault_check_s = fault_check_s
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._kicks: deque[bytes] = deque()
        self._state = QueueState()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    # -- control (any thread) ------------------------------------------------------------

    @property
    def state(self) -> QueueState:
        with self._lock:
            return self._state

    def start(self) -> None:
        """Recover jobs a crash left half-sent, then start printing."""
        recover_interrupted_jobs(self._engine, self._clock)
        self._thread = threading.Thread(target=self._run, name="print-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def wake(self) -> None:
        """A job was added, or the cashier asked to retry now."""
        self._wake.set()

    def kick_drawer(self, data: bytes) -> DrawerOutcome:
        """Queue a drawer kick ahead of every receipt; the outcome arrives in ``state``."""
        self._kicks.append(data)
        self._set_state(last_drawer=DrawerOutcome(DrawerState.REQUESTED))
        self._wake.set()
        return DrawerOutcome(DrawerState.REQUESTED)

    # -- the thread ----------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                job = self._next_job()
                if job is None and not self._kicks:
                    self._check_idle()
                    continue
                retrying = Retrying(
                    retry=retry_if_exception_type(PrinterNotReady),
                    wait=self._wait_strategy,
                    sleep=self._wait_held,
                    stop=lambda _: self._stopping.is_set(),
                    before_sleep=self._holding,
                    reraise=True,
                )
                for attempt in retrying:
                    with attempt:
                        self._print(job)
            except PrinterNotReady:
                continue  # stopping
            except Exception:  # a bug must not kill the only printing thread
                log.exception("Print worker error")
                self._sleep(1.0)

    def _sleep(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _wait_held(self, seconds: float) -> None:
        """Wait for the next try of a held job, asking the printer every ``fault_check_s``
        meanwhile: when it is ready again (the paper was put in) the job prints at once
        rather than at the end of a backoff of up to ``max_retry_s``."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            if self._wake.wait(min(remaining, self._fault_check_s)):
                self._wake.clear()
                return  # a new job, a drawer kick, "Try now", or stopping
            if deadline - time.monotonic() > 0 and not self._ask().blocks_printing:
                return

    def _ask(self) -> PrinterStatus:
        """Connect, ask the printer's state, show it, and close."""
        try:
            link = self._open()
        except PrinterNotReady as error:
            return error.status
        try:
            return self._probe(link)
        finally:
            link.close()

    def _holding(self, retry: RetryCallState) -> None:
        seconds = retry.upcoming_sleep
        self._set_state(retry_in_s=seconds)
        error = retry.outcome.exception() if retry.outcome else None
        log.info("Printer %s not ready (%s); retrying in %.1f s", self.target, error, seconds)

    def _check_idle(self) -> None:
        """No work: check the printer so the status bar stays true (``check_interval_s``)."""
        wait_s = check_interval_s(
            self.state.status, idle_s=self._idle_check_s, fault_s=self._fault_check_s
        )
        if wait_s > 0:
            self._wake.wait(wait_s)
            self._wake.clear()
        if self._stopping.is_set() or self._kicks or self._has_waiting_jobs():
            return
        self._ask()

    def _open(self) -> PrinterLink:
        try:
            return self._connect(self.target)
        except LinkError as error:
            self._set_state(
                status=PrinterStatus.UNREACHABLE, detail=str(error), checked_at=self._clock.now()
            )
            raise PrinterNotReady(PrinterStatus.UNREACHABLE, str(error)) from error

    def _probe(self, link: PrinterLink) -> PrinterStatus:
        """Ask the printer's state and show it."""
        status = link.status()
        self._set_state(status=status, detail="", checked_at=self._clock.now())
        return status

    def _check(self, link: PrinterLink) -> PrinterStatus:
        """The printer's state; raises ``PrinterNotReady`` when it cannot print now."""
        status = self._probe(link)
        if status.blocks_printing:
            raise PrinterNotReady(status)
        return status

    def _print(self, job: _Job | None) -> None:
        try:
            link = self._open()
        except PrinterNotReady as error:
            self._fail_kicks(error)
            self._hold(job, error)
            raise
        try:
            try:
                self._check(link)
            except PrinterNotReady as error:
                self._fail_kicks(error)
                self._hold(job, error)
                raise
            self._send_kicks(link)
            if job is not None:
                self._send(link, job)
            self._set_state(retry_in_s=None)
        finally:
            link.close()

    def _send_kicks(self, link: PrinterLink) -> None:
        while self._kicks:
            data = self._kicks.popleft()
            try:
                link.send(data)
            except LinkError as error:
                self._set_state(last_drawer=DrawerOutcome(DrawerState.FAILED, str(error)))
                raise PrinterNotReady(PrinterStatus.UNKNOWN, str(error)) from error
            self._set_state(last_drawer=DrawerOutcome(DrawerState.OPENED))

    def _fail_kicks(self, error: PrinterNotReady) -> None:
        """A drawer that opens minutes later is worse than one that does not: drop the kick."""
        if self._kicks:
            self._kicks.clear()
            self._set_state(last_drawer=DrawerOutcome(DrawerState.FAILED, error.status.value))

    def _send(self, link: PrinterLink, job: _Job) -> None:
        data = job.data
        if data is None:  # stored before a printer was set up: render it now
            try:
                data = self._render(json.loads(job.document_json))
            except Exception as error:
                log.exception("Cannot render print job %s", job.job_id)
                self._mark(job.job_id, "held", error=f"cannot render: {error}", attempt=True)
                raise PrinterNotReady(PrinterStatus.UNKNOWN, str(error)) from error
            self._store_data(job.job_id, data)
        if not self._mark(job.job_id, "sending", attempt=True):
            return  # cancelled by the cashier, or claimed by another worker, meanwhile
        sent = send_and_check(link, data)
        self._set_state(status=sent.status, detail=sent.detail, checked_at=self._clock.now())
        if sent.printed:
            self._mark(job.job_id, "printed", printed=True)
        else:
            # Part of it may be on paper, or none: ask the cashier, never resend blindly.
            self._mark(job.job_id, "uncertain", error=sent.detail)

    # -- the database --------------------------------------------------------------------

    def _next_job(self) -> _Job | None:
        with self._engine.connect() as conn:
            row = queries.oldest_job(conn, statuses=WAITING)
        return None if row is None else _Job(*row)

    def _has_waiting_jobs(self) -> bool:
        return self._next_job() is not None

    def _hold(self, job: _Job | None, error: PrinterNotReady) -> None:
        if job is not None:
            self._mark(job.job_id, "held", error=error.status.value, attempt=True)

    def _store_data(self, job_id: str, data: bytes) -> None:
        with write_transaction(self._engine) as conn:
            queries.store_data(conn, job_id=job_id, data=data)

    def _mark(
        self,
        job_id: str,
        status: str,
        *,
        error: str = "",
        attempt: bool = False,
        printed: bool = False,
    ) -> bool:
        """Move a job on; False when it was no longer where this worker left it (a cashier
        cancelled it, or another process's worker, e.g. `pos print-test`, claimed it)."""
        # Claiming a job for sending is only possible from waiting, so two workers on one
        # database never both send it; later steps move the job this worker is sending.
        allowed = WAITING if status == "sending" else (*WAITING, "sending")
        now = self._clock.now()
        with write_transaction(self._engine) as conn:
            changed = queries.move_job(
                conn,
                job_id=job_id,
                allowed=allowed,
                status=status,
                error=error,
                now=now,
                attempt=attempt,
                printed=printed,
            )
        self._notify()
        return changed

    # -- state ---------------------------------------------------------------------------

    def _set_state(self, **changes: Any) -> None:
        with self._lock:
            self._state = replace(self._state, **changes)
        self._notify()

    def _notify(self) -> None:
        if self._listener is not None:
            try:
                self._listener()
            except Exception:
                log.exception("Print queue listener failed")


def recover_interrupted_jobs(engine: Engine, clock: Clock) -> int:
    """Jobs left ``sending`` by a crash may have printed: the cashier decides."""
    with write_transaction(engine) as conn:
        return queries.mark_sending_uncertain(
            conn, reason="the app stopped while sending", now=clock.now()
        )
