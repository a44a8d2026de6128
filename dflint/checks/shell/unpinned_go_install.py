"""DF413 unpinned-go-install: ``go install``, ``go get`` or ``go run`` of a package path
without ``@version``, or with a floating one (``@latest``, ``@upgrade``, ``@patch``).

As in hadolint DL3062. Local paths (``.``, ``./cmd/x``, ``/src/app``) and ``.go`` files
are the build's own code, and so is a path whose first element has no dot (``app``,
``myproject/cmd/x``): the go command downloads only module paths with a dot there, so it
is a GOPATH or main-module package (also ``std``, ``cmd``, ``all``, ``tool``). hadolint
reports ``go get -tool foobar``. Not reported either: ``go get pkg@none`` (it removes a
requirement).
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.shell.language_pinning import Unpinned, unpinned, violation
from dflint.model.commands import CommandModel, Package
from dflint.syntax import cst

ON = (cst.Run,)


def _installs(model: CommandModel) -> bool:
    return model.tool == "go" and model.subcommand in ("install", "get", "run")


def _exempt(_model: CommandModel, package: Package) -> bool:
    if (package.version or "").strip().lower() == "none":
        return True
    return package.version is None and "." not in (package.name or "").split("/", 1)[0]


def _message(found: Unpinned) -> str:
    name = found.package.name or found.spelled
    if found.floating:
        return f"{found.shown} resolves the newest version at build time: pin a version (`{name}@v1.2.3`)"
    return (
        f"{found.shown} is not pinned: go resolves the newest version at build time. "
        f"Add `@<version>` (`{name}@v1.2.3`)"
    )


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    for found in unpinned(ctx, instr, _installs, _exempt):
        yield violation(found, _message(found))
