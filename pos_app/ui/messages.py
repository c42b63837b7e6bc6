"""Translated text for every ``UserError`` code the cashier can meet."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from pos_app.errors import UserError
from pos_app.ui.i18n import format_money

log = logging.getLogger(__name__)


def _texts() -> dict[str, str]:
    # Built on every call so the current language applies; lupdate finds each literal.
    return {
        "approval.insufficient_role": QCoreApplication.translate(
            "Errors", "That person may not approve this."
        ),
        "approval.required": QCoreApplication.translate(
            "Errors", "This needs a supervisor's or manager's approval."
        ),
        "cart.fixed_amount_line": QCoreApplication.translate(
            "Errors", "A price-labelled item cannot be changed."
        ),
        "cart.fractional_pieces": QCoreApplication.translate(
            "Errors", "Items sold by the piece need a whole number."
        ),
        "cart.negative_price": QCoreApplication.translate("Errors", "A price cannot be negative."),
        "cart.override_reason_missing": QCoreApplication.translate(
            "Errors", "A price override needs a reason."
        ),
        "cart.quantity_not_positive": QCoreApplication.translate(
            "Errors", "The quantity must be more than zero."
        ),
        "cart.quantity_too_large": QCoreApplication.translate(
            "Errors", "That quantity is too large."
        ),
        "cart.unknown_barcode": QCoreApplication.translate("Errors", "Unknown barcode {code}"),
        "cart.unknown_line": QCoreApplication.translate(
            "Errors", "That line is no longer in the sale."
        ),
        "cart.weight_for_piece_item": QCoreApplication.translate(
            "Errors", "Barcode {code} has a weight; the item is sold by piece."
        ),
        "cart.weight_needed": QCoreApplication.translate(
            "Errors", "This item is sold by weight: enter the weight."
        ),
        "cart.weight_too_large": QCoreApplication.translate("Errors", "That weight is too large."),
        "cart.weight_too_precise": QCoreApplication.translate(
            "Errors", "Weights have at most three decimals (grams)."
        ),
        "discount.fractional": QCoreApplication.translate(
            "Errors", "A percentage discount has at most two decimals."
        ),
        "discount.over_100": QCoreApplication.translate(
            "Errors", "A discount cannot be more than 100 %."
        ),
        "discount.not_positive": QCoreApplication.translate(
            "Errors", "A discount must be more than zero."
        ),
        "enrol.bad_code": QCoreApplication.translate(
            "Errors",
            "That enrolment code is unknown, already used or expired. Ask the back office for "
            "a new one.",
        ),
        "enrol.bad_url": QCoreApplication.translate(
            "Errors",
            "{url} is not a server address: it starts with https:// and names the server.",
        ),
        "enrol.failed": QCoreApplication.translate(
            "Errors",
            "The server {url} could not enrol this till. Try again; if it happens again, tell "
            "the back office.",
        ),
        "enrol.other_terminal": QCoreApplication.translate(
            "Errors",
            "This till is already set up as {terminal} and this code is for another till. Ask "
            "the back office for a code for this till.",
        ),
        "enrol.unreachable": QCoreApplication.translate(
            "Errors",
            "The server {url} cannot be reached. Check the address and the network, then try "
            "again.",
        ),
        "exchange.credit_mismatch": QCoreApplication.translate(
            "Errors", "The exchange credit does not match the returned goods."
        ),
        "money.invalid": QCoreApplication.translate("Errors", "That is not an amount."),
        "money.too_precise": QCoreApplication.translate(
            "Errors", "Amounts have at most two decimals."
        ),
        "park.cart_not_empty": QCoreApplication.translate(
            "Errors", "Park or finish the current sale first."
        ),
        "park.empty": QCoreApplication.translate("Errors", "An empty sale cannot be parked."),
        "park.exchange": QCoreApplication.translate(
            "Errors", "An exchange cannot be parked; finish or void it."
        ),
        "park.unknown": QCoreApplication.translate("Errors", "That parked sale no longer exists."),
        "payment.already_paid": QCoreApplication.translate(
            "Errors", "The sale is already fully paid."
        ),
        "payment.approval_code_missing": QCoreApplication.translate(
            "Errors", "Enter the card terminal's approval code."
        ),
        "payment.card_over_due": QCoreApplication.translate(
            "Errors", "A card cannot pay more than what is left."
        ),
        "payment.card_taken": QCoreApplication.translate(
            "Errors", "Remove the approved card payment (refund it) first."
        ),
        "payment.cash_short_of_rounded": QCoreApplication.translate(
            "Errors", "The cash is less than what is due."
        ),
        "payment.exchange_credit_fixed": QCoreApplication.translate(
            "Errors", "The exchange credit cannot be removed."
        ),
        "payment.in_progress": QCoreApplication.translate(
            "Errors", "Finish or cancel the payment first."
        ),
        "payment.negative_due": QCoreApplication.translate(
            "Errors", "Use a return for a negative amount."
        ),
        "payment.not_positive": QCoreApplication.translate(
            "Errors", "The amount must be more than zero."
        ),
        "payment.not_started": QCoreApplication.translate("Errors", "Start the payment first."),
        "payment.unknown_tender": QCoreApplication.translate(
            "Errors", "That payment is no longer there."
        ),
        "payment.voucher_insufficient": QCoreApplication.translate(
            "Errors", "Voucher {code} has only {balance_minor} left."
        ),
        "printer.bad_uri": QCoreApplication.translate(
            "Errors", "The printer setting {uri} is not valid."
        ),
        "printer.code_page_missing": QCoreApplication.translate(
            "Errors", "Printer profile {profile} cannot print Turkish ({code_page})."
        ),
        "printer.unknown_profile": QCoreApplication.translate(
            "Errors", "Unknown printer profile {profile}."
        ),
        "printer.logo_unreadable": QCoreApplication.translate(
            "Errors", "The receipt logo {path} cannot be read."
        ),
        "print.unknown_job": QCoreApplication.translate(
            "Errors", "That print job no longer exists."
        ),
        "print.job_state": QCoreApplication.translate(
            "Errors", "That print job has already moved on; the list is refreshed."
        ),
        "print.not_available": QCoreApplication.translate(
            "Errors", "Printing is not set up on this terminal."
        ),
        "print.nothing_to_reprint": QCoreApplication.translate(
            "Errors", "There is no receipt to print again yet."
        ),
        "receipt.bad_choice": QCoreApplication.translate(
            "Errors", "Choose paper, e-receipt or both."
        ),
        "return.card_approval_missing": QCoreApplication.translate(
            "Errors", "Enter the card terminal's refund approval code."
        ),
        "return.empty": QCoreApplication.translate("Errors", "Choose what is being returned."),
        "return.exceeds_paid": QCoreApplication.translate(
            "Errors", "The refund is more than what is left of the original payment."
        ),
        "return.no_receipt": QCoreApplication.translate(
            "Errors", "Scan the receipt or start a return without receipt."
        ),
        "return.not_a_sale": QCoreApplication.translate(
            "Errors", "That receipt is itself a return."
        ),
        "return.not_on_receipt": QCoreApplication.translate(
            "Errors", "That item is not on this receipt, or was returned."
        ),
        "return.not_started": QCoreApplication.translate("Errors", "Start a return first."),
        "return.nothing_to_refund": QCoreApplication.translate(
            "Errors", "There is nothing to refund."
        ),
        "return.quantity_exceeds_sold": QCoreApplication.translate(
            "Errors", "Only {returnable} of that item can still be returned."
        ),
        "return.quantity_not_positive": QCoreApplication.translate(
            "Errors", "The return quantity must be more than zero."
        ),
        "return.sale_in_progress": QCoreApplication.translate(
            "Errors", "Finish or park the current sale first."
        ),
        "return.unknown_receipt": QCoreApplication.translate(
            "Errors", "No sale with receipt {receipt_no}."
        ),
        "pickup.all_refused": QCoreApplication.translate(
            "Errors", "Every item is refused: cancel the order with the web shop instead."
        ),
        "pickup.bad_refusal": QCoreApplication.translate(
            "Errors", "A refused quantity must be between zero and what was ordered ({sku})."
        ),
        "pickup.bad_verification": QCoreApplication.translate(
            "Errors", "Verify the pickup code or an ID document."
        ),
        "pickup.id_note_required": QCoreApplication.translate(
            "Errors", "Note which ID document was checked."
        ),
        "pickup.unknown_order": QCoreApplication.translate("Errors", "No such pickup order here."),
        "pickup.unknown_sale": QCoreApplication.translate(
            "Errors", "No completed sale paid for this order."
        ),
        "pickup.unpaid": QCoreApplication.translate(
            "Errors", "This order is paid in store: ring it up and take the payment first."
        ),
        "pickup.wrong_code": QCoreApplication.translate(
            "Errors", "Wrong pickup code: ask for the code in the order message, or check an ID."
        ),
        "pickup.wrong_state": QCoreApplication.translate(
            "Errors", "{number} is {state} now; refresh and try again."
        ),
        "sale.empty": QCoreApplication.translate("Errors", "The sale is empty."),
        "sale.not_paid": QCoreApplication.translate("Errors", "The sale is not fully paid."),
        "sale.not_selling": QCoreApplication.translate(
            "Errors", "Finish the payment or the return first."
        ),
        "sale.total_changed": QCoreApplication.translate(
            "Errors", "The total changed; start the payment again."
        ),
        "session.signed_out": QCoreApplication.translate("Errors", "Sign in first."),
        "shift.already_open": QCoreApplication.translate("Errors", "A shift is already open."),
        "shift.negative_count": QCoreApplication.translate("Errors", "A count cannot be negative."),
        "shift.negative_float": QCoreApplication.translate(
            "Errors", "The float cannot be negative."
        ),
        "shift.not_open": QCoreApplication.translate("Errors", "Open a shift first."),
        "shift.sale_in_progress": QCoreApplication.translate(
            "Errors", "Finish or park the sale before closing the shift."
        ),
        "sync.not_enrolled": QCoreApplication.translate(
            "Errors", "This till is not enrolled with a backend yet."
        ),
        "users.bad_pin": QCoreApplication.translate("Errors", "A PIN has 4 to 8 digits."),
        "users.inactive": QCoreApplication.translate("Errors", "This user is not active."),
        "users.locked": QCoreApplication.translate(
            "Errors", "Too many wrong PINs: locked until {until}."
        ),
        "users.unknown": QCoreApplication.translate("Errors", "Unknown user."),
        "users.wrong_pin": QCoreApplication.translate("Errors", "Wrong PIN."),
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
