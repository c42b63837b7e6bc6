"""The item models on their own: Qt's model tester, the texts they show, the signals they send."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from pos_app.domain.cart import Cart, Discount, ProductInfo
from pos_app.domain.returns import SoldLine
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment, TenderKind
from pos_app.ui.i18n import LanguageSwitcher
from pos_app.ui.models import (
    ID_ROLE,
    CartTableModel,
    ProductListModel,
    ReturnLinesModel,
    TenderListModel,
)

ALIGN = Qt.ItemDataRole.TextAlignmentRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

MILK = ProductInfo("p-milk", "MILK1L", "Tam Yağlı Süt 1 L", 4550, 1, names={"en": "Milk 1 L"})
TEA = ProductInfo("p-tea", "TEA1KG", "Siyah Çay 1 kg", 29990, 10, names={"en": "Black tea"})
APPLE = ProductInfo("p-apple", "APPLE", "Elma Amasya", 4990, 1, sold_by_weight=True)


def texts(model: CartTableModel | ReturnLinesModel, row: int) -> list[str]:
    return [model.data(model.index(row, column)) for column in range(model.columnCount())]


def headers(model: CartTableModel | ReturnLinesModel) -> list[str]:
    return [
        model.headerData(section, Qt.Orientation.Horizontal)
        for section in range(model.columnCount())
    ]


# -- the cart ----------------------------------------------------------------------------------


@pytest.fixture
def cart() -> Cart:
    return Cart(currency="TRY")


def test_cart_model_names_the_widest_figure_of_each_column(cart: Cart) -> None:
    """What the sale screen sizes its figure columns from (the name gets the rest)."""
    model = CartTableModel(cart, "en")
    assert model.widest_figures()[CartTableModel.AMOUNT] == ["₺0.00"]
    cart.add(MILK, 3)
    cart.add(TEA, 12)
    cart.add(APPLE, Decimal("1.25"))
    model.refresh(cart)
    widest = model.widest_figures()
    assert sorted(widest[CartTableModel.QUANTITY]) == ["1.250 kg", "12"]
    assert widest[CartTableModel.PRICE] == ["₺299.90"]
    assert widest[CartTableModel.AMOUNT] == ["₺3,598.80"]  # 12 x 299.90, whatever the row
    assert widest[CartTableModel.DISCOUNT] == ["₺0.00"]
    cart.apply_cart_discount(Discount.percent(10), Role.MANAGER)
    model.refresh(cart)
    assert model.widest_figures()[CartTableModel.DISCOUNT][0].startswith("-₺")


def test_cart_model_empty(qtmodeltester: ModelTester, cart: Cart) -> None:
    model = CartTableModel(cart, "en")
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    assert model.columnCount() == 5
    assert model.data(model.index(0, 0)) is None
    assert model.rowCount(model.index(0, 0)) == 0


def test_cart_model_after_adds(qtmodeltester: ModelTester, cart: Cart) -> None:
    model = CartTableModel(cart, "en")
    milk = cart.add(MILK)
    tea = cart.add(TEA, 2)
    apple = cart.add(APPLE, Decimal("1.250"))
    model.refresh(cart)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert texts(model, 0) == ["Milk 1 L", "1", "₺45.50", "", "₺45.50"]
    assert texts(model, 1) == ["Black tea", "2", "₺299.90", "", "₺599.80"]
    assert texts(model, 2) == ["Elma Amasya", "1.250 kg", "₺49.90", "", "₺62.38"]
    assert [model.data(model.index(row, 3), ID_ROLE) for row in range(3)] == [
        milk.line_id,
        tea.line_id,
        apple.line_id,
    ]
    assert model.row_of(tea.line_id) == 1
    assert model.row_of("nope") == -1
    assert model.line_at(2) is apple
    assert model.data(model.index(0, CartTableModel.ITEM), ALIGN) is None
    assert model.data(model.index(0, CartTableModel.AMOUNT), ALIGN) == RIGHT
    assert model.data(model.index(1, 4), Qt.ItemDataRole.AccessibleTextRole) == "₺599.80"
    assert model.data(model.index(1, 4), Qt.ItemDataRole.DecorationRole) is None


def test_adding_a_line_is_an_insert_not_a_reset(
    qtbot: QtBot, qtmodeltester: ModelTester, cart: Cart
) -> None:
    model = CartTableModel(cart, "en")
    qtmodeltester.check(model)  # keeps checking every later change
    cart.add(MILK)
    with (
        qtbot.waitSignal(model.rowsInserted, timeout=100) as inserted,
        qtbot.assertNotEmitted(model.modelReset),
    ):
        model.refresh(cart)
    assert inserted.args[1:] == [0, 0]

    cart.add(TEA)
    with (
        qtbot.waitSignal(model.rowsInserted, timeout=100) as inserted,
        qtbot.assertNotEmitted(model.dataChanged),  # the older rows did not change
        qtbot.assertNotEmitted(model.modelReset),
    ):
        model.refresh(cart)
    assert inserted.args[1:] == [1, 1]

    cart.add(TEA)  # a repeated scan: one more on the same line
    with (
        qtbot.waitSignal(model.dataChanged, timeout=100) as changed,
        qtbot.assertNotEmitted(model.rowsInserted),
        qtbot.assertNotEmitted(model.modelReset),
    ):
        model.refresh(cart)
    top_left, bottom_right = changed.args[:2]
    assert (top_left.row(), bottom_right.row()) == (1, 1)  # only the line that changed
    assert model.data(model.index(1, CartTableModel.QUANTITY)) == "2"


def test_cart_model_after_a_line_void(qtmodeltester: ModelTester, cart: Cart) -> None:
    model = CartTableModel(cart, "en")
    cart.add(MILK)
    tea = cart.add(TEA)
    cart.add(APPLE, Decimal("0.5"))
    model.refresh(cart)
    cart.void_line(tea.line_id)
    model.refresh(cart)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert [model.data(model.index(row, 0)) for row in range(2)] == ["Milk 1 L", "Elma Amasya"]
    assert model.row_of(tea.line_id) == -1


def test_cart_model_after_a_discount(qtmodeltester: ModelTester, cart: Cart) -> None:
    model = CartTableModel(cart, "en")
    milk = cart.add(MILK)
    cart.add(TEA)
    model.refresh(cart)
    cart.apply_line_discount(milk.line_id, Discount.percent(10), Role.CASHIER)
    model.refresh(cart)
    qtmodeltester.check(model)
    assert texts(model, 0) == ["Milk 1 L", "1", "₺45.50", "-₺4.55", "₺40.95"]
    assert texts(model, 1)[CartTableModel.DISCOUNT] == ""

    cart.apply_cart_discount(Discount.amount(1000), Role.CASHIER)
    model.refresh(cart)
    qtmodeltester.check(model)
    reductions = [model.data(model.index(row, CartTableModel.DISCOUNT)) for row in range(2)]
    assert all(text.startswith("-₺") for text in reductions)
    total = sum(int(model.data(model.index(r, 4))[1:].replace(".", "")) for r in range(2))
    assert total == cart.totals().total_minor == 4550 - 455 + 29990 - 1000


def test_cart_model_after_a_language_change(
    qtbot: QtBot, qtmodeltester: ModelTester, cart: Cart, turkish: LanguageSwitcher
) -> None:
    model = CartTableModel(cart, "en")
    cart.add(MILK)
    cart.add(TEA, 5)
    model.refresh(cart)
    with qtbot.waitSignal(model.modelReset, timeout=100):
        model.refresh(cart, "tr")
    qtmodeltester.check(model)
    assert texts(model, 0) == ["Tam Yağlı Süt 1 L", "1", "45,50 ₺", "", "45,50 ₺"]
    assert texts(model, 1) == ["Siyah Çay 1 kg", "5", "299,90 ₺", "", "1.499,50 ₺"]
    assert headers(model) == ["Ürün", "Miktar", "Fiyat", "İndirim", "Tutar"]


def test_cart_model_headers_in_english(cart: Cart) -> None:
    model = CartTableModel(cart, "en")
    assert headers(model) == ["Item", "Qty", "Price", "Discount", "Amount"]
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(0, Qt.Orientation.Horizontal, ALIGN) is None
    assert model.headerData(4, Qt.Orientation.Horizontal, ALIGN) == RIGHT


def test_weights_in_turkish_use_a_decimal_comma(cart: Cart) -> None:
    model = CartTableModel(cart, "tr")
    cart.add(APPLE, Decimal("1.25"))
    cart.add(TEA, 1200)
    model.refresh(cart)
    assert texts(model, 0)[1:] == ["1,250 kg", "49,90 ₺", "", "62,38 ₺"]
    assert texts(model, 1)[1:] == ["1.200", "299,90 ₺", "", "359.880,00 ₺"]


# -- tenders -----------------------------------------------------------------------------------


def test_tender_model(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    payment = Payment(15000)
    model = TenderListModel("en", "TRY")
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    card = payment.add_card(4000, "AP1")
    cash = payment.add_cash(20000)
    credit = Payment(500).add_credit(TenderKind.STORE_CREDIT, 500, "SC-ABC")
    with qtbot.waitSignal(model.modelReset, timeout=100):
        model.set_tenders([*payment.tenders, credit], "en")
    qtmodeltester.check(model)
    rows = [model.data(model.index(row)) for row in range(3)]
    assert rows == [
        "Card  ₺40.00  code AP1",
        "Cash  ₺110.00  (given ₺200.00)",
        "Store credit  ₺5.00  SC-ABC",
    ]
    assert [model.data(model.index(row), ID_ROLE) for row in range(3)] == [
        card.tender_id,
        cash.tender_id,
        credit.tender_id,
    ]
    assert model.tender_at(1) is cash
    assert model.data(model.index(0), Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(7)) is None


def test_tender_model_in_turkish(qtmodeltester: ModelTester, turkish: LanguageSwitcher) -> None:
    payment = Payment(123456)
    payment.add_credit(TenderKind.EXCHANGE_CREDIT, 6, "exchange")
    payment.add_cash(200000)
    model = TenderListModel("tr", "TRY")
    model.set_tenders(payment.tenders, "tr")
    qtmodeltester.check(model)
    assert model.data(model.index(0)) == "Değişim alacağı  0,06 ₺"
    assert model.data(model.index(1)) == "Nakit  1.234,50 ₺  (verilen 2.000,00 ₺)"


# -- search results ----------------------------------------------------------------------------


def test_product_model(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    model = ProductListModel("en", "TRY")
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.modelReset, timeout=100):
        model.set_products([MILK, APPLE], "en")
    qtmodeltester.check(model)
    assert model.data(model.index(0)) == "Milk 1 L   ·   MILK1L   ·   ₺45.50"
    assert model.data(model.index(1)) == "Elma Amasya   ·   APPLE   ·   ₺49.90 / kg"
    assert model.data(model.index(1), ID_ROLE) == "p-apple"
    assert model.product_at(0) is MILK
    model.set_products([TEA], "tr")
    qtmodeltester.check(model)
    assert model.data(model.index(0)) == "Siyah Çay 1 kg   ·   TEA1KG   ·   299,90 ₺"
    model.set_products([], "tr")
    assert model.rowCount() == 0


# -- return lines ------------------------------------------------------------------------------

SOLD = [
    SoldLine("l1", "p-milk", "MILK1L", "Süt", 1, Decimal(3), 13650, Decimal(1), 4550),
    SoldLine("l2", "p-apple", "APPLE", "Elma", 1, Decimal("1.5"), 7485, sold_by_weight=True),
]


def test_return_lines_model(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    model = ReturnLinesModel("en", "TRY")
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    with qtbot.waitSignal(model.modelReset, timeout=100):
        model.set_lines(SOLD, {}, {}, "en")
    qtmodeltester.check(model)
    assert headers(model) == ["Item", "Sold", "Returnable", "Return", "Refund"]
    assert texts(model, 0) == ["Süt", "3", "2", "", ""]
    assert texts(model, 1) == ["Elma", "1.500 kg", "1.500 kg", "", ""]
    assert model.data(model.index(1, 0), ID_ROLE) == "l2"
    assert model.line_at(0) is SOLD[0]

    # Choosing quantities changes the rows in place.
    with (
        qtbot.waitSignal(model.dataChanged, timeout=100),
        qtbot.assertNotEmitted(model.modelReset),
    ):
        model.set_lines(SOLD, {"l1": Decimal(2)}, {"l1": 9100}, "en")
    assert texts(model, 0) == ["Süt", "3", "2", "2", "₺91.00"]
    assert model.data(model.index(0, 4), ALIGN) == RIGHT


def test_return_lines_model_in_turkish(
    qtmodeltester: ModelTester, turkish: LanguageSwitcher
) -> None:
    model = ReturnLinesModel("en", "TRY")
    model.set_lines(SOLD, {"l2": Decimal("1.5")}, {"l2": 7485}, "en")
    model.set_lines(SOLD, {"l2": Decimal("1.5")}, {"l2": 7485}, "tr")
    qtmodeltester.check(model)
    assert headers(model) == ["Ürün", "Satılan", "İade edilebilir", "İade", "İade tutarı"]
    assert texts(model, 1) == ["Elma", "1,500 kg", "1,500 kg", "1,500 kg", "74,85 ₺"]


def test_models_ignore_child_indexes() -> None:
    cart = Cart()
    cart.add(MILK)
    model = CartTableModel(cart, "en")
    child = model.index(0, 0)
    assert model.rowCount(child) == 0
    assert model.columnCount(child) == 0
    assert model.data(QModelIndex()) is None
