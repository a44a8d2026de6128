"""JSON output: one document per run, schema version 1 (``docs/json-format.md``).

The schema is a promise to scripts: within version 1 fields are only ever added, never
renamed, removed or given another type or meaning; anything else bumps ``version``.
Keys are written in a fixed order and diagnostics in the report's order, so the output
of one run is byte-for-byte reproducible.
"""

from __future__ import annotations

import json
from typing import Any

from dflint.diagnostics import SEVERITY_NAMES, Diagnostic, LineIndex
from dflint.fix.edit import Edit
from dflint.report import Report, code_url, shown_code

SCHEMA_VERSION = 1


def render(report: Report) -> str:
    return json.dumps(to_document(report), indent=2, ensure_ascii=False) + "\n"


def to_document(report: Report) -> dict[str, Any]:
    """The report as the version-1 JSON document (plain dicts and lists)."""
    indexes: dict[str, LineIndex | None] = {}

    def index_for(path: str) -> LineIndex | None:
        if path not in indexes:
            text = report.sources.get(path)
            indexes[path] = None if text is None else LineIndex(text)
        return indexes[path]

    summary: dict[str, int] = dict.fromkeys(SEVERITY_NAMES, 0)
    fixable = 0
    for d in report.diagnostics:
        summary[d.severity.label] += 1
        fixable += d.fixable
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "dflint", "version": report.tool_version},
        "files": list(report.files),
        "diagnostics": [_diagnostic(d, index_for(d.path)) for d in report.diagnostics],
        "summary": {**summary, "total": len(report.diagnostics), "fixable": fixable},
    }


def _diagnostic(d: Diagnostic, index: LineIndex | None) -> dict[str, Any]:
    fix = None
    if d.fix is not None:
        fix = {
            "applicability": d.fix.applicability.label,
            "title": d.fix_title,
            "edits": [_edit(e, index) for e in d.fix.edits],
        }
    out: dict[str, Any] = {"rule": d.rule}
    if shown_code(d) != d.rule:
        out["code"] = shown_code(d)  # a finding's own code: ShellCheck's SC2086 for DF400
    return {
        **out,
        "name": d.name,
        "severity": d.severity.label,
        "message": d.message,
        "path": d.path,
        "aliases": list(d.aliases),
        "location": {"line": d.start.line, "column": d.start.column, "offset": d.offset},
        "end_location": {"line": d.end.line, "column": d.end.column, "offset": d.end_offset},
        "url": code_url(d),
        "fix": fix,
    }


def _edit(edit: Edit, index: LineIndex | None) -> dict[str, Any]:
    return {
        "start": _position(edit.start, index),
        "end": _position(edit.end, index),
        "content": edit.content,
    }


def _position(offset: int, index: LineIndex | None) -> dict[str, Any]:
    # Without the file's text (a reporter is never handed one it did not check, but a
    # hand-built Report may lack it) only the offset is known.
    where = None if index is None else index.location(offset)
    line, column = (None, None) if where is None else (where.line, where.column)
    return {"line": line, "column": column, "offset": offset}
