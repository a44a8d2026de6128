"""DF421 sudo-in-run: a RUN command run through ``sudo``.

Every command of the RUN is looked at, nested ones included (``sh -c '...'``,
subshells, heredoc scripts), and so is an exec-form RUN (``RUN ["sudo", ...]``), whose
argv is one command. ``sudo`` is found as the command or as a wrapper of it (``env
sudo x``); a package named sudo (``apt-get install sudo``) is not a command.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.model.commands import CommandModel
from dflint.model.shell import ShellWord, SimpleCommand
from dflint.syntax import cst

ON = (cst.Run,)


def commands_of(instr: cst.Run, ctx: Context) -> Iterator[tuple[SimpleCommand, CommandModel]]:
    """The modelled commands a RUN runs: those of its parsed shell script, or, for an
    exec-form RUN that is not ``["sh", "-c", ...]``, its argv as one command (with the
    JSON strings' spans)."""
    parsed = ctx.model.shell(instr)
    commands: tuple[SimpleCommand, ...] = ()
    if parsed is not None:
        commands = parsed.commands
    elif isinstance(instr.arguments, cst.ExecForm) and instr.arguments.elements:
        words = []
        for element in instr.arguments.elements:
            start = ctx.positions.full_span(element).start.offset + len(element.whitespace_before)
            end = start + len(element.raw)
            words.append(ShellWord(element.raw, element.value, element.value, start, end))
        commands = (SimpleCommand(tuple(words), (), (), None, (), words[0].start, words[-1].end),)
    for command in commands:
        model = ctx.model.command(command)
        if model is not None:
            yield command, model


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    for command, model in commands_of(instr, ctx):
        runs = [model, *model.wrappers]
        sudo = next((m for m in runs if m.tool == "sudo"), None)
        if sudo is None:
            continue
        word = command.words[sudo.tool_index]
        yield Violation(
            "`sudo` in a build step: RUN already runs as the USER in effect (root unless USER "
            "changed it), and sudo's TTY and signal handling are unpredictable; use `USER root` "
            "for the steps that need root, and gosu or su-exec to drop privileges at run time",
            word.start,
            word.end,
        )
