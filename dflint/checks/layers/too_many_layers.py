"""DF225 too-many-layers: the image's own stages add more layers than ``max-layers``.

The layers counted are those of the target stage and the stages it is built ``FROM``
(its chain): one per RUN, COPY and ADD. The base image's own layers are unknown (they
count towards the overlay filesystem's limit of 127 too, which is why the default
limit is well below it). ONBUILD triggers are not counted: they add their layers to the
builds that use this image. Stages only copied from do not ship and are not counted.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.syntax import cst

DEFAULT_MAX = 30


def check(ctx: Context) -> Iterator[Violation]:
    limit = ctx.options.get("max-layers", DEFAULT_MAX)
    layers = [
        instr
        for stage in reversed(ctx.model.base_chain())
        for instr in stage.instructions
        if isinstance(instr, (cst.Run, cst.Copy))  # Add is a Copy
    ]
    if len(layers) <= limit:
        return
    first_over = layers[max(limit, 0)]
    span = ctx.positions.span(first_over)
    last = (
        f"the last within the limit is line {ctx.positions.span(layers[limit - 1]).start.line}"
        if limit > 0
        else "none is within the limit"
    )
    yield Violation(
        f"The image's own stages add {len(layers)} layers (RUN, COPY and ADD), more than "
        f"{limit}: {last}, this is layer {limit + 1}; merge RUNs and COPYs, or build in a "
        f"stage whose results one COPY brings over",
        span.start.offset,
        span.end.offset,
    )
