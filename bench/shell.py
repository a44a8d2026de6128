"""RUN commands as shell over the corpus: how many parse, how many get a syntax report.

    python bench/shell.py [--show N]      # the corpus is $DFLINT_SHARED/corpus, else ../shared/corpus

For every corpus file BuildKit accepts, builds the model and parses each RUN (ONBUILD
triggers included) with its stage's shell. Prints the RUN count, how many run in an
sh-family shell, how many of those get a located shell-syntax report (target: under
0.5% of RUN instructions), the word count, and the time. ``--show`` prints reports.
Record the figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dflint.syntax import cst  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--show", type=int, default=0, help="print this many reports")
    args = parser.parse_args()

    from dflint.model import shell
    from dflint.model.stages import Model
    from tests.conftest import SHARED
    from tests.corpus_data import parsed_corpus

    if not (SHARED / "corpus" / "MANIFEST.tsv").exists():
        print(f"corpus: {SHARED / 'corpus'} not found")
        return 1
    runs = posix = other = reported = words = commands = 0
    shown = 0
    model_time = 0.0
    start = time.perf_counter()
    for item, _, df in parsed_corpus():
        t0 = time.perf_counter()
        model = Model(df)
        for instr in df.instructions:
            target = instr.trigger if isinstance(instr, cst.Onbuild) and instr.trigger is not None else instr
            if not isinstance(target, cst.Run):
                continue
            runs += 1
            if shell.shell_kind(model.shell_of(target)) != "posix":
                other += 1
                continue
            parsed = model.shell(target)
            if parsed is None:
                continue
            posix += 1
            commands += len(parsed.commands)
            words += sum(len(c.words) for c in parsed.commands)
            if parsed.errors:
                reported += 1
                if shown < args.show:
                    shown += 1
                    error = parsed.errors[0]
                    where = model.positions.position(error.start)
                    print(f"{item.name}:{where.line}:{where.column}: {error.message}")
        model_time += time.perf_counter() - t0
    elapsed = time.perf_counter() - start
    print(f"RUN instructions: {runs} ({other} in cmd/PowerShell, skipped)")
    print(f"  parsed as sh: {posix}, {commands} simple commands, {words} words")
    print(
        f"  with a shell-syntax report: {reported} ({100 * reported / max(runs, 1):.2f}% of RUN instructions)"
    )
    print(f"  time: {elapsed:.1f} s in all, {model_time:.1f} s of it model and shell")
    print(f"  per sh RUN (model and shell): {1000 * model_time / max(posix, 1):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
