"""The lint engine and ``dflint --fix --unsafe-fixes`` over the whole real-world corpus.

A copy of every file in ../shared/corpus goes to a temporary directory and the CLI fixes
it in place, as a user would run it (parallel jobs, atomic writes). Then: no internal
error; every finding's span lies in its file; each changed file parses, round-trips byte
for byte and had a fixable finding (a file with none is byte-identical); and a second
run has nothing left to change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dflint.catalogue import builtin_rules
from dflint.cli import main
from dflint.engine import Settings, lint_text
from dflint.fix.edit import Applicability
from dflint.syntax.parser import parse
from tests.conftest import shared_path
from tests.corpus_data import corpus_files


def _copy(tmp: Path) -> dict[str, tuple[str, bool]]:
    """Each corpus file written under ``tmp`` with a Dockerfile name; path -> (original
    text, whether BuildKit accepts it)."""
    out = {}
    for i, item in enumerate(corpus_files()):
        text = item.text()
        path = tmp / f"{i:05d}.Dockerfile"
        path.write_bytes(text.encode("utf-8"))
        out[str(path)] = (text, item.buildkit_ok)
    return out


def test_fix_with_unsafe_fixes_over_a_copy_of_the_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared_path("corpus", "MANIFEST.tsv")
    originals = _copy(tmp_path)
    report = tmp_path / "report.json"
    main([str(tmp_path), "--fix", "--unsafe-fixes", "--format", "json", "-o", str(report), "--jobs", "2"])
    errors = capsys.readouterr().err
    assert "internal error" not in errors, errors
    document = json.loads(report.read_text(encoding="utf-8"))
    problems: list[str] = []
    rejected = sum(not ok for _, ok in originals.values())
    syntax_errors = 0
    texts: dict[str, str] = {}
    for d in document["diagnostics"]:
        if d["path"] not in texts:
            texts[d["path"]] = Path(d["path"]).read_bytes().decode("utf-8")
        start, end = d["location"], d["end_location"]
        if not (0 <= start["offset"] <= end["offset"] <= len(texts[d["path"]]) and start["column"] >= 1):
            problems.append(f"{d['path']}: {d['rule']} has a span outside the file")
        syntax_errors += d["rule"] == "DF001"
    # Each file BuildKit rejects is one DF001 finding, and it is never changed.
    assert syntax_errors == rejected

    rules = builtin_rules()
    fixing = Settings(rules=rules, enabled=frozenset(rules)).fixing
    changed = 0
    for path, (original, _) in originals.items():
        text = Path(path).read_bytes().decode("utf-8")
        if text == original:
            continue
        changed += 1
        if parse(text).code != text:
            problems.append(f"{path}: the fixed file does not round-trip")
        before = lint_text(original, path, fixing).diagnostics
        if not any(d.fix and d.fix.applicability >= Applicability.UNSAFE for d in before):
            problems.append(f"{path}: changed, but it had no fixable finding")
    assert problems == []
    assert changed > 1000  # the corpus has plenty to fix: the loop is exercised

    # Idempotent: with the same rules (those that fix), nothing more to change.
    fixable = sorted(fixing.enabled)
    code = main([str(tmp_path), "--diff", "--unsafe-fixes", "--select", ",".join(fixable), "--jobs", "2"])
    out = capsys.readouterr()
    assert (code, out.out) == (0, ""), out.out[:5000]
