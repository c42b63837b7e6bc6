"""The OpenAPI document: FastAPI's, plus the answers that come from outside the routes.

The routes declare their own answers (``responses=`` on each route and router). What
``sync.server.guard`` answers before a route runs (401 without a valid token, 403 for a
revoked terminal, 413 for a body over its cap, 429 from the e-receipt rate limit) and the
way request validation answers (400 on ``/sync/v1``, as docs/sync-protocol.md has it, 422
elsewhere, as ``MalformedBody``) are added here, per operation, so the document says what a
client gets.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from sync.protocol import PROTOCOL_HEADER, SUPPORTED_PROTOCOLS, ErrorBody, MalformedBody
from sync.protocol.fields import CATALOG_IMAGES_PATH
from sync.server.guard import ENROL_PATH, RECEIPT_PREFIX

_ERROR = {"$ref": "#/components/schemas/ErrorBody"}
_MALFORMED = {"$ref": "#/components/schemas/MalformedBody"}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "seconds to wait before trying again",
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
        "required": True,
    }
}
_CHALLENGE = {
    "WWW-Authenticate": {
        "description": "the scheme to authenticate with",
        "schema": {"type": "string", "enum": ["Bearer"]},
        "required": True,
    }
}


def _declare(
    responses: dict[str, Any],
    status: int,
    schema: dict[str, Any],
    description: str,
    headers: dict[str, Any] | None = None,
) -> None:
    """Declare a JSON answer ``schema`` for ``status``; a status the route declared already
    keeps its body and gains ``schema`` as an alternative (``anyOf``)."""
    answer = responses.setdefault(str(status), {"description": description})
    media = answer.setdefault("content", {}).setdefault("application/json", {})
    declared = media.get("schema")
    if not declared:
        media["schema"] = schema
    elif declared != schema and schema not in declared.get("anyOf", []):
        media["schema"] = {"anyOf": [*declared.get("anyOf", [declared]), schema]}
    for name, header in (headers or {}).items():
        answer.setdefault("headers", {}).setdefault(name, deepcopy(header))


def _refuse(
    responses: dict[str, Any], status: int, description: str, headers: dict[str, Any] | None = None
) -> None:
    _declare(responses, status, _ERROR, description, headers)


def _malformed(responses: dict[str, Any], status: int) -> None:
    """Request validation's answer, ``MalformedBody``, under ``status``; FastAPI's own
    ``HTTPValidationError`` under 422 is not what the handler answers, so it goes."""
    fastapi_answer = responses.get("422", {}).get("content", {}).get("application/json", {})
    if fastapi_answer.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
        del responses["422"]
    _declare(
        responses,
        status,
        _MALFORMED,
        "the request does not match this description; every problem is listed",
    )


def describe(app: FastAPI, *, sync_prefix: str, admin_prefix: str) -> Callable[[], dict[str, Any]]:
    """``app.openapi``: FastAPI's document with the guard's and validation's answers added."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        _, own = models_json_schema(
            [(ErrorBody, "serialization"), (MalformedBody, "serialization")],
            ref_template="#/components/schemas/{model}",
        )
        for name, schema in own.get("$defs", {}).items():
            schemas.setdefault(name, schema)
        for path, operations in document.get("paths", {}).items():
            for method, operation in operations.items():
                _complete(operation, path, method.upper(), sync_prefix, admin_prefix)
        # Nothing refers to FastAPI's validation error shapes any more.
        if "HTTPValidationError" not in str(document.get("paths")):
            schemas.pop("HTTPValidationError", None)
            schemas.pop("ValidationError", None)
        app.openapi_schema = document
        return document

    return openapi


def _complete(
    operation: dict[str, Any], path: str, method: str, sync_prefix: str, admin_prefix: str
) -> None:
    responses = operation.setdefault("responses", {})
    sync = path.startswith(f"{sync_prefix}/")
    admin = path.startswith(f"{admin_prefix}/")
    has_parameters = bool(operation.get("parameters")) or "requestBody" in operation
    enrol = (method, path) == ("POST", ENROL_PATH)
    if has_parameters:
        _malformed(responses, 400 if sync else 422)
    if "requestBody" in operation:
        _refuse(responses, 400, "the body cannot be read: not UTF-8 text")
        _refuse(responses, 413, "the body is larger than this route accepts")
    pictures = path.startswith(f"{CATALOG_IMAGES_PATH}/")
    if admin or (sync and not enrol):
        whose = "a terminal or an admin" if pictures else "an admin" if admin else "a terminal"
        _refuse(responses, 401, f"no valid bearer token of {whose}", _CHALLENGE)
    if (sync and not enrol) or pictures:
        _refuse(responses, 403, "this terminal's enrolment was revoked")
    if path.startswith(RECEIPT_PREFIX) or enrol:
        _refuse(responses, 429, "too many requests from this address", _RETRY_AFTER)
    if sync:
        _require_protocol(operation)
        _refuse(responses, 426, "no X-POS-Protocol header, or a version this server does not speak")


def _require_protocol(operation: dict[str, Any]) -> None:
    """``X-POS-Protocol`` is required on every sync call (``deps.require_protocol`` answers
    426 without it, so the parameter is optional to FastAPI): the document says so."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "header" and parameter["name"].lower() == PROTOCOL_HEADER.lower():
            parameter["required"] = True
            parameter["schema"] = {
                "type": "string",
                "enum": [str(version) for version in SUPPORTED_PROTOCOLS],
                "title": PROTOCOL_HEADER,
            }
            parameter["description"] = "the sync protocol version the terminal speaks"
            return
    raise AssertionError(f"a sync operation without {PROTOCOL_HEADER}: {operation}")


def refusals(described: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route's own refusals: ErrorBody, with what each status means."""
    return {status: {"model": ErrorBody, "description": text} for status, text in described.items()}
