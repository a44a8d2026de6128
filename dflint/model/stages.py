"""What a Dockerfile means: stages, the build graph, variable scopes, shells.

``Model(df)`` follows BuildKit's dockerfile2llb:

- Global ARGs (before the first FROM) and the automatic platform ARGs form the scope
  FROM is expanded in (SYNTAX.md §1.10); ``--build-arg`` values replace defaults.
- Each FROM starts a stage. ``FROM <name>`` names a *previous* stage (compared
  lower-cased); anything else is an image reference, or ``scratch``.
- Inside a stage, ENV values and ARG values accumulate in order; a stage built FROM
  another stage starts with that stage's ENV. ``ARG X`` without a default takes the
  global ARG's value. An ARG whose value only the build knows is UNKNOWN, never a guess.
- ``COPY --from`` and ``RUN --mount=...,from=`` name a stage (any stage, by name or
  index) or an image; the graph gives the stages the target needs.
- SHELL sets the shell of later RUN/CMD/ENTRYPOINT; a stage built FROM another stage
  inherits it.

Names the base image defines (its ENV) cannot be known here; ``Stage.base_env_known``
says whether an unset name could still come from the base image.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dflint.model import images, shell
from dflint.model.variables import PLATFORM_ARGS, UNKNOWN, Expansion, Lexer, Scope, Value
from dflint.syntax import buildkit as bk
from dflint.syntax import cst, instructions
from dflint.syntax.positions import Positions

if TYPE_CHECKING:
    from dflint.model.commands import CommandModel

#: Words in an image reference that mean a Windows base, whose default shell is cmd.
_WINDOWS = re.compile(r"windows|nanoserver|servercore|ltsc20\d\d", re.IGNORECASE)
WINDOWS_SHELL = ("cmd", "/S", "/C")


@dataclass(frozen=True, slots=True)
class BaseImage:
    """What a FROM builds on."""

    text: str  #: the image word as written (continuations removed)
    expansion: Expansion  #: the word expanded with the global ARGs
    stage: int | None  #: the index of the previous stage it names, if it names one
    reference: images.ImageReference | None  #: the image, when it is one and is valid
    error: str | None  #: why the word is not a valid image reference, if it is not
    #: The index of a stage of this name that FROM cannot see, because it is this
    #: stage or comes later (BuildKit then pulls an image of that name).
    unseen_stage: int | None = None

    @property
    def is_scratch(self) -> bool:
        return self.stage is None and self.expansion.value == "scratch"


@dataclass(frozen=True, slots=True)
class Dependency:
    """A stage's use of another stage or of an image."""

    kind: str  #: "from", "copy" (COPY --from) or "mount" (RUN --mount=from=)
    instruction: cst.Instruction
    node: cst.Node  #: the From instruction, or the flag
    text: str  #: the name as written
    stage: int | None  #: the stage it names
    reference: images.ImageReference | None  #: or the image
    #: BuildKit's complaint, if any: "names its own stage", "invalid stage index N",
    #: a variable in the name (instructions.COPY_FROM_VARIABLE, MOUNT_FROM_VARIABLE), or
    #: an invalid reference.
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class ExpandedWord:
    """A word the builder expands (SYNTAX.md §1.10), and what it expands to."""

    node: cst.Node  #: the Word, Flag, ExecArg or HeredocBody it is in
    #: What it is: "image", "--platform", "env key", "env value", "label key",
    #: "label value", "arg default", "source", "destination", "--chown", "--chmod",
    #: "--checksum", "workdir", "user", "volume", "stopsignal", "expose", "heredoc",
    #: or "mount <key>" for a ``--mount`` field.
    role: str
    text: str  #: the text that is expanded (a flag's or mount field's value)
    expansion: Expansion


@dataclass(slots=True)
class Stage:
    index: int
    from_: cst.From
    name: str | None  #: lower-cased, as BuildKit compares it
    base: BaseImage
    platform: Expansion | None  #: ``--platform``, expanded with the global ARGs
    instructions: tuple[cst.Instruction, ...]  #: the instructions after FROM
    #: False when the stage builds on an image, whose ENV dflint cannot see.
    base_env_known: bool
    dependencies: list[Dependency] = field(default_factory=list)


def _value(expansion: Expansion) -> Value:
    return expansion.value if expansion.value is not None else UNKNOWN


class TargetNotFound(ValueError):
    """``--target`` names no stage."""


class Model:
    """The stages and scopes of a Dockerfile.

    ``build_args`` are ``--build-arg`` values; ``target`` is ``--target`` (the last
    stage when None).
    """

    def __init__(
        self,
        df: cst.Dockerfile,
        *,
        build_args: Mapping[str, str] | None = None,
        target: str | None = None,
    ) -> None:
        self.dockerfile = df
        self.build_args = dict(build_args or {})
        self.lexer = Lexer(df.escape)
        self.stages: list[Stage] = []
        self.global_args: list[cst.Arg] = []
        self._scopes: dict[int, Scope] = {}  # id(instruction) -> scope before it
        self._shells: dict[int, tuple[str, ...]] = {}  # id(instruction) -> shell
        self._stage_of: dict[int, Stage] = {}
        self._final_env: dict[int, Scope] = {}  # stage index -> the ENV it leaves
        self._final_shell: dict[int, tuple[str, ...]] = {}
        self._parsed: dict[int, shell.ParsedShell | None] = {}
        self._commands: dict[int, tuple[shell.SimpleCommand, CommandModel | None]] = {}
        self._triggers: set[int] = set()  # id() of ONBUILD triggers
        self._build()
        self.target = self._find_target(target)
        self.reachable = self._reachable()

    # -- building ------------------------------------------------------------------

    def _global_scope(self) -> Scope:
        scope = Scope()
        for name in PLATFORM_ARGS:
            scope = scope.with_(name, self.build_args.get(name, UNKNOWN))
        return scope

    def _declare(self, scope: Scope, arg: cst.Arg, fallback: Scope | None) -> Scope:
        """Scope after an ARG: build args first, then the default, then the global ARG."""
        for declaration in arg.declarations:
            scope = self._declare_one(scope, declaration, fallback)
        return scope

    def _declare_one(self, scope: Scope, declaration: cst.ArgDeclaration, fallback: Scope | None) -> Scope:
        name = declaration.name.value
        if name in self.build_args:
            value: Value = self.build_args[name]
        elif declaration.default is not None:
            value = _value(self.lexer.process_word(declaration.default.value, scope))
        elif fallback is not None and name in fallback:
            value = fallback[name]
        else:
            value = UNKNOWN  # declared; only the build can give it a value
        return scope.with_(name, value)

    def _build(self) -> None:
        df = self.dockerfile
        global_scope = self._global_scope()
        first_from = next((i for i, x in enumerate(df.instructions) if isinstance(x, cst.From)), None)
        head = df.instructions if first_from is None else df.instructions[:first_from]
        for instr in head:
            self._scopes[id(instr)] = global_scope
            if isinstance(instr, cst.Arg):
                self.global_args.append(instr)
                global_scope = self._declare(global_scope, instr, None)
        self.global_scope = global_scope
        if first_from is None:
            return

        # Split into stages.
        groups: list[list[cst.Instruction]] = []
        for instr in df.instructions[first_from:]:
            if isinstance(instr, cst.From):
                groups.append([instr])
            else:
                groups[-1].append(instr)

        names: dict[str, int] = {}
        for index, group in enumerate(groups):
            from_ = group[0]
            assert isinstance(from_, cst.From)
            base = self._base(from_, names)
            platform_flag = from_.flag("platform")
            platform = (
                self.lexer.process_word(platform_flag.value, global_scope)
                if platform_flag is not None and platform_flag.value is not None
                else None
            )
            name = from_.stage_name.lower() if from_.stage_name else None
            parent = self.stages[base.stage] if base.stage is not None else None
            stage = Stage(
                index,
                from_,
                name,
                base,
                platform,
                tuple(group[1:]),
                base_env_known=parent.base_env_known if parent is not None else base.is_scratch,
            )
            self.stages.append(stage)
            if name is not None:
                names.setdefault(name, index)
            self._scan_stage(stage, parent)

        for stage in self.stages:
            value = stage.base.expansion.value
            if stage.base.stage is None and value and value.lower() in names:
                stage.base = dataclasses.replace(stage.base, unseen_stage=names[value.lower()])
            self._dependencies(stage, names)

    def _base(self, from_: cst.From, names: dict[str, int]) -> BaseImage:
        text = from_.image or ""
        expansion = self.lexer.process_word(text, self.global_scope)
        value = expansion.value
        if value is not None and value.lower() in names:
            return BaseImage(text, expansion, names[value.lower()], None, None)
        if value is None:
            return BaseImage(text, expansion, None, None, expansion.error)
        if value == "":
            return BaseImage(text, expansion, None, None, "base name should not be blank")
        try:
            reference = images.parse_reference(value)
        except images.InvalidReference as exc:
            return BaseImage(text, expansion, None, None, exc.reason)
        return BaseImage(text, expansion, None, reference, None)

    def _scan_stage(self, stage: Stage, parent: Stage | None) -> None:
        # env: what ENV set (a child stage inherits it); scope: env and the ARGs.
        env = self._final_env[parent.index] if parent is not None else Scope()
        scope = env
        if parent is not None:
            current_shell = self._final_shell[parent.index]
        elif stage.base.reference is not None and _WINDOWS.search(stage.base.reference.full):
            current_shell = WINDOWS_SHELL
        else:
            current_shell = shell.DEFAULT_SHELL
        self._scopes[id(stage.from_)] = self.global_scope
        self._stage_of[id(stage.from_)] = stage
        for instr in stage.instructions:
            targets = [instr]
            if isinstance(instr, cst.Onbuild) and instr.trigger is not None:
                targets.append(instr.trigger)
            if len(targets) > 1:
                self._triggers.add(id(targets[1]))
            for target in targets:
                self._scopes[id(target)] = scope
                self._shells[id(target)] = current_shell
                self._stage_of[id(target)] = stage
            if isinstance(instr, cst.Arg):
                # "ENV always overrides an ARG of the same name" (Dockerfile reference).
                declared = self._declare(scope, instr, self.global_scope)
                for name in declared:
                    if name not in env:
                        scope = scope.with_(name, declared[name])
            elif isinstance(instr, cst.Env):
                before = scope
                for pair in instr.pairs:
                    name = _value(self.lexer.process_word(pair.key.value, before))
                    if isinstance(name, str):
                        value = _value(self.lexer.process_word(pair.value.value, before))
                        env = env.with_(name, value)
                        scope = scope.with_(name, value)
            elif isinstance(instr, cst.Shell) and instr.argv:
                current_shell = tuple(instr.argv)
        self._final_env[stage.index] = env
        self._final_shell[stage.index] = current_shell

    def _dependencies(self, stage: Stage, names: dict[str, int]) -> None:
        if stage.base.stage is not None:
            stage.dependencies.append(
                Dependency("from", stage.from_, stage.from_, stage.base.text, stage.base.stage, None)
            )
        for instr in stage.instructions:
            if isinstance(instr, cst.Copy) and not isinstance(instr, cst.Add):
                flag = instr.flag("from")
                if flag is not None and flag.value is not None:
                    stage.dependencies.append(self._resolve("copy", instr, flag, flag.value, stage, names))
            elif isinstance(instr, cst.Run):
                for flag in instr.flags_named("mount"):
                    source = _mount_from(flag.value or "")
                    if source is not None:
                        stage.dependencies.append(self._resolve("mount", instr, flag, source, stage, names))

    def _resolve(
        self,
        kind: str,
        instr: cst.Instruction,
        node: cst.Node,
        text: str,
        stage: Stage,
        names: dict[str, int],
    ) -> Dependency:
        if kind == "copy":
            problem = instructions.copy_from_problem(text, self.dockerfile.escape)
        else:
            problem = instructions.mount_from_problem(text)
        if problem is not None:
            return Dependency(kind, instr, node, text, None, None, problem)
        index: int | None = None
        if text.isdigit():
            index = int(text)
            if index >= len(self.stages):
                return Dependency(kind, instr, node, text, None, None, f"invalid stage index {index}")
        elif text.lower() in names:
            index = names[text.lower()]
        if index is not None:
            if index == stage.index:
                problem = "names its own stage"
            return Dependency(kind, instr, node, text, index, None, problem)
        try:
            reference = images.parse_reference(text)
        except images.InvalidReference as exc:
            return Dependency(kind, instr, node, text, None, None, exc.reason)
        return Dependency(kind, instr, node, text, None, reference)

    def _find_target(self, target: str | None) -> Stage | None:
        if not self.stages:
            return None
        if target is None:
            return self.stages[-1]
        for stage in self.stages:
            if stage.name == target.lower():
                return stage
        raise TargetNotFound(f"target stage {target!r} could not be found")

    def _reachable(self) -> set[int]:
        if self.target is None:
            return set()
        seen: set[int] = set()
        stack = [self.target.index]
        while stack:
            index = stack.pop()
            if index in seen:
                continue
            seen.add(index)
            stack.extend(d.stage for d in self.stages[index].dependencies if d.stage is not None)
        return seen

    # -- questions -----------------------------------------------------------------

    @functools.cached_property
    def positions(self) -> Positions:
        return Positions(self.dockerfile)

    def stage_of(self, instr: cst.Instruction) -> Stage | None:
        """The stage an instruction belongs to (None before the first FROM)."""
        return self._stage_of.get(id(instr))

    def scope_before(self, instr: cst.Instruction) -> Scope:
        """The names visible to an instruction: global ARGs for FROM and the instructions
        before it; the stage's ARGs and ENV (as set by the instructions before) after it."""
        return self._scopes[id(instr)]

    def expand(self, text: str, instr: cst.Instruction) -> Expansion:
        """``text`` expanded as BuildKit expands a word of ``instr``."""
        return self.lexer.process_word(text, self.scope_before(instr))

    def expansions(self, instr: cst.Instruction) -> list[ExpandedWord]:
        """Every word of ``instr`` that BuildKit expands, expanded (SYNTAX.md §1.10).

        FROM's image and ``--platform`` see the global scope; the others see the stage's
        scope before the instruction (so in ``ENV a=1 b=$a``, ``b`` sees the old ``a``).
        Not listed, because the builder does not expand them: RUN/CMD/ENTRYPOINT/SHELL/
        HEALTHCHECK commands (the shell does, at run time), ``--from`` and mount
        ``from=`` (which must not contain variables: see :class:`Dependency`),
        ``--network``, ``--security``, ``--exclude``, and ONBUILD triggers (expanded in
        the stage that builds on the image).
        """
        if id(instr) not in self._scopes or id(instr) in self._triggers:
            return []  # an ONBUILD trigger: it runs downstream
        scope = self.scope_before(instr)
        out: list[ExpandedWord] = []

        def add(node: cst.Node, role: str, text: str, lexer: Lexer | None = None) -> None:
            out.append(ExpandedWord(node, role, text, (lexer or self.lexer).process_word(text, scope)))

        if isinstance(instr, cst.From):
            if instr.arguments:
                add(instr.arguments[0], "image", instr.arguments[0].value)
            platform = instr.flag("platform")
            if platform is not None and platform.value is not None:
                add(platform, "--platform", platform.value)
        elif isinstance(instr, (cst.Env, cst.Label)):
            kind = "env" if isinstance(instr, cst.Env) else "label"
            for pair in instr.pairs:
                add(pair.key, f"{kind} key", pair.key.value)
                add(pair.value, f"{kind} value", pair.value.value)
        elif isinstance(instr, cst.Arg):
            # Each default sees the declarations before it; a --build-arg value is
            # used as given, and its default is not expanded.
            fallback = None if self.stage_of(instr) is None else self.global_scope
            for declaration in instr.declarations:
                name = declaration.name.value
                if declaration.default is not None and name not in self.build_args:
                    add(declaration.default, "arg default", declaration.default.value)
                scope = self._declare_one(scope, declaration, fallback)
        elif isinstance(instr, cst.Copy):  # and Add
            for flag_name in (
                ("chown", "chmod", "checksum") if isinstance(instr, cst.Add) else ("chown", "chmod")
            ):
                flag = instr.flag(flag_name)
                if flag is not None and flag.value is not None:
                    add(flag, f"--{flag_name}", flag.value)
            sources = instructions.copy_sources(instr)
            if sources is not None:  # else BuildKit rejects the arguments before expanding
                words = (
                    instr.arguments.elements if isinstance(instr.arguments, cst.ExecForm) else instr.arguments
                )
                # `<<EOF` words are not paths: their content is a source, expanded below.
                path_words = [
                    w
                    for w, v in zip(words[:-1], instr.values, strict=False)
                    if instructions.heredoc_spec(v) is None
                ]
                for word, path in zip(path_words, sources.source_paths, strict=True):
                    add(word, "source", path)
                add(words[-1], "destination", sources.dest_path)
                bodies = {d.name: d.body for d in instr.heredoc_documents}
                heredoc_lexer = Lexer("\\", skip_quotes=True)
                for content in sources.source_contents:
                    if content.expand and content.path in bodies:
                        add(bodies[content.path], "heredoc", content.data, heredoc_lexer)
        elif isinstance(instr, cst.Volume):
            words = instr.arguments.elements if isinstance(instr.arguments, cst.ExecForm) else instr.arguments
            for word, value in zip(words, instr.values, strict=True):
                add(word, "volume", value)
        elif isinstance(instr, (cst.Workdir, cst.User, cst.Stopsignal)):
            if instr.argument is not None:
                add(instr.argument, type(instr).__name__.lower(), instr.argument.value)
        elif isinstance(instr, cst.Expose):
            for port in instr.ports:
                out.append(
                    ExpandedWord(port, "expose", port.value, self.lexer.process_words(port.value, scope))
                )
        elif isinstance(instr, cst.Run):
            for flag in instr.flags_named("mount"):
                for key, value in _mount_fields(flag.value or ""):
                    if key != "from":
                        add(flag, f"mount {key}", value)
        return out

    def shell_of(self, instr: cst.Instruction) -> tuple[str, ...]:
        """The shell a shell-form RUN/CMD/ENTRYPOINT runs with."""
        return self._shells.get(id(instr), shell.DEFAULT_SHELL)

    def shell(self, instr: cst.Instruction) -> shell.ParsedShell | None:
        """The parsed commands of a RUN (or CMD/ENTRYPOINT), or None (see parse_instruction)."""
        key = id(instr)
        if key not in self._parsed:
            self._parsed[key] = shell.parse_instruction(instr, self.positions, self.shell_of(instr))
        return self._parsed[key]

    def base_chain(self, stage: Stage | None = None) -> list[Stage]:
        """``stage`` (the target by default) and the stages it is built ``FROM``, in that
        order: what goes into its image. The last one's base is an image (or scratch)."""
        stage = self.target if stage is None else stage
        chain: list[Stage] = []
        while stage is not None and stage not in chain:
            chain.append(stage)
            stage = self.stages[stage.base.stage] if stage.base.stage is not None else None
        return chain

    def run_commands(
        self, stages: Iterable[Stage]
    ) -> Iterator[tuple[shell.SimpleCommand, CommandModel | None]]:
        """Every simple command the stages' RUN instructions run, with its model."""
        for stage in stages:
            for instr in stage.instructions:
                if isinstance(instr, cst.Run):
                    parsed = self.shell(instr)
                    for command in parsed.commands if parsed else ():
                        yield command, self.command(command)

    def command(self, command: shell.SimpleCommand) -> CommandModel | None:
        """What a command of :meth:`shell` does (``model_command`` of its argv), computed
        once per command however many rules ask."""
        entry = self._commands.get(id(command))
        if entry is None or entry[0] is not command:
            from dflint.model.commands import model_command

            entry = (command, model_command(command.argv) if command.words else None)
            self._commands[id(command)] = entry
        return entry[1]

    def cycles(self) -> list[list[int]]:
        """Stages that depend on themselves through others (BuildKit: circular dependency)."""
        found = []
        for stage in self.stages:
            stack = [(d.stage, [stage.index]) for d in stage.dependencies if d.stage is not None]
            while stack:
                index, path = stack.pop()
                if index == stage.index:
                    if len(path) > 1 and min(path) == stage.index:
                        found.append(path)
                    continue
                if index in path:
                    continue
                stack.extend(
                    (d.stage, [*path, index]) for d in self.stages[index].dependencies if d.stage is not None
                )
        return found

    @property
    def unreachable(self) -> list[Stage]:
        """Stages the target does not need (BuildKit skips them)."""
        return [s for s in self.stages if s.index not in self.reachable]


def run_mounts(instr: cst.Instruction) -> list[dict[str, str]]:
    """The fields of each ``--mount`` of an instruction, keys lower-cased (``type``
    defaults to ``bind``, as in BuildKit)."""
    out = []
    for flag in instr.flags_named("mount"):
        if flag.value is None:
            continue
        fields = dict(_mount_fields(flag.value))
        fields.setdefault("type", "bind")
        out.append(fields)
    return out


def cache_mount_targets(instr: cst.Instruction) -> set[str]:
    """Where the instruction's cache and tmpfs mounts are (``/root/.cache/pip``, no
    trailing slash): what a RUN writes there stays out of the image."""
    out = set()
    for mount in run_mounts(instr):
        if mount["type"] in ("cache", "tmpfs"):
            target = mount.get("target") or mount.get("dst") or mount.get("destination") or ""
            out.add(target.rstrip("/") or "/")
    return out


def _mount_fields(value: str) -> list[tuple[str, str]]:
    """The ``key=value`` fields of a ``--mount`` value (keys lower-cased, as parseMount
    reads them); none when the value is not one CSV record (BuildKit rejects it)."""
    try:
        fields = bk.csv_fields(value)
    except bk.CsvError:
        return []
    out = []
    for item in fields:
        key, sep, val = item.partition("=")
        if sep:
            out.append((bk.go_lower(key), val))
    return out


def _mount_from(value: str) -> str | None:
    """The ``from=`` of a ``--mount`` value."""
    return next((val for key, val in _mount_fields(value) if key == "from"), None)
