"""Receipt lines on a grid of ``width`` columns: a label and a value, three columns, wrapping.

Every function measures the printable text (``pos_app.domain.text.printable``: ``₺`` as
``TL``, ``…`` as ``...``, NFC, no control characters), which is what the encoder sends and the
preview shows, so a line laid out for ``width`` columns is never wider on paper.
"""

from __future__ import annotations

from pos_app.domain.text import printable

ELLIPSIS = "..."  # what a cut text ends with (a code page has no "…")
VAT_LEAD = 6  # the rate column of the VAT table


def columns(left: str, right: str, width: int) -> str:
    """``left`` and ``right`` on one line; a long ``left`` is cut (ending in ``...``) so
    ``right`` always fits. For names: an amount or a count must not be cut, see
    :func:`columns_lines`."""
    left, right = printable(left), printable(right)
    room = width - len(right) - 1
    if room < 1:
        return right[-width:]
    if len(left) > room:
        keep = room - len(ELLIPSIS)
        left = left[:keep].rstrip() + ELLIPSIS if keep > 0 else left[:room]
    return f"{left}{' ' * (width - len(left) - len(right))}{right}"


def columns_lines(left: str, right: str, width: int) -> list[str]:
    """``left`` and ``right`` on one line when both fit; otherwise ``left`` (wrapped, keeping
    its indent) with ``right`` right-aligned on the line below. Nothing is cut: for prices,
    amounts and counts."""
    left, right = printable(left), printable(right)
    if not right:
        return indented_wrap(left, width)
    if len(left) + 1 + len(right) <= width:
        return [columns(left, right, width)]
    lines = indented_wrap(left, width) if left.strip() else []
    return lines + [part.rjust(width) for part in wrap(right, width)]


def fits_three_columns(first: str, second: str, third: str, width: int) -> bool:
    """Whether :func:`three_columns` shows all three whole, a space between them."""
    half = (width - VAT_LEAD) // 2
    return (
        len(printable(first)) <= VAT_LEAD
        and len(printable(second)) < half
        and len(printable(third)) < width - VAT_LEAD - half
    )


def three_columns(first: str, second: str, third: str, width: int) -> str:
    """A short left column, then two right-aligned amounts sharing the rest (the VAT table);
    check :func:`fits_three_columns` first."""
    first, second, third = printable(first), printable(second), printable(third)
    half = (width - VAT_LEAD) // 2
    rest = width - VAT_LEAD - half
    return f"{first[:VAT_LEAD]:<{VAT_LEAD}}{second:>{half}}{third:>{rest}}"


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken between words (a word longer
    than a line is broken where the line ends)."""
    words, lines, current = printable(text).split(), [], ""
    for word in words:
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def indented_wrap(text: str, width: int) -> list[str]:
    """:func:`wrap`, every line keeping the leading spaces of ``text`` (item detail lines)."""
    text = printable(text)
    body = text.lstrip(" ")
    indent = min(len(text) - len(body), width // 2)
    return [" " * indent + line for line in wrap(body, width - indent)]
