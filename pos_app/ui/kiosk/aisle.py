"""Endless aisle at the kiosk, in the customer's words: "Not on the shelf?" -> the item (its
shelf label scanned, or the last item scanned) -> where it can come from (another store
that has it, or delivery) and how many -> name, phone (and address) typed on the on-screen
keyboard -> the ordered line in the basket, paid by card with the rest.

The rules are the core's (``checkout.kiosk.aisle.KioskAisle``); this screen only asks. The
idle wipe calls ``clear``: nothing the customer typed stays.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.checkout.aisle import StoreOption
from pos_app.checkout.kiosk.aisle import AisleItem
from pos_app.domain.cart import CartLine
from pos_app.domain.fulfilment import FulfilmentKind, RemoteOrder
from pos_app.errors import UserError
from pos_app.ui.i18n import format_money
from pos_app.ui.kiosk.keyboard import KioskField, KioskKeyboard
from pos_app.ui.kiosk.ports import Aisle, Session
from pos_app.ui.kiosk.welcome import KioskScreen
from pos_app.ui.kiosk.widgets import kbutton, klabel, set_text
from pos_app.ui.widgets import clear_layout

_CENTER = Qt.AlignmentFlag.AlignCenter
MAX_STORES = 4  # the stores offered: those with most of the item
MAX_PIECES = 99
DELIVERY = FulfilmentKind.DELIVERY.value
PICKUP = FulfilmentKind.PICKUP.value
# Which field a refusal is about: the keyboard goes back to it.
FIELD_OF = {
    "aisle.customer_required": "name",
    "aisle.name_too_long": "name",
    "aisle.phone_required": "phone",
    "aisle.address_required": "address",
    "aisle.address_too_long": "address",
}


def store_place(code: str, name: str) -> str:
    return f"{name} ({code})" if name and name != code else code


def place_text(kind: str, store: str, days: tuple[int, int] = (2, 3)) -> str:
    """Where ordered goods go (``store``: the pickup store's name), as the customer reads it."""
    if kind == DELIVERY:
        return QCoreApplication.translate(
            "KioskAisle", "Delivered to your address in {low}-{high} days"
        ).format(low=days[0], high=days[1])
    return QCoreApplication.translate("KioskAisle", "To pick up at {store}").format(store=store)


def destination_text(order: RemoteOrder, days: tuple[int, int] = (2, 3)) -> str:
    return place_text(order.kind.value, store_place(order.store_code, order.store_name), days)


class KioskAisleScreen(KioskScreen):
    """The three steps; ``left`` when the customer goes back, ``added(line)`` once ordered."""

    left = Signal()
    added = Signal(object)

    def __init__(
        self,
        aisle: Aisle,
        session: Session,
        describe: Callable[[UserError], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_aisle")
        self.aisle = aisle
        self.session = session
        self.describe = describe
        self.item: AisleItem | None = None
        self.last: AisleItem | None = None
        self.kind = ""  # delivery | pickup; "" with the basket's other ordered goods
        self.store_code = ""
        self.quantity = 1
        self.steps = QStackedWidget()
        self.steps.addWidget(self._choose_page())
        self.steps.addWidget(self._where_page())
        self.steps.addWidget(self._details_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.steps)
        self.retranslate()
        self.clear()

    # -- building --------------------------------------------------------------------------

    def _choose_page(self) -> QWidget:
        self.choose_page = QWidget()
        self.choose_title = klabel("kiosk_aisle_choose_title", "hero", align=_CENTER)
        self.choose_hint = klabel("kiosk_aisle_choose_hint", "title", align=_CENTER)
        self.choose_error = klabel("kiosk_aisle_choose_error", "error")
        self.last_button = kbutton("kiosk_aisle_last", on_click=self._take_last)
        self.last_button.setMinimumHeight(110)
        self.choose_back = kbutton("kiosk_aisle_choose_back", on_click=self.leave)
        self.choose_back.setMinimumHeight(88)
        box = QVBoxLayout(self.choose_page)
        box.setSpacing(28)
        box.addStretch(1)
        for widget in (self.choose_title, self.choose_hint, self.choose_error, self.last_button):
            box.addWidget(widget)
        box.addStretch(1)
        box.addWidget(self.choose_back)
        return self.choose_page

    def _where_page(self) -> QWidget:
        self.where_page = QWidget()
        self.item_name = klabel("kiosk_aisle_item", "title")
        self.item_price = klabel("kiosk_aisle_price", "muted")
        self.quantity_label = klabel("kiosk_aisle_quantity_label")
        self.less = kbutton("kiosk_aisle_less", on_click=lambda: self._step(-1))
        self.count = klabel("kiosk_aisle_quantity", "title", align=_CENTER, wrap=False)
        self.count.setMinimumWidth(96)
        self.more = kbutton("kiosk_aisle_more", on_click=lambda: self._step(1))
        quantity = QHBoxLayout()
        quantity.setSpacing(16)
        quantity.addWidget(self.quantity_label)
        for widget in (self.less, self.count, self.more):
            widget.setFixedWidth(120 if widget is not self.count else 96)
            quantity.addWidget(widget)
        quantity.addStretch(1)
        self.where_question = klabel("kiosk_aisle_where", "title")
        self.where_note = klabel("kiosk_aisle_note", "notice")
        self.where_error = klabel("kiosk_aisle_where_error", "error")
        self.options_host = QWidget()
        self.options = QGridLayout(self.options_host)
        self.options.setContentsMargins(0, 0, 0, 0)
        self.options.setSpacing(16)
        self.columns = 2
        self.choices: list[QPushButton] = []
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroller.setWidget(self.options_host)
        self.where_back = kbutton("kiosk_aisle_where_back", on_click=self._back_to_choose)
        self.where_back.setMinimumHeight(88)
        box = QVBoxLayout(self.where_page)
        box.setSpacing(16)
        for widget in (self.item_name, self.item_price):
            box.addWidget(widget)
        box.addLayout(quantity)
        for widget in (self.where_question, self.where_note, self.where_error):
            box.addWidget(widget)
        box.addWidget(scroller, 1)
        box.addWidget(self.where_back)
        return self.where_page

    def _details_page(self) -> QWidget:
        self.details_page = QWidget()
        self.details_title = klabel("kiosk_aisle_details_title", "title")
        self.details_where = klabel("kiosk_aisle_details_where")
        self.fields: dict[str, KioskField] = {
            "name": KioskField("kiosk_aisle_name", 200),
            "phone": KioskField("kiosk_aisle_phone", 32),
            "address": KioskField("kiosk_aisle_address", 500),
        }
        self.fields["phone"].phone = True
        self.field_labels: dict[str, QLabel] = {}
        form = QVBoxLayout()
        form.setSpacing(8)
        form.addWidget(self.details_title)
        form.addWidget(self.details_where)
        for key, field in self.fields.items():
            label = klabel(f"kiosk_aisle_{key}_label", "muted")
            self.field_labels[key] = label
            field.touched.connect(lambda k=key: self._edit(k))
            form.addWidget(label)
            form.addWidget(field)
        self.privacy = klabel("kiosk_aisle_privacy", "muted")
        self.details_error = klabel("kiosk_aisle_details_error", "error")
        form.addWidget(self.privacy)
        form.addWidget(self.details_error)
        form.addStretch(1)
        self.details_back = kbutton("kiosk_aisle_details_back", on_click=self._back_to_where)
        self.confirm = kbutton("kiosk_aisle_add", "primary", on_click=self.submit)
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        buttons.addWidget(self.details_back, 1)
        buttons.addWidget(self.confirm, 2)
        form.addLayout(buttons)
        self.keyboard = KioskKeyboard()
        self.details_box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.details_page)
        self.details_box.setContentsMargins(0, 0, 0, 0)
        self.details_box.setSpacing(24)
        self.details_box.addLayout(form, 2)
        self.details_box.addWidget(self.keyboard, 3)
        return self.details_page

    # -- texts and layout ------------------------------------------------------------------

    def retranslate(self) -> None:
        set_text(self.choose_title, QCoreApplication.translate("KioskAisle", "Not on the shelf?"))
        set_text(
            self.choose_hint,
            QCoreApplication.translate(
                "KioskAisle",
                "We can order it for you: delivered to your address, or ready at another of "
                "our stores. Scan the item's shelf label.",
            ),
        )
        set_text(
            self.choose_back,
            QCoreApplication.translate("KioskAisle", "Back"),
            QCoreApplication.translate("KioskAisle", "Back, order nothing"),
        )
        set_text(self.quantity_label, QCoreApplication.translate("KioskAisle", "How many?"))
        set_text(self.less, "−", QCoreApplication.translate("KioskAisle", "One less"))
        set_text(self.more, "+", QCoreApplication.translate("KioskAisle", "One more"))
        set_text(
            self.where_question, QCoreApplication.translate("KioskAisle", "Where should it go?")
        )
        set_text(
            self.where_back,
            QCoreApplication.translate("KioskAisle", "Back"),
            QCoreApplication.translate("KioskAisle", "Back, choose another item"),
        )
        set_text(self.details_title, QCoreApplication.translate("KioskAisle", "Your details"))
        set_text(
            self.field_labels["name"], QCoreApplication.translate("KioskAisle", "Name and surname")
        )
        set_text(
            self.field_labels["phone"],
            QCoreApplication.translate("KioskAisle", "Mobile number (we text you about the order)"),
        )
        set_text(
            self.field_labels["address"],
            QCoreApplication.translate(
                "KioskAisle", "Delivery address: street, number, flat, city"
            ),
        )
        for key, field in self.fields.items():
            field.setAccessibleName(self.field_labels[key].text())
        set_text(
            self.privacy,
            QCoreApplication.translate("KioskAisle", "Your details are used for this order only."),
        )
        set_text(
            self.details_back,
            QCoreApplication.translate("KioskAisle", "Back"),
            QCoreApplication.translate("KioskAisle", "Back, choose where it goes"),
        )
        set_text(self.confirm, QCoreApplication.translate("KioskAisle", "Add to my basket"))
        self.keyboard.retranslate()
        self._show_last()
        if self.item is not None:
            self._fill_where()
            self._fill_details()

    def relayout(self, portrait: bool) -> None:
        self.details_box.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.columns = 1 if portrait else 2
        self._place_options()

    def _place_options(self) -> None:
        for choice in self.choices:
            self.options.removeWidget(choice)
        for row in range(self.options.rowCount()):
            self.options.setRowStretch(row, 0)
        for index, choice in enumerate(self.choices):
            self.options.addWidget(choice, index // self.columns, index % self.columns)
            choice.show()  # now, not on the next turn of the event loop
        for column in range(2):
            self.options.setColumnStretch(column, 1 if column < self.columns else 0)
        rows = (len(self.choices) + self.columns - 1) // self.columns
        self.options.setRowStretch(rows, 1)

    # -- the steps -------------------------------------------------------------------------

    def start(self, item: AisleItem | None = None) -> None:
        """A fresh order: of ``item``, or the choice of an item first."""
        self.clear()
        try:
            self.last = self.aisle.last_scanned()
        except UserError:
            self.last = None
        self._show_last()
        if item is not None:
            self._chosen(item)

    def wants_scan(self) -> bool:
        """At the first step a scan chooses the item (and adds nothing to the basket)."""
        return self.steps.currentWidget() is self.choose_page

    def take_scan(self, code: str) -> None:
        try:
            item = self.aisle.choose(code)
        except UserError as error:
            set_text(self.choose_error, self._words(error))
            self.choose_error.show()
            return
        self._chosen(item)

    def clear(self) -> None:
        """Forget the order and everything typed (the idle wipe, a new customer)."""
        self.item = self.last = None
        self.kind, self.store_code, self.quantity = "", "", 1
        for field in self.fields.values():
            field.clear()
        self.keyboard.set_target(None)
        self._clear_options()
        for label in (self.item_name, self.item_price, self.details_where):
            label.clear()
        for label in (self.choose_error, self.where_error, self.details_error):
            label.clear()
            label.hide()
        self.last_button.hide()
        self.steps.setCurrentWidget(self.choose_page)

    def leave(self) -> None:
        self.clear()
        self.left.emit()

    def _show_last(self) -> None:
        last = self.last
        if last is not None:
            name = last.name_in(self.session.language)
            set_text(
                self.last_button,
                QCoreApplication.translate(
                    "KioskAisle", "Order {name}, the item I scanned last"
                ).format(name=name),
            )
        self.last_button.setVisible(last is not None)

    def _take_last(self) -> None:
        if self.last is not None:
            self._chosen(self.last)

    def _back_to_choose(self) -> None:
        self.start()

    def _back_to_where(self) -> None:
        self.details_error.hide()
        self.keyboard.set_target(None)
        self.steps.setCurrentWidget(self.where_page)

    def _chosen(self, item: AisleItem) -> None:
        self.item = item
        self.quantity = 1
        self.choose_error.hide()
        self.where_error.hide()
        self._fill_where()
        self.steps.setCurrentWidget(self.where_page)

    def _step(self, delta: int) -> None:
        self.quantity = max(1, min(MAX_PIECES, self.quantity + delta))
        self._show_quantity()

    def _show_quantity(self) -> None:
        set_text(
            self.count,
            str(self.quantity),
            QCoreApplication.translate("KioskAisle", "Quantity: {n}").format(n=self.quantity),
        )
        self.less.setEnabled(self.quantity > 1)
        self.more.setEnabled(self.quantity < MAX_PIECES)

    def _fill_where(self) -> None:
        item = self.item
        if item is None:
            return
        language = self.session.language
        set_text(self.item_name, item.name_in(language))
        price = format_money(item.unit_price_minor, language, self.session.sale.cart.currency)
        set_text(
            self.item_price,
            QCoreApplication.translate("KioskAisle", "{price} each").format(price=price),
        )
        self._show_quantity()
        self._clear_options()
        notes = []
        if item.current is not None:
            notes.append(
                QCoreApplication.translate(
                    "KioskAisle", "Your basket already has goods ordered: this item goes with them."
                )
            )
            where = destination_text(item.current, item.delivery_days)
            self._option(
                "kiosk_aisle_with_order",
                QCoreApplication.translate("KioskAisle", "Add it to that order"),
                where,
                "",
                "",
            )
        else:
            for store in item.stores[:MAX_STORES]:
                self._option(
                    f"kiosk_aisle_store_{store.store_code}",
                    QCoreApplication.translate("KioskAisle", "Pick up at {store}").format(
                        store=store_place(store.store_code, store.store_name)
                    ),
                    self._availability(store),
                    PICKUP,
                    store.store_code,
                )
            low, high = item.delivery_days
            self._option(
                "kiosk_aisle_delivery",
                QCoreApplication.translate("KioskAisle", "Deliver to my address"),
                QCoreApplication.translate("KioskAisle", "Delivery in {low}-{high} days").format(
                    low=low, high=high
                ),
                DELIVERY,
                "",
            )
        if not item.fresh:
            notes.append(
                QCoreApplication.translate(
                    "KioskAisle",
                    "Our stock figures may be out of date: we confirm availability by text.",
                )
            )
        set_text(self.where_note, " ".join(notes))
        self.where_note.setVisible(bool(notes))
        self._place_options()

    def _clear_options(self) -> None:
        clear_layout(self.options)
        self.choices = []

    def _availability(self, store: StoreOption) -> str:
        if store.available_milli <= 0:
            return QCoreApplication.translate("KioskAisle", "Availability to be confirmed")
        return QCoreApplication.translate("KioskAisle", "{count} in stock").format(
            count=store.available_milli // 1000
        )

    def _option(self, name: str, title: str, detail: str, kind: str, store_code: str) -> None:
        choice = kbutton(name, "option")
        set_text(choice, f"{title}\n{detail}", f"{title}. {detail}")
        choice.setMinimumHeight(120)
        choice.clicked.connect(lambda _c=False: self._choose_option(kind, store_code))
        self.choices.append(choice)

    def _choose_option(self, kind: str, store_code: str) -> None:
        self.kind, self.store_code = kind, store_code
        if not kind:  # with the basket's other ordered goods: nothing more to ask
            self.submit()
            return
        self.details_error.hide()
        self._fill_details()
        self.steps.setCurrentWidget(self.details_page)
        self._edit("name")

    def _fill_details(self) -> None:
        item = self.item
        if item is None or not self.kind:
            return
        delivery = self.kind == DELIVERY
        name = next((s.store_name for s in item.stores if s.store_code == self.store_code), "")
        summary = QCoreApplication.translate("KioskAisle", "{quantity} × {name}: {where}").format(
            quantity=self.quantity,
            name=item.name_in(self.session.language),
            where=place_text(self.kind, store_place(self.store_code, name), item.delivery_days),
        )
        set_text(self.details_where, summary)
        self.fields["address"].setVisible(delivery)
        self.field_labels["address"].setVisible(delivery)

    def _edit(self, key: str) -> None:
        field = self.fields[key]
        self.keyboard.set_target(field, auto_caps=key == "name")

    # -- ordering --------------------------------------------------------------------------

    def submit(self) -> CartLine | None:
        """Add the ordered line to the basket; a refusal is said on the step it concerns."""
        item = self.item
        if item is None:
            return None
        try:
            line = self.aisle.add(
                item,
                self.quantity,
                self.kind or None,
                customer_name=self.fields["name"].text(),
                phone=self.fields["phone"].text(),
                address=self.fields["address"].text() if self.kind == DELIVERY else "",
                store_code=self.store_code,
            )
        except UserError as error:
            self._refused(error)
            return None
        self.clear()
        self.added.emit(line)
        return line

    def _refused(self, error: UserError) -> None:
        text = self._words(error)
        if self.steps.currentWidget() is self.details_page:
            set_text(self.details_error, text)
            self.details_error.show()
            key = FIELD_OF.get(error.code)
            if key is not None:
                self._edit(key)
        else:
            set_text(self.where_error, text)
            self.where_error.show()

    def _words(self, error: UserError) -> str:
        return self.describe(error)  # the kiosk's words (texts.kiosk_error)

    def added_text(self, line: CartLine) -> str:
        """What the basket says once the line is in."""
        order = self.session.sale.cart.remote_order
        where = destination_text(order) if order is not None else ""
        return QCoreApplication.translate(
            "KioskAisle", "Ordered: {quantity} × {name}. {where}. You pay for it with your basket."
        ).format(
            quantity=int(line.quantity),
            name=line.product.name_in(self.session.language),
            where=where,
        )
