"""CSV cells a spreadsheet would run as formulas are neutralised, numbers stay numbers
(issue 15, item 13), in every CSV the project writes: ``sync.csv_cells`` itself here, the
demo catalog generator below, ``pos export sales`` in tests/integration/test_export.py."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from sync.csv_cells import csv_writer, safe_cell

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+90 555", "-5 % indirim", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("x")'],
)
def test_text_beginning_like_a_formula_gets_a_quote(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_other_text_and_numbers_are_written_as_they_are() -> None:
    for text in ("Süt", "", " =1", "S01-T01-000001", "cash:-12.50", "1+1", "'=1"):
        assert safe_cell(text) == text
    assert safe_cell(Decimal("-12.50")) == Decimal("-12.50")
    assert safe_cell(-3) == -3
    assert safe_cell(None) == ""
    assert safe_cell(True) == "True"
    out = io.StringIO()
    csv_writer(out).writerows([["name", "amount"], ["-5 % indirim", Decimal("-12.50")]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["name", "amount"],
        ["'-5 % indirim", "-12.50"],
    ]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_demo_catalog", ROOT / "scripts" / "make_demo_catalog.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_the_demo_catalog_generator_writes_no_formula(tmp_path: Path) -> None:
    generator = _generator()
    products = generator.build_products()
    generator.validate(products)
    target = tmp_path / "catalog.csv"
    generator.write_csv(products, target)
    committed = ROOT / "pos_app" / "resources" / "demo" / "catalog.csv"
    assert target.read_bytes() == committed.read_bytes()  # nothing in it read as a formula
    odd = generator.Product(
        "ODD-1", "=1+1", "-odd", "@cat", "+cat", (), Decimal("1.00"), 20, "piece", ""
    )
    with pytest.raises(AssertionError, match="ODD-1"):
        generator.validate([*products, odd])
    generator.write_csv([odd], target)
    (row,) = csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))
    assert (row["name"], row["name_en"], row["category"]) == ("'=1+1", "'-odd", "'@cat")
