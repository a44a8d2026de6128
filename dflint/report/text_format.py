"""Text output in the style of ruff and rustc.

::

    Dockerfile:3:6: DF101 Base image `ubuntu` has no tag or digest: ...
      |
    3 | FROM ubuntu
      |      ^^^^^^ DF101
      |
      = help: Pin a version tag

``[*]`` after the id marks what ``--fix`` (with ``--unsafe-fixes``, when given) repairs.
Colour is added with rich, and only when the CLI says the output is a terminal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from dflint.diagnostics import Diagnostic, Severity
from dflint.report import Report, shown_code

#: longest span shown in full; longer ones show their first and last lines
_MAX_LINES = 6
_TAB = 4


def plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word}es" if word.endswith(("x", "s")) else f"{n} {word}s"


def _display(line: str, column: int) -> int:
    """The display column (0-based) of character ``column`` (1-based) with tabs expanded."""
    return len(line[: column - 1].expandtabs(_TAB))


def _lines(text: str) -> list[str]:
    return [ln.rstrip("\r") for ln in text.split("\n")]


def _snippet(d: Diagnostic, source: str | None, out: list[tuple[str, str]]) -> None:
    if source is None:
        return
    lines = _lines(source)
    first = d.start.line
    last = min(d.last_line, len(lines))
    shown = list(range(first, last + 1))
    if len(shown) > _MAX_LINES:
        shown = [*shown[: _MAX_LINES // 2], -1, *shown[-(_MAX_LINES // 2) :]]
    width = len(str(last))
    gutter = " " * width + " |"
    out.append((gutter + "\n", "blue"))
    for n in shown:
        if n == -1:
            out.append((" " * width + " ...\n", "blue"))
            continue
        line = lines[n - 1] if n - 1 < len(lines) else ""
        out.append((f"{n:>{width}} | ", "blue"))
        out.append((line.expandtabs(_TAB) + "\n", ""))
        begin = _display(line, d.start.column) if n == first else len(line) - len(line.lstrip(" \t"))
        if n == d.end.line:
            end = _display(line, d.end.column)
        else:
            end = len(line.expandtabs(_TAB))
        carets = max(1, end - begin)
        out.append((gutter + " " * (begin + 1), "blue"))
        label = f" {shown_code(d)}" if n == shown[-1] else ""
        out.append(("^" * carets + label + "\n", _STYLE[d.severity]))
    out.append((gutter + "\n", "blue"))


_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold cyan",
    Severity.STYLE: "bold magenta",
}


def segments(report: Report) -> list[tuple[str, str]]:
    """The output as (text, rich style) pieces."""
    out: list[tuple[str, str]] = []
    fixable = 0
    hidden = 0
    for d in report.diagnostics:
        marker = ""
        if d.fix is not None:
            if d.fix.applicability >= report.fix_applicability:
                marker = " [*]"
                fixable += 1
            elif d.fix.applicability >= 1:
                hidden += 1
        out.append((f"{d.path}:{d.start.line}:{d.start.column}: ", "bold"))
        out.append((shown_code(d), _STYLE[d.severity]))
        out.append((f"{marker} ", "cyan"))
        out.append((f"{d.message}\n", ""))
        if report.show_source:
            _snippet(d, report.sources.get(d.path), out)
            if d.fix_title:
                unsafe = d.fix is not None and d.fix.applicability < report.fix_applicability
                extra = " (unsafe fix)" if unsafe and d.fix and d.fix.applicability >= 1 else ""
                out.append(("  = ", "blue"))
                out.append((f"help: {d.fix_title}{extra}\n", "bold"))
            out.append(("\n", ""))
    if report.statistics:
        out.extend(_statistics(report))
    if report.summary:
        out.extend(_summary(report, fixable, hidden))
    return out


def _statistics(report: Report) -> list[tuple[str, str]]:
    # by the code each finding is shown with (ShellCheck's SC2086 for DF400), and its rule
    counts = Counter((shown_code(d), d.rule) for d in report.diagnostics)
    fixable = Counter(
        (shown_code(d), d.rule)
        for d in report.diagnostics
        if d.fix is not None and d.fix.applicability >= report.fix_applicability
    )
    if not counts:
        return []
    width = len(str(max(counts.values())))
    out = []
    for (code, rule), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        info = report.rules.get(rule)
        name = info.name if info else ""
        star = "[*]" if fixable[code, rule] else "   "
        out.append((f"{n:>{width}}\t{code}\t{star} {name}\n", ""))
    out.append(("\n", ""))
    return out


def _summary(report: Report, fixable: int, hidden: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    fixed = sum(report.fixed.values())
    total = len(report.diagnostics)
    if report.unchecked:
        text = f"{plural(report.unchecked, 'file')} could not be checked (see the errors above).\n"
        out.append((text, "bold red"))
    if fixed:
        remaining = f" ({total} remaining)" if total else ""
        out.append((f"Fixed {plural(fixed, 'problem')}{remaining}.\n", "bold"))
        if report.show_fixes:
            names = {rule_id: info.name for rule_id, info in report.rules.items()}
            out.append((fixes_applied(report.fixed_by_file, "Fixes", names).split("\n", 1)[1], ""))
    if not total:
        if not fixed and not report.unchecked and report.files:
            out.append(("All checks passed!\n", "bold green"))
        return out
    by_severity = Counter(d.severity for d in report.diagnostics)
    parts = ", ".join(plural(by_severity[s], s.label) for s in sorted(by_severity, reverse=True))
    files = len({d.path for d in report.diagnostics})
    out.append((f"Found {plural(total, 'problem')} in {plural(files, 'file')} ({parts}).\n", "bold"))
    if fixable or hidden:
        text = f"[*] {fixable} fixable with the `--fix` option" if fixable else "No fixes available"
        if hidden:
            text += f" ({plural(hidden, 'hidden fix')} can be enabled with the `--unsafe-fixes` option)"
        out.append((text + ".\n", ""))
    return out


def fixes_applied(by_file: Mapping[str, Mapping[str, int]], verb: str, names: Mapping[str, str]) -> str:
    """ruff's ``--show-fixes`` list: "Fixed 3 problems:", then per file how many fixes
    of each rule (most first)."""
    total = sum(n for counts in by_file.values() for n in counts.values())
    if not total:
        return ""
    lines = [f"{verb} {plural(total, 'problem')}:\n"]
    for path, counts in by_file.items():
        if not counts:
            continue
        lines.append(f"- {path}:\n")
        width = len(str(max(counts.values())))
        for rule_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            name = f" ({names[rule_id]})" if rule_id in names else ""
            lines.append(f"    {n:>{width}} × {rule_id}{name}\n")  # noqa: RUF001 - as ruff writes it
    return "".join(lines)


def render(report: Report) -> str:
    return "".join(text for text, _ in segments(report))


def render_rich(report: Report) -> object:
    """The same output as a rich Text, for a terminal."""
    from rich.text import Text

    text = Text()
    for piece, style in segments(report):
        text.append(piece, style=style or None)
    return text
