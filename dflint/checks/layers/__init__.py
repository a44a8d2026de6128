"""DF2xx: layers and image size.

Helpers the layer rules share: whether an instruction's layer ships, the commands of a
RUN with their models, and appending a command to a RUN in the file's own style; and,
for every rule that edits a RUN's script, inserting option words (also inside ``sh -c``
strings) and keeping aligned escapes in their column (:mod:`dflint.fix.style`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dflint.fix.edit import Edit
from dflint.fix.style import Layout, escape_padding, keep_columns, layout, line_end, line_start, quoted
from dflint.model.shell import POSIX_SHELLS
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


def inserted_words(
    ctx: Context, parsed: ParsedShell, command: SimpleCommand, at: int, words: str
) -> str | None:
    """The text that inserts ``words`` (options, one space between them) into ``command``
    after the word ending at file offset ``at``: `` words``. In an ``sh -c`` string the
    words must stay in the string: where ``at`` is outside its quotes the spaces are
    escaped (``sh -c apt-get\\ install\\ -y``), so the string stays one argument of
    ``sh``. None after a backslash, and for an ``sh -c`` string inside another whose
    quotes do not hold ``at`` (or are escaped)."""
    depth = command.context.count("sh -c")
    if not depth:
        return f" {words}"
    strings = [
        w
        for c in parsed.commands
        if c.context.count("sh -c") < depth
        for w in c.words
        if w.start < at <= w.end
    ]
    if len(strings) != depth or ctx.text[at - 1 : at] == "\\":
        return None
    if all(quoted(ctx.text, w.start, at) for w in strings):
        return f" {words}"
    return "\\ " + words.replace(" ", "\\ ") if depth == 1 else None


def in_column(ctx: Context, instr: cst.Instruction, *edits: Edit) -> tuple[Edit, ...]:
    """``edits`` of ``instr``, with the edits that keep its aligned escapes in their
    column (:func:`keep_columns`)."""
    return keep_columns(ctx.text, ctx.df.escape, *edits, since=ctx.positions.span(instr).start.offset)


def insert_words(
    ctx: Context, instr: cst.Run, parsed: ParsedShell, command: SimpleCommand, at: int, words: str
) -> tuple[Edit, ...] | None:
    """The edits inserting ``words`` into ``command`` after the word ending at ``at``
    (:func:`inserted_words`), the escapes kept in their column; None where they cannot
    be inserted."""
    inserted = inserted_words(ctx, parsed, command, at, words)
    return None if inserted is None else in_column(ctx, instr, Edit.insertion(at, inserted))


def run_layout(ctx: Context, run: cst.Run) -> Layout:
    """How a shell-form RUN's script is laid out over its lines (:func:`layout`)."""
    end = ctx.positions.span(run.arguments).end.offset
    start = line_start(ctx.text, ctx.positions.span(run).start.offset)
    return layout([line.rstrip("\r") for line in ctx.text[start:end].split("\n")], ctx.df.escape)


def file_layout(ctx: Context) -> Layout:
    """The layout of the file's first RUN that continues a script on another line (its
    escapes not aligned); else ``&&`` at line ends and the indentation of the file's
    continued lines (a tab when they start with one), else four spaces."""
    tab = False
    for instr in ctx.df.instructions:
        run = instr.trigger if isinstance(instr, cst.Onbuild) else instr
        if isinstance(run, cst.Run) and isinstance(run.arguments, cst.ShellForm) and run.continuations:
            found = run_layout(ctx, run)
            if found.indent is not None:
                return Layout(found.leading, found.indent, None, found.breaks)
            span = ctx.positions.span(run)
            lines = ctx.text[line_start(ctx.text, span.start.offset) : span.end.offset].split("\n")
            tab = tab or any(line.startswith("\t") for line in lines[1:])
    return Layout(False, "\t" if tab else "    ", None, "&&")


_ERREXIT_LETTERS = re.compile(r"[-+][A-Za-z]*e[A-Za-z]*")


def exits_on_error(ctx: Context, instr: cst.Run, parsed: ParsedShell) -> bool:
    """Whether the RUN's shell stops at its first failing command, so that ``a; b``
    fails when ``a`` does: its SHELL has ``-e``, or the script turns it on (``set -e``,
    ``set -eux``, ``set -o errexit``) at its top level and does not turn it off."""
    shell = ctx.model.shell_of(instr)
    on = shell[0].rsplit("/", 1)[-1] in POSIX_SHELLS and any(
        _ERREXIT_LETTERS.fullmatch(w) and w[0] == "-" for w in shell[1:]
    )
    for command in parsed.commands:
        if command.context or command.name != "set":
            continue
        words = command.argv[1:]
        for before, word in zip([None, *words], words, strict=False):
            if word is not None and _ERREXIT_LETTERS.fullmatch(word):
                on = word[0] == "-"
            elif word == "errexit" and before in ("-o", "+o"):
                on = before == "-o"
    return on


def append_command(ctx: Context, instr: cst.Run, parsed: ParsedShell, command: str) -> Edit | None:
    """An edit appending ``command`` to the RUN in the script's own layout
    (:func:`run_layout`): `` && command`` on the same line for a one-line script; else on
    a line of its own, with ``&&`` at its start or at the end of the line before as the
    script has it (``;`` for ``;`` chains in a script that stops at the first error, where
    ``;`` cannot hide a failure), the indentation of the lines that start a command, the
    escape aligned with the others, the file's escape character and line end. A script
    whose continued lines start no command (a package list) takes the layout of the
    file's other RUNs. None when the RUN is not :func:`appendable`."""
    if not appendable(ctx, instr, parsed):
        return None
    span = ctx.positions.span(instr.arguments)
    end = span.end.offset
    if "\n" not in ctx.text[span.start.offset : end]:
        return Edit.insertion(end, f" && {command}")
    own = run_layout(ctx, instr)
    style = own if own.indent is not None else file_layout(ctx)
    escape = ctx.df.escape
    newline = line_end(ctx.text, end)
    last = ctx.text[line_start(ctx.text, end) : end]
    if style.leading:
        pad = escape_padding(last, own.column)
        return Edit.insertion(end, f"{pad}{escape}{newline}{style.indent}&& {command}")
    joint = ";" if style.breaks == ";" and exits_on_error(ctx, instr, parsed) else " &&"
    pad = escape_padding(last + joint, own.column)
    return Edit.insertion(end, f"{joint}{pad}{escape}{newline}{style.indent}{command}")
