"""What DF401-DF405 share: the package operands of an OS package manager (apt-get, apk,
yum, dnf, zypper) that name no version, found through the command model.

A package is unpinned when the model says so (:attr:`Package.pinned` False): a name
without a version in the tool's pin syntax. Files, URLs and groups need no pin.

A word that is not static is expanded the way the shell will expand it when the RUN
runs, from the ARG and ENV in scope (the stage's and those of the stages it is built
``FROM``): ``git-core-${version}`` is pinned when ``version`` is set. A name that is not
in scope expands to nothing when nothing else can set it: in a stage whose chain starts
from ``scratch``, or when the Dockerfile declares it (ARG or ENV) only elsewhere, such
as another stage or before ``FROM`` without a redeclaration (``git-core-`` is then
reported, as hadolint DL3033/DL3041 do). A name the Dockerfile never declares, in a
stage built on an image, may be the image's ENV (``$PG_MAJOR`` on ``postgres``), so its
value is unknown. A variable whose value only the build knows (``ARG V`` without a
default), a command substitution, a variable the RUN itself sets in a way dflint does not
follow (``read``, ``for``, a sourced file, a function's arguments, a second assignment
that does not append, a value that is not static) or one the shell sets (``$HOME``)
leaves the word unknown too, and an unknown word is not reported. A static assignment
earlier in the RUN, at its top level (``deps="gcc make"; apt-get install $deps``), is
followed, and so are later ones that append to it (``deps="$deps libssl-dev"``), at the
top level or under an ``if``.
ONBUILD triggers run in another build, with that build's variables: their words that
are not static are not reported either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from dflint.checks import Context, Violation
from dflint.checks.layers import modelled
from dflint.model.commands import CommandModel, Package, model_command
from dflint.model.shell import ParsedShell, ShellWord, SimpleCommand
from dflint.model.variables import Lexer, Scope
from dflint.syntax import cst

#: the shell reads RUN scripts with its own escape character, whatever the Dockerfile's
_SHELL_LEXER = Lexer("\\")
#: names the shell (or the login environment) sets: their value is not the Dockerfile's
_SHELL_NAMES = frozenset(
    {"HOME", "PATH", "PWD", "OLDPWD", "HOSTNAME", "USER", "UID", "EUID", "PPID", "SHELL", "IFS"}
    | {"RANDOM", "LINENO", "SECONDS", "TERM", "BASH_VERSION", "OSTYPE", "MACHTYPE", "HOSTTYPE"}
)
#: commands that may set any variable: what a word uses after them is unknown
_SETS_ANYTHING = frozenset({".", "source", "eval"})
#: commands whose operands declare variables (``export NAME``, ``read NAME``)
_DECLARES = frozenset({"export", "declare", "typeset", "local", "readonly", "read", "getopts"})
#: constructs whose variables come from the script: loop variables, function arguments
_BINDING_CONTEXTS = frozenset({"for", "while", "function", "case"})
#: constructs whose assignments last after them (a subshell's, a loop's do not, or not once)
_APPENDING_CONTEXTS = frozenset({"if", "group"})
#: packages a message names before "and N more"
_LISTED = 3


@dataclass(frozen=True)
class Unpinned:
    """One package word whose packages name no version."""

    command: SimpleCommand
    model: CommandModel  #: the command as the shell runs it (variables expanded)
    word: ShellWord  #: the word as written, for the finding's range
    packages: tuple[Package, ...]  #: the unpinned packages the word holds, once expanded
    unset: tuple[str, ...]  #: names the word uses that nothing sets for this RUN
    declared_elsewhere: bool = False  #: an ARG or ENV out of this RUN's scope declares one of them

    @property
    def expanded(self) -> bool:
        """Whether the word is not static (its packages come from variables)."""
        return not self.word.is_static


def unpinned(
    ctx: Context,
    instr: cst.Run,
    wanted: Callable[[CommandModel], bool],
    exempt: Callable[[CommandModel, Package, ShellWord], bool] | None = None,
) -> Iterator[Unpinned]:
    """The package words of the RUN's commands that ``wanted`` selects whose packages are
    unpinned, except packages ``exempt`` says need no pin (it gets the command as run, the
    package, and the word as written)."""
    parsed = ctx.model.shell(instr)
    variables: _Variables | None = None
    for command, model in run_commands(ctx, instr, parsed):
        if not wanted(model) or not model.packages:
            continue
        unset: dict[int, tuple[str, ...]] = {}
        if all(w.is_static for w in command.words):
            run, origin = model, list(range(len(command.words)))
        else:
            if variables is None:
                variables = _Variables(ctx, instr, parsed)
            argv, origin, unset = variables.argv(command)
            expanded = model_command(argv)
            if expanded is None or not wanted(expanded):
                continue
            run = expanded
        found: dict[int, list[Package]] = {}
        for package in run.packages:
            word = command.words[origin[package.index]]
            if package.pinned is not False or (exempt is not None and exempt(run, package, word)):
                continue
            found.setdefault(origin[package.index], []).append(package)
        for index, packages in found.items():
            names = unset.get(index, ())
            elsewhere = variables is not None and bool(set(names) & variables.declared)
            yield Unpinned(command, run, command.words[index], tuple(packages), names, elsewhere)


def run_commands(
    ctx: Context, instr: cst.Run, parsed: ParsedShell | None
) -> Iterator[tuple[SimpleCommand, CommandModel]]:
    """The RUN's commands with their models; an exec-form RUN that is not a shell
    (``["apt-get", "install", "-y", "curl"]``) is one command, its strings the words."""
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


def violation(found: Unpinned, hint: Callable[[Package], str]) -> Violation:
    """A finding over the package word; ``hint`` writes a package pinned (``curl=<version>``)."""
    tool = found.model.tool
    word = found.word
    specs = [p.spec or "" for p in found.packages]
    pin = hint(found.packages[0])
    if found.unset:
        names = ", ".join(f"`{n}`" for n in found.unset)
        one = len(found.unset) == 1
        if found.declared_elsewhere:
            where = f"{'is' if one else 'are'} set by an ARG or ENV that does not reach this stage"
        else:
            where = f"{'is' if one else 'are'} not set by an ARG or ENV of this stage"
        message = f"`{word.symbolic}` names no version: {names} {where}, so {tool} gets `{' '.join(specs)}`"
    elif found.expanded and len(specs) == 1:
        message = f"`{word.symbolic}` is `{specs[0]}`, installed without a version: pin it as `{pin}`"
    elif found.expanded:
        shown = ", ".join(f"`{s}`" for s in specs[:_LISTED])
        more = f" and {len(specs) - _LISTED} more" if len(specs) > _LISTED else ""
        message = f"`{word.symbolic}` holds {shown}{more} without a version: pin each as `{pin}`"
    else:
        message = f"`{specs[0]}` is installed without a version: pin it as `{pin}`"
    return Violation(message, word.start, word.end)


def is_trigger(ctx: Context, instr: cst.Instruction) -> bool:
    """Whether ``instr`` is an ONBUILD trigger (it runs in the build that uses the image)."""
    stage = ctx.model.stage_of(instr)
    return stage is not None and any(
        isinstance(i, cst.Onbuild) and i.trigger is instr for i in stage.instructions
    )


class _Variables:
    """The words of one RUN's commands as the shell will expand them."""

    def __init__(self, ctx: Context, instr: cst.Run, parsed: ParsedShell) -> None:
        self.trigger = is_trigger(ctx, instr)
        self.scope = ctx.model.scope_before(instr)
        stage = ctx.model.stage_of(instr)
        #: whether every name of the RUN's environment is known: its chain starts from scratch
        self.env_known = stage is not None and stage.base_env_known
        #: the names any ARG or ENV of the Dockerfile declares
        self.declared = _declared_names(ctx.df)
        self.position = {id(c): i for i, c in enumerate(parsed.commands)}
        #: name -> where the script sets it: (position, static value or None, the value as
        #: written for an assignment that is not a command's prefix, or None, its context)
        self.local: dict[str, list[tuple[int, str | None, str | None, tuple[str, ...]]]] = {}
        self.sets_anything = False  #: the script sources a file or evals text
        for position, command in enumerate(parsed.commands):
            bare = not command.words or command.name == "export"
            simple = not command.context and bare
            for a in command.assignments:
                # `X=1 cmd` sets X for cmd only (and after cmd's words are expanded): not static here
                value = a.value.value if a.value is not None else ""
                source = (a.value.source if a.value is not None else "") if bare else None
                self.local.setdefault(a.name, []).append(
                    (position, value if simple else None, source, command.context)
                )
            if command.name in _SETS_ANYTHING:
                self.sets_anything = True
            elif command.name in _DECLARES:
                for word in command.words[1:]:
                    name = (word.value or "").split("=", 1)[0]
                    if name.isidentifier() and name not in {a.name for a in command.assignments}:
                        self.local.setdefault(name, []).append((position, None, None, command.context))

    def _scope(self, command: SimpleCommand, used: set[str]) -> Scope | None:
        """The scope ``command``'s words see: the RUN's own static assignments before it
        (``deps="gcc make"; apt-get install $deps``) over the Dockerfile's; None when a
        name the word uses is set by the script in a way dflint cannot follow."""
        scope = self.scope
        here = self.position[id(command)]
        for name in used & self.local.keys():
            value = self._value(name, here)
            if value is None:
                return None
            scope = scope.with_(name, value)
        return scope

    def _value(self, name: str, here: int) -> str | None:
        """The value the script's own assignments give ``name`` at command ``here``: a
        static assignment at the top level, then any that append to it (``deps="$deps
        gcc"``), at the top level or under an ``if`` (a package some run installs is
        counted); None when the script sets it in another way."""
        sets = self.local[name]
        if any(position >= here for position, *_ in sets):
            return None
        value: str | None = None
        for _, static, source, context in sets:
            if static is not None:
                value = static
                continue
            if value is None or source is None or not _APPENDING_CONTEXTS.issuperset(context):
                return None
            if "$(" in source or "`" in source:
                return None
            expansion = _SHELL_LEXER.process_word(source, self.scope.with_(name, value))
            if set(expansion.matched) | set(expansion.unset) | set(expansion.unknown) != {name}:
                return None
            value = expansion.value
        return value

    def argv(self, command: SimpleCommand) -> tuple[list[str | None], list[int], dict[int, tuple[str, ...]]]:
        """The command's argv expanded (None for a word whose value is unknown), the index
        of the written word each element came from, and the unset names of each word."""
        argv: list[str | None] = []
        origin: list[int] = []
        unset: dict[int, tuple[str, ...]] = {}
        for index, word in enumerate(command.words):
            if word.is_static:
                words: list[str | None] = [word.value]
            else:
                expanded = self._expand(command, word)
                if expanded is None:
                    words = [None]
                else:
                    words, names = expanded
                    if names:
                        unset[index] = names
            argv.extend(words)
            origin.extend([index] * len(words))
        return argv, origin, unset

    def _expand(
        self, command: SimpleCommand, word: ShellWord
    ) -> tuple[list[str | None], tuple[str, ...]] | None:
        """The words ``word`` becomes and the names it uses that are unset, or None when
        that is unknown."""
        source = word.source
        if self.trigger or "$(" in source or "`" in source:
            return None
        expansion = _SHELL_LEXER.process_word(source, self.scope)
        used = set(expansion.matched) | set(expansion.unset) | set(expansion.unknown)
        if used & _SHELL_NAMES:
            return None
        if used & self.local.keys():
            scope = self._scope(command, used)
            if scope is None:
                return None
            expansion = _SHELL_LEXER.process_word(source, scope)
        if expansion.value is None:
            return None  # a value only the build knows, or an expansion BuildKit rejects
        unset = tuple(expansion.unset)
        if unset and (self.sets_anything or _BINDING_CONTEXTS.intersection(command.context)):
            return None
        if not self.env_known and not set(unset) <= self.declared:
            return None  # the base image's ENV may set it
        quoted = any(q in source for q in "\"'")
        value = expansion.value
        words: list[str | None] = [value] if quoted else list(value.split())
        return words, unset


def _declared_names(df: cst.Dockerfile) -> set[str]:
    """Every name an ARG or ENV of the Dockerfile declares, in any stage or before FROM."""
    names: set[str] = set()
    for instr in df.instructions:
        if isinstance(instr, cst.Onbuild):
            instr = instr.trigger
        if isinstance(instr, cst.Arg):
            names.update(d.name.value for d in instr.declarations)
        elif isinstance(instr, cst.Env):
            names.update(pair.key.value for pair in instr.pairs)
    return names


# -- rpm: yum, dnf, microdnf ------------------------------------------------------------

#: the subcommands that install packages by name (``group install`` takes groups)
RPM_INSTALL = frozenset({"install", "localinstall", "module install"})


def rpm_capability(model: CommandModel, package: Package, word: ShellWord) -> bool:
    """A capability (``'perl(JSON::PP)'``, ``'dnf-command(config-manager)'``) or a file
    path (``/usr/bin/gcc``) selects whichever package provides it: it has no version to
    pin."""
    spec = package.spec or ""
    return "(" in spec or spec.startswith("/")


def rpm_hint(package: Package, model: CommandModel) -> str:
    """The package pinned in rpm's syntax, or a module with its stream."""
    if model.subcommand == "module install":
        return f"{package.name}:<stream>"
    return f"{package.name}-<version>"
