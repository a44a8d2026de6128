"""JSON output: one document per run, schema version 1 (``docs/json-format.md``).

The schema is a promise to scripts: within version 1 fields are only ever added, never
renamed, removed or given another type or meaning; anything else bumps ``version``.
Keys are written in a fixed order and diagnostics in the report's order, so the output
of one run is byte-for-byte reproducible.

Two helpers here are shared with the other machine-readable reporters: :class:`LineIndex`
(line and column of a character offset, for fix edits) and :func:`last_line`.
"""

from __future__ import annotations

import bisect
import json
from typing import Any

from dflint.diagnostics import SEVERITY_NAMES, Diagnostic
from dflint.fix.edit import Edit
from dflint.report import Report, docs_url

SCHEMA_VERSION = 1


class LineIndex:
    """Lines and columns (1-based, in characters) of 0-based character offsets in a text.

    Lines end at ``\\n`` only, as in the parser's positions: a ``\\r`` before it is the
    last character of its line.
    """

    def __init__(self, text: str) -> None:
        starts = [0]
        i = text.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """``(line, column)`` of the character at ``offset`` (or of the end of the text)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1


def last_line(diagnostic: Diagnostic) -> int:
    """The line of the span's last character: a span that ends with a line break ends at
    column 1 of the next line, which it does not cover."""
    start, end = diagnostic.start, diagnostic.end
    if end.line > start.line and end.column == 1:
        return end.line - 1
    return end.line


def tool_version(report: Report) -> str:
    if report.version:
        return report.version
    from dflint import __version__

    return __version__


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
        "tool": {"name": "dflint", "version": tool_version(report)},
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
    return {
        "rule": d.rule,
        "name": d.name,
        "severity": d.severity.label,
        "message": d.message,
        "path": d.path,
        "aliases": list(d.aliases),
        "location": {"line": d.start.line, "column": d.start.column, "offset": d.offset},
        "end_location": {"line": d.end.line, "column": d.end.column, "offset": d.end_offset},
        "url": docs_url(d.rule),
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
    line, column = (None, None) if index is None else index.position(offset)
    return {"line": line, "column": column, "offset": offset}
