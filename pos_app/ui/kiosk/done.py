"""Paid: thank you, the e-receipt as a big QR code, paper on request, the points the receipt
shows (earned, spent, balance) for a customer who scanned their loyalty QR; back to the
welcome screen after a while or on "Done"."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from pos_app.ui.cashier.customer_display import qr_image
from pos_app.ui.i18n import locale_for
from pos_app.ui.kiosk.welcome import KioskScreen
from pos_app.ui.kiosk.widgets import kbutton, klabel, set_text

_CENTER = Qt.AlignmentFlag.AlignCenter
QR_PX = 420  # big enough to scan from a phone held at arm's length
DONE_AFTER_MS = 20_000


class KioskDone(KioskScreen):
    done_clicked = Signal()
    print_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_done")
        self.url: str | None = None
        self.paid_amount = ""  # the total paid, as money text
        # Earned, spent, the balance to spend and the points still vesting.
        self.points_figures: tuple[int, int, int, int] | None = None
        self.points_language = "tr"
        self.thanks = klabel("kiosk_done_thanks", "hero", align=_CENTER)
        self.paid = klabel("kiosk_done_paid", "title", align=_CENTER)
        self.qr = klabel("kiosk_done_qr", align=_CENTER, wrap=False)
        self.qr.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.qr_caption = klabel("kiosk_done_qr_caption", "title", align=_CENTER)
        self.points = klabel("kiosk_done_points", "title", align=_CENTER)
        self.points.hide()
        self.printed = klabel("kiosk_done_printed", "notice", align=_CENTER)
        self.printed.hide()
        self.print = kbutton("kiosk_done_print", on_click=self.print_clicked.emit)
        self.print.setMinimumHeight(96)
        self.done = kbutton("kiosk_done_done", "primary", on_click=self.done_clicked.emit)

        texts = QVBoxLayout()
        texts.setSpacing(24)
        texts.addStretch(1)
        texts.addWidget(self.thanks)
        texts.addWidget(self.paid)
        texts.addWidget(self.points)
        texts.addWidget(self.printed)
        texts.addWidget(self.print)
        texts.addWidget(self.done)
        texts.addStretch(1)
        code = QVBoxLayout()
        code.setSpacing(16)
        code.addStretch(1)
        code.addWidget(self.qr, 0, _CENTER)
        code.addWidget(self.qr_caption)
        code.addStretch(1)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(48, 24, 48, 32)
        self.box.setSpacing(48)
        self.box.addLayout(code, 1)
        self.box.addLayout(texts, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DONE_AFTER_MS)
        self.timer.timeout.connect(self.done_clicked.emit)
        self.retranslate()

    def retranslate(self) -> None:
        set_text(self.thanks, self.tr("Thank you!"))
        set_text(self.qr_caption, self.tr("Scan to get your receipt"))
        self.qr.setAccessibleName(self.tr("QR code of your e-receipt"))
        set_text(self.print, self.tr("Print a paper receipt"))
        set_text(self.done, self.tr("Done"))
        paid = self.tr("Paid: {total}").format(total=self.paid_amount)
        set_text(self.paid, paid if self.paid_amount else "")
        if self.points_figures is not None:
            locale = locale_for(self.points_language)
            earned, spent, balance, pending = (locale.toString(n) for n in self.points_figures)
            lines = [self.tr("Points earned: {points}").format(points=earned)]
            if self.points_figures[1]:
                lines.append(self.tr("Points spent: {points}").format(points=spent))
            lines.append(self.tr("Your points balance: {points}").format(points=balance))
            if self.points_figures[3]:
                lines.append(self.tr("Points spendable later: {points}").format(points=pending))
            set_text(self.points, "\n".join(lines))
        self.points.setVisible(self.points_figures is not None)

    def relayout(self, portrait: bool) -> None:
        self.box.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def show_sale(self, url: str | None, paid: str) -> None:
        """The sale just paid: its receipt link as a QR (none: paper only) and its total."""
        self.url = url
        self.paid_amount = paid
        self.printed.hide()
        self.print.setEnabled(True)
        if url is None:
            self.qr.clear()
            self.qr.hide()
            self.qr_caption.hide()
        else:
            pixmap = QPixmap.fromImage(qr_image(url, QR_PX))
            self.qr.setPixmap(pixmap)
            self.qr.setFixedSize(pixmap.size())
            self.qr.show()
            self.qr_caption.show()
        self.retranslate()
        self.timer.start()

    def show_points(
        self, earned: int, spent: int, balance: int, pending: int, language: str
    ) -> None:
        """The points figures the receipt prints (a customer's sale only); ``pending``:
        points that vest later (after the returns window)."""
        self.points_figures = (earned, spent, balance, pending)
        self.points_language = language
        self.retranslate()

    def show_printed(self, text: str) -> None:
        set_text(self.printed, text)
        self.printed.show()
        self.timer.start()  # time to take the paper

    def clear(self) -> None:
        self.timer.stop()
        self.url = None
        self.paid_amount = ""
        self.points_figures = None
        self.points.clear()
        self.points.hide()
        self.qr.clear()
        self.printed.hide()
        self.paid.clear()
