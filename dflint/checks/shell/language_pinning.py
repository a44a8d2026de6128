"""What DF410-DF413 share: the package operands of a language package manager (pip, npm,
gem, go) that name no version, found through the command model.

A package is unpinned when the model says so (:attr:`Package.pinned` False: a registry
name without a version, a floating version such as ``latest``, a VCS URL without a ref).
Files, paths, URLs and groups need no pin.

A word that is not static is expanded as DF401-DF405 expand theirs (see
:mod:`dflint.checks.shell.pinning`): from the ARG and ENV in scope and the RUN's own plain
assignments (``pkgs="numpy scipy"; pip install $pkgs``), so ``npm install -g $NODE_PKGS``
checks each package ``ENV NODE_PKGS=...`` lists, and ``pip install $WHEEL_URL`` is a URL.
A word whose value dflint cannot know (an ARG without a default, a loop variable, a command
substitution, a variable that may come from the base image or is unset here) is read as
written (quotes removed, ``$VAR`` kept): ``flask==$FLASK_VERSION`` and ``ghost-cli@"$V"``
are pinned (the version comes from a variable), ``"$TOOL@latest"``-style floating versions
are not, and a word whose name part is a variable (``pip install $PACKAGES``) is not
reported: what it holds is unknown. An exec-form RUN (``["pip", "install", "flask"]``) is
one command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from dflint.checks import Context, Violation
from dflint.checks.shell.pinning import _Variables, run_commands
from dflint.model.commands import CommandModel, Package, model_command
from dflint.model.shell import ShellWord, SimpleCommand
from dflint.syntax import cst

#: versions that ask for whatever is newest, lower-cased (the model's floating versions
#: but go's ``none``, which removes a requirement)
FLOATING = frozenset({"latest", "*", "x", "upgrade", "patch"})


@dataclass(frozen=True)
class Unpinned:
    """One package operand that names no fixed version."""

    command: SimpleCommand
    model: CommandModel  #: the command as run (known variables expanded, the others as written)
    package: Package  #: as the model read it
    word: ShellWord  #: the package word as written, for the finding's range
    spelled: str  #: the package as pip/npm/... gets it (``$VAR`` kept when its value is unknown)
    expanded: bool = False  #: the package comes from a variable's known value

    @property
    def floating(self) -> str | None:
        """The floating version asked for (``latest``), if one was written."""
        version = self.package.version
        return version if version is not None and version.strip().lower() in FLOATING else None

    @property
    def shown(self) -> str:
        """The package for a message: `` `flask` ``, or `` `$PKGS` holds `flask` `` when a
        variable holds it."""
        if self.expanded:
            return f"`{self.word.symbolic}` holds `{self.spelled}`, which"
        return f"`{self.spelled}`"


def unpinned(
    ctx: Context,
    instr: cst.Run,
    wanted: Callable[[CommandModel], bool],
    exempt: Callable[[CommandModel, Package], bool] | None = None,
    floats: Callable[[Package], bool] | None = None,
) -> Iterator[Unpinned]:
    """The unpinned package operands of the RUN's commands that ``wanted`` selects, except
    those ``exempt`` says need no pin; ``floats`` picks packages the model counts as pinned
    that the rule reports all the same (npm: a URL that names no tarball)."""
    variables: _Variables | None = None
    for command, model in run_commands(ctx, instr, ctx.model.shell(instr)):
        if not wanted(model) or not model.packages:
            continue
        origin: list[int] = list(range(len(command.words)))
        written: set[int] = set()  #: words read as written: their value is unknown
        if not all(w.is_static for w in command.words):
            if variables is None:
                parsed = ctx.model.shell(instr)
                assert parsed is not None  # an exec-form RUN's words are all static
                variables = _Variables(ctx, instr, parsed)
            argv, origin, written = _as_run(command, variables)
            run = model_command(argv)
            if run is None:
                continue
            model = run
        if not wanted(model) or not model.packages:
            continue
        for package in model.packages:
            index = origin[package.index]
            word = command.words[index]
            symbolic = index in written or (
                package.version_index is not None and origin[package.version_index] in written
            )
            if symbolic:
                # a version from a variable pins; a name from one may be anything
                if not _floating(package):
                    continue
            elif package.pinned is not False and not (floats is not None and floats(package)):
                continue
            if exempt is not None and exempt(model, package):
                continue
            expanded = not word.is_static and not symbolic
            spelled = (package.spec or word.symbolic) if expanded else word.symbolic
            yield Unpinned(command, model, package, word, spelled, expanded)


def _as_run(command: SimpleCommand, variables: _Variables) -> tuple[list[str | None], list[int], set[int]]:
    """The command's argv as the shell runs it: a word whose value is known (static, or
    expanded from ARG, ENV and the RUN's assignments) becomes the words it expands to, any
    other is kept as written (``$VAR`` in place). Also the index of the written word each
    element came from, and the written words read as written."""
    expanded, from_word, unset = variables.argv(command)
    parts: dict[int, list[str | None]] = {}
    for value, index in zip(expanded, from_word, strict=True):
        parts.setdefault(index, []).append(value)
    argv: list[str | None] = []
    origin: list[int] = []
    written: set[int] = set()
    for index, word in enumerate(command.words):
        values = parts.get(index, [])
        if word.is_static:
            values = [word.value]
        elif None in values or index in unset or "<(" in word.source or ">(" in word.source:
            # unknown, a name set only elsewhere (its stage may never see it), or a process
            # substitution (`-r <(pipenv lock -r)`, a file name at run time): as written
            values = [word.symbolic]
            written.add(index)
        argv.extend(values)
        origin.extend([index] * len(values))
    return argv, origin, written


def _floating(package: Package) -> bool:
    """Whether a package read from a word that is not static is unpinned for sure: its
    version is floating (``"$TOOL@latest"``). A version from a variable pins; a word with
    no version and a variable in its name (``$PACKAGES``) may hold anything."""
    return package.version is not None and package.version.strip().lower() in FLOATING


def violation(found: Unpinned, message: str) -> Violation:
    """A finding over the package word."""
    return Violation(message, found.word.start, found.word.end)


def env_sets(ctx: Context, instr: cst.Run, command: SimpleCommand, model: CommandModel, name: str) -> bool:
    """Whether ``name`` is set (non-empty) for the command: by ENV or ARG in scope, by an
    assignment before it (``VAR=x pip ...``), by ``env VAR=x`` wrapping it, or by an
    ``export`` earlier in the same RUN."""
    scope = ctx.model.scope_before(instr)
    if name in scope and scope[name] != "":
        return True
    if any(a.name == name and a.value is not None and a.value.value != "" for a in command.assignments):
        return True
    for wrapper in model.wrappers:
        if wrapper.tool == "env" and any(
            (o.text or "").startswith(f"{name}=") and (o.text or "") != f"{name}=" for o in wrapper.operands
        ):
            return True
    parsed = ctx.model.shell(instr)
    for earlier in parsed.commands if parsed else ():
        if earlier is command:
            break
        if earlier.name == "export" and not earlier.context:
            for word in earlier.words[1:]:
                key, sep, value = (word.value or "").partition("=")
                if sep and key == name and value != "":
                    return True
    return False
