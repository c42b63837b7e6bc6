"""After payment or refund: the change (or refund) in large type, the receipt number,
any store-credit voucher, and the drawer's state. The next scan starts the next sale."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pos_app.devices.drawer import DrawerState
from pos_app.services.register import Register
from pos_app.ui.i18n import format_money
from pos_app.ui.widgets import Screen, button, set_label


class ResultScreen(Screen):
    def __init__(self, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.setObjectName("result_screen")
        root = QVBoxLayout(self)
        root.setContentsMargins(40, 30, 40, 30)
        root.setSpacing(16)
        self.title = QLabel()
        self.title.setProperty("kind", "title")
        self.amount_caption = QLabel()
        self.amount_caption.setProperty("kind", "subtitle")
        self.amount = QLabel()
        self.amount.setProperty("kind", "change")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setProperty("kind", "subtitle")
        self.voucher = QLabel()
        self.voucher.setProperty("kind", "ok")
        self.voucher.setWordWrap(True)
        self.drawer = QLabel()
        self.drawer.setProperty("kind", "message")
        self.drawer.setWordWrap(True)
        for label in (self.title, self.amount_caption, self.amount, self.details):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            root.addWidget(label)
        root.addWidget(self.voucher)
        root.addWidget(self.drawer)
        root.addStretch(1)
        self.next_button = button("result_next", kind="primary", on_click=register.next_sale)
        root.addWidget(self.next_button)
        for keys in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(register.next_sale)
        self.retranslate()

    def retranslate(self) -> None:
        set_label(self.next_button, self.tr("Next sale (Enter)"), self.tr("Next sale"))
        self.refresh()

    def activate(self) -> None:
        self.refresh()
        self.next_button.setFocus()

    def refresh(self) -> None:
        result = self.register.last_result
        if result is None:
            return
        language = self.register.language
        sale = result.sale
        if sale.kind == "return":
            self.title.setText(self.tr("Refund done"))
            self.amount_caption.setText(self.tr("Refund"))
            self.amount.setText(format_money(-sale.total_minor, language))
        else:
            self.title.setText(self.tr("Sale complete"))
            self.amount_caption.setText(self.tr("Change"))
            self.amount.setText(format_money(result.change_minor, language))
        lines = [self.tr("Receipt {number}").format(number=sale.receipt_no)]
        if sale.kind != "return":
            lines.append(
                self.tr("Total {amount}").format(amount=format_money(sale.total_minor, language))
            )
        if result.refund is not None and result.refund is not sale:
            lines.append(
                self.tr("Returned goods: receipt {number}").format(number=result.refund.receipt_no)
            )
        self.details.setText("\n".join(lines))
        voucher = (result.refund or sale).store_credit_voucher
        self.voucher.setVisible(bool(voucher))
        if voucher:
            self.voucher.setText(
                self.tr("Store credit voucher {code}: give the customer the printed slip.").format(
                    code=voucher
                )
            )
        outcome = result.drawer
        if outcome is None:
            self.drawer.hide()
        else:
            self.drawer.show()
            self.drawer.setProperty(
                "kind", "ok" if outcome.state is DrawerState.OPENED else "message"
            )
            self.drawer.style().unpolish(self.drawer)
            self.drawer.style().polish(self.drawer)
            self.drawer.setText(
                {
                    DrawerState.OPENED: self.tr("The drawer is open."),
                    DrawerState.NOT_CONFIGURED: self.tr(
                        "No printer configured, so no drawer to open: use the key."
                    ),
                    DrawerState.FAILED: self.tr("The drawer did not open: {detail}").format(
                        detail=outcome.detail
                    ),
                }[outcome.state]
            )
