"""One basket line on the kiosk: its name, quantity and price, the − / + buttons of a piece
item and Remove (texts in the basket's translation context, ``KioskBasket``). A row is built
once per line and updated in place afterwards, so a scan costs one row's texts, not the
whole basket rebuilt."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QSizePolicy, QWidget

from pos_app.domain.cart import CartLine
from pos_app.ui.i18n import format_quantity
from pos_app.ui.kiosk.widgets import kbutton, klabel, set_text

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
MAX_PIECES = 99  # the kiosk's quantity buttons go from 1 to 99 (KioskSession.set_quantity)


class LineRow(QFrame):
    """The row of basket line ``line_id``; ``step(line_id, delta)`` and ``remove(line_id)``
    are the basket's actions."""

    def __init__(
        self,
        line: CartLine,
        step: Callable[[str, int], None],
        remove: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        line_id = line.line_id
        self.line_id = line_id
        self.setObjectName(f"kiosk_line_{line_id}")
        self.setProperty("k", "line")
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 8, 8, 8)
        grid.setHorizontalSpacing(12)
        self.name = klabel(f"kiosk_line_name_{line_id}")
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.detail = klabel(f"kiosk_line_detail_{line_id}", "muted")
        self.detail.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.total = klabel(f"kiosk_line_total_{line_id}", "title", align=_RIGHT, wrap=False)
        grid.addWidget(self.name, 0, 0)
        grid.addWidget(self.detail, 1, 0)
        grid.addWidget(self.total, 0, 1, 2, 1)
        column = 2
        self.less: QPushButton | None = None
        self.more: QPushButton | None = None
        # A line's kind never changes: weighed or price-embedded lines have no − / +.
        if not line.product.sold_by_weight and line.fixed_total_minor is None:
            self.less = kbutton(f"kiosk_line_less_{line_id}", on_click=lambda: step(line_id, -1))
            self.more = kbutton(f"kiosk_line_more_{line_id}", on_click=lambda: step(line_id, 1))
            for button in (self.less, self.more):
                button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
                grid.addWidget(button, 0, column, 2, 1)
                column += 1
        self.remove = kbutton(f"kiosk_line_remove_{line_id}", on_click=lambda: remove(line_id))
        self.remove.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        grid.addWidget(self.remove, 0, column, 2, 1)
        grid.setColumnStretch(0, 1)
        self._shown: tuple[object, ...] = ()

    def show_line(
        self,
        line: CartLine,
        language: str,
        money: Callable[[int], str],
        removal_pending: bool,
        note: str = "",
    ) -> None:
        """The line's current name, quantity, price, ``note`` (where an ordered line goes)
        and buttons (only what changed)."""
        state = (
            language,
            line.product.name_in(language),
            line.quantity,
            line.unit_price_minor,
            line.net_of_line_discount_minor,
            removal_pending,
            note,
        )
        if state == self._shown:
            return
        self._shown = state
        set_text(self.name, line.product.name_in(language))
        by_weight = line.product.sold_by_weight
        quantity = format_quantity(line.quantity, by_weight, language)
        unit = (
            QCoreApplication.translate("KioskBasket", "{quantity} × {price}/kg")
            if by_weight
            else QCoreApplication.translate("KioskBasket", "{quantity} × {price}")
        )
        text = unit.format(quantity=quantity, price=money(line.unit_price_minor))
        set_text(self.detail, f"{text} · {note}" if note else text)
        set_text(self.total, money(line.net_of_line_discount_minor))
        if self.less is not None and self.more is not None:
            pieces = int(line.quantity)
            set_text(self.less, "−", QCoreApplication.translate("KioskBasket", "One less"))
            self.less.setEnabled(pieces > 1)
            set_text(self.more, "+", QCoreApplication.translate("KioskBasket", "One more"))
            self.more.setEnabled(pieces < MAX_PIECES)
        if removal_pending:
            # Waiting for the attendant: pressing again would change nothing.
            set_text(self.remove, QCoreApplication.translate("KioskBasket", "Removal asked"))
            self.remove.setEnabled(False)
        else:
            set_text(
                self.remove,
                QCoreApplication.translate("KioskBasket", "Remove"),
                QCoreApplication.translate("KioskBasket", "Remove {name}").format(
                    name=self.name.text()
                ),
            )
            self.remove.setEnabled(True)
