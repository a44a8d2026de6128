"""Builds ``base_images.json`` from the shared size catalogue.

``python -m dflint.data.build_base_images ../shared/data`` reads ``base_images.tsv``
and ``base_images_provenance.tsv`` (transcribed from docker-library/repo-info; their
README says how each number was read) and writes the rows dflint needs, grouped by
image, with where they came from. ``--check`` exits 1 when the shipped file differs from
what the shared data gives (tests/test_model_base_images.py runs it).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).with_name("base_images.json")
SOURCE = (
    "docker-library/repo-info (repos/<image>/remote/<tag>.md 'Total Size' for compressed_bytes, "
    "amd64 platform manifest, attestations excluded; repos/<image>/local/<tag>.md 'Virtual Size' "
    "for on_disk_bytes, decimal units, +-0.005 of the printed unit), transcribed into "
    "shared/data/base_images.tsv; see its README for the per-row source commits"
)


def build(shared: Path) -> str:
    with open(shared / "base_images_provenance.tsv", newline="", encoding="utf-8") as f:
        dates = {(r["image"], r["tag"]): r["remote_content_date"] for r in csv.DictReader(f, delimiter="\t")}
    images: dict[str, list[dict[str, object]]] = {}
    with open(shared / "base_images.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            images.setdefault(row["image"], []).append(
                {
                    "tag": row["tag"],
                    "variant": row["variant"],
                    "os": row["os_base"],
                    "compressed_bytes": int(row["compressed_bytes_amd64"]),
                    "on_disk_bytes": int(row["uncompressed_bytes"]) if row["uncompressed_bytes"] else None,
                    "date": dates.get((row["image"], row["tag"])) or None,
                    "source_commit": row["source_commit"],
                }
            )
    data = {
        "source": SOURCE,
        "platform": "linux/amd64",
        "images": {name: sorted(rows, key=lambda r: str(r["tag"])) for name, rows in sorted(images.items())},
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m dflint.data.build_base_images")
    parser.add_argument("shared_data", type=Path, help="the shared data directory (../shared/data)")
    parser.add_argument("--check", action="store_true", help="exit 1 if base_images.json is stale")
    args = parser.parse_args(argv)
    text = build(args.shared_data)
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is stale: run python -m dflint.data.build_base_images", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
