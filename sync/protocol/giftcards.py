"""Gift card codes (issue 18, item 3): long, random, with a check symbol, hashed where checked.

Shared by the till, the kiosk and the backend (sync/ never imports pos_app), so every channel
reads, prints and hashes a code the same way.

- **Alphabet.** Crockford base 32 (``0-9`` and ``A-Z`` without ``I L O U``): no two symbols
  look alike, and what people type for the missing ones is mapped back (``O`` -> ``0``,
  ``I``/``L`` -> ``1``, the Turkish ``İ`` too). ``U`` is refused, as Crockford does.
- **Length.** 19 random symbols (95 bits from ``secrets``) and one check symbol: 20 symbols,
  printed in groups of four (``7Q2K-...``).
- **Check symbol.** The Damm scheme over the field GF(32) (polynomial x^5 + x^2 + 1), with
  the quasigroup ``x * y = 2x + y``. Folding a code from 0 gives ``sum 2^(n-i) s_i``; the
  check symbol makes it 0. It provably catches every error of these kinds, because each
  changes that sum by a non-zero amount (``e`` is the non-zero difference of two symbols,
  ``2^k`` never 0):

  - one symbol changed: ``2^k e``;
  - two adjacent symbols swapped, or doubled ones changed (``xx`` -> ``yy``): ``2^k (2 + 1) e``;
  - symbols one apart swapped (``xyz`` -> ``zyx``): ``2^k (2 + 1)^2 e``.

  It catches any other error with probability 31/32; a guessed code is still guarded by the
  95 random bits, not by the check symbol, which only saves a cashier a wasted look-up.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_SYMBOLS = 19
LENGTH = RANDOM_SYMBOLS + 1
GROUP = 4
HASH_DOMAIN = b"pos-gift-card:v1:"

_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
# What a person or a keyboard produces for the symbols the alphabet leaves out.
_LOOK_ALIKES = {"O": "0", "I": "1", "L": "1", "\u0130": "1"}
# Whitespace (a scanner's trailing CR/LF too) and the dashes a printed or pasted code carries.
_SEPARATORS = frozenset(" \t\r\n-\u2010\u2011\u2012\u2013\u2014\u2212")
# x^5 + x^2 + 1, primitive: GF(32) multiplication by 2 reduces by it.
_FIELD_POLYNOMIAL = 0b100101


class GiftCardCodeError(ValueError):
    """Text that is not a gift card code; ``code`` names the problem for the UI's message."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params  # what a translated message names (symbol, position, count)


def _double(value: int) -> int:
    """``2 * value`` in GF(32)."""
    value <<= 1
    return value ^ _FIELD_POLYNOMIAL if value & 0b100000 else value


def _fold(values: list[int]) -> int:
    """The Damm fold: ``interim = interim * value`` with ``x * y = 2x + y`` in GF(32)."""
    interim = 0
    for value in values:
        interim = _double(interim) ^ value
    return interim


def check_symbol(body: str) -> str:
    """The check symbol for ``body`` (canonical symbols), so the whole code folds to 0."""
    try:
        values = [_VALUE[symbol] for symbol in body]
    except KeyError as error:
        raise GiftCardCodeError("gift_card.code_symbol", f"not a code symbol: {error}") from None
    # The symbol d with 2 * interim + d = 0; in characteristic 2, d = 2 * interim.
    return ALPHABET[_double(_fold(values))]


def new_code() -> str:
    """A new canonical code: 19 random symbols (95 bits) and the check symbol, upper case."""
    number = secrets.randbits(5 * RANDOM_SYMBOLS)
    body = "".join(ALPHABET[(number >> (5 * i)) & 0b11111] for i in range(RANDOM_SYMBOLS))
    return body + check_symbol(body)


def normalise(text: str) -> str:
    """The canonical code in what a person or scanner typed, or ``GiftCardCodeError``.

    Spaces and dashes are dropped, letters upper-cased and look-alikes mapped (``O`` -> ``0``,
    ``I``/``L``/``İ`` -> ``1``). The error names the first problem: a symbol that is not in a
    code (with its position, counting symbols from 1), the wrong length, or a check symbol that
    does not match (a mistyped or misread symbol).
    """
    symbols: list[str] = []
    for character in text:
        if character in _SEPARATORS:
            continue
        upper = character.upper()
        symbol = _LOOK_ALIKES.get(upper, upper)
        if symbol not in _VALUE:
            raise GiftCardCodeError(
                "gift_card.code_symbol",
                f"gift card code: {character!r} at position {len(symbols) + 1} "
                "is not a code symbol",
                symbol=character,
                position=len(symbols) + 1,
            )
        symbols.append(symbol)
    if len(symbols) != LENGTH:
        raise GiftCardCodeError(
            "gift_card.code_length",
            f"gift card code: has {len(symbols)} symbols, a code has {LENGTH}",
            count=len(symbols),
            expected=LENGTH,
        )
    if _fold([_VALUE[symbol] for symbol in symbols]) != 0:
        raise GiftCardCodeError(
            "gift_card.code_check",
            "gift card code: the check symbol does not match (a symbol is mistyped)",
        )
    return "".join(symbols)


def is_valid(text: str) -> bool:
    """Whether ``text`` normalises to a code with a matching check symbol."""
    try:
        normalise(text)
    except GiftCardCodeError:
        return False
    return True


def display(code: str) -> str:
    """The code as printed on the card: groups of four joined by ``-``."""
    canonical = normalise(code)
    return "-".join(canonical[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def last4(code: str) -> str:
    """The code's last four symbols (``7Q2K``): what receipts, screens and the ledgers show
    of a card. Plain ASCII, so it prints on every code page (a receipt masks it as
    ``**** 7Q2K``, a screen as it likes)."""
    return normalise(code)[-GROUP:]


def code_hash(code: str) -> str:
    """SHA-256 (hex) of the domain-tagged canonical code: what is stored where it is checked.

    A fast hash is enough here, unlike for a PIN or password: the code has 95 random bits, so
    even with the stored hashes in hand, finding any one of a million cards takes about 2^75
    guesses, out of reach at any hashing speed; a slow or salted hash guards guessable secrets
    and would stop the backend and the tills finding a card by its hash. The domain tag keeps
    these hashes apart from any other SHA-256 in the system. Any typed form of a code (dashes,
    lower case, look-alikes) gives the same hash.
    """
    return hashlib.sha256(HASH_DOMAIN + normalise(code).encode("ascii")).hexdigest()
