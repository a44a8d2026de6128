"""GitHub Actions workflow commands: one annotation per diagnostic.

``::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=DF101 name::message``,
with ``error`` for errors, ``warning`` for warnings and ``notice`` for info and style.

The runner drops an annotation whose ``col``/``endColumn`` are set while ``line`` and
``endLine`` differ, so a span over several lines is annotated by lines only. Values are
escaped as the runner unescapes them: ``%``, CR and LF in the message, and additionally
``:`` and ``,`` in properties.
"""

from __future__ import annotations

from dflint.diagnostics import Diagnostic, Severity
from dflint.report import Report, shown_code

COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
    Severity.STYLE: "notice",
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    return "".join(command(d) + "\n" for d in report.diagnostics)


def command(d: Diagnostic) -> str:
    """The workflow command that annotates one diagnostic."""
    end_line = d.last_line
    properties: list[tuple[str, object]] = [("file", d.path), ("line", d.start.line)]
    if end_line == d.start.line:
        properties.append(("col", d.start.column))
    properties.append(("endLine", end_line))
    if d.end.line == d.start.line:
        # A span that ends with its line break has no end column on its last line.
        properties.append(("endColumn", d.end.column))
    properties.append(("title", f"{shown_code(d)} {d.name}"))
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{COMMANDS[d.severity]} {props}::{escape_data(d.message)}"
