"""Points and gift cards on the payment screen, the gift card sale dialog and the result
screen's card codes, over the real core with fake backends (tests.ui.tender_till): points
part-paid online and offline within the bounds, refused beyond with the bound named, a gift
card's balance then its tender, removal giving the hold back, an e-gift card's QR."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from pos_app.domain.receipt import StoreInfo, as_text, layout
from pos_app.domain.tenders import TenderKind
from pos_app.ui.cashier.gift_card_sale import GiftCardSaleDialog
from pos_app.ui.cashier.payment import PaymentScreen
from pos_app.ui.cashier.result import ResultScreen
from pos_app.ui.cashier.tender_dialogs import GiftCardPayDialog, PointsDialog
from sync.protocol import giftcards
from tests.fakes import SEED
from tests.integration.test_gift_cards import in_replica
from tests.ui.conftest import Till
from tests.ui.tender_till import CUSTOMER, TenderTill, open_tender_till

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

TEA = SEED[1]  # 299.90 TL
D = TypeVar("D", bound=QDialog)

DOTS = "\u2022\u2022\u2022\u2022"  # how screens mask a card: only its last four show


@pytest.fixture
def tt(till: Till, restore_locale: None) -> Iterator[TenderTill]:
    opened = open_tender_till(till)
    yield opened
    opened.services.close()


def paying(qtbot: QtBot, tt: TenderTill, *, customer: bool = True) -> PaymentScreen:
    """Tea (299.90 TL) on the sale, the customer attached, the payment begun, on screen."""
    tt.register.sale.scan(str(TEA.barcode))
    if customer:
        tt.register.sale.cart.customer_id = CUSTOMER  # the customer desk's job (other screens)
    screen = tt.payment_screen()
    qtbot.addWidget(screen)
    tt.register.payment.begin_payment()
    screen.show()
    screen.activate()
    return screen


def open_dialog(parent: QWidget, kind: type[D]) -> D:
    found = [d for d in parent.findChildren(kind) if shiboken6.isValid(d) and d.isVisible()]
    assert found, f"no {kind.__name__} open"
    return found[-1]


def rows(screen: PaymentScreen) -> list[str]:
    model = screen.tenders
    return [str(model.data(model.index(row))) for row in range(model.rowCount())]


def select_row(screen: PaymentScreen, row: int) -> None:
    screen.tender_list.setCurrentIndex(screen.tenders.index(row))


# -- points ----------------------------------------------------------------------------------


def test_points_need_a_customer(qtbot: QtBot, tt: TenderTill) -> None:
    screen = paying(qtbot, tt, customer=False)
    assert not screen.points_button.isEnabled()
    screen.points()
    assert not screen.findChildren(PointsDialog)


def test_points_pay_part_online_reserved_first(qtbot: QtBot, tt: TenderTill) -> None:
    screen = paying(qtbot, tt)
    assert screen.points_button.isEnabled()
    screen.points()
    dialog = open_dialog(screen, PointsDialog)
    assert dialog.available.text() == "5,000 points = ₺500.00 available"
    assert "at most 300 points can be spent offline" in dialog.detail.text()
    # By default as many points as pay the rest: 299.90 TL is 2,999 points.
    assert dialog.edit.text() == "2999"
    dialog.edit.setText("1000")
    assert dialog.worth.text() == "Pays ₺100.00\n(2,999 pay the rest)"
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    (tender,) = tt.register.sale.payment.tenders  # type: ignore[union-attr]
    assert (tender.kind, tender.points, tender.amount_minor) == (TenderKind.LOYALTY, 1000, 10_000)
    assert [r.amount for r in tt.reserver.asked] == [1000]
    assert tender.approval_code == tt.reserver.asked[0].id
    assert rows(screen) == ["Points  ₺100.00  1,000 points"]
    assert screen.remaining_label.text() == "₺199.90"


def test_points_refused_online_show_what_the_backend_has(qtbot: QtBot, tt: TenderTill) -> None:
    tt.reserver.available = 120
    screen = paying(qtbot, tt)
    screen.points()
    dialog = open_dialog(screen, PointsDialog)
    dialog.edit.setText("500")
    dialog.try_accept()
    assert dialog.isVisible()
    assert dialog.error.text() == "The customer has only 120 points to spend."
    assert tt.register.sale.payment.tenders == []  # type: ignore[union-attr]


def test_points_offline_within_the_bound_then_refused_beyond(qtbot: QtBot, tt: TenderTill) -> None:
    tt.reserver.down = True
    screen = paying(qtbot, tt)
    screen.points()
    dialog = open_dialog(screen, PointsDialog)
    assert dialog.detail.text().startswith(
        "Offline: at most 300 points now (the offline limit per customer)."
    )
    assert dialog.edit.text() == "300"  # the bound, not the 2,999 that would pay it all
    dialog.edit.setText("200")
    dialog.try_accept()
    assert not dialog.isVisible()
    assert rows(screen) == ["Points  ₺20.00  200 points  (offline)"]
    assert tt.reserver.asked == []

    screen.points()
    again = open_dialog(screen, PointsDialog)
    assert again.edit.text() == "100"  # what the per-customer cap leaves
    again.edit.setText("150")
    again.try_accept()
    assert again.isVisible()
    assert again.error.text() == (
        "Offline, at most 100 points can be spent now (the offline limit per customer)."
    )
    assert len(tt.register.sale.payment.tenders) == 1  # type: ignore[union-attr]
    again.reject()


def test_points_over_what_is_left_to_pay_name_the_most(qtbot: QtBot, tt: TenderTill) -> None:
    screen = paying(qtbot, tt)
    screen.points()
    dialog = open_dialog(screen, PointsDialog)
    dialog.edit.setText("4000")
    dialog.try_accept()
    assert dialog.error.text() == (
        "4,000 points are worth more than what is left to pay: at most 2,999."
    )
    assert tt.reserver.asked == []  # refused before any hold


def test_removing_a_points_tender_releases_its_reservation(qtbot: QtBot, tt: TenderTill) -> None:
    screen = paying(qtbot, tt)
    tt.register.payment.pay_points(700)
    select_row(screen, 0)
    screen.remove_selected()
    assert tt.reserver.released == [tt.reserver.asked[0].id]
    assert rows(screen) == []
    assert tt.register.payment.points_available() == 5_000


# -- gift cards ------------------------------------------------------------------------------


def test_a_gift_card_shows_its_balance_then_pays(qtbot: QtBot, tt: TenderTill) -> None:
    code = giftcards.new_code()
    tt.cards.add(code, 8_000)
    screen = paying(qtbot, tt)
    screen.gift_card()
    dialog = open_dialog(screen, GiftCardPayDialog)
    qtbot.keyClicks(dialog.code, giftcards.display(code))  # as a scanner types it
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    last4 = giftcards.last4(code)
    assert dialog.isVisible()
    assert dialog.balance.text() == (
        f"Gift card {DOTS} {last4}: ₺80.00 (checked with the server now)"
    )
    assert dialog.amount.text() == "80.00"  # all the card holds: less than the 299.90 due
    assert dialog.focusWidget() is dialog.amount
    dialog.amount.setText("50")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert not dialog.isVisible()

    (tender,) = tt.register.sale.payment.tenders  # type: ignore[union-attr]
    assert (tender.kind, tender.amount_minor) == (TenderKind.GIFT_CARD, 5_000)
    assert tender.reference == giftcards.code_hash(code)  # the hash, never the code
    assert rows(screen) == [f"Gift card  ₺50.00  {DOTS} {last4}"]

    select_row(screen, 0)
    screen.remove_selected()
    assert tt.cards.released == [tender.approval_code]
    assert rows(screen) == []


def test_a_gift_card_offline_within_its_bound(qtbot: QtBot, tt: TenderTill) -> None:
    tt.cards.down = True
    screen = paying(qtbot, tt)
    screen.gift_card()
    dialog = open_dialog(screen, GiftCardPayDialog)
    dialog.scan("ABC")
    assert dialog.error.text() == "A card code has 20 symbols; this one has 3."
    dialog.scan(giftcards.new_code())
    assert dialog.error.text().startswith("This card is not known: check the code. Offline,")
    assert not dialog.amount.isEnabled()

    code = giftcards.new_code()
    in_replica(tt.services, code, 6_000, 4_000)  # 60 TL on it, 40 TL spendable offline
    dialog.scan(code)
    last4 = giftcards.last4(code)
    assert dialog.balance.text() == (
        f"Gift card {DOTS} {last4}: ₺60.00 as of 23/11/2026 12:00 (offline: the till's own figure)"
    )
    assert dialog.amount.text() == "60.00"
    dialog.try_accept()
    assert dialog.isVisible()
    assert dialog.error.text() == (
        f"Offline, card {last4} can pay at most ₺40.00 now (its balance and offline limit)."
    )
    dialog.amount.setText("40")
    dialog.try_accept()
    assert not dialog.isVisible()
    assert rows(screen) == [f"Gift card  ₺40.00  {DOTS} {last4}  (offline)"]


# -- selling gift cards, the codes after the sale ---------------------------------------------


def test_an_egift_card_sold_shows_its_qr_after_the_sale(qtbot: QtBot, tt: TenderTill) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = GiftCardSaleDialog(tt.register, tt.desk, parent, mode="egift")
    dialog.open()
    assert not dialog.code.isVisible()
    dialog.amount.setText("5")  # below the 10 TL minimum
    dialog.try_accept()
    assert dialog.error.text() == "A gift card is loaded with at least ₺10.00."
    dialog.amount.setText("250")
    dialog.try_accept()
    assert not dialog.isVisible()
    (line,) = tt.register.sale.cart.lines
    assert line.value_card is not None and line.value_card.electronic
    assert line.unit_price_minor == 25_000

    payment = tt.register.payment.begin_payment()
    tt.register.payment.pay_cash(payment.remaining_minor)
    result = tt.register.payment.finish()
    (issued,) = result.sale.issued_codes
    screen = ResultScreen(tt.register, tt.services.printing)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    panel = screen.issued
    assert panel.isVisible()
    qr, caption = panel.card_labels[0]
    assert not qr.pixmap().isNull() and qr.pixmap().width() >= 140
    assert caption.text() == "E-gift card\n₺250.00"
    assert panel.findChild(QLabel, "issued_display_0").text() == issued.display
    # No printer on this till: the slip is not sent, the screen says the QR is the copy.
    qtbot.waitUntil(lambda: panel.status.text().startswith("No printer"))
    panel.print_again()
    qtbot.waitUntil(lambda: panel.print_button.isEnabled())

    tt.register.sale.next_sale()
    tt.register.sale.scan(str(TEA.barcode))
    payment = tt.register.payment.begin_payment()
    tt.register.payment.pay_cash(payment.remaining_minor)
    tt.register.payment.finish()
    screen.refresh()
    assert not panel.isVisible() and panel.card_labels == []  # the code is gone


def test_a_physical_card_scanned_then_topped_up(qtbot: QtBot, tt: TenderTill) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    code = giftcards.new_code()
    sell = GiftCardSaleDialog(tt.register, tt.desk, parent)
    sell.open()
    sell.scan(code)
    assert sell.focusWidget() is sell.amount and sell.isVisible()
    sell.amount.setText("100")
    sell.try_accept()
    (line,) = tt.register.sale.cart.lines
    assert line.value_card is not None and line.value_card.action == "activate"

    known = giftcards.new_code()
    tt.cards.add(known, 3_000)
    top_up = GiftCardSaleDialog(tt.register, tt.desk, parent, mode="top_up")
    top_up.open()
    top_up.scan(known)  # Enter after the scan: the balance first
    assert top_up.balance.text().endswith("₺30.00 (checked with the server now)")
    top_up.amount.setText("70")
    top_up.try_accept()
    assert not top_up.isVisible()
    assert [ln.value_card.action for ln in tt.register.sale.cart.lines if ln.value_card] == [
        "activate",
        "top_up",
    ]

    check = GiftCardSaleDialog(tt.register, tt.desk, parent, mode="balance")
    check.open()
    check.scan(known)
    assert check.isVisible() and check.balance.isVisible()
    assert len(tt.register.sale.cart.lines) == 2  # a balance check adds nothing


# -- the receipt -------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [32, 48])
def test_the_receipt_names_points_and_card_and_fits(tt: TenderTill, width: int) -> None:
    code = giftcards.new_code()
    tt.cards.add(code, 8_000)
    tt.register.sale.scan(str(TEA.barcode))
    tt.register.sale.cart.customer_id = CUSTOMER
    tt.desk.sell_egift(10_000)
    payment = tt.register.payment.begin_payment()
    tt.register.payment.pay_points(1_500)
    tt.desk.pay(code, 5_000)
    tt.register.payment.pay_cash(payment.remaining_minor)
    sold = tt.register.payment.finish().sale
    printing = tt.services.printing
    job = printing.job_for_sale(sold.sale_id)
    assert job is not None
    document = printing.document(job)
    last4 = giftcards.last4(code)
    (issued,) = sold.issued_codes
    for language, expected in (
        ("en", ["  1,500 points", f"  Card **** {last4}", "  Left on card", "Points spent"]),
        ("tr", ["  1.500 puan", f"  Kart **** {last4}", "  Kalan bakiye", "Harcanan puan"]),
    ):
        text = as_text(
            layout(
                document | {"language": language},
                width=width,
                store=StoreInfo("Örnek Market", "Şişli İstanbul", "1234567890"),
                timezone="Europe/Istanbul",
            ),
            width,
        )
        lines = text.splitlines()
        assert all(len(line) <= width for line in lines), text
        for part in expected:
            assert any(line.startswith(part) for line in lines), f"{part!r} not in\n{text}"
        assert tt.reserver.asked[0].id not in text  # never the reservation
        assert code not in text and issued.code not in text  # never a card's code
