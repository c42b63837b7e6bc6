"""What the replica's ``search_text`` columns hold (``pickup_order``, ``web_order``).

fold(number), fold(name), the phone's last 10 digits and the pickup code, joined by U+001F
(which no one types, so no LIKE match spans two parts). Everything that writes the replica
uses ``pickup_search_text``; the pickup desk searches the same way.
"""

from __future__ import annotations

import re

from pos_app.domain.text import fold

SEPARATOR = "\x1f"  # between the parts of search_text: no one types it, so no match spans two

PHONE_DIGITS = 10  # a Turkish number without its trunk 0 or country code 90: 532 123 45 67
_NON_DIGITS = re.compile(r"[^0-9]")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def phone_key(phone: str) -> str:
    """The digits of a phone number, at most the last 10 (``+90 532 ...`` and ``0532 ...``
    both give ``532...``)."""
    return _NON_DIGITS.sub("", phone)[-PHONE_DIGITS:]


def pickup_search_text(number: str, customer_name: str, phone: str, pickup_code: str) -> str:
    """What ``pickup_order.search_text`` holds: fold(number), fold(name), the phone's last 10
    digits and the pickup code, joined by U+001F. Everything that writes the replica uses it."""
    return SEPARATOR.join(
        (
            fold(number.strip()),
            " ".join(fold(CONTROL.sub(" ", customer_name)).split()),
            phone_key(phone),
            pickup_code.strip(),
        )
    )


_NOT_WORD = re.compile(r"[^\w]|_")


def customer_search_text(name: str) -> str:
    """What ``customer.search_text`` holds: the folded name's words (letters and digits only)
    joined by single spaces; the ``customer_word`` triggers index each word (migration 0014).
    ``Şükrü Yılmaz-Öz`` gives ``sukru yilmaz oz``."""
    return " ".join(_NOT_WORD.sub(" ", fold(name)).split())
