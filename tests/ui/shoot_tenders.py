"""Render the points and gift card screens to PNG in English and Turkish, over the demo store
with fake backends for points reservations and gift cards (``tests.ui.tender_till``):

    python -m tests.ui.shoot_tenders OUT_DIR [EXTRA_TSV]

``EXTRA_TSV`` (context, source, Turkish per line) adds Turkish texts not yet in ``pos_tr.ts``
(``tests.ui.shoot_customers.extra_translator``). Dialogs are drawn over the window, centred.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from pos_app.app import Composition, build_register, build_services, open_engine
from pos_app.checkout.giftcards import GiftCardDesk
from pos_app.config import load_settings
from pos_app.demo.data import install_demo, write_demo_config
from pos_app.devices.drawer import NoDrawer
from pos_app.domain.receipt import StoreInfo, as_text, layout
from pos_app.domain.receipt_slips import slip_layout
from pos_app.services.loyalty import LoyaltyService
from pos_app.services.sale_document import CompletedSale
from pos_app.services.terminal import initialise_terminal
from pos_app.services.value_card_slips import slip_documents
from pos_app.services.value_cards import ValueCards
from pos_app.ui.cashier.gift_card_sale import GiftCardSaleDialog
from pos_app.ui.cashier.tender_dialogs import GiftCardPayDialog, PointsDialog, default_points
from pos_app.ui.main import CashierApp, application
from sync.protocol import giftcards
from tests.integration.test_gift_cards import FakeBackend, ack_everything
from tests.integration.test_loyalty_till import RULES, FakeReserver, add_customer, hello, pull_rules
from tests.ui.shoot_customers import extra_translator, modal_dialog, settle
from tests.ui.shoot_customers import shoot as shoot_window
from tests.ui.tender_till import add_gift_product

SIZES = ((1024, 768), (1920, 1080))


def shoot(window: QWidget, path: Path, dialog: QDialog | None = None) -> None:
    """As a window manager shows a dialog: at its size hint (offscreen, Qt leaves it at its
    minimum), within the window."""
    if dialog is not None:
        settle()
        hint = dialog.sizeHint()
        dialog.resize(
            min(hint.width(), window.width() - 40), min(hint.height(), window.height() - 40)
        )
    shoot_window(window, path, dialog)


def shoot_all(cashier: CashierApp, reserver: FakeReserver, cards: FakeBackend, out: Path) -> None:
    register = cashier.register
    window = cashier.window
    language = register.language
    for product in cashier.services.catalog.search("süt")[:2]:
        register.sale.add_product(product)
    register.sale.cart.customer_id = "C1"
    register.sale.cart_changed()
    for width, height in SIZES:
        window.resize(width, height)
        shoot(window, out / f"sale_{language}_{width}x{height}.png")
    window.resize(*SIZES[0])
    tag = f"{language}_1024x768"

    button = window.sale.gift_card_button
    assert button is not None
    top_up = button.open_dialog()
    assert isinstance(top_up, GiftCardSaleDialog)
    known = giftcards.new_code()
    cards.add(known, 12_500)
    top_up.set_mode("top_up")
    top_up.scan(giftcards.display(known))
    shoot(window, out / f"gift_sale_top_up_{tag}.png", top_up)
    top_up.reject()
    settle()
    egift = button.open_dialog()
    assert isinstance(egift, GiftCardSaleDialog)
    egift.set_mode("egift")
    egift.amount.setText("250")
    shoot(window, out / f"gift_sale_egift_{tag}.png", egift)
    egift.try_accept()
    settle()

    register.payment.begin_payment()
    window.payment.online = lambda: not reserver.down  # the fake backend answers
    window.payment.points()
    points = modal_dialog()
    assert isinstance(points, PointsDialog)
    points.edit.setText("1500")
    shoot(window, out / f"points_online_{tag}.png", points)
    points.try_accept()
    settle()
    window.payment.gift_card()
    pay = modal_dialog()
    assert isinstance(pay, GiftCardPayDialog)
    pay.scan(giftcards.display(known))
    shoot(window, out / f"gift_pay_balance_{tag}.png", pay)
    pay.amount.setText("100")
    pay.try_accept()
    settle()
    reserver.down = True
    window.payment.points()
    offline = modal_dialog()
    assert isinstance(offline, PointsDialog)
    offline.edit.setText("400")
    offline.try_accept()  # beyond the per-customer cap: refused, the bound named
    shoot(window, out / f"points_offline_refused_{tag}.png", offline)
    assert offline.offer is not None
    offline.edit.setText(str(default_points(offline.offer, online=False)))  # what is left
    offline.try_accept()
    settle()
    reserver.down = False
    for width, height in SIZES:
        window.resize(width, height)
        shoot(window, out / f"payment_tenders_{language}_{width}x{height}.png")
    window.resize(*SIZES[0])

    payment = register.sale.payment
    assert payment is not None
    register.payment.pay_cash(payment.cash_due_minor())
    result = register.payment.finish()
    write_receipts(cashier, result.sale, out, language)
    panel = window.result.issued
    for _ in range(100):  # the slip is "printed" on a thread (no printer here)
        settle()
        if panel.print_button.isEnabled():
            break
    for width, height in SIZES:
        window.resize(width, height)
        shoot(window, out / f"result_egift_{language}_{width}x{height}.png")
    window.resize(*SIZES[0])
    register.sale.next_sale()
    settle()


def write_receipts(cashier: CashierApp, sale: CompletedSale, out: Path, language: str) -> None:
    """The sale's receipt and its e-gift card's slip as text, 32 and 48 columns wide."""
    printing = cashier.services.printing
    job = printing.job_for_sale(sale.sale_id)
    assert job is not None
    document = printing.document(job)
    store = StoreInfo("Demo Mağaza Kadıköy", "Moda Cad. No: 12", "1234567890")
    for width in (32, 48):
        receipt = layout(document, width=width, store=store, timezone="Europe/Istanbul")
        slips = [slip_layout(d, width=width, store=store) for d in slip_documents(sale, language)]
        text = "\n\n".join(as_text(blocks, width) for blocks in [receipt, *slips])
        (out / f"receipt_{language}_{width}.txt").write_text(text + "\n", encoding="utf-8")


def main(out: Path, tsv: Path | None) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_demo_config(work / "data")
        settings = load_settings(data_dir=work / "data", lang="en")
        engine = open_engine(settings)
        initialise_terminal(engine, "S01", "T01")
        services = build_services(settings, engine)
        install_demo(services)
        if services.catalog.by_sku(settings.gift_card_sku) is None:
            add_gift_product(services)
        reserver = FakeReserver()
        services.loyalty = LoyaltyService(services.engine, lambda: reserver)
        pull_rules(services, RULES.payload())
        add_customer(services, "C1", 12_400)
        hello(services, budget=500, cap=300)
        register = build_register(services, NoDrawer(), language="en")
        cards = FakeBackend()
        desk = GiftCardDesk(
            register.sale,
            register.payment,
            ValueCards(services.engine, services.clock, cards),
            services.catalog,
        )
        extra = extra_translator(tsv, work) if tsv is not None else None
        cashier = CashierApp(settings, app, Composition(services, register, desk))
        cashier.show()
        staff = {user.name: user for user in register.staff.active_staff()}
        cashier_user = next(u for u in staff.values() if u.role.value == "cashier")
        register.sign_in(cashier_user.user_id, "4826")
        if register.staff.shift is None:
            register.staff.open_shift(50000)
        for language in ("en", "tr"):
            ack_everything(services)  # synced: a new offline period for the points
            if extra is not None:
                app.removeTranslator(extra)
            register.set_language(language)
            cashier.switcher.set_language(language)
            if language == "tr" and extra is not None:
                app.installTranslator(extra)
            shoot_all(cashier, reserver, cards, out)
        cashier.close()
        cashier.window.deleteLater()  # before its database goes with the directory
        QApplication.processEvents()
    sys.stdout.write(f"screenshots in {out}\n")


if __name__ == "__main__":
    main(
        Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"),
        Path(sys.argv[2]) if len(sys.argv) > 2 else None,
    )
