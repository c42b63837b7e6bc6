"""The pickup desk (``PickupService``): its tabs, search and scan, and the transitions
prepare / ready / hand over, each written at once as a ``pickup.transition`` fact plus a
``pickup_transition`` row (``services.pickup`` holds the orders as the desk sees them and the
rules; ``storage.queries.pickups`` the SQL)."""

from __future__ import annotations

import builtins
import logging
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine

from pos_app.domain.ids import new_id
from pos_app.domain.names import parse_names
from pos_app.domain.text import fold
from pos_app.errors import UserError
from pos_app.services.clock import Clock, local_date
from pos_app.services.order_search import CONTROL, like_pattern, number_for, parse_qr, phone_query
from pos_app.services.pickup import (
    FINAL_STATES,
    OPEN_STATES,
    TABS,
    PickupLineView,
    PickupView,
    Transition,
    effective_state,
    order_lines,
    pickup_line_total,
    refusals,
    transition_of,
    verify_customer,
)
from pos_app.services.terminal import TerminalInfo
from pos_app.storage.audit import audit
from pos_app.storage.database import write_transaction
from pos_app.storage.outbox import append_fact
from pos_app.storage.queries import pickups as pickup_queries
from pos_app.storage.queries import sales as sales_queries
from pos_app.storage.tables import utc_from_db
from sync.protocol import canonical_json
from sync.protocol.facts import HandoverDetail, PickupTransition

log = logging.getLogger(__name__)

_MAX_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class OrderElsewhere:
    """A pickup order this store's desk does not hold (``PickupService.elsewhere``): another
    store's, or a collected one only the chain's returnable web orders still list."""

    number: str
    store_code: str
    store_name: str  # "" when the replica has no such store
    state: str
    paid: bool
    qty_milli: tuple[int, ...]  # per line


class PickupService:
    """The pickup desk: tabs, search, scan, and prepare / ready / hand over."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        terminal: TerminalInfo,
        timezone: str,
        after_commit: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._terminal = terminal
        self._timezone = timezone
        # Called after every committed transition (the sync worker's notify()).
        self._after_commit = after_commit

    # -- reading ----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many orders each tab holds (one query)."""
        with self._engine.connect() as conn:
            row = pickup_queries.tab_counts(
                conn, store_code=self._terminal.store_code, now=self._clock.now()
            )
        return {tab: int(row[index]) for index, tab in enumerate(TABS)}

    def list(self, tab: str, limit: int = 500) -> list[PickupView]:
        """The orders of a tab (``TABS``), by effective state.

        Open tabs: overdue first, then by pickup deadline, then by age. The collected and
        cancelled tabs show the newest orders first (they only grow).
        """
        if tab not in pickup_queries.TAB_FILTERS:
            raise ValueError(f"unknown pickup tab {tab!r}; expected one of {TABS}")
        now = self._clock.now()
        with self._engine.connect() as conn, conn.begin():  # one snapshot for both steps
            # Filter and sort on narrow rows, then fetch the page's full rows (with lines).
            rowids = pickup_queries.tab_rowids(
                conn,
                store_code=self._terminal.store_code,
                tab=tab,
                now=now,
                limit=_clamp(limit),
                newest_first=tab in FINAL_STATES,
            )
            return self._by_rowids(conn, rowids, now)

    def search(self, query: str, limit: int = 50) -> builtins.list[PickupView]:
        """Orders in any state matching ``query``: an order number (``W-000123``, ``w123``,
        ``123``), words of the customer's name (Turkish-folded, every word must match), phone
        digits (``0532 123 45 67``, ``+90 532 ...``), a pickup code, or a full QR payload
        (that one order, only when its code matches).

        Exact number or code matches first, then the newest other matches; among those, open
        orders before collected and cancelled ones.
        """
        cleaned = CONTROL.sub(" ", query).strip()
        if not cleaned:
            return []
        if parse_qr(cleaned) is not None:
            found = self.by_scan(cleaned)
            return [found] if found is not None else []
        limit = _clamp(limit)
        store = self._terminal.store_code
        patterns = sorted({like_pattern(word) for word in fold(cleaned).split()})
        phone = phone_query(cleaned)
        phone_pattern = None
        if phone is not None and [like_pattern(phone)] != patterns:
            phone_pattern = like_pattern(phone)
        now = self._clock.now()
        with self._engine.connect() as conn, conn.begin():  # one snapshot for all the steps
            # Exact hits through the number and code indexes; the rest newest first up to
            # the limit (a covering index). Then the few rows found are fetched.
            exact_rows = pickup_queries.exact_matches(
                conn, store_code=store, number=number_for(cleaned) or "", code=cleaned
            )
            broad_ids = pickup_queries.search_rowids(
                conn,
                store_code=store,
                word_patterns=patterns,
                phone_pattern=phone_pattern,
                limit=limit,
            )
            rowids = list(dict.fromkeys([int(r[0]) for r in exact_rows] + broad_ids))[:limit]
            views = self._by_rowids(conn, rowids, now)
        exact_orders = {str(r[1]) for r in exact_rows}
        # Stable sorts: newest first, then exact hits and open orders ahead.
        views.sort(key=lambda v: v.created_at, reverse=True)
        views.sort(key=lambda v: (v.order_id not in exact_orders, v.state not in OPEN_STATES))
        return views

    def by_scan(self, code: str) -> PickupView | None:
        """A scanned QR payload (the order when its number AND pickup code match) or a bare
        order number; None otherwise."""
        cleaned = code.strip()
        qr = parse_qr(cleaned)
        if qr is not None:
            number, pin = qr
        else:
            normalised = number_for(cleaned)
            if normalised is None:
                return None
            number, pin = normalised, ""
        views = self._select(number=number)
        if not views:
            return None
        view = views[0]
        if qr is not None and not secrets.compare_digest(view.pickup_code, pin):
            return None
        return view

    def elsewhere(self, code: str) -> OrderElsewhere | None:
        """The order of a scanned QR payload (number AND pickup code must match) when this
        store's desk does not hold it; None for anything else."""
        qr = parse_qr(code.strip())
        if qr is None:
            return None
        number, pin = qr
        with self._engine.connect() as conn:
            rows = pickup_queries.orders_elsewhere(
                conn, store_code=self._terminal.store_code, number=number
            )
        for row in rows:
            if pin and secrets.compare_digest(str(row[3]), pin):
                return OrderElsewhere(
                    number=number,
                    store_code=str(row[0]),
                    store_name=str(row[1]),
                    state=str(row[2]),
                    paid=bool(row[4]),
                    qty_milli=tuple(line["qty_milli"] for line in order_lines(str(row[5]))),
                )
        return None

    def get(self, order_id: str) -> PickupView | None:
        views = self._select(order_id=order_id)
        return views[0] if views else None

    def last_synced_at(self) -> datetime | None:
        """When the pickup data was last known good: the later of the last successful sync
        round and the newest pulled order change."""
        with self._engine.connect() as conn:
            row = pickup_queries.last_pickup_sync_moments(conn)
        moments = [utc_from_db(value) for value in row if value is not None]
        return max(moments) if moments else None

    # -- transitions ------------------------------------------------------------------------

    def prepare(self, order_id: str, user_id: str | None) -> PickupView:
        """placed -> prepared: the goods are picked."""
        return self._transition(
            order_id, user_id, "placed", "prepared", lambda _conn, _view: {"user_id": user_id}
        )

    def mark_ready(self, order_id: str, user_id: str | None) -> PickupView:
        """prepared -> ready: packed and waiting at the desk."""
        return self._transition(
            order_id, user_id, "prepared", "ready", lambda _conn, _view: {"user_id": user_id}
        )

    def hand_over(
        self,
        order_id: str,
        user_id: str | None,
        *,
        verified_by: str,
        code: str = "",
        id_note: str = "",
        refused: Mapping[str, int] | None = None,
        payment_sale_id: str | None = None,
        conn: Connection | None = None,
    ) -> PickupView:
        """ready -> collected: the customer proved who they are and took the goods.

        ``verified_by``: ``code`` or ``qr`` (``code`` must be the pickup code; for ``qr`` the
        whole payload is accepted too) or ``id`` (``id_note`` says which ID was checked).
        ``refused``: SKU -> refused quantity in thousandths. An order paid in store needs the
        id of the sale that took the payment; ``conn``: that sale's open transaction, so
        the payment and the handover commit together or not at all.
        """

        def detail(conn: Connection, view: PickupView) -> dict[str, Any]:
            note = verify_customer(view, verified_by, code, id_note)
            refused_lines, refund = refusals(view, refused or {})
            if not view.paid:
                refund = 0  # nothing was charged online, so nothing goes back
                if not payment_sale_id:
                    raise UserError(
                        "pickup.unpaid",
                        f"{view.number} is paid in store: take the payment first",
                        number=view.number,
                    )
            if payment_sale_id is not None and not sales_queries.completed_sale_exists(
                conn, sale_id=payment_sale_id
            ):
                raise UserError(
                    "pickup.unknown_sale",
                    f"No completed sale {payment_sale_id} paid for {view.number}",
                    number=view.number,
                    sale_id=payment_sale_id,
                )
            return {
                "verified_by": verified_by,
                "id_note": note,
                "refused_lines": refused_lines,
                "refund_minor": refund,
                "user_id": user_id,
                "payment_sale_id": payment_sale_id,
            }

        return self._transition(
            order_id, user_id, "ready", "collected", detail, audited=True, conn=conn
        )

    def verify(self, view: PickupView, verified_by: str, code: str = "", id_note: str = "") -> str:
        """Check the customer's pickup code (or the ID note) before ringing up a pay-in-store
        order, so a wrong code is caught before the payment; returns the ID note to record."""
        return verify_customer(view, verified_by, code, id_note)

    def _transition(
        self,
        order_id: str,
        user_id: str | None,
        from_state: str,
        to_state: str,
        make_detail: Callable[[Connection, PickupView], dict[str, Any]],
        *,
        audited: bool = False,
        conn: Connection | None = None,
    ) -> PickupView:
        if conn is not None:  # inside the caller's transaction, which commits and notifies
            return self._transition_in(
                conn, order_id, user_id, from_state, to_state, make_detail, audited
            )
        with write_transaction(self._engine) as own:
            after = self._transition_in(
                own, order_id, user_id, from_state, to_state, make_detail, audited
            )
        if self._after_commit is not None:
            self._after_commit()
        return after

    def _transition_in(
        self,
        conn: Connection,
        order_id: str,
        user_id: str | None,
        from_state: str,
        to_state: str,
        make_detail: Callable[[Connection, PickupView], dict[str, Any]],
        audited: bool,
    ) -> PickupView:
        now = self._clock.now()
        found = self._select(order_id=order_id, conn=conn)
        if not found:
            raise UserError(
                "pickup.unknown_order", f"No pickup order {order_id} here", order_id=order_id
            )
        view = found[0]
        if view.state != from_state:
            raise UserError(
                "pickup.wrong_state",
                f"{view.number} is {view.state}, not {from_state}",
                number=view.number,
                state=view.state,
            )
        detail = make_detail(conn, view)
        fact = PickupTransition(
            order_id=view.order_id,
            number=view.number,
            store_code=self._terminal.store_code,
            from_state=from_state,
            to_state=to_state,
            detail=HandoverDetail.model_validate(detail),
        )
        mutation_id, _seq = append_fact(
            conn,
            fact,
            occurred_at=now,
            business_date=local_date(now, self._timezone),
        )
        version = pickup_queries.replica_version(conn, order_id=order_id)
        pickup_queries.insert_transition(
            conn,
            row={
                "id": new_id(),
                "order_id": view.order_id,
                "number": view.number,
                "from_state": from_state,
                "to_state": to_state,
                "mutation_id": mutation_id,
                "replica_version": version,
                "user_id": user_id,
                "detail_json": canonical_json(detail),
                "occurred_at": now,
            },
        )
        if audited:
            audit(
                conn,
                action="pickup.handed_over",
                at=now,
                user_id=user_id,
                sale_id=detail.get("payment_sale_id"),
                detail={"order_id": view.order_id, "number": view.number, **detail},
            )
        after = self._select(order_id=order_id, conn=conn)[0]
        log.info("pickup %s: %s -> %s", view.number, from_state, to_state)
        return after

    # -- helpers ----------------------------------------------------------------------------

    def _by_rowids(
        self, conn: Connection, rowids: Sequence[int], now: datetime
    ) -> builtins.list[PickupView]:
        """The views of these rows, in this order, with their effective states."""
        rows = pickup_queries.orders_by_rowids(conn, rowids=rowids)
        return self._views(conn, rows, {r.id: transition_of(r) for r in rows}, now)

    def _select(
        self,
        *,
        number: str | None = None,
        order_id: str | None = None,
        conn: Connection | None = None,
    ) -> builtins.list[PickupView]:
        """This store's orders with ``number`` or ``order_id``, with their effective state."""
        store = self._terminal.store_code
        now = self._clock.now()
        if conn is not None:
            rows = pickup_queries.orders_where(
                conn, store_code=store, number=number, order_id=order_id
            )
            return self._views(conn, rows, {r.id: transition_of(r) for r in rows}, now)
        with self._engine.connect() as own:
            rows = pickup_queries.orders_where(
                own, store_code=store, number=number, order_id=order_id
            )
            return self._views(own, rows, {r.id: transition_of(r) for r in rows}, now)

    def _views(
        self,
        conn: Connection,
        rows: Sequence[Any],
        newest: Mapping[str, Transition | None],
        now: datetime,
    ) -> builtins.list[PickupView]:
        parsed = {r.id: order_lines(r.lines_json) for r in rows}
        local = _products(conn, {line["sku"] for lines in parsed.values() for line in lines})
        views = []
        for r in rows:
            state, pending, conflict = effective_state(
                str(r.state), int(r.version), newest.get(r.id)
            )
            pickup_by = utc_from_db(r.pickup_by) if r.pickup_by is not None else None
            views.append(
                PickupView(
                    order_id=str(r.id),
                    number=str(r.number),
                    state=state,
                    customer_name=str(r.customer_name),
                    phone=str(r.phone),
                    pickup_code=str(r.pickup_code),
                    paid=bool(r.paid),
                    total_minor=int(r.total_minor),
                    currency=str(r.currency),
                    lines=tuple(
                        PickupLineView(
                            product_id=local[line["sku"]][0] if line["sku"] in local else "",
                            sku=line["sku"],
                            name=line["name"],
                            qty_milli=line["qty_milli"],
                            unit_price_minor=line["unit_price_minor"],
                            bin=line["bin"],
                            total_minor=pickup_line_total(
                                line["unit_price_minor"], line["qty_milli"]
                            ),
                            names=local[line["sku"]][1] if line["sku"] in local else {},
                        )
                        for line in parsed[r.id]
                    ),
                    created_at=utc_from_db(r.created_at),
                    pickup_by=pickup_by,
                    overdue=state in OPEN_STATES and pickup_by is not None and pickup_by < now,
                    pending=pending,
                    conflict=conflict,
                    synced_at=utc_from_db(r.synced_at),
                )
            )
        return views


def _clamp(limit: int) -> int:
    """A page size between 1 and ``_MAX_LIMIT``."""
    return max(1, min(int(limit), _MAX_LIMIT))


def _products(conn: Connection, skus: Iterable[str]) -> dict[str, tuple[str, dict[str, str]]]:
    """The terminal's product id and names per SKU (the lines carry the backend's ids and
    one name)."""
    return {
        str(r.sku): (str(r.id), parse_names(r.names_json))
        for r in pickup_queries.products_by_sku(conn, skus=sorted(skus))
    }
