"""Personal data leaving the till (docs/loyalty.md "Erasure at the till").

Two cases, both inside the caller's transaction:

- ``erase_customers``: the backend erased (or merged away) customers and the pull deletes
  their keys. The replica row goes (its name index with it, by trigger), and every local copy
  of their name, phone and e-mail is scrubbed: acknowledged outbox payloads, receipts in the
  print queue, the draft and parked sales, the pickup and web-order replica rows. Sales keep
  the opaque ``customer_id``.
- ``scrub_acked_aisle``: once the backend acknowledged an endless-aisle sale, its delivery
  address and contact leave the till's copies (the outbox payload and the receipt job).

An outbox entry not yet acknowledged is never changed: its payload and hash are what the
backend checks a re-push against (a changed payload would be a conflicting fact, not the
same one). It is scrubbed once acknowledged (``scrub_acked_aisle``); a customer who signed up
here cannot be erased before their own ``customer.upserted`` fact reached the backend.

Every connection runs with ``PRAGMA secure_delete=ON`` (``storage.database``), so SQLite
zeroes deleted and overwritten bytes instead of leaving them in free space (a per-connection
switch would not do: a draft deleted earlier on the app's connection would still sit in a
free page); the caller checkpoints the WAL after the commit (``checkpoint_after_erasure``),
or the old page images stay in the -wal file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine

from pos_app.storage.replica.search_text import phone_key, pickup_search_text
from sync.protocol import canonical_json
from sync.protocol.customers import normalise_email, normalise_phone

_CHUNK = 500
_BLANK_CONTACT = {"name": "", "phone": "", "email": ""}


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class _Contacts:
    """The erased customers' ids, normalised phones and e-mails, to recognise their copies."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.phones: set[str] = set()
        self.emails: set[str] = set()

    def matches(self, phone: str | None, email: str | None) -> bool:
        p = normalise_phone(phone or "")
        e = normalise_email(email or "")
        return bool((p and p in self.phones) or (e and e in self.emails))


def erase_customers(conn: Connection, ids: Sequence[str]) -> None:
    """Delete the replica rows of ``ids`` and scrub every local copy of their data."""
    if not ids:
        return
    contacts = _Contacts()
    contacts.ids.update(ids)
    ex = conn.exec_driver_sql
    for chunk in _chunks(list(ids)):
        rows = ex(
            f"SELECT phone, email FROM customer WHERE id IN ({_marks(len(chunk))})",
            tuple(chunk),
        ).all()
        for phone, email in rows:
            if p := normalise_phone(str(phone or "")):
                contacts.phones.add(p)
            if e := normalise_email(str(email or "")):
                contacts.emails.add(e)
        ex(f"DELETE FROM customer WHERE id IN ({_marks(len(chunk))})", tuple(chunk))
    _scrub_outbox(conn, contacts)
    _scrub_print_jobs(conn, contacts)
    _scrub_carts(conn, contacts)
    _scrub_web_orders(conn, contacts)


def _scrub_web_order(payload: dict[str, Any]) -> bool:
    """Blank the endless-aisle contact and address of a sale's payload; True if changed."""
    web = payload.get("web_order")
    if not isinstance(web, dict):
        return False
    changed = web.get("customer") != _BLANK_CONTACT or bool(web.get("delivery_address"))
    web["customer"] = dict(_BLANK_CONTACT)
    if "delivery_address" in web:
        web["delivery_address"] = ""
    return changed


def _theirs(payload: dict[str, Any], contacts: _Contacts) -> bool:
    if payload.get("customer_id") in contacts.ids:
        return True
    web = payload.get("web_order")
    if isinstance(web, dict):
        who = web.get("customer") or {}
        return contacts.matches(who.get("phone"), who.get("email"))
    return False


def _scrub_outbox(conn: Connection, contacts: _Contacts) -> None:
    """Their own acknowledged profile facts (signed up or edited here). The aisle contacts
    of acknowledged sales are gone already (``scrub_acked_aisle``), so the scan is of one
    rare kind, not of every sale's payload."""
    ex = conn.exec_driver_sql
    rows = ex(
        "SELECT mutation_id, payload_json FROM outbox "
        "WHERE kind = 'customer.upserted' AND acked_at IS NOT NULL"
    ).all()
    for mutation_id, body in rows:
        payload = json.loads(str(body))
        if payload.get("id") not in contacts.ids and not contacts.matches(
            payload.get("phone"), payload.get("email")
        ):
            continue
        payload |= {"name": ""} | {k: "" for k in ("phone", "email") if payload.get(k) is not None}
        ex(
            "UPDATE outbox SET payload_json = ? WHERE mutation_id = ?",
            (canonical_json(payload), mutation_id),
        )


def _scrub_print_jobs(conn: Connection, contacts: _Contacts) -> None:
    """Receipt jobs of their sales, and of sales not yet acknowledged (whose aisle contact
    may be theirs): the others were scrubbed when acknowledged."""
    ex = conn.exec_driver_sql
    ids = list(contacts.ids)
    sales = {
        str(r[0])
        for chunk in _chunks(ids)
        for r in ex(
            f"SELECT id FROM sale WHERE customer_id IN ({_marks(len(chunk))})", tuple(chunk)
        )
    }
    sales |= {
        str(r[0])
        for r in ex(
            "SELECT json_extract(payload_json, '$.order_id') FROM outbox "
            "WHERE acked_at IS NULL AND kind = 'order.completed'"
        )
        if r[0]
    }
    for chunk in _chunks(sorted(sales)):
        rows = ex(
            f"SELECT id, document_json FROM print_job WHERE sale_id IN ({_marks(len(chunk))}) "
            "AND document_json LIKE '%\"web_order\"%'",
            tuple(chunk),
        ).all()
        for job_id, body in rows:
            document = json.loads(str(body))
            if _theirs(document, contacts) and _scrub_web_order(document):
                # The rendered bytes hold the name too: rendered again from the document.
                ex(
                    "UPDATE print_job SET document_json = ?, data = NULL WHERE id = ?",
                    (json.dumps(document, ensure_ascii=False), job_id),
                )


def _scrub_carts(conn: Connection, contacts: _Contacts) -> None:
    ex = conn.exec_driver_sql
    for table, key in (("draft_sale", "id"), ("parked_sale", "id")):
        for row_id, body in ex(f"SELECT {key}, cart_json FROM {table}").all():
            cart = json.loads(str(body))
            changed = False
            if cart.get("customer_id") in contacts.ids:
                cart["customer_id"] = None  # the customer no longer exists
                changed = True
            order = cart.get("remote_order")
            if isinstance(order, dict) and contacts.matches(order.get("phone"), order.get("email")):
                order |= {"customer_name": "", "phone": "", "email": "", "address": ""}
                changed = True
            if changed:
                ex(
                    f"UPDATE {table} SET cart_json = ? WHERE {key} = ?",
                    (json.dumps(cart, ensure_ascii=False), row_id),
                )


def _scrub_web_orders(conn: Connection, contacts: _Contacts) -> None:
    """Pickup and returnable web orders of the same phone keep their goods, not the person."""
    ex = conn.exec_driver_sql
    keys = {phone_key(p) for p in contacts.phones}
    if not keys:
        return
    for table in ("pickup_order", "web_order"):
        for row_id, number, phone, code in ex(
            f"SELECT id, number, phone, pickup_code FROM {table} WHERE phone != ''"
        ).all():
            if phone_key(str(phone)) in keys:
                ex(
                    f"UPDATE {table} SET customer_name = '', phone = '', search_text = ? "
                    "WHERE id = ?",
                    (pickup_search_text(str(number), "", "", str(code or "")), row_id),
                )


def scrub_acked_aisle(conn: Connection, terminal_epoch: str, first: int, last: int) -> int:
    """Blank the delivery address and contact of the endless-aisle sales acknowledged between
    ``first`` and ``last`` of the stream, in the outbox and in their receipt jobs; how many."""
    ex = conn.exec_driver_sql
    rows = ex(
        "SELECT mutation_id, payload_json FROM outbox WHERE terminal_epoch = ? AND seq >= ? "
        "AND seq <= ? AND acked_at IS NOT NULL AND kind = 'order.completed' "
        "AND payload_json LIKE '%\"web_order\"%'",
        (terminal_epoch, first, last),
    ).all()
    if not rows:
        return 0
    scrubbed = 0
    for mutation_id, body in rows:
        payload = json.loads(str(body))
        if not _scrub_web_order(payload):
            continue
        scrubbed += 1
        ex(
            "UPDATE outbox SET payload_json = ? WHERE mutation_id = ?",
            (canonical_json(payload), mutation_id),
        )
        for job_id, document_json in ex(
            "SELECT id, document_json FROM print_job WHERE sale_id = ?",
            (payload.get("order_id"),),
        ).all():
            document = json.loads(str(document_json))
            if _scrub_web_order(document):
                ex(
                    "UPDATE print_job SET document_json = ?, data = NULL WHERE id = ?",
                    (json.dumps(document, ensure_ascii=False), job_id),
                )
    return scrubbed


def checkpoint_after_erasure(engine: Engine) -> None:
    """Copy the WAL into the database and truncate it, so the page images that held the
    erased data are gone from the -wal file too (outside any transaction)."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
