"""DF220 file-removed-in-later-layer: a RUN deletes (or overwrites) a file that an
earlier instruction of the image wrote; the earlier layer keeps its bytes.

The writes, removals and their fates come from :mod:`dflint.model.files`: only writes
and removals that certainly happen, at paths dflint knows, in layers that ship. The fix
(unsafe) merges the RUN into the RUN right before it when that RUN did the writing.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers import located
from dflint.checks.layers.merge import merge_runs
from dflint.fix.edit import Fix
from dflint.model.files import Effect, Fate
from dflint.syntax import cst

ON = (cst.Run,)

_VERBS = {"rm": "deleted", "mv": "moved away", "decompress": "replaced by its decompressed copy"}


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    found = located(instr, ctx)
    if found is None:
        return
    files, sequence, index = found
    step = sequence[index]
    by_effect: dict[Effect, list[tuple[Effect, Fate]]] = {}
    for write, fate in files.fates.items():
        if fate.step is step:
            by_effect.setdefault(fate.effect, []).append((write, fate))
    line = ctx.positions.span(instr).start.line
    for effect in sorted(by_effect, key=lambda e: e.start):
        found = by_effect[effect]
        # Name a file when one is known, else the directory written.
        write, fate = min(found, key=lambda wf: (not wf[0].exact, wf[1].written.effects.index(wf[0])))
        written = fate.written
        kind = written.kind
        at = ctx.positions.span(written.instruction).start.line
        subject = f"`{write.location}`, written by the {kind} on line {at},"
        verb = "overwritten" if fate.overwritten else _VERBS.get(effect.how, "deleted")
        others = len({w.location for w, _ in found if w.location != write.location})
        more = f" (and {others} more path{'s' if others > 1 else ''} written there)" if others else ""
        message = (
            f"{subject}{more} is {verb} by this RUN on line {line}: its bytes stay in line {at}'s "
            f"layer, which the image still ships"
        )
        fix = None
        sources = {id(f.written) for _, f in found}
        if len(sources) == 1 and isinstance(written.instruction, cst.Run):
            edit = merge_runs(ctx, written.instruction, instr)
            fix = Fix.unsafe(edit) if edit is not None else None
        yield Violation(
            message,
            effect.start,
            effect.end,
            fix,
            f"Merge this RUN into the RUN on line {at}" if fix else None,
        )
