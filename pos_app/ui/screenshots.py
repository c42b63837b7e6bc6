"""Render every cashier screen to PNG, in Turkish and English, at 1024x768 and 1920x1080.

    .venv/bin/python -m pos_app.ui.screenshots OUT_DIR

Builds a fresh demo store in a temporary directory, drives the real register into each
stage and grabs the window (and the customer display). Used to look at the screens and
for the README picture.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from pos_app.app import build_services, open_composition, open_engine
from pos_app.config import load_settings
from pos_app.demo.data import install_demo, write_demo_config
from pos_app.errors import UserError
from pos_app.services.sync_status import RejectedFact, SyncStatus
from pos_app.services.terminal import initialise_terminal
from pos_app.ui.cashier.enrol import EnrolDialog
from pos_app.ui.cashier.main_window import MainWindow
from pos_app.ui.cashier.printing import ReceiptsDialog
from pos_app.ui.cashier.sync import SyncProblemsDialog
from pos_app.ui.main import CashierApp, application

SIZES = ((1024, 768), (1920, 1080))


def shoot(widget: QWidget, path: Path) -> None:
    for _ in range(5):  # let posted layout requests settle before grabbing
        QApplication.processEvents()
    widget.grab().save(str(path))


def settle(done: Callable[[], bool], timeout_s: float = 2.0) -> None:
    """Run the event loop until ``done`` (the monitors report after a short coalescing delay)."""
    deadline = time.monotonic() + timeout_s
    while not done() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def shown(window: MainWindow, status: SyncStatus) -> Callable[[], bool]:
    """Whether the status bar has taken ``status`` in (for ``settle``)."""

    def done() -> bool:
        monitor = window.status.sync_monitor
        return monitor is not None and monitor.status == status

    return done


class ShowcaseSync:
    """A stand-in sync worker whose state the screenshots set (``SyncControl``)."""

    def __init__(self, status: SyncStatus) -> None:
        self.current = status
        self.facts: list[RejectedFact] = []
        self.listeners: list[Callable[[SyncStatus], None]] = []

    def status(self) -> SyncStatus:
        return self.current

    def rejected_facts(self) -> list[RejectedFact]:
        return list(self.facts)

    def sync_now(self) -> None:
        """The screenshots' stand-in worker has no backend to sync with."""

    def add_listener(self, callback: Callable[[SyncStatus], None]) -> None:
        self.listeners.append(callback)

    def report(self, status: SyncStatus) -> None:
        self.current = status
        for listener in self.listeners:
            listener(status)


class _Enrolled:
    store_name = "Kadıköy Merkez"
    store_code = "S01"
    terminal_code = "T02"
    receipt_prefix = "S01-T02"


def shoot_sync(cashier: CashierApp, out: Path, tag: str) -> None:
    """The status bar in each sync state, the sync problems dialog and the enrol dialog."""
    register = cashier.register
    services = cashier.services
    window = cashier.window
    now = services.clock.now()
    base = SyncStatus(
        enrolled=True,
        online=True,
        last_success_at=now - timedelta(minutes=3),
        pending=0,
        rejected=0,
        server_url="https://pos.example.com",
    )
    states = {
        "never": dataclasses.replace(base, online=None, last_success_at=None),
        "online": dataclasses.replace(base, pending=3),
        "offline": dataclasses.replace(
            base, online=False, pending=27, last_error="ConnectError: connection refused"
        ),
        "problems": dataclasses.replace(
            base, rejected=2, pending=1, clock_warning=True, clock_offset_ms=-300_000
        ),
        "bootstrap": dataclasses.replace(base, bootstrapping=True),
        "copied": dataclasses.replace(
            base,
            online=False,
            pending=12,
            identity_conflict="403 terminal_cloned: this terminal's identity is in use on "
            "another device",
        ),
    }
    showcase = ShowcaseSync(states["never"])
    real = services.sync
    services.sync = showcase  # type: ignore[assignment]
    window.status.attach_sync(showcase)
    window.retranslate()
    for name, status in states.items():
        showcase.report(status)
        settle(shown(window, status))
        shoot(window.status, out / f"status_sync_{name}_{tag}.png")
        if name in ("offline", "copied"):
            shoot(window, out / f"window_sync_{name}_{tag}.png")
    showcase.facts = [
        RejectedFact(
            seq=41,
            mutation_id="0193a-1",
            kind="order.completed",
            occurred_at=now - timedelta(hours=2),
            code="unknown_sku",
            reason="SKU ZZZ999 is not in the catalogue of store S01",
            receipt_no="S01-T01-000042",
        ),
        RejectedFact(
            seq=57,
            mutation_id="0193a-2",
            kind="stock.adjusted",
            occurred_at=now - timedelta(minutes=20),
            code="unknown_product",
            reason="product 0193b-77 was deleted on 2026-11-20",
        ),
    ]
    problems = dataclasses.replace(states["problems"], last_error="HTTP 503 from the backend")
    showcase.report(problems)
    settle(shown(window, problems))
    dialog = SyncProblemsDialog(
        register,
        window,
        sync=showcase,
        clock=services.clock,
        zone=services.settings.timezone,
        monitor=window.status.sync_monitor,
    )
    dialog.open()
    shoot(dialog, out / f"sync_problems_{tag}.png")
    dialog.reject()
    showcase.facts = []
    showcase.report(states["online"])
    settle(shown(window, states["online"]))
    dialog = SyncProblemsDialog(
        register,
        window,
        sync=showcase,
        clock=services.clock,
        zone=services.settings.timezone,
        monitor=window.status.sync_monitor,
    )
    dialog.open()
    shoot(dialog, out / f"sync_problems_empty_{tag}.png")
    dialog.reject()

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise _bad_code()

    enrol = EnrolDialog(services.engine, window, enroll_fn=refuse)
    enrol.url.setText("https://pos.example.com")
    enrol.code.setText("ABCD-EFGH")
    enrol.show()
    shoot(enrol, out / f"enrol_{tag}.png")
    enrol._failed(_bad_code())
    shoot(enrol, out / f"enrol_error_{tag}.png")
    enrol.error.hide()
    enrol._set_busy(True)
    shoot(enrol, out / f"enrol_busy_{tag}.png")
    enrol._set_busy(False)
    enrol._done(_Enrolled())
    shoot(enrol, out / f"enrol_done_{tag}.png")
    enrol.accept()
    enrol.deleteLater()
    services.sync = real
    if real is not None:
        window.status.attach_sync(real)


def _bad_code() -> UserError:
    return UserError("enrol.bad_code", "enrolment code unknown, used or expired")


def main(out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        write_demo_config(Path(tmp) / "data")
        # One (offscreen) screen: the customer display is asked for, to be shot too.
        settings = load_settings(data_dir=Path(tmp) / "data", lang="tr", customer_display=True)
        engine = open_engine(settings)
        initialise_terminal(engine, "S01", "T01")
        install_demo(build_services(settings, engine))
        engine.dispose()
        cashier = CashierApp(settings, app, open_composition(settings))
        cashier.show()
        register = cashier.register
        window = cashier.window
        display = cashier.display
        staff = {user.name: user for user in register.staff.active_staff()}
        cashier_user = next(u for u in staff.values() if u.role.value == "cashier")
        receipt = None
        for language in ("tr", "en"):
            register.set_language(language)
            cashier.switcher.set_language(language)
            for width, height in SIZES:
                window.resize(width, height)
                tag = f"{language}_{width}x{height}"
                if register.staff.user is not None:
                    register.sign_out()
                window.signin.choose(cashier_user.user_id)
                shoot(window, out / f"signin_{tag}.png")
                register.sign_in(cashier_user.user_id, "4826")
                if register.staff.shift is not None:
                    # to show the shift-open screen too (a count that matches: no recount)
                    register.close_shift({1: register.staff.expected_cash()})
                if register.staff.shift is None:
                    shoot(window, out / f"shift_open_{tag}.png")
                    register.staff.open_shift(50000)
                for product in cashier.services.catalog.search("süt")[:3]:
                    register.sale.add_product(product)
                for product in cashier.services.catalog.search("domates")[:1]:
                    register.sale.add_product(product, 1.25 if product.sold_by_weight else 1)  # type: ignore[arg-type]
                for product in cashier.services.catalog.search("çay")[:2]:
                    register.sale.add_product(product, 2)
                window.sale.show_category(window.sale._category)
                shoot(window, out / f"sale_{tag}.png")
                if display is not None:
                    display.resize(width, height)
                    shoot(display, out / f"customer_display_{tag}.png")
                payment = register.payment.begin_payment()
                register.payment.pay_card(payment.remaining_minor // 2, "A1B2C3")
                shoot(window, out / f"payment_{tag}.png")
                register.payment.pay_cash(register.payment.quick_cash_amounts()[-1])
                shoot(window, out / f"payment_done_{tag}.png")
                result = register.payment.finish()
                receipt = result.sale.receipt_no
                shoot(window, out / f"result_{tag}.png")
                if display is not None:
                    shoot(display, out / f"customer_display_thanks_{tag}.png")
                receipts = ReceiptsDialog(
                    register,
                    window,
                    printing=cashier.services.printing,
                    zone=settings.timezone,
                )
                receipts.open()
                shoot(receipts, out / f"receipts_{tag}.png")
                receipts.reject()
                register.sale.next_sale()
                register.returns.begin_return()
                window.returns.receipt.setText(receipt)
                window.returns.find_receipt()
                window.returns.toggle_selected()
                shoot(window, out / f"return_{tag}.png")
                register.returns.cancel_return()
                window.show_shift_close()
                shoot(window, out / f"shift_close_{tag}.png")
                window._shift_close_done()
                if (width, height) == (1024, 768):
                    shoot_sync(cashier, out, tag)
        cashier.close()
    sys.stdout.write(f"screenshots in {out}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
