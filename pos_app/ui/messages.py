"""Translated text for every ``UserError`` code the cashier can meet."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from pos_app.errors import UserError
from pos_app.ui.i18n import (
    DEFAULT_ZONE,
    format_milli,
    format_money,
    format_store_time,
    locale_for,
)

log = logging.getLogger(__name__)


def _texts() -> dict[str, str]:
    # Built on every call so the current language applies; lupdate finds each literal.
    return {
        "aisle.address_required": QCoreApplication.translate(
            "Errors", "A delivery needs the full address: street, number, district, city."
        ),
        "aisle.address_too_long": QCoreApplication.translate(
            "Errors", "The delivery address is too long (500 characters at most)."
        ),
        "aisle.bad_fulfilment": QCoreApplication.translate(
            "Errors", "Choose pickup at another store or delivery to an address."
        ),
        "aisle.customer_required": QCoreApplication.translate(
            "Errors", "Enter the customer's name for the order."
        ),
        "aisle.destination_missing": QCoreApplication.translate(
            "Errors", "Say where the ordered goods go before taking the payment."
        ),
        "aisle.exchange": QCoreApplication.translate(
            "Errors",
            "An exchange takes goods from this store: order other goods in a separate sale.",
        ),
        "aisle.name_too_long": QCoreApplication.translate(
            "Errors", "The customer's name is too long."
        ),
        "aisle.other_destination": QCoreApplication.translate(
            "Errors", "This sale already sends goods to another place: finish it first."
        ),
        "aisle.phone_required": QCoreApplication.translate(
            "Errors", "Enter a phone number so the customer can be reached about the order."
        ),
        "aisle.pickup_sale": QCoreApplication.translate(
            "Errors", "Finish the pickup payment before ordering other goods."
        ),
        "aisle.same_store": QCoreApplication.translate(
            "Errors", "That is this store: sell the item from the shelf instead."
        ),
        "aisle.store_required": QCoreApplication.translate(
            "Errors", "Choose the store where the customer picks the order up."
        ),
        "approval.insufficient_role": QCoreApplication.translate(
            "Errors", "That person may not approve this."
        ),
        "approval.required": QCoreApplication.translate(
            "Errors", "This needs a supervisor's or manager's approval."
        ),
        "cart.pickup_line_fixed": QCoreApplication.translate(
            "Errors", "This line belongs to the web order being paid: it cannot be changed here."
        ),
        "cart.fixed_amount_line": QCoreApplication.translate(
            "Errors", "A price-labelled item cannot be changed."
        ),
        "cart.fractional_pieces": QCoreApplication.translate(
            "Errors", "Items sold by the piece need a whole number."
        ),
        "cart.line_total_too_large": QCoreApplication.translate(
            "Errors",
            "{name} would come to {amount_minor} in one line: a line may come to "
            "{limit_minor} at most.",
        ),
        "cart.negative_price": QCoreApplication.translate("Errors", "A price cannot be negative."),
        "cart.override_reason_missing": QCoreApplication.translate(
            "Errors", "A price override needs a reason."
        ),
        "cart.price_too_large": QCoreApplication.translate(
            "Errors",
            "The price of {name} is {price_minor}: a till takes unit prices up to "
            "{limit_minor}. Check the price.",
        ),
        "cart.quantity_not_positive": QCoreApplication.translate(
            "Errors", "The quantity must be more than zero."
        ),
        "cart.quantity_too_large": QCoreApplication.translate(
            "Errors", "That quantity is too large."
        ),
        "cart.total_too_large": QCoreApplication.translate(
            "Errors",
            "The sale would come to {amount_minor}: one sale may come to {limit_minor} at most. "
            "Finish this sale and ring the rest up in another.",
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
        "customer.bad_email": QCoreApplication.translate(
            "Errors", "{email} is not an e-mail address."
        ),
        "customer.bad_phone": QCoreApplication.translate(
            "Errors", "That is not a phone number: enter 10 digits, e.g. 0532 123 45 67."
        ),
        "customer.bad_qr": QCoreApplication.translate(
            "Errors", "The loyalty QR could not be read. Scan it again or search by phone."
        ),
        "customer.contact_required": QCoreApplication.translate(
            "Errors", "Enter a phone number or an e-mail address."
        ),
        "customer.duplicate": QCoreApplication.translate(
            "Errors", "A customer with this phone number or e-mail address already exists."
        ),
        "customer.name_required": QCoreApplication.translate(
            "Errors", "Enter the customer's name."
        ),
        "customer.name_too_long": QCoreApplication.translate("Errors", "The name is too long."),
        "customer.notice_changed": QCoreApplication.translate(
            "Errors", "The KVKK notice changed meanwhile: show the new one and ask again."
        ),
        "customer.notice_not_a_consent": QCoreApplication.translate(
            "Errors", "The KVKK notice is acknowledged at sign-up; it is not given or withdrawn."
        ),
        "customer.notice_required": QCoreApplication.translate(
            "Errors", "Show the KVKK notice and tick that the customer was informed."
        ),
        "customer.unknown": QCoreApplication.translate(
            "Errors", "This customer is not on this till."
        ),
        "customer.unknown_consent": QCoreApplication.translate(
            "Errors", "Unknown consent: {purpose}."
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
        "gift_card.amount_above_max": QCoreApplication.translate(
            "Errors", "A gift card is loaded with at most {max_minor}."
        ),
        "gift_card.amount_below_min": QCoreApplication.translate(
            "Errors", "A gift card is loaded with at least {min_minor}."
        ),
        "gift_card.blocked": QCoreApplication.translate(
            "Errors", "Card {last4} is blocked: take another payment."
        ),
        "gift_card.code_check": QCoreApplication.translate(
            "Errors",
            "That is not a valid card code: a symbol is mistyped or misread. Check the code "
            "and try again.",
        ),
        "gift_card.code_length": QCoreApplication.translate(
            "Errors", "A card code has {expected} symbols; this one has {count}."
        ),
        "gift_card.code_symbol": QCoreApplication.translate(
            "Errors", "“{symbol}” at position {position} is not a card code symbol."
        ),
        "gift_card.exchange": QCoreApplication.translate(
            "Errors", "Sell gift cards outside an exchange, in a sale of their own."
        ),
        "gift_card.expired": QCoreApplication.translate("Errors", "Card {last4} has expired."),
        "gift_card.insufficient": QCoreApplication.translate(
            "Errors", "Card {last4} holds only {available_minor}."
        ),
        "gift_card.no_discount": QCoreApplication.translate(
            "Errors", "A gift card is sold at its face value: no discount."
        ),
        "gift_card.no_product": QCoreApplication.translate(
            "Errors",
            "Gift cards are sold as the catalogue item {sku}: it is not in this till's "
            "catalogue yet.",
        ),
        "gift_card.not_here": QCoreApplication.translate(
            "Errors", "Gift cards are not taken here: ask staff."
        ),
        "gift_card.not_returnable": QCoreApplication.translate(
            "Errors", "Gift card {last4} cannot be returned: its value stays on the card."
        ),
        "gift_card.offline_bound": QCoreApplication.translate(
            "Errors",
            "Offline, card {last4} can pay at most {allowed_minor} now (its balance and "
            "offline limit).",
        ),
        "gift_card.refund_unknown": QCoreApplication.translate(
            "Errors", "The card paid with is not known on this till."
        ),
        "gift_card.store_credit": QCoreApplication.translate(
            "Errors", "A store-credit card cannot be topped up."
        ),
        "gift_card.twice_in_sale": QCoreApplication.translate(
            "Errors", "Card {last4} is already in this sale."
        ),
        "gift_card.unknown": QCoreApplication.translate(
            "Errors",
            "This card is not known: check the code. Offline, the till knows only the cards "
            "it has synced or sold.",
        ),
        "gift_card.unknown_offline": QCoreApplication.translate(
            "Errors",
            "This card cannot be checked offline (the till has never seen it): take another "
            "payment, or try again once the till is online.",
        ),
        "loyalty.bad_tender": QCoreApplication.translate(
            "Errors", "A points payment names no points: remove it and add it again."
        ),
        "loyalty.insufficient": QCoreApplication.translate(
            "Errors", "The customer has only {available} points to spend."
        ),
        "loyalty.no_customer": QCoreApplication.translate(
            "Errors", "Attach the customer before spending points."
        ),
        "loyalty.no_rules": QCoreApplication.translate(
            "Errors", "Points cannot be spent yet: this till has not received the loyalty rules."
        ),
        "loyalty.not_available": QCoreApplication.translate(
            "Errors", "This till does not take points."
        ),
        "loyalty.offline_bound": QCoreApplication.translate(
            "Errors", "Offline, at most {points_left} points can be spent now ({bound})."
        ),
        "loyalty.refund_unknown": QCoreApplication.translate(
            "Errors", "The points payment refunded is not on this till."
        ),
        "loyalty.reservation_failed": QCoreApplication.translate(
            "Errors",
            "The points could not be reserved: the server refused the request. Try again or "
            "take another payment.",
        ),
        "manager.not_a_manager": QCoreApplication.translate(
            "Errors", "{name} is not a manager: manager mode needs a manager's PIN."
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
        "payment.cash_too_large": QCoreApplication.translate(
            "Errors", "{amount_minor} in cash is more than any sale comes to: check the amount."
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
        "payment.points_over_due": QCoreApplication.translate(
            "Errors",
            "{points} points are worth more than what is left to pay: at most {max_points}.",
        ),
        "payment.unknown_tender": QCoreApplication.translate(
            "Errors", "That payment is no longer there."
        ),
        "payment.voucher_insufficient": QCoreApplication.translate(
            "Errors", "Voucher {code} has only {balance_minor} left."
        ),
        "payment.voucher_is_card": QCoreApplication.translate(
            "Errors", "{code} is a store-credit card: take it with Gift card (F8)."
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
        "return.total_too_large": QCoreApplication.translate(
            "Errors",
            "The refund would come to {amount_minor}: one return may refund {limit_minor} at "
            "most. Finish this return and take the rest back in another.",
        ),
        "return.unknown_receipt": QCoreApplication.translate(
            "Errors", "No sale with receipt {receipt_no}."
        ),
        "web_return.bad_method": QCoreApplication.translate(
            "Errors", "Choose how to refund: online payment, store credit or exchange."
        ),
        "web_return.bad_quantity": QCoreApplication.translate(
            "Errors", "{name} comes back in whole pieces, more than zero."
        ),
        "web_return.currency": QCoreApplication.translate(
            "Errors", "This order was paid in {currency}: it cannot be refunded at this till."
        ),
        "web_return.not_paid_online": QCoreApplication.translate(
            "Errors", "{number} was not paid online: refund as store credit or exchange."
        ),
        "web_return.quantity_exceeds": QCoreApplication.translate(
            "Errors", "Only {left_milli} of {name} can still be returned."
        ),
        "web_return.unknown_line": QCoreApplication.translate(
            "Errors", "That item is not on web order {number}."
        ),
        "web_return.unknown_order": QCoreApplication.translate(
            "Errors", "Web order {number} is not returnable here (not in the synced data)."
        ),
        "web_return.unknown_product": QCoreApplication.translate(
            "Errors", "Item {sku} is not in this till's catalogue yet: sync, then try again."
        ),
        "pickup.already_paid": QCoreApplication.translate(
            "Errors", "This order is already paid online: hand it over instead."
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
        "pickup.unknown_product": QCoreApplication.translate(
            "Errors",
            "An item of this order is not in this till's catalogue yet: sync, then try again.",
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
        "sync.identity_conflict": QCoreApplication.translate(
            "Errors",
            "This till's data is a copy in use on another till, so it cannot sell: its sales "
            "are kept. Ask a manager to enrol this till again with a new code.",
        ),
        "shift.sale_in_progress": QCoreApplication.translate(
            "Errors", "Finish or park the sale before closing the shift."
        ),
        "shift.recount": QCoreApplication.translate(
            "Errors",
            "Count the drawer again: this count is more than {limit_minor} away from the "
            "expected cash. Correct any wrong row and close again; if it is still that far "
            "off, a supervisor must approve.",
        ),
        "stock.bad_delivery_ref": QCoreApplication.translate(
            "Errors", "A delivery note number has at most 64 characters."
        ),
        "stock.bad_reason": QCoreApplication.translate(
            "Errors", "Choose a reason: damage, theft, waste or correction."
        ),
        "stock.bad_shelf": QCoreApplication.translate(
            "Errors", "A shelf label has 1 to 32 characters."
        ),
        "stock.delivery_already_received": QCoreApplication.translate(
            "Errors", "Delivery note {reference} was already received at this store."
        ),
        "stock.delivery_ref_missing": QCoreApplication.translate(
            "Errors", "Enter the delivery note number first."
        ),
        "stock.fractional_pieces": QCoreApplication.translate(
            "Errors", "{sku} is counted in pieces: use a whole number."
        ),
        "stock.loss_not_negative": QCoreApplication.translate(
            "Errors", "Damage, theft and waste take stock away: {sku} must be negative."
        ),
        "stock.negative_count": QCoreApplication.translate(
            "Errors", "A count cannot be below zero ({sku})."
        ),
        "stock.negative_quantity": QCoreApplication.translate(
            "Errors", "The quantity of {sku} must be more than zero."
        ),
        "stock.no_destination": QCoreApplication.translate(
            "Errors", "Choose the store the goods go to."
        ),
        "stock.nothing_counted": QCoreApplication.translate(
            "Errors", "Nothing is counted yet: scan a shelf label, then its items."
        ),
        "stock.nothing_received": QCoreApplication.translate(
            "Errors", "Scan the delivered items first."
        ),
        "stock.nothing_to_adjust": QCoreApplication.translate(
            "Errors", "Scan or find the items to adjust first."
        ),
        "stock.nothing_to_transfer": QCoreApplication.translate(
            "Errors", "Scan the items to send first."
        ),
        "stock.quantity_too_large": QCoreApplication.translate(
            "Errors", "That quantity of {sku} is too large."
        ),
        "stock.same_store": QCoreApplication.translate(
            "Errors", "The goods are already at {store}: choose another store."
        ),
        "stock.unknown_barcode": QCoreApplication.translate(
            "Errors", "No item has the barcode, SKU or PLU {code}."
        ),
        "stock.unknown_product": QCoreApplication.translate(
            "Errors", "That item is not in this till's catalogue."
        ),
        "stock.unknown_store": QCoreApplication.translate(
            "Errors", "Store {store} is not known here: sync, then try again."
        ),
        "stock.zero_quantity": QCoreApplication.translate("Errors", "A quantity cannot be zero."),
        "sync.not_enrolled": QCoreApplication.translate(
            "Errors", "This till is not enrolled with a backend yet."
        ),
        "users.bad_pin": QCoreApplication.translate("Errors", "A PIN has {min} to {max} digits."),
        "users.inactive": QCoreApplication.translate("Errors", "This user is not active."),
        "users.locked": QCoreApplication.translate(
            "Errors", "Too many wrong PINs: locked for {minutes} minutes, until {until}."
        ),
        "users.locked_for_good": QCoreApplication.translate(
            "Errors", "Too many wrong PINs: locked until a manager resets the PIN."
        ),
        "users.pin_key_missing": QCoreApplication.translate(
            "Errors",
            "This PIN cannot be checked: the till's PIN key file is missing. "
            "A manager must set a new PIN.",
        ),
        "users.short_pin": QCoreApplication.translate(
            "Errors", "This role's PIN needs at least {min} digits."
        ),
        "users.trivial_pin": QCoreApplication.translate(
            "Errors", "That PIN is too easy to guess: choose another."
        ),
        "users.unknown": QCoreApplication.translate("Errors", "Unknown user."),
        "users.wrong_pin": QCoreApplication.translate("Errors", "Wrong PIN."),
    }


def bound_text(bound: str) -> str:
    """Which offline bound limits a points redemption (``domain.loyalty.offline_limit``)."""
    texts = {
        "balance": QCoreApplication.translate("Errors", "the customer's spendable points"),
        "customer_cap": QCoreApplication.translate("Errors", "the offline limit per customer"),
        "budget": QCoreApplication.translate("Errors", "this till's offline points budget"),
    }
    return texts.get(bound, bound)


_POINTS_PARAMS = frozenset({"points", "points_left", "max_points", "available"})


def _param(key: str, value: Any, language: str, zone: str) -> str:
    if key == "bound" and isinstance(value, str):
        return bound_text(value)
    if key in _POINTS_PARAMS and isinstance(value, int):
        return locale_for(language).toString(value)  # 1,240 / 1.240
    if key.endswith("_minor") and isinstance(value, int):
        return format_money(value, language)
    if key.endswith("_milli") and isinstance(value, int):
        return format_milli(value, language)
    if key == "until" and isinstance(value, str):
        try:
            return format_store_time(datetime.fromisoformat(value), language, zone)
        except ValueError:
            return value
    return str(value)


def known_codes() -> set[str]:
    return set(_texts())


def error_text(error: UserError, language: str, zone: str = DEFAULT_ZONE) -> str:
    """The translated message for ``error``; an unmapped code falls back to its English text
    (and is logged, a test keeps the map complete). Times in it are of the store's time zone
    ``zone`` (``Settings.timezone``)."""
    template = _texts().get(error.code)
    if template is None:
        log.warning("No translation for error code %s", error.code)
        return error.message
    params = {key: _param(key, value, language, zone) for key, value in error.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
