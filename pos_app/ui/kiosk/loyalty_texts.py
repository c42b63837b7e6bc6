"""The kiosk's words for the loyalty QR, points and gift card refusals (``texts.kiosk_error``
uses them). A customer reads these alone at the machine: each says what to do next, and a
refusal of points or a card is never an attendant call: the customer can pay by card."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pos_app.errors import UserError
from pos_app.ui.i18n import format_money, locale_for


def _texts() -> dict[str, str]:
    # Built on every call so the current language applies; lupdate finds each literal.
    return {
        "customer.bad_qr": QCoreApplication.translate(
            "KioskLoyaltyTexts", "We couldn't read this loyalty QR. Please scan it again."
        ),
        "customer.unknown_qr": QCoreApplication.translate(
            "KioskLoyaltyTexts",
            "We don't know this loyalty QR yet. A new account reaches us within minutes: "
            "you can still shop and pay now.",
        ),
        "loyalty.offline_bound": QCoreApplication.translate(
            "KioskLoyaltyTexts",
            "We can't reach our loyalty system right now: at most {points_left} points "
            "can be used.",
        ),
        "loyalty.insufficient": QCoreApplication.translate(
            "KioskLoyaltyTexts", "You have {available} points to spend right now."
        ),
        "loyalty.reservation_failed": QCoreApplication.translate(
            "KioskLoyaltyTexts", "Your points can't be used right now. Please pay by card."
        ),
        "loyalty.no_rules": QCoreApplication.translate(
            "KioskLoyaltyTexts", "Points can't be used at this kiosk yet. Please pay by card."
        ),
        "loyalty.not_available": QCoreApplication.translate(
            "KioskLoyaltyTexts", "Points can't be used at this kiosk yet. Please pay by card."
        ),
        "loyalty.no_customer": QCoreApplication.translate(
            "KioskLoyaltyTexts", "Scan your loyalty QR first to use your points."
        ),
        "loyalty.nothing_to_spend": QCoreApplication.translate(
            "KioskLoyaltyTexts", "There are no points to use on this basket."
        ),
        "payment.points_over_due": QCoreApplication.translate(
            "KioskLoyaltyTexts", "Your basket changed: please choose your points again."
        ),
        "payment.already_paid": QCoreApplication.translate(
            "KioskLoyaltyTexts", "Your basket is already paid for in full."
        ),
        "gift_card.code_check": QCoreApplication.translate(
            "KioskLoyaltyTexts", "We couldn't read this gift card. Please scan it again."
        ),
        "gift_card.code_length": QCoreApplication.translate(
            "KioskLoyaltyTexts", "We couldn't read this gift card. Please scan it again."
        ),
        "gift_card.code_symbol": QCoreApplication.translate(
            "KioskLoyaltyTexts", "We couldn't read this gift card. Please scan it again."
        ),
        "gift_card.unknown": QCoreApplication.translate(
            "KioskLoyaltyTexts", "We don't know this gift card. Please ask a member of staff."
        ),
        "gift_card.unknown_offline": QCoreApplication.translate(
            "KioskLoyaltyTexts",
            "We can't check this gift card right now. Please pay by card or ask staff.",
        ),
        "gift_card.insufficient": QCoreApplication.translate(
            "KioskLoyaltyTexts", "There is nothing left on this gift card."
        ),
        "gift_card.blocked": QCoreApplication.translate(
            "KioskLoyaltyTexts", "This gift card is blocked. Please ask a member of staff."
        ),
        "gift_card.expired": QCoreApplication.translate(
            "KioskLoyaltyTexts", "This gift card has expired."
        ),
        "gift_card.offline_bound": QCoreApplication.translate(
            "KioskLoyaltyTexts",
            "We can't reach our gift card system right now: this card can pay at most "
            "{allowed} here.",
        ),
        "gift_card.not_here": QCoreApplication.translate(
            "KioskLoyaltyTexts", "Gift cards can't be used at this kiosk. Please pay by card."
        ),
        "gift_card.twice_in_sale": QCoreApplication.translate(
            "KioskLoyaltyTexts", "This gift card is already paying for this basket."
        ),
    }


def loyalty_codes() -> set[str]:
    return set(_texts())


def points_text(points: int, language: str) -> str:
    """A number of points as the language writes numbers (1,240 / 1.240)."""
    return locale_for(language).toString(points)


def loyalty_error(error: UserError, language: str) -> str | None:
    """The customer's words for a loyalty or gift card refusal (None: not one of these)."""
    template = _texts().get(error.code)
    if template is None:
        return None
    params = {
        "points_left": points_text(int(error.params.get("points_left", 0)), language),
        "available": points_text(int(error.params.get("available", 0)), language),
        "allowed": format_money(int(error.params.get("allowed_minor", 0)), language),
    }
    return template.format(**params)
