"""GitLab Code Quality: a JSON array of issues (a subset of the Code Climate format).

Severities: error -> ``major``, warning -> ``minor``, info and style -> ``info``
(``critical`` and ``blocker`` are left for nothing dflint reports: a Dockerfile finding
does not break a build the way those levels suggest).

GitLab compares fingerprints between the merge request and its target branch to tell
new findings from old ones, so a fingerprint must survive unrelated edits: it hashes
the rule, the path and the text of the span's lines with surrounding blanks stripped,
not line numbers, plus a counter that tells apart identical findings in one file. Without
the file's text, the message stands in for the lines.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import PurePath
from typing import Any

from dflint.diagnostics import Diagnostic, Severity
from dflint.report import Report, shown_code

SEVERITIES = {
    Severity.ERROR: "major",
    Severity.WARNING: "minor",
    Severity.INFO: "info",
    Severity.STYLE: "info",
}


def render(report: Report) -> str:
    lines_by_path: dict[str, list[str] | None] = {}
    occurrences: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for d in report.diagnostics:
        if d.path not in lines_by_path:
            text = report.sources.get(d.path)
            lines_by_path[d.path] = None if text is None else text.split("\n")
        lines = lines_by_path[d.path]
        if lines is None:
            anchor = d.message
        else:
            anchor = "\n".join(line.strip() for line in lines[d.start.line - 1 : d.last_line])
        key = (shown_code(d), d.path, anchor)
        occurrence = occurrences[key]
        occurrences[key] += 1
        issues.append(_issue(d, fingerprint(*key, occurrence)))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def fingerprint(rule: str, path: str, anchor: str, occurrence: int) -> str:
    data = "\0".join((rule, path, anchor, str(occurrence)))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def _issue(d: Diagnostic, fingerprint: str) -> dict[str, Any]:
    return {
        "description": f"{shown_code(d)} {d.message}",
        "check_name": shown_code(d),
        "fingerprint": fingerprint,
        "severity": SEVERITIES[d.severity],
        "location": {
            "path": PurePath(d.path).as_posix(),
            "lines": {"begin": d.start.line, "end": d.last_line},
        },
    }
