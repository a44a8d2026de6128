"""DF402 unpinned-apk-package: ``apk add`` of a package without a version.

As hadolint DL3018: ``pkg=1.2-r0``, ``pkg~1.2``, ``pkg~=1.2``, ``pkg=~1.2``, ``pkg>=1.2``,
``pkg<1.3`` all constrain the version; ``.apk`` files need no pin. The value of
``--virtual``/``-t`` (a name for the packages added) and of ``--repository``/``-X`` are
not packages. A provider name (``so:libgmp.so.10``, ``cmd:bash``, ``pc:zlib``) selects
whichever package provides it and is not reported. Variables are read as
:mod:`dflint.checks.shell.pinning` says.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.shell.pinning import unpinned, violation
from dflint.model.commands import CommandModel, Package
from dflint.model.shell import ShellWord
from dflint.syntax import cst

ON = (cst.Run,)


def _wanted(model: CommandModel) -> bool:
    return model.tool == "apk" and model.subcommand == "add"


def _provider(model: CommandModel, package: Package, word: ShellWord) -> bool:
    # apk package names have no ':'; "so:", "cmd:", "pc:", "py3.12:" name what a package provides
    return ":" in (package.name or "")


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    for found in unpinned(ctx, instr, _wanted, _provider):
        yield violation(found, lambda p: f"{p.name}=<version>")
