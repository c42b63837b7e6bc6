"""The e-receipt page's loyalty parts (``sync.server.ereceipt``): the points the sale earned
and spent and the customer's balance, from the order's ledger entries, and, for a sale
without a customer, a link to add it to one's web shop account (``web_shop_claim_url``).

Only points are shown: never the customer's name, phone, e-mail or address (anyone holding
the link sees the page), and nothing at all for an erased customer.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from urllib.parse import quote

from sqlalchemy import Connection, select

from sync.server.customers import loyalty_balance
from sync.server.ereceipt_text import format_date
from sync.server.schema import customer, loyalty_entry

LABELS: dict[str, dict[str, str]] = {
    "tr": {
        "heading": "Sadakat puanları",
        "earned": "Kazanılan puan",
        "spent": "Harcanan puan",
        "given_back": "İade edilen puan",
        "taken_back": "Geri alınan puan",
        "balance": "Puan bakiyeniz",
        "vests": "Bu fişin puanları {date} tarihinden itibaren kullanılabilir.",
        "claim_heading": "Bu fişi hesabıma ekle",
        "claim_text": "Web mağazası hesabınıza giriş yapın; bu alışverişin puanları hesabınıza "
        "eklensin.",
        "claim_button": "Hesabıma ekle",
    },
    "en": {
        "heading": "Loyalty points",
        "earned": "Points earned",
        "spent": "Points spent",
        "given_back": "Points given back",
        "taken_back": "Points taken back",
        "balance": "Your points balance",
        "vests": "This receipt's points can be spent from {date}.",
        "claim_heading": "Add this receipt to my account",
        "claim_text": "Log in to your web shop account and this purchase's points are added to it.",
        "claim_button": "Add to my account",
    },
}


def _row(label: str, value: str) -> str:
    return f'<div class="row"><span>{label}</span><span class="amt">{value}</span></div>'


def points_html(
    conn: Connection,
    *,
    order_id: str,
    customer_id: str | None,
    refund: bool,
    language: str,
    today: date,
) -> str:
    """The points section ("" without a customer, for an erased one, or with no entries
    and no balance)."""
    if customer_id is None:
        return ""
    row = conn.execute(select(customer.c.erased).where(customer.c.id == customer_id)).first()
    if row is None or row.erased:
        return ""
    entries = conn.execute(
        select(loyalty_entry.c.points, loyalty_entry.c.vests_on).where(
            loyalty_entry.c.order_id == order_id, loyalty_entry.c.customer_id == customer_id
        )
    ).all()
    gained = sum(int(e.points) for e in entries if e.points > 0)
    lost = -sum(int(e.points) for e in entries if e.points < 0)
    balance = loyalty_balance(conn, customer_id)
    if not entries and not balance:
        return ""
    t = LABELS[language]
    e = html.escape
    out = ["<hr>", f"<h2>{e(t['heading'])}</h2>", '<div class="pay loyalty">']
    if gained:
        out.append(_row(e(t["given_back" if refund else "earned"]), _points(gained, language, "+")))
    if lost:
        out.append(_row(e(t["taken_back" if refund else "spent"]), _points(-lost, language, "+")))
    out.append(_row(e(t["balance"]), _points(balance, language)))
    out.append("</div>")
    later = [e_.vests_on for e_ in entries if e_.points > 0 and e_.vests_on and e_.vests_on > today]
    if later and not refund:
        last = max(later)
        when = format_date(datetime(last.year, last.month, last.day), language)
        out.append(f'<p class="remote note">{e(t["vests"].format(date=when))}</p>')
    return "\n".join(out)


def _points(value: int, language: str, sign: str = "-") -> str:
    """Points grouped as the language writes numbers: ``1.328`` in Turkish, ``1,328`` in
    English; ``sign="+"`` shows the sign of a positive number too."""
    text = f"{value:{sign},d}"
    return text.replace(",", ".") if language == "tr" else text


def claim_html(*, claim_url: str, token: str, language: str) -> str:
    """The "add this receipt to my account" link ("" when no web shop URL is set)."""
    if not claim_url:
        return ""
    t = LABELS[language]
    e = html.escape
    joiner = "&" if "?" in claim_url else "?"
    href = f"{claim_url}{joiner}receipt={quote(token, safe='')}"
    return (
        '<section class="claim">'
        f"<h2>{e(t['claim_heading'])}</h2>"
        f'<p class="note">{e(t["claim_text"])}</p>'
        f'<div class="actions"><a class="button" href="{e(href)}" rel="noopener">'
        f"{e(t['claim_button'])}</a></div>"
        "</section>"
    )
