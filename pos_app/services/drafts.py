"""Parked sales (suspend and resume) and voids before payment, with their audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from pos_app.domain.cart import Cart, CartLine
from pos_app.domain.roles import ApprovalPolicy
from pos_app.errors import UserError
from pos_app.services.clock import Clock
from pos_app.storage.audit import audit
from pos_app.storage.database import write_transaction
from pos_app.storage.queries import drafts as queries


@dataclass(frozen=True, slots=True)
class ParkedInfo:
    parked_id: str
    parked_at: datetime
    user_id: str
    label: str
    item_count: int
    total_minor: int


class DraftService:
    def __init__(self, engine: Engine, clock: Clock, policy: ApprovalPolicy | None = None):
        self._engine = engine
        self._clock = clock
        self._policy = policy

    def park(self, cart: Cart, user_id: str, label: str = "") -> str:
        if cart.is_empty:
            raise UserError("park.empty", "An empty sale cannot be parked")
        with write_transaction(self._engine) as conn:
            queries.insert_parked(
                conn,
                parked_id=cart.cart_id,
                parked_at=self._clock.now(),
                user_id=user_id,
                label=label.strip(),
                cart_json=json.dumps(cart.to_dict(), ensure_ascii=False),
            )
        return cart.cart_id

    def parked(self) -> list[ParkedInfo]:
        with self._engine.connect() as conn:
            rows = queries.parked_rows(conn)
        result = []
        for row in rows:
            cart = Cart.from_dict(json.loads(row["cart_json"]), self._policy)
            result.append(
                ParkedInfo(
                    row["id"],
                    row["parked_at"],
                    row["user_id"],
                    row["label"],
                    len(cart.lines),
                    cart.totals().total_minor,
                )
            )
        return result

    def resume(self, parked_id: str) -> Cart:
        """Take a parked sale back; it leaves the parked list in the same transaction."""
        with write_transaction(self._engine) as conn:
            cart_json = queries.take_parked(conn, parked_id=parked_id)
            if cart_json is None:
                raise UserError("park.unknown", "That parked sale no longer exists")
        return Cart.from_dict(json.loads(cart_json), self._policy)

    def record_line_void(self, cart: Cart, line: CartLine, user_id: str) -> None:
        """Audit a line removed from a sale in progress (voids are a classic shrink signal)."""
        with write_transaction(self._engine) as conn:
            audit(
                conn,
                action="line.voided",
                at=self._clock.now(),
                user_id=user_id,
                detail={"cart_id": cart.cart_id, "line": line.to_dict()},
            )

    # -- the sale in progress -------------------------------------------------------------

    def save_current(self, cart: Cart, user_id: str, extra: dict[str, Any] | None = None) -> None:
        """Keep the sale in progress on disk (called after every change to the cart or its
        payment); ``extra`` holds the payment taken so far and an exchange's return half."""
        payload = json.dumps({**cart.to_dict(), "extra": extra or {}}, ensure_ascii=False)
        keep = not cart.is_empty or bool(cart.approvals)
        with write_transaction(self._engine) as conn:
            queries.replace_current(
                conn,
                user_id=user_id,
                saved_at=self._clock.now(),
                cart_json=payload if keep else None,
            )

    def load_current(self) -> tuple[Cart, str, dict[str, Any]] | None:
        """The sale that was in progress when the app stopped, whose it was, and the
        ``extra`` saved with it."""
        with self._engine.connect() as conn:
            saved = queries.current(conn)
        if saved is None:
            return None
        cart_json, user_id = saved
        data = json.loads(cart_json)
        return Cart.from_dict(data, self._policy), user_id, data.get("extra") or {}

    def clear_current(self) -> None:
        with write_transaction(self._engine) as conn:
            queries.clear_current(conn)

    def void_sale(self, cart: Cart, user_id: str, reason: str = "") -> None:
        """Abandon a whole unpaid sale; the audit entry keeps what was in it."""
        with write_transaction(self._engine) as conn:
            audit(
                conn,
                action="sale.voided",
                at=self._clock.now(),
                user_id=user_id,
                detail={
                    "reason": reason,
                    "cart": cart.to_dict(),
                    "total_minor": cart.totals().total_minor,
                },
            )
        cart.lines.clear()
        cart.cart_discount = None
        cart.remote_order = None
        cart.pickup_payment = None
