"""Identifiers made by the backend: UUIDv7 (time-ordered, so indexes stay compact)."""

from __future__ import annotations

import hashlib
import secrets

import uuid6


def new_id() -> str:
    return str(uuid6.uuid7())


def new_token() -> str:
    """A bearer token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Tokens are stored hashed. They carry 256 random bits, so a fast hash is safe here
    (a slow password hash would cost every request tens of milliseconds)."""
    return hashlib.sha256(token.encode()).hexdigest()
