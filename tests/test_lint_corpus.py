"""The lint engine and the fix loop over the whole real-world corpus.

Every rule runs on every file without an internal error, every finding's span lies in
its file, and ``--fix --unsafe-fixes`` leaves each file parseable, byte-for-byte
round-tripping, and settled: fixing the result again changes nothing.
"""

from __future__ import annotations

from collections import Counter

from dflint.catalogue import builtin_rules
from dflint.engine import Settings
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.syntax.parser import parse
from tests.conftest import shared_path
from tests.corpus_data import corpus_files


def test_every_rule_and_every_fix_over_the_corpus() -> None:
    shared_path("corpus", "MANIFEST.tsv")
    rules = builtin_rules()
    settings = Settings(rules=rules, enabled=frozenset(rules))
    problems: list[str] = []
    counts: Counter[str] = Counter()
    fixed_files = rejected = 0
    for item in corpus_files():
        rejected += not item.buildkit_ok
        # The loop lints the file first (its internal errors are kept), fixes, and
        # lints the result, whose findings are what remains.
        outcome = fix_text(item.text(), item.name, settings, Applicability.UNSAFE)
        problems += [e.render() for e in outcome.errors]
        for d in outcome.result.diagnostics:
            counts[d.rule] += 1
            if not (0 <= d.offset <= d.end_offset <= len(outcome.text) and d.start.column >= 1):
                problems.append(f"{item.name}: {d.rule} has a span outside the file")
        if not outcome.changed:
            continue
        fixed_files += 1
        if parse(outcome.text).code != outcome.text:
            problems.append(f"{item.name}: the fixed file does not round-trip")
        again = fix_text(outcome.text, item.name, settings, Applicability.UNSAFE)
        if again.changed or again.fixed:
            problems.append(f"{item.name}: fixing the fixed file changes it again")
    assert problems == []
    # Each file BuildKit rejects is one DF001 finding and is never changed.
    assert counts["DF001"] == rejected
    assert fixed_files > 100  # the corpus has plenty to fix: the loop is exercised
