"""Before the card: "Use your points: 1,240 points = ₺12.40" (use them or not) and "Pay with a
gift card" (scan it: what it paid and what is left on it, each card removable), then the card
terminal for what remains, or "Finish" when nothing does. The screen only shows what
``KioskLoyalty`` tells it; every action is a signal."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from pos_app.ui.kiosk.loyalty_texts import points_text
from pos_app.ui.kiosk.ports import GiftHold
from pos_app.ui.kiosk.welcome import KioskScreen
from pos_app.ui.kiosk.widgets import kbutton, klabel, set_text

_CENTER = Qt.AlignmentFlag.AlignCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class _GiftRow(QFrame):
    """One gift card taken: "Gift card ••••1234: ₺50.00 paid, ₺25.00 left" and Remove."""

    def __init__(self, hold: GiftHold, on_remove: Callable[[str], None]) -> None:
        super().__init__()
        self.hold = hold
        self.setObjectName(f"kiosk_gift_row_{hold.tender_id}")
        self.text = klabel(f"kiosk_gift_text_{hold.tender_id}")
        self.remove = kbutton(
            f"kiosk_gift_remove_{hold.tender_id}", on_click=lambda: on_remove(hold.tender_id)
        )
        self.remove.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        row.addWidget(self.text, 1)
        row.addWidget(self.remove)


class KioskTenders(KioskScreen):
    """Points and gift cards before the card payment."""

    use_points_clicked = Signal()
    keep_points_clicked = Signal()
    remove_gift_clicked = Signal(str)  # the gift card tender's id
    back_clicked = Signal()
    pay_clicked = Signal()

    def __init__(self, money: Callable[[int], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_tenders")
        self.money = money
        self.language = "tr"
        self.total_minor = 0
        self.due_minor = 0
        self.offer = 0  # points offered (not taken yet)
        self.offer_minor = 0
        self.used = 0  # points taken
        self.used_minor = 0
        self.holds: list[GiftHold] = []
        self.rows: list[_GiftRow] = []

        self.title = klabel("kiosk_tenders_title", "hero")
        self.total = klabel("kiosk_tenders_total", "title")

        self.points_box = QFrame()
        self.points_box.setProperty("k", "panel")
        self.points_title = klabel("kiosk_points_title", "title")
        self.points_use = kbutton("kiosk_points_use", on_click=self.use_points_clicked.emit)
        self.points_keep = kbutton("kiosk_points_keep", on_click=self.keep_points_clicked.emit)
        for toggle in (self.points_use, self.points_keep):
            toggle.setCheckable(True)
            toggle.setMinimumHeight(80)
        toggles = QHBoxLayout()
        toggles.setSpacing(16)
        toggles.addWidget(self.points_use)
        toggles.addWidget(self.points_keep)
        points = QVBoxLayout(self.points_box)
        points.setContentsMargins(20, 16, 20, 16)
        points.setSpacing(12)
        points.addWidget(self.points_title)
        points.addLayout(toggles)

        self.gift_box = QFrame()
        self.gift_box.setProperty("k", "panel")
        self.gift_title = klabel("kiosk_gift_title", "title")
        self.gift_hint = klabel("kiosk_gift_hint", "muted")
        self.gift_rows = QVBoxLayout()
        self.gift_rows.setSpacing(8)
        gift = QVBoxLayout(self.gift_box)
        gift.setContentsMargins(20, 16, 20, 16)
        gift.setSpacing(12)
        gift.addWidget(self.gift_title)
        gift.addWidget(self.gift_hint)
        gift.addLayout(self.gift_rows)

        self.message = klabel("kiosk_tenders_message", "notice")
        self.message.hide()
        self.due = klabel("kiosk_tenders_due", "total", align=_RIGHT, wrap=False)
        self.due_heading = klabel("kiosk_tenders_due_heading", "title")
        due = QHBoxLayout()
        due.addWidget(self.due_heading, 1)
        due.addWidget(self.due)
        self.back = kbutton("kiosk_tenders_back", on_click=self.back_clicked.emit)
        self.back.setMinimumHeight(96)
        self.pay = kbutton("kiosk_tenders_pay", "primary", on_click=self.pay_clicked.emit)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(24)
        self.buttons.addWidget(self.back, 1)
        self.buttons.addWidget(self.pay, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 32)
        layout.setSpacing(20)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.total)
        layout.addLayout(heading)
        layout.addWidget(self.points_box)
        layout.addWidget(self.gift_box)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(due)
        layout.addLayout(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        set_text(self.title, self.tr("Points and gift cards"))
        set_text(self.total, self.tr("Total: {total}").format(total=self.money(self.total_minor)))
        if self.used:
            set_text(
                self.points_title,
                self.tr("Points used: {points} points = {value}").format(
                    points=points_text(self.used, self.language),
                    value=self.money(self.used_minor),
                ),
            )
        else:
            set_text(
                self.points_title,
                self.tr("Use your points: {points} points = {value}").format(
                    points=points_text(self.offer, self.language),
                    value=self.money(self.offer_minor),
                ),
            )
        set_text(self.points_use, self.tr("Use my points"))
        set_text(self.points_keep, self.tr("Don't use"), self.tr("Don't use my points"))
        set_text(self.gift_title, self.tr("Pay with a gift card"))
        set_text(self.gift_hint, self.tr("Scan the barcode or QR code on your gift card."))
        for row in self.rows:
            hold = row.hold
            set_text(
                row.text,
                self.tr("Gift card {last4}: {paid} paid, {left} left on the card").format(
                    last4=hold.last4,
                    paid=self.money(hold.amount_minor),
                    left=self.money(max(0, hold.balance_after_minor)),
                ),
            )
            set_text(row.remove, self.tr("Remove"), self.tr("Remove this gift card"))
        set_text(self.due_heading, self.tr("Left to pay by card"))
        set_text(self.due, self.money(self.due_minor))
        if self.due_minor > 0:
            set_text(self.pay, self.tr("Pay by card"))
        else:
            set_text(self.pay, self.tr("Finish"), self.tr("Finish: nothing is left to pay"))
        set_text(self.back, self.tr("Back to basket"))

    def relayout(self, portrait: bool) -> None:
        margin = 48 if portrait else 240  # a wide screen: a readable column in the middle
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(margin, 24, margin, 32)

    def show_state(
        self,
        *,
        language: str,
        total_minor: int,
        due_minor: int,
        offer: tuple[int, int],
        used: tuple[int, int],
        holds: Sequence[GiftHold],
    ) -> None:
        """What the payment holds now: ``offer`` and ``used`` are (points, their value);
        the points box shows while either is not 0."""
        self.language = language
        self.total_minor, self.due_minor = total_minor, due_minor
        self.offer, self.offer_minor = offer
        self.used, self.used_minor = used
        self.points_box.setVisible(bool(self.offer or self.used))
        self.points_use.setChecked(bool(self.used))
        self.points_keep.setChecked(not self.used)
        self._rebuild(list(holds))
        self.retranslate()

    def _rebuild(self, holds: list[GiftHold]) -> None:
        if [h.tender_id for h in holds] == [h.tender_id for h in self.holds]:
            return
        for row in self.rows:
            self.gift_rows.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.holds = holds
        self.rows = [_GiftRow(hold, self.remove_gift_clicked.emit) for hold in holds]
        for row in self.rows:
            self.gift_rows.addWidget(row)
            row.show()  # now, not on the next turn of the event loop
            for child in (row, *row.findChildren(QWidget)):
                child.ensurePolished()

    def say(self, text: str) -> None:
        set_text(self.message, text)
        self.message.setVisible(bool(text))

    def clear(self) -> None:
        self.say("")
        self._rebuild([])
        self.offer = self.used = self.offer_minor = self.used_minor = 0
