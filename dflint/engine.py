"""The lint engine: text -> parse -> enabled checks in one walk -> diagnostics.

Parse errors are diagnostics of DF001. A check that raises is reported as an
:class:`InternalError` for that file and rule; the other rules still run. After the
checks: pragmas, then severity overrides, then sorting. Nothing here prints.

A check module may define ``unavailable() -> str | None``: why its rule cannot run on
this machine (DF400 without a ``shellcheck`` binary). Such a rule is skipped, and
:attr:`Settings.unavailable` says why.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dflint.aliases import is_foreign, names_code
from dflint.catalogue import RuleInfo
from dflint.checks import REGISTRY, Context, FileContext, Violation
from dflint.diagnostics import Diagnostic, LineIndex, Severity
from dflint.selection import Selector

SYNTAX_RULE = "DF001"
PRAGMA_RULE = "DF002"


@dataclass(frozen=True)
class InternalError:
    """A dflint bug met while checking one file (a check raised, a fix broke the file)."""

    path: str
    rule: str | None
    message: str

    def render(self) -> str:
        who = f" in {self.rule}" if self.rule else ""
        return f"{self.path}: internal error{who}: {self.message} (please report this as a dflint bug)"


@dataclass
class Settings:
    """Everything the engine needs to lint one file; built by the CLI from the config."""

    rules: Mapping[str, RuleInfo]  #: the catalogue (built-in and user rules), by id
    enabled: frozenset[str]
    #: rule id, or a finding's own code (``SC2086``, upper-cased) -> overridden severity
    severity: Mapping[str, Severity] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  #: rule id -> options
    #: codes whose findings are not reported: subcodes (``SC2086``) and aliases of rules
    #: with several (``DL3052``), upper-cased; see :func:`_names`
    ignored_codes: frozenset[str] = frozenset()

    @cached_property
    def selector(self) -> Selector:
        """Resolves the codes pragmas name (ids, names, aliases) against ``rules``."""
        return Selector(self.rules)

    @cached_property
    def checks(self) -> list[tuple[RuleInfo, Any]]:
        """(rule, check module or object) for every enabled rule that can run here, in id order."""
        out = []
        for rule_id in sorted(self.enabled):
            info = self.rules[rule_id]
            if info.declarative:
                from dflint.checks.declarative import DeclarativeCheck

                out.append((info, DeclarativeCheck(info)))
            elif rule_id in REGISTRY and rule_id not in self.unavailable:
                out.append((info, importlib.import_module(REGISTRY[rule_id])))
        return out

    @cached_property
    def fixing(self) -> Settings:
        """These settings with only the rules that can fix something enabled: what the
        fix loop lints between rounds (the last lint runs every rule)."""
        fixable = frozenset(r for r in self.enabled if self.rules[r].fix != "none")
        if fixable == self.enabled:
            return self
        from dataclasses import replace

        return replace(self, enabled=fixable)

    @cached_property
    def unavailable(self) -> dict[str, str]:
        """Enabled rules that cannot run on this machine, and why (their check's
        ``unavailable()``): they are skipped."""
        out = {}
        for rule_id in sorted(self.enabled):
            if rule_id in REGISTRY and not self.rules[rule_id].declarative:
                reason = getattr(importlib.import_module(REGISTRY[rule_id]), "unavailable", None)
                why = reason() if reason is not None else None
                if why:
                    out[rule_id] = why
        return out


@dataclass
class LintResult:
    path: str
    text: str
    diagnostics: list[Diagnostic]
    internal_errors: list[InternalError] = field(default_factory=list)
    parsed: bool = True


def lint_text(text: str, path: str, settings: Settings) -> LintResult:
    from dflint.syntax.errors import DockerfileSyntaxError
    from dflint.syntax.parser import parse

    try:
        df = parse(text, path=path)
    except DockerfileSyntaxError as exc:
        return LintResult(path, text, _syntax_diagnostics(exc, text, path, settings), parsed=False)
    file = FileContext(path, text, df, settings.rules, settings.selector.known_codes)
    raw, errors = _run_checks(file, settings)
    diagnostics = _suppress(raw, file, settings)
    return LintResult(path, text, sorted(diagnostics, key=lambda d: d.sort_key), errors)


def _syntax_diagnostics(exc: Exception, text: str, path: str, settings: Settings) -> list[Diagnostic]:
    if SYNTAX_RULE not in settings.enabled:
        return []
    from dflint.checks.syntax.syntax_error import violation

    v = violation(exc, text)
    return [_diagnostic(settings.rules[SYNTAX_RULE], v, path, LineIndex(text), settings)]


def _diagnostic(info: RuleInfo, v: Violation, path: str, index: LineIndex, settings: Settings) -> Diagnostic:
    # An override of the finding's own code, then one of its rule, then the finding's
    # own severity (ShellCheck's), then the rule's.
    severity = settings.severity.get(v.code.upper()) if v.code else None
    if severity is None:
        severity = settings.severity.get(info.id, v.severity or info.severity)
    return Diagnostic(
        rule=info.id,
        name=info.name,
        severity=severity,
        message=v.message,
        path=path,
        start=index.location(v.start),
        end=index.location(v.end),
        offset=v.start,
        end_offset=v.end,
        fix=v.fix,
        fix_title=v.fix_title,
        aliases=info.aliases,
        code=v.code,
    )


def _run_checks(file: FileContext, settings: Settings) -> tuple[list[Diagnostic], list[InternalError]]:
    from dflint.syntax import cst

    found: list[tuple[RuleInfo, Violation]] = []
    errors: list[InternalError] = []
    broken: set[str] = set()
    by_type: dict[type, list[tuple[RuleInfo, Any, Context, bool]]] = {}
    file_checks: list[tuple[RuleInfo, Any, Context]] = []
    for info, check in settings.checks:
        ctx = Context(file, info, settings.options.get(info.id, {}))
        on = getattr(check, "ON", None)
        if on is None:
            file_checks.append((info, check, ctx))
            continue
        onbuild = getattr(check, "ONBUILD", True)
        for kind in on:
            by_type.setdefault(kind, []).append((info, check, ctx, onbuild))

    def run(info: RuleInfo, call: Callable[[], Iterable[Violation] | None]) -> None:
        if info.id in broken:
            return
        try:
            for v in call() or ():
                found.append((info, v))
        except Exception as exc:  # a bug in one rule must not stop the others
            broken.add(info.id)
            errors.append(InternalError(file.path, info.id, f"{type(exc).__name__}: {exc}"))

    if by_type:
        resolved: dict[type, list[tuple[RuleInfo, Any, Context, bool]]] = {}
        for instr in file.df.instructions:
            nodes = [(instr, False)]
            if isinstance(instr, cst.Onbuild) and instr.trigger is not None:
                nodes.append((instr.trigger, True))
            for node, under_onbuild in nodes:
                kind = type(node)
                if kind not in resolved:
                    resolved[kind] = [c for base in kind.__mro__ for c in by_type.get(base, ())]
                for info, check, ctx, onbuild in resolved[kind]:
                    if under_onbuild and not onbuild:
                        continue
                    run(info, lambda check=check, node=node, ctx=ctx: check.check(node, ctx))
    for info, check, ctx in file_checks:
        run(info, lambda check=check, ctx=ctx: check.check(ctx))

    index = LineIndex(file.text)
    return [_diagnostic(info, v, file.path, index, settings) for info, v in found], errors


def _suppress(diagnostics: list[Diagnostic], file: FileContext, settings: Settings) -> list[Diagnostic]:
    """Drop what pragmas silence, and the findings whose own code is ignored."""
    if settings.ignored_codes:
        resolve = settings.selector.resolve_code
        ignored = [(code, resolve(code)) for code in settings.ignored_codes]
        diagnostics = [d for d in diagnostics if not _names(d, ignored)]
    if not diagnostics:
        return diagnostics
    pragmas = file.pragmas
    if pragmas.file_all:
        return []
    resolve = settings.selector.resolve_code
    off_file = [(code, resolve(code)) for code in (ref.code for ref in pragmas.file_codes)]
    ranges = [
        (first, last, None if refs is None else [(r.code, resolve(r.code)) for r in refs])
        for first, last, refs in pragmas.lines
    ]
    out = []
    for d in diagnostics:
        if _names(d, off_file):
            continue
        if any(
            first <= d.start.line <= last and (codes is None or _names(d, codes))
            for first, last, codes in ranges
        ):
            continue
        out.append(d)
    return out


def _names(d: Diagnostic, codes: list[tuple[str, set[str]]]) -> bool:
    """Whether one of ``codes`` (each with the rule ids it resolves to) names ``d``.

    A dflint id, name, prefix or category names all of the rule's findings. A foreign
    code (a hadolint or BuildKit alias, a ShellCheck code) names all the findings of its
    rule that carry no code of their own, and of those that do, the ones of that code or
    its equivalent in the other tool (``DL3052`` names DF640's URL findings, not its
    DL3049 ones; ``MultipleInstructionsDisallowed`` names DF304's DL4003 finding)."""
    for code, ids in codes:
        if d.rule not in ids:
            continue
        if d.code is None or not is_foreign(code) or names_code(code, d.code):
            return True
    return False
