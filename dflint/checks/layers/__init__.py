"""DF2xx: layers and image size.

Helpers the layer rules share: whether an instruction's layer ships, the commands of a
RUN with their models, and appending a command to a RUN in the file's own style.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dflint.fix.edit import Edit
from dflint.syntax import cst

if TYPE_CHECKING:
    from dflint.checks import Context
    from dflint.model.commands import CommandModel
    from dflint.model.files import Files, Step
    from dflint.model.shell import ParsedShell, SimpleCommand


def ships(instr: cst.Instruction, ctx: Context) -> bool:
    """Whether ``instr``'s layer goes into the image: it belongs to the target stage or to
    a stage the target is built ``FROM`` (a stage only copied from does not ship). An
    ONBUILD trigger ships with the stage it is in."""
    stage = ctx.model.stage_of(instr)
    return stage is not None and stage in ctx.model.base_chain()


def located(instr: cst.Instruction, ctx: Context) -> tuple[Files, tuple[Step, ...], int] | None:
    """The file timelines of the shipped image (:mod:`dflint.model.files`), the timeline
    holding ``instr`` and its index there; None when ``instr`` does not ship or does
    nothing to files."""
    if not ships(instr, ctx):  # before building the timelines, which only shipped layers have
        return None
    from dflint.model.files import timelines

    files = timelines(ctx.model)
    found = files.locate(instr)
    return None if found is None else (files, *found)


def modelled(ctx: Context, parsed: ParsedShell | None) -> Iterator[tuple[SimpleCommand, CommandModel]]:
    """The commands of a parsed RUN that dflint can model, in order."""
    for command in parsed.commands if parsed else ():
        model = ctx.model.command(command)
        if model is not None:
            yield command, model


def appendable(ctx: Context, instr: cst.Run, parsed: ParsedShell) -> bool:
    """Whether a command can be appended to the end of this RUN's script: shell form with
    no heredoc, top-level commands joined by ``&&``/``;``/``||`` only, the last command at
    top level, and nothing (not even a ``# comment``, which would swallow it) after it."""
    form = instr.arguments
    if not isinstance(form, cst.ShellForm) or instr.heredocs or not parsed.commands:
        return False
    top = [c for c in parsed.commands if not c.context]
    last = parsed.commands[-1]
    return bool(
        top
        and all(c.connector in (None, "&&", ";", "||") for c in top)
        and last is top[-1]
        and not ctx.text[
            max([last.end, *(r.end for r in last.redirects)]) : ctx.positions.span(form).end.offset
        ].strip()
    )


def append_command(ctx: Context, instr: cst.Run, parsed: ParsedShell, command: str) -> Edit | None:
    """An edit appending ``&& command`` to the RUN, in the instruction's own continuation
    style: on the same line for a one-line RUN; one more ``&& cmd`` line for ``&&`` at line
    starts; ``cmd && \\`` for ``&&`` at line ends (with the file's escape character, line
    ends and indentation). None when the RUN is not :func:`appendable` or its style is not
    one of those."""
    if not appendable(ctx, instr, parsed):
        return None
    form = instr.arguments
    span = ctx.positions.span(form)
    raw = ctx.text[span.start.offset : span.end.offset]
    escape = ctx.df.escape
    newline = "\r\n" if "\r\n" in ctx.text else "\n"
    lines = raw.split(newline)
    if len(lines) == 1:
        return Edit.insertion(span.end.offset, f" && {command}")
    rest = [line for line in lines[1:] if line.strip()]
    leading = [line for line in rest if line.lstrip().startswith("&&")]
    if leading:  # `&& cmd` at line starts: one more such line
        indent = leading[0][: len(leading[0]) - len(leading[0].lstrip())]
        return Edit.insertion(span.end.offset, f" {escape}{newline}{indent}&& {command}")
    if any(line.rstrip().endswith(f"&& {escape}") for line in lines[:-1]):  # `cmd && \` at line ends
        indent = rest[0][: len(rest[0]) - len(rest[0].lstrip())]
        return Edit.insertion(span.end.offset, f" && {escape}{newline}{indent}{command}")
    if any(line.rstrip().endswith(f"; {escape}") for line in lines[:-1]):  # `cmd; \` at line ends
        indent = rest[0][: len(rest[0]) - len(rest[0].lstrip())]
        return Edit.insertion(span.end.offset, f"; {escape}{newline}{indent}{command}")
    return None
