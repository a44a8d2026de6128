"""DF401 unpinned-apt-package: ``apt-get install`` of a package without ``=version``.

As hadolint DL3008: a package is pinned by ``pkg=version`` (a glob such as ``1.2.*``
too) or by a target release (``pkg/bookworm-backports``); ``.deb`` files and paths need
no pin. ``apt`` and ``aptitude`` are checked like ``apt-get``. A word written with a
trailing ``-`` (``apt-get install foo-``) asks apt to remove the package, one with a
trailing ``^`` (``lamp-server^``) installs a tasksel task: neither is reported.
Variables are read as :mod:`dflint.checks.shell.pinning` says.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.shell.pinning import unpinned, violation
from dflint.model.commands import CommandModel, Package
from dflint.model.shell import ShellWord
from dflint.syntax import cst

ON = (cst.Run,)

TOOLS = frozenset({"apt-get", "apt", "aptitude"})


def _wanted(model: CommandModel) -> bool:
    return model.tool in TOOLS and model.subcommand == "install"


def _not_installed(model: CommandModel, package: Package, word: ShellWord) -> bool:
    """A removal (apt-get(8): a hyphen appended to the name removes the package) or a
    task (``name^``), as written: neither has a version."""
    return word.value is not None and word.value.endswith(("-", "^"))


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    for found in unpinned(ctx, instr, _wanted, _not_installed):
        yield violation(found, lambda p: f"{p.name}=<version>")
