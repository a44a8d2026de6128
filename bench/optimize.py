"""The optimiser on the apps of corpus/apps, built for real: size before and after.

    python bench/optimize.py [--markdown] [APP ...]

For each app (or the ones named), builds the original Dockerfile and the optimiser's
rewrite with the Docker engine in DOCKER_HOST (``../shared/tools/docker-engine/start``),
checks that both give the app's expected smoke output, and prints a table: recipe,
runtime image, on-disk size before and after (``docker image inspect .Size``), the
saving, and the gate's estimate of the download saving. Then the median saving, which
issue 9 asks to be at least 60% (exit status 1 below that, or when any app fails).
Images are removed afterwards. Record the figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
APPS = REPO / "corpus" / "apps"


def _docker(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], input=stdin, capture_output=True, text=True, timeout=1800)


def build(app_dir: Path, text: str, app: dict) -> tuple[int, str, float]:  # type: ignore[type-arg]
    """Build ``text`` in ``app_dir``, run the smoke command: (size, stdout, build seconds)."""
    tag = f"dflint-bench-{app_dir.name}-{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    built = _docker(
        "build", f"--network={app['network']}", "-q", "-t", tag, "-f", "-", str(app_dir), stdin=text
    )
    seconds = time.perf_counter() - started
    if built.returncode != 0:
        raise RuntimeError(f"{app_dir.name}: build failed:\n{built.stderr[-2000:]}")
    try:
        size = json.loads(_docker("image", "inspect", tag).stdout)[0]["Size"]
        smoke = app["smoke"]
        ran = _docker("run", "--rm", "--network=none", f"--entrypoint={smoke[0]}", tag, *smoke[1:])
        if (ran.returncode, ran.stdout) != (app["expected"]["exit"], app["expected"]["stdout"]):
            raise RuntimeError(f"{app_dir.name}: smoke output differs:\n{ran.stdout}{ran.stderr}")
        return size, ran.stdout, seconds
    finally:
        _docker("image", "rm", "-f", tag)


def main() -> int:
    from ruamel.yaml import YAML

    from dflint.model.context import BuildContext
    from dflint.optimize import Rewrite, optimise

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("apps", nargs="*", help="app directory names (default: all)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    rows = []
    failed = 0
    for app_dir in sorted(p for p in APPS.iterdir() if (p / "app.yaml").is_file()):
        if args.apps and app_dir.name not in args.apps:
            continue
        app = YAML(typ="safe").load((app_dir / "app.yaml").read_text(encoding="utf-8"))
        text = (app_dir / "Dockerfile").read_text(encoding="utf-8")
        found = optimise(text, context=BuildContext(app_dir.resolve(), None))
        if not isinstance(found, Rewrite):
            print(f"{app_dir.name}: no rewrite: {found.reason}", file=sys.stderr)
            failed += 1
            continue
        try:
            before, _, _ = build(app_dir, text, app)
            after, _, _ = build(app_dir, found.text, app)
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            failed += 1
            continue
        rows.append(
            (app_dir.name, found.recipe, found.runtime, before, after, 1 - after / before, found.saving)
        )
    header = ("app", "recipe", "runtime", "before", "after", "saving", "estimated")
    cells = [
        (n, r, rt, f"{b / 1e6:.1f} MB", f"{a / 1e6:.1f} MB", f"{s:.1%}", f"{e:.0%}" if e is not None else "-")
        for n, r, rt, b, a, s, e in rows
    ]
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---:" if i >= 3 else "---" for i in range(len(header))) + "|")
        for c in cells:
            print("| " + " | ".join(c) + " |")
    else:
        widths = [max(len(x) for x in col) for col in zip(header, *cells, strict=False)]
        for line in (header, *cells):
            print(
                "  ".join(
                    v.rjust(w) if i >= 3 else v.ljust(w)
                    for i, (v, w) in enumerate(zip(line, widths, strict=False))
                )
            )
    if rows:
        median = statistics.median(r[5] for r in rows)
        total_before = sum(r[3] for r in rows)
        total_after = sum(r[4] for r in rows)
        print(
            f"\n{len(rows)} apps; median saving {median:.1%}; total {total_before / 1e6:.0f} MB -> "
            f"{total_after / 1e6:.0f} MB ({1 - total_after / total_before:.1%}); {failed} failed"
        )
        if median < 0.60:
            failed += 1
    return 1 if failed or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
