"""DF403 unpinned-yum-package: ``yum install`` of a package without ``-version``.

As hadolint DL3033: ``tomcat-9.2``, ``openssl-1:1.1.1k``, ``gcc-c++-1.1.1`` are pinned
(rpm's ``name-version[-release]``, the version starting with a digit: see
:mod:`dflint.model.commands`), ``.rpm`` files, URLs and ``@groups`` need no pin, and
``yum module install`` takes ``module:stream``. A capability (``'perl(JSON::PP)'``) or a
file path selects whichever package provides it and is not reported. ``pkg-${VER}`` is
pinned when ARG or ENV sets ``VER`` for the stage (:mod:`dflint.checks.shell.pinning`).
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.shell.pinning import RPM_INSTALL, rpm_capability, rpm_hint, unpinned, violation
from dflint.model.commands import CommandModel
from dflint.syntax import cst

ON = (cst.Run,)


def _wanted(model: CommandModel) -> bool:
    return model.tool == "yum" and model.subcommand in RPM_INSTALL


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    for found in unpinned(ctx, instr, _wanted, rpm_capability):
        yield violation(found, lambda p, model=found.model: rpm_hint(p, model))
