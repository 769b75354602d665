"""Every text field a form or the API accepts has a limit (the column's, or its form's for a column
without one), refuses control characters, and reports an over-long value as a field error — never a
500 from a column that cannot hold it (PostgreSQL), never a silently longer row (SQLite)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from django import forms
from django.test import Client

import zhiyuan
from zhiyuan.accounts import services as accounts
from zhiyuan.inputs.text import NoControlCharacters


def _openapi() -> dict[str, Any]:
    from zhiyuan.api import api

    return api.get_openapi_schema()


def _resolve(doc: dict[str, Any], s: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in s:
        s = doc["components"]["schemas"][s["$ref"].split("/")[-1]]
    return s


def _strings(
    doc: dict[str, Any], s: dict[str, Any], path: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(path, maxLength) of every free-text string in a JSON schema (enums, formats, patterns excluded)."""
    s = _resolve(doc, s)
    for key in ("anyOf", "oneOf", "allOf"):
        subs = [_resolve(doc, sub) for sub in s.get(key, [])]
        numeric = any(sub.get("type") in ("number", "integer") for sub in subs)
        for sub in subs:
            if not (numeric and sub.get("type") == "string"):  # a number that may come as text: an amount
                yield from _strings(doc, sub, path)
    kind = s.get("type")
    if kind == "string" and not {"enum", "format", "const", "pattern"} & set(s):
        yield path, s.get("maxLength")
    elif kind == "object":
        for name, sub in s.get("properties", {}).items():
            yield from _strings(doc, sub, (*path, name))
        extra = s.get("additionalProperties")
        if isinstance(extra, dict):
            yield from _strings(doc, extra, (*path, "*"))
    elif kind == "array":
        yield from _strings(doc, s.get("items", {}), (*path, 0))


def _inputs() -> Iterator[tuple[str, str, str, tuple[Any, ...], Any]]:
    """(method, path, where, field path, maxLength) of every text input of the API."""
    doc = _openapi()
    for url, ops in doc["paths"].items():
        for method, op in ops.items():
            for prm in op.get("parameters", []):
                if prm["in"] == "query":
                    for path, limit in _strings(doc, prm.get("schema", {}), (prm["name"],)):
                        yield method.upper(), url, "query", path, limit
            for content_type, content in op.get("requestBody", {}).get("content", {}).items():
                if content_type == "application/json":
                    for path, limit in _strings(doc, content.get("schema", {}), ()):
                        yield method.upper(), url, "body", path, limit


def test_every_api_text_input_has_a_limit() -> None:
    missing = set()
    for method, url, where, path, limit in _inputs():
        name = (
            f"{method} {url} ?{path[0]}"
            if where == "query"
            else f"{method} {url} body.{'.'.join(map(str, path))}"
        )
        if limit is None:
            missing.add(name)
    assert not missing, sorted(missing)


def _body(path: tuple[Any, ...], value: str) -> Any:
    """The smallest JSON body holding ``value`` at ``path``."""
    if not path:
        return value
    head, *rest = path
    inner = _body(tuple(rest), value)
    if head == 0:
        return [inner]
    if head == "*":
        return {"key": inner}
    return {head: inner}


@pytest.fixture
def bearer(make_user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    user = make_user("checker", roles=("filing_clerk",), court="黔0102")
    _, raw = accounts.issue_token(None, user, "t", ["case:view"])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _target(url: str) -> str:
    """A concrete path for a templated one: ids 1, other parameters ``x``."""
    parts = []
    for seg in url.split("/"):
        if seg.startswith("{"):
            seg = "1" if seg.endswith("_id}") else "x"
        parts.append(seg)
    return "/".join(parts)


def _located(errors: list[dict[str, Any]], path: tuple[Any, ...]) -> list[dict[str, Any]]:
    wanted = [str(p) for p in path]
    return [e for e in errors if e["loc"][-len(wanted) :] == wanted]


@pytest.mark.django_db
def test_over_long_text_is_a_field_error_everywhere(client: Client, bearer: dict[str, str]) -> None:
    """Each limited field, one request each: 422 ``invalid_input`` naming the field (string_too_long)."""
    tried = 0
    for method, url, where, path, limit in _inputs():
        if limit is None or "*" in path:
            continue
        long = "长" * (limit + 1)
        if where == "query":
            r = client.generic(method, _target(url), QUERY_STRING=urlencode({path[0]: long}), **bearer)
        else:
            body = _json(_body(path, long))
            r = client.generic(method, _target(url), body, content_type="application/json", **bearer)
        assert r.status_code == 422, (method, url, path, r.status_code, r.content[:300])
        hit = _located(r.json()["details"]["errors"], path)
        assert hit, (method, url, path, r.json())
        assert hit[0]["type"] == "string_too_long", hit
        tried += 1
    assert tried > 40


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _form_classes() -> set[type[forms.Form]]:
    for module in pkgutil.walk_packages(zhiyuan.__path__, "zhiyuan."):
        if module.name.endswith((".views", ".forms")) or "_views" in module.name:
            importlib.import_module(module.name)

    def below(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return {c for c in below(forms.Form) if c.__module__.startswith("zhiyuan.")}


def test_every_form_text_field_has_a_limit_and_refuses_control_characters() -> None:
    found = _form_classes()
    assert len(found) >= 8
    wrong = []
    for form in found:
        for name, field in form.base_fields.items():
            if not isinstance(field, forms.CharField):
                continue
            label = f"{form.__module__}.{form.__name__}.{name}"
            if field.max_length is None:
                wrong.append(f"{label}: no max_length")
            if not isinstance(field, forms.RegexField) and not any(
                isinstance(v, NoControlCharacters) for v in field.validators
            ):
                wrong.append(
                    f"{label}: control characters not refused (use inputs.text.LineField/BlockField)"
                )
    assert not wrong, wrong


def test_schema_names_are_unique() -> None:
    """OpenAPI names a component by its class: two ``PartyIn`` made the case filing's body document the
    title's parties (and schemathesis send the wrong fields)."""
    from ninja import Schema

    import zhiyuan.api  # noqa: F401  (every router)

    def below(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    names: dict[str, set[str]] = {}
    for cls in below(Schema):
        if cls.__module__.startswith("zhiyuan."):
            names.setdefault(cls.__name__, set()).add(cls.__module__)
    assert {n: m for n, m in names.items() if len(m) > 1} == {}
