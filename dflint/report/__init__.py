"""Reporters: pure functions of the diagnostics, one module per format.

Each module has ``render(report: Report) -> str``. Reporters never filter: what they get
is what the run reports (selection, pragmas and severity overrides happened before).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dflint.catalogue import RuleInfo
from dflint.diagnostics import Diagnostic, Severity
from dflint.fix.edit import Applicability

FORMATS = ("text", "json", "sarif", "github", "gitlab", "checkstyle", "junit")


@dataclass(frozen=True)
class Report:
    diagnostics: tuple[Diagnostic, ...]  #: sorted by (path, line, column, rule)
    rules: Mapping[str, RuleInfo]  #: every rule that can appear, by id
    sources: Mapping[str, str] = field(default_factory=dict)  #: each file's text, by path
    files: tuple[str, ...] = ()  #: every file checked (also those without findings), in order
    #: a Severity; above ERROR when nothing fails (``--failure-threshold none``)
    failure_threshold: int = Severity.INFO
    #: files that could not be checked (unreadable, broken configuration): the
    #: summary must not claim that all checks passed
    unchecked: int = 0
    version: str = ""
    #: text reporter settings
    show_source: bool = True
    statistics: bool = False
    summary: bool = True  #: the closing counts (``--quiet`` drops them)
    color: bool = False
    #: fixes applied in this run, by rule id (``--fix``)
    fixed: Mapping[str, int] = field(default_factory=dict)
    #: the same per file (path -> rule id -> count), for ``--show-fixes``
    fixed_by_file: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    show_fixes: bool = False
    fix_mode: bool = False  #: whether --fix / --diff ran (the summary reports it)
    #: the least safe fix this run would apply (``--unsafe-fixes``: unsafe), for ``[*]``
    fix_applicability: Applicability = Applicability.SAFE

    @property
    def tool_version(self) -> str:
        if self.version:
            return self.version
        from dflint import __version__

        return __version__


def render(fmt: str, report: Report) -> str:
    import importlib

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = importlib.import_module(f"dflint.report.{fmt}_format")
    return module.render(report)


def docs_url(rule_id: str) -> str:
    """Where a rule's generated docs page lives (help URIs in SARIF, links in JSON)."""
    from dflint import DOCS_URL

    return f"{DOCS_URL}/rules/{rule_id}.md"


def shown_code(d: Diagnostic) -> str:
    """The code a report names a finding by: its own code when the rule reports each
    finding under one that is not an alias of the rule (ShellCheck's ``SC2086`` for
    DF400), else the rule id."""
    if d.code and d.code not in d.aliases:
        return d.code
    return d.rule


def code_url(d: Diagnostic) -> str:
    """The documentation of what a finding is named by: ShellCheck's wiki page for an
    ``SC`` code, else the rule's page."""
    from dflint.aliases import SHELLCHECK_CODE

    code = shown_code(d)
    if SHELLCHECK_CODE.match(code):
        return f"https://www.shellcheck.net/wiki/{code}"
    return docs_url(d.rule)
