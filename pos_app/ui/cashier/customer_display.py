"""The second screen the customer sees: the lines as they are scanned, the total, what was
handed over and what remains, then a thank-you with the change and the e-receipt QR code.

Every label shows data as plain text (a web customer's name is not HTML).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from pos_app.checkout.events import Change, Stage
from pos_app.checkout.payment import handed_over_minor
from pos_app.checkout.register import Register
from pos_app.ui.i18n import format_milli, format_money
from pos_app.ui.models import CartTableModel
from pos_app.ui.widgets import fit_columns

log = logging.getLogger(__name__)

QR_TARGET_PX = 260
SALE_PAGE, THANKS_PAGE, HANDOVER_PAGE = 0, 1, 2

# The theme has no rule for a table on the dark customer display yet; until pos.qss gets
# one (``QWidget#customer_display QTableView``), the lines carry their own.
_LINES_STYLE = """
QTableView#customer_display_lines {
    background: #1e293b; color: #f8fafc; border: none; border-radius: 8px;
    font-size: 26px; gridline-color: #334155;
}
QTableView#customer_display_lines::item { padding: 8px 12px; border-bottom: 1px solid #334155; }
"""
_ITEM_SIDES_PX = 2 * 12  # the item's padding left and right, in _LINES_STYLE


class _WrappedNames(QStyledItemDelegate):
    """Measures a name in the width it is painted in. Qt wraps the text of a row's size hint
    in the whole cell, but paints it inside the style sheet's padding: a name a little
    narrower than the cell got a one-line row and was then cut with "…"."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        narrowed = QStyleOptionViewItem(option)
        narrowed.rect.setWidth(max(1, option.rect.width() - _ITEM_SIDES_PX))
        return super().sizeHint(narrowed, index)


def qr_image(data: str, target_px: int = QR_TARGET_PX) -> QImage:
    """A QR code (with its four-module quiet zone) painted module by module, no PIL.

    The module size is a whole number of pixels so the code stays crisp for scanners.
    """
    import qrcode  # only after a sale; importing it costs ~0.1 s of start-up

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    modules = len(matrix)
    scale = max(1, target_px // modules)
    size = modules * scale
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        black = QColor("black")
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.fillRect(x * scale, y * scale, scale, scale, black)
    finally:
        painter.end()
    return image


def _label(kind: str = "", *, align: Qt.AlignmentFlag | None = None, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # also without the app's style sheet
    if kind:
        label.setProperty("kind", kind)
    label.setWordWrap(wrap)
    if align is not None:
        label.setAlignment(align)
    return label


_CENTER = Qt.AlignmentFlag.AlignCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class CustomerDisplay(QWidget):
    """A top-level window facing the customer; it follows the register's changes."""

    def __init__(self, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.register = register
        self.setObjectName("customer_display")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Shown beside (or over) the cashier's window, it must not take the keyboard from it:
        # without a window manager nothing would give it back.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self._receipt_url: str | None = None

        self.model = CartTableModel(register.sale.cart, register.language)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_sale_page())
        self.pages.addWidget(self._build_thanks_page())
        self.pages.addWidget(self._build_handover_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.pages)

        self.retranslate()
        register.subscribe(self.on_change)

    # -- building ----------------------------------------------------------------------------

    def _build_sale_page(self) -> QWidget:
        page = QWidget()
        self.welcome = _label("title", align=_CENTER)
        self.welcome_hint = _label(align=_CENTER)
        self.welcome_box = QWidget()
        welcome_layout = QVBoxLayout(self.welcome_box)
        welcome_layout.addStretch(1)
        welcome_layout.addWidget(self.welcome)
        welcome_layout.addWidget(self.welcome_hint)
        welcome_layout.addStretch(1)

        self.lines = QTableView()
        self.lines.setObjectName("customer_display_lines")
        self.lines.setStyleSheet(_LINES_STYLE)
        self.lines.setModel(self.model)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lines.setShowGrid(False)
        # A long name takes a second line rather than being cut (the numbers take only the
        # width they need, refitted as lines come: _fit_columns).
        self.lines.setWordWrap(True)
        self.lines.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._names_delegate = _WrappedNames(self.lines)
        self.lines.setItemDelegateForColumn(CartTableModel.ITEM, self._names_delegate)
        self.lines.setCornerButtonEnabled(False)
        self.lines.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for column in (CartTableModel.PRICE, CartTableModel.DISCOUNT):
            self.lines.setColumnHidden(column, True)
        header = self.lines.horizontalHeader()
        header.setObjectName("customer_display_lines_columns")
        header.setVisible(False)
        header.setSectionResizeMode(CartTableModel.ITEM, QHeaderView.ResizeMode.Stretch)
        # Rows fit their wrapped names; Qt does not measure them again when the names'
        # column gets wider or narrower (the window, the amounts), so this does.
        header.sectionResized.connect(self._item_column_resized)
        rows = self.lines.verticalHeader()
        rows.setObjectName("customer_display_lines_rows")
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for view in (header, rows):
            view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        corner = self.lines.findChild(QAbstractButton)
        if corner is not None:
            corner.setObjectName("customer_display_lines_corner")
            corner.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.model.rowsInserted.connect(lambda *_args: self.lines.scrollToBottom())

        self.total_heading = _label("subtitle", align=_LEFT)
        self.total_value = _label("total", align=_RIGHT, wrap=False)
        self.given_heading = _label(align=_LEFT)
        self.given_value = _label(align=_RIGHT, wrap=False)
        self.remaining_heading = _label(align=_LEFT)
        self.remaining_value = _label("title", align=_RIGHT, wrap=False)
        self.change_heading = _label(align=_LEFT)
        self.change_value = _label("title", align=_RIGHT, wrap=False)
        figures = QGridLayout()
        figures.setHorizontalSpacing(24)
        figures.setVerticalSpacing(4)
        pairs = (
            (self.total_heading, self.total_value),
            (self.given_heading, self.given_value),
            (self.remaining_heading, self.remaining_value),
            (self.change_heading, self.change_value),
        )
        for row, (heading, value) in enumerate(pairs):
            figures.addWidget(heading, row, 0)
            figures.addWidget(value, row, 1)
        figures.setColumnStretch(0, 1)
        self.figures = QFrame()
        self.figures.setLayout(figures)

        # Whose web order this sale pays for, or where ordered goods go (endless aisle).
        self.order_banner = _label("subtitle", align=_CENTER)
        self.order_banner.setObjectName("customer_display_order")

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(self.order_banner)
        layout.addWidget(self.welcome_box, 1)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.figures)
        return page

    def _build_thanks_page(self) -> QWidget:
        page = QWidget()
        self.thanks = _label("title", align=_CENTER)
        self.thanks_total_heading = _label("subtitle", align=_CENTER)
        self.thanks_total_value = _label("total", align=_CENTER, wrap=False)
        self.thanks_given_heading = _label(align=_CENTER)
        self.thanks_given_value = _label("title", align=_CENTER, wrap=False)
        self.thanks_change_heading = _label(align=_CENTER)
        self.thanks_change_value = _label("title", align=_CENTER, wrap=False)
        amounts = QVBoxLayout()
        amounts.setSpacing(8)
        amounts.addStretch(1)  # centred beside the taller QR code
        for widget in (
            self.thanks_total_heading,
            self.thanks_total_value,
            self.thanks_given_heading,
            self.thanks_given_value,
            self.thanks_change_heading,
            self.thanks_change_value,
        ):
            amounts.addWidget(widget)
        amounts.addStretch(1)

        self.qr_area = QWidget()
        self.qr_area.setObjectName("customer_display_qr_area")
        self.qr_image = QLabel()
        self.qr_image.setObjectName("customer_display_qr")
        self.qr_image.setTextFormat(Qt.TextFormat.PlainText)
        self.qr_image.setAlignment(_CENTER)
        self.qr_image.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.qr_caption = _label(align=_CENTER)
        qr_layout = QVBoxLayout(self.qr_area)
        qr_layout.setContentsMargins(0, 0, 0, 0)
        qr_layout.setSpacing(12)
        qr_layout.addStretch(1)
        qr_layout.addWidget(self.qr_image, 0, _CENTER)
        qr_layout.addWidget(self.qr_caption)
        qr_layout.addStretch(1)
        self.qr_area.setVisible(False)

        middle = QHBoxLayout()
        middle.setSpacing(32)
        middle.addLayout(amounts, 1)
        middle.addWidget(self.qr_area, 1)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(32)
        layout.addStretch(1)
        layout.addWidget(self.thanks)
        layout.addLayout(middle)
        layout.addStretch(1)
        return page

    def _build_handover_page(self) -> QWidget:
        """A web order being handed over at the pickup desk: its number and items."""
        page = QWidget()
        self.handover_title = _label("title", align=_CENTER)
        self.handover_title.setObjectName("customer_display_handover_title")
        self.handover_customer = _label("subtitle", align=_CENTER)
        self.handover_items = _label(align=_CENTER)
        self.handover_items.setObjectName("customer_display_handover_items")
        self.handover_items.setStyleSheet("font-size: 26px;")
        self.handover_payment = _label("title", align=_CENTER)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(20)
        layout.addStretch(1)
        for widget in (
            self.handover_title,
            self.handover_customer,
            self.handover_items,
            self.handover_payment,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        return page

    # -- texts and state ---------------------------------------------------------------------

    def _money(self, minor: int) -> str:
        return format_money(minor, self.register.language, self.register.sale.cart.currency)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Customer display"))
        self.welcome.setText(self.tr("Welcome!"))
        self.welcome_hint.setText(self.tr("Your items will appear here as they are scanned."))
        self.lines.setAccessibleName(self.tr("Items in your purchase"))
        self.lines.verticalHeader().setDefaultSectionSize(self.lines.fontMetrics().height() + 16)
        self.lines.horizontalHeader().setAccessibleName(self.tr("Columns"))
        self.lines.verticalHeader().setAccessibleName(self.tr("Lines"))
        corner = self.lines.findChild(QAbstractButton)
        if corner is not None:
            corner.setAccessibleName(self.tr("Items in your purchase"))
        self.total_heading.setText(self.tr("Total"))
        # What the customer handed over (the 200 note, not the 187.50 the sale kept).
        self.given_heading.setText(self.tr("Given"))
        self.remaining_heading.setText(self.tr("Still to pay"))
        self.change_heading.setText(self.tr("Your change"))
        self.thanks.setText(self.tr("Thank you!"))
        self.thanks_given_heading.setText(self.tr("Given"))
        self.thanks_change_heading.setText(self.tr("Your change"))
        self.qr_caption.setText(self.tr("Scan for your e-receipt"))
        self.qr_image.setAccessibleName(self.tr("QR code of your e-receipt"))
        self.refresh()

    def on_change(self, change: Change) -> None:
        """The register's listener: follow the cart, payment and stage."""
        if not isValid(self):  # the window is gone; the register outlives it
            return
        if change is Change.STAGE:
            # A QR belongs to the sale that just ended: the customer takes the receipt on
            # their phone instead of giving an e-mail address.
            done = self.register.stage is Stage.DONE
            self.show_receipt_qr(self.register.payment.receipt_url() if done else None)
        self.refresh()

    def refresh(self) -> None:
        register = self.register
        if register.stage is Stage.DONE and register.sale.last_result is not None:
            self._show_thanks()
            self.pages.setCurrentIndex(THANKS_PAGE)
            return
        if register.pickup.handover is not None and register.sale.cart.is_empty:
            self._show_handover()
            self.pages.setCurrentIndex(HANDOVER_PAGE)
            return
        self.pages.setCurrentIndex(SALE_PAGE)
        cart = register.sale.cart
        banner = self._order_banner()
        self.order_banner.setText(banner)
        self.order_banner.setVisible(bool(banner))
        self.model.refresh(cart, register.language)
        self._fit_columns()
        empty = cart.is_empty
        self.welcome_box.setVisible(empty)
        self.lines.setVisible(not empty)
        self.figures.setVisible(not empty)
        self.total_value.setText(self._money(cart.totals().total_minor))
        payment = register.sale.payment if register.stage is Stage.PAYING else None
        paying = payment is not None
        given = handed_over_minor(payment) if payment is not None else 0
        for widget in (self.given_heading, self.given_value):
            widget.setVisible(paying and given > 0)
        remaining = payment.remaining_minor if payment is not None else 0
        change = payment.change_minor if payment is not None else 0
        for widget in (self.remaining_heading, self.remaining_value):
            widget.setVisible(paying and remaining > 0)
        for widget in (self.change_heading, self.change_value):
            widget.setVisible(paying and change > 0)
        if payment is not None:
            self.total_value.setText(self._money(payment.due_minor + payment.rounding_minor))
            self.given_value.setText(self._money(given))
            self.remaining_value.setText(self._money(remaining))
            self.change_value.setText(self._money(change))

    def _fit_columns(self) -> None:
        """Quantity and amount as wide as what they show now (a till's widest possible amount
        would take the names' room on a small display); the name takes the rest."""
        widest = self.model.widest_figures()
        shown = (CartTableModel.QUANTITY, CartTableModel.AMOUNT)
        samples = {column: widest[column] for column in shown}
        # The item padding (12 px a side) and the style's text margin (4 px a side), and room.
        fit_columns(self.lines, samples, padding=36)

    def _item_column_resized(self, column: int, _old: int, _new: int) -> None:
        if column == CartTableModel.ITEM:
            self.lines.resizeRowsToContents()

    def _order_banner(self) -> str:
        cart = self.register.sale.cart
        if cart.pickup_payment is not None:
            return self.tr("Your web order {number}").format(number=cart.pickup_payment.number)
        order = cart.remote_order
        if order is None or not cart.remote_lines:
            return ""
        if order.kind.value == "delivery":
            return self.tr("Ordered items are delivered to your address.")
        return self.tr("Ordered items: pick them up at {store}.").format(
            store=f"{order.store_code} {order.store_name}".strip()
        )

    def _show_handover(self) -> None:
        order = self.register.pickup.handover
        if order is None:
            return
        language = self.register.language
        self.handover_title.setText(self.tr("Your order {number}").format(number=order.number))
        self.handover_customer.setText(order.customer_name)
        self.handover_items.setText(
            "\n".join(
                f"{format_milli(line.qty_milli, language)} × {line.name}" for line in order.lines
            )
        )
        total = format_money(order.total_minor, language, order.currency)
        self.handover_payment.setText(
            self.tr("Paid online: {total}").format(total=total)
            if order.paid
            else self.tr("To pay: {total}").format(total=total)
        )

    def _show_thanks(self) -> None:
        result = self.register.sale.last_result
        if result is None:
            return
        total = result.sale.total_minor
        if total < 0:
            self.thanks_total_heading.setText(self.tr("Refund"))
        else:
            self.thanks_total_heading.setText(self.tr("Total"))
        self.thanks_total_value.setText(self._money(abs(total)))
        # What was handed over, when it differs from the total (cash with change).
        has_given = total >= 0 and result.given_minor > 0 and result.given_minor != total
        self.thanks_given_heading.setVisible(has_given)
        self.thanks_given_value.setVisible(has_given)
        self.thanks_given_value.setText(self._money(result.given_minor))
        has_change = result.change_minor > 0
        self.thanks_change_heading.setVisible(has_change)
        self.thanks_change_value.setVisible(has_change)
        self.thanks_change_value.setText(self._money(result.change_minor))

    def show_receipt_qr(self, url: str | None) -> None:
        """Show the e-receipt's QR code on the thank-you page; ``None`` hides it."""
        self._receipt_url = url
        if url is None:
            self.qr_image.clear()
            self.qr_area.setVisible(False)
            return
        pixmap = QPixmap.fromImage(qr_image(url))
        self.qr_image.setPixmap(pixmap)
        self.qr_image.setFixedSize(pixmap.size())
        self.qr_area.setVisible(True)

    @property
    def receipt_url(self) -> str | None:
        return self._receipt_url

    # -- the window --------------------------------------------------------------------------

    def place_on_screen(self) -> None:
        """Full screen on the second monitor when there is one, else (configured so on one
        screen) an 800x600 window in the bottom right corner, off the header and staff tiles."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            target = screens[1]
            self.setScreen(target)
            self.setGeometry(target.geometry())
            self.showFullScreen()
            log.info("Customer display on screen %s", target.name())
        else:
            self.resize(800, 600)
            self.show()
            if screens:  # once shown, the frame's size is known
                room = screens[0].availableGeometry()
                frame = self.frameGeometry()
                self.move(room.right() + 1 - frame.width(), room.bottom() + 1 - frame.height())
            log.info("One screen only: the customer display is a window")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
