"""The till's secrets from enrolment, kept out of the sales database.

The bearer token and the e-receipt signing key live in ``credentials.json`` (0600) in the
data directory, beside ``pos.db``: a copied database or one of its backups gives neither.
The file is replaced atomically (``sync.private_files.write_private``) at enrolment.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from pos_app.errors import KnownError
from sync.private_files import write_private

log = logging.getLogger(__name__)

CREDENTIALS_FILE = "credentials.json"
_VERSION = 1


@dataclass(frozen=True, slots=True)
class TillCredentials:
    """What enrolment gave this terminal that must stay secret."""

    terminal_id: str
    token: str
    receipt_key: str

    def __repr__(self) -> str:  # never the secrets
        return f"TillCredentials(terminal {self.terminal_id})"


def credentials_path(data_dir: Path) -> Path:
    return data_dir / CREDENTIALS_FILE


def save_credentials(data_dir: Path, credentials: TillCredentials) -> Path:
    """Write the credentials file (0600, atomic); returns its path."""
    path = credentials_path(data_dir)
    document = {
        "version": _VERSION,
        "terminal_id": credentials.terminal_id,
        "token": credentials.token,
        "receipt_key": credentials.receipt_key,
    }
    write_private(path, (json.dumps(document, indent=2) + "\n").encode())
    return path


def load_credentials(data_dir: Path) -> TillCredentials | None:
    """The credentials file's contents; None when there is none. A file that cannot be read
    or is not one of ours raises ``KnownError`` naming it."""
    path = credentials_path(data_dir)
    try:
        document = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise KnownError(
            "credentials.unreadable", f"The till's credentials file {path} cannot be read: {error}"
        ) from None
    try:
        if document.get("version") != _VERSION:
            raise ValueError(f"version {document.get('version')!r}")
        return TillCredentials(
            terminal_id=str(document["terminal_id"]),
            token=str(document["token"]),
            receipt_key=str(document["receipt_key"]),
        )
    except (AttributeError, KeyError, ValueError) as error:
        raise KnownError(
            "credentials.unreadable",
            f"The till's credentials file {path} is not valid ({error}); enrol the till again",
        ) from None


def credentials_for(data_dir: Path, terminal_id: str) -> TillCredentials | None:
    """The credentials of ``terminal_id``; None (logged) when the file is missing or belongs
    to another terminal, or cannot be read: the till keeps selling and the sync says it has
    no token."""
    try:
        credentials = load_credentials(data_dir)
    except KnownError as error:
        log.error("%s", error.message)
        return None
    if credentials is None:
        log.warning(
            "No %s in %s: the till has no token; enrol it again to sync", CREDENTIALS_FILE, data_dir
        )
        return None
    if credentials.terminal_id != terminal_id:
        log.warning(
            "%s belongs to terminal %s, the database to %s: not using its token",
            credentials_path(data_dir),
            credentials.terminal_id,
            terminal_id,
        )
        return None
    return credentials
