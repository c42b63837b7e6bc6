"""Fruit and vegetables without a barcode: a grid of big picture tiles; touching one weighs
the item on the scale and adds it to the basket."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.cart import CartLine
from pos_app.errors import UserError
from pos_app.ui.i18n import format_money, format_quantity
from pos_app.ui.kiosk.ports import Plu, Session
from pos_app.ui.kiosk.welcome import KioskScreen
from pos_app.ui.kiosk.widgets import kbutton, klabel, product_pixmap, rounded_clip, set_text
from pos_app.ui.widgets import clear_layout

_CENTER = Qt.AlignmentFlag.AlignCenter
PICTURE_PX = 150


class KioskProduceTile(QPushButton):
    """One item: its picture (or a placeholder with its initial), name and price."""

    def __init__(self, item: Plu, language: str, currency: str) -> None:
        super().__init__()
        self.item = item
        self.setObjectName(f"kiosk_plu_{item.product_id}")
        self.setProperty("k", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # As tall as its picture and texts need (two lines of a long name, larger text).
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        name = item.names.get(language) or item.name
        pixmap, self.has_picture = product_pixmap(item.image, name, PICTURE_PX)
        self.picture = klabel(f"kiosk_plu_picture_{item.product_id}", align=_CENTER)
        self.picture.setPixmap(rounded_clip(pixmap, 12))
        self.picture.setMinimumHeight(PICTURE_PX)
        self.name = klabel(f"kiosk_plu_name_{item.product_id}", align=_CENTER)
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        set_text(self.name, name)
        price = format_money(item.unit_price_minor, language, currency)
        self.price = klabel(f"kiosk_plu_price_{item.product_id}", "muted", align=_CENTER)
        per = self.tr("{price} per kg") if item.sold_by_weight else self.tr("{price} each")
        set_text(self.price, per.format(price=price))
        inner = QVBoxLayout(self)
        inner.setContentsMargins(6, 6, 6, 6)
        inner.setSpacing(4)
        for part in (self.picture, self.name, self.price):
            # The tile takes the touch, wherever on it the finger lands.
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
            inner.addWidget(part)
        self.setAccessibleName(f"{name}, {self.price.text()}")


class KioskProduce(KioskScreen):
    """The produce grid; ``added(line)`` after a weighing, ``report`` for a refusal."""

    back_clicked = Signal()
    added = Signal(object)

    def __init__(
        self,
        session: Session,
        report: Callable[[UserError], str],
        *,
        scale_present: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_produce")
        self.session = session
        self.report = report
        self.scale_present = scale_present
        self.columns = 4
        self.tiles: list[KioskProduceTile] = []
        self.title = klabel("kiosk_produce_title", "title")
        self.hint = klabel("kiosk_produce_hint")
        self.message = klabel("kiosk_produce_message", "error")
        self.message.hide()
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(16)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.scroller = QScrollArea()
        self.scroller.setObjectName("kiosk_produce_scroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroller.setWidget(self.grid_host)
        self.back = kbutton("kiosk_produce_back", on_click=self.back_clicked.emit)
        self.back.setMinimumHeight(88)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addWidget(self.scroller, 1)
        layout.addLayout(bottom)
        self.retranslate()

    def retranslate(self) -> None:
        set_text(self.title, self.tr("Fruit & veg"))
        if self.scale_present:
            set_text(self.hint, self.tr("Put the item on the scale, then touch its picture."))
        else:
            set_text(self.hint, self.tr("No scale here: ask a member of staff."))
        set_text(self.back, self.tr("Back to my basket"))
        if self.tiles:
            self.reload()

    def relayout(self, portrait: bool) -> None:
        columns = 3 if portrait else 5
        if columns != self.columns:
            self.columns = columns
            self._place()

    def reload(self) -> None:
        """The items again (the language orders and names them)."""
        self.message.hide()
        clear_layout(self.grid)
        currency = self.session.sale.cart.currency
        self.tiles = []
        for item in self.items():
            tile = KioskProduceTile(item, self.session.language, currency)
            tile.clicked.connect(lambda _c=False, t=tile: self.weigh(t.item))
            self.tiles.append(tile)
        self._place()

    def items(self) -> Sequence[Plu]:
        return self.session.plu_items()

    def _place(self) -> None:
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, index // self.columns, index % self.columns)
            tile.show()
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 1 if column < self.columns else 0)
        self.grid.setRowStretch(self.grid.rowCount(), 1)

    def weigh(self, item: Plu) -> CartLine | None:
        try:
            line = self.session.add_weighed(item.product_id)
        except UserError as error:
            set_text(self.message, self.report(error))
            self.message.show()
            return None
        self.message.hide()
        self.added.emit(line)
        return line

    def added_text(self, line: CartLine) -> str:
        language = self.session.language
        quantity = format_quantity(line.quantity, line.product.sold_by_weight, language)
        return self.tr("Added: {name}, {quantity}").format(
            name=line.product.name_in(language), quantity=quantity
        )
