"""DF608 onbuild-forbidden-trigger: ``ONBUILD ONBUILD``, ``ONBUILD FROM`` or
``ONBUILD MAINTAINER``, which BuildKit refuses."""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.syntax import cst

ON = (cst.Onbuild,)
ONBUILD = False  # the ONBUILD holding a trigger is the one reported

_WHY = {
    "onbuild": "ONBUILD triggers cannot be chained",
    "from": "a trigger runs inside the stage of a later build, which FROM cannot start",
    "maintainer": "MAINTAINER is not allowed as a trigger (and is deprecated: use a LABEL)",
}


def check(instr: cst.Onbuild, ctx: Context) -> Iterator[Violation]:
    trigger = instr.trigger
    if trigger is None or trigger.name not in _WHY:
        return
    yield ctx.violation(
        trigger.keyword,
        f"`ONBUILD {trigger.keyword.value.upper()}`: {_WHY[trigger.name]}; BuildKit refuses the "
        f"instruction and the build fails",
    )
