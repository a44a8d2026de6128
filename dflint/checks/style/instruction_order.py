"""DF609 instruction-order: an instruction other than ARG before the first FROM.

An unknown instruction there is not reported: BuildKit fails on it for another reason
("unknown instruction"), and a file that is not a Dockerfile at all would give one
finding per line.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.syntax import cst


def check(ctx: Context) -> Iterator[Violation]:
    for instr in ctx.df.instructions:
        if isinstance(instr, cst.From):
            return
        if isinstance(instr, (cst.Arg, cst.Unknown)):
            continue
        yield ctx.violation(
            instr.keyword,
            f'{instr.keyword.value.upper()} before the first FROM: BuildKit fails with "no build '
            f'stage in current context"; only ARG, comments and parser directives may come first',
        )
