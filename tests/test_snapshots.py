"""Snapshot tests: the text report of each fixture in corpus/lint, and its --fix result.

Expected outputs are in corpus/lint/expected/. To accept new output after a deliberate
change, run ``DFLINT_UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py`` and review the
diff before committing.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from dflint.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = sorted((REPO / "corpus" / "lint").glob("*.Dockerfile"))
EXPECTED = REPO / "corpus" / "lint" / "expected"
UPDATE = os.environ.get("DFLINT_UPDATE_SNAPSHOTS") == "1"


def _compare(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.exists(), f"no snapshot {path.relative_to(REPO)}; run with DFLINT_UPDATE_SNAPSHOTS=1"
    assert actual == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_text_report(
    fixture: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    code = main([str(fixture.relative_to(REPO)), "--jobs", "1", "--statistics"])
    out = capsys.readouterr().out
    _compare(EXPECTED / (fixture.name + ".txt"), out)
    assert code == (1 if "Found " in out else 0)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_unsafe_fix_result(
    fixture: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Stdin:
        buffer = io.BytesIO(fixture.read_bytes())

    monkeypatch.setattr(sys, "stdin", Stdin)
    main(["--fix", "--unsafe-fixes", "-", "--stdin-filename", fixture.name, "--quiet"])
    fixed = capsys.readouterr().out
    _compare(EXPECTED / (fixture.name + ".fixed"), fixed)
