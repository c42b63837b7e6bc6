"""Print jobs: created in the transaction that makes them, printed by the queue worker,
reprinted as copies, cancelled, and settled by the cashier when the outcome is uncertain."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, Engine, func, insert, select, update

from pos_app.devices.drawer import DrawerOutcome, DrawerState
from pos_app.devices.link import LinkError, PrinterLink, PrinterStatus, open_link
from pos_app.devices.printer_uri import PrinterTarget
from pos_app.devices.receipt_printer import ReceiptRenderer
from pos_app.domain.ids import new_id
from pos_app.errors import BugError, UserError
from pos_app.services.clock import Clock
from pos_app.services.print_queue import (
    FAULT_CHECK_S,
    IDLE_CHECK_S,
    WAITING,
    PrintWorker,
    QueueState,
    send_and_check,
)
from pos_app.storage.audit import audit
from pos_app.storage.database import write_transaction
from pos_app.storage.tables import table

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class JobSummary:
    job_id: str
    kind: str
    status: str
    receipt_no: str | None
    created_at: datetime
    attempts: int
    last_error: str
    reprint_of: str | None
    printed_at: datetime | None


@dataclass(frozen=True, slots=True)
class JobCounts:
    waiting: int  # pending or held
    uncertain: int


@dataclass(frozen=True, slots=True)
class DirectPrint:
    """How a page printed outside the queue went (``PrintService.print_alone``)."""

    outcome: Literal["printed", "uncertain", "not_sent"]  # uncertain: sent, maybe not on paper
    status: PrinterStatus | None  # the printer's last known state
    detail: str = ""


def job_kind(document: dict[str, Any]) -> str:
    if document.get("kind") == "return":
        return "exchange" if document.get("exchange_id") else "refund"
    if document.get("kind") == "sale":
        return "receipt"
    return str(document.get("kind", "receipt"))


class PrintService:
    """The print jobs of this terminal and the worker that prints them."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        renderer: ReceiptRenderer,
        *,
        memory: list[bytes] | None = None,
        connect: Callable[[PrinterTarget], PrinterLink] | None = None,
        first_retry_s: float = 1.0,
        max_retry_s: float = 30.0,
        idle_check_s: float = IDLE_CHECK_S,
        fault_check_s: float = FAULT_CHECK_S,
        config_error: UserError | None = None,
    ) -> None:
        self._engine = engine
        self.config_error = config_error  # a printer setting that was refused
        self._clock = clock
        self.renderer = renderer
        self.memory = memory if memory is not None else []  # what a dummy: printer received
        self._listeners: list[Callable[[], None]] = []
        self._lock = threading.Lock()
        self._connect = connect or (lambda target: open_link(target, self.memory))
        self.worker: PrintWorker | None = None
        if renderer.setup is not None:
            self.worker = PrintWorker(
                engine,
                renderer.setup.target,
                connect=self._connect,
                render=renderer.render,
                clock=clock,
                listener=self._changed,
                first_retry_s=first_retry_s,
                max_retry_s=max_retry_s,
                idle_check_s=idle_check_s,
                fault_check_s=fault_check_s,
            )

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def has_printer(self) -> bool:
        return self.worker is not None

    def start(self) -> None:
        if self.worker is not None:
            self.worker.start()

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop()

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Called on any job or printer change, possibly from the worker's thread."""
        with self._lock:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def _changed(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener()

    @property
    def state(self) -> QueueState | None:
        return self.worker.state if self.worker else None

    def retry_now(self) -> None:
        if self.worker is not None:
            self.worker.wake()

    # -- creating jobs -------------------------------------------------------------------

    def add_job(
        self,
        conn: Connection,
        document: dict[str, Any],
        *,
        sale_id: str | None = None,
        paper: bool = True,
        reprint_of: str | None = None,
    ) -> str:
        """Store a job in the caller's transaction, rendered for the printer when there is one.

        A rendering problem never fails the sale: the job is stored without bytes and the
        worker renders it (and shows the problem) when it comes to print it.
        """
        data: bytes | None = None
        if not paper:
            status = "skipped"  # e-receipt only; a reprint is still possible
        elif self.config_error is not None:
            status = "pending"  # rendered and printed once the printer setting is fixed
        elif self.renderer.setup is None:
            status = "preview"
        else:
            status = "pending"
            try:
                data = self.renderer.render(document)
            except Exception:
                log.exception("Rendering receipt %s failed", document.get("receipt_no"))
        job_id = new_id()
        now = self._clock.now()
        conn.execute(
            insert(table("print_job")),
            {
                "id": job_id,
                "sale_id": sale_id,
                "kind": job_kind(document),
                "status": status,
                "document_json": json.dumps(document, ensure_ascii=False),
                "data": data,
                "receipt_no": document.get("receipt_no"),
                "reprint_of": reprint_of,
                "created_at": now,
                "updated_at": now,
            },
        )
        return job_id

    def after_commit(self) -> None:
        """Wake the worker and the screens once the job's transaction has committed."""
        self.retry_now()
        self._changed()

    def print_document(self, document: dict[str, Any]) -> str:
        """Queue a document that belongs to no sale (X report, test page)."""
        with write_transaction(self._engine) as conn:
            job_id = self.add_job(conn, document)
        self.after_commit()
        return job_id

    def print_alone(
        self, document: dict[str, Any], *, timeout_s: float, retry_s: float = 0.5
    ) -> DirectPrint:
        """Print one page on this service's printer now, outside the queue (`pos print-test`).

        The queue's jobs are neither printed nor touched: they belong to the configured
        printer, which may not be this one. Waits up to ``timeout_s`` for the printer to be
        ready; a page never sent is never printed later.
        """
        setup = self.renderer.setup
        if setup is None:
            raise BugError("print_alone needs a printer (the caller checks renderer.setup)")
        data = self.renderer.render(document)
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                link = self._connect(setup.target)
            except LinkError as error:
                status, detail = PrinterStatus.UNREACHABLE, str(error)
            else:
                try:
                    status, detail = link.status(), ""
                    if not status.blocks_printing:
                        sent = send_and_check(link, data)
                        if sent.printed:
                            return DirectPrint("printed", sent.status)
                        return DirectPrint("uncertain", sent.status, sent.detail)
                finally:
                    link.close()
            if time.monotonic() + retry_s > deadline:
                return DirectPrint("not_sent", status, detail)
            time.sleep(retry_s)

    def reprint(self, job_id: str, user_id: str | None = None) -> str:
        """The stored document again, marked as a copy; a reprint never kicks the drawer."""
        document = self.document(job_id) | {"copy": True}
        with write_transaction(self._engine) as conn:
            new_job = self.add_job(conn, document, reprint_of=job_id)
            audit(
                conn,
                action="receipt.reprinted",
                at=self._clock.now(),
                user_id=user_id,
                detail={"job_id": job_id, "receipt_no": document.get("receipt_no")},
            )
        self.after_commit()
        return new_job

    # -- settling jobs -------------------------------------------------------------------

    def _move(self, job_id: str, allowed: tuple[str, ...], status: str, **values: Any) -> None:
        job = table("print_job")
        with write_transaction(self._engine) as conn:
            current = conn.execute(select(job.c.status).where(job.c.id == job_id)).scalar()
            if current is None:
                raise UserError("print.unknown_job", f"No print job {job_id}", job_id=job_id)
            if current not in allowed:
                raise UserError(
                    "print.job_state",
                    f"The job is {current}, so it cannot become {status}",
                    status=current,
                )
            conn.execute(
                update(job)
                .where(job.c.id == job_id)
                .values(status=status, updated_at=self._clock.now(), **values)
            )
        self.after_commit()

    def cancel(self, job_id: str) -> None:
        """Do not print this job (it stays listed and can be reprinted later)."""
        self._move(job_id, (*WAITING, "uncertain"), "cancelled")

    def confirm_printed(self, job_id: str) -> None:
        """The cashier saw the uncertain job on paper."""
        self._move(job_id, ("uncertain",), "printed", printed_at=self._clock.now())

    def print_again(self, job_id: str) -> None:
        """The cashier says the uncertain job did not print: send the same bytes again."""
        self._move(job_id, ("uncertain",), "pending", last_error="")

    # -- reading -------------------------------------------------------------------------

    def document(self, job_id: str) -> dict[str, Any]:
        job = table("print_job")
        with self._engine.connect() as conn:
            text = conn.execute(select(job.c.document_json).where(job.c.id == job_id)).scalar()
        if text is None:
            raise UserError("print.unknown_job", f"No print job {job_id}", job_id=job_id)
        document: dict[str, Any] = json.loads(text)
        return document

    def preview(self, job_id: str) -> str:
        return self.renderer.preview(self.document(job_id))

    def status(self, job_id: str) -> str:
        job = table("print_job")
        with self._engine.connect() as conn:
            value = conn.execute(select(job.c.status).where(job.c.id == job_id)).scalar()
        if value is None:
            raise UserError("print.unknown_job", f"No print job {job_id}", job_id=job_id)
        return str(value)

    def job_for_sale(self, sale_id: str) -> str | None:
        job = table("print_job")
        with self._engine.connect() as conn:
            value = conn.execute(
                select(job.c.id)
                .where(job.c.sale_id == sale_id, job.c.reprint_of.is_(None))
                .order_by(job.c.created_at)
                .limit(1)
            ).scalar()
        return None if value is None else str(value)

    def recent(self, limit: int = 50) -> list[JobSummary]:
        job = table("print_job")
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(
                    job.c.id,
                    job.c.kind,
                    job.c.status,
                    job.c.receipt_no,
                    job.c.created_at,
                    job.c.attempts,
                    job.c.last_error,
                    job.c.reprint_of,
                    job.c.printed_at,
                )
                .order_by(job.c.created_at.desc(), job.c.id.desc())
                .limit(limit)
            ).all()
        return [
            JobSummary(
                str(r[0]), str(r[1]), str(r[2]), r[3], r[4], int(r[5]), str(r[6]), r[7], r[8]
            )
            for r in rows
        ]

    def counts(self) -> JobCounts:
        job = table("print_job")
        with self._engine.connect() as conn:
            rows: dict[str, int] = {
                str(row[0]): int(row[1])
                for row in conn.execute(
                    select(job.c.status, func.count())
                    .where(job.c.status.in_((*WAITING, "uncertain")))
                    .group_by(job.c.status)
                ).all()
            }
        waiting = sum(rows.get(status, 0) for status in WAITING)
        return JobCounts(waiting, rows.get("uncertain", 0))


class PrinterDrawer:
    """The cash drawer on the receipt printer's drawer port, kicked as its own job."""

    def __init__(self, printing: PrintService) -> None:
        self._printing = printing

    def open(self, *, reason: str) -> DrawerOutcome:
        worker = self._printing.worker
        if worker is None:
            log.info("Drawer open requested (%s) but no printer is configured", reason)
            return DrawerOutcome(DrawerState.NOT_CONFIGURED)
        try:
            kick = self._printing.renderer.drawer_kick()
        except Exception as error:
            log.exception("Cannot build the drawer kick")
            return DrawerOutcome(DrawerState.FAILED, str(error))
        return worker.kick_drawer(kick)
