"""The fix loop: apply non-overlapping fixes, re-lint, repeat to a fixed point.

Each round lints the current text, takes the fixes at or above the requested
applicability in file order, skipping any that overlaps one already taken (it gets its
turn next round), applies them and starts again. The loop stops when a round has
nothing to fix. A round whose result does not parse, or a loop that does not settle
within :data:`MAX_ROUNDS`, leaves the text as it was and reports an internal error
naming the rule(s) responsible.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from dflint.diagnostics import Diagnostic
from dflint.engine import InternalError, LintResult, Settings, lint_text
from dflint.fix.edit import Applicability, Fix

MAX_ROUNDS = 100


@dataclass
class FixOutcome:
    path: str
    original: str
    text: str  #: the fixed text (== original when nothing was fixed or fixing failed)
    result: LintResult  #: the lint of ``text``
    fixed: Counter[str] = field(default_factory=Counter)  #: fixes applied, by rule id
    errors: list[InternalError] = field(default_factory=list)
    rounds: int = 0  #: rounds that applied fixes

    @property
    def changed(self) -> bool:
        return self.text != self.original


def choose(diagnostics: list[Diagnostic], applicability: Applicability) -> list[Diagnostic]:
    """The fixable diagnostics a round applies: in file order, none overlapping."""
    chosen: list[Diagnostic] = []
    for d in sorted(
        (d for d in diagnostics if d.fix is not None and d.fix.applicability >= applicability),
        key=lambda d: (d.fix.start, d.fix.end, d.rule),  # type: ignore[union-attr]
    ):
        if all(not d.fix.overlaps(c.fix) for c in chosen):  # type: ignore[union-attr,arg-type]
            chosen.append(d)
    return chosen


def apply_fixes(text: str, fixes: list[Fix]) -> str:
    """All edits of non-overlapping fixes, applied to ``text`` from the end backwards."""
    edits = sorted((e for f in fixes for e in f.edits), key=lambda e: (e.start, e.end))
    parts = []
    pos = 0
    for e in edits:
        parts.append(text[pos : e.start])
        parts.append(e.content)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def _parses(text: str, path: str) -> bool:
    from dflint.syntax.errors import DockerfileSyntaxError
    from dflint.syntax.parser import parse

    try:
        text.encode("utf-8")  # a file is UTF-8: text with a lone surrogate cannot be written
        parse(text, path=path)
    except (DockerfileSyntaxError, UnicodeEncodeError):
        return False
    return True


def fix_text(
    text: str,
    path: str,
    settings: Settings,
    applicability: Applicability = Applicability.SAFE,
    max_rounds: int = MAX_ROUNDS,
) -> FixOutcome:
    """Fix ``text`` to a fixed point; the outcome's ``result`` is the full lint of what
    the loop leaves (every enabled rule). Rounds after the first lint only the rules
    that can fix something (:attr:`Settings.fixing`)."""
    first = lint_text(text, path, settings)
    if not first.parsed:  # never change a file that does not parse
        return FixOutcome(path, text, text, first)
    fixing = settings.fixing
    result = first
    current = text
    fixed: Counter[str] = Counter()
    seen = {current}
    for rounds in range(max_rounds):
        chosen = choose(result.diagnostics, applicability)
        if not chosen:
            if current == text:
                return FixOutcome(path, text, text, first, errors=list(first.internal_errors))
            final = result if fixing is settings else lint_text(current, path, settings)
            errors = _unique(first.internal_errors + final.internal_errors)
            return FixOutcome(path, text, current, final, fixed, errors, rounds)
        new = apply_fixes(current, [d.fix for d in chosen])  # type: ignore[misc]
        if not _parses(new, path):
            culprits = sorted(
                {d.rule for d in chosen if not _parses(apply_fixes(current, [d.fix]), path)}  # type: ignore[list-item]
            ) or sorted({d.rule for d in chosen})
            return _failed(first, "the fix made the file unparseable; file left unchanged", culprits)
        if new in seen:
            return _failed(
                first, "fixes undo each other; file left unchanged", sorted({d.rule for d in chosen})
            )
        seen.add(new)
        fixed.update(d.rule for d in chosen)
        current = new
        result = lint_text(current, path, fixing)
    return _failed(
        first,
        f"fixes did not settle in {max_rounds} rounds; file left unchanged",
        sorted({d.rule for d in choose(result.diagnostics, applicability)}),
    )


def _unique(errors: list[InternalError]) -> list[InternalError]:
    return list(dict.fromkeys(errors))


def _failed(first: LintResult, message: str, rules: list[str]) -> FixOutcome:
    errors = [InternalError(first.path, rule, message) for rule in rules]
    return FixOutcome(
        first.path, first.text, first.text, first, Counter(), errors + list(first.internal_errors)
    )
