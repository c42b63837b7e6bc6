"""Reading what the desk types or scans to find a web order (pickups, web returns): order
numbers, phone digits, LIKE patterns, the pickup QR payload."""

from __future__ import annotations

import re

from pos_app.domain.text import fold
from pos_app.storage.replica.search_text import CONTROL as CONTROL
from pos_app.storage.replica.search_text import PHONE_DIGITS

QR_PREFIX = "POSPICKUP:"
_NUMBER_RE = re.compile(r"([a-z]{0,3})-?0*([0-9]{1,9})")
_PHONE_RE = re.compile(r"[0-9\s()+\-./]+")
_NON_DIGITS = re.compile(r"[^0-9]")


def like_pattern(fragment: str) -> str:
    """``%fragment%`` with LIKE's wildcards escaped (``ESCAPE '\\'``)."""
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def number_for(query: str) -> str | None:
    """``123``, ``w123``, ``W-000123`` -> ``W-000123`` (the backend's order numbers)."""
    match = _NUMBER_RE.fullmatch(fold(query).replace(" ", ""))
    if match is None:
        return None
    return f"{(match.group(1) or 'w').upper()}-{int(match.group(2)):06d}"


def phone_query(query: str) -> str | None:
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
    digits = digits[-PHONE_DIGITS:]
    return digits if len(digits) >= 3 else None


def parse_qr(code: str) -> tuple[str, str] | None:
    """``POSPICKUP:W-000123:123456`` -> (number, pickup code)."""
    if code[: len(QR_PREFIX)].upper() != QR_PREFIX:
        return None
    parts = code[len(QR_PREFIX) :].split(":")
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return None
    return parts[0].strip().upper(), parts[1].strip()
