"""DF611 missing-healthcheck: the image that ships sets no HEALTHCHECK.

A HEALTHCHECK of a stage the target is built FROM counts, as does one in the ONBUILD
triggers of the stage it builds on (BuildKit runs them in the target), and so does
``HEALTHCHECK NONE``: a decision was made. One the base image sets is not known here.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.syntax import cst


def check(ctx: Context) -> Iterator[Violation]:
    chain = ctx.model.base_chain()
    if not chain:
        return
    run: list[cst.Instruction] = [i for stage in chain for i in stage.instructions]
    # the triggers of every stage but the target run in the stage built on it
    run += [
        i.trigger
        for stage in chain[1:]
        for i in stage.instructions
        if isinstance(i, cst.Onbuild) and i.trigger
    ]
    if any(isinstance(i, cst.Healthcheck) for i in run):
        return
    yield ctx.violation(
        chain[0].from_,
        "The image has no HEALTHCHECK: Docker and Swarm cannot tell a container that runs "
        "from one that hangs; add `HEALTHCHECK CMD ...` (or `HEALTHCHECK NONE` to say none is wanted)",
    )
