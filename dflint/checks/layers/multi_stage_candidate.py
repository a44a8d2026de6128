"""DF236 multi-stage-candidate: a single-stage build that ships its toolchain, which the
optimiser can split into a build stage and a slim runtime stage.

The analysis, the recipes and the gate are :mod:`dflint.optimize`'s; this check reports
what it offers, with the rewrite as an unsafe fix (one edit: the text that changes).
Declined files (nothing to split, little to gain, or a rewrite that would have to
guess) are not reported; ``dflint optimize FILE`` says why.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.fix.edit import Edit, Fix
from dflint.model import base_images as kb


def minimal_edit(old: str, new: str) -> Edit:
    """One edit turning ``old`` into ``new``: the common prefix and suffix kept."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return Edit(start, end_old, new[start:end_new])


def check(ctx: Context) -> Iterator[Violation]:
    stages = ctx.model.stages
    if len(stages) != 1 or stages[0].base.reference is None:
        return  # the cheap test first: only single-stage files on an image are candidates
    from dflint.optimize import Gate, Rewrite, optimise

    gate = Gate(
        min_percent=float(ctx.options.get("min-saving-percent", 30)),
        min_bytes=int(float(ctx.options.get("min-saving-mb", 20)) * 1_000_000),
    )
    context = ctx.file.build_context.get(ctx.options.get("context"))
    found = optimise(ctx.text, df=ctx.df, model=ctx.model, context=context, gate=gate)
    if not isinstance(found, Rewrite):
        return
    saved = (found.before_bytes or 0) - (found.after_bytes or 0)
    percent = found.saving or 0.0
    stage = stages[0]
    yield ctx.violation(
        stage.from_.arguments[0],
        f"Single-stage build ships {found.builder}'s toolchain: a build stage and a {found.runtime} "
        f"runtime stage would save about {kb.human_size(saved)} ({percent:.0%}) to download",
        fix=Fix.unsafe(minimal_edit(ctx.text, found.text)),
        fix_title=f"Split into a build stage and a {found.runtime} runtime stage ({found.recipe} recipe)",
    )
