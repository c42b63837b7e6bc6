"""``CatalogImporter`` on real CSV files and a real SQLite database."""

from __future__ import annotations

import contextlib
import csv
import gc
import json
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from pos_app.app import build_services
from pos_app.config import load_settings
from pos_app.demo.data import DEMO_CATALOG
from pos_app.domain.barcodes import DEFAULT_LAYOUTS, encode_embedded, is_valid_gtin
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.catalog_import import CatalogImporter, CatalogImportError, RowError
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database
from tests.fakes import SEED, FakeClock, ean13

SEED_COUNT = len(SEED)


def write_csv(path: Path, *lines: str, encoding: str = "utf-8", bom: bool = False) -> Path:
    body = "\n".join(lines) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + body.encode(encoding))
    return path


def count(services: Services, sql: str) -> int:
    with services.engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def product_count(services: Services) -> int:
    return count(services, "SELECT count(*) FROM product")


def import_errors(importer: CatalogImporter, path: Path) -> list[RowError]:
    """Import ``path`` expecting a rejection; return the problems reported."""
    with pytest.raises(CatalogImportError) as info:
        importer.run(path)
    exc = info.value
    assert exc.code == "catalog.invalid_file"
    assert exc.params["count"] == len(exc.errors)
    assert "nothing was imported" in exc.message
    return exc.errors


def unknown(services: Services, code: str) -> bool:
    with pytest.raises(UserError) as excinfo:
        services.catalog.resolve_scan(code)
    return excinfo.value.code == "cart.unknown_barcode"


# -- good files ------------------------------------------------------------------------------

COLA_A, COLA_B = ean13("868100000001"), ean13("868100000002")
CHEESE = ean13("868100000003")
OLD = ean13("868100000004")


def test_good_file_imports_products_translations_categories_and_barcodes(
    services: Services, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "catalog.csv",
        "sku,name,name_en,category,category_en,barcodes,price,vat_rate,unit,plu,active",
        f"COLA1L,Kola 1 L,Cola 1 L,İçecek,Drinks,{COLA_A}|{COLA_B}|INT-COLA,25.50,20,piece,,1",
        f'PEYNIR,Beyaz Peynir,White Cheese,Şarküteri,Deli,{CHEESE},"189,90",10,kg,00201,1',
        "ARMUT,Deveci Armut,Pear,Meyve & Sebze,Fruit & Vegetables,,45.00,1,kg,00202,",
        f"ESKI,Eski Ürün,Old Product,İçecek,Drinks,{OLD},5.00,20,,,0",
    )
    report = services.importer.run(path)

    assert (report.created, report.updated, report.total) == (4, 0, 4)
    assert report.barcodes == 5
    assert report.categories_created == 3
    assert product_count(services) == SEED_COUNT + 4

    for code in (COLA_A, COLA_B, "INT-COLA"):
        scan = services.catalog.resolve_scan(code)
        assert scan.quantity == 1
        cola = scan.product
        assert (cola.sku, cola.name, cola.unit_price_minor, cola.vat_rate) == (
            "COLA1L",
            "Kola 1 L",
            2550,
            20,
        )
        assert not cola.sold_by_weight
        assert cola.names == {"en": "Cola 1 L"}
        assert cola.name_in("en") == "Cola 1 L"

    cheese = services.catalog.resolve_scan(CHEESE).product
    assert (cheese.sku, cheese.unit_price_minor, cheese.sold_by_weight) == ("PEYNIR", 18990, True)
    weighed = services.catalog.resolve_scan(
        encode_embedded(DEFAULT_LAYOUTS[0], "00201", Decimal("0.750"))
    )
    assert weighed.product.sku == "PEYNIR"
    assert weighed.quantity == Decimal("0.750")
    pear = services.catalog.resolve_scan(
        encode_embedded(DEFAULT_LAYOUTS[1], "00202", Decimal("1.234"))
    )
    assert (pear.product.sku, pear.product.unit_price_minor) == ("ARMUT", 4500)
    assert pear.product.sold_by_weight
    assert pear.quantity == Decimal("1.234")

    assert unknown(services, OLD)  # imported inactive: not for sale
    assert count(services, "SELECT active FROM product WHERE sku = 'ESKI'") == 0

    with services.engine.connect() as conn:
        categories: dict[str, str] = dict(
            conn.execute(text("SELECT name, names_json FROM category")).all()
        )
        cola_category: str = conn.execute(
            text(
                "SELECT c.name FROM product p JOIN category c ON c.id = p.category_id "
                "WHERE p.sku = 'COLA1L'"
            )
        ).scalar_one()
    assert {name: json.loads(names) for name, names in categories.items()} == {
        "İçecek": {"en": "Drinks"},
        "Şarküteri": {"en": "Deli"},
        "Meyve & Sebze": {"en": "Fruit & Vegetables"},
    }
    assert cola_category == "İçecek"


def test_semicolon_file_with_decimal_commas(services: Services, tmp_path: Path) -> None:
    tea = ean13("868100000010")
    path = write_csv(
        tmp_path / "excel.csv",
        "sku;name;name_en;price;vat_rate;barcodes;unit;plu",
        f"CAY500;Siyah Çay 500 g;Black Tea 500 g;12,50;10;{tea};piece;",
        "KIYMA;Dana Kıyma;Minced Beef;459,90;1;;kg;00301",
        "LIMON;Limon;Lemon;1.234,5;1;;kg;00302",
    )
    errors = import_errors(services.importer, path)
    # thousands separators are not accepted: the one bad row is named, nothing imported
    assert [(e.line, e.column) for e in errors] == [(4, "price")]
    assert product_count(services) == SEED_COUNT

    path = write_csv(path, *path.read_text(encoding="utf-8").splitlines()[:3])
    report = services.importer.run(path)
    assert report.created == 2
    tea_product = services.catalog.resolve_scan(tea).product
    assert (tea_product.sku, tea_product.unit_price_minor, tea_product.vat_rate) == (
        "CAY500",
        1250,
        10,
    )
    assert tea_product.names == {"en": "Black Tea 500 g"}
    mince = services.catalog.resolve_scan(
        encode_embedded(DEFAULT_LAYOUTS[0], "00301", Decimal("0.500"))
    )
    assert (mince.product.sku, mince.product.unit_price_minor) == ("KIYMA", 45990)


def test_utf8_bom_is_accepted(services: Services, tmp_path: Path) -> None:
    code = ean13("868100000020")
    path = write_csv(
        tmp_path / "bom.csv",
        "sku,name,name_en,price,vat_rate,barcodes",
        f"SUCUK,Kangal Sucuk,Sausage,249.90,1,{code}",
        bom=True,
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbfsku,")
    assert services.importer.run(path).created == 1
    product = services.catalog.resolve_scan(code).product
    assert (product.sku, product.name, product.names) == (
        "SUCUK",
        "Kangal Sucuk",
        {"en": "Sausage"},
    )


def test_reimport_updates_and_replaces_barcodes(services: Services, tmp_path: Path) -> None:
    a1, a2, b1, c1 = (ean13(f"86810000003{i}") for i in range(4))
    header = "sku,name,name_en,price,vat_rate,barcodes,category"
    first = write_csv(
        tmp_path / "v1.csv",
        header,
        f"SU05,Su 0.5 L,Water 0.5 L,8.00,10,{a1}|{a2},İçecek",
        f"SU15,Su 1.5 L,Water 1.5 L,12.00,10,{b1},İçecek",
    )
    report = services.importer.run(first)
    assert (report.created, report.updated, report.barcodes, report.categories_created) == (
        2,
        0,
        3,
        1,
    )

    again = services.importer.run(first)
    assert (again.created, again.updated, again.barcodes, again.categories_created) == (
        0,
        2,
        3,
        0,
    )
    assert product_count(services) == SEED_COUNT + 2
    assert count(services, "SELECT count(*) FROM barcode") == 4 + 3  # 4 seeded, no duplicates
    assert count(services, "SELECT count(*) FROM category") == 1

    # SU05 loses a1 and gets a new price; b1 moves from SU15 to the new SU5L
    second = write_csv(
        tmp_path / "v2.csv",
        header,
        f"SU05,Su 0.5 L,Water 0.5 L,9.50,10,{a2},İçecek",
        f"SU15,Su 1.5 L,Water 1.5 L,12.00,10,{c1},İçecek",
        f"SU5L,Su 5 L,Water 5 L,30.00,10,{b1},İçecek",
    )
    report = services.importer.run(second)
    assert (report.created, report.updated, report.total, report.barcodes) == (1, 2, 3, 3)
    assert product_count(services) == SEED_COUNT + 3
    assert unknown(services, a1)
    small = services.catalog.resolve_scan(a2).product
    assert (small.sku, small.unit_price_minor) == ("SU05", 950)
    assert services.catalog.resolve_scan(b1).product.sku == "SU5L"
    assert services.catalog.resolve_scan(c1).product.sku == "SU15"
    # the product keeps its id across imports (sales and stock refer to it)
    assert small.product_id == services.catalog.resolve_scan(a2).product.product_id


# -- bad files -------------------------------------------------------------------------------


def test_bad_file_lists_every_problem_and_imports_nothing(
    services: Services, tmp_path: Path
) -> None:
    good = ean13("868200000001")
    wrong_check = good[:-1] + str((int(good[-1]) + 1) % 10)
    path = write_csv(
        tmp_path / "bad.csv",
        "sku,name,price,vat_rate,barcodes,unit,plu",  # line 1
        f"OK1,İyi Ürün,10.00,20,{good},piece,",  # 2: fine
        "BADPRICE,Fiyatsız,abc,20,,piece,",  # 3
        "NEG,Eksi,-5.00,20,,piece,",  # 4
        "VAT7,Yedi,10.00,7,,piece,",  # 5
        f"EAN,Yanlış,10.00,20,{wrong_check},piece,",  # 6
        "UNIT,Kutu,10.00,20,,box,",  # 7
        "PLU,Tartılı,10.00,1,,kg,123",  # 8
        "OK1,Tekrar,11.00,20,,piece,",  # 9: duplicate sku of line 2
        f"DUPBC,Aynı Kod,10.00,20,{good},piece,",  # 10: duplicate barcode of line 2
        "FEW,Eksik,10.00",  # 11: wrong field count
        "OK2,İkinci İyi,10.00,1,,piece,",  # 12: fine
    )
    errors = import_errors(services.importer, path)

    assert [(e.line, e.column) for e in errors] == [
        (3, "price"),
        (4, "price"),
        (5, "vat_rate"),
        (6, "barcodes"),
        (7, "unit"),
        (8, "plu"),
        (9, "sku"),
        (10, "barcodes"),
        (11, ""),
    ]
    messages = [str(e) for e in errors]
    assert "'abc' is not an amount" in messages[0]
    assert messages[0].startswith("line 3: price: ")
    assert "negative" in messages[1]
    assert "'7'" in messages[2] and "1, 10, 20" in messages[2]
    assert wrong_check in messages[3] and "check digit" in messages[3]
    assert "'box'" in messages[4]
    assert "'123' must be 5 digits" in messages[5]
    assert "'OK1' already used on line 2" in messages[6]
    assert f"'{good}' already used on line 2" in messages[7]
    assert messages[8] == "line 11: has 3 fields, the header has 7"

    assert product_count(services) == SEED_COUNT
    assert count(services, "SELECT count(*) FROM barcode") == 4
    assert unknown(services, good)


def test_bad_header_names_missing_and_unknown_columns(services: Services, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "header.csv",
        "sku,name,vat_rate,flavour,name_en",
        "TSHIRT,Tişört,20,red,T-shirt",
    )
    errors = import_errors(services.importer, path)
    assert sorted((e.line, e.column, e.message) for e in errors) == [
        (1, "flavour", "unknown column"),
        (1, "price", "required column is missing"),
    ]
    assert product_count(services) == SEED_COUNT


def test_barcode_of_a_product_not_in_the_file_is_rejected(
    services: Services, tmp_path: Path
) -> None:
    milk_code = SEED[0].barcode
    assert milk_code is not None
    header = "sku,name,price,vat_rate,barcodes,unit,plu"
    path = write_csv(
        tmp_path / "steal.csv",
        header,
        "OTHER,Başka Ürün,1.00,1,,piece,",
        f"NEWMILK,Yeni Süt,47.50,1,{milk_code},piece,",
        "NEWAPPLE,Yeni Elma,59.90,1,,kg,00101",
    )
    errors = import_errors(services.importer, path)
    assert [(e.line, e.column) for e in errors] == [(3, "barcodes"), (4, "plu")]
    assert "belongs to product MILK1L, which is not in this file" in errors[0].message
    assert "belongs to product APPLE" in errors[1].message
    assert product_count(services) == SEED_COUNT
    assert services.catalog.resolve_scan(milk_code).product.sku == "MILK1L"

    # with its owner in the same file, the code may move
    path = write_csv(
        tmp_path / "move.csv",
        header,
        "MILK1L,Tam Yağlı Süt 1 L,45.50,1,,piece,",
        f"NEWMILK,Yeni Süt,47.50,1,{milk_code},piece,",
    )
    report = services.importer.run(path)
    assert (report.created, report.updated) == (1, 1)
    assert services.catalog.resolve_scan(milk_code).product.sku == "NEWMILK"


def test_non_utf8_file_is_rejected_clearly(services: Services, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "ansi.csv",
        "sku,name,price,vat_rate",
        "SEKER,Toz Şeker 1 kg,39.90,1",
        encoding="cp1254",
    )
    errors = import_errors(services.importer, path)
    assert len(errors) == 1
    assert "not UTF-8" in errors[0].message
    assert product_count(services) == SEED_COUNT


def test_empty_and_header_only_files_are_rejected_clearly(
    services: Services, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    errors = import_errors(services.importer, empty)
    assert len(errors) == 1
    assert "empty" in errors[0].message

    header_only = write_csv(tmp_path / "header-only.csv", "sku,name,price,vat_rate")
    errors = import_errors(services.importer, header_only)
    assert len(errors) == 1
    assert "header but no products" in errors[0].message
    assert product_count(services) == SEED_COUNT


def test_missing_file(services: Services, tmp_path: Path) -> None:
    with pytest.raises(UserError) as excinfo:
        services.importer.run(tmp_path / "nope.csv")
    assert excinfo.value.code == "catalog.file_missing"
    assert not isinstance(excinfo.value, CatalogImportError)
    assert "nope.csv" in excinfo.value.message


def test_rejected_files_are_closed(services: Services, tmp_path: Path) -> None:
    cases = {
        "empty.csv": b"",
        "bad-header.csv": b"sku,name\nA,B\n",
        "cp1254.csv": "sku,name,price,vat_rate\nSEKER,Şeker,1.00,1\n".encode("cp1254"),
    }
    leaked = []
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            with contextlib.suppress(CatalogImportError):
                services.importer.validate(path)
            gc.collect()
        leaked += [name for w in caught if issubclass(w.category, ResourceWarning)]
    assert leaked == []


def test_line_numbers_count_physical_lines(services: Services, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "multiline.csv",
        "sku,name,price,vat_rate",
        'NOTE,"Çok satırlı',
        'ad",1.00,1',
        "BAD,Fiyatsız,abc,1",  # physical line 4
    )
    errors = import_errors(services.importer, path)
    # A name may not span lines (it would print as two receipt lines): refused where it starts.
    assert [(e.line, e.column) for e in errors] == [(2, "name"), (4, "price")]


def test_odd_vat_digits_are_a_row_error(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "vat.csv", "sku,name,price,vat_rate", "X,Ürün,1.00,²")
    errors = import_errors(services.importer, path)
    assert [(e.line, e.column) for e in errors] == [(2, "vat_rate")]


def test_decomposed_text_is_imported_composed(services: Services, tmp_path: Path) -> None:
    """Names exported decomposed (NFD: S + U+0327) are stored NFC, so they print as Ş."""
    path = write_csv(
        tmp_path / "nfd.csv",
        "sku,name,name_en,category,price,vat_rate,model,colour",
        "SIMIT,S\u0327is\u0327li Simit,S\u0327is\u0327li Bagel,I\u0307kram,15.00,1,SIM,"
        "Gu\u0308mu\u0308s\u0327",
    )
    services.importer.run(path)
    with services.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT p.name, p.names_json, c.name, p.variant_json FROM product p "
                "JOIN category c ON c.id = p.category_id WHERE p.sku = 'SIMIT'"
            )
        ).one()
    assert row[0] == "Şişli Simit" and json.loads(row[1]) == {"en": "Şişli Bagel"}
    assert row[2] == "İkram" and json.loads(row[3]) == {"colour": "Gümüş"}
    assert services.catalog.search("şişli")[0].sku == "SIMIT"


def test_control_characters_in_text_are_refused_by_line_and_column(
    services: Services, tmp_path: Path
) -> None:
    """ESC p in a name would open the cash drawer when a receipt prints it, GS V would cut
    the paper, a newline adds a fake receipt line: refused, naming the character."""
    path = write_csv(
        tmp_path / "controls.csv",
        "sku,name,name_en,category,price,vat_rate",
        "OK,Süt,Milk,Süt Ürünleri,45.00,1",
        "KICK,Süt\x1bp\x00\x19\xfa,Milk,Süt Ürünleri,45.00,1",
        "CUT,Süt,Milk\x1dV\x00,Süt Ürünleri,45.00,1",
        'LINE,"Süt\nTOPLAM 0,01 TL",Milk,Süt Ürünleri,45.00,1',
        "TAB,Süt,Milk,Süt\tÜrünleri,45.00,1",
        "C1,Süt\x9b,Milk,Süt Ürünleri,45.00,1",
    )
    errors = import_errors(services.importer, path)
    assert [str(e) for e in errors] == [
        "line 3: name: contains a control character (U+001B)",
        "line 4: name_en: contains a control character (U+001D)",
        "line 5: name: contains a control character (U+000A)",
        "line 7: category: contains a control character (U+0009)",
        "line 8: name: contains a control character (U+009B)",
    ]
    assert product_count(services) == SEED_COUNT


def test_import_uses_no_deprecated_api(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "one.csv", "sku,name,price,vat_rate", "ONE,Bir,1.00,1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeprecationWarning)
        services.importer.run(path)
    assert [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)] == []


# -- the demo catalog and a large file ---------------------------------------------------------


@pytest.fixture
def empty_store(tmp_path: Path, clock: FakeClock) -> Iterator[Services]:
    """An initialised terminal without the seed catalog (the demo uses PLU 00101 too)."""
    settings = load_settings(data_dir=tmp_path / "empty")
    engine = open_database(settings.database_path)
    initialise_terminal(engine, "S01", "T01")
    built = build_services(settings, engine, clock)
    yield built
    built.close()


def test_demo_catalog_imports_cleanly(empty_store: Services) -> None:
    with DEMO_CATALOG.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes = [code for row in rows for code in row["barcodes"].split("|") if code]
    assert codes
    assert all(len(code) == 13 and is_valid_gtin(code) for code in codes)
    assert all(row["name_en"].strip() for row in rows)

    report = empty_store.importer.run(DEMO_CATALOG)
    assert report.created == len(rows) >= 300
    assert report.barcodes == len(codes)
    assert product_count(empty_store) == len(rows)
    assert count(empty_store, "SELECT count(*) FROM product WHERE sold_by_weight") >= 40
    assert (
        count(empty_store, "SELECT count(*) FROM product WHERE sold_by_weight AND plu IS NULL") == 0
    )
    with empty_store.engine.connect() as conn:
        rates: set[int] = set(conn.execute(text("SELECT DISTINCT vat_rate FROM product")).scalars())
        names: list[str] = list(conn.execute(text("SELECT names_json FROM product")).scalars())
    assert rates == {1, 10, 20}
    assert all(json.loads(n).get("en", "").strip() for n in names)
    product = empty_store.catalog.resolve_scan(codes[0]).product
    assert product.name_in("en") == rows[0]["name_en"]


def test_large_file_imports_completely(services: Services, tmp_path: Path) -> None:
    """Correctness at size only; timing belongs to ``pos bench``."""
    total = 100_000
    path = tmp_path / "large.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("sku,name,name_en,price,vat_rate,barcodes,category\n")
        for i in range(total):
            out.write(
                f"L{i:06d},Ürün {i},Product {i},{1 + i % 500}.{i % 100:02d},"
                f"{(1, 10, 20)[i % 3]},{ean13(f'867{i:09d}')},Kategori {i % 25}\n"
            )
    report = services.importer.run(path)
    assert (report.created, report.updated, report.barcodes) == (total, 0, total)
    assert report.categories_created == 25
    assert product_count(services) == SEED_COUNT + total
    last = services.catalog.resolve_scan(ean13(f"867{total - 1:09d}")).product
    assert (last.sku, last.names) == (f"L{total - 1:06d}", {"en": f"Product {total - 1}"})
    assert last.unit_price_minor == (1 + (total - 1) % 500) * 100 + (total - 1) % 100


# -- kiosk columns: image, min_age, restriction ------------------------------------------------


def kiosk_values(services: Services, sku: str) -> tuple[object, ...]:
    with services.engine.connect() as conn:
        return tuple(
            conn.execute(
                text("SELECT image, min_age, restriction FROM product WHERE sku = :s"), {"s": sku}
            ).one()
        )


def test_kiosk_columns_are_stored_and_kept_when_a_file_leaves_them_out(
    services: Services, tmp_path: Path
) -> None:
    header = "sku,name,price,vat_rate,unit,plu,image,min_age,restriction"
    path = write_csv(
        tmp_path / "kiosk.csv",
        header,
        "BIRA,Bira 50 cl,75.00,20,piece,,,18,alcohol",
        "ELMA,Elma,55.00,1,kg,09101,elma_kirmizi.png,,",
        "SU,Su,10.00,1,piece,,su-1.5L.webp,0,",
    )
    services.importer.run(path)
    assert kiosk_values(services, "BIRA") == (None, 18, "alcohol")
    assert kiosk_values(services, "ELMA") == ("elma_kirmizi.png", 0, None)
    assert kiosk_values(services, "SU") == ("su-1.5L.webp", 0, None)
    # An older export without the kiosk columns: the age check and the picture stay.
    services.importer.run(
        write_csv(tmp_path / "old.csv", "sku,name,price,vat_rate", "BIRA,Bira 50 cl,80.00,20")
    )
    assert kiosk_values(services, "BIRA") == (None, 18, "alcohol")
    # Only min_age given, empty: cleared; the others kept.
    services.importer.run(
        write_csv(tmp_path / "age.csv", "sku,name,price,vat_rate,min_age", "BIRA,Bira,80.00,20,")
    )
    assert kiosk_values(services, "BIRA") == (None, 0, "alcohol")


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("image", "../elma.png", "must be a file name"),
        ("image", "resimler/elma.png", "no folders"),
        ("image", "C:\\elma.png", "must be a file name"),
        ("image", "elma.gif", "ending .png, .jpg, .jpeg or .webp"),
        ("image", "elma.PNG", "ending .png"),
        ("image", ".png", "must be a file name"),
        ("image", "elma fotoğraf.png", "must be a file name"),
        ("image", "a" * 197 + ".png", "1-200"),
        ("min_age", "100", "from 0 to 99"),
        ("min_age", "-1", "from 0 to 99"),
        ("min_age", "18.5", "whole number"),
        ("min_age", "on sekiz", "whole number"),
        ("restriction", "Alcohol", "lowercase"),
        ("restriction", "alkol saat", "rule group"),
        ("restriction", "a" * 33, "1-32"),
    ],
)
def test_bad_kiosk_cells_are_named_by_line_and_column(
    services: Services, tmp_path: Path, column: str, value: str, problem: str
) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        f"sku,name,price,vat_rate,{column}",
        "IYI,İyi,1.00,20,",
        f'KOTU,Kötü,1.00,20,"{value}"',
    )
    errors = import_errors(services.importer, path)
    assert [(e.line, e.column) for e in errors] == [(3, column)]
    assert problem in errors[0].message and value in errors[0].message
    assert product_count(services) == SEED_COUNT


def test_the_longest_picture_name_is_accepted(services: Services, tmp_path: Path) -> None:
    name = "a" * 195 + ".jpeg"  # 200 characters
    services.importer.run(
        write_csv(
            tmp_path / "long.csv", "sku,name,price,vat_rate,image", f"UZUN,Uzun,1.00,20,{name}"
        )
    )
    assert kiosk_values(services, "UZUN") == (name, 0, None)
