"""Web orders at the kiosk window: the pickup QR notice and the endless aisle, hooked into
``KioskWindow`` at a few points (its scans, the basket's buttons, the customer's reset), so
the window itself stays about pages, payment and service mode."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStackedWidget, QWidget

from pos_app.checkout.kiosk.pickup import PickupNotice
from pos_app.domain.cart import CartLine
from pos_app.errors import UserError
from pos_app.ui.kiosk.aisle import KioskAisleScreen
from pos_app.ui.kiosk.basket import KioskBasket
from pos_app.ui.kiosk.pickup import KioskPickupNotice
from pos_app.ui.kiosk.ports import Aisle, Session
from pos_app.ui.kiosk.welcome import KioskScreen


class Host(Protocol):
    """What of ``KioskWindow`` the web orders use."""

    @property
    def pages(self) -> QStackedWidget: ...
    @property
    def welcome(self) -> QWidget: ...
    @property
    def basket(self) -> KioskBasket: ...
    @property
    def produce(self) -> QWidget: ...
    @property
    def service(self) -> QWidget: ...
    @property
    def session(self) -> Session: ...

    def show_page(self, page: QWidget) -> None: ...
    def show_customer_page(self) -> None: ...
    def refresh(self) -> None: ...
    def describe(self, error: UserError) -> str: ...


class KioskOrders(QObject):
    """The pickup notice (``pickup``) and the aisle (``aisle``) screens and their ways in
    and out of the customer's pages."""

    def __init__(self, host: Host, aisle: Aisle, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.core = aisle
        self.pickup = KioskPickupNotice()
        self.aisle = KioskAisleScreen(aisle, host.session, host.describe)
        self._back: QWidget | None = None  # where OK or Back returns to
        self.pickup.ok_clicked.connect(self.go_back)
        self.aisle.left.connect(self.go_back)
        self.aisle.added.connect(self._ordered)
        host.basket.aisle_clicked.connect(lambda: self.open_aisle())
        host.basket.offer_clicked.connect(self.open_aisle)

    @property
    def screens(self) -> list[KioskScreen]:
        return [self.pickup, self.aisle]

    def _remember(self) -> None:
        current = self.host.pages.currentWidget()
        if current not in (self.pickup, self.aisle):
            self._back = current

    def go_back(self) -> None:
        """To the page the customer left for the notice or the aisle (the basket as it was)."""
        back, self._back = self._back, None
        self.pickup.clear()
        host = self.host
        if back is not None and back in (host.welcome, host.basket, host.produce, host.service):
            host.show_page(back)
            host.refresh()  # an emptied basket shows the welcome page instead
        else:
            host.show_customer_page()

    # -- pickup QR ---------------------------------------------------------------------------

    def show_pickup(self, notice: PickupNotice) -> None:
        self._remember()
        self.pickup.show_notice(notice)
        self.host.show_page(self.pickup)

    # -- endless aisle -----------------------------------------------------------------------

    def open_aisle(self, product_id: str = "") -> None:
        """The aisle, at the item offered (``product_id``) or at the choice of an item."""
        if not self.host.session.day_open:
            self.host.show_customer_page()
            return
        self._remember()
        item = None
        if product_id:
            try:
                item = self.core.item(product_id)
            except UserError as error:
                self.host.basket.say(self.host.describe(error))
                return
        self.aisle.start(item)
        self.host.show_page(self.aisle)

    def take_scan(self, code: str) -> bool:
        """A scan at the aisle's first step chooses the item there (nothing is sold)."""
        if self.host.pages.currentWidget() is self.aisle and self.aisle.wants_scan():
            self.aisle.take_scan(code)
            return True
        return False

    def scanned(self, line: CartLine) -> None:
        """After a scan: offer the aisle when this store has none of the item."""
        product = line.product
        if self.core.shelf_empty(product.product_id):
            self.host.basket.show_offer(
                product.product_id, product.name_in(self.host.session.language)
            )
        else:
            self.host.basket.hide_offer()

    def _ordered(self, line: CartLine) -> None:
        self._back = None
        self.host.basket.hide_offer()  # ordered: no need to offer it again
        self.host.show_page(self.host.basket)
        self.host.refresh()
        self.host.basket.say(self.aisle.added_text(line))

    def clear(self) -> None:
        """The customer is gone: the notice, the order and everything typed are forgotten."""
        self._back = None
        self.pickup.clear()
        self.aisle.clear()
