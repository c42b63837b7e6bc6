"""A till for the points and gift card screens: the real core over the seed catalog, the
loyalty rules pulled, customer C1 with 5,000 points in the replica, the catalog's gift card
product, and fake backends for points reservations and gift cards (up or ``down``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert

from pos_app.app import build_register, build_services, open_engine
from pos_app.checkout.events import Change
from pos_app.checkout.giftcards import GiftCardDesk
from pos_app.checkout.register import Register
from pos_app.devices.drawer import NoDrawer
from pos_app.services.bundle import Services
from pos_app.services.loyalty import LoyaltyService
from pos_app.services.value_cards import ValueCards
from pos_app.storage.tables import table
from pos_app.ui.cashier.payment import PaymentScreen
from tests.fakes import FakeClock
from tests.integration.test_gift_cards import FakeBackend
from tests.integration.test_loyalty_till import RULES, FakeReserver, add_customer, hello, pull_rules
from tests.ui.conftest import Till

CUSTOMER = "C1"
POINTS = 5_000  # worth 500.00 TL at 10 kuruş a point (RULES)


@dataclass
class TenderTill:
    services: Services
    register: Register
    desk: GiftCardDesk
    reserver: FakeReserver
    cards: FakeBackend

    def payment_screen(self) -> PaymentScreen:
        screen = PaymentScreen(
            self.register,
            gift_cards=self.desk,
            online=lambda: not self.reserver.down,
            zone=self.services.settings.timezone,
        )

        # As the cashier window does: the screen follows the payment.
        def follow(change: Change) -> None:
            if change is Change.PAYMENT:
                screen.refresh()

        self.register.subscribe(follow)
        return screen


def add_gift_product(services: Services) -> None:
    with services.engine.begin() as conn:
        conn.execute(
            insert(table("product")),
            {
                "id": "p-gift",
                "sku": "GIFT-CARD",
                "name": "Hediye Kartı",
                "names_json": '{"en": "Gift card"}',
                "search_text": "hediye karti gift card",
                "category_id": None,
                "price_minor": 0,
                "vat_rate": 20,  # ignored: a card line is VAT 0
                "sold_by_weight": False,
                "plu": None,
                "active": True,
                "updated_at": services.clock.now(),
            },
        )


def open_tender_till(till: Till, language: str = "en") -> TenderTill:
    """The register signed in with a shift open; customer C1 on no sale yet."""
    clock = FakeClock()
    services = build_services(till.settings, open_engine(till.settings), clock)
    reserver = FakeReserver()
    services.loyalty = LoyaltyService(services.engine, lambda: reserver)
    pull_rules(services, RULES.payload())
    add_customer(services, CUSTOMER, POINTS)
    hello(services, budget=500, cap=300)
    add_gift_product(services)
    register = build_register(services, NoDrawer(), language=language)
    register.sign_in(till.cashier.user_id, "4826")
    if register.staff.shift is None:
        register.staff.open_shift(50_000)
    cards = FakeBackend()
    desk = GiftCardDesk(
        register.sale, register.payment, ValueCards(services.engine, clock, cards), services.catalog
    )
    return TenderTill(services, register, desk, reserver, cards)
