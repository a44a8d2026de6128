"""DF305 shell-form-entrypoint: a shell-form ENTRYPOINT next to a CMD, which it ignores."""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.syntax import cst

ON = (cst.Entrypoint,)
ONBUILD = False


def check(instr: cst.Entrypoint, ctx: Context) -> Iterator[Violation]:
    if not isinstance(instr.arguments, cst.ShellForm):
        return
    stage = ctx.model.stage_of(instr)
    if stage is None:
        return
    entrypoints = [i for i in stage.instructions if isinstance(i, cst.Entrypoint)]
    cmds = [i for i in stage.instructions if isinstance(i, cst.Cmd)]
    if not cmds or entrypoints[-1] is not instr:
        return
    line = ctx.positions.span(cmds[-1]).start.line
    yield ctx.violation(
        instr.arguments,
        f"A shell-form ENTRYPOINT runs `/bin/sh -c` with no arguments: the CMD on line {line} "
        f"and any `docker run` arguments are ignored",
    )
