"""What every rule finds over the corpus: counts per rule and sampled findings to review.

    python bench/findings.py [--samples 20] [--rule DF103] [--seed 0]

Lints every corpus file ($DFLINT_SHARED/corpus, else ../shared/corpus) with every rule,
then prints, per rule, how many findings in how many files, and a deterministic sample
of findings with the source line, for a person to read: each false positive found this
way becomes a regression test (a good example in the rule's yaml) and a fix. Record the
counts and what the review found in bench/README.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--samples", type=int, default=20, help="findings shown per rule")
    parser.add_argument("--rule", action="append", help="only these rules (ids)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from dflint.catalogue import builtin_rules
    from dflint.engine import Settings, lint_text
    from tests.conftest import SHARED
    from tests.corpus_data import corpus_files

    if not (SHARED / "corpus" / "MANIFEST.tsv").exists():
        print(f"corpus: {SHARED / 'corpus'} not found")
        return 1
    rules = builtin_rules()
    enabled = frozenset(args.rule or rules)
    settings = Settings(rules=rules, enabled=enabled)
    found: dict[str, list[tuple[str, int, int, str, str]]] = defaultdict(list)
    files = errors = 0
    start = time.perf_counter()
    for item in corpus_files():
        text = item.text()
        result = lint_text(text, item.name, settings)
        files += 1
        errors += len(result.internal_errors)
        lines = text.splitlines()
        for d in result.diagnostics:
            source = lines[d.start.line - 1].strip() if d.start.line <= len(lines) else ""
            found[d.rule].append((item.name, d.start.line, d.start.column, d.message, source))
    elapsed = time.perf_counter() - start
    print(f"{files} files in {elapsed:.1f} s, {errors} internal errors\n")
    print("| rule | name | findings | files |\n| --- | --- | ---: | ---: |")
    for rule_id in sorted(enabled):
        hits = found.get(rule_id, [])
        print(f"| {rule_id} | {rules[rule_id].name} | {len(hits)} | {len({h[0] for h in hits})} |")
    rng = random.Random(args.seed)
    for rule_id in sorted(found):
        hits = found[rule_id]
        print(f"\n## {rule_id} {rules[rule_id].name}: {len(hits)} findings, {args.samples} sampled\n")
        for name, line, column, message, source in sorted(rng.sample(hits, min(args.samples, len(hits)))):
            print(f"{name}:{line}:{column}: {message}\n    {source[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
