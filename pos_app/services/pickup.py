"""Buy online, pick up in store: the pickup desk's orders, search and state changes.

The orders are the backend's (``pickup_order``, a replica pulled for this store); the backend's
state machine decides every transition (docs/sync-protocol.md "Conflict rules"). A transition
made here is written at once as a ``pickup.transition`` fact plus a ``pickup_transition`` row,
so the desk works offline, and the order shows its *effective* state:

- the newest local transition's ``to_state`` while its fact is not acked (``pending``);
- the same after the backend applied it, until the pull brings the order's next version;
- the replica's state otherwise; when the backend rejected the newest local transition
  (``state_conflict``: cancelled online meanwhile, ...), with its reason in ``conflict``.

Search uses ``pickup_order.search_text`` (see ``pickup_search_text``) with LIKE and a LIMIT,
then computes the effective states of the returned rows in one query.
"""

from __future__ import annotations

import builtins
import json
import logging
import re
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, text

from pos_app.domain.ids import new_id
from pos_app.domain.names import name_in, parse_names
from pos_app.domain.text import fold
from pos_app.errors import UserError
from pos_app.services.clock import Clock, local_date
from pos_app.services.terminal import TerminalInfo
from pos_app.storage.audit import audit
from pos_app.storage.database import write_transaction
from pos_app.storage.outbox import append_fact
from pos_app.storage.tables import sqlite_stamp, table, utc_from_db
from sync.protocol import canonical_json
from sync.protocol.arithmetic import line_total, part_refund
from sync.protocol.facts import HandoverDetail, PickupTransition

log = logging.getLogger(__name__)

TABS = ("to_prepare", "ready", "overdue", "collected", "cancelled")
OPEN_STATES = ("placed", "prepared", "ready")
FINAL_STATES = ("collected", "cancelled")
VERIFICATIONS = ("code", "qr", "id")
QR_PREFIX = "POSPICKUP:"
SEPARATOR = "\x1f"  # between the parts of search_text: no one types it, so no match spans two

_PHONE_DIGITS = 10  # a Turkish number without its trunk 0 or country code 90: 532 123 45 67
_NUMBER_RE = re.compile(r"([a-z]{0,3})-?0*([0-9]{1,9})")
_PHONE_RE = re.compile(r"[0-9\s()+\-./]+")
_NON_DIGITS = re.compile(r"[^0-9]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MAX_LIMIT = 1000


# -- search text ------------------------------------------------------------------------------


def phone_key(phone: str) -> str:
    """The digits of a phone number, at most the last 10 (``+90 532 ...`` and ``0532 ...``
    both give ``532...``)."""
    return _NON_DIGITS.sub("", phone)[-_PHONE_DIGITS:]


def pickup_search_text(number: str, customer_name: str, phone: str, pickup_code: str) -> str:
    """What ``pickup_order.search_text`` holds: fold(number), fold(name), the phone's last 10
    digits and the pickup code, joined by U+001F. Everything that writes the replica uses it."""
    return SEPARATOR.join(
        (
            fold(number.strip()),
            " ".join(fold(_CONTROL.sub(" ", customer_name)).split()),
            phone_key(phone),
            pickup_code.strip(),
        )
    )


def _like(fragment: str) -> str:
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _number_for(query: str) -> str | None:
    """``123``, ``w123``, ``W-000123`` -> ``W-000123`` (the backend's order numbers)."""
    match = _NUMBER_RE.fullmatch(fold(query).replace(" ", ""))
    if match is None:
        return None
    return f"{(match.group(1) or 'w').upper()}-{int(match.group(2)):06d}"


def _phone_query(query: str) -> str | None:
    """The digits to look for when ``query`` looks like (part of) a phone number."""
    if not _PHONE_RE.fullmatch(query):
        return None
    digits = _NON_DIGITS.sub("", query)
    if query.lstrip().startswith("+"):
        digits = digits.removeprefix("90")  # the country code; foreign numbers stay whole
    elif digits.startswith("0090"):
        digits = digits[4:]
    elif digits.startswith("0"):
        digits = digits[1:]  # the trunk prefix
    digits = digits[-_PHONE_DIGITS:]
    return digits if len(digits) >= 3 else None


def _parse_qr(code: str) -> tuple[str, str] | None:
    """``POSPICKUP:W-000123:123456`` -> (number, pickup code)."""
    if code[: len(QR_PREFIX)].upper() != QR_PREFIX:
        return None
    parts = code[len(QR_PREFIX) :].split(":")
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return None
    return parts[0].strip().upper(), parts[1].strip()


# -- views --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PickupLineView:
    product_id: str  # the terminal's product with the line's SKU; "" when it has none
    sku: str
    name: str
    qty_milli: int
    unit_price_minor: int
    bin: str
    total_minor: int
    names: dict[str, str] = field(default_factory=dict)  # the catalog's, by language

    def name_in(self, language: str) -> str:
        """The item's name in ``language`` from this till's catalog, else the order's."""
        return name_in(self.names, language, self.name)


@dataclass(frozen=True, slots=True)
class PickupView:
    order_id: str
    number: str
    state: str  # the effective state (module docstring)
    customer_name: str
    phone: str
    pickup_code: str
    paid: bool
    total_minor: int
    currency: str
    lines: tuple[PickupLineView, ...]
    created_at: datetime
    pickup_by: datetime | None
    overdue: bool  # open and pickup_by < now
    pending: bool  # a local transition not yet confirmed by the backend
    conflict: str  # "" or the backend's reason when the newest local transition was rejected
    synced_at: datetime


@dataclass(frozen=True, slots=True)
class _Transition:
    """The newest local transition of an order and what became of its fact."""

    to_state: str
    replica_version: int
    acked: bool
    outcome: str
    reason: str


def _effective(
    replica_state: str, version: int, newest: _Transition | None
) -> tuple[str, bool, str]:
    """(state, pending, conflict); mirrors ``_EFFECTIVE_SQL``."""
    if newest is None:
        return replica_state, False, ""
    if not newest.acked:
        return newest.to_state, True, ""
    if newest.outcome in ("applied", "duplicate"):
        caught_up = version != newest.replica_version
        return (replica_state if caught_up else newest.to_state), False, ""
    if newest.outcome == "rejected":
        return replica_state, False, newest.reason or "rejected"
    return replica_state, False, ""


_EFFECTIVE_SQL = (
    "CASE WHEN t.id IS NULL THEN p.state "
    "WHEN o.acked_at IS NULL THEN t.to_state "
    "WHEN o.outcome IN ('applied', 'duplicate') AND p.version = t.replica_version "
    "THEN t.to_state ELSE p.state END"
)
_ORDER_COLS = (
    "p.id, p.number, p.state, p.customer_name, p.phone, p.pickup_code, p.paid, p.total_minor, "
    "p.currency, p.lines_json, p.created_at, p.pickup_by, p.version, p.synced_at"
)
_TRANSITION_COLS = (
    "t.to_state AS t_to_state, t.replica_version AS t_replica_version, "
    "t.id IS NOT NULL AS t_exists, o.acked_at IS NOT NULL AS o_acked, o.outcome AS o_outcome, "
    "coalesce(o.reason, o.code, '') AS o_reason"
)
# The newest local transition of each order (ids are UUIDv7, so max(id) is the latest).
_NEWEST_JOIN = (
    "LEFT JOIN pickup_transition t ON t.id = "
    "(SELECT max(t2.id) FROM pickup_transition t2 WHERE t2.order_id = p.id) "
    "LEFT JOIN outbox o ON o.mutation_id = t.mutation_id"
)
_TAB_FILTERS = {
    "to_prepare": "eff IN ('placed', 'prepared')",
    "ready": "eff = 'ready'",
    "overdue": "eff IN ('placed', 'prepared', 'ready') AND pickup_by < :now",
    "collected": "eff = 'collected'",
    "cancelled": "eff = 'cancelled'",
}


def _line_total(unit_price_minor: int, qty_milli: int) -> int:
    """As a sale line: unit price x quantity, rounded half up to the minor unit (the
    backend's ``line_total``: one function, ``sync.protocol.arithmetic``)."""
    return line_total(unit_price_minor, qty_milli)


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
        sql = (
            "SELECT coalesce(sum(eff IN ('placed', 'prepared')), 0), "
            "coalesce(sum(eff = 'ready'), 0), "
            "coalesce(sum(eff IN ('placed', 'prepared', 'ready') AND pickup_by < :now), 0), "
            "coalesce(sum(eff = 'collected'), 0), coalesce(sum(eff = 'cancelled'), 0) "
            f"FROM (SELECT {_EFFECTIVE_SQL} AS eff, p.pickup_by FROM pickup_order p "
            f"{_NEWEST_JOIN} WHERE +p.store_code = :store)"
        )
        with self._engine.connect() as conn:
            row = conn.execute(
                text(sql),
                {"now": sqlite_stamp(self._clock.now()), "store": self._terminal.store_code},
            ).one()
        return {tab: int(row[index]) for index, tab in enumerate(TABS)}

    def list(self, tab: str, limit: int = 500) -> list[PickupView]:
        """The orders of a tab (``TABS``), by effective state.

        Open tabs: overdue first, then by pickup deadline, then by age. The collected and
        cancelled tabs show the newest orders first (they only grow).
        """
        if tab not in _TAB_FILTERS:
            raise ValueError(f"unknown pickup tab {tab!r}; expected one of {TABS}")
        now = self._clock.now()
        if tab in FINAL_STATES:
            order = "created_at DESC, number DESC"
        else:
            order = (
                "(eff IN ('placed', 'prepared', 'ready') AND pickup_by < :now) DESC, "
                "pickup_by IS NULL, pickup_by, created_at, number"
            )
        # Filter and sort on narrow rows, then fetch the page's full rows (with their lines).
        ranked = (
            "SELECT rid FROM (SELECT p.rowid AS rid, p.pickup_by, p.created_at, p.number, "
            f"{_EFFECTIVE_SQL} AS eff FROM pickup_order p {_NEWEST_JOIN} "
            f"WHERE +p.store_code = :store) WHERE {_TAB_FILTERS[tab]} ORDER BY {order} "
            "LIMIT :limit"
        )
        params = {
            "now": sqlite_stamp(now),
            "store": self._terminal.store_code,
            "limit": _clamp(limit),
        }
        with self._engine.connect() as conn, conn.begin():  # one snapshot for both steps
            rowids = [int(r[0]) for r in conn.execute(text(ranked), params)]
            return self._by_rowids(conn, rowids, now)

    def search(self, query: str, limit: int = 50) -> builtins.list[PickupView]:
        """Orders in any state matching ``query``: an order number (``W-000123``, ``w123``,
        ``123``), words of the customer's name (Turkish-folded, every word must match), phone
        digits (``0532 123 45 67``, ``+90 532 ...``), a pickup code, or a full QR payload
        (that one order, only when its code matches).

        Exact number or code matches first, then the newest other matches; among those, open
        orders before collected and cancelled ones.
        """
        cleaned = _CONTROL.sub(" ", query).strip()
        if not cleaned:
            return []
        if _parse_qr(cleaned) is not None:
            found = self.by_scan(cleaned)
            return [found] if found is not None else []
        limit = _clamp(limit)
        store = self._terminal.store_code
        params: dict[str, Any] = {"store": store, "limit": limit}
        patterns = {_like(word) for word in fold(cleaned).split()}
        alternatives = [
            " AND ".join(f"p.search_text LIKE :w{i} ESCAPE '\\'" for i in range(len(patterns)))
        ]
        params.update({f"w{i}": pattern for i, pattern in enumerate(sorted(patterns))})
        phone = _phone_query(cleaned)
        if phone is not None and {_like(phone)} != patterns:
            params["phone"] = _like(phone)
            alternatives.append("p.search_text LIKE :phone ESCAPE '\\'")
        # Exact hits through the number and code indexes (+store_code keeps the planner on
        # them); the rest walks ix_pickup_order_search newest first (a covering index: no row
        # with its lines is read) and stops at the limit. Then the few rows found are fetched.
        exact = (
            "SELECT p.rowid, p.id FROM pickup_order p WHERE +p.store_code = :store "
            "AND (p.number = :number OR p.pickup_code = :code)"
        )
        broad = (
            "SELECT p.rowid FROM pickup_order p "
            f"WHERE p.store_code = :store AND ({' OR '.join(alternatives)}) "
            "ORDER BY p.created_at DESC LIMIT :limit"
        )
        now = self._clock.now()
        with self._engine.connect() as conn, conn.begin():  # one snapshot for all the steps
            exact_rows = conn.execute(
                text(exact),
                {"store": store, "number": _number_for(cleaned) or "", "code": cleaned},
            ).all()
            broad_ids = [int(r[0]) for r in conn.execute(text(broad), params)]
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
        qr = _parse_qr(cleaned)
        if qr is not None:
            number, pin = qr
            where, params = "p.number = :number", {"number": number}
        else:
            normalised = _number_for(cleaned)
            if normalised is None:
                return None
            where, params, pin = "p.number = :number", {"number": normalised}, ""
        views = self._select(where, params)
        if not views:
            return None
        view = views[0]
        if qr is not None and not secrets.compare_digest(view.pickup_code, pin):
            return None
        return view

    def get(self, order_id: str) -> PickupView | None:
        views = self._select("p.id = :id", {"id": order_id})
        return views[0] if views else None

    def last_synced_at(self) -> datetime | None:
        """When the pickup data was last known good: the later of the last successful sync
        round and the newest pulled order change."""
        with self._engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT (SELECT max(synced_at) FROM pickup_order), "
                    "(SELECT last_success_at FROM sync_state WHERE id = 1)"
                )
            ).one()
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
            note = self._verify(view, verified_by, code, id_note)
            refused_lines, refund = _refusals(view, refused or {})
            if not view.paid:
                refund = 0  # nothing was charged online, so nothing goes back
                if not payment_sale_id:
                    raise UserError(
                        "pickup.unpaid",
                        f"{view.number} is paid in store: take the payment first",
                        number=view.number,
                    )
            if payment_sale_id is not None and not _sale_exists(conn, payment_sale_id):
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
        return self._verify(view, verified_by, code, id_note)

    @staticmethod
    def _verify(view: PickupView, verified_by: str, code: str, id_note: str) -> str:
        """The ID note to record; raises when the customer is not verified."""
        if verified_by not in VERIFICATIONS:
            raise UserError(
                "pickup.bad_verification",
                f"Unknown verification {verified_by!r}; expected one of {VERIFICATIONS}",
                verified_by=verified_by,
            )
        if verified_by == "id":
            note = " ".join(id_note.split())
            if not note:
                raise UserError(
                    "pickup.id_note_required",
                    "Note which ID document was checked",
                    number=view.number,
                )
            return note
        given = code.strip()
        qr = _parse_qr(given) if verified_by == "qr" else None
        if qr is not None:
            number, given = qr
            if number != view.number:
                given = ""
        if not given or not secrets.compare_digest(given, view.pickup_code):
            raise UserError(
                "pickup.wrong_code", f"Wrong pickup code for {view.number}", number=view.number
            )
        return ""

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
        found = self._select("p.id = :id", {"id": order_id}, conn=conn)
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
        version: int = conn.execute(
            text("SELECT version FROM pickup_order WHERE id = :id"), {"id": order_id}
        ).scalar_one()
        conn.execute(
            insert(table("pickup_transition")),
            {
                "id": new_id(),
                "order_id": view.order_id,
                "number": view.number,
                "from_state": from_state,
                "to_state": to_state,
                "mutation_id": mutation_id,
                "replica_version": int(version),
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
        after = self._select("p.id = :id", {"id": order_id}, conn=conn)[0]
        log.info("pickup %s: %s -> %s", view.number, from_state, to_state)
        return after

    # -- helpers ----------------------------------------------------------------------------

    def _by_rowids(
        self, conn: Connection, rowids: Sequence[int], now: datetime
    ) -> builtins.list[PickupView]:
        """The views of these rows, in this order, with their effective states."""
        if not rowids:
            return []
        stmt = text(
            f"SELECT p.rowid AS rid, {_ORDER_COLS}, {_TRANSITION_COLS} FROM pickup_order p "
            f"{_NEWEST_JOIN} WHERE p.rowid IN :rids"
        ).bindparams(bindparam("rids", expanding=True))
        by_rowid = {int(r.rid): r for r in conn.execute(stmt, {"rids": list(rowids)})}
        rows = [by_rowid[rowid] for rowid in rowids if rowid in by_rowid]
        return self._views(conn, rows, {r.id: _transition_of(r) for r in rows}, now)

    def _select(
        self, where: str, params: dict[str, Any], conn: Connection | None = None
    ) -> builtins.list[PickupView]:
        """Orders of this store matching ``where`` (on ``p``), with their effective state."""
        sql = (
            f"SELECT {_ORDER_COLS}, {_TRANSITION_COLS} FROM pickup_order p {_NEWEST_JOIN} "
            f"WHERE +p.store_code = :store AND {where} ORDER BY p.created_at DESC LIMIT 10"
        )
        values = {**params, "store": self._terminal.store_code}
        now = self._clock.now()
        if conn is not None:
            rows = conn.execute(text(sql), values).all()
            return self._views(conn, rows, {r.id: _transition_of(r) for r in rows}, now)
        with self._engine.connect() as own:
            rows = own.execute(text(sql), values).all()
            return self._views(own, rows, {r.id: _transition_of(r) for r in rows}, now)

    def _views(
        self,
        conn: Connection,
        rows: Sequence[Any],
        newest: Mapping[str, _Transition | None],
        now: datetime,
    ) -> builtins.list[PickupView]:
        parsed = {r.id: _lines(r.lines_json) for r in rows}
        local = _products(conn, {line["sku"] for lines in parsed.values() for line in lines})
        views = []
        for r in rows:
            state, pending, conflict = _effective(str(r.state), int(r.version), newest.get(r.id))
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
                            total_minor=_line_total(line["unit_price_minor"], line["qty_milli"]),
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
    return max(1, min(int(limit), _MAX_LIMIT))


def _transition_of(row: Any) -> _Transition | None:
    if not row.t_exists:
        return None
    return _Transition(
        to_state=str(row.t_to_state),
        replica_version=int(row.t_replica_version),
        acked=bool(row.o_acked),
        outcome=str(row.o_outcome or ""),
        reason=str(row.o_reason or ""),
    )


def _lines(lines_json: str) -> list[dict[str, Any]]:
    """The replica's lines (already validated by the pull as ``PickupLine``)."""
    return [
        {
            "sku": str(item["sku"]),
            "name": str(item.get("name", "")),
            "qty_milli": int(item["qty_milli"]),
            "unit_price_minor": int(item["unit_price_minor"]),
            "bin": str(item.get("bin") or ""),
        }
        for item in json.loads(lines_json or "[]")
    ]


def _products(conn: Connection, skus: Iterable[str]) -> dict[str, tuple[str, dict[str, str]]]:
    """The terminal's product id and names per SKU (the lines carry the backend's ids and
    one name)."""
    wanted = sorted(skus)
    if not wanted:
        return {}
    stmt = text("SELECT sku, id, names_json FROM product WHERE sku IN :skus").bindparams(
        bindparam("skus", expanding=True)
    )
    return {
        str(r.sku): (str(r.id), parse_names(r.names_json))
        for r in conn.execute(stmt, {"skus": wanted})
    }


def _refusals(view: PickupView, refused: Mapping[str, int]) -> tuple[list[dict[str, Any]], int]:
    """([{sku, qty_milli}], refund in minor units: ``refund_minor``) for the refused
    quantities. Raises for a bad or total refusal."""
    ordered: dict[str, int] = {}
    for line in view.lines:
        ordered[line.sku] = ordered.get(line.sku, 0) + line.qty_milli
    items: list[dict[str, Any]] = []
    for sku, qty in refused.items():
        if (
            sku not in ordered
            or not isinstance(qty, int)
            or isinstance(qty, bool)
            or not 0 < qty <= ordered[sku]
        ):
            raise UserError(
                "pickup.bad_refusal",
                f"{view.number}: cannot refuse {qty!r} of {sku!r}",
                number=view.number,
                sku=sku,
                qty_milli=qty,
            )
        items.append({"sku": sku, "qty_milli": qty})
    if items and sum(refused.values()) == sum(ordered.values()):
        raise UserError(
            "pickup.all_refused",
            f"{view.number}: every item is refused; cancel the order instead",
            number=view.number,
        )
    return items, refund_minor(view.lines, refused)


def refund_minor(lines: Sequence[PickupLineView], refused: Mapping[str, int]) -> int:
    """What goes back to the online payment for ``refused`` (SKU -> thousandths): per line,
    its total less the total of what is still taken (the backend's rule, so what the customer
    keeps plus the refund is what was charged). A SKU on several lines is refused from the
    first line on."""
    refund = 0
    left = dict(refused)
    for line in lines:
        part = min(left.get(line.sku, 0), line.qty_milli)
        if part:
            left[line.sku] -= part
            refund += part_refund(line.unit_price_minor, line.qty_milli, part)
    return refund


def _sale_exists(conn: Connection, sale_id: str) -> bool:
    found = conn.execute(
        text("SELECT 1 FROM sale WHERE id = :id AND kind = 'sale'"), {"id": sale_id}
    ).first()
    return found is not None
