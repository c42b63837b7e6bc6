"""The app's part of ``pos bench``: scan-to-cart-row through the real sale screen, register
and cart model, and the cashier app's start-up time."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from pos_app.app import open_composition
from pos_app.bench.measure import percentiles
from pos_app.config import Settings
from pos_app.ui.main import STARTUP_PROBE, CashierApp, application

LINES_PER_SALE = 25  # the cart is voided and started again after this many scans


def scan_to_row(settings: Settings, codes: list[str], user_id: str, pin: str) -> dict[str, Any]:
    """Time from a scanned code to its row in the cart table.

    ``row``: ``SaleScreen.scan`` returns with the row in the model and the screen updated
    (catalog look-up, cart, draft sale saved with fsync, cart model insert, totals, the
    customer display's model). ``painted``: that plus the event processing that lays out
    and paints both windows (offscreen software rendering, so a pessimistic figure).
    """
    if not os.environ.get("QT_QPA_PLATFORM"):  # unset or empty: no screen is needed
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = application()
    cashier = CashierApp(settings, app, open_composition(settings))
    try:
        cashier.show()
        cashier.window.resize(1280, 800)
        register = cashier.register
        register.sign_in(user_id, pin)
        sale = cashier.window.sale
        model = sale.model
        rows_ns, painted_ns = [], []
        for index, code in enumerate(codes):
            if index and index % LINES_PER_SALE == 0:
                register.sale.void_sale("bench")
                app.processEvents()
            rows = model.rowCount()
            started = time.perf_counter_ns()
            sale.scan(code)
            in_model = time.perf_counter_ns()
            app.processEvents()
            rows_ns.append(in_model - started)
            painted_ns.append(time.perf_counter_ns() - started)
            if model.rowCount() < rows or sale.message.isVisible():
                raise RuntimeError(f"scan of {code} did not reach the cart: {sale.message.text()}")
        if not register.sale.cart.is_empty:
            register.sale.void_sale("bench")
        return {"row": percentiles(rows_ns), "painted": percentiles(painted_ns)}
    finally:
        cashier.close()
        QApplication.processEvents()


def startup(data_dir: Path, runs: int = 3) -> dict[str, Any]:
    """Start ``pos app`` as a new process until its window is up, ``runs`` times."""
    env = dict(os.environ, **{STARTUP_PROBE: "1"})
    if not env.get("QT_QPA_PLATFORM"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    walls, inside = [], []
    for _ in range(runs):
        started = time.perf_counter()
        with subprocess.Popen(
            [sys.executable, "-m", "pos_app.cli", "app", "--data-dir", str(data_dir)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        ) as process:
            assert process.stdout is not None
            # The app prints this line once its window is shown, then quits.
            line = process.stdout.readline()
            walls.append(time.perf_counter() - started)
            process.wait(timeout=60)
        if not line.startswith("started "):
            raise RuntimeError(f"pos app did not start (exit code {process.returncode})")
        inside.append(float(line.split()[1]))
    return {
        "process_to_window_s": round(statistics.median(walls), 3),
        "process_to_window_max_s": round(max(walls), 3),
        "in_process_s": round(statistics.median(inside), 3),
        "runs": runs,
    }


def kiosk_scan(
    settings: Settings, codes: list[str], user_id: str, wipes: int = 50
) -> dict[str, Any]:
    """The kiosk's part of ``pos bench``, on the bench's database (the cashier's shift is
    closed and the kiosk's day opened by ``user_id``), portrait 1080x1920:

    ``row``: ``KioskWindow.on_scan`` returns with the line in the basket screen (catalog
    look-up, cart, draft saved with fsync, approvals, the basket's rows rebuilt);
    ``painted``: that plus laying out and painting; ``first_line``: from a scan on the
    welcome screen just after an idle wipe to the basket painted with its first line.
    """
    from pos_app.app import build_kiosk, build_services, open_engine
    from pos_app.ui.kiosk import KioskWindow

    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = application()
    services = build_services(settings, open_engine(settings))
    window: KioskWindow | None = None
    try:
        shift = services.shifts.current()
        if shift is not None:  # the cashier bench's: a kiosk sells in its own day
            services.shifts.close(
                shift.shift_id, services.shifts.expected_cash(shift.shift_id), user_id
            )
        kiosk = build_kiosk(services, scale=None, terminal=None)
        if not kiosk.session.day_open:
            kiosk.sessions.seller.open_day(services.users.find(user_id))
            kiosk.session.day_changed()
        window = KioskWindow(kiosk, settings, scale_present=False, beep=lambda: None)
        window.fit(1080, 1920)
        window.show()
        app.processEvents()
        rows_ns, painted_ns = [], []
        for index, code in enumerate(codes):
            if index and index % LINES_PER_SALE == 0:
                kiosk.session.wipe("attendant")
                app.processEvents()
            started = time.perf_counter_ns()
            window.on_scan(code)
            in_basket = time.perf_counter_ns()
            app.processEvents()
            rows_ns.append(in_basket - started)
            painted_ns.append(time.perf_counter_ns() - started)
            if window.pages.currentWidget() is not window.basket:
                raise RuntimeError(f"scan of {code} did not reach the kiosk's basket")
        first_ns = []
        for code in codes[:wipes]:
            window.wipe("idle")
            app.processEvents()
            started = time.perf_counter_ns()
            window.on_scan(code)
            app.processEvents()
            first_ns.append(time.perf_counter_ns() - started)
            if len(kiosk.session.sale.cart.lines) != 1:
                raise RuntimeError("the first scan after a wipe did not start a new basket")
        window.wipe("idle")
        return {
            "row": percentiles(rows_ns),
            "painted": percentiles(painted_ns),
            "first_line": percentiles(first_ns),
        }
    finally:
        if window is not None:
            window.shut_down()
            window.deleteLater()
        services.close()
        QApplication.processEvents()
