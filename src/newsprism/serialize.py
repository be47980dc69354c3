"""StoryAnalysis <-> versioned JSON, checked against the JSON Schema shipped in the package.

- ``analysis_to_dict(analysis) -> dict``: the JSON-ready document (``version`` first).
- ``load_schema(name) -> dict``: ``newsprism/schema/<name>.schema.json`` from package data.
- ``validate(doc, name)``: raises ``SchemaError`` (a NewsprismError) naming the JSON path of the
  first problem.
- ``check_evidence(analysis)``: every Evidence in the analysis covers exactly
  ``article.text[start:end]``; raises ``EvidenceError`` naming the finding otherwise.
"""
from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any, Iterator

from .errors import NewsprismError
from .model import SCHEMA_VERSION, Article, Evidence, StoryAnalysis, to_dict

__all__ = ["analysis_to_dict", "article_to_dict", "load_schema", "validate", "check_evidence",
           "iter_evidence", "SchemaError", "EvidenceError", "STORY_SCHEMA"]

STORY_SCHEMA = "story_analysis"


class SchemaError(NewsprismError):
    """A document does not match its JSON Schema."""

    code = "schema"


class EvidenceError(NewsprismError):
    """An Evidence span does not cover the text it claims."""

    code = "bad-evidence"


def article_to_dict(a: Article) -> dict[str, Any]:
    """An article's JSON form: every Article field (fields added later included) plus ``words``."""
    d = to_dict(a)
    head = {k: d.pop(k) for k in ("id", "outlet", "outlet_from", "published", "published_from", "title")}
    head["source"] = d.pop("source")
    head["words"] = a.words
    return {**head, **d}


def analysis_to_dict(analysis: StoryAnalysis) -> dict[str, Any]:
    """The versioned JSON form of a StoryAnalysis (validates against ``story_analysis``)."""
    body = to_dict(analysis)
    doc: dict[str, Any] = {"version": SCHEMA_VERSION}
    doc["articles"] = [article_to_dict(a) for a in analysis.articles]
    for key in ("entities", "quotes", "agreements", "contradictions", "differences", "developments",
                "exclusives", "timeline", "claims", "failures"):
        doc[key] = body[key]
    return doc


@functools.cache
def _schema_text(name: str) -> str:
    try:
        return resources.files("newsprism").joinpath("schema", f"{name}.schema.json").read_text("utf-8")
    except FileNotFoundError as exc:
        raise NewsprismError(f"no JSON schema named {name!r} in the newsprism package "
                             "(reinstall newsprism: pip install -e .)") from exc


def load_schema(name: str = STORY_SCHEMA) -> dict[str, Any]:
    """The JSON Schema ``newsprism/schema/<name>.schema.json`` (a fresh dict each call)."""
    return json.loads(_schema_text(name))


@functools.cache
def _validator(name: str):
    import jsonschema

    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _path(parts) -> str:
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def validate(doc: Any, name: str = STORY_SCHEMA) -> None:
    """Raise SchemaError with the JSON path of the first problem when ``doc`` does not match."""
    errors = sorted(_validator(name).iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        e = errors[0]
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise SchemaError(f"{name} document is invalid at {_path(e.absolute_path)}: {e.message}{more}")


def iter_evidence(obj: Any, where: str = "$") -> Iterator[tuple[str, Evidence]]:
    """Every Evidence inside a record (dataclasses, lists, dicts), with its path."""
    import dataclasses

    if isinstance(obj, Evidence):
        yield where, obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.metadata.get("internal") or f.name == "articles" and isinstance(obj, StoryAnalysis):
                continue
            yield from iter_evidence(getattr(obj, f.name), f"{where}.{f.name}")
    elif isinstance(obj, (list, tuple)):
        for i, x in enumerate(obj):
            yield from iter_evidence(x, f"{where}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from iter_evidence(v, f"{where}.{k}")


def check_evidence(analysis: StoryAnalysis) -> int:
    """Check that every Evidence covers ``article.text[start:end]`` of a known article.

    Returns the number of Evidence spans checked; raises EvidenceError at the first bad one.
    """
    texts = {a.id: a.text for a in analysis.articles}
    n = 0
    for where, ev in iter_evidence(analysis):
        n += 1
        if ev.article not in texts:
            raise EvidenceError(f"{where}: evidence points to unknown article {ev.article!r}")
        t = texts[ev.article]
        if not (0 <= ev.start <= ev.end <= len(t)):
            raise EvidenceError(f"{where}: span {ev.start}:{ev.end} is outside article {ev.article!r} "
                                f"({len(t)} characters)")
        if t[ev.start:ev.end] != ev.text:
            raise EvidenceError(f"{where}: text {ev.text!r} != article text {t[ev.start:ev.end]!r} "
                                f"at {ev.article}[{ev.start}:{ev.end}]")
    return n
