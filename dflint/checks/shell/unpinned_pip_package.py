"""DF410 unpinned-pip-package: ``pip install NAME`` (``pip3``, ``python -m pip``, ``uv pip``,
``pipx install``/``inject``, ``uv tool install``) without a version specifier.

Any PEP 440 specifier pins (``==``, ``~=``, ``>=``, ``<``, ``!=``, ``===``), as in hadolint
DL3013; so do files, paths, URLs and VCS URLs with a ref (``git+https://...@v1``). Not
reported: a command with a constraints file (``-c``/``--constraint``, or ``PIP_CONSTRAINT``
/``UV_CONSTRAINT`` in its environment), which pins what it lists; ``--no-index`` without a
remote ``--find-links`` (only local archives can be installed); the local project with
extras (``.[all]``). Requirements files (``-r``) pin nothing by themselves: the names
given beside one are still checked (hadolint skips the whole command).
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.shell.language_pinning import Unpinned, env_sets, unpinned, violation
from dflint.model.commands import CommandModel, Package
from dflint.syntax import cst

ON = (cst.Run,)

#: (tool, subcommand) pairs that install the packages they name
_INSTALLS = frozenset({("pip", "install"), ("pipx", "install"), ("pipx", "inject"), ("uv", "tool install")})


def _installs(model: CommandModel) -> bool:
    return (model.tool, model.subcommand) in _INSTALLS


def _local_only(model: CommandModel) -> bool:
    """``--no-index``: pip installs only from ``--find-links``; none of them remote."""
    if not model.has_option("no-index"):
        return False
    links = [o.value for o in model.options_named("find-links")]
    return all(link is not None and "://" not in link for link in links)


def _local_project(_model: CommandModel, package: Package) -> bool:
    """``.[all]``, ``..[dev]``: the project in a directory, with extras (hadolint #915)."""
    return package.kind == "name" and (package.spec or "").startswith((".", "~"))


def _message(found: Unpinned) -> str:
    tool = found.model.tool
    name = found.package.name or found.spelled
    if found.package.kind == "vcs":
        return (
            f"{found.shown} installs whatever the repository's default branch holds at build "
            "time: add a tag or commit (`@<ref>` before `#egg=`)"
        )
    return (
        f"{found.shown} is not pinned: {tool} installs the newest release at build time. "
        f"Pin it (`{name}==<version>`), or install from a requirements or constraints file"
    )


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    for found in unpinned(ctx, instr, _installs, _local_project):
        model = found.model
        if model.has_option("constraint", "constraints") or _local_only(model):
            continue
        variable = "UV_CONSTRAINT" if model.tool == "uv" or model.wrapped_by("uv") else "PIP_CONSTRAINT"
        if env_sets(ctx, instr, found.command, model, variable):
            continue
        yield violation(found, _message(found))
