"""DF411 unpinned-npm-package: ``npm install NAME`` (``npm i``, ``npm add``, ``yarn add``,
``yarn global add``, ``pnpm add``) without ``@version``.

Any version or range pins (``express@4.19.2``, ``@scope/pkg@^1``), as in hadolint DL3016;
so do tarballs, folders and URLs, and git specs with a ref (``git+https://...#v1``,
``user/repo#v1``). ``@latest`` (and ``@*``, ``@x``) is the newest release, the same as no
version: reported (hadolint accepts any ``@``). ``npm install`` with no package installs
what package.json and the lockfile say: not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.shell.language_pinning import Unpinned, unpinned, violation
from dflint.model.commands import CommandModel
from dflint.syntax import cst

ON = (cst.Run,)

#: (tool, subcommand) pairs that install the packages they name (npm's `add`, `i`... are `install`)
_INSTALLS = frozenset(
    {
        ("npm", "install"),
        ("yarn", "add"),
        ("yarn", "global add"),
        ("pnpm", "add"),
        ("pnpm", "install"),
    }
)


def _installs(model: CommandModel) -> bool:
    return (model.tool, model.subcommand) in _INSTALLS


def _message(found: Unpinned) -> str:
    tool = found.model.tool
    name = found.package.name or found.spelled
    if found.package.kind == "vcs":
        return (
            f"`{found.spelled}` installs whatever the repository's default branch holds at build "
            "time: add a tag or commit (`#<ref>`)"
        )
    if found.floating:
        return (
            f"`{found.spelled}` asks for the newest release at build time, the same as no version: "
            f"pin a version (`{name}@<version>`)"
        )
    return f"`{found.spelled}` is not pinned: {tool} installs the newest release at build time. Pin it (`{name}@<version>`)"


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    for found in unpinned(ctx, instr, _installs):
        yield violation(found, _message(found))
