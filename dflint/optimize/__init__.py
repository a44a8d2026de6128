"""The optimiser: a single-stage build rewritten into a build stage and a slim runtime
stage (``dflint optimize``, and the fix of DF236).

:func:`optimise` answers a :class:`~dflint.optimize.rewrite.Rewrite` (the new text, what
changed, the estimated saving) or a :class:`~dflint.optimize.analysis.Decline` (why not:
nothing to split, little to gain, or it would have to guess). The recipes are documented
in ``docs/optimize.md``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from dflint.model import base_images as kb
from dflint.model.context import BuildContext
from dflint.model.stages import Model
from dflint.optimize import knowledge as kn
from dflint.optimize.analysis import (
    CANNOT_ANALYSE,
    LITTLE_GAIN,
    NOT_A_CANDIDATE,
    Decline,
    Declined,
    analyse,
)
from dflint.optimize.rewrite import Rewrite, _Rewriter
from dflint.syntax import cst

__all__ = [
    "CANNOT_ANALYSE",
    "LITTLE_GAIN",
    "NOT_A_CANDIDATE",
    "Decline",
    "Gate",
    "Rewrite",
    "optimise",
]


@dataclass(frozen=True)
class Gate:
    """How much the estimate must promise for the rewrite to be offered."""

    min_percent: float = 30.0
    min_bytes: int = 20 * kn.MB


def image_bytes(reference: str) -> tuple[int | None, str]:
    """The catalogue's download size of an image, and where the number comes from: the
    tag itself, or (marked ≈) the median of the same image's tags of the same variant."""
    if reference == "scratch":
        return 0, "scratch: nothing"
    found = kb.lookup(reference)
    if isinstance(found, kb.Match):
        note = "" if found.exact else f" (≈ {found.row.reference})"
        return found.row.compressed_bytes, f"{reference}: {kb.human_size(found.row.compressed_bytes)}{note}"
    name, _, tag = reference.partition(":")
    rows = kb.catalogue().get(name, [])
    shape = kb.tag_shape(tag or "latest")
    flavours = " ".join(shape.flavours)
    variant = next((v for v in ("alpine", "slim", "jre", "jdk") if v in flavours), "full")
    same = [r.compressed_bytes for r in rows if r.variant == variant]
    if not same:
        return None, f"{reference}: not in the catalogue"
    value = int(statistics.median(same))
    return value, f"{reference}: ≈ {kb.human_size(value)} (median of the catalogue's {variant} {name} tags)"


def _estimate(rewrite: Rewrite, analysis_installs: list[str], runtime_packages: list[str]) -> None:
    before, note_before = image_bytes(rewrite.builder)
    after, note_after = image_bytes(rewrite.runtime)
    basis = [note_before, note_after]
    dropped = sum(kn.build_package_bytes(n) for n in analysis_installs)
    if dropped:
        basis.append(f"build packages installed: ≈ {kb.human_size(dropped)}")
    added = sum(
        kn.JRE_BYTES if n.startswith(("default-jre", "openjdk-")) else kn.MB for n in runtime_packages
    )
    if added:
        basis.append(f"runtime packages: ≈ {kb.human_size(added)}")
    rewrite.before_bytes = None if before is None else before + dropped
    rewrite.after_bytes = None if after is None else after + added
    rewrite.basis = basis


def optimise(
    text: str,
    *,
    df: cst.Dockerfile | None = None,
    model: Model | None = None,
    context: BuildContext | None = None,
    gate: Gate | None = None,
) -> Rewrite | Decline:
    """The multi-stage rewrite of ``text``, or why there is none."""
    if model is None:
        if df is None:
            from dflint.syntax.parser import parse

            df = parse(text)
        model = Model(df)
    try:
        analysis = analyse(model)
        rewriter = _Rewriter(analysis, context, text)
        plan, artifacts, new_text = rewriter.render()
    except Declined as exc:
        return exc.decline
    rewrite = Rewrite(
        text=new_text,
        recipe=plan.recipe,
        builder=analysis.image,
        runtime=plan.runtime,
        changes=[
            f"names the original stage `build`: {analysis.image} builds as before",
            *plan.changes,
            *(f"copies {p} from the build stage" for p in artifacts),
        ],
        before_bytes=None,
        after_bytes=None,
        basis=[],
    )
    build_packages = [
        n
        for i, (b, _) in analysis.installs.items()
        if i <= analysis.last_build
        for n in b
        if n not in analysis.removed
    ]
    if plan.runtime == analysis.image and not build_packages:
        return Decline(
            LITTLE_GAIN,
            f"nothing to leave behind: {analysis.image} is already the runtime image and the build "
            "installs no build packages",
        )
    _estimate(rewrite, build_packages, plan.packages)
    gate = gate or Gate()
    if rewrite.before_bytes is None or rewrite.after_bytes is None:
        return Decline(LITTLE_GAIN, "cannot estimate the saving: " + "; ".join(rewrite.basis))
    saved = rewrite.before_bytes - rewrite.after_bytes
    percent = 100 * saved / rewrite.before_bytes if rewrite.before_bytes else 0.0
    if saved < gate.min_bytes or percent < gate.min_percent:
        return Decline(
            LITTLE_GAIN,
            f"the estimated saving is {kb.human_size(max(saved, 0))} ({percent:.0f}%), below the gate "
            f"({kb.human_size(gate.min_bytes)} and {gate.min_percent:.0f}%)",
        )
    return rewrite
