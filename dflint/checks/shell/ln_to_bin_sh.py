"""DF426 ln-to-bin-sh: a RUN that replaces ``/bin/sh`` with a link (``ln -sf
/bin/bash /bin/sh``) to change the shell of later RUNs.

The link ``ln`` makes is read from its operands as ln(1) does: the last operand
(``ln SRC... DEST``), or ``DIR/<basename of SRC>`` with ``-t DIR`` or when DEST is a
directory. It is reported when that is ``/bin/sh`` or ``/usr/bin/sh`` (the same file on
merged-/usr systems). ``/bin/sh`` as the link's target (``ln -s /bin/sh /opt/sh``) or as
an argument of another command is not a replacement and is not reported, unlike
hadolint DL4005, which reports any ``ln`` with a ``/bin/sh`` argument.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.shell.sudo_in_run import commands_of
from dflint.model.commands import CommandModel
from dflint.model.shell import ShellWord, SimpleCommand
from dflint.syntax import cst

ON = (cst.Run,)

SHELLS = frozenset({"/bin/sh", "/usr/bin/sh"})
_BIN_DIRS = frozenset({"/bin", "/usr/bin"})


def _normal(path: str) -> str:
    return "/" + "/".join(p for p in path.split("/") if p not in ("", "."))


def replaced_shell(command: SimpleCommand, model: CommandModel) -> ShellWord | None:
    """The word naming ``/bin/sh`` as the link ``ln`` makes, or None."""
    if model.tool != "ln":
        return None
    words = [command.words[o.index] for o in model.operands if o.index < len(command.words)]
    target_dir = model.option("target-directory")
    if target_dir is not None:
        directory = target_dir.value
        sources = words
        dir_word = command.words[target_dir.value_index] if target_dir.value_index is not None else None
    elif len(words) >= 2:
        dest = words[-1]
        if dest.value is not None and dest.value.startswith("/") and _normal(dest.value) in SHELLS:
            return dest
        if model.has_option("no-target-directory"):
            return None
        directory, sources, dir_word = dest.value, words[:-1], dest
    else:
        return None
    if directory is None or dir_word is None or not directory.startswith("/"):
        return None
    if _normal(directory) not in _BIN_DIRS:
        return None
    for source in sources:
        if source.value is not None and source.value.rstrip("/").rsplit("/", 1)[-1] == "sh":
            return dir_word
    return None


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    for command, model in commands_of(instr, ctx):
        word = replaced_shell(command, model)
        if word is None:
            continue
        yield Violation(
            "`ln` replaces /bin/sh, which every program of the image uses for `system()` and "
            '`#!/bin/sh` scripts: to run RUN instructions with another shell, use SHELL ["/bin/bash", "-c"]',
            word.start,
            word.end,
        )
