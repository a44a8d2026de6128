"""DF420 cd-instead-of-workdir: a RUN that moves its shell with ``cd``.

Reported: a ``cd`` that runs in the RUN's own shell (at top level, or inside ``if``,
loops, ``{ ...; }``). Not reported, unlike hadolint DL3003 (which reports every ``cd``
anywhere in a RUN): a ``cd`` in a child shell: ``( cd /x && make )``, ``$(cd /x &&
pwd)``, ``sh -c 'cd /x && make'``, a function, a script read from a heredoc by ``sh``.
The directory change stays inside; hadolint's own wiki recommends the subshell.

One finding per RUN, at its first such ``cd``. A ``cd`` into a directory the same RUN
removes later (``git clone ... /tmp/src && cd /tmp/src && make install && cd / && rm -rf
/tmp/src``, the docker-library idiom) is reported like hadolint does, but its message
does not suggest WORKDIR, which cannot name a build directory that must not reach the
layer (hadolint issue #422): it suggests the subshell, and there is no fix.

The fix (unsafe) turns ``RUN cd DIR && rest`` into ``WORKDIR DIR`` and ``RUN rest``
when the ``cd`` is the RUN's first command, followed by ``&&`` (only blanks and line
continuations between them), with one operand that is a plain absolute path, a relative
path under a known WORKDIR (made absolute), or ``$VAR``/``${VAR}`` forms that ARG/ENV
resolve to an absolute path; and when nothing later in the RUN goes back (``cd -``,
``$OLDPWD``, ``popd``). WORKDIR also changes the directory of the instructions that
follow, which is why the fix is unsafe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers import in_column, located, modelled
from dflint.fix.edit import Edit, Fix
from dflint.fix.style import keyword_like, line_end
from dflint.model.commands import CommandModel
from dflint.model.files import covers, run_files
from dflint.model.shell import ParsedShell, SimpleCommand
from dflint.syntax import cst

ON = (cst.Run,)

#: Constructs whose commands run in a child shell: a cd there does not move the RUN's.
CHILD_SHELLS = frozenset({"subshell", "substitution", "sh -c", "heredoc", "function"})
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_.,+@%:=/-]+")
_VARIABLE_PATH = re.compile(r"(?:[A-Za-z0-9_.,+@%:=/-]|\$[A-Za-z_]\w*|\$\{[A-Za-z_]\w*\})+")


def _moves_own_shell(command: SimpleCommand) -> bool:
    return not any(c in CHILD_SHELLS for c in command.context) and command.connector not in ("|", "|&")


def _removed_later(ctx: Context, instr: cst.Run, cd: SimpleCommand) -> bool:
    """Whether the RUN removes the directory ``cd`` goes into, after it. A directory
    named by a variable (``cd $SRC`` ... ``rm -rf $SRC``) is matched by its text."""
    run = run_files(ctx.model, instr, None)
    if not run.modelled:
        return False
    at = next((i for i, files in enumerate(run.commands) if files.command is cd), None)
    if at is None:
        return False
    files = run.commands[at]
    operands = [cd.words[o.index] for o in files.model.operands] if files.model else []
    if len(operands) != 1:
        return False
    word = operands[0]
    target = files.location(word)
    if target is not None and target.glob:
        return False
    absolute = word.symbolic.startswith(("/", "$"))
    for later in run.commands[at + 1 :]:
        for effect in later.effects:
            if effect.kind != "remove":
                continue
            if target is not None:
                if effect.location is not None and covers(effect.location, target, effect.recursive):
                    return True
            elif absolute and effect.recursive:
                removed = next((w for w in later.command.words if w.start == effect.start), None)
                if removed is not None and removed.symbolic.rstrip("/") == word.symbolic.rstrip("/"):
                    return True
    return False


def _holder(instr: cst.Run, ctx: Context) -> cst.Instruction:
    """The instruction on the RUN's line: the ONBUILD holding a trigger, else the RUN."""
    stage = ctx.model.stage_of(instr)
    for other in stage.instructions if stage else ():
        if isinstance(other, cst.Onbuild) and other.trigger is instr:
            return other
    return instr


def _path(
    ctx: Context, instr: cst.Run, model: CommandModel, command: SimpleCommand, trigger: bool
) -> str | None:
    """The WORKDIR argument meaning the ``cd``'s directory, or None when there is none
    that is certainly the same."""
    if model.options or len(model.operands) != 1:
        return None
    word = command.words[model.operands[0].index]
    if word.value is not None:
        value = word.value
        if not _PLAIN_PATH.fullmatch(value):
            return None
        if value.startswith("/"):
            return value
        found = located(instr, ctx)
        if found is None:
            return None
        cwd = found[1][found[2]].cwd
        path = cwd.join(value) if cwd is not None and cwd.absolute else None
        return str(path) if path is not None and not path.glob else None
    # $VAR: WORKDIR expands it with the same ARG/ENV the shell sees; a trigger's words
    # are expanded in another build
    plain = word.source in (word.symbolic, f'"{word.symbolic}"')  # no other quoting
    if trigger or not plain or not _VARIABLE_PATH.fullmatch(word.symbolic):
        return None
    expansion = ctx.model.expand(word.symbolic, instr)
    if expansion.value is None or expansion.unset or not expansion.value.startswith("/"):
        return None
    return word.symbolic


def _goes_back(ctx: Context, parsed: ParsedShell) -> bool:
    for command in parsed.commands[1:]:
        if any("OLDPWD" in w.symbolic for w in command.words):
            return True
        model = ctx.model.command(command)
        if model is None:
            continue
        if model.tool in ("popd", "pushd"):
            return True
        if model.tool == "cd" and any(command.words[o.index].value == "-" for o in model.operands):
            return True
    return False


def _fix(
    ctx: Context, instr: cst.Run, parsed: ParsedShell, cd: SimpleCommand, model: CommandModel
) -> Fix | None:
    commands = parsed.commands
    if (
        not isinstance(instr.arguments, cst.ShellForm)
        or commands[0] is not cd
        or cd.context
        or cd.assignments
        or cd.redirects
        or len(commands) < 2
        or commands[1].context
        or commands[1].connector != "&&"
        or _goes_back(ctx, parsed)
    ):
        return None
    escapes = "".join(re.escape(e) for e in {"\\", ctx.df.escape})
    between = ctx.text[cd.end : commands[1].start]
    blank = rf"[ \t]*(?:[{escapes}]\r?\n[ \t]*)*"
    if not re.fullmatch(rf"{blank}&&{blank}", between):
        return None
    holder = _holder(instr, ctx)
    path = _path(ctx, instr, model, cd, holder is not instr)
    if path is None:
        return None
    line_start = ctx.positions.span(holder).start.offset - len(holder.indent)
    newline = line_end(ctx.text, line_start)
    workdir = keyword_like(instr.keyword.value, "WORKDIR")
    if holder is instr:
        line = f"{instr.indent}{workdir} {path}{newline}"
    else:
        line = f"{holder.indent}{holder.keyword.value}{instr.indent}{workdir} {path}{newline}"
    edits = (Edit.insertion(line_start, line), Edit.deletion(cd.start, commands[1].start))
    return Fix.unsafe(*in_column(ctx, holder, *edits))


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    parsed = ctx.model.shell(instr)
    if parsed is None:
        return
    cds = [(c, m) for c, m in modelled(ctx, parsed) if m.tool == "cd" and _moves_own_shell(c)]
    if not cds:
        return
    cd, model = cds[0]
    if _removed_later(ctx, instr, cd):
        # a build directory: WORKDIR would keep it, and leave what follows in a removed one
        yield Violation(
            "`cd` into a directory this RUN removes later, which WORKDIR cannot replace (the "
            "instructions after it would start in the removed directory): keep the `cd` and the "
            "commands that need it in a subshell, `(cd DIR && ...)`, so that this RUN's shell "
            "does not move",
            cd.words[0].start,
            cd.words[-1].end,
        )
        return
    fix = _fix(ctx, instr, parsed, cd, model)
    yield Violation(
        "`cd` in a RUN moves only this RUN's shell: set the directory with WORKDIR, which the "
        "instructions after it (RUN, COPY, CMD, ENTRYPOINT) use too, or keep the `cd` in a "
        "subshell: `(cd DIR && ...)`",
        cd.words[0].start,
        cd.words[-1].end,
        fix,
        "Replace the `cd` with a WORKDIR instruction" if fix else None,
    )
