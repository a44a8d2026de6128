"""DF405 unpinned-zypper-package: ``zypper install`` of a package without a version.

As hadolint DL3037: ``pkg=1.2``, ``pkg>=1.2``, ``pkg>1.2``, ``pkg<=1.2``, ``pkg<1.2``
(also written as three words, ``pkg >= 1.2``, as zypper(8) allows) constrain the
version; ``.rpm`` files, URLs and ``pattern:``/``patch:``/``product:`` kinds need no
pin. zypper(8) also reads ``name-version`` (``virtualbox-ose-2.0.6``), which dflint
accepts (hadolint does not). Operands of ``--type`` other than ``package``
(``zypper install -t pattern devel_basis``) are patterns, patches or products, not
packages. Variables are read as :mod:`dflint.checks.shell.pinning` says.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.shell.pinning import rpm_capability, unpinned, violation
from dflint.model.commands import CommandModel, Package
from dflint.model.shell import ShellWord
from dflint.syntax import cst

ON = (cst.Run,)


def _wanted(model: CommandModel) -> bool:
    return model.tool == "zypper" and model.subcommand == "install"


def _not_a_package(model: CommandModel, package: Package, word: ShellWord) -> bool:
    kind = model.option_value("type")
    return (kind is not None and kind != "package") or rpm_capability(model, package, word)


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    for found in unpinned(ctx, instr, _wanted, _not_a_package):
        yield violation(found, lambda p: f"{p.name}=<version>")
