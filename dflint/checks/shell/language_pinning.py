"""What DF410-DF413 share: the package operands of a language package manager (pip, npm,
gem, go) that name no version, found through the command model.

A package is unpinned when the model says so (:attr:`Package.pinned` False: a registry
name without a version, a floating version such as ``latest``, a VCS URL without a ref).
Files, paths, URLs and groups need no pin. A word that is not static is read as written
(quotes removed, ``$VAR`` kept): ``flask==$FLASK_VERSION`` and ``ghost-cli@"$V"`` are
pinned (the version comes from a variable), ``flask@latest``-style floating versions are
not, and a word whose name part is a variable (``pip install $PACKAGES``) is not reported:
what it holds is unknown. An exec-form RUN (``["pip", "install", "flask"]``) is one
command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from dflint.checks import Context, Violation
from dflint.checks.layers import modelled
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
    model: CommandModel
    package: Package  #: as the model read it (from the word as written when not static)
    word: ShellWord  #: the package word, for the finding's range
    spelled: str  #: the word as written, quotes removed (``$VAR`` kept)

    @property
    def floating(self) -> str | None:
        """The floating version asked for (``latest``), if one was written."""
        version = self.package.version
        return version if version is not None and version.strip().lower() in FLOATING else None


def unpinned(
    ctx: Context,
    instr: cst.Run,
    wanted: Callable[[CommandModel], bool],
    exempt: Callable[[CommandModel, Package], bool] | None = None,
) -> Iterator[Unpinned]:
    """The unpinned package operands of the RUN's commands that ``wanted`` selects, except
    those ``exempt`` says need no pin."""
    for command, model in _commands(ctx, instr):
        if not wanted(model) or not model.packages:
            continue
        written: CommandModel | None = None
        for package in model.packages:
            word = command.words[package.index]
            if package.kind == "unknown" or (package.version is None and package.version_index is not None):
                if written is None:
                    written = _as_written(command)
                package = _package_at(written, package.index) or package
                if not _floating(package):
                    continue
            elif package.pinned is not False:
                continue
            if exempt is not None and exempt(model, package):
                continue
            yield Unpinned(command, model, package, word, word.symbolic)


def _commands(ctx: Context, instr: cst.Run) -> Iterator[tuple[SimpleCommand, CommandModel]]:
    """The RUN's commands with their models; an exec-form RUN (``["pip", "install", "x"]``)
    is one command, its strings the words."""
    parsed = ctx.model.shell(instr)
    form = instr.arguments
    if parsed is not None or not isinstance(form, cst.ExecForm) or not form.elements:
        yield from modelled(ctx, parsed)
        return
    words = []
    for element in form.elements:
        start = ctx.positions.full_span(element).start.offset + len(element.whitespace_before)
        words.append(ShellWord(element.raw, element.value, element.value, start, start + len(element.raw)))
    model = model_command([w.value for w in words])
    if model is not None:
        yield SimpleCommand(tuple(words), (), (), None, (), words[0].start, words[-1].end), model


def _as_written(command: SimpleCommand) -> CommandModel | None:
    """The command modelled from its words as written: ``$VAR`` kept in place of what it expands to."""
    return model_command([w.value if w.value is not None else w.symbolic for w in command.words])


def _package_at(model: CommandModel | None, index: int) -> Package | None:
    return next((p for p in model.packages if p.index == index), None) if model else None


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
