"""Parser speed: throughput over the real-world corpus, and the cold start of the CLI.

    python bench/parse.py [--corpus ../shared/corpus] [--runs 20] [--limit N]

Prints files/s, MB/s and per-file p50/p99 over every corpus file BuildKit accepts
(parsed in one process pinned to one core, after one warm-up parse), and the wall
time of a whole ``dflint parse`` process on a small file, first with an empty
grammar cache and then warm. Record the figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def corpus_texts(corpus: Path, limit: int | None) -> list[tuple[str, str]]:
    out = []
    with open(corpus / "MANIFEST.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["buildkit_ok"] != "yes":
                continue
            out.append((row["file"], (corpus / row["file"]).read_bytes().decode("utf-8")))
            if limit and len(out) >= limit:
                break
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def throughput(corpus: Path, limit: int | None) -> None:
    import dflint

    texts = corpus_texts(corpus, limit)
    dflint.parse(texts[0][1])  # build or load the grammar before timing
    times = []
    total_bytes = sum(len(t.encode("utf-8")) for _, t in texts)
    start = time.perf_counter()
    for _, text in texts:
        t0 = time.perf_counter()
        dflint.parse(text)
        times.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - start
    slowest = max(range(len(times)), key=times.__getitem__)
    print(f"corpus: {len(texts)} files, {total_bytes / 1e6:.2f} MB")
    print(
        f"  throughput: {len(texts) / elapsed:.0f} files/s, {total_bytes / 1e6 / elapsed:.2f} MB/s ({elapsed:.2f} s)"
    )
    print(
        f"  per file: p50 {percentile(times, 0.5) * 1e3:.2f} ms, p99 {percentile(times, 0.99) * 1e3:.2f} ms, "
        f"max {times[slowest] * 1e3:.1f} ms ({texts[slowest][0]}, {len(texts[slowest][1])} chars)"
    )


def cold_start(runs: int) -> None:
    example = REPO / "corpus" / "examples" / "Dockerfile"
    exe = shutil.which("dflint")
    command = [exe] if exe else [sys.executable, "-m", "dflint"]
    command += ["parse", "--format", "buildkit", str(example)]
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, DFLINT_CACHE_DIR=cache, PYTHONPATH=str(REPO))

        def once() -> float:
            t0 = time.perf_counter()
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
            return time.perf_counter() - t0

        first = once()
        warm = [once() for _ in range(runs)]
    print(
        f"cold start of `{' '.join(Path(c).name if i == 0 else c for i, c in enumerate(command[:3]))} ...` on a small file:"
    )
    print(f"  first run (builds the grammar cache): {first * 1e3:.0f} ms")
    print(
        f"  warm cache, {runs} runs: median {statistics.median(warm) * 1e3:.0f} ms, "
        f"min {min(warm) * 1e3:.0f} ms, max {max(warm) * 1e3:.0f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as pre-commit would get
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, pinned to one")
    if (args.corpus / "MANIFEST.tsv").exists():
        throughput(args.corpus, args.limit)
    else:
        print(f"corpus: {args.corpus} not found, skipped")
    cold_start(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
