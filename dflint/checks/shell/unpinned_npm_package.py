"""DF411 unpinned-npm-package: ``npm install NAME`` (``npm i``, ``npm add``) without
``@version``; with the option ``yarn-and-pnpm``, ``yarn add``, ``yarn global add`` and
``pnpm add`` too.

Any version or range pins (``express@4.19.2``, ``@scope/pkg@^1``), as in hadolint DL3016;
so do tarballs and folders, and git specs with a ref (``git+https://...#v1``,
``user/repo#v1``). A URL that names no tarball file (``.../tarball/master``) installs what
it serves that day: reported, as hadolint does. ``@latest`` (and ``@*``, ``@x``) is the
newest release, the same as no version: reported (hadolint accepts any ``@``). ``npm
install`` with no package installs what package.json and the lockfile say: not reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from dflint.checks import Context, Violation
from dflint.checks.shell.language_pinning import Unpinned, unpinned, violation
from dflint.model.commands import CommandModel, Package
from dflint.syntax import cst

ON = (cst.Run,)

#: (tool, subcommand) pairs that install the packages they name (npm's `add`, `i`... are `install`)
_NPM = frozenset({("npm", "install")})
#: the same for yarn and pnpm, which hadolint (DL3016) does not check: option `yarn-and-pnpm`
_YARN_PNPM = frozenset({("yarn", "add"), ("yarn", "global add"), ("pnpm", "add"), ("pnpm", "install")})
_TARBALLS = (".tgz", ".tar", ".tar.gz")


def _url_floats(package: Package) -> bool:
    """A URL whose path names no tarball file (``https://github.com/o/r/tarball/master``)
    and that has no ``#ref``: what it serves may change."""
    if package.kind != "url" or not package.spec or "#" in package.spec:
        return False
    return not urlsplit(package.spec).path.lower().endswith(_TARBALLS)


def _message(found: Unpinned) -> str:
    tool = found.model.tool
    name = found.package.name or found.spelled
    if found.package.kind == "vcs":
        return (
            f"{found.shown} installs whatever the repository's default branch holds at build "
            "time: add a tag or commit (`#<ref>`)"
        )
    if found.package.kind == "url":
        return (
            f"{found.shown} names no tarball file: {tool} installs whatever the URL serves at build "
            "time. Point it at a versioned tarball (`.tgz`), or install `<package>@<version>`"
        )
    if found.floating:
        return (
            f"{found.shown} asks for the newest release at build time, the same as no version: "
            f"pin a version (`{name}@<version>`)"
        )
    return f"{found.shown} is not pinned: {tool} installs the newest release at build time. Pin it (`{name}@<version>`)"


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    tools = _NPM | _YARN_PNPM if ctx.options.get("yarn-and-pnpm", False) else _NPM

    def installs(model: CommandModel) -> bool:
        return (model.tool, model.subcommand) in tools

    for found in unpinned(ctx, instr, installs, floats=_url_floats):
        yield violation(found, _message(found))
