"""A web order's pickup QR scanned at the kiosk: the order's state and where to collect it,
in the customer's words (nothing about the customer is shown); OK goes back to where the
customer was, the basket untouched."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from pos_app.checkout.kiosk.pickup import PickupNotice, PickupStatus
from pos_app.ui.kiosk.welcome import KioskScreen
from pos_app.ui.kiosk.widgets import kbutton, klabel, set_text

_CENTER = Qt.AlignmentFlag.AlignCenter


def pickup_texts(notice: PickupNotice) -> tuple[str, str, str]:
    """(headline, what to do, the items and the payment) for ``notice``."""
    number = notice.number
    where = f"{notice.store_name} ({notice.store_code})" if notice.store_name else notice.store_code
    if notice.status is PickupStatus.READY:
        title = QCoreApplication.translate("KioskPickup", "Your order {number} is ready").format(
            number=number
        )
        text = QCoreApplication.translate("KioskPickup", "Collect it at the service desk.")
    elif notice.status is PickupStatus.PREPARING:
        title = QCoreApplication.translate(
            "KioskPickup", "Your order {number} is being prepared"
        ).format(number=number)
        text = QCoreApplication.translate(
            "KioskPickup", "We'll text you when it's ready to collect."
        )
    elif notice.status is PickupStatus.COLLECTED:
        title = QCoreApplication.translate(
            "KioskPickup", "Your order {number} was already collected"
        ).format(number=number)
        text = QCoreApplication.translate(
            "KioskPickup", "If you think that is wrong, please ask at the service desk."
        )
    elif notice.status is PickupStatus.CANCELLED:
        title = QCoreApplication.translate(
            "KioskPickup", "Your order {number} was cancelled"
        ).format(number=number)
        text = QCoreApplication.translate(
            "KioskPickup", "Please ask at the service desk if you have questions."
        )
    else:
        title = QCoreApplication.translate(
            "KioskPickup", "This order is for our {store} store"
        ).format(store=where)
        text = QCoreApplication.translate(
            "KioskPickup", "Collect order {number} at {store}."
        ).format(number=number, store=where)
    items = (
        QCoreApplication.translate("KioskPickup", "1 item")
        if notice.items == 1
        else QCoreApplication.translate("KioskPickup", "{count} items").format(count=notice.items)
    )
    if notice.status in (PickupStatus.COLLECTED, PickupStatus.CANCELLED):
        detail = items
    elif notice.paid:
        detail = QCoreApplication.translate("KioskPickup", "{items}, already paid.").format(
            items=items
        )
    else:
        detail = QCoreApplication.translate(
            "KioskPickup", "{items}, to be paid at the desk."
        ).format(items=items)
    return title, text, detail


class KioskPickupNotice(KioskScreen):
    """Where a web order stands; ``ok_clicked`` goes back."""

    ok_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_pickup")
        self.notice: PickupNotice | None = None
        self.title = klabel("kiosk_pickup_title", "hero", align=_CENTER)
        self.text = klabel("kiosk_pickup_text", "title", align=_CENTER)
        self.detail = klabel("kiosk_pickup_detail", "notice", align=_CENTER)
        self.ok = kbutton("kiosk_pickup_ok", "primary", on_click=self.ok_clicked.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 32, 64, 48)
        layout.setSpacing(32)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        layout.addWidget(self.ok)
        self.retranslate()

    def retranslate(self) -> None:
        set_text(self.ok, self.tr("OK"), self.tr("OK, go back"))
        self._fill()

    def show_notice(self, notice: PickupNotice) -> None:
        self.notice = notice
        self._fill()

    def _fill(self) -> None:
        if self.notice is None:
            for label in (self.title, self.text, self.detail):
                label.clear()
            self.detail.hide()
            return
        title, text, detail = pickup_texts(self.notice)
        set_text(self.title, title)
        set_text(self.text, text)
        set_text(self.detail, detail)
        self.detail.show()

    def clear(self) -> None:
        self.notice = None
        self._fill()
