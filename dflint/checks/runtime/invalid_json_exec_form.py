"""DF302 invalid-json-exec-form: an exec form that is not valid JSON.

BuildKit reads ``CMD [...]`` as exec form only when the brackets hold a valid JSON
array of strings; anything else (single quotes, a trailing comma) is silently run as a
shell command whose first word is ``['sleep``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.runtime import COMMAND_INSTRUCTIONS, broken_exec_form, display_name, exec_array, failure
from dflint.fix.edit import Edit, Fix
from dflint.syntax import cst

ON = COMMAND_INSTRUCTIONS


def _why(text: str) -> str:
    if re.search(r"\]\s*#", text):
        return "a `#` comment after it is part of the instruction"
    if "'" in text and '"' not in text:
        return "JSON strings need double quotes"
    if text.rstrip()[:-1].rstrip().endswith(","):
        return "JSON has no trailing comma"
    return "it is not a JSON array of strings"


def check(instr: cst.Instruction, ctx: Context) -> Iterator[Violation]:
    form = instr.arguments
    if not isinstance(form, cst.ShellForm):
        return
    text = form.command.strip()
    meant, argv = broken_exec_form(text)
    if not meant:
        return
    first = text.split()[0]
    message = (
        f"{display_name(instr)} looks like exec form but {_why(text)}: BuildKit runs it as a shell "
        f"command whose first word is `{first}`, so {failure(instr)}"
    )
    fix = None
    if argv:
        span = ctx.positions.span(form)
        fix = Fix.safe(Edit(span.start.offset, span.end.offset, exec_array(argv)))
    yield ctx.violation(form, message, fix, "Write it as a JSON array" if fix else None)
