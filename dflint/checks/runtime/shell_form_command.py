"""DF301 shell-form-command: CMD or ENTRYPOINT in shell form, so the process is not PID 1.

Not reported when a SHELL instruction (or a Windows base) makes shell form deliberate,
for a CMD that is only arguments to an ENTRYPOINT of the stage (DF305 and DF306 cover
those), for exec form written with broken JSON (DF302), or when the command already
``exec``s its last step. A HEALTHCHECK CMD in shell form is reported (as hadolint does)
only when it is plain words: one that needs the shell (`|| exit 1`, variables) is just
what its exec-form equivalent ``["/bin/sh", "-c", ...]`` would run.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers import in_column
from dflint.checks.runtime import broken_exec_form, exec_array, plain_words
from dflint.fix.edit import Edit, Fix
from dflint.model.shell import DEFAULT_SHELL
from dflint.syntax import cst

ON = (cst.Cmd, cst.Entrypoint, cst.Healthcheck)
_SCRIPT_SUFFIXES = (".sh", ".bash")
ONBUILD = False  # a trigger's CMD belongs to another build


def _has_entrypoint(instr: cst.Instruction, ctx: Context) -> bool:
    stage = ctx.model.stage_of(instr)
    return stage is not None and any(isinstance(i, cst.Entrypoint) for i in stage.instructions)


def _healthcheck(form: cst.ShellForm, ctx: Context) -> Iterator[Violation]:
    words = plain_words(form.command)
    if words is None:
        return  # needs the shell: the exec form would be `["/bin/sh", "-c", ...]`, the same thing
    span = ctx.positions.span(form)
    edit = Edit(span.start.offset, span.end.offset, exec_array(words))
    fix = Fix.unsafe(edit) if words[0].endswith(_SCRIPT_SUFFIXES) else Fix.safe(edit)
    message = (
        "HEALTHCHECK CMD in shell form starts `/bin/sh -c` for every check, and fails in an image "
        "without a shell: the command is plain words and needs no shell"
    )
    yield ctx.violation(form, message, fix, "Use the exec form")


def check(instr: cst.Cmd | cst.Entrypoint | cst.Healthcheck, ctx: Context) -> Iterator[Violation]:
    form = instr.arguments
    if not isinstance(form, cst.ShellForm) or ctx.model.shell_of(instr) != DEFAULT_SHELL:
        return
    if isinstance(instr, cst.Healthcheck):
        if not broken_exec_form(form.command)[0]:
            yield from _healthcheck(form, ctx)
        return
    if isinstance(instr, cst.Cmd) and _has_entrypoint(instr, ctx):
        return
    if broken_exec_form(form.command)[0]:
        return  # meant as exec form: DF302
    parsed = ctx.model.shell(instr)
    commands = parsed.commands if parsed else ()
    last = commands[-1] if commands else None
    if last is not None and last.name == "exec" and not last.context:
        return
    name = instr.keyword.value.upper()
    message = (
        f"{name} in shell form runs under `/bin/sh -c`, which becomes PID 1 and does not pass "
        f"on SIGTERM: `docker stop` waits 10 s and then kills the process"
    )
    span = ctx.positions.span(form)
    words = plain_words(form.command)
    if words is not None:
        edit = Edit(span.start.offset, span.end.offset, exec_array(words))
        # An exec-form ENTRYPOINT takes the CMD and `docker run` arguments as its own;
        # in shell form it ignored them: unsafe. A CMD is replaced by them either way. A
        # shell script without a `#!` line runs under `sh -c` (the shell reads it) but not
        # in exec form ("exec format error"): unsafe for a program named like a script.
        script = words[0].endswith(_SCRIPT_SUFFIXES)
        fix = Fix.unsafe(edit) if isinstance(instr, cst.Entrypoint) or script else Fix.safe(edit)
        yield ctx.violation(form, message, fix, "Use the exec form")
        return
    # Needs the shell: let the shell replace itself with the last command.
    simple_list = (
        parsed is not None
        and not parsed.errors
        and all(not c.context and c.connector in (None, "&&", ";") and c.words for c in commands)
    )
    if simple_list and last is not None and last.name not in ("wait", "exit", "cd", "export"):
        fix = Fix.unsafe(*in_column(ctx, instr, Edit.insertion(last.words[0].start, "exec ")))
        yield ctx.violation(
            form, message, fix, f"Run the last command with `exec`: `exec {last.words[0].source}`"
        )
        return
    yield ctx.violation(form, message)
