"""Customer keys shared by the till and the backend: a phone number and an e-mail address
folded so the same person is found (and merged) whatever form was typed."""

from __future__ import annotations

import re

_NON_DIGITS = re.compile(r"\D")


def normalise_phone(phone: str) -> str | None:
    """Digits only, Turkish prefixes folded: ``+90 532 …``, ``0090532…``, ``0532…`` and
    ``532…`` all become ``532…``. None when no digits are left."""
    digits = _NON_DIGITS.sub("", phone)
    if digits.startswith("0090"):
        digits = digits[4:]
    elif digits.startswith("90") and len(digits) == 12:
        digits = digits[2:]
    elif digits.startswith("0") and len(digits) == 11:
        digits = digits[1:]
    return digits or None


def normalise_email(email: str) -> str | None:
    """Trimmed and lower-cased; None when empty."""
    value = email.strip().lower()
    return value or None
