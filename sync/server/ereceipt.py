"""The public e-receipt page: ``GET /r/{token}`` (and ``/r/{token}/print``).

A customer scans the QR on the customer display and opens the receipt on their phone: a
mobile-first HTML page in the sale's language, built from the order document the terminal
pushed (``pos_order.document_json``). It shows what the paper receipt shows about the sale
(store, date, number, lines, discounts, VAT table, totals, tenders, change) and nothing more:
no cashier, no customer, no card approval codes, no voucher codes.

A correctly signed token whose order has not synced yet gets a friendly "appears shortly"
page that refreshes itself; every other token gets one identical 404 page, after the same
database lookups, so the answer says nothing about which tokens exist.

Rendering uses ``string.Template`` (Jinja2 is not a dependency) with every value escaped.
The routes are ``sync.server.api.routes.ereceipt``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from string import Template
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, Engine, select

from sync.receipt_token import verify_token
from sync.server import ereceipt_loyalty
from sync.server.ereceipt_text import (
    LABELS,
    format_date,
    format_money,
    format_percent,
    format_quantity,
)
from sync.server.schema import pos_order, server_meta, store

log = logging.getLogger(__name__)

TEMPLATES = files("sync.server") / "templates"  # package data: in the wheel too
PENDING_REFRESH_SECONDS = 15
# Tokens are URL-safe base64 and fit the column; anything else is looked up as this value,
# which no token can equal ('!' is not URL-safe), so every request runs the same queries.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
_NO_SUCH_TOKEN = "!" * 31
_DEFAULT_TIMEZONE = "Europe/Istanbul"

BASE_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

_PRINT_SCRIPT = (
    "var b=document.getElementById('print');b.hidden=false;"
    "b.addEventListener('click',function(){window.print();});"
)


# -- formatting ------------------------------------------------------------------------------


def local_time(when: datetime, timezone: str) -> datetime:
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("store timezone %r unknown; showing %s", timezone, _DEFAULT_TIMEZONE)
        zone = ZoneInfo(_DEFAULT_TIMEZONE)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(zone)


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


# -- page shell ------------------------------------------------------------------------------


@cache
def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


@dataclass(frozen=True, slots=True)
class Page:
    html: str
    headers: dict[str, str]


def _page(
    *,
    lang: str,
    title: str,
    body: str,
    stylesheet: str,
    body_class: str = "",
    head: str = "",
    script: str = "",
) -> Page:
    """The HTML document, and headers whose CSP allows exactly its own style and script."""
    style = _template(stylesheet)
    if script:
        body += f"\n<script>{script}</script>"
    document = Template(_template("page.html")).substitute(
        lang=lang,
        title=html.escape(title),
        head=head,
        style=style,
        body_class=body_class,
        body=body,
    )
    script_src = _hash(script) if script else "'none'"
    csp = (
        f"default-src 'none'; style-src {_hash(style)}; script-src {script_src}; "
        "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return Page(document, BASE_HEADERS | {"Content-Security-Policy": csp})


@cache
def not_found_page() -> Page:
    """One page for every unknown token, in both languages."""
    body = (
        '<main><div class="notice">'
        '<div class="mark" aria-hidden="true">?</div>'
        "<h1>Fiş bulunamadı</h1>"
        "<p>Bağlantıyı kontrol edin ya da fişi aldığınız mağazaya danışın.</p>"
        '<h1 lang="en">Receipt not found</h1>'
        '<p lang="en">Please check the link, or ask the store where you shopped.</p>'
        "</div></main>"
    )
    return _page(
        lang="tr",
        title="Fiş bulunamadı · Receipt not found",
        body=body,
        stylesheet="screen.css",
        body_class="missing",
    )


def pending_page(language: str) -> Page:
    """A real receipt that has not reached the backend yet: refresh until it does."""
    t = LABELS[language]
    body = (
        '<main><div class="notice" role="status">'
        '<div class="spinner" aria-hidden="true"></div>'
        f"<h1>{html.escape(t['pending_title'])}</h1>"
        f'<p class="lead">{html.escape(t["pending_lead"])}</p>'
        f"<p>{html.escape(t['pending_text'])}</p>"
        "</div></main>"
    )
    return _page(
        lang=language,
        title=t["pending_title"],
        body=body,
        stylesheet="screen.css",
        body_class="pending",
        head=f'<meta http-equiv="refresh" content="{PENDING_REFRESH_SECONDS}">\n',
    )


# -- the receipt -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoreDetails:
    name: str
    address: str
    tax_number: str
    timezone: str


def _row(label: str, amount: str, cls: str = "") -> str:
    attr = f' class="row {cls}"' if cls else ' class="row"'
    return f'<div{attr}><span>{label}</span><span class="amt">{amount}</span></div>'


def receipt_body(
    document: dict[str, Any],
    *,
    store_details: StoreDetails,
    language: str,
    currency: str,
    completed_at: datetime,
) -> str:
    """The receipt's HTML (shared by the phone view and the print view)."""
    t = LABELS[language]
    e = html.escape

    def money(minor: int) -> str:
        return e(format_money(minor, currency, language))

    refund = document.get("kind") == "return"
    out: list[str] = ['<article class="receipt">', '<header class="store">']
    out.append(f"<h1>{e(store_details.name)}</h1>")
    if store_details.address:
        out.append(f"<p>{e(store_details.address)}</p>")
    if store_details.tax_number:
        out.append(f"<p>{e(t['tax_no'])}: {e(store_details.tax_number)}</p>")
    kind = "receipt"
    if refund:
        kind = "exchange" if document.get("exchange_id") else "refund"
    kind_class = "kind refund" if refund else "kind"
    out.append(f'<div class="{kind_class}">{e(t[kind])}</div>')
    out.append("</header>")

    when = local_time(completed_at, store_details.timezone)
    receipt_no = str(document.get("receipt_no", ""))
    out.append('<dl class="meta">')
    out.append(f"<div><dt>{e(t['date'])}</dt><dd>{e(format_date(when, language))}</dd></div>")
    out.append(f"<div><dt>{e(t['time'])}</dt><dd>{when:%H:%M}</dd></div>")
    out.append(f'<div class="wide"><dt>{e(t["receipt_no"])}</dt><dd>{e(receipt_no)}</dd></div>')
    origin = _refund_origin(document, t) if refund else None
    if origin is not None:
        out.append(f'<div class="wide"><dt>{e(origin[0])}</dt><dd>{e(origin[1])}</dd></div>')
    out.append("</dl>")

    out.append("<hr>")
    out.append(f"<h2>{e(t['returned_items' if refund else 'items'])}</h2>")
    out.append('<ul class="items">')
    destination = _destination(document, t)
    for line in document.get("lines") or []:
        remote = isinstance(line, dict) and bool(line.get("remote"))
        out.append(_line_html(line, language, money, destination if remote else ""))
    out.append("</ul>")

    out.append("<hr>")
    out.append(_totals_html(document, t, money, refund))

    taxes = [band for band in document.get("taxes") or [] if isinstance(band, dict)]
    if taxes:
        out.append("<hr>")
        out.append(f"<h2>{e(t['vat_heading'])}</h2>")
        out.append('<table class="vat"><thead><tr>')
        out.append(f"<th>{e(t['rate'])}</th><th>{e(t['net'])}</th><th>{e(t['vat'])}</th>")
        out.append("</tr></thead><tbody>")
        for band in taxes:
            rate = f"{t['vat']} {format_percent(_int(band.get('rate_percent')), language)}"
            out.append(
                f"<tr><td>{e(rate)}</td><td>{money(_int(band.get('net_minor')))}</td>"
                f"<td>{money(_int(band.get('tax_minor')))}</td></tr>"
            )
        total_tax = _int(document.get("tax_minor", sum(_int(b.get("tax_minor")) for b in taxes)))
        out.append(
            f'</tbody><tfoot><tr><td colspan="2">{e(t["total_vat"])}</td>'
            f"<td>{money(total_tax)}</td></tr></tfoot></table>"
        )

    tenders = [tender for tender in document.get("tenders") or [] if isinstance(tender, dict)]
    if tenders:
        out.append("<hr>")
        out.append(f"<h2>{e(t['refund_payment' if refund else 'payment'])}</h2>")
        out.append('<div class="pay">')
        for tender in tenders:
            label = t.get(str(tender.get("kind")), t["other"])
            last4 = _card_last4(document, tender)
            if last4:
                label = f"{label} \u2022\u2022\u2022\u2022 {last4}"  # never the code itself
            out.append(_row(e(label), money(_int(tender.get("amount_minor")))))
            tendered = _int(tender.get("tendered_minor"))
            if tendered:
                out.append(_row(e(t["given"]), money(tendered), "sub"))
            change = _int(tender.get("change_minor"))
            if change:
                out.append(_row(e(t["change"]), money(change), "change"))
        out.append("</div>")

    out.extend(_remote_html(document, t))

    out.append('<footer class="foot">')
    out.append(f"<p>{e(t['footer'])}</p>")
    out.append(f'<p class="thanks">{e(t["thanks"])}</p>')
    out.append("</footer>")
    out.append("</article>")
    return "\n".join(out)


def _remote_html(document: dict[str, Any], t: dict[str, str]) -> list[str]:
    """What the paper receipt says about goods not taken from the shelf: where an
    endless-aisle order goes, or which web order this sale paid for. The page is reachable
    by anyone holding the link, so the customer's name and address stay on paper."""
    e = html.escape
    out: list[str] = []
    web = document.get("web_order")
    if isinstance(web, dict):
        delivery = web.get("fulfilment") == "delivery"
        note = t["confirmed" if web.get("availability_confirmed") else "unconfirmed"]
        out.append("<hr>")
        out.append(f"<h2>{e(t['delivery_heading' if delivery else 'pickup_heading'])}</h2>")
        if not delivery:
            where = " ".join(
                str(part) for part in (web.get("store_code"), web.get("store_name")) if part
            )
            out.append(f'<p class="remote">{e(where)}</p>')
        out.append(f'<p class="remote note">{e(note)}</p>')
    pickup = document.get("pickup_payment")
    if isinstance(pickup, dict):
        text = t["web_order_collected"].format(number=str(pickup.get("number") or ""))
        out.append("<hr>")
        out.append(f'<p class="remote">{e(text)}</p>')
    return out


def _refund_origin(document: dict[str, Any], t: dict[str, str]) -> tuple[str, str] | None:
    """What a refund takes back, as the paper slip says it: the web order, the original
    receipt, or no receipt. None when the document does not say (a refund pushed before
    refunds named their receipt, whose original is not on the backend)."""
    web = document.get("web_return")
    if isinstance(web, dict) and web.get("number"):
        return t["web_order"], str(web["number"])
    if "original_receipt_no" not in document:
        return None
    original = document["original_receipt_no"]
    return t["original_receipt"], str(original) if original else t["no_receipt"]


def _destination(document: dict[str, Any], t: dict[str, str]) -> str:
    """Where the remote lines of an endless-aisle sale go ("" when none)."""
    web = document.get("web_order")
    if not isinstance(web, dict):
        return ""
    if web.get("fulfilment") == "delivery":
        return t["remote_delivery"]
    return f"{t['remote_pickup']}: {web.get('store_code') or ''}"


def _line_html(line: Any, language: str, money: Callable[[int], str], destination: str = "") -> str:
    if not isinstance(line, dict):
        return ""
    t = LABELS[language]
    e = html.escape
    names = line.get("names") or {}
    name = (names.get(language) if isinstance(names, dict) else None) or line.get("name") or ""
    by_weight = bool(line.get("sold_by_weight"))
    qty = format_quantity(_int(line.get("qty_milli")), by_weight, language)
    unit = money(_int(line.get("unit_price_minor"))) + ("/kg" if by_weight else "")
    gross = _int(line.get("gross_minor", line.get("total_minor")))
    rate = format_percent(_int(line.get("vat_rate")), language)
    parts = [
        '<li class="item">',
        _row(f'<span class="name">{e(str(name))}</span>', money(gross)),
        f'<div class="detail">{e(qty)} × {unit} · {e(t["vat"])} {e(rate)}</div>',
    ]
    discount_minor = _int(line.get("line_discount_minor"))
    if discount_minor:
        label = t["discount"]
        discount = line.get("discount")
        if isinstance(discount, dict) and discount.get("kind") == "percent":
            with suppress(InvalidOperation):
                label += " " + format_percent(Decimal(str(discount.get("value"))), language)
        parts.append(_row(e(label), money(-discount_minor), "disc"))
    if destination:
        parts.append(f'<div class="detail remote">→ {e(destination)}</div>')
    parts.append("</li>")
    return "\n".join(parts)


def _totals_html(
    document: dict[str, Any], t: dict[str, str], money: Callable[[int], str], refund: bool
) -> str:
    e = html.escape
    line_discounts = _int(document.get("line_discounts_minor"))
    cart_discount = _int(document.get("cart_discount_minor"))
    rounding = _int(document.get("rounding_minor"))
    exclusive = document.get("pricing_mode") == "exclusive"
    rows = ['<div class="totals' + (" refund-total" if refund else "") + '">']
    if line_discounts or cart_discount or rounding or exclusive:
        rows.append(_row(e(t["subtotal"]), money(_int(document.get("subtotal_minor")))))
    if line_discounts:
        rows.append(_row(e(t["line_discounts"]), money(-line_discounts), "saving"))
    if cart_discount:
        rows.append(_row(e(t["cart_discount"]), money(-cart_discount), "saving"))
    if exclusive:
        rows.append(_row(e(t["vat_added"]), money(_int(document.get("tax_minor")))))
    if rounding:
        rows.append(_row(e(t["rounding"]), money(rounding)))
    label = t["refund_total" if refund else "total"]
    rows.append(_row(e(label), money(_int(document.get("total_minor"))), "total"))
    rows.append("</div>")
    return "\n".join(rows)


def receipt_page(
    document: dict[str, Any],
    *,
    store_details: StoreDetails,
    language: str,
    currency: str,
    completed_at: datetime,
    token: str,
    root_path: str,
    print_view: bool,
    points: str = "",
    claim: str = "",
) -> Page:
    """``points`` and ``claim``: the loyalty parts (``ereceipt_loyalty``), already HTML."""
    t = LABELS[language]
    e = html.escape
    body = receipt_body(
        document,
        store_details=store_details,
        language=language,
        currency=currency,
        completed_at=completed_at,
    )
    if points:  # inside the receipt, before its footer, on both views
        cut = body.rfind('<footer class="foot">')
        body = body[:cut] + points + "\n" + body[cut:]
    base = f"{root_path}/r/{token}"
    receipt_no = str(document.get("receipt_no", ""))
    refund = document.get("kind") == "return"
    title = f"{t['refund_title' if refund else 'title']} {receipt_no} · {store_details.name}"
    if print_view:
        toolbar = (
            '<nav class="toolbar">'
            f'<button type="button" id="print" hidden>{e(t["print_button"])}</button>'
            f'<a href="{e(base)}">{e(t["back"])}</a>'
            f"<p>{e(t['print_hint'])}</p>"
            f"<noscript><p>{e(t['print_nojs'])}</p></noscript>"
            "</nav>"
        )
        return _page(
            lang=language,
            title=title,
            body=f"{toolbar}\n<main>\n{body}\n</main>",
            stylesheet="print.css",
            body_class="print",
            script=_PRINT_SCRIPT,
        )
    actions = (
        '<div class="actions">'
        f'<a class="button" href="{e(base)}/print">{e(t["print_link"])}</a>'
        "</div>"
        f'<p class="note">{e(t["note"])}</p>'
        f"{claim}"
    )
    return _page(
        lang=language,
        title=title,
        body=f"<main>\n{body}\n{actions}\n</main>",
        stylesheet="screen.css",
        body_class="refund" if refund else "sale",
    )


# -- lookup and routes -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lookup:
    order: Any  # the pos_order row joined with its store, or None
    signed_language: str | None  # the language of a correctly signed token


def lookup(conn: Connection, token: str) -> Lookup:
    """The order behind ``token`` and whether the token is correctly signed.

    Both queries run for every token, well-formed or not, found or not.
    """
    probe = token if _TOKEN.fullmatch(token) else _NO_SUCH_TOKEN
    order = conn.execute(
        select(
            pos_order.c.id,
            pos_order.c.customer_id,
            pos_order.c.kind,
            pos_order.c.language,
            pos_order.c.currency,
            pos_order.c.completed_at,
            pos_order.c.document_json,
            store.c.name,
            store.c.address,
            store.c.tax_number,
            store.c.timezone,
        )
        .join(store, store.c.id == pos_order.c.store_id)
        .where(pos_order.c.receipt_token == probe)
    ).first()
    # Read, not ``terminals.receipt_key``: a public GET must not write. No key yet means no
    # terminal was ever enrolled, so no token can be signed.
    key = conn.execute(
        select(server_meta.c.value).where(server_meta.c.key == "receipt_key")
    ).scalar()
    signed = verify_token(str(key), probe) if key else None
    return Lookup(order, signed)


def _name_original(conn: Connection, document: dict[str, Any]) -> None:
    """A refund pushed before refunds named their receipt: find the original's number by
    its order id (the sale reached the backend first, from the same till)."""
    original_id = document.get("original_order_id")
    if document.get("kind") != "return" or "original_receipt_no" in document:
        return
    if not isinstance(original_id, str) or not original_id:
        return
    number = conn.execute(
        select(pos_order.c.receipt_no).where(pos_order.c.id == original_id)
    ).scalar()
    if number is not None:
        document["original_receipt_no"] = str(number)


def _language(value: str | None) -> str:
    return value if value in LABELS else "tr"


def render(
    engine: Engine,
    token: str,
    *,
    print_view: bool,
    root_path: str = "",
    claim_url: str = "",
    today: date | None = None,
) -> tuple[Page, int]:
    """The page and status for ``token`` (exposed for tests and tools); ``claim_url``: the
    web shop's "add this receipt to my account" page (``web_shop_claim_url``)."""
    with engine.connect() as conn:
        found = lookup(conn, token)
        order = found.order
        if order is None:
            if found.signed_language is not None:
                return pending_page(_language(found.signed_language)), 200
            return not_found_page(), 404
        try:
            document = json.loads(order.document_json)
            if not isinstance(document, dict):
                raise ValueError("document is not an object")
        except ValueError:
            log.exception("e-receipt: stored order document is not valid JSON")
            return not_found_page(), 404
        document.setdefault("kind", order.kind)
        _name_original(conn, document)
        language = _language(order.language)
        points = ereceipt_loyalty.points_html(
            conn,
            order_id=order.id,
            customer_id=order.customer_id,
            refund=order.kind == "return",
            language=language,
            today=today or datetime.now(UTC).date(),
        )
    claimable = order.kind == "sale" and order.customer_id is None
    claim = ereceipt_loyalty.claim_html(
        claim_url=claim_url if claimable else "", token=token, language=language
    )
    page = receipt_page(
        document,
        store_details=StoreDetails(
            order.name, order.address or "", order.tax_number or "", order.timezone
        ),
        language=_language(order.language),
        currency=order.currency or "TRY",
        completed_at=order.completed_at,
        token=token,
        root_path=root_path,
        print_view=print_view,
        points=points,
        claim=claim,
    )
    return page, 200


def _card_last4(document: dict[str, Any], tender: dict[str, Any]) -> str:
    """The last four symbols of the gift or store-credit card a tender used, from the
    order's ``value_cards`` entries ("" for any other tender)."""
    tender_id = tender.get("tender_id")
    for entry in document.get("value_cards") or []:
        if isinstance(entry, dict) and tender_id and entry.get("tender_id") == tender_id:
            return str(entry.get("last4") or "")[-4:]
    return ""
