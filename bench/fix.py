"""``--fix`` over the corpus: files changed, fixes applied per rule, rounds, time.

    python bench/fix.py [--safe] [--rule DF205] [--jobs 2] [--samples 0]

Fixes every corpus file ($DFLINT_SHARED/corpus, else ../shared/corpus) in memory with
the fix loop (``dflint --fix --unsafe-fixes``, or safe fixes only with ``--safe``), with
every rule enabled (or only ``--rule``), and checks each result as the corpus test does:
it parses and round-trips, fixing it again changes nothing, and a file without a fixable
finding is unchanged. Prints the totals, a table per rule (fixes, files) and the number of
files per round count, then every internal error and broken invariant (the exit status is
1 if there is any). ``--samples N`` prints N sampled diffs per rule to read. Record the
figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

_ITEMS: list = []  # type: ignore[type-arg]
_ARGS: argparse.Namespace | None = None


def _one(index: int) -> tuple[str, Counter[str], int, list[str], float, str | None]:
    """(name, fixes by rule, rounds, problems, seconds, fixed text or None)."""
    from dflint.fix.apply import fix_text
    from dflint.syntax.errors import DockerfileSyntaxError
    from dflint.syntax.parser import parse

    assert _ARGS is not None
    item, settings, applicability = _ITEMS[index]
    text = item.text()
    start = time.perf_counter()
    outcome = fix_text(text, item.name, settings, applicability)
    elapsed = time.perf_counter() - start
    problems = [e.render() for e in outcome.errors]
    if outcome.changed:
        try:
            if parse(outcome.text).code != outcome.text:
                problems.append(f"{item.name}: the fixed text does not round-trip")
        except DockerfileSyntaxError as exc:
            problems.append(f"{item.name}: the fixed text does not parse: {exc}")
        again = fix_text(outcome.text, item.name, settings.fixing, applicability)
        if again.changed:
            problems.append(f"{item.name}: a second --fix changes the file again ({dict(again.fixed)})")
        if not outcome.fixed:
            problems.append(f"{item.name}: changed without a fix applied")
    return (
        item.name,
        outcome.fixed,
        outcome.rounds,
        problems,
        elapsed,
        outcome.text if outcome.changed else None,
    )


def main() -> int:
    global _ARGS
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--safe", action="store_true", help="safe fixes only (dflint --fix)")
    parser.add_argument("--rule", action="append", help="only these rules (ids)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--samples", type=int, default=0, help="sampled diffs shown per rule")
    parser.add_argument("--seed", type=int, default=0)
    _ARGS = args = parser.parse_args()

    from dflint.catalogue import builtin_rules
    from dflint.engine import Settings
    from dflint.fix.edit import Applicability
    from dflint.run import unified_diff
    from dflint.syntax.parser import get_parser
    from tests.conftest import SHARED
    from tests.corpus_data import corpus_files

    if not (SHARED / "corpus" / "MANIFEST.tsv").exists():
        print(f"corpus: {SHARED / 'corpus'} not found")
        return 1
    rules = builtin_rules()
    settings = Settings(rules=rules, enabled=frozenset(args.rule or rules))
    applicability = Applicability.SAFE if args.safe else Applicability.UNSAFE
    items = list(corpus_files())
    _ITEMS.extend((item, settings, applicability) for item in items)
    get_parser()
    settings.checks  # noqa: B018 - imported before forking
    settings.fixing.checks  # noqa: B018
    start = time.perf_counter()
    if args.jobs > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            results = pool.map(_one, range(len(items)), chunksize=16)
    else:
        results = [_one(i) for i in range(len(items))]
    wall = time.perf_counter() - start

    per_rule: Counter[str] = Counter()
    files_per_rule: Counter[str] = Counter()
    rounds: Counter[int] = Counter()
    problems: list[str] = []
    changed = 0
    cpu = 0.0
    diffs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    texts = {item.name: item for item in items}
    for name, fixed, n, found, seconds, after in results:
        per_rule.update(fixed)
        files_per_rule.update(fixed.keys())
        rounds[n] += 1
        problems += found
        cpu += seconds
        if after is not None:
            changed += 1
            for rule_id in fixed:
                diffs[rule_id].append((name, after))
    mode = "--fix" if args.safe else "--fix --unsafe-fixes"
    print(
        f"{mode}: {len(items)} files, {changed} changed, {sum(per_rule.values())} fixes, "
        f"{wall:.1f} s wall ({args.jobs} jobs), {cpu:.1f} s in the fix loop "
        f"({cpu / len(items) * 1000:.1f} ms a file), {len(problems)} problems\n"
    )
    print("| rule | name | fixes | files |\n| --- | --- | ---: | ---: |")
    for rule_id, n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"| {rule_id} | {rules[rule_id].name} | {n} | {files_per_rule[rule_id]} |")
    print("\n| rounds | files |\n| ---: | ---: |")
    for n in sorted(rounds):
        print(f"| {n} | {rounds[n]} |")
    if args.samples:
        rng = random.Random(args.seed)
        for rule_id in sorted(diffs):
            picked = rng.sample(diffs[rule_id], min(args.samples, len(diffs[rule_id])))
            print(f"\n## {rule_id} {rules[rule_id].name}")
            for name, after in picked:
                print(unified_diff(name, texts[name].text(), after))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
