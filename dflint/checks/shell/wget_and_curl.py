"""DF425 wget-and-curl: an image that downloads with both ``wget`` and ``curl``.

An image is a stage and the stages it is built ``FROM`` (a stage's image holds its
parents' layers); another stage is another image (hadolint DL4001 resets at every
FROM, even ``FROM <earlier stage>``, whose layers the stage holds). Like hadolint, once
the image has used one tool, every use of the other one is reported, at the command
word, and so is each later use of the first one (hadolint reports every RUN using
either tool once both were seen). An ONBUILD trigger runs in an image built on this
one: it is compared with the RUNs of the whole image and the triggers before it.

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
    #: each tool's first use in the image, in build order, before the current command
    first: dict[str, ShellWord] = {}
    for run in _earlier_runs(instr, ctx):
        for tool, word in _downloads(run, ctx):
            first.setdefault(tool, word)
    for tool, word in here:
        other = next((t for t in TOOLS if t != tool), tool)
        if other in first:
            line = ctx.positions.position(first[other].start).line
            yield Violation(
                f"`{tool}` downloads here, but this image already uses `{other}` (line {line}): use "
                f"one of them for every download, so the image needs one tool, not both",
                word.start,
                word.end,
            )
        first.setdefault(tool, word)
