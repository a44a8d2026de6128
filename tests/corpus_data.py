"""Reading ../shared/corpus (data only: never copied into the repository)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dflint
from dflint.syntax import cst
from tests.conftest import SHARED


@dataclass(frozen=True, slots=True)
class CorpusFile:
    name: str  #: path relative to the corpus directory
    buildkit_ok: bool  #: whether BuildKit 0.12.5's parser accepts it

    @property
    def path(self) -> Path:
        return SHARED / "corpus" / self.name

    def text(self) -> str:
        return self.path.read_bytes().decode("utf-8")


def corpus_files() -> Iterator[CorpusFile]:
    manifest = SHARED / "corpus" / "MANIFEST.tsv"
    with open(manifest, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            yield CorpusFile(row["file"], row["buildkit_ok"] == "yes")


def parsed_corpus() -> Iterator[tuple[CorpusFile, str, cst.Dockerfile]]:
    """Every file BuildKit accepts that dflint parses (tests/test_corpus.py checks that
    this is all of them), with its text and tree."""
    for item in corpus_files():
        if not item.buildkit_ok:
            continue
        text = item.text()
        try:
            df = dflint.parse(text)
        except dflint.DockerfileSyntaxError:
            continue
        yield item, text, df
