"""DF306 shell-form-cmd-with-exec-entrypoint: the exec-form ENTRYPOINT gets
``/bin/sh -c '...'`` as its arguments instead of the command."""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.runtime import broken_exec_form, exec_array, plain_words
from dflint.fix.edit import Edit, Fix
from dflint.model.shell import DEFAULT_SHELL
from dflint.syntax import cst

ON = (cst.Cmd,)
ONBUILD = False


def check(instr: cst.Cmd, ctx: Context) -> Iterator[Violation]:
    form = instr.arguments
    if not isinstance(form, cst.ShellForm) or broken_exec_form(form.command)[0]:
        return  # (broken exec form is DF302's)
    stage = ctx.model.stage_of(instr)
    if stage is None:
        return
    entrypoints = [i for i in stage.instructions if isinstance(i, cst.Entrypoint)]
    if not entrypoints or not isinstance(entrypoints[-1].arguments, cst.ExecForm):
        return
    shell = " ".join(ctx.model.shell_of(instr))
    program = entrypoints[-1].arguments.argv[0] if entrypoints[-1].arguments.elements else "the ENTRYPOINT"
    message = (
        f"A shell-form CMD after an exec-form ENTRYPOINT is passed to it as `{shell} '{form.command}'`: "
        f"`{program}` gets `{shell.split()[0]}` as its first argument"
    )
    words = plain_words(form.command) if ctx.model.shell_of(instr) == DEFAULT_SHELL else None
    if words is None:
        yield ctx.violation(form, message)
        return
    span = ctx.positions.span(form)
    fix = Fix.safe(Edit(span.start.offset, span.end.offset, exec_array(words)))
    yield ctx.violation(form, message, fix, "Use the exec form for CMD")
