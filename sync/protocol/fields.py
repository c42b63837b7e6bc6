"""Field types of the wire: identifier patterns, and free text as people, web shops and
terminals send it (``sync.protocol.text``): NFC, no control characters."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from sync.protocol.text import clean, refuse_controls

# Identifiers on the wire: UUIDs, epochs, codes. No NUL or control characters (PostgreSQL
# text cannot hold NUL), so a garbled envelope is a 400, never a database error.
ID_PATTERN = r"^[A-Za-z0-9_.:\-]+$"
KIND_PATTERN = r"^[a-z][a-z_]*\.[a-z][a-z_]*$"
HASH_PATTERN = r"^[0-9a-f]{64}$"
TEXT_PATTERN = r"^[^\x00-\x1f]*$"
# Kiosk catalog fields (sync.catalog_csv, the admin API, the pulled ProductData): a picture's
# file name in the catalog images folder (no path: served and stored under that name only),
# a minimum age, a sale-hours rule group such as ``alcohol``.
IMAGE_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,194}\.(png|jpg|jpeg|webp)$"
RESTRICTION_PATTERN = r"^[a-z0-9_]{1,32}$"
MAX_MIN_AGE = 99
# Where the backend serves them (GET, a terminal's or the admin's bearer token).
CATALOG_IMAGES_PATH = "/api/v1/catalog/images"
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}


def is_image_name(name: str) -> bool:
    """Whether ``name`` is a catalog picture's file name (``IMAGE_NAME_PATTERN``)."""
    return re.fullmatch(IMAGE_NAME_PATTERN, name) is not None


def _refuse_in_text(text: str) -> str:
    return refuse_controls(text, multiline=True)


def _clean_text(text: str) -> str:
    return clean(text, multiline=True)


# Free text as field types (sync.protocol.text): NFC, and no control characters (a name holding
# ESC p would open the cash drawer when printed). Input from people and web shops is refused
# with a message naming the character; an address may hold newlines.
# The API description says the same with a pattern (the validator's message names the
# character, which a pattern's would not, so the pattern is only described, not checked).
LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
TEXT_LINES_PATTERN = r"^[^\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
# A line with something on it besides spaces (str.isspace's characters, so the rule
# reads as the validators' ``value.strip()``).
FILLED_LINE_PATTERN = (
    r"^[^\x00-\x1f\x7f-\x9f]*"
    r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    r"[^\x00-\x1f\x7f-\x9f]*$"
)
FILLED_TEXT_PATTERN = (
    r"^[^\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]*"
    r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    r"[^\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
)
InputLine = Annotated[
    str, AfterValidator(refuse_controls), Field(json_schema_extra={"pattern": LINE_PATTERN})
]
InputText = Annotated[
    str,
    AfterValidator(_refuse_in_text),
    Field(json_schema_extra={"pattern": TEXT_LINES_PATTERN}),
]
# An InputLine that must not be blank (a name).
FilledLine = Annotated[InputLine, Field(json_schema_extra={"pattern": FILLED_LINE_PATTERN})]
# Received by sync: cleaned, never refused (a terminal cannot send a record back to be fixed).
WireLine = Annotated[str, AfterValidator(clean)]
WireText = Annotated[str, AfterValidator(_clean_text)]


class Wire(BaseModel):
    """A wire model: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")
