"""DF303 exec-form-one-string: an exec form whose program is a whole command line.

``CMD ["python app.py"]`` asks the kernel to run a file called ``python app.py``: exec
form does no word splitting. The container fails to start with "no such file or
directory".
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.runtime import (
    COMMAND_INSTRUCTIONS,
    display_name,
    exec_array,
    failure,
    needs_shell,
    plain_words,
)
from dflint.fix.edit import Edit, Fix
from dflint.model.stages import WINDOWS_SHELL
from dflint.syntax import cst

ON = COMMAND_INSTRUCTIONS


def _path_with_space(program: str) -> bool:
    """``/opt/my app/run``: an absolute path whose directory names contain a space."""
    head, _, rest = program.partition(" ")
    return head.startswith("/") and "/" in rest and not rest.startswith(("/", "-")) and " " not in rest


def check(instr: cst.Instruction, ctx: Context) -> Iterator[Violation]:
    form = instr.arguments
    if not isinstance(form, cst.ExecForm) or not form.elements:
        return
    if ctx.model.shell_of(instr) == WINDOWS_SHELL:
        return  # Windows passes exec form to CreateProcess as one command line
    argv = form.argv
    program = argv[0]
    # the blanks sh splits words at (IFS): a vertical tab or a no-break space is part of a word
    if not any(c in " \t\n" for c in program.strip(" \t\n")) or _path_with_space(program):
        return
    # the runtime's own words: a name is looked up in PATH, a path is opened as given
    error = "no such file or directory" if "/" in program.split()[0] else "executable file not found in $PATH"
    message = (
        f"{display_name(instr)} runs a program named `{program}`: exec form does not split words, "
        f'so it fails with "{error}" and {failure(instr)}'
    )
    first = form.elements[0]
    span = ctx.positions.span(first)
    words = plain_words(program)
    if words is not None:
        fix = Fix.safe(Edit(span.start.offset, span.end.offset, exec_array(words)[1:-1]))
        title = "Split it into separate arguments"
    elif needs_shell(program):
        shell = exec_array(["/bin/sh", "-c", program])[1:-1]
        fix = Fix.unsafe(Edit(span.start.offset, span.end.offset, shell))
        title = "Run it with `/bin/sh -c`"
    else:  # unbalanced quotes: no telling what was meant
        yield ctx.violation(first, message)
        return
    yield ctx.violation(first, message, fix, title)
