"""Reading ../shared/corpus (data only: never copied into the repository)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
