"""DF404 unpinned-dnf-package: ``dnf install`` (or ``microdnf``, ``dnf5``) of a package
without ``-version``.

As hadolint DL3041, with rpm's own reading of ``name-version``: only the last dash part
(the version) or the last two (version-release) can be the version, and the last must
start with a digit, so ``java-11-openjdk`` is a name (hadolint calls it pinned).
``.rpm`` files, URLs, ``@groups`` and ``dnf group install`` need no pin; ``dnf module
install`` takes ``module:stream``. A capability or a file path is not reported, and
``pkg-${VER}`` is pinned when ARG or ENV sets ``VER`` for the stage
(:mod:`dflint.checks.shell.pinning`).
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.shell.pinning import RPM_INSTALL, rpm_capability, rpm_hint, unpinned, violation
from dflint.model.commands import CommandModel
from dflint.syntax import cst

ON = (cst.Run,)

TOOLS = frozenset({"dnf", "microdnf"})


def _wanted(model: CommandModel) -> bool:
    return model.tool in TOOLS and model.subcommand in RPM_INSTALL


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    for found in unpinned(ctx, instr, _wanted, rpm_capability):
        yield violation(found, lambda p, model=found.model: rpm_hint(p, model))
