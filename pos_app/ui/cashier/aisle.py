"""Endless aisle: sell an item this store cannot hand over now, for pickup at another store
or delivery to the customer's address. The customer pays here with the rest of the sale;
the backend opens the web order when the sale syncs. Offline, or on old stock figures, the
order is still taken, with a clear note that availability is not guaranteed until it syncs.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIntValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from pos_app.checkout.aisle import AisleOffer, StoreOption, sync_online
from pos_app.checkout.register import Register
from pos_app.domain.fulfilment import FulfilmentKind
from pos_app.errors import UserError
from pos_app.services.stock_lookup import ProductStock
from pos_app.ui.cashier.dialogs import PosDialog
from pos_app.ui.cashier.freshness import age_text
from pos_app.ui.i18n import format_milli, format_money
from pos_app.ui.stock_tools import StockTools
from pos_app.ui.widgets import button, named, set_label

STORE_ROLE = Qt.ItemDataRole.UserRole
MAX_QUANTITY = 99


class OrderElsewhereDialog(PosDialog):
    """Where the item goes (another store or an address), for whom, and how many."""

    def __init__(
        self,
        register: Register,
        stock: ProductStock,
        parent: QWidget | None,
        tools: StockTools,
    ) -> None:
        """With the sync worker online (``tools.sync``) the order is confirmed at once."""
        super().__init__(register, "aisle", parent)
        self.stock = stock
        self.catalog = tools.catalog
        self.clock = tools.clock
        self.zone = tools.zone
        self.sync = tools.sync
        self.store_code = tools.store_code
        self.setMinimumSize(760, 640)
        self.offer = AisleOffer.of(
            stock, own_store=self.store_code, now=self.clock.now(), online=sync_online(self.sync)
        )
        self.fresh = self.offer.fresh

        self.summary = named(QLabel(), "aisle_summary")
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)

        kinds = QHBoxLayout()
        self.kind_group = QButtonGroup(self)
        self.pickup_kind = button("aisle_pickup", kind="tab")
        self.delivery_kind = button("aisle_delivery", kind="tab")
        for kind_button in (self.pickup_kind, self.delivery_kind):
            kind_button.setCheckable(True)
            self.kind_group.addButton(kind_button)
            kind_button.clicked.connect(lambda _checked=False: self._kind_changed())
            kinds.addWidget(kind_button)
        self.body.addLayout(kinds)

        self.store_list = named(QListWidget(), "aisle_stores")
        self.store_list.setMinimumHeight(180)
        for other in self.offer.stores:
            item = QListWidgetItem()
            item.setData(STORE_ROLE, other.store_code)
            # On fresh figures a store without the item cannot be chosen; on old figures
            # every store can (the note says availability is not guaranteed).
            if not other.choosable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(QColor("#94a3b8"))
            self.store_list.addItem(item)
        self.body.addWidget(self.store_list)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.name_edit = named(QLineEdit(), "aisle_name")
        self.name_edit.setMaxLength(200)
        self.phone_edit = named(QLineEdit(), "aisle_phone")
        self.phone_edit.setMaxLength(32)
        self.address_edit = named(QPlainTextEdit(), "aisle_address")
        self.address_edit.setFixedHeight(84)
        # Touch: big minus and plus buttons beside the number instead of tiny arrows.
        self.quantity = named(QLineEdit("1"), "aisle_quantity")
        self.quantity.setValidator(QIntValidator(1, MAX_QUANTITY, self.quantity))
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.minus_button = button("aisle_minus", on_click=lambda: self._step(-1))
        self.plus_button = button("aisle_plus", on_click=lambda: self._step(1))
        quantity_row = QHBoxLayout()
        quantity_row.addWidget(self.minus_button)
        quantity_row.addWidget(self.quantity, 1)
        quantity_row.addWidget(self.plus_button)
        self.name_label, self.phone_label = QLabel(), QLabel()
        self.address_label, self.quantity_label = QLabel(), QLabel()
        form.addRow(self.quantity_label, quantity_row)
        form.addRow(self.name_label, self.name_edit)
        form.addRow(self.phone_label, self.phone_edit)
        form.addRow(self.address_label, self.address_edit)
        self.body.addLayout(form)

        self.note = named(QLabel(), "aisle_note")
        self.note.setWordWrap(True)
        self.body.addWidget(self.note)

        current = register.sale.cart.remote_order
        self.locked = current is not None
        if current is not None:  # one sale, one destination: take the same one again
            self.name_edit.setText(current.customer_name)
            self.phone_edit.setText(current.phone)
            self.address_edit.setPlainText(current.address)
            self._select_store(current.store_code)
            for widget in (
                self.pickup_kind,
                self.delivery_kind,
                self.store_list,
                self.name_edit,
                self.phone_edit,
                self.address_edit,
            ):
                widget.setEnabled(False)
            delivery = current.kind is FulfilmentKind.DELIVERY
        else:
            delivery = self.offer.default_kind() is FulfilmentKind.DELIVERY
            self._select_first_available()
        (self.delivery_kind if delivery else self.pickup_kind).setChecked(True)
        self.finish_setup()
        self._kind_changed()

    def quantity_value(self) -> int:
        """The quantity typed or stepped to; 0 when the field is empty or not a number."""
        text = self.quantity.text().strip()
        return int(text) if text.isdigit() else 0

    def set_quantity(self, value: int) -> None:
        self.quantity.setText(str(max(1, min(MAX_QUANTITY, value))))

    def _step(self, delta: int) -> None:
        self.set_quantity(self.quantity_value() + delta)

    def _select_store(self, code: str) -> None:
        for row in range(self.store_list.count()):
            if self.store_list.item(row).data(STORE_ROLE) == code:
                self.store_list.setCurrentRow(row)

    def _select_first_available(self) -> None:
        for row in range(self.store_list.count()):
            if self.store_list.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.store_list.setCurrentRow(row)
                return

    def retranslate(self) -> None:
        super().retranslate()
        language = self.register.language
        product = self.catalog.by_id(self.stock.product_id)
        self.title.setText(
            self.tr("Order {name} for the customer").format(name=self.stock.name_in(language))
        )
        price = format_money(product.unit_price_minor, language) if product is not None else "–"
        self.summary.setText(
            self.tr(
                "Not on the shelf here? The customer pays now ({price} each) and gets it "
                "from another store or at home."
            ).format(price=price)
        )
        set_label(self.pickup_kind, self.tr("Pick up at another store"))
        set_label(self.delivery_kind, self.tr("Deliver to an address"))
        self.store_list.setAccessibleName(self.tr("Stores"))
        now = self.clock.now()
        for row, other in enumerate(self.offer.stores):
            self.store_list.item(row).setText(self._store_text(other, now))
        self.quantity_label.setText(self.tr("Quantity"))
        self.name_label.setText(self.tr("Customer's name"))
        self.phone_label.setText(self.tr("Phone"))
        self.address_label.setText(self.tr("Delivery address"))
        set_label(self.name_edit, self.tr("Name and surname"), self.tr("Customer's name"))
        set_label(self.phone_edit, self.tr("e.g. 0532 123 45 67"), self.tr("Phone"))
        self.address_edit.setPlaceholderText(self.tr("Street, number, flat, district, city"))
        self.address_edit.setAccessibleName(self.tr("Delivery address"))
        set_label(self.quantity, "", self.tr("Quantity"))
        set_label(self.minus_button, "−", self.tr("One less"))
        set_label(self.plus_button, "+", self.tr("One more"))
        set_label(self.ok_button, self.tr("Add to sale (Enter)"), self.tr("Add to sale"))
        notes = []
        if self.locked:
            notes.append(self.tr("This sale already sends goods here; they go together."))
        notes.append(
            self.tr("Stock figures are {age}.").format(
                age=age_text(self.stock.synced_at, now, language, self.zone)
            )
        )
        if not self.fresh:
            notes.append(
                self.tr(
                    "Offline or old figures: the order is taken and queued, but availability "
                    "is not guaranteed until it syncs. The receipt says so."
                )
            )
        self.note.setText(" ".join(notes))
        self.note.setProperty("kind", "" if self.fresh else "warning")

    def _store_text(self, other: StoreOption, now: datetime) -> str:
        language = self.register.language
        available = format_milli(max(other.available_milli, 0), language)
        return self.tr("{code} {name}: {available} available ({age})").format(
            code=other.store_code,
            name=other.store_name,
            available=available,
            age=age_text(other.synced_at, now, language, self.zone),
        )

    def _kind_changed(self) -> None:
        delivery = self.delivery_kind.isChecked()
        self.store_list.setVisible(not delivery)
        self.address_edit.setVisible(delivery)
        self.address_label.setVisible(delivery)
        self.error.hide()

    def validate(self) -> bool:
        product = self.catalog.by_id(self.stock.product_id)
        if product is None:
            raise UserError(
                "stock.unknown_product",
                f"Unknown product {self.stock.product_id}",
                product=self.stock.product_id,
            )
        delivery = self.delivery_kind.isChecked()
        store_code = ""
        current = self.store_list.currentItem()
        if not delivery and current is not None:
            store_code = str(current.data(STORE_ROLE))
        order = self.offer.order(
            FulfilmentKind.DELIVERY if delivery else FulfilmentKind.PICKUP,
            customer_name=self.name_edit.text(),
            phone=self.phone_edit.text(),
            address=self.address_edit.toPlainText() if delivery else "",
            store_code=store_code,
        )
        quantity = self.quantity_value()
        if quantity <= 0:
            raise UserError("cart.quantity_not_positive", "The quantity must be more than zero")
        self.register.sale.add_remote(product, quantity, order)
        return True
