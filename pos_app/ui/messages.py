"""Translated text for every ``UserError`` code the cashier can meet."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from pos_app.errors import UserError
from pos_app.ui.i18n import format_money

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def _texts() -> dict[str, str]:
    # Built on every call so the current language applies; lupdate finds each literal.
    return {
        "approval.insufficient_role": _t("That person may not approve this."),
        "approval.required": _t("This needs a supervisor's or manager's approval."),
        "cart.fixed_amount_line": _t("A price-labelled item cannot be changed."),
        "cart.fractional_pieces": _t("Items sold by the piece need a whole number."),
        "cart.negative_price": _t("A price cannot be negative."),
        "cart.override_reason_missing": _t("A price override needs a reason."),
        "cart.quantity_not_positive": _t("The quantity must be more than zero."),
        "cart.quantity_too_large": _t("That quantity is too large."),
        "cart.unknown_barcode": _t("Unknown barcode {code}"),
        "cart.unknown_line": _t("That line is no longer in the sale."),
        "cart.weight_for_piece_item": _t("Barcode {code} has a weight; the item is sold by piece."),
        "cart.weight_needed": _t("This item is sold by weight: enter the weight."),
        "cart.weight_too_large": _t("That weight is too large."),
        "cart.weight_too_precise": _t("Weights have at most three decimals (grams)."),
        "discount.fractional": _t("A percentage discount has at most two decimals."),
        "discount.not_positive": _t("A discount must be more than zero."),
        "exchange.credit_mismatch": _t("The exchange credit does not match the returned goods."),
        "money.invalid": _t("That is not an amount."),
        "money.too_precise": _t("Amounts have at most two decimals."),
        "park.cart_not_empty": _t("Park or finish the current sale first."),
        "park.empty": _t("An empty sale cannot be parked."),
        "park.exchange": _t("An exchange cannot be parked; finish or void it."),
        "park.unknown": _t("That parked sale no longer exists."),
        "payment.already_paid": _t("The sale is already fully paid."),
        "payment.approval_code_missing": _t("Enter the card terminal's approval code."),
        "payment.card_over_due": _t("A card cannot pay more than what is left."),
        "payment.card_taken": _t("Remove the approved card payment (refund it) first."),
        "payment.cash_short_of_rounded": _t("The cash is less than what is due."),
        "payment.exchange_credit_fixed": _t("The exchange credit cannot be removed."),
        "payment.in_progress": _t("Finish or cancel the payment first."),
        "payment.negative_due": _t("Use a return for a negative amount."),
        "payment.not_positive": _t("The amount must be more than zero."),
        "payment.not_started": _t("Start the payment first."),
        "payment.unknown_tender": _t("That payment is no longer there."),
        "payment.voucher_insufficient": _t("Voucher {code} has only {balance_minor} left."),
        "return.card_approval_missing": _t("Enter the card terminal's refund approval code."),
        "return.empty": _t("Choose what is being returned."),
        "return.exceeds_paid": _t("The refund is more than what is left of the original payment."),
        "return.no_receipt": _t("Scan the receipt or start a return without receipt."),
        "return.not_a_sale": _t("That receipt is itself a return."),
        "return.not_on_receipt": _t("That item is not on this receipt, or was returned."),
        "return.not_started": _t("Start a return first."),
        "return.nothing_to_refund": _t("There is nothing to refund."),
        "return.quantity_exceeds_sold": _t("Only {returnable} of that item can still be returned."),
        "return.quantity_not_positive": _t("The return quantity must be more than zero."),
        "return.sale_in_progress": _t("Finish or park the current sale first."),
        "return.unknown_receipt": _t("No sale with receipt {receipt_no}."),
        "sale.empty": _t("The sale is empty."),
        "sale.not_paid": _t("The sale is not fully paid."),
        "sale.not_selling": _t("Finish the payment or the return first."),
        "sale.total_changed": _t("The total changed; start the payment again."),
        "session.signed_out": _t("Sign in first."),
        "shift.already_open": _t("A shift is already open."),
        "shift.negative_count": _t("A count cannot be negative."),
        "shift.negative_float": _t("The float cannot be negative."),
        "shift.not_open": _t("Open a shift first."),
        "shift.sale_in_progress": _t("Finish or park the sale before closing the shift."),
        "users.bad_pin": _t("A PIN has 4 to 8 digits."),
        "users.inactive": _t("This user is not active."),
        "users.locked": _t("Too many wrong PINs: locked until {until}."),
        "users.unknown": _t("Unknown user."),
        "users.wrong_pin": _t("Wrong PIN."),
    }


def _param(key: str, value: Any, language: str) -> str:
    if key.endswith("_minor") and isinstance(value, int):
        return format_money(value, language)
    if key == "until" and isinstance(value, str):
        try:
            return datetime.fromisoformat(value).astimezone().strftime("%H:%M")
        except ValueError:
            return value
    return str(value)


def known_codes() -> set[str]:
    return set(_texts())


def error_text(error: UserError, language: str) -> str:
    """The translated message for ``error``; an unmapped code falls back to its English text
    (and is logged, a test keeps the map complete)."""
    template = _texts().get(error.code)
    if template is None:
        log.warning("No translation for error code %s", error.code)
        return error.message
    params = {key: _param(key, value, language) for key, value in error.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
