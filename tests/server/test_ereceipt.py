"""The public e-receipt page ``GET /r/{token}``: receipts in Turkish and English, refunds, the
"appears shortly" page for signed tokens not synced yet, one 404 for everything else, the
print view, headers, and no personal data beyond the paper receipt."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, event, insert, update

from pos_app.domain.money import round_half_up
from pos_app.domain.tax import PricingMode, breakdown
from sync.receipt_token import make_token
from sync.server.db import write_tx
from sync.server.schema import pos_order, server_meta, store
from sync.server.terminals import receipt_key
from tests.server.conftest import Backend

CASHIER_ID = "cashier-0193c2aa-7f3a"
CASHIER_NAME = "Ayşe Kasiyer"
CUSTOMER_ID = "customer-0193c2bb-91d4"
CARD_APPROVAL = "APPR778812"
VOUCHER = "SC-9F8E7D6C5B"
STORE_NAME = "Çarşı Market Kadıköy"
STORE_ADDRESS = "Caferağa Mah. Moda Cad. No:12, Kadıköy/İstanbul"
STORE_TAX_NO = "4840012345"
# 12:41 UTC is 15:41 in Istanbul (UTC+3 all year).
COMPLETED_AT = datetime(2025, 3, 14, 12, 41, 7, tzinfo=UTC)


# -- building order documents the way pos_app.services.sales._write does ---------------------


def sale_line(
    name: str,
    *,
    qty_milli: int,
    unit_price_minor: int,
    vat_rate: int,
    sold_by_weight: bool = False,
    percent_off: int = 0,
    names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One line of an order document (``sales._sale_document`` + the payload's ``discount``)."""
    gross = round_half_up(Decimal(qty_milli) * unit_price_minor / 1000)
    discount = round_half_up(Decimal(gross) * percent_off / 100) if percent_off else 0
    return {
        "id": f"line-{name}",
        "product_id": f"prod-{name}",
        "sku": f"SKU-{abs(hash(name)) % 100000}",
        "name": name,
        "names": names or {},
        "barcode": None,
        "qty_milli": qty_milli,
        "sold_by_weight": sold_by_weight,
        "unit_price_minor": unit_price_minor,
        "list_price_minor": unit_price_minor,
        "gross_minor": gross,
        "line_discount_minor": discount,
        "cart_discount_minor": 0,
        "total_minor": gross - discount,
        "vat_rate": vat_rate,
        "discount": (
            {"kind": "percent", "value": str(percent_off), "reason": "Ayın fırsatı"}
            if percent_off
            else None
        ),
        "override_reason": None,
        "original_line_id": None,
    }


def tender(kind: str, amount: int, **extra: Any) -> dict[str, Any]:
    """A tender as ``Tender.to_dict()`` writes it."""
    return {
        "tender_id": f"tender-{kind}-{amount}",
        "kind": kind,
        "amount_minor": amount,
        "tendered_minor": 0,
        "change_minor": 0,
        "approval_code": "",
        "reference": "",
    } | extra


def order_document(
    *,
    receipt_no: str,
    token: str,
    language: str,
    lines: list[dict[str, Any]],
    tenders: list[dict[str, Any]],
    kind: str = "sale",
    cart_discount_minor: int = 0,
    original_order_id: str | None = None,
) -> dict[str, Any]:
    """The order.completed / order.refunded payload, as stored in ``pos_order.document_json``."""
    if cart_discount_minor:
        # all on the first line, enough for the page (the cart allocates it pro rata)
        lines[0]["cart_discount_minor"] = cart_discount_minor
        lines[0]["total_minor"] -= cart_discount_minor
    by_rate: dict[int, int] = {}
    for line in lines:
        by_rate[line["vat_rate"]] = by_rate.get(line["vat_rate"], 0) + line["total_minor"]
    bands = breakdown(by_rate, PricingMode.INCLUSIVE)
    total = sum(line["total_minor"] for line in lines)
    return {
        "receipt_no": receipt_no,
        "receipt_token": token,
        "kind": kind,
        "store_code": "S01",
        "terminal_code": "T01",
        "shift_id": "shift-1",
        "cashier_id": CASHIER_ID,
        "customer_id": CUSTOMER_ID,
        "currency": "TRY",
        "pricing_mode": "inclusive",
        "language": language,
        "subtotal_minor": sum(line["gross_minor"] for line in lines),
        "line_discounts_minor": sum(line["line_discount_minor"] for line in lines),
        "cart_discount_minor": cart_discount_minor,
        "tax_minor": sum(band.tax_minor for band in bands),
        "rounding_minor": 0,
        "total_minor": total,
        "exchange_id": None,
        "order_id": f"order-{receipt_no}",
        "business_date": "2025-03-14",
        "completed_at": COMPLETED_AT.isoformat(),
        "original_order_id": original_order_id,
        "lines": lines,
        "tenders": tenders,
        "taxes": [
            {"rate_percent": b.rate_percent, "net_minor": b.net_minor, "tax_minor": b.tax_minor}
            for b in bands
        ],
        "stock_movements": [
            {
                "id": f"mv-{line['id']}",
                "product_id": line["product_id"],
                "qty_milli": -line["qty_milli"],
                "reason": kind,
            }
            for line in lines
        ],
        "store_credit": [],
        "approvals": [],
    }


def insert_order(backend: Backend, terminal_id: str, document: dict[str, Any]) -> None:
    """A pos_order row as ``sync.server.apply`` stores it, written directly."""
    with write_tx(backend.engine) as conn:
        store_id = conn.execute(store.select().where(store.c.code == "S01")).one().id
        conn.execute(
            insert(pos_order),
            {
                "id": document["order_id"],
                "kind": document["kind"],
                "receipt_no": document["receipt_no"],
                "receipt_token": document["receipt_token"],
                "store_id": store_id,
                "terminal_id": terminal_id,
                "local_no": int(document["receipt_no"].rsplit("-", 1)[-1]),
                "shift_id": document["shift_id"],
                "original_order_id": document["original_order_id"],
                "exchange_id": None,
                "customer_id": document["customer_id"],
                "language": document["language"],
                "currency": document["currency"],
                "total_minor": document["total_minor"],
                "tax_minor": document["tax_minor"],
                "business_date": date(2025, 3, 14),
                "completed_at": COMPLETED_AT,
                "received_at": COMPLETED_AT,
                "document_json": json.dumps(document, ensure_ascii=False, sort_keys=True),
            },
        )


@dataclass(frozen=True)
class Samples:
    key: str
    tr_sale: str
    en_sale: str
    tr_refund: str
    en_refund: str
    unsigned_sale: str  # from a terminal that had no key: still a real, synced receipt


def seed(backend: Backend) -> Samples:
    """A store, an enrolled terminal and sample receipts in both languages."""
    backend.store("S01", STORE_NAME)
    with write_tx(backend.engine) as conn:
        conn.execute(
            update(store)
            .where(store.c.code == "S01")
            .values(address=STORE_ADDRESS, tax_number=STORE_TAX_NO, timezone="Europe/Istanbul")
        )
    terminal = backend.enrol("S01", "T01")
    with write_tx(backend.engine) as conn:
        key = receipt_key(conn)
    tokens = {name: make_token(key, name[:2]) for name in ("tr1", "en2", "tr3", "en4")}

    tr_lines = [
        sale_line("Türk Kahvesi 100 g", qty_milli=2000, unit_price_minor=8950, vat_rate=1),
        sale_line("Domates", qty_milli=750, unit_price_minor=3490, vat_rate=1, sold_by_weight=True),
        sale_line(
            "Çaydanlık Çelik 2 L",
            qty_milli=1000,
            unit_price_minor=149900,
            vat_rate=20,
            percent_off=10,
        ),
    ]
    tr_total = sum(line["total_minor"] for line in tr_lines)
    insert_order(
        backend,
        terminal.terminal_id,
        order_document(
            receipt_no="S01-T01-000001",
            token=tokens["tr1"],
            language="tr",
            lines=tr_lines,
            tenders=[
                tender("cash", tr_total, tendered_minor=160000, change_minor=160000 - tr_total)
            ],
        ),
    )

    en_lines = [
        sale_line(
            "Zeytinyağı 1 L",
            qty_milli=3000,
            unit_price_minor=42500,
            vat_rate=1,
            names={"tr": "Zeytinyağı 1 L", "en": "Olive oil 1 L"},
        ),
        sale_line("Kupa Bardak", qty_milli=1000, unit_price_minor=12000, vat_rate=20),
    ]
    en_doc = order_document(
        receipt_no="S01-T01-000002",
        token=tokens["en2"],
        language="en",
        lines=en_lines,
        tenders=[],
        cart_discount_minor=5000,
    )
    en_doc["tenders"] = [tender("card", en_doc["total_minor"], approval_code=CARD_APPROVAL)]
    insert_order(backend, terminal.terminal_id, en_doc)

    for n, (name, language) in enumerate((("tr3", "tr"), ("en4", "en")), start=3):
        refund_line = sale_line(
            "Çaydanlık Çelik 2 L", qty_milli=-1000, unit_price_minor=134910, vat_rate=20
        )
        refund_line["override_reason"] = "Kusurlu ürün"
        refund_doc = order_document(
            receipt_no=f"S01-T01-00000{n}",
            token=tokens[name],
            language=language,
            kind="return",
            lines=[refund_line],
            tenders=[tender("store_credit", -134910, reference=VOUCHER)],
            original_order_id="order-S01-T01-000001",
        )
        if language == "tr":  # as tills write it now; the English one as older tills did
            refund_doc["original_receipt_no"] = "S01-T01-000001"
        insert_order(backend, terminal.terminal_id, refund_doc)

    unsigned = make_token(None, "tr")
    insert_order(
        backend,
        terminal.terminal_id,
        order_document(
            receipt_no="S01-T01-000005",
            token=unsigned,
            language="tr",
            lines=[sale_line("Simit", qty_milli=3000, unit_price_minor=1500, vat_rate=1)],
            tenders=[tender("cash", 4500)],
        ),
    )
    return Samples(key, tokens["tr1"], tokens["en2"], tokens["tr3"], tokens["en4"], unsigned)


@pytest.fixture
def samples(backend: Backend) -> Samples:
    return seed(backend)


def visible_text(page: str) -> str:
    """The text a reader sees: no style or script, no tags, whitespace collapsed."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    page = page.replace("&amp;", "&").replace("&#x27;", "'").replace("&quot;", '"')
    return " ".join(page.split())


def get(backend: Backend, path: str) -> tuple[int, str, dict[str, str]]:
    response = backend.client.get(path)
    return response.status_code, response.text, dict(response.headers)


# -- receipts --------------------------------------------------------------------------------


def test_turkish_sale(backend: Backend, samples: Samples) -> None:
    status, page, headers = get(backend, f"/r/{samples.tr_sale}")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert '<html lang="tr">' in page
    assert '<meta charset="utf-8">' in page
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    text = visible_text(page)
    # the store, when and which receipt (15:41 in Istanbul)
    for expected in (
        STORE_NAME,
        STORE_ADDRESS,
        f"Vergi No: {STORE_TAX_NO}",
        "14 Mart 2025",
        "15:41",
        "S01-T01-000001",
        "FİŞ",
    ):
        assert expected in text, expected
    # lines: quantity x unit price, weight in kg, the line discount
    assert "Türk Kahvesi 100 g 179,00 ₺ 2 × 89,50 ₺ · KDV %1" in text
    assert "Domates 26,18 ₺ 0,750 kg × 34,90 ₺/kg · KDV %1" in text
    assert "Çaydanlık Çelik 2 L 1.499,00 ₺ 1 × 1.499,00 ₺ · KDV %20" in text
    assert "İndirim %10 -149,90 ₺" in text
    # totals and the VAT table per rate
    assert "Ara toplam 1.704,18 ₺" in text
    assert "Ürün indirimleri -149,90 ₺" in text
    assert "Toplam 1.554,28 ₺" in text
    # %1: 205,18 TL gross -> 2,03 KDV; %20: 1.349,10 TL gross -> 224,85 KDV
    assert "KDV dökümü Oran Matrah KDV" in text
    assert "KDV %1 203,15 ₺ 2,03 ₺" in text
    assert "KDV %20 1.124,25 ₺ 224,85 ₺" in text
    assert "Toplam KDV 226,88 ₺" in text
    # cash with change
    assert "Ödeme Nakit 1.554,28 ₺ Verilen 1.600,00 ₺ Para üstü 45,72 ₺" in text
    assert "Teşekkür ederiz" in text
    assert "PDF olarak kaydet / yazdır" in text
    assert f'href="/r/{samples.tr_sale}/print"' in page
    # the lira sign, as on the till's screens (paper prints TL: no code page has it)
    assert not re.search(r"\d TL\b|\bTRY\b", text), text


def test_turkish_page_has_no_english(backend: Backend, samples: Samples) -> None:
    for path in (f"/r/{samples.tr_sale}", f"/r/{samples.tr_sale}/print", f"/r/{samples.tr_refund}"):
        text = visible_text(backend.client.get(path).text)
        for word in re.findall(r"[^\W\d_]+", text):
            assert word.lower() not in {
                "receipt",
                "total",
                "subtotal",
                "vat",
                "payment",
                "cash",
                "change",
                "print",
                "save",
                "discount",
                "refund",
                "thank",
                "items",
                "date",
                "time",
                "back",
            }, (path, word)


def test_english_sale(backend: Backend, samples: Samples) -> None:
    status, page, _ = get(backend, f"/r/{samples.en_sale}")
    assert status == 200
    assert '<html lang="en">' in page
    text = visible_text(page)
    for expected in (
        STORE_NAME,
        f"Tax no: {STORE_TAX_NO}",
        "RECEIPT",
        "14 March 2025",
        "15:41",
        "Receipt no S01-T01-000002",
        # the product's English name, pieces x unit price, VAT rate
        "Olive oil 1 L ₺1,275.00 3 × ₺425.00 · VAT 1%",
        "Kupa Bardak ₺120.00 1 × ₺120.00 · VAT 20%",
        "Subtotal ₺1,395.00",
        "Basket discount -₺50.00",
        "Total ₺1,345.00",
        "VAT breakdown Rate Net VAT",
        "VAT 1%",
        "VAT 20% ₺100.00 ₺20.00",
        "Payment Card ₺1,345.00",
        "Thank you",
        "Save as PDF / print",
    ):
        assert expected in text, expected
    assert "Zeytinyağı" not in text
    assert "TRY" not in text and " TL" not in text  # ₺, as on the till's screens
    for turkish in ("Toplam", "KDV", "Ödeme", "Kart", "Fiş", "Teşekkür"):
        assert turkish not in text


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        (
            "tr_refund",
            [
                "İADE",
                "Fiş no S01-T01-000003 Orijinal fiş S01-T01-000001",
                "İade edilen ürünler",
                "Çaydanlık Çelik 2 L -1.349,10 ₺ 1 × 1.349,10 ₺ · KDV %20",
                "İade toplamı -1.349,10 ₺",
                "KDV %20 -1.124,25 ₺ -224,85 ₺",
                "İade ödemesi Mağaza kredisi -1.349,10 ₺",
            ],
        ),
        (
            "en_refund",
            [
                "REFUND",
                # named by the backend from the original's order id (no number in the fact)
                "Receipt no S01-T01-000004 Original receipt S01-T01-000001",
                "Returned items",
                "Çaydanlık Çelik 2 L -₺1,349.10 1 × ₺1,349.10 · VAT 20%",
                "Refund total -₺1,349.10",
                "VAT 20% -₺1,124.25 -₺224.85",
                "Refunded to Store credit -₺1,349.10",
            ],
        ),
    ],
)
def test_refund(backend: Backend, samples: Samples, which: str, expected: list[str]) -> None:
    status, page, _ = get(backend, f"/r/{getattr(samples, which)}")
    assert status == 200
    text = visible_text(page)
    for item in expected:
        assert item in text, item
    assert 'class="kind refund"' in page
    assert "Kusurlu ürün" not in text  # the return reason is for staff


@pytest.mark.parametrize(
    ("language", "extra", "expected", "absent"),
    [
        ("tr", {"original_receipt_no": None}, "Orijinal fiş Yok (fişsiz iade)", "Web"),
        (
            "en",
            {"original_receipt_no": None},
            "Original receipt None (return without a receipt)",
            "Web order",
        ),
        (
            "tr",
            {"original_receipt_no": None, "web_return": {"number": "W-000042"}},
            "Web siparişi W-000042",
            "Orijinal fiş",
        ),
        (
            "en",
            {"original_receipt_no": None, "web_return": {"number": "W-000042"}},
            "Web order W-000042",
            "Original receipt",
        ),
    ],
)
def test_refund_says_what_it_takes_back(
    backend: Backend,
    samples: Samples,
    language: str,
    extra: dict[str, Any],
    expected: str,
    absent: str,
) -> None:
    """A return without a receipt says so; a web-order return names the web order."""
    terminal_id = backend.enrol("S01", "T02").terminal_id
    token = make_token(samples.key, language)
    line = sale_line("Kupa Bardak", qty_milli=-1000, unit_price_minor=12000, vat_rate=20)
    document = order_document(
        receipt_no="S01-T02-000001",
        token=token,
        language=language,
        kind="return",
        lines=[line],
        tenders=[tender("cash", -12000)],
    )
    insert_order(backend, terminal_id, document | extra)
    text = visible_text(backend.client.get(f"/r/{token}").text)
    assert expected in text
    assert absent not in text


def test_a_sale_names_no_original(backend: Backend, samples: Samples) -> None:
    for token in (samples.tr_sale, samples.en_sale):
        text = visible_text(backend.client.get(f"/r/{token}").text)
        assert "Orijinal" not in text and "Original" not in text


def test_unsigned_token_of_a_synced_receipt_shows_it(backend: Backend, samples: Samples) -> None:
    status, page, _ = get(backend, f"/r/{samples.unsigned_sale}")
    assert status == 200
    assert "Simit 45,00 ₺ 3 × 15,00 ₺" in visible_text(page)


@pytest.mark.parametrize("which", ["tr_sale", "en_sale", "tr_refund", "en_refund", "unsigned_sale"])
def test_no_personal_or_payment_data(backend: Backend, samples: Samples, which: str) -> None:
    token = getattr(samples, which)
    for path in (f"/r/{token}", f"/r/{token}/print"):
        page = backend.client.get(path).text
        for secret in (
            CASHIER_ID,
            CASHIER_NAME,
            CUSTOMER_ID,
            CARD_APPROVAL,
            VOUCHER,
            "shift-1",
            "order-S01",
            "cashier",
            "customer",
        ):
            assert secret not in page, (path, secret)


def test_page_is_self_contained(backend: Backend, samples: Samples) -> None:
    for path in (f"/r/{samples.tr_sale}", f"/r/{samples.en_sale}/print", "/r/nope"):
        page = backend.client.get(path).text
        assert "<link" not in page
        assert "src=" not in page
        assert "http://" not in page and "https://" not in page
        assert "@import" not in page and "url(" not in page


# -- print view ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["/print", "?view=print"])
def test_print_view(backend: Backend, samples: Samples, suffix: str) -> None:
    status, page, headers = get(backend, f"/r/{samples.tr_sale}{suffix}")
    assert status == 200
    assert "window.print()" in page
    assert 'id="print"' in page
    assert "@media print" in page
    assert "width: 80mm" in page
    text = visible_text(page)
    assert "Yazdır veya PDF olarak kaydet" in text
    assert "Toplam 1.554,28 ₺" in text
    assert f'href="/r/{samples.tr_sale}"' in page  # back to the phone view
    assert "<noscript>" in page  # without JavaScript: use the browser's print menu
    assert headers["cache-control"] == "private, no-store"
    # the CSP admits exactly the page's own inline script
    assert "script-src 'sha256-" in headers["content-security-policy"]


def test_phone_view_runs_no_script(backend: Backend, samples: Samples) -> None:
    _, page, headers = get(backend, f"/r/{samples.en_sale}")
    assert "<script" not in page
    assert "script-src 'none'" in headers["content-security-policy"]


# -- not synced yet, and unknown -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "lead", "absent"),
    [
        ("tr", "Fişiniz birkaç dakika içinde burada olacak", "receipt"),
        ("en", "Your receipt will appear here shortly", "Fiş"),
    ],
)
def test_signed_but_not_synced_is_pending(
    backend: Backend, samples: Samples, language: str, lead: str, absent: str
) -> None:
    token = make_token(samples.key, language)
    status, page, headers = get(backend, f"/r/{token}")
    assert status == 200
    assert f'<html lang="{language}">' in page
    assert lead in visible_text(page)
    assert absent not in visible_text(page)
    assert '<meta http-equiv="refresh" content="15">' in page
    assert STORE_NAME not in page
    assert headers["cache-control"] == "private, no-store"
    # the print view of a pending receipt is the same friendly page
    assert backend.client.get(f"/r/{token}/print").text == page


def _unknown_tokens(samples: Samples) -> list[str]:
    real = samples.tr_sale
    flipped = real[:-1] + ("A" if real[-1] != "A" else "B")
    return [
        make_token(None, "tr"),  # unsigned, never synced
        make_token("another-backends-key", "en"),  # wrong signature
        flipped,  # a real token with its MAC changed
        "x" + real[1:],  # an unknown language letter
        real[:-1],  # one character short
        real + "A",  # one character long
        "abc",
        "t" * 300,  # too long
        "ş" * 31,  # not URL-safe
        "%00",  # a NUL byte
        "..%2F..%2Fetc",
        "a/b/c",
        "' OR 1=1 --",
    ]


def test_unknown_tokens_get_one_identical_404(backend: Backend, samples: Samples) -> None:
    pages = set()
    header_sets = set()
    for token in _unknown_tokens(samples):
        for suffix in ("", "/print", "?view=print"):
            response = backend.client.get(f"/r/{token}{suffix}")
            assert response.status_code == 404, token
            pages.add(response.text)
            header_sets.add(
                tuple(sorted((k, v) for k, v in response.headers.items() if k != "date"))
            )
    assert len(pages) == 1
    assert len(header_sets) == 1
    text = visible_text(pages.pop())
    assert "Fiş bulunamadı" in text and "Receipt not found" in text
    assert STORE_NAME not in text


def test_unknown_tokens_take_the_same_database_path(backend: Backend, samples: Samples) -> None:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(" ".join(statement.split()))

    engine: Engine = backend.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        paths = []
        for token in [*_unknown_tokens(samples), make_token(samples.key, "tr")]:
            statements.clear()
            backend.client.get(f"/r/{token}")
            paths.append(tuple(statements))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(set(paths)) == 1, paths
    assert any("pos_order" in statement for statement in paths[0])


@pytest.fixture
def no_key_backend(backend: Backend) -> Iterator[Backend]:
    """A backend no terminal was ever enrolled at: there is no receipt key yet."""
    backend.store("S01", STORE_NAME)
    yield backend


def test_no_receipt_key_yet_means_404(no_key_backend: Backend) -> None:
    response = no_key_backend.client.get(f"/r/{make_token('whatever', 'tr')}")
    assert response.status_code == 404
    # and looking did not create a key (a public GET writes nothing)
    with no_key_backend.engine.connect() as conn:
        assert (
            conn.execute(server_meta.select().where(server_meta.c.key == "receipt_key")).first()
            is None
        )


# -- headers ---------------------------------------------------------------------------------


def test_headers_on_every_answer(backend: Backend, samples: Samples) -> None:
    for path in (
        f"/r/{samples.tr_sale}",
        f"/r/{samples.tr_sale}/print",
        f"/r/{make_token(samples.key, 'en')}",
        "/r/unknown",
    ):
        response = backend.client.get(path)
        assert response.headers["cache-control"] == "private, no-store", path
        assert response.headers["x-robots-tag"] == "noindex", path
        assert response.headers["referrer-policy"] == "no-referrer", path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path
        assert response.headers["content-type"] == "text/html; charset=utf-8", path
        assert '<meta name="robots" content="noindex, nofollow">' in response.text
