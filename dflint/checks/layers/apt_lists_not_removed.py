"""DF201 apt-lists-not-removed: a RUN downloads the apt package lists (``apt-get
update``) and leaves them in its layer.

Only layers that ship are checked: the target stage and the stages it is built FROM
(a stage only copied from does not ship its layers). Not reported when the RUN removes
``/var/lib/apt/lists`` after the update, or mounts a cache or tmpfs over the lists
(``/var/lib/apt/lists``, or both ``/var/lib/apt`` and ``/var/cache/apt``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.fix.edit import Edit, Fix
from dflint.syntax import cst

ON = (cst.Run,)

_APT = frozenset({"apt-get", "apt", "aptitude"})
_LISTS = re.compile(r"^/var/lib/apt(/lists)?(/\*?)?$")
CLEANUP = "rm -rf /var/lib/apt/lists/*"


def _mounted(instr: cst.Run) -> bool:
    from dflint.model.stages import cache_mount_targets

    targets = cache_mount_targets(instr)
    return "/var/lib/apt/lists" in targets or {"/var/lib/apt", "/var/cache/apt"} <= targets


def _append(ctx: Context, form: cst.ShellForm) -> Edit | None:
    """`&& rm -rf ...` after the command, in the instruction's own continuation style."""
    span = ctx.positions.span(form)
    raw = ctx.text[span.start.offset : span.end.offset]
    escape = ctx.df.escape
    newline = "\r\n" if "\r\n" in ctx.text else "\n"
    lines = raw.split(newline)
    if len(lines) == 1:
        return Edit.insertion(span.end.offset, f" && {CLEANUP}")
    rest = [line for line in lines[1:] if line.strip()]
    leading = [line for line in rest if line.lstrip().startswith("&&")]
    if leading:  # `&& cmd` at line starts: one more such line
        indent = leading[0][: len(leading[0]) - len(leading[0].lstrip())]
        return Edit.insertion(span.end.offset, f" {escape}{newline}{indent}&& {CLEANUP}")
    if any(line.rstrip().endswith(f"&& {escape}") for line in lines[:-1]):  # `cmd && \` at line ends
        indent = rest[0][: len(rest[0]) - len(rest[0].lstrip())]
        return Edit.insertion(span.end.offset, f" && {escape}{newline}{indent}{CLEANUP}")
    return None


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    stage = ctx.model.stage_of(instr)
    if stage is None or stage not in ctx.model.base_chain() or _mounted(instr):
        return
    parsed = ctx.model.shell(instr)
    if parsed is None:
        return
    update = None
    for command in parsed.commands:
        model = ctx.model.command(command)
        if model is None:
            continue
        if model.tool in _APT and model.subcommand == "update":
            update = update or command
        elif (
            update is not None
            and model.tool == "rm"
            and any(_LISTS.match(o.text or "") for o in model.operands)
        ):
            return
    if update is None:
        return
    form = instr.arguments
    fix = None
    top = [c for c in parsed.commands if not c.context]
    last = parsed.commands[-1]
    simple = (
        top
        and all(c.connector in (None, "&&", ";", "||") for c in top)
        and last is top[-1]  # not inside an if/for/subshell
        and isinstance(form, cst.ShellForm)
        # nothing after the last command (a trailing `# comment` would swallow the append)
        and not ctx.text[last.end : ctx.positions.span(form).end.offset].strip()
    )
    if simple and not instr.heredocs:
        edit = _append(ctx, form)
        fix = Fix.safe(edit) if edit else None
    yield Violation(
        f"`{update.name} update` leaves the package lists (/var/lib/apt/lists, often 20-50 MB) in "
        f"this layer: remove them in the same RUN",
        update.words[0].start,
        update.words[-1].end,
        fix,
        f"Append `&& {CLEANUP}`" if fix else None,
    )
