"""The basket: the scanned lines with quantity and remove buttons, the total, what waits for
an attendant, fruit and vegetables, "Not on the shelf?" (endless aisle, also offered for an
item this store has none of), and "Pay by card" (held back while approvals wait)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.cart import CartLine
from pos_app.errors import UserError
from pos_app.ui.i18n import format_money
from pos_app.ui.kiosk.aisle import destination_text
from pos_app.ui.kiosk.basket_rows import LineRow
from pos_app.ui.kiosk.ports import Session
from pos_app.ui.kiosk.texts import approval_text
from pos_app.ui.kiosk.welcome import KioskScreen
from pos_app.ui.kiosk.widgets import kbutton, klabel, set_text

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


class KioskBasket(KioskScreen):
    """The customer's basket; ``report`` shows a refused action in words."""

    pay_clicked = Signal()
    produce_clicked = Signal()
    aisle_clicked = Signal()
    offer_clicked = Signal(str)  # the product id of the item offered

    def __init__(
        self,
        session: Session,
        report: Callable[[UserError], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_basket")
        self.session = session
        self.report = report
        self.rows: dict[str, LineRow] = {}

        self.heading = klabel("kiosk_basket_heading", "title")
        self.empty = klabel("kiosk_basket_empty", "muted", align=_CENTER)
        self.lines_host = QWidget()
        self.lines = QVBoxLayout(self.lines_host)
        self.lines.setContentsMargins(0, 0, 0, 0)
        self.lines.setSpacing(8)
        self.lines.addStretch(1)
        self.scroller = QScrollArea()
        self.scroller.setObjectName("kiosk_basket_scroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroller.setWidget(self.lines_host)
        left = QVBoxLayout()
        left.setSpacing(12)
        self.left = left  # the loyalty box joins it under the heading (shopper.py)
        left.addWidget(self.heading)
        left.addWidget(self.empty)
        left.addWidget(self.scroller, 1)

        self.panel = QFrame()
        self.panel.setProperty("k", "panel")
        side = QVBoxLayout(self.panel)
        side.setContentsMargins(20, 20, 20, 20)
        side.setSpacing(12)
        self.total_heading = klabel("kiosk_total_heading", "title")
        self.total = klabel("kiosk_total", "total", align=_RIGHT, wrap=False)
        self.message = klabel("kiosk_basket_message", "notice")
        self.message.hide()
        self.approvals = klabel("kiosk_approvals", "notice")
        self.approvals.hide()
        self.produce = kbutton("kiosk_produce", on_click=self.produce_clicked.emit)
        self.produce.setMinimumHeight(72)
        self.aisle = kbutton("kiosk_aisle_open", on_click=self.aisle_clicked.emit)
        self.aisle.setMinimumHeight(72)
        self.offered = ""  # the product id "Order it" is offered for
        self.offer = kbutton("kiosk_aisle_offer", "offer", on_click=self._offer)
        self.offer.hide()
        self.blocked = klabel("kiosk_pay_blocked", "muted", align=_CENTER)
        self.blocked.hide()
        self.pay = kbutton("kiosk_pay", "primary", on_click=self.pay_clicked.emit)
        side.addWidget(self.total_heading)
        side.addWidget(self.total)
        side.addWidget(self.message)
        side.addWidget(self.approvals)
        side.addWidget(self.offer)
        side.addStretch(1)
        side.addWidget(self.produce)
        side.addWidget(self.aisle)
        side.addWidget(self.blocked)
        side.addWidget(self.pay)

        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(24, 16, 24, 16)
        self.box.setSpacing(24)
        self.box.addLayout(left, 3)
        self.box.addWidget(self.panel, 2)
        # A message says what just happened; it goes after a while (or the next action).
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(8000)
        self._message_timer.timeout.connect(self.message.hide)
        self.retranslate()

    # -- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        set_text(self.heading, self.tr("Your basket"))
        set_text(self.empty, self.tr("Scan your items. They appear here."))
        set_text(self.total_heading, self.tr("Total"))
        set_text(self.produce, self.tr("Fruit & veg"))
        set_text(self.aisle, self.tr("Not on the shelf?"))
        set_text(self.pay, self.tr("Pay by card"))
        self.refresh()

    def relayout(self, portrait: bool) -> None:
        self.box.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def say(self, text: str) -> None:
        """Show what just happened (a removal waiting, a scale's answer)."""
        set_text(self.message, text)
        self.message.show()
        self._message_timer.start()

    def clear_message(self) -> None:
        self._message_timer.stop()
        self.message.clear()
        self.message.hide()
        self.hide_offer()

    def show_offer(self, product_id: str, name: str) -> None:
        """An item this store has none of was scanned: offer to order it."""
        self.offered = product_id
        short = name if len(name) <= 32 else name[:31] + "…"  # a button does not wrap
        text = self.tr("None of {name} on our shelves?\nOrder it for delivery or pickup.")
        set_text(self.offer, text.format(name=short), text.format(name=name))
        self.offer.show()

    def hide_offer(self) -> None:
        self.offered = ""
        self.offer.hide()

    def _offer(self) -> None:
        if self.offered:
            self.offer_clicked.emit(self.offered)

    # -- state -----------------------------------------------------------------------------

    def _money(self, minor: int) -> str:
        return format_money(minor, self.session.language, self.session.sale.cart.currency)

    def refresh(self) -> None:
        cart = self.session.sale.cart
        self._rebuild_lines(cart.lines)
        self.empty.setVisible(not cart.lines)
        set_text(self.total, self._money(cart.totals().total_minor))
        waiting = list(self.session.pending_approvals())
        if waiting:
            set_text(self.approvals, "\n".join(approval_text(a) for a in waiting))
        self.approvals.setVisible(bool(waiting))
        blockers = list(self.session.payment_blockers())
        self.pay.setEnabled(bool(cart.lines) and not blockers)
        if blockers:
            set_text(self.blocked, self.tr("You can pay once an attendant has checked."))
        self.blocked.setVisible(bool(blockers))

    def _rebuild_lines(self, lines: list[CartLine]) -> None:
        """Rows for ``lines`` in order: a new line gets a row, a line gone loses its row,
        the others are updated in place (``LineRow.show_line``)."""
        grew = False
        wanted = [line.line_id for line in lines]
        for line_id in [i for i in self.rows if i not in set(wanted)]:
            gone = self.rows.pop(line_id)
            self.lines.removeWidget(gone)
            gone.hide()
            gone.deleteLater()
        language = self.session.language
        for index, line in enumerate(lines):
            found = self.rows.get(line.line_id)
            if found is None:
                row = LineRow(line, self._step, self._remove)
                self.rows[line.line_id] = row
                self.lines.insertWidget(index, row)
                row.show()  # now, not on the next turn of the event loop
                # Measured in the kiosk style's fonts, not the application's: polished now,
                # before the layout first asks the buttons' sizes.
                for child in (row, *row.findChildren(QWidget)):
                    child.ensurePolished()
                grew = True
            else:
                row = found
                if self.lines.indexOf(row) != index:
                    self.lines.removeWidget(row)
                    self.lines.insertWidget(index, row)
            order = self.session.sale.cart.remote_order
            # Ordered, not in the customer's hands: where it goes.
            note = destination_text(order) if line.remote and order is not None else ""
            row.show_line(
                line, language, self._money, self.session.removal_pending(line.line_id), note
            )
        if grew:
            bar = self.scroller.verticalScrollBar()
            QTimer.singleShot(0, lambda: bar.setValue(bar.maximum()))

    # -- actions ---------------------------------------------------------------------------

    def _step(self, line_id: str, delta: int) -> None:
        """One more or one less of a piece line (its quantity now, not when drawn)."""
        line = next((x for x in self.session.sale.cart.lines if x.line_id == line_id), None)
        if line is not None:
            self._quantity(line_id, int(line.quantity) + delta)

    def _quantity(self, line_id: str, quantity: int) -> None:
        try:
            self.session.set_quantity(line_id, quantity)
        except UserError as error:
            self.report(error)
            return
        self.refresh()

    def _remove(self, line_id: str) -> None:
        try:
            removed = self.session.request_removal(line_id)
        except UserError as error:
            self.report(error)
            return
        if not removed:
            self.say(self.tr("An attendant will confirm the removal."))
        self.refresh()
