"""DF606 relative-copy-dest-without-workdir: COPY or ADD to a relative destination in a
stage where no WORKDIR has set the directory it is relative to.

A WORKDIR of a stage the instruction's stage is built FROM counts (BuildKit carries it
over); so do the ONBUILD triggers of that stage, which run first. For an ONBUILD
trigger, the WORKDIRs of its whole image count, as the trigger runs after them.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.style.relative_workdir import path_kind, static_value, workdirs_before
from dflint.syntax import cst, instructions

ON = (cst.Copy,)  # and Add


def destination_word(instr: cst.Copy) -> cst.Word | cst.ExecArg | None:
    """The node of the destination of a COPY or ADD that BuildKit accepts; None also for
    an exec form that is not valid JSON (``COPY ["a", "b"];``), whose words BuildKit
    takes as they are: the broken array is the problem to report, not its last word."""
    if instructions.copy_sources(instr) is None:
        return None
    if isinstance(instr.arguments, cst.ExecForm):
        return instr.arguments.elements[-1]
    words = instr.arguments
    return None if not words or words[0].value.startswith("[") else words[-1]


def check(instr: cst.Copy, ctx: Context) -> Iterator[Violation]:
    word = destination_word(instr)
    if word is None:
        return
    text = instr.values[-1]
    if path_kind(ctx, instr, text) != "relative" or workdirs_before(ctx, instr):
        return
    dest = static_value(ctx, instr, text)
    yield ctx.violation(
        word,
        f"{instr.keyword.value.upper()} to the relative destination `{dest}` with no WORKDIR set: "
        f"the files land in the base image's working directory (often /), which a new release may "
        f"change; set WORKDIR first or use an absolute path",
    )
