"""DF425 wget-and-curl: an image that downloads with both ``wget`` and ``curl``.

An image is a stage and the stages it is built ``FROM`` (a stage's image holds its
parents' layers); another stage is another image, as in hadolint DL4001, which resets
at every FROM. The tool the image uses first, in build order, is the one it keeps;
each use of the other one is reported, at the command word. An ONBUILD trigger runs
in an image built on this one: it is compared with the RUNs of the whole image and the
triggers before it.

Commands are found by their modelled tool (``sudo curl``, ``sh -c 'wget ...'`` and
exec-form RUNs count); ``apt-get install curl wget`` or ``command -v curl`` does not
download anything.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.shell.sudo_in_run import commands_of
from dflint.model.shell import ShellWord
from dflint.syntax import cst

ON = (cst.Run,)

TOOLS = frozenset({"curl", "wget"})


def _downloads(instr: cst.Run, ctx: Context) -> list[tuple[str, ShellWord]]:
    return [
        (model.tool, command.words[model.tool_index])
        for command, model in commands_of(instr, ctx)
        if model.tool in TOOLS
    ]


def _earlier_runs(instr: cst.Run, ctx: Context) -> list[cst.Run]:
    """The RUNs whose layers the image holding ``instr`` has before it, in build order."""
    stage = ctx.model.stage_of(instr)
    if stage is None:
        return []
    runs: list[cst.Run] = []
    for current in reversed(ctx.model.base_chain(stage)):
        for other in current.instructions:
            if other is instr:
                return runs
            if isinstance(other, cst.Run):
                runs.append(other)
    # an ONBUILD trigger: after the whole image, and the triggers before it
    for other in stage.instructions:
        if isinstance(other, cst.Onbuild) and isinstance(other.trigger, cst.Run):
            if other.trigger is instr:
                break
            runs.append(other.trigger)
    return runs


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    here = _downloads(instr, ctx)
    if not here:
        return
    first = next((found[0] for run in _earlier_runs(instr, ctx) if (found := _downloads(run, ctx))), here[0])
    kept, kept_word = first
    line = ctx.positions.position(kept_word.start).line
    for tool, word in here:
        if tool == kept:
            continue
        yield Violation(
            f"`{tool}` downloads here, but this image already uses `{kept}` (line {line}): use one "
            f"of them for every download, so the image needs one tool, not both",
            word.start,
            word.end,
        )
