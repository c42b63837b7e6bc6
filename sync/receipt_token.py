"""E-receipt tokens: random, URL-safe, and signed so the backend can tell a real receipt that
has not synced yet ("your receipt will appear shortly") from a made-up URL (404).

``<lang><nonce><mac>``: one letter for the sale's language (``t`` Turkish, ``e`` English), 22
characters of randomness (132 bits) and 8 characters of HMAC-SHA256 under the backend's
receipt key, which terminals receive at enrolment. The key only proves that a token was made by
an enrolled terminal; it grants nothing. Terminals without a key (never enrolled) make
unsigned tokens, which the backend treats as unknown until the sale arrives.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

LANG_LETTERS = {"tr": "t", "en": "e"}
_LETTER_LANGS = {v: k for k, v in LANG_LETTERS.items()}
_NONCE_LEN = 22
_MAC_LEN = 8
TOKEN_LENGTH = 1 + _NONCE_LEN + _MAC_LEN


def _mac(key: str, body: str) -> str:
    digest = hmac.new(key.encode(), body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:_MAC_LEN]


def make_token(key: str | None, language: str) -> str:
    """A new token for a sale in ``language``; signed when ``key`` is known."""
    letter = LANG_LETTERS.get(language, "t")
    nonce = secrets.token_urlsafe(17)[:_NONCE_LEN]
    body = letter + nonce
    mac = _mac(key, body) if key else secrets.token_urlsafe(6)[:_MAC_LEN]
    return body + mac


def verify_token(key: str, token: str) -> str | None:
    """The language of a correctly signed token, else None."""
    if len(token) != TOKEN_LENGTH or token[0] not in _LETTER_LANGS:
        return None
    body, mac = token[:-_MAC_LEN], token[-_MAC_LEN:]
    if not hmac.compare_digest(_mac(key, body), mac):
        return None
    return _LETTER_LANGS[token[0]]
