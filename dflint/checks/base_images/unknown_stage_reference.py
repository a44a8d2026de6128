"""DF107 unknown-stage-reference: ``COPY --from`` or ``RUN --mount=from=`` that names
no usable stage: its own stage, a stage index that does not exist, stages that depend
on each other in a circle, or a name that is no stage and no tagged image (a typo, or an
image pulled at whatever ``latest`` is that day).

BuildKit resolves ``--from`` against every stage of the file, later ones included, so a
reference to a stage further down is allowed and not reported.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from dflint.checks import Context, Violation


def check(ctx: Context) -> Iterator[Violation]:
    stages = ctx.model.stages
    names = {s.name: s for s in stages if s.name}
    in_cycle = {path[0]: path for path in ctx.model.cycles()}
    for stage in stages:
        cycle = in_cycle.get(stage.index)
        for dep in stage.dependencies:
            where = {"copy": "--from", "mount": "--mount from", "from": "FROM"}[dep.kind]
            if cycle is not None and len(cycle) > 1 and dep.stage == cycle[1]:
                chain = " -> ".join(stages[i].name or str(i) for i in [*cycle, cycle[0]])
                yield ctx.violation(
                    dep.node,
                    f"`{where}={dep.text}` makes the stages depend on each other ({chain}): BuildKit "
                    f"fails with a circular dependency",
                )
                cycle = None
                continue
            if dep.kind == "from":
                continue
            if dep.problem == "names its own stage":
                yield ctx.violation(
                    dep.node,
                    f"`{where}={dep.text}` names its own stage: a stage cannot read from itself",
                    # hadolint: DL3023 for the stage's own name, DL3022 for an index
                    code="DL3022" if dep.text.isdigit() else "DL3023",
                )
                continue
            if dep.problem is not None and dep.problem.startswith("invalid stage index"):
                yield ctx.violation(
                    dep.node,
                    f"`{where}={dep.text}`: there is no stage {dep.text} (stages count from 0 and the "
                    f"file has {len(stages)})",
                    code="DL3022",
                )
                continue
            if dep.problem is not None or dep.reference is None:
                continue
            if dep.reference.tag is not None or dep.reference.digest is not None:
                continue  # an image, pinned: copying from an image is allowed
            close = difflib.get_close_matches(dep.text.lower(), list(names), n=1, cutoff=0.75)
            hint = f"; did you mean stage `{close[0]}`?" if close else ": name a stage, or tag the image"
            yield ctx.violation(
                dep.node,
                f"`{where}={dep.text}` names no stage, so BuildKit pulls the image "
                f"`{dep.reference.familiar}:latest`{hint}",
                code="DL3022",
            )
