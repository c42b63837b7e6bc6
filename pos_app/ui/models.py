"""Item models: thin Qt adapters over the pure cart, payment, return and product lists."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Generic, NamedTuple, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from pos_app.domain.cart import Cart, CartLine, CartTotals, LineAmounts, ProductInfo
from pos_app.domain.returns import SoldLine
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.ui.i18n import format_money, format_quantity, locale_for

AnyIndex = QModelIndex | QPersistentModelIndex
T = TypeVar("T")
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the line, product or tender id behind a row
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class _Shown(NamedTuple):
    """The figures of one cart row as shown."""

    quantity: Decimal
    unit_price_minor: int
    overridden: bool
    reduction_minor: int
    total_minor: int


class CartTableModel(QAbstractTableModel):
    """The lines of the sale in progress: item, quantity, unit price, discount, amount."""

    ITEM, QUANTITY, PRICE, DISCOUNT, AMOUNT = range(5)

    def __init__(self, cart: Cart, language: str) -> None:
        super().__init__()
        self._cart = cart
        self._language = language
        self._lines: list[CartLine] = []
        self._totals: CartTotals | None = None
        self._snapshot: list[_Shown] = []
        self.refresh(cart)

    def refresh(self, cart: Cart, language: str | None = None) -> None:
        """Follow the cart after a change: an added line is an insert, a changed line a
        dataChanged of its row only, anything else (lines gone, new cart) a reset."""
        language = language or self._language
        old = self._lines
        new = list(cart.lines)
        same_prefix = (
            cart is self._cart
            and language == self._language
            and len(new) >= len(old)
            and all(a is b for a, b in zip(old, new, strict=False))
        )
        totals = cart.totals()
        shown = [
            self._shown(line, amounts) for line, amounts in zip(new, totals.lines, strict=True)
        ]
        if not same_prefix:
            self.beginResetModel()
            self._cart, self._language, self._lines = cart, language, new
            self._totals, self._snapshot = totals, shown
            self.endResetModel()
            return
        before, self._totals, self._snapshot = self._snapshot, totals, shown
        if len(new) > len(old):
            self.beginInsertRows(QModelIndex(), len(old), len(new) - 1)
            self._lines = new
            self.endInsertRows()
        for row in range(len(old)):
            if before[row] != shown[row]:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.AMOUNT), [_DISPLAY])

    @staticmethod
    def _shown(line: CartLine, amounts: LineAmounts) -> _Shown:
        """What a row displays; a row is repainted only when this changes."""
        return _Shown(
            line.quantity,
            line.unit_price_minor,
            line.overridden,
            amounts.line_discount_minor + amounts.cart_discount_minor,
            amounts.total_minor,
        )

    def widest_figures(self) -> dict[int, list[str]]:
        """Per figure column, the texts that can be its widest now: the largest quantity of
        piece and of weighed lines, the largest amounts (with a minus sign where one is
        negative). Sizing from these keeps every figure whole and leaves the name the rest,
        from numbers the model already holds (no pass over every cell on each scan)."""
        language = self._language
        quantities: dict[bool, Decimal] = {}
        for line in self._lines:
            weighed = line.product.sold_by_weight
            quantities[weighed] = max(quantities.get(weighed, Decimal(0)), abs(line.quantity))
        samples = {
            self.QUANTITY: [
                format_quantity(quantity, weighed, language)
                for weighed, quantity in quantities.items()
            ]
        }
        shown = self._snapshot
        for column, values in (
            (self.PRICE, [row.unit_price_minor for row in shown]),
            (self.DISCOUNT, [-row.reduction_minor for row in shown]),
            (self.AMOUNT, [row.total_minor for row in shown]),
        ):
            widest = max((abs(value) for value in values), default=0)
            negative = any(value < 0 for value in values)
            samples[column] = [self._money(-widest if negative else widest)]
        return samples

    def line_at(self, row: int) -> CartLine:
        return self._lines[row]

    def row_of(self, line_id: str) -> int:
        for row, line in enumerate(self._lines):
            if line.line_id == line_id:
                return row
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == _DISPLAY and 0 <= section < 5:
            return (
                QCoreApplication.translate("Models", "Item"),
                QCoreApplication.translate("Models", "Qty"),
                QCoreApplication.translate("Models", "Price"),
                QCoreApplication.translate("Models", "Discount"),
                QCoreApplication.translate("Models", "Amount"),
            )[section]
        if role == _ALIGN and section != self.ITEM:
            return _RIGHT
        return None

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return line.line_id
        if role == _ALIGN:
            return None if column == self.ITEM else _RIGHT
        if role not in (_DISPLAY, Qt.ItemDataRole.AccessibleTextRole):
            return None
        money = self._money
        if column == self.ITEM:
            name = line.product.name_in(self._language)
            if line.overridden and not line.remote:
                name += " *"
            if line.remote:
                name += f"  → {self._destination()}"
            return name
        if column == self.QUANTITY:
            return format_quantity(line.quantity, line.product.sold_by_weight, self._language)
        if column == self.PRICE:
            return money(line.unit_price_minor)
        amounts = self._totals.lines[index.row()] if self._totals else None
        if column == self.DISCOUNT:
            reduction = amounts.line_discount_minor + amounts.cart_discount_minor if amounts else 0
            return money(-reduction) if reduction else ""
        if column == self.AMOUNT:
            return money(amounts.total_minor) if amounts else ""
        return None

    def _money(self, minor: int) -> str:
        return format_money(minor, self._language, self._cart.currency)

    def _destination(self) -> str:
        """Where a remote line goes: the web order it pays for, an address or a store."""
        cart = self._cart
        if cart.pickup_payment is not None:
            return cart.pickup_payment.number
        order = cart.remote_order
        if order is None:
            return ""
        if order.kind.value == "delivery":
            return QCoreApplication.translate("CartTableModel", "delivery")
        return QCoreApplication.translate("CartTableModel", "pickup at {store}").format(
            store=order.store_code
        )


class _RowsModel(QAbstractListModel, Generic[T]):
    """A list model over plain items: an id for ``ID_ROLE`` and a text to show per row."""

    def __init__(self, language: str, currency: str) -> None:
        super().__init__()
        self._items: list[T] = []
        self._language = language
        self._currency = currency

    def _set(self, items: list[T], language: str) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._language = language
        self.endResetModel()

    def _money(self, minor: int) -> str:
        return format_money(minor, self._language, self._currency)

    def _id(self, item: T) -> str:
        raise NotImplementedError

    def _text(self, item: T) -> str:
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == ID_ROLE:
            return self._id(item)
        if role in (_DISPLAY, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(item)
        return None


class TenderListModel(_RowsModel[Tender]):
    """The payments taken so far: kind, amount, approval code, voucher, points or card."""

    def __init__(self, language: str, currency: str) -> None:
        super().__init__(language, currency)
        self._card_last4: dict[str, str] = {}

    def set_tenders(
        self, tenders: list[Tender], language: str, card_last4: dict[str, str] | None = None
    ) -> None:
        """``card_last4``: a gift card tender's card (by tender id), from its hold."""
        self._card_last4 = dict(card_last4 or {})
        self._set(tenders, language)

    def tender_at(self, row: int) -> Tender:
        return self._items[row]

    def _id(self, item: Tender) -> str:
        return item.tender_id

    def _text(self, item: Tender) -> str:
        label = {
            TenderKind.CASH: QCoreApplication.translate("Models", "Cash"),
            TenderKind.CARD: QCoreApplication.translate("Models", "Card"),
            TenderKind.STORE_CREDIT: QCoreApplication.translate("Models", "Store credit"),
            TenderKind.EXCHANGE_CREDIT: QCoreApplication.translate("Models", "Exchange credit"),
            TenderKind.ONLINE_PAYMENT: QCoreApplication.translate("Models", "Online payment"),
            TenderKind.GIFT_CARD: QCoreApplication.translate("Models", "Gift card"),
            TenderKind.LOYALTY: QCoreApplication.translate("Models", "Points"),
        }[item.kind]
        text = f"{label}  {self._money(item.amount_minor)}"
        if item.kind in (TenderKind.LOYALTY, TenderKind.GIFT_CARD):
            # The approval code is the backend's reservation id: nothing a person reads.
            return text + self._card_or_points(item)
        if item.kind is TenderKind.CASH and item.tendered_minor:
            text += "  " + QCoreApplication.translate("Models", "(given {amount})").format(
                amount=self._money(item.tendered_minor)
            )
        if item.approval_code:
            text += "  " + QCoreApplication.translate("Models", "code {code}").format(
                code=item.approval_code
            )
        elif item.reference and item.kind is TenderKind.STORE_CREDIT:
            text += f"  {item.reference}"
        return text

    def _card_or_points(self, item: Tender) -> str:
        """The points spent or the card's last four symbols, and "offline" when the till
        took it within its offline bounds (no reservation on the backend)."""
        if item.kind is TenderKind.LOYALTY:
            text = "  " + QCoreApplication.translate("Models", "{points} points").format(
                points=locale_for(self._language).toString(item.points)
            )
        else:
            last4 = self._card_last4.get(item.tender_id, "")
            text = f"  \u2022\u2022\u2022\u2022 {last4}" if last4 else ""  # "•••• 7Q2K"
        if not item.approval_code:
            text += "  " + QCoreApplication.translate("Models", "(offline)")
        return text


class ProductListModel(_RowsModel[ProductInfo]):
    """Search results: name, SKU and price of each product."""

    def set_products(self, products: list[ProductInfo], language: str) -> None:
        self._set(products, language)

    def product_at(self, row: int) -> ProductInfo:
        return self._items[row]

    def _id(self, item: ProductInfo) -> str:
        return item.product_id

    def _text(self, item: ProductInfo) -> str:
        unit = " / kg" if item.sold_by_weight else ""
        price = self._money(item.unit_price_minor)
        return f"{item.name_in(self._language)}   ·   {item.sku}   ·   {price}{unit}"


class ReturnLinesModel(QAbstractTableModel):
    """The lines of a receipt being returned: sold, still returnable, chosen, refund."""

    ITEM, SOLD, RETURNABLE, CHOSEN, REFUND = range(5)

    def __init__(self, language: str, currency: str) -> None:
        super().__init__()
        self._lines: list[SoldLine] = []
        self._chosen: dict[str, Decimal] = {}
        self._refunds: dict[str, int] = {}
        self._language = language
        self._currency = currency

    def set_lines(
        self,
        lines: list[SoldLine],
        chosen: dict[str, Decimal],
        refunds: dict[str, int],
        language: str,
    ) -> None:
        if [line.line_id for line in lines] == [line.line_id for line in self._lines] and (
            language == self._language
        ):
            self._chosen, self._refunds = dict(chosen), dict(refunds)
            if self._lines:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._lines) - 1, self.REFUND), [_DISPLAY]
                )
            return
        self.beginResetModel()
        self._lines, self._chosen, self._refunds = list(lines), dict(chosen), dict(refunds)
        self._language = language
        self.endResetModel()

    def line_at(self, row: int) -> SoldLine:
        return self._lines[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == _DISPLAY and 0 <= section < 5:
            return (
                QCoreApplication.translate("Models", "Item"),
                QCoreApplication.translate("Models", "Sold"),
                QCoreApplication.translate("Models", "Returnable"),
                QCoreApplication.translate("Models", "Return"),
                QCoreApplication.translate("Models", "Refund"),
            )[section]
        if role == _ALIGN and section != self.ITEM:
            return _RIGHT
        return None

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        if role == ID_ROLE:
            return line.line_id
        if role == _ALIGN:
            return None if index.column() == self.ITEM else _RIGHT
        if role not in (_DISPLAY, Qt.ItemDataRole.AccessibleTextRole):
            return None
        weight = line.sold_by_weight

        def qty(value: Decimal) -> str:
            return format_quantity(value, weight, self._language)

        column = index.column()
        if column == self.ITEM:
            return line.name
        if column == self.SOLD:
            return qty(line.quantity)
        if column == self.RETURNABLE:
            return qty(line.returnable_quantity)
        chosen = self._chosen.get(line.line_id, Decimal(0))
        if column == self.CHOSEN:
            return qty(chosen) if chosen else ""
        if column == self.REFUND:
            refund = self._refunds.get(line.line_id, 0)
            return format_money(refund, self._language, self._currency) if refund else ""
        return None
