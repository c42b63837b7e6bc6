"""The loyalty and gift card screens for ``screenshots.py``: the basket with the loyalty hint,
with Elif attached, a QR that could not be read, the points and a gift card before the card,
and the thank-you with the points.

The demo store's replica gets what a pull brings (the earning rules, a customer with a
loyalty QR and 1,240 points, two gift cards); the points are held by a stand-in for the
backend's reservations, which grants every hold (the screenshots have no backend).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pos_app.services.bundle import Services
from pos_app.services.loyalty import LoyaltyService
from pos_app.storage.replica.store import SyncStore
from pos_app.ui.kiosk.window import KioskWindow
from sync.protocol import Change, giftcards, loyalty_qr
from sync.protocol.loyalty import EarningRules
from sync.protocol.records import CustomerData, ValueCardData
from sync.protocol.reservations import ReservationRequest, ReservationResponse

RULES = EarningRules(points_per_try=1, vesting_days=14, point_value_minor=1, version=1)


TURNS = 4  # languages x orientations: each turn spends its own customer's points and cards


@dataclass(frozen=True)
class LoyaltyScenario:
    """Per turn, a customer's loyalty QR and two gift cards: one paying part, one the rest
    (a turn's sale spends them, and the next turn's screens show the same figures)."""

    qrs: tuple[str, ...]
    small_cards: tuple[str, ...]
    big_cards: tuple[str, ...]


class _GrantingBackend:
    """The backend's reservations as a screenshot needs them: every hold granted."""

    def reserve(self, request: ReservationRequest) -> ReservationResponse:
        expires = datetime.now(UTC) + timedelta(minutes=2)
        return ReservationResponse(id=request.id, granted=True, available=0, expires_at=expires)

    def release(self, reservation_id: str) -> ReservationResponse:
        return ReservationResponse(id=reservation_id, granted=False, available=0)


def _code(seed: str) -> str:
    """A valid code from 19 fixed symbols and their check symbol (fixed codes: every run
    draws the same screens)."""
    return seed + giftcards.check_symbol(seed)


def seed_loyalty(services: Services) -> LoyaltyScenario:
    """Rules, Elif Şahin with her QR and 1,240 points, two gift cards (₺50 and ₺1,000),
    applied as a pull applies them; the points reserved by ``_GrantingBackend``. Call it
    before the kiosk is built (``build_kiosk`` takes ``services.loyalty``)."""
    qrs, smalls, bigs = [], [], []
    changes = [
        Change(scope="global", seq=900, collection="loyalty_rules", key="current",
               op="upsert", data=RULES.payload()),
    ]  # fmt: skip
    cards: list[tuple[str, int]] = []
    for turn in range(TURNS):
        loyalty_code = _code(f"7Q2KM4XB9TRWHC3N5P{turn}")
        small, big = _code(f"K8F3W2Q9M4XB7TRV1H{turn}"), _code(f"P3N8Q2KM5XB4TRW9HC{turn}")
        customer = CustomerData(
            id=f"demo-elif-{turn}",
            name="Elif Şahin",
            phone=f"0532 111 22 3{turn}",
            email="elif@example.com",
            loyalty_points=1240,
            loyalty_code_hash=loyalty_qr.code_hash(loyalty_code),
        )
        changes.append(
            Change(scope="customers", seq=901 + turn, collection="customer", key=customer.id,
                   op="upsert", data=customer.model_dump(mode="json"))
        )  # fmt: skip
        qrs.append(loyalty_qr.qr_text(loyalty_code))
        smalls.append(small)
        bigs.append(big)
        cards += [(small, 5000), (big, 100_000)]
    for n, (code, balance) in enumerate(cards, start=910):
        card = ValueCardData(
            code_hash=giftcards.code_hash(code),
            kind="gift",
            state="active",
            balance_minor=balance,
            offline_limit_minor=balance,
            last4=giftcards.last4(code),
        )
        changes.append(
            Change(scope="customers", seq=n, collection="value_card", key=card.code_hash,
                   op="upsert", data=card.model_dump(mode="json"))
        )  # fmt: skip
    SyncStore(services.engine, services.clock).apply_changes(changes, "screenshots-loyalty")
    backend = _GrantingBackend()
    services.loyalty = LoyaltyService(services.engine, lambda: backend)
    return LoyaltyScenario(tuple(qrs), tuple(smalls), tuple(bigs))


def shoot_loyalty(
    window: KioskWindow,
    scenario: LoyaltyScenario,
    goods: tuple[str, ...],
    take: Callable[[str, str], None],
    tag: str,
    turn: int,
) -> None:
    """The loyalty screens of one language and orientation (``turn``: which of the
    scenario's customers and cards); ends on the thank-you."""
    for code in goods:
        window.on_scan(code)
    take("loyalty_basket_hint", tag)
    window.on_scan("LOY1:7Q2K-M4XB")  # torn: too short
    take("loyalty_qr_unreadable", tag)
    window.loyalty.note.ok_clicked.emit()
    window.on_scan(scenario.qrs[turn % TURNS])
    take("loyalty_basket_customer", tag)
    window.pay()  # points to use: the step before the card
    take("loyalty_points_offer", tag)
    window.loyalty.use_points()
    window.on_scan(scenario.small_cards[turn % TURNS])
    take("loyalty_points_gift_card", tag)
    window.on_scan(scenario.big_cards[turn % TURNS])  # pays the rest: the sale completes
    take("loyalty_done", tag)
    window.done.clear()
    window.next_customer()
