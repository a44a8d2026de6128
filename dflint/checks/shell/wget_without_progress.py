"""DF424 wget-without-progress: ``wget`` printing its default progress into the build log.

Without a terminal, GNU wget prints a line of dots for every 50 KB it downloads: a
100 MB archive is 2000 lines of build log. Not reported when wget chooses its output:
``--progress=...``, ``-q``/``--quiet``, ``-nv``/``--no-verbose``, a log file
(``-o``/``--output-file``, ``-a``/``--append-output``) (hadolint DL3047's list), and, as
dflint adds, ``-b``/``--background`` (output to ``wget-log``), ``--spider`` (nothing is
downloaded) and a command whose standard error is redirected to a file.

The fix inserts ``--progress=dot:giga`` after ``wget``; it is not offered where ``wget``
is BusyBox's (Alpine and BusyBox images, ``busybox wget``) or wget2 (Fedora), which
reject the option, unless the stage installs GNU wget before.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers import insert_words, modelled
from dflint.checks.shell.base_tools import BUSYBOX, FEDORA, NONE, installs, userland
from dflint.fix.edit import Fix
from dflint.model.shell import SimpleCommand
from dflint.syntax import cst

ON = (cst.Run,)

PROGRESS = "--progress=dot:giga"
#: options that choose where wget's messages go, or that it prints no progress
_CHOSEN = ("progress", "quiet", "no-verbose", "output-file", "append-output", "background", "spider")


def stderr_redirected(command: SimpleCommand) -> bool:
    """Whether the command's standard error goes to a file (``2>/dev/null``,
    ``>log 2>&1``), following the redirections in order. bash's ``&>file`` is not
    counted: ``sh`` reads it as ``&`` then ``>file``."""
    fds = {"0": "inherited", "1": "inherited", "2": "inherited"}
    for redirect in command.redirects:
        target = redirect.target.value if redirect.target is not None else None
        descriptor = redirect.descriptor or "1"
        if redirect.operator == ">&" and target in fds:
            fds[descriptor] = fds[target]
        elif redirect.operator in (">", ">>", ">|"):
            fds[descriptor] = "file"
    return fds["2"] == "file"


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    parsed = ctx.model.shell(instr)
    stage = ctx.model.stage_of(instr)
    for command, model in modelled(ctx, parsed):
        if model.tool != "wget" or model.has_option(*_CHOSEN) or stderr_redirected(command):
            continue
        tool = command.words[model.tool_index]
        family = userland(ctx, stage) if stage is not None else NONE
        # Alpine's wget package is GNU wget; Fedora's is wget2.
        busybox = model.wrapped_by("busybox") or (
            family == BUSYBOX and not installs(ctx, instr, frozenset({"wget"}), command)
        )
        fix = None
        if busybox:
            message = (
                "`wget` without `-q` prints its progress meter into the build log: use `-q` "
                "(BusyBox's wget has no `--progress`)"
            )
        elif family == FEDORA:
            message = (
                "`wget` without `--progress` or `-nv` prints its progress into the build log: use "
                "`-nv` (Fedora's wget is wget2, which rejects `--progress=dot:giga`)"
            )
        else:
            message = (
                "`wget` without `--progress` prints a line of dots for every 50 KB it downloads "
                "into the build log: use `--progress=dot:giga`, or `-nv`"
            )
            edits = insert_words(ctx, instr, parsed, command, tool.end, PROGRESS) if parsed else None
            if family != NONE and edits:
                fix = Fix.safe(*edits)
        yield Violation(
            message,
            tool.start,
            command.words[-1].end,
            fix,
            f"Insert `{PROGRESS}` after `wget`" if fix else None,
        )
