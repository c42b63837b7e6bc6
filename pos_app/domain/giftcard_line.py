"""The part of a cart line that sells a gift card (``pos_app.domain.giftcards``): kept apart so
the cart can carry it without importing the gift card rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ValueCardLine:
    """What a cart line sells: a new card (``activate``) or more on one (``top_up``).

    ``code_hash`` is None for an e-gift card until the sale completes: its code is made
    then, printed and shown once, and never stored (``services.value_cards``)."""

    action: str  # activate | top_up
    code_hash: str | None
    last4: str = ""
    electronic: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "code_hash": self.code_hash,
            "last4": self.last4,
            "electronic": self.electronic,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ValueCardLine:
        return cls(
            str(data["action"]),
            data.get("code_hash"),
            str(data.get("last4", "")),
            bool(data.get("electronic", False)),
        )
