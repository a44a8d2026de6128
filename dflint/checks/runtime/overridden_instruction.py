"""DF304 overridden-instruction: a CMD, ENTRYPOINT or HEALTHCHECK that a later one in
the same stage replaces, so it never takes effect. Reported at the later one, as hadolint
does; the fix removes the earlier one."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from dflint.checks import Context, Violation
from dflint.fix.edit import Edit, Fix
from dflint.syntax import cst

_KINDS = (cst.Cmd, cst.Entrypoint, cst.Healthcheck)
#: hadolint's code for each (BuildKit's MultipleInstructionsDisallowed covers all three)
_CODES = {cst.Cmd: "DL4003", cst.Entrypoint: "DL4004", cst.Healthcheck: "DL3012"}


def check(ctx: Context) -> Iterator[Violation]:
    # Reported where hadolint reports it: at each instruction that replaces an earlier one
    # (BuildKit marks the replaced one instead); the fix removes the replaced one.
    for stage in ctx.model.stages:
        for kind in _KINDS:
            found = [i for i in stage.instructions if type(i) is kind]
            for dead, later in pairwise(found):
                name = dead.keyword.value.upper()
                line = ctx.positions.span(dead).start.line
                start = ctx.positions.span(dead).start.offset
                start = ctx.text.rfind("\n", 0, start) + 1  # with its indentation
                end = ctx.positions.full_span(dead).end.offset
                yield ctx.violation(
                    later,
                    f"Only the last {name} of a stage takes effect: this one replaces the {name} "
                    f"on line {line}, which does nothing",
                    Fix.unsafe(Edit.deletion(start, end)),
                    f"Remove the {name} on line {line}",
                    code=_CODES[kind],
                )
