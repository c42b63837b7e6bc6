"""Render every cashier screen to PNG, in Turkish and English, at 1024x768 and 1920x1080.

    .venv/bin/python -m pos_app.ui.screenshots OUT_DIR

Builds a fresh demo store in a temporary directory, drives the real register into each
stage and grabs the window (and the customer display). Used to look at the screens and
for the README picture.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from pos_app.app import build_services, open_engine
from pos_app.config import load_settings
from pos_app.services.demo import install_demo, write_demo_config
from pos_app.services.terminal import initialise_terminal
from pos_app.ui.cashier.printing import ReceiptsDialog
from pos_app.ui.main import CashierApp, application

SIZES = ((1024, 768), (1920, 1080))


def shoot(widget: QWidget, path: Path) -> None:
    for _ in range(5):  # let posted layout requests settle before grabbing
        QApplication.processEvents()
    widget.grab().save(str(path))


def main(out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        write_demo_config(Path(tmp) / "data")
        settings = load_settings(data_dir=Path(tmp) / "data", lang="tr")
        engine = open_engine(settings)
        initialise_terminal(engine, "S01", "T01")
        install_demo(build_services(settings, engine))
        engine.dispose()
        cashier = CashierApp(settings, app)
        cashier.show()
        register = cashier.register
        window = cashier.window
        display = cashier.display
        staff = {user.name: user for user in register.staff()}
        cashier_user = next(u for u in staff.values() if u.role.value == "cashier")
        receipt = None
        for language in ("tr", "en"):
            register.set_language(language)
            cashier.switcher.set_language(language)
            for width, height in SIZES:
                window.resize(width, height)
                tag = f"{language}_{width}x{height}"
                if register.user is not None:
                    register.sign_out()
                window.signin.choose(cashier_user.user_id)
                shoot(window, out / f"signin_{tag}.png")
                register.sign_in(cashier_user.user_id, "1111")
                if register.shift is not None:
                    register.close_shift({})  # to show the shift-open screen too
                if register.shift is None:
                    shoot(window, out / f"shift_open_{tag}.png")
                    register.open_shift(50000)
                for product in register.services.catalog.search("süt")[:3]:
                    register.add_product(product)
                for product in register.services.catalog.search("domates")[:1]:
                    register.add_product(product, 1.25 if product.sold_by_weight else 1)  # type: ignore[arg-type]
                for product in register.services.catalog.search("çay")[:2]:
                    register.add_product(product, 2)
                window.sale.show_category(window.sale._category)
                shoot(window, out / f"sale_{tag}.png")
                if display is not None:
                    display.resize(width, height)
                    shoot(display, out / f"customer_display_{tag}.png")
                payment = register.begin_payment()
                register.pay_card(payment.remaining_minor // 2, "A1B2C3")
                shoot(window, out / f"payment_{tag}.png")
                register.pay_cash(register.quick_cash_amounts()[-1])
                shoot(window, out / f"payment_done_{tag}.png")
                result = register.finish()
                receipt = result.sale.receipt_no
                shoot(window, out / f"result_{tag}.png")
                if display is not None:
                    shoot(display, out / f"customer_display_thanks_{tag}.png")
                receipts = ReceiptsDialog(register, window)
                receipts.open()
                shoot(receipts, out / f"receipts_{tag}.png")
                receipts.reject()
                register.next_sale()
                register.begin_return()
                window.returns.receipt.setText(receipt)
                window.returns.find_receipt()
                window.returns.toggle_selected()
                shoot(window, out / f"return_{tag}.png")
                register.cancel_return()
                window.show_shift_close()
                shoot(window, out / f"shift_close_{tag}.png")
                window._shift_close_done()
        cashier.close()
    sys.stdout.write(f"screenshots in {out}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
