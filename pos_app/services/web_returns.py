"""Returns of web orders in the store: look-up on the last synced data, the rules, and the
return itself as one local transaction with its ``web_order.returned`` fact.

The orders are the backend's (``web_order``, pulled for the whole chain while their return
window lasts; sync.server.returns). Look-up works offline: by order number (``W-000123``,
``w123``, ``123``), the customer's QR (``POSPICKUP:{number}:{code}``) or phone (any format)
or name (Turkish-folded), through the search helpers of ``services.order_search``.

What may still come back of a line: what the customer took, less what the backend says
stores took back, less what this terminal took back whose fact the backend's copy does not
list yet (``web_return_line`` rows of returns not in ``return_ids_json``). The window
(``return_by``) and non-returnable items are enforced here; either needs a manager's
approval (``web_return.override``, recorded on the return and in its fact).

Refund methods:

- ``online_payment``: the refund is owed to the order's online payment; the till pays
  nothing (an ``online_payment`` tender) and the backend records it for the payment
  integration. Only for orders paid online.
- ``store_credit``: a store-credit voucher, as the till's own returns issue it.
- ``exchange``: the goods' value pays for items taken from the store, through the till's
  exchange (``checkout.returns.ReturnsSession.start_web_exchange`` and
  ``SalesService.complete_exchange``); what the new items do not use goes back to the online
  payment, or as store credit when the order was not paid online.

The return itself is ``SalesService.complete_return`` (or ``complete_exchange``) with this
module's ``WebReturnOrigin``: one transaction writes the refund receipt, the goods back into
this store's stock, the voucher if any, the local ``web_return`` rows, the fact and the
print job.
"""

from __future__ import annotations

import builtins
import json
import logging
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine

from pos_app.domain.ids import new_id
from pos_app.domain.names import name_in, parse_names
from pos_app.domain.returns import ReturnLine
from pos_app.domain.roles import Approval, ApprovalPolicy
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.domain.text import fold
from pos_app.errors import UserError
from pos_app.services.clock import Clock
from pos_app.services.order_search import (
    CONTROL,
    like_pattern,
    number_for,
    parse_qr,
    phone_query,
)
from pos_app.services.sales import ReturnRequest
from pos_app.storage.queries import web_returns as web_queries
from pos_app.storage.tables import utc_from_db
from sync.protocol.arithmetic import part_refund
from sync.protocol.facts import Approval as ApprovalFact
from sync.protocol.facts import WebOrderReturned, WebReturn, WebReturnLine

log = logging.getLogger(__name__)

REFUND_METHODS = ("online_payment", "store_credit", "exchange")
OVERRIDE_ACTION = "web_return.override"
_MAX_LIMIT = 200


# -- views --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WebLineView:
    sku: str
    name: str
    product_id: str  # this terminal's product with the SKU; "" when the catalog lacks it
    vat_rate: int
    sold_by_weight: bool
    qty_milli: int  # what the customer took
    unit_price_minor: int
    returned_milli: int  # taken back in stores, as the backend last said
    pending_milli: int  # taken back here, not yet in the backend's copy
    returnable: bool  # False: needs a manager's override
    names: dict[str, str] = field(default_factory=dict)  # the catalog's, by language

    def name_in(self, language: str) -> str:
        """The item's name in ``language`` from this till's catalog, else the order's."""
        return name_in(self.names, language, self.name)

    @property
    def left_milli(self) -> int:
        """What may still come back."""
        return max(0, self.qty_milli - self.returned_milli - self.pending_milli)

    def refund_minor(self, qty_milli: int) -> int:
        """What ``qty_milli`` more of the line refunds: the line's total for what is left less
        its total for what stays, so all returns of a line add up to what was paid for it."""
        return part_refund(self.unit_price_minor, self.left_milli, qty_milli)


@dataclass(frozen=True, slots=True)
class WebOrderView:
    order_id: str
    number: str
    fulfilment: str  # pickup | delivery
    store_code: str
    state: str  # collected | delivered
    customer_name: str
    phone: str
    pickup_code: str
    paid: bool
    payment_method: str  # online | in_store
    currency: str
    total_minor: int
    refunded_minor: int
    lines: tuple[WebLineView, ...]
    returnable_from: datetime
    return_by: datetime
    synced_at: datetime
    unsynced_returns: int  # returns made here the backend's copy does not list yet

    @property
    def paid_online(self) -> bool:
        return self.paid and self.payment_method == "online"

    def methods(self) -> tuple[str, ...]:
        """The refund methods this order allows."""
        if self.paid_online:
            return REFUND_METHODS
        return ("store_credit", "exchange")

    def inside_window(self, now: datetime) -> bool:
        return now <= self.return_by

    def line(self, sku: str) -> WebLineView | None:
        return next((line for line in self.lines if line.sku == sku), None)


@dataclass(frozen=True, slots=True)
class ChosenLine:
    sku: str
    name: str
    qty_milli: int
    amount_minor: int


# -- the origin of a return (sales.ReturnOrigin) ------------------------------------------------


@dataclass(frozen=True, slots=True)
class WebReturnOrigin:
    """A web order's goods coming back; plugged into ``SalesService`` as the return's origin."""

    order: WebOrderView
    chosen: tuple[ChosenLine, ...]
    method: str
    approval: Approval | None
    override_reasons: tuple[str, ...]  # outside_window, non_returnable

    def refund_tenders(self, amount_minor: int) -> list[Tender]:
        if not self.order.paid_online:
            raise UserError(
                "web_return.not_paid_online",
                f"{self.order.number} was not paid online: refund as store credit",
                number=self.order.number,
            )
        return [
            Tender(new_id(), TenderKind.ONLINE_PAYMENT, -amount_minor, reference=self.order.number)
        ]

    def recheck(self, conn: Connection) -> None:
        """Under the write lock: the replica may have changed since the look-up (a pull, a
        return on this till in another window), so what is left is counted again."""
        fresh = _views(conn, web_queries.orders_by_id(conn, order_id=self.order.order_id))
        if not fresh:
            raise UserError(
                "web_return.unknown_order",
                f"Web order {self.order.number} is no longer returnable here",
                number=self.order.number,
            )
        for chosen in self.chosen:
            line = fresh[0].line(chosen.sku)
            if line is None or chosen.qty_milli > line.left_milli:
                raise UserError(
                    "web_return.quantity_exceeds",
                    f"Only {0 if line is None else line.left_milli} of {chosen.name} can still "
                    "be returned",
                    name=chosen.name,
                    left_milli=0 if line is None else line.left_milli,
                )

    def fact(self) -> tuple[type[WebOrderReturned], dict[str, Any]]:
        return WebOrderReturned, {"web_return": self.payload()}

    def payload(self) -> dict[str, Any]:
        """The return's ``web_return`` block (``sync.protocol.facts.WebReturn``)."""
        return WebReturn(
            order_id=self.order.order_id,
            number=self.order.number,
            refund_method=self.method,  # type: ignore[arg-type]  # checked in request()
            lines=[
                WebReturnLine(sku=c.sku, qty_milli=c.qty_milli, amount_minor=c.amount_minor)
                for c in self.chosen
            ],
            override=None
            if self.approval is None
            else ApprovalFact.model_validate(self.approval.to_dict()),
            override_reasons=list(self.override_reasons),
        ).payload()

    def record(self, conn: Connection, sale_id: str, mutation_id: str, now: datetime) -> None:
        web_queries.insert_web_return(
            conn,
            web_return={
                "id": sale_id,
                "web_order_id": self.order.order_id,
                "number": self.order.number,
                "refund_method": self.method,
                "mutation_id": mutation_id,
                "created_at": now,
            },
            lines=[
                {
                    "id": new_id(),
                    "web_return_id": sale_id,
                    "web_order_id": self.order.order_id,
                    "sku": c.sku,
                    "qty_milli": c.qty_milli,
                    "amount_minor": c.amount_minor,
                }
                for c in self.chosen
            ],
        )
        log.info("web return of %s recorded as %s", self.order.number, sale_id)

    def state(self) -> dict[str, Any]:
        """What an unfinished exchange keeps in the draft sale (``WebReturnService.restore``)."""
        return {
            "order_id": self.order.order_id,
            "quantities": {c.sku: c.qty_milli for c in self.chosen},
            "method": self.method,
            "approval": self.approval.to_dict() if self.approval is not None else None,
        }


# -- the service ---------------------------------------------------------------------------------


class WebReturnService:
    """Find web orders on the replica and turn chosen lines into a ``ReturnRequest``."""

    def __init__(
        self, engine: Engine, clock: Clock, policy: ApprovalPolicy, currency: str = "TRY"
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._policy = policy
        self._currency = currency

    # -- look-up ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 30) -> builtins.list[WebOrderView]:
        """Orders matching ``query``: an order number, a QR payload (that order when its code
        matches), phone digits in any format, or words of the name (Turkish-folded, every word
        must match). Exact number matches first, then the most recently collected."""
        cleaned = CONTROL.sub(" ", query).strip()
        if not cleaned:
            return []
        if parse_qr(cleaned) is not None:
            found = self.by_scan(cleaned)
            return [found] if found is not None else []
        limit = max(1, min(int(limit), _MAX_LIMIT))
        patterns = sorted({like_pattern(word) for word in fold(cleaned).split()})
        phone = phone_query(cleaned)
        phone_pattern = None
        if phone is not None and [like_pattern(phone)] != patterns:
            phone_pattern = like_pattern(phone)
        number = number_for(cleaned) or ""
        with self._engine.connect() as conn:
            rows = web_queries.search_orders(
                conn,
                number=number,
                word_patterns=patterns,
                phone_pattern=phone_pattern,
                limit=limit,
            )
            views = _views(conn, rows)
        views.sort(key=lambda v: v.number != number)  # stable: newest first otherwise
        return views

    def by_scan(self, code: str) -> WebOrderView | None:
        """A scanned QR (the order when its number AND code match) or a bare order number."""
        cleaned = code.strip()
        qr = parse_qr(cleaned)
        number = qr[0] if qr is not None else number_for(cleaned)
        if number is None:
            return None
        view = self.find(number)
        if view is None:
            return None
        if (
            qr is not None
            and view.pickup_code
            and not secrets.compare_digest(view.pickup_code, qr[1])
        ):
            return None
        return view

    def find(self, number: str) -> WebOrderView | None:
        """The order with this number (``W-000123``, ``123``), if this terminal has it."""
        normalised = number_for(number.strip())
        if normalised is None:
            return None
        with self._engine.connect() as conn:
            views = _views(conn, web_queries.orders_by_number(conn, number=normalised))
        return views[0] if views else None

    def get(self, order_id: str) -> WebOrderView | None:
        with self._engine.connect() as conn:
            views = _views(conn, web_queries.orders_by_id(conn, order_id=order_id))
        return views[0] if views else None

    def last_synced_at(self) -> datetime | None:
        """When the web orders were last known good: the later of the last successful sync
        round and the newest pulled order."""
        with self._engine.connect() as conn:
            row = web_queries.last_web_order_sync_moments(conn)
        moments = [utc_from_db(value) for value in row if value is not None]
        return max(moments) if moments else None

    # -- the rules ----------------------------------------------------------------------------

    def needs_override(self, order: WebOrderView, quantities: Mapping[str, int]) -> tuple[str, ...]:
        """Why returning ``quantities`` of ``order`` needs a manager (empty: it does not)."""
        reasons = []
        if not order.inside_window(self._clock.now()):
            reasons.append("outside_window")
        for sku, qty in quantities.items():
            line = order.line(sku)
            if qty and line is not None and not line.returnable:
                reasons.append("non_returnable")
                break
        return tuple(reasons)

    def request(
        self,
        order_id: str,
        quantities: Mapping[str, int],
        method: str,
        approval: Approval | None = None,
    ) -> ReturnRequest:
        """The return of ``quantities`` (SKU -> thousandths; 0 leaves a line) of the order, to
        be refunded by ``method``. Raises ``UserError`` naming the problem (nothing is
        written here); ``approval.required`` with ``action=web_return.override`` when the
        window is over or an item is not returnable and no manager approved it."""
        order = self.get(order_id)
        if order is None:
            raise UserError(
                "web_return.unknown_order",
                f"No returnable web order {order_id} in the last synced data",
                number=order_id,
            )
        if method not in REFUND_METHODS:
            raise UserError(
                "web_return.bad_method",
                f"Unknown refund method {method!r}; expected one of {REFUND_METHODS}",
                method=method,
            )
        if method == "online_payment" and not order.paid_online:
            raise UserError(
                "web_return.not_paid_online",
                f"{order.number} was not paid online: refund as store credit or exchange",
                number=order.number,
            )
        if order.currency != self._currency:
            raise UserError(
                "web_return.currency",
                f"{order.number} was paid in {order.currency}, this till works in {self._currency}",
                currency=order.currency,
            )
        chosen = self._chosen(order, quantities)
        reasons = self.needs_override(order, {c.sku: c.qty_milli for c in chosen})
        if reasons:
            if approval is None or approval.action != OVERRIDE_ACTION:
                raise UserError(
                    "approval.required",
                    f"Returning this of {order.number} needs a manager: {', '.join(reasons)}",
                    action=OVERRIDE_ACTION,
                    reasons=list(reasons),
                )
            if approval.approver_role.rank < self._policy.web_return_override_role.rank:
                raise UserError("approval.insufficient_role", "That role cannot approve this")
        lines = []
        for c in chosen:
            line = order.line(c.sku)
            assert line is not None  # checked by _chosen
            lines.append(
                ReturnLine(
                    None,
                    line.product_id,
                    line.sku,
                    line.name,
                    line.vat_rate,
                    Decimal(c.qty_milli) / 1000,
                    c.amount_minor,
                    line.sold_by_weight,
                )
            )
        origin = WebReturnOrigin(
            order=order,
            chosen=tuple(chosen),
            method=method,
            approval=approval if reasons else None,
            override_reasons=reasons,
        )
        # An exchange's leftover goes back online when it can, else as store credit.
        to_store_credit = method == "store_credit" or (
            method == "exchange" and not order.paid_online
        )
        return ReturnRequest(
            lines=lines,
            original=None,
            to_store_credit=to_store_credit,
            approval=approval if reasons else None,
            origin=origin,
        )

    def _chosen(self, order: WebOrderView, quantities: Mapping[str, int]) -> list[ChosenLine]:
        chosen: list[ChosenLine] = []
        for sku, qty in quantities.items():
            line = order.line(sku)
            if line is None:
                raise UserError(
                    "web_return.unknown_line",
                    f"{sku} is not on web order {order.number}",
                    sku=sku,
                    number=order.number,
                )
            if isinstance(qty, bool) or not isinstance(qty, int) or qty < 0:
                raise UserError(
                    "web_return.bad_quantity",
                    f"{line.name}: {qty!r} is not a quantity",
                    name=line.name,
                )
            if qty == 0:
                continue
            if not line.sold_by_weight and qty % 1000:
                raise UserError(
                    "web_return.bad_quantity",
                    f"{line.name} comes back in whole pieces, not {qty / 1000}",
                    name=line.name,
                )
            if qty > line.left_milli:
                raise UserError(
                    "web_return.quantity_exceeds",
                    f"Only {line.left_milli / 1000} of {line.name} can still be returned",
                    name=line.name,
                    left_milli=line.left_milli,
                )
            if not line.product_id:
                raise UserError(
                    "web_return.unknown_product",
                    f"{line.sku} ({line.name}) is not in this till's catalog",
                    sku=line.sku,
                )
            chosen.append(ChosenLine(sku, line.name, qty, line.refund_minor(qty)))
        if not chosen:
            raise UserError("return.empty", "Choose what is being returned")
        return chosen

    def restore(self, state: Mapping[str, Any]) -> ReturnRequest:
        """The web return of an unfinished exchange, from the draft sale (``origin.state()``),
        checked again against what is returnable now."""
        approval = state.get("approval")
        return self.request(
            str(state["order_id"]),
            {str(sku): int(qty) for sku, qty in dict(state["quantities"]).items()},
            str(state["method"]),
            Approval.from_dict(approval) if approval else None,
        )


def origin_state(request: ReturnRequest) -> dict[str, Any] | None:
    """The draft state of a web return (None when ``request`` is not one)."""
    origin = request.origin
    return origin.state() if isinstance(origin, WebReturnOrigin) else None


# -- reading the replica ------------------------------------------------------------------------


def _views(conn: Connection, rows: Sequence[Any]) -> builtins.list[WebOrderView]:
    """The views of these ``web_order`` rows, with what was returned here and not yet
    applied by the backend, and this till's products."""
    if not rows:
        return []
    parsed = {str(r.id): json.loads(r.lines_json or "[]") for r in rows}
    applied = {str(r.id): set(json.loads(r.return_ids_json or "[]")) for r in rows}
    pending: dict[str, dict[str, int]] = {order_id: {} for order_id in parsed}
    unsynced: dict[str, set[str]] = {order_id: set() for order_id in parsed}
    for r in web_queries.return_lines_of(conn, order_ids=list(parsed)):
        order_id, return_id = str(r.web_order_id), str(r.web_return_id)
        if return_id in applied[order_id]:
            continue  # the backend's returned quantities include it already
        pending[order_id][str(r.sku)] = pending[order_id].get(str(r.sku), 0) + int(r.qty_milli)
        unsynced[order_id].add(return_id)
    skus = sorted({str(line["sku"]) for lines in parsed.values() for line in lines})
    products = web_queries.products_by_sku(conn, skus=skus)
    views = []
    for r in rows:
        order_id = str(r.id)
        lines = []
        for item in parsed[order_id]:
            sku = str(item["sku"])
            product = products.get(sku)
            lines.append(
                WebLineView(
                    sku=sku,
                    name=str(item.get("name") or sku),
                    product_id=str(product.id) if product is not None else "",
                    vat_rate=int(product.vat_rate) if product is not None else 0,
                    sold_by_weight=bool(product.sold_by_weight) if product is not None else False,
                    qty_milli=int(item["qty_milli"]),
                    unit_price_minor=int(item["unit_price_minor"]),
                    returned_milli=int(item.get("returned_milli") or 0),
                    pending_milli=pending[order_id].get(sku, 0),
                    returnable=bool(item.get("returnable", True)),
                    names=parse_names(product.names_json) if product is not None else {},
                )
            )
        views.append(
            WebOrderView(
                order_id=order_id,
                number=str(r.number),
                fulfilment=str(r.fulfilment),
                store_code=str(r.store_code or ""),
                state=str(r.state),
                customer_name=str(r.customer_name),
                phone=str(r.phone or ""),
                pickup_code=str(r.pickup_code or ""),
                paid=bool(r.paid),
                payment_method=str(r.payment_method),
                currency=str(r.currency),
                total_minor=int(r.total_minor),
                refunded_minor=int(r.refunded_minor),
                lines=tuple(lines),
                returnable_from=utc_from_db(r.returnable_from),
                return_by=utc_from_db(r.return_by),
                synced_at=utc_from_db(r.synced_at),
                unsynced_returns=len(unsynced[order_id]),
            )
        )
    return views
