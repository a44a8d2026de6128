"""DF223 consecutive-run-instructions: a RUN right after another RUN of one command each,
with the same flags, that could be one layer.

As hadolint's DL3059: only comment and blank lines between (any instruction between
ends the pair, even one that leaves the RUNs' environment alone, such as LABEL or
EXPOSE: merging would mean moving it, and hadolint does not pair them either); the
same flags (two RUNs
with different ``--mount``, ``--network`` or ``--security`` cannot be one); and each
RUN a single command, counted as hadolint counts (``command_count``): a RUN that
already chains commands (``a && b``, ``a; b``) was most likely split from its
neighbour on purpose, to cache the two separately. Every
stage is checked, builders too: their layers are snapshotted, cached and exported to
build caches like any other. Two ONBUILD RUN triggers in a row are consecutive RUNs of
the build that uses the image; a RUN and an ONBUILD RUN are not.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers.run_merge import merge_edit, neighbour, same_flags, slot
from dflint.fix.edit import Fix
from dflint.model.shell import _OffsetMap, parse_script
from dflint.syntax import cst

ON = (cst.Run,)


def command_count(ctx: Context, run: cst.Run) -> int:
    """How many commands the RUN runs, counted as hadolint counts them: every simple
    command with a literal name, those in ``$(...)`` included; a ``[ ]`` test or a bare
    assignment is none, and the script a command is given to run (``bash -c '...'``,
    ``bash <<EOF``) is that one command's argument. An exec form is read as its words
    joined, a script for another shell (PowerShell) as if it were sh, and one that sh
    cannot read counts as no command (ShellCheck, in hadolint, then finds none)."""
    parsed = ctx.model.shell(run)
    if parsed is None or isinstance(run.arguments, cst.ExecForm):
        text = (
            " ".join(run.arguments.argv)
            if isinstance(run.arguments, cst.ExecForm)
            else getattr(run.arguments, "command", "")
        )
        parsed = parse_script(text, _OffsetMap())
    if parsed.errors:
        return 0
    nested = {"sh -c", "heredoc"}
    return sum(c.name is not None and nested.isdisjoint(c.context) for c in parsed.commands)


def check(run: cst.Run, ctx: Context) -> Iterator[Violation]:
    here = slot(ctx, run)
    if here is None:
        return
    before = neighbour(ctx, here, -1)
    if before is None or not same_flags(before.run, run):
        return
    if command_count(ctx, run) > 1 or command_count(ctx, before.run) > 1:
        return
    edit = merge_edit(ctx, before, here)
    line = ctx.positions.span(before.holder).start.line
    span = ctx.positions.span(run)
    kind = "ONBUILD RUN" if here.onbuild else "RUN"
    yield Violation(
        f"{kind} right after the {kind} at line {line}: each is a layer to build, store and pull; "
        f"join the two with `&&`",
        span.start.offset,
        span.end.offset,
        Fix.unsafe(edit) if edit is not None else None,
        f"Merge into the {kind} at line {line}" if edit is not None else None,
    )
