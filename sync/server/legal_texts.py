"""Versioned legal texts (collection ``legal_text``, scope GLOBAL, key ``purpose``): the KVKK
notice and the wording of each consent, in Turkish and English, as tills show them at
sign-up. Each purpose's newest stored version is current; a purpose with none stored serves
the built-in template (``legal_defaults``, version ``builtin-1``). A consent event names the
version the customer saw, so a version, once stored, never changes."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from sync.protocol import LegalTextData
from sync.protocol.facts.customers import CONSENT_PURPOSES
from sync.protocol.text import clean
from sync.server.changes import GLOBAL, ChangeBuffer
from sync.server.errors import ServerError
from sync.server.legal_defaults import BUILTIN_TEXTS, BUILTIN_VERSION
from sync.server.schema import legal_text

COLLECTION = "legal_text"
LANGUAGES = ("tr", "en")  # each version has both: the till shows the sale's language
MAX_TEXT = 50_000


def _check_purpose(purpose: str) -> None:
    if purpose not in CONSENT_PURPOSES:
        raise ServerError(
            404,
            "unknown_purpose",
            f"no legal text {purpose!r}; the purposes are {', '.join(CONSENT_PURPOSES)}",
        )


def current(conn: Connection, purpose: str) -> dict[str, Any]:
    """The current text of ``purpose`` (``LegalTextData``), stored or built in."""
    _check_purpose(purpose)
    row = conn.execute(
        select(legal_text)
        .where(legal_text.c.purpose == purpose)
        .order_by(legal_text.c.created_at.desc(), legal_text.c.version.desc())
        .limit(1)
    ).first()
    if row is None:
        return LegalTextData(
            purpose=purpose, version=BUILTIN_VERSION, texts=BUILTIN_TEXTS[purpose]
        ).model_dump()
    return LegalTextData(
        purpose=purpose, version=row.version, texts=json.loads(row.texts_json)
    ).model_dump()


def versions(conn: Connection, purpose: str) -> list[dict[str, Any]]:
    """Every stored version of ``purpose``, newest first, with when it was stored."""
    _check_purpose(purpose)
    rows = conn.execute(
        select(legal_text)
        .where(legal_text.c.purpose == purpose)
        .order_by(legal_text.c.created_at.desc(), legal_text.c.version.desc())
    ).all()
    return [
        {"version": r.version, "texts": json.loads(r.texts_json), "created_at": r.created_at}
        for r in rows
    ]


def store_version(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    purpose: str,
    version: str,
    texts: dict[str, str],
    now: datetime,
) -> tuple[dict[str, Any], bool]:
    """Store ``version`` of ``purpose`` as the current one and send it to every till.

    Returns (the text, whether it was new). The same version again with the same texts is
    a repeat (nothing written); with other texts 409 ``legal_text_version_exists`` (consent
    events name versions, so a version's words never change).
    """
    _check_purpose(purpose)
    version = version.strip()
    if version == BUILTIN_VERSION:
        raise ServerError(409, "legal_text_version_exists", f"{BUILTIN_VERSION} is built in")
    missing = [lang for lang in LANGUAGES if not (texts.get(lang) or "").strip()]
    if missing:
        raise ServerError(
            422, "legal_text_incomplete", f"the text is missing in {', '.join(missing)}"
        )
    extra = sorted(set(texts) - set(LANGUAGES))
    if extra:
        raise ServerError(
            422, "legal_text_language", f"languages are {', '.join(LANGUAGES)}, not {extra}"
        )
    cleaned = {lang: clean(texts[lang], multiline=True).strip() for lang in LANGUAGES}
    if any(len(text) > MAX_TEXT for text in cleaned.values()):
        raise ServerError(422, "legal_text_too_long", f"a text is longer than {MAX_TEXT}")
    stored = conn.execute(
        select(legal_text.c.texts_json).where(
            legal_text.c.purpose == purpose, legal_text.c.version == version
        )
    ).scalar()
    if stored is not None:
        if json.loads(stored) != cleaned:
            raise ServerError(
                409,
                "legal_text_version_exists",
                f"{purpose} version {version!r} is stored with other words; give a new version",
            )
        return current(conn, purpose), False
    conn.execute(
        insert(legal_text),
        {
            "purpose": purpose,
            "version": version,
            "texts_json": json.dumps(cleaned, ensure_ascii=False, sort_keys=True),
            "created_at": now,
        },
    )
    data = current(conn, purpose)
    changes.upsert(GLOBAL, COLLECTION, purpose, data)
    return data, True


def snapshot_items(conn: Connection, after: str | None, limit: int) -> list[dict[str, Any]]:
    """The current text of every purpose (stored or built in), keyed by purpose."""
    purposes = sorted(p for p in CONSENT_PURPOSES if after is None or p > after)
    return [{"key": p, "data": current(conn, p)} for p in purposes[:limit]]
