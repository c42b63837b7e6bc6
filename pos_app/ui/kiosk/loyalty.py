"""The loyalty QR on the basket: "Scan your loyalty QR" with a hint, or "Hello, Elif — 1,240
points" with "Not you? Remove" once attached (first name only: the screen is public); and
the full-screen note for a QR that could not be used, with only an OK (no attendant call:
the customer can shop and pay without it)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from pos_app.ui.kiosk.loyalty_texts import points_text
from pos_app.ui.kiosk.ports import Shopper
from pos_app.ui.kiosk.welcome import KioskScreen
from pos_app.ui.kiosk.widgets import kbutton, klabel, set_text

_CENTER = Qt.AlignmentFlag.AlignCenter


class LoyaltyPanel(QFrame):
    """The basket's loyalty box: the hint and its button, or the customer's greeting."""

    scan_help_clicked = Signal()
    remove_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_loyalty")
        self.setProperty("k", "panel")
        self.shopper: Shopper | None = None
        self.language = "tr"
        self.hint = klabel("kiosk_loyalty_hint", "muted")
        self.scan = kbutton("kiosk_loyalty_scan", on_click=self.scan_help_clicked.emit)
        self.hello = klabel("kiosk_loyalty_hello", "title")
        self.remove = kbutton("kiosk_loyalty_remove", on_click=self.remove_clicked.emit)
        # Above the basket's lines: the words, then the buttons in a row (the basket's side
        # panel has no height to spare on a landscape screen with larger text, and one row
        # for words and buttons clips them there).
        self.row = QHBoxLayout()
        self.row.setSpacing(12)
        self.row.addWidget(self.scan)
        self.row.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(8)
        layout.addWidget(self.hint)
        layout.addWidget(self.hello)
        layout.addLayout(self.row)
        self.show_shopper(None, "tr")

    def retranslate(self) -> None:
        set_text(self.hint, self.tr("Collect and spend points: scan the QR code of your account."))
        set_text(self.scan, self.tr("Scan your loyalty QR"))
        set_text(self.remove, self.tr("Not you? Remove"), self.tr("Not you? Remove the customer"))
        shopper = self.shopper
        if shopper is not None:
            text = self.tr("Hello, {name} — {points} points").format(
                name=shopper.first_name, points=points_text(shopper.points, self.language)
            )
            set_text(self.hello, text)

    def show_shopper(self, shopper: Shopper | None, language: str) -> None:
        """The customer attached (None: nobody, the hint)."""
        self.shopper = shopper
        self.language = language
        self.hint.setVisible(shopper is None)
        self.scan.setVisible(shopper is None)
        self.hello.setVisible(shopper is not None)
        self.remove.setVisible(shopper is not None)
        if shopper is None:
            self.hello.clear()
        self.retranslate()


class KioskLoyaltyNote(KioskScreen):
    """How to scan the loyalty QR, or why a scanned one could not be used; OK goes back."""

    ok_clicked = Signal()
    HOW, UNREADABLE, UNKNOWN = "how", "unreadable", "unknown"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_loyalty_note")
        self.kind = self.HOW
        self.title = klabel("kiosk_loyalty_note_title", "hero", align=_CENTER)
        self.text = klabel("kiosk_loyalty_note_text", "title", align=_CENTER)
        self.sign_up = klabel("kiosk_loyalty_note_sign_up", "muted", align=_CENTER)
        self.ok = kbutton("kiosk_loyalty_note_ok", "primary", on_click=self.ok_clicked.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 32, 64, 48)
        layout.setSpacing(32)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.sign_up)
        layout.addStretch(1)
        layout.addWidget(self.ok)
        self.retranslate()

    def retranslate(self) -> None:
        set_text(self.ok, self.tr("OK"), self.tr("OK, go back"))
        set_text(
            self.sign_up,
            self.tr("No account yet? Ask a member of staff, or sign up on our web shop."),
        )
        if self.kind == self.UNREADABLE:
            set_text(self.title, self.tr("We couldn't read this loyalty QR"))
            set_text(
                self.text,
                self.tr("Please scan it again. You can also shop and pay without it."),
            )
        elif self.kind == self.UNKNOWN:
            set_text(self.title, self.tr("We don't know this loyalty QR yet"))
            set_text(
                self.text,
                self.tr(
                    "A new account reaches us within minutes. You can shop and pay now without it."
                ),
            )
        else:
            set_text(self.title, self.tr("Scan your loyalty QR"))
            set_text(
                self.text,
                self.tr(
                    "Hold the QR code from your web shop account or from an e-receipt "
                    "under the scanner."
                ),
            )

    def show_note(self, kind: str) -> None:
        self.kind = kind
        self.retranslate()
