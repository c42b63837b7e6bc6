"""PIN hashes with a pepper kept outside the database.

A 4-digit PIN has 10,000 values: its Argon2 hash alone falls to brute force in minutes from
a copied ``pos.db``. The hash is of HMAC-SHA256(pepper, PIN) instead, where the pepper is 32
random bytes in ``pin_pepper`` (0600) in the data directory, created once: without that file
the database's hashes cannot be checked against any PIN. Stored form::

    hmac-sha256:<pepper id>:<argon2 hash>

The pepper id (a hash of the pepper) tells a missing or replaced pepper file from a wrong
PIN. Hashes from before the pepper (plain ``$argon2...``) still verify and are replaced at
the next good PIN (``Verdict.rehash``).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pos_app.errors import KnownError, UserError
from sync.private_files import write_private

log = logging.getLogger(__name__)

PEPPER_FILE = "pin_pepper"
_SCHEME = "hmac-sha256"
_PEPPER_BYTES = 32
# Cheaper than argon2's default (PIN checks happen on every sign-in and approval) but
# still memory-hard.
_ARGON2 = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@dataclass(frozen=True, slots=True)
class Verdict:
    """A PIN check: ``ok`` when it matched; ``rehash`` when the stored hash should be
    replaced (an older scheme or older Argon2 parameters)."""

    ok: bool
    rehash: bool = False


class PinHasher:
    """Peppered PIN hashes; the pepper file is read once, and created on the first hash."""

    def __init__(self, pepper_path: Path) -> None:
        self.pepper_path = pepper_path
        self._pepper: bytes | None = None

    def hash(self, pin: str) -> str:
        pepper = self._load(create=True)
        assert pepper is not None
        return f"{_SCHEME}:{_pepper_id(pepper)}:{_ARGON2.hash(_mac(pepper, pin))}"

    def verify(self, stored: str, pin: str, *, user: str = "") -> Verdict:
        """Check ``pin`` against ``stored``. A hash made with a pepper file that is missing
        now (or another one) raises ``UserError("users.pin_key_missing")``: no PIN can match
        it, so it is not counted as a wrong PIN."""
        if stored.startswith("$argon2"):  # before the pepper
            return Verdict(_argon2_matches(stored, pin), rehash=True)
        scheme, _, rest = stored.partition(":")
        pepper_id, _, argon2_hash = rest.partition(":")
        if scheme != _SCHEME or not argon2_hash:
            raise KnownError("users.bad_hash", f"The stored PIN hash of {user} is not one of ours")
        pepper = self._load(create=False)
        if pepper is None or _pepper_id(pepper) != pepper_id:
            raise UserError(
                "users.pin_key_missing",
                f"The PIN of {user} cannot be checked: the PIN pepper file {self.pepper_path} "
                "is missing or not the one the PIN was set with. Restore it from a backup of "
                "the data directory, or set a new PIN (`pos users reset-pin`)",
                user=user,
            )
        ok = _argon2_matches(argon2_hash, _mac(pepper, pin))
        return Verdict(ok, rehash=ok and _ARGON2.check_needs_rehash(argon2_hash))

    def _load(self, *, create: bool) -> bytes | None:
        if self._pepper is None:
            self._pepper = _read_pepper(self.pepper_path)
            if self._pepper is None and create:
                self._pepper = _create_pepper(self.pepper_path)
        return self._pepper


def _mac(pepper: bytes, pin: str) -> str:
    return hmac.new(pepper, pin.encode(), hashlib.sha256).hexdigest()


def _pepper_id(pepper: bytes) -> str:
    return hashlib.sha256(b"pos-omni pin pepper id\0" + pepper).hexdigest()[:12]


def _argon2_matches(argon2_hash: str, password: str) -> bool:
    try:
        return _ARGON2.verify(argon2_hash, password)
    except VerificationError:
        return False
    except InvalidHashError:
        raise KnownError("users.bad_hash", "A stored PIN hash is damaged") from None


def _read_pepper(path: Path) -> bytes | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise KnownError("users.pepper_unreadable", f"Cannot read {path}: {error}") from None
    try:
        pepper = bytes.fromhex(text)
    except ValueError:
        pepper = b""
    if len(pepper) != _PEPPER_BYTES:
        raise KnownError(
            "users.pepper_unreadable",
            f"{path} is damaged (not {_PEPPER_BYTES} bytes in hex): restore it from a backup "
            "of the data directory",
        )
    return pepper


def _create_pepper(path: Path) -> bytes:
    """A new pepper file, unless another process made one first (then that one is used):
    written whole to a private temporary file, then linked into place, which fails when the
    name exists, so two starts never replace each other's pepper."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    write_private(temporary, secrets.token_bytes(_PEPPER_BYTES).hex().encode() + b"\n")
    try:
        os.link(temporary, path)
        log.info("Created the PIN pepper file %s", path)
    except FileExistsError:
        pass  # another process created it: use theirs
    except OSError:  # a file system without hard links: exclusive create instead
        _create_exclusive(path, temporary.read_bytes())
    finally:
        temporary.unlink(missing_ok=True)
    pepper = _read_pepper(path)
    assert pepper is not None
    return pepper


def _create_exclusive(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
