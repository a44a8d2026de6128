"""Checkstyle XML, which CI servers and review bots (Jenkins, reviewdog, ...) read.

Every checked file gets a ``<file>`` element, also those without findings, so a viewer
can tell "clean" from "not checked". Severities: error, warning, and ``info`` for info
and style.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from dflint.diagnostics import Diagnostic, Severity
from dflint.report import Report, shown_code

SEVERITIES = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "info",
    Severity.STYLE: "info",
}
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
#: Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML cannot represent replaced by U+FFFD (ElementTree
    escapes the rest)."""
    return _NOT_XML.sub("\ufffd", text)


def to_xml(root: ET.Element) -> str:
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def paths_in_order(report: Report) -> dict[str, list[Diagnostic]]:
    """The diagnostics by path: the checked files in order, then any other path that has
    diagnostics, in the order they come."""
    by_path: dict[str, list[Diagnostic]] = {path: [] for path in report.files}
    for d in report.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    return by_path


def render(report: Report) -> str:
    root = ET.Element("checkstyle", version="4.3")
    for path, diagnostics in paths_in_order(report).items():
        file = ET.SubElement(root, "file", name=xml_safe(path))
        for d in diagnostics:
            ET.SubElement(
                file,
                "error",
                line=str(d.start.line),
                column=str(d.start.column),
                severity=SEVERITIES[d.severity],
                message=xml_safe(d.message),
                source=f"dflint.{shown_code(d)}",
            )
    return to_xml(root)
