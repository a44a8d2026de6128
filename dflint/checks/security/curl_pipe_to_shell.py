"""DF503 curl-pipe-to-shell: a script downloaded by curl or wget runs without being
verified.

Reported when the download goes straight into a program that runs it: piped into a
shell or interpreter reading its script from standard input (``curl URL | sh``,
``wget -O- URL | sudo bash -s --``, ``curl URL | tee log | python3 -``), or substituted
as the code or the script file it runs (``sh -c "$(curl URL)"``, ``bash <(curl URL)``,
``eval "$(wget -qO- URL)"``, ``source <(curl URL)``). A download written to a file is
not: it can be checked before it runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dflint.checks import Context, Violation
from dflint.checks.security.downloads import DOWNLOADERS, script_source, writes_to_stdout
from dflint.model.shell import SimpleCommand
from dflint.syntax import cst

ON = (cst.Run, cst.Cmd, cst.Entrypoint)

_PIPES = ("|", "|&")


def _piped_into(ctx: Context, commands: Sequence[SimpleCommand], i: int) -> SimpleCommand | None:
    """The command of the same pipeline after ``commands[i]`` that runs its input."""
    context = commands[i].context
    for command in commands[i + 1 :]:
        if command.context != context:
            if command.context[: len(context)] == context:
                continue  # inside a word of a command of the pipeline (`$(...)`)
            return None
        if command.connector not in _PIPES:
            return None
        model = ctx.model.command(command)
        source = script_source(model) if model is not None else None
        if source is not None and source.kind == "stdin":
            return command
    return None


def _substituted_into(ctx: Context, commands: Sequence[SimpleCommand], i: int) -> SimpleCommand | None:
    """The command that runs the output of ``commands[i]``, a ``$(...)`` or ``<(...)`` in
    its code or script word (or in any word of ``eval``)."""
    inner = commands[i]
    if not inner.context or inner.context[-1] != "substitution":
        return None
    outer = next(
        (
            c
            for c in reversed(commands[:i])
            if c.context == inner.context[:-1] and c.start <= inner.start and inner.end <= c.end
        ),
        None,
    )
    if outer is None:
        return None
    index = next(
        (k for k, w in enumerate(outer.words) if w.start <= inner.start and inner.end <= w.end), None
    )
    model = ctx.model.command(outer)
    if index is None or model is None:
        return None
    if model.tool == "eval" and index > model.tool_index:
        return outer
    source = script_source(model)
    if source is not None and source.kind in ("inline", "file") and source.index == index:
        return outer
    return None


def check(instr: cst.Run | cst.Cmd | cst.Entrypoint, ctx: Context) -> Iterator[Violation]:
    parsed = ctx.model.shell(instr)
    if parsed is None:
        return
    commands = parsed.commands
    for i, command in enumerate(commands):
        model = ctx.model.command(command)
        if model is None or model.tool not in DOWNLOADERS or not writes_to_stdout(command, model):
            continue
        runner = _piped_into(ctx, commands, i)
        how = "pipes a script from the network into"
        if runner is None:
            runner = _substituted_into(ctx, commands, i)
            how = "fetches a script from the network for"
        if runner is None:
            continue
        runner_model = ctx.model.command(runner)
        name = runner_model.tool if runner_model is not None else runner.name
        yield Violation(
            f"`{model.tool}` {how} `{name}`, which runs it unverified: whatever the server (or "
            f"anyone on the way) sends runs in the build; download it to a file, check its "
            f"checksum or signature, then run it",
            min(command.words[0].start, runner.words[0].start),
            max(command.words[-1].end, runner.words[-1].end),
        )
