"""The kiosk's words for what the core reports in codes: errors, terminal progress, approvals.

A customer reads these alone at the machine, so they say what to do next; anything the core
raises that is not the kiosk's own falls back to the cashier's texts (``error_text``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pos_app.errors import UserError
from pos_app.ui.kiosk.loyalty_texts import loyalty_codes, loyalty_error
from pos_app.ui.kiosk.ports import Approval
from pos_app.ui.messages import error_text

# The languages a customer may choose, by their own name (never translated).
LANGUAGE_NAMES = {"tr": "Türkçe", "en": "English"}


def _error_texts() -> dict[str, str]:
    # Built on every call so the current language applies; lupdate finds each literal.
    return {
        "scan.unknown": QCoreApplication.translate("KioskTexts", "We couldn't find this item."),
        "scale.none": QCoreApplication.translate(
            "KioskTexts", "No scale here: ask a member of staff."
        ),
        "scale.unavailable": QCoreApplication.translate(
            "KioskTexts", "The scale is not answering: ask a member of staff."
        ),
        "scale.unstable": QCoreApplication.translate(
            "KioskTexts", "Wait until the scale is still."
        ),
        "scale.zero": QCoreApplication.translate("KioskTexts", "Put the item on the scale."),
        "scale.overload": QCoreApplication.translate(
            "KioskTexts", "Too heavy for the scale: ask a member of staff."
        ),
        "kiosk.closed": QCoreApplication.translate(
            "KioskTexts", "Closed — please use a staffed till."
        ),
        "payment.blocked": QCoreApplication.translate(
            "KioskTexts", "An attendant must check your basket before you pay."
        ),
        "badge.unknown": QCoreApplication.translate("KioskTexts", "This badge is not known."),
        "badge.revoked": QCoreApplication.translate("KioskTexts", "This badge has been withdrawn."),
        "terminal.none": QCoreApplication.translate(
            "KioskTexts", "Card payments are not available here: please use a staffed till."
        ),
        "payment.checking": QCoreApplication.translate(
            "KioskTexts", "Your last payment is being checked. An attendant will help you."
        ),
        "payment.in_progress": QCoreApplication.translate(
            "KioskTexts", "A payment is being completed: please wait."
        ),
        "kiosk.quantity": QCoreApplication.translate(
            "KioskTexts", "You can buy 1 to 99 of an item here."
        ),
        "kiosk.weighed_quantity": QCoreApplication.translate(
            "KioskTexts", "This item is weighed: put it on the scale again to change it."
        ),
        "kiosk.decrease_needs_attendant": QCoreApplication.translate(
            "KioskTexts", "To take items off, press Remove: an attendant will confirm."
        ),
        "kiosk.not_weighed": QCoreApplication.translate(
            "KioskTexts", "This item is not sold by weight: scan its barcode."
        ),
        "approval.unknown": QCoreApplication.translate(
            "KioskTexts", "That no longer waits for approval."
        ),
        "attendant.none": QCoreApplication.translate(
            "KioskTexts", "Scan your staff badge or sign in with your PIN first."
        ),
        "badge.none": QCoreApplication.translate("KioskTexts", "This person has no badge."),
        "kiosk.day_open": QCoreApplication.translate(
            "KioskTexts", "The kiosk's day is already open."
        ),
        "kiosk.other_shift": QCoreApplication.translate(
            "KioskTexts",
            "A staff member's shift is open on this terminal: close it at its till first.",
        ),
        # Codes of a call the screens make themselves: nothing a customer typed.
        "kiosk.help_reason": QCoreApplication.translate(
            "KioskTexts", "Something went wrong. Please ask a member of staff."
        ),
        "kiosk.wipe_reason": QCoreApplication.translate(
            "KioskTexts", "Something went wrong. Please ask a member of staff."
        ),
        "terminal.unavailable": QCoreApplication.translate(
            "KioskTexts", "The card terminal is not answering. Please ask for help."
        ),
        # Endless aisle: the customer types their own details (pos_app.ui.kiosk.aisle).
        "aisle.customer_required": QCoreApplication.translate(
            "KioskTexts", "Please type your name."
        ),
        "aisle.name_too_long": QCoreApplication.translate("KioskTexts", "That name is too long."),
        "aisle.phone_required": QCoreApplication.translate(
            "KioskTexts", "Please type your mobile number, so we can text you."
        ),
        "aisle.address_required": QCoreApplication.translate(
            "KioskTexts", "Please type your full address: street, number, city."
        ),
        "aisle.address_too_long": QCoreApplication.translate(
            "KioskTexts", "That address is too long."
        ),
        "aisle.store_unavailable": QCoreApplication.translate(
            "KioskTexts", "That store has none left. Please choose another."
        ),
        "aisle.other_destination": QCoreApplication.translate(
            "KioskTexts", "Your basket already has goods ordered elsewhere: pay for them first."
        ),
        "aisle.destination_missing": QCoreApplication.translate(
            "KioskTexts", "Please choose delivery or a store."
        ),
        "kiosk.aisle_weighed": QCoreApplication.translate(
            "KioskTexts", "Fruit and veg sold by weight cannot be ordered here."
        ),
    }


def restriction_group(group: str) -> str:
    """A restriction group's name for the customer ("alcohol" -> "Alcohol"); a group the
    store configured that has no words here is "This item", never its code."""
    names = {
        "alcohol": QCoreApplication.translate("KioskTexts", "Alcohol"),
        "tobacco": QCoreApplication.translate("KioskTexts", "Tobacco"),
    }
    return names.get(group) or QCoreApplication.translate("KioskTexts", "This item")


def restriction_text(error: UserError, restricted_hours: dict[str, str]) -> str:
    """ "Alcohol cannot be sold between 22:00 and 06:00." from the refusal's group and the
    configured hours (the error's own ``hours`` when it carries them)."""
    group = str(error.params.get("restriction") or error.params.get("group") or "")
    hours = str(error.params.get("hours") or restricted_hours.get(group, ""))
    start, _, end = hours.partition("-")
    what = restriction_group(group)
    if start and end:
        return QCoreApplication.translate(
            "KioskTexts", "{what} cannot be sold between {start} and {end}."
        ).format(what=what, start=start.strip(), end=end.strip())
    return QCoreApplication.translate("KioskTexts", "{what} cannot be sold at this time.").format(
        what=what
    )


def kiosk_error(
    error: UserError, language: str, zone: str, restricted_hours: dict[str, str]
) -> str:
    """The customer's words for ``error``."""
    if error.code == "restriction.hours":
        return restriction_text(error, restricted_hours)
    loyalty = loyalty_error(error, language)
    if loyalty is not None:
        return loyalty
    text = _error_texts().get(error.code)
    if text is not None:
        return text
    return error_text(error, language, zone)


def kiosk_codes() -> set[str]:
    return set(_error_texts()) | loyalty_codes() | {"restriction.hours"}


def progress_text(code: str) -> str:
    """What the card terminal asks of the customer now (its progress codes)."""
    texts = {
        "present_card": QCoreApplication.translate("KioskTexts", "Tap, insert or swipe your card"),
        "enter_pin": QCoreApplication.translate("KioskTexts", "Enter your PIN on the terminal"),
        "processing": QCoreApplication.translate("KioskTexts", "Please wait…"),
        "remove_card": QCoreApplication.translate("KioskTexts", "Remove your card"),
    }
    return texts.get(code, texts["processing"])


def approval_text(approval: Approval) -> str:
    """One waiting approval as the customer reads it."""
    name = approval.product_name
    if approval.kind == "age":
        return QCoreApplication.translate(
            "KioskTexts", "Age check needed for {name}: an attendant is coming."
        ).format(name=name)
    if approval.kind == "removal":
        return QCoreApplication.translate(
            "KioskTexts", "An attendant will confirm the removal of {name}."
        ).format(name=name)
    if approval.kind == "price_override":
        return QCoreApplication.translate(
            "KioskTexts", "Price check needed for {name}: an attendant is coming."
        ).format(name=name)
    if approval.kind == "basket_limit":
        return QCoreApplication.translate(
            "KioskTexts", "Large basket: an attendant will check it before you pay."
        )
    return QCoreApplication.translate(
        "KioskTexts", "An attendant is coming to check {name}."
    ).format(name=name)


def approval_short(approval: Approval) -> str:
    """The same for the attendant's list: the kind and the item."""
    kinds = {
        "age": QCoreApplication.translate("KioskTexts", "Age check"),
        "removal": QCoreApplication.translate("KioskTexts", "Removal"),
        "price_override": QCoreApplication.translate("KioskTexts", "Price check"),
        "basket_limit": QCoreApplication.translate("KioskTexts", "Basket limit"),
    }
    kind = kinds.get(approval.kind, approval.kind)
    if approval.kind == "age" and approval.min_age:
        kind = QCoreApplication.translate("KioskTexts", "Age check ({age}+)").format(
            age=approval.min_age
        )
    return f"{kind}: {approval.product_name}" if approval.product_name else kind
