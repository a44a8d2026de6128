"""SARIF 2.1.0: one run, for GitHub code scanning and other SARIF viewers.

``tool.driver.rules`` describes every rule that has a result, sorted by id, and each
result points at its rule by ``ruleId`` and ``ruleIndex``. A result's level is the
diagnostic's severity (after overrides); the rule's ``defaultConfiguration`` holds the
catalogue's. Levels: error -> ``error``, warning -> ``warning``, info and style -> ``note``.

Regions are 1-based with an exclusive end column, as dflint's locations are; columns
count characters, which the run declares with ``columnKind: unicodeCodePoints`` (SARIF's
default is UTF-16 code units). Relative paths become relative URIs against
``%SRCROOT%``, which is what code scanning resolves against the repository root. Fixes
that can be applied (safe or unsafe, not display-only) are attached as SARIF fixes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from dflint.catalogue import RuleInfo
from dflint.diagnostics import Diagnostic, LineIndex, Severity
from dflint.fix.edit import Applicability
from dflint.report import Report, code_url, docs_url, shown_code

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/dflint/dflint"
LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.STYLE: "note",
}


#: The rule docs sections, in the order and with the headings of the rule pages.
def render(report: Report) -> str:
    return json.dumps(to_log(report), indent=2, ensure_ascii=False) + "\n"


def to_log(report: Report) -> dict[str, Any]:
    """The report as a SARIF log (plain dicts and lists)."""
    # One descriptor per code shown: a rule's id, or a finding's own code (ShellCheck's
    # SC2086, described from its rule, DF400).
    first: dict[str, Diagnostic] = {}
    for d in report.diagnostics:
        first.setdefault(shown_code(d), d)
    rule_ids = sorted(first)
    rule_index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    rules = []
    for rule_id in rule_ids:
        d = first[rule_id]
        descriptor = _rule(report.rules.get(d.rule), d.rule, d.name)
        rules.append(descriptor if rule_id == d.rule else _code_rule(descriptor, d))
    indexes: dict[str, LineIndex] = {}
    results = [_result(d, rule_index[shown_code(d)], report.sources, indexes) for d in report.diagnostics]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dflint",
                        "version": report.tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def artifact_location(path: str) -> dict[str, str]:
    """A path as SARIF wants it: a forward-slash URI, relative to ``%SRCROOT%`` unless absolute."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    posix = pure.as_posix()  # also drops a leading "./"
    return {"uri": quote(posix, safe="/"), "uriBaseId": "%SRCROOT%"}


def _rule(info: RuleInfo | None, rule_id: str, name: str) -> dict[str, Any]:
    if info is None:
        # A diagnostic from a rule the report's catalogue does not know: say what we can.
        return {"id": rule_id, "name": name}
    url = docs_url(info.id)
    descriptor: dict[str, Any] = {
        "id": info.id,
        "name": info.name,
        "shortDescription": {"text": info.summary},
    }
    what = _doc_text(info.docs.get("what-it-does"))
    if what:
        descriptor["fullDescription"] = {"text": what}
    text, markdown = _help(info, url)
    descriptor.update(
        {
            "helpUri": url,
            "help": {"text": text, "markdown": markdown},
            "defaultConfiguration": {"level": LEVELS[info.severity]},
            "properties": {"tags": [info.category], "aliases": list(info.aliases)},
        }
    )
    return descriptor


def _code_rule(rule: dict[str, Any], d: Diagnostic) -> dict[str, Any]:
    """The descriptor of a finding's own code (``SC2086``), from its rule's descriptor."""
    code, url = shown_code(d), code_url(d)
    descriptor = {**rule, "id": code, "helpUri": url}
    if "shortDescription" in rule:
        descriptor["shortDescription"] = {"text": f"{rule['shortDescription']['text']} ({code})"}
    if "help" in rule:
        descriptor["help"] = {
            "text": f"{code}: {url}\n\n{rule['help']['text']}",
            "markdown": f"[{code}]({url})\n\n{rule['help']['markdown']}",
        }
    descriptor["properties"] = {**rule.get("properties", {}), "aliases": [], "rule": d.rule}
    return descriptor


def _doc_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(f"- {item}" for item in value)
    return str(value).strip()


def _help(info: RuleInfo, url: str) -> tuple[str, str]:
    """The rule's docs as plain text (summary, what it does, why) and as Markdown (its
    generated docs page), each ending with a link to the page."""
    from dflint.docs import rule_markdown

    text = [info.summary]
    for key in ("what-it-does", "why-is-this-bad"):
        body = _doc_text(info.docs.get(key))
        if body:
            text.append(body)
    text.append(f"Documentation: {url}")
    return "\n\n".join(text), rule_markdown(info).rstrip("\n") + f"\n\n[Documentation]({url})"


def _result(
    d: Diagnostic, rule_index: int, sources: Mapping[str, str], indexes: dict[str, LineIndex]
) -> dict[str, Any]:
    location = artifact_location(d.path)
    result: dict[str, Any] = {
        "ruleId": shown_code(d),
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": {
                        "startLine": d.start.line,
                        "startColumn": d.start.column,
                        "endLine": d.end.line,
                        "endColumn": d.end.column,
                    },
                }
            }
        ],
    }
    text = sources.get(d.path)
    if d.fix is not None and d.fix.applicability >= Applicability.UNSAFE and text is not None:
        if d.path not in indexes:
            indexes[d.path] = LineIndex(text)
        index = indexes[d.path]
        replacements = []
        for edit in d.fix.edits:
            start, end = index.location(edit.start), index.location(edit.end)
            replacements.append(
                {
                    "deletedRegion": {
                        "startLine": start.line,
                        "startColumn": start.column,
                        "endLine": end.line,
                        "endColumn": end.column,
                    },
                    "insertedContent": {"text": edit.content},
                }
            )
        fix: dict[str, Any] = {}
        if d.fix_title:
            fix["description"] = {"text": d.fix_title}
        fix["artifactChanges"] = [{"artifactLocation": dict(location), "replacements": replacements}]
        result["fixes"] = [fix]
    return result
