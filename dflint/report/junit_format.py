"""JUnit XML, for CI systems that show test reports: one test case per checked file.

A file fails when it has a finding at or above the report's failure threshold (the same
rule as dflint's exit code); its one ``<failure>`` lists all of the file's diagnostics.
A file that passes but has findings below the threshold lists them in ``<system-out>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dflint.diagnostics import Diagnostic
from dflint.report import Report, shown_code
from dflint.report.checkstyle_format import paths_in_order, to_xml, xml_safe


def render(report: Report) -> str:
    cases = paths_in_order(report)
    failing = {
        path for path, found in cases.items() if any(d.severity >= report.failure_threshold for d in found)
    }
    counts = {"tests": str(len(cases)), "failures": str(len(failing)), "errors": "0"}
    root = ET.Element("testsuites", name="dflint", **counts)
    suite = ET.SubElement(root, "testsuite", name="dflint", **counts, skipped="0")
    for path, found in cases.items():
        case = ET.SubElement(suite, "testcase", name=xml_safe(path), classname="dflint")
        listing = "\n".join(_line(d) for d in found)
        if path in failing:
            noun = "finding" if len(found) == 1 else "findings"
            failure = ET.SubElement(case, "failure", message=f"{len(found)} {noun}", type="dflint")
            failure.text = listing
        elif found:
            ET.SubElement(case, "system-out").text = listing
    return to_xml(root)


def _line(d: Diagnostic) -> str:
    return xml_safe(
        f"{d.path}:{d.start.line}:{d.start.column}: {shown_code(d)} [{d.severity.label}] {d.message}"
    )
