"""The customer's loyalty QR (on the web shop's account page and every e-receipt page):
``LOY1:`` and a code made like a gift card's (``sync.protocol.giftcards``: 95 random bits and
a check symbol). Tills and the backend store only its hash, so a replica that leaks gives
no way to forge a customer's QR; the code can be replaced if a customer's QR leaks."""

from __future__ import annotations

import hashlib

from sync.protocol import giftcards

PREFIX = "LOY1:"
HASH_DOMAIN = b"pos-loyalty-qr:v1:"


def new_code() -> str:
    """A fresh code (canonical form, no prefix)."""
    return giftcards.new_code()


def qr_text(code: str) -> str:
    """What the QR encodes."""
    return PREFIX + giftcards.normalise(code)


def is_loyalty_qr(text: str) -> bool:
    """True when a scan reads like a loyalty QR (the prefix), whatever its code."""
    return text.strip().upper().startswith(PREFIX)


def code_of(text: str) -> str:
    """The code of a scanned QR; ``giftcards.GiftCardCodeError`` naming what is wrong."""
    body = text.strip()
    if body.upper().startswith(PREFIX):
        body = body[len(PREFIX) :]
    return giftcards.normalise(body)


def code_hash(code: str) -> str:
    """SHA-256 (hex) of the domain-tagged canonical code (why fast: ``giftcards.code_hash``)."""
    return hashlib.sha256(HASH_DOMAIN + giftcards.normalise(code).encode("ascii")).hexdigest()
