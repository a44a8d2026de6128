"""DF624 empty-continuation-line: an empty line inside an instruction continued with the
escape character (BuildKit's NoEmptyContinuation).

BuildKit skips such lines, and comment lines, and joins the instruction across them; it
warns about empty ones only, which "will become errors in a future release". One
finding per instruction (as BuildKit gives one warning), at the first empty line; the
fix deletes every empty line of the continuation, which BuildKit skipped anyway.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.fix.edit import Edit, Fix


def check(ctx: Context) -> Iterator[Violation]:
    for instr in ctx.df.instructions:  # an ONBUILD's text includes its trigger's
        empty = [line for c in instr.continuations for line in c.skipped if line.kind == "empty"]
        if not empty:
            continue
        base = ctx.positions.full_span(instr).start.offset + sum(
            len(line.code) for line in instr.leading_lines
        )
        first = empty[0]
        content = ctx.text[base + first.start : base + first.end].rstrip("\r\n")
        count = f"{len(empty)} empty lines" if len(empty) > 1 else "an empty line"
        yield Violation(
            f"This {instr.keyword.value} continues over {count}: BuildKit skips empty continuation "
            "lines today and will reject them in a future release",
            base + first.start,
            base + first.start + len(content),
            Fix.safe(*(Edit.deletion(base + line.start, base + line.end) for line in empty)),
            "Delete the empty continuation lines" if len(empty) > 1 else "Delete the empty continuation line",
        )
