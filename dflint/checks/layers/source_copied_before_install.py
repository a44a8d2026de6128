"""DF230 source-copied-before-install: a COPY that brings in the whole source tree (the
context root, or a directory holding the manifest) comes before the RUN that installs
the dependencies from that manifest, in the same stage: every source change re-runs
the install.

Stage by stage, in order, dflint follows WORKDIR (an unknown base-image directory or
variable stays symbolic, so relative paths still compare) and each RUN's ``cd``, then
maps the manifest an install reads (``requirements.txt`` of ``pip install -r``,
``package.json`` of ``npm ci``, ...) back to the last COPY that put it there. When that
COPY is broad the install is reported on it, once per ecosystem, unless the same
ecosystem was already installed before that COPY (the good pattern: manifests, install,
``COPY . .``, then ``pip install -e .`` or ``cargo build``). A RUN with a cache mount
keeps its downloads between builds and is not reported. ONBUILD triggers are checked
among themselves, with their own directory.

With a readable build context (:mod:`dflint.model.context`) the manifests are the files
that exist there (and .dockerignore lets in); otherwise the ones the command names.

The unsafe fix copies the manifests to the same destination in place of the broad
COPY and moves the broad COPY after the install, when the install needs nothing else
that dflint can see and only instructions that neither the install nor the COPY depend
on stand between them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dflint.checks import Context, Violation
from dflint.fix.edit import Edit, Fix
from dflint.fix.style import keyword_like
from dflint.syntax import cst

if TYPE_CHECKING:
    from dflint.model.commands import CommandModel
    from dflint.model.context import BuildContext
    from dflint.model.shell import SimpleCommand
    from dflint.model.stages import ExpandedWord

_LOCAL_PREFIXES = (".", "/")
_ARCHIVES = (".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar")
#: package.json scripts npm/yarn/pnpm run on install (they may need the source)
_INSTALL_HOOKS = ("preinstall", "install", "postinstall", "prepare", "prepublish")
#: What may stand between the broad COPY and the install for the fix to move the COPY
#: past it: none of these reads the copied files, and the COPY does not depend on them
#: (WORKDIR and ENV/ARG are checked against the COPY's own words).
_NEUTRAL = (
    cst.Env,
    cst.Arg,
    cst.Label,
    cst.Expose,
    cst.User,
    cst.Workdir,
    cst.Maintainer,
    cst.Cmd,
    cst.Entrypoint,
    cst.Healthcheck,
    cst.Stopsignal,
    cst.Shell,
)
_SYSTEM_PACKAGES = frozenset({"apt-get", "apt", "aptitude", "apk", "dnf", "yum", "microdnf", "zypper"})
_MVN_OFFLINE = frozenset({"dependency:go-offline", "dependency:resolve", "dependency:resolve-plugins"})
_MVN_BUILD = frozenset({"compile", "test", "package", "verify", "install"})


@dataclass(frozen=True)
class Install:
    """A command that installs dependencies from manifests in one directory."""

    command: SimpleCommand
    label: str  #: the command as the message names it: ``npm ci``
    ecosystem: str
    directory: str  #: the image directory it reads the manifests from (may be symbolic)
    named: tuple[str, ...]  #: the manifests the command reads, as the fix copies them without a context
    candidates: tuple[str, ...]  #: the files to copy when the context is readable (those that exist)
    primary: tuple[str, ...]  #: the manifest that must be there (alternatives, in order)
    #: how to install the dependencies alone, when this command also needs the source
    hint: str | None = None
    outputs: tuple[str, ...] = ()  #: what it writes in ``directory`` (a later COPY overwrites it)
    fixable: bool = True  #: the manifests are files the fix can copy to the install's directory
    requirement_files: bool = False  #: pip's ``-r`` files (which may name other local files)


@dataclass
class Copied:
    """A COPY or ADD from the build context, where its sources land."""

    index: int
    node: cst.Copy
    outer: cst.Instruction  #: the instruction in the file (the ONBUILD for a trigger)
    sources: list[str]  #: context paths ("" for the root)
    written: list[str]  #: the sources as expanded
    words: list[cst.Node]  #: the source words
    dest: str  #: the image path
    dest_dir: bool  #: the destination is a directory


@dataclass(frozen=True)
class Delivery:
    copied: Copied
    broad: bool  #: a directory copy, not just the file
    path: str  #: the file's context path
    source: int  #: which source of the COPY brings it
    #: a directory source of an unreadable context: it may hold the file, or not
    assumed: bool = False


@dataclass
class Finding:
    copied: Copied
    word: cst.Node
    installs: list[Install] = field(default_factory=list)
    manifests: dict[str, str] = field(default_factory=dict)  #: context path -> path below the destination
    already: set[str] = field(default_factory=set)  #: context paths an earlier COPY already copied


# -- image paths (an unknown directory is a symbolic root "?N") ----------------------------


class _Paths:
    def __init__(self) -> None:
        self.count = 0

    def unknown(self) -> str:
        self.count += 1
        return f"?{self.count}"

    def join(self, base: str, path: str | None) -> str:
        from dflint.model.context import go_clean

        if path is None:
            return self.unknown()
        if path.startswith("/"):
            return go_clean(path)
        joined = go_clean(f"{base}/{path}")
        root = base.split("/", 1)[0]
        if root.startswith("?") and joined.split("/", 1)[0] != root:
            return self.unknown()  # `..` above a directory dflint cannot see
        return joined


def _below(path: str, directory: str) -> str | None:
    """``path`` relative to ``directory`` ("" when equal), or None when outside it."""
    if path == directory:
        return ""
    prefix = directory.rstrip("/") + "/"
    return path[len(prefix) :] if path.startswith(prefix) else None


def _basename(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _context_join(directory: str, rel: str) -> str:
    return f"{directory}/{rel}" if directory else rel


# -- installs -------------------------------------------------------------------------------


def _local_project(spec: str | None) -> bool:
    return spec is not None and spec.startswith(_LOCAL_PREFIXES) and not spec.endswith(_ARCHIVES)


@dataclass(frozen=True)
class _Command:
    """A command of a RUN, with the directory it runs in."""

    command: SimpleCommand
    model: CommandModel
    cwd: str
    paths: _Paths

    def label(self, last: int | None = None) -> str:
        """The words from the tool to the subcommand (or to argv index ``last``)."""
        model = self.model
        end = last if last is not None else (model.subcommand_index or model.tool_index)
        return " ".join(w.source for w in self.command.words[model.tool_index : end + 1])

    def directory(self, *names: str) -> tuple[bool, str | None]:
        """(known, value) of an option naming the project directory (``npm --prefix``)."""
        option = self.model.option(*names)
        if option is None:
            return True, None
        return option.value is not None, option.value

    def install(
        self,
        ecosystem: str,
        named: Sequence[str],
        *,
        directory: str | None = None,
        candidates: Sequence[str] | None = None,
        primary: Sequence[str] | None = None,
        label: str | None = None,
        hint: str | None = None,
        outputs: tuple[str, ...] = (),
        fixable: bool = True,
        requirement_files: bool = False,
    ) -> Install:
        return Install(
            self.command,
            label or self.label(),
            ecosystem,
            self.paths.join(self.cwd, directory) if directory is not None else self.cwd,
            tuple(named),
            tuple(candidates if candidates is not None else named),
            tuple(primary if primary is not None else named[:1]),
            hint,
            outputs,
            fixable,
            requirement_files,
        )


def _python(c: _Command) -> Install | None:
    model, sub = c.model, c.model.subcommand
    operands = [o.text for o in model.operands]
    if model.tool == "pip" and sub in ("install", "wheel", "download", "sync"):
        if sub == "sync":
            requirements = operands
        else:
            requirements = [o.value for o in model.options_named("requirement", "requirements")]
        constraints = [o.value for o in model.options_named("constraint", "constraints")]
        projects = [p.spec for p in model.packages if _local_project(p.spec)]
        projects += [o.value for o in model.options_named("editable") if _local_project(o.value)]
        files = [f for f in (*requirements, *constraints) if f is not None]
        if len(files) < len(requirements) + len(constraints):
            return None  # a file only the build knows
        if requirements:
            hint = f"`pip install -r {files[0]}`" if projects else None
            return c.install("python", files, hint=hint, requirement_files=True)
        if projects:
            alternatives = ("pyproject.toml", "setup.py", "setup.cfg")
            return c.install(
                "python",
                ("pyproject.toml",),
                directory=str(projects[0]).split("[", 1)[0],
                candidates=alternatives,
                primary=alternatives,
                hint="from a requirements or lock file",
            )
        return None
    if model.tool == "pipenv" and operands in (["install"], ["sync"]):
        label = c.label(model.operands[0].index)
        return c.install("python", ("Pipfile", "Pipfile.lock"), outputs=(".venv",), label=label)
    if model.tool == "poetry" and operands[:1] == ["install"]:
        known, where = c.directory("directory")
        if not known or model.has_option("C"):
            return None
        alone = model.has_option("no-root")
        return c.install(
            "python",
            ("pyproject.toml", "poetry.lock"),
            directory=where,
            candidates=("pyproject.toml", "poetry.lock", "poetry.toml"),
            hint=None if alone else "`poetry install --no-root`",
            outputs=(".venv",),
            label="poetry install --no-root" if alone else "poetry install",
        )
    if model.tool == "uv" and sub == "sync":
        known, where = c.directory("directory", "project")
        if not known:
            return None
        return c.install(
            "python",
            ("pyproject.toml", "uv.lock"),
            directory=where,
            candidates=("pyproject.toml", "uv.lock", ".python-version"),
            hint=None if model.has_option("no-install-project") else "`uv sync --no-install-project`",
            outputs=(".venv",),
        )
    return None


_LOCKS = {"npm": "package-lock.json", "yarn": "yarn.lock", "pnpm": "pnpm-lock.yaml"}
_NODE_EXTRAS = {"npm": ("npm-shrinkwrap.json", ".npmrc"), "yarn": (".yarnrc", ".npmrc"), "pnpm": (".npmrc",)}
_NODE_DIRECTORY = {"npm": "prefix", "yarn": "cwd", "pnpm": "dir"}


def _node(c: _Command) -> Install | None:
    model, tool, sub = c.model, c.model.tool, c.model.subcommand
    if tool not in _LOCKS or model.has_option("global"):
        return None
    known, where = c.directory(_NODE_DIRECTORY[tool])
    if not known:
        return None
    lock = _LOCKS[tool]
    if tool == "pnpm" and sub == "fetch":
        return c.install("node", (lock,), directory=where, candidates=(lock, ".npmrc"))
    if tool == "npm" and sub == "ci":
        named: tuple[str, ...] = ("package.json", lock)
    elif tool == "npm" and sub == "install" and not model.packages:
        named = ("package*.json",)  # the lock file is optional here
    elif tool == "yarn" and (sub == "install" or (sub is None and not model.operands)):
        named = ("package.json", lock)
    elif tool == "pnpm" and sub == "install" and not model.packages:
        named = ("package.json", lock)
    else:
        return None
    return c.install(
        "node",
        named,
        directory=where,
        candidates=("package.json", lock, *_NODE_EXTRAS[tool]),
        primary=("package.json",),
        outputs=("node_modules",),
    )


def _compiled(c: _Command) -> Install | None:
    """Go, Ruby, PHP, Rust and Java."""
    model, tool, sub = c.model, c.model.tool, c.model.subcommand
    if tool == "go" and sub == "mod download":
        known, where = c.directory("C")
        return c.install("go", ("go.mod", "go.sum"), directory=where) if known else None
    if tool == "bundle" and sub == "install":
        known, gemfile = c.directory("gemfile")
        if not known:
            return None
        directory, _, name = (gemfile or "Gemfile").rpartition("/")
        return c.install(
            "ruby",
            (name, f"{name}.lock"),
            directory=directory or None,
            candidates=(name, f"{name}.lock", ".ruby-version"),
            outputs=("vendor/bundle",),
        )
    if tool == "composer" and sub == "install":
        known, where = c.directory("working-dir")
        if not known:
            return None
        alone = model.has_option("no-scripts") and model.has_option("no-autoloader")
        return c.install(
            "php",
            ("composer.json", "composer.lock"),
            directory=where,
            hint=None if alone else "`composer install --no-scripts --no-autoloader`",
            outputs=("vendor",),
        )
    if tool == "cargo" and sub == "chef" and [o.text for o in model.operands[:1]] == ["cook"]:
        # cargo-chef builds the dependencies from a recipe, usually from another stage
        return c.install("rust", ("recipe.json",), hint="`cargo chef cook`", label="cargo chef cook")
    paths = [p.spec for p in model.packages if p.kind == "path"]
    if tool == "cargo" and (sub in ("fetch", "build") or (sub == "install" and paths)):
        known, manifest = c.directory("manifest-path")
        if not known:
            return None
        where = paths[0] if sub == "install" else None
        if manifest is not None and sub != "install":
            where = manifest.rpartition("/")[0] or "."
        return c.install(
            "rust",
            ("Cargo.toml", "Cargo.lock"),
            directory=where,
            hint="with a stub `src/main.rs`, or with cache mounts",
            outputs=("target",),
        )
    if tool in ("mvn", "mvnw"):
        for operand in model.operands:
            if operand.text in _MVN_OFFLINE or operand.text in _MVN_BUILD:
                wrapper = tool == "mvnw"  # the wrapper needs itself and .mvn/ too
                return c.install(
                    "java",
                    ("pom.xml", "mvnw", ".mvn") if wrapper else ("pom.xml",),
                    hint=f"`{tool} dependency:go-offline`" if operand.text in _MVN_BUILD else None,
                    label=c.label(operand.index),
                    fixable=not wrapper,
                )
    return None


def _install(command: SimpleCommand, model: CommandModel, cwd: str, paths: _Paths) -> Install | None:
    """The install ``model`` runs in ``cwd``, if it installs from manifests."""
    c = _Command(command, model, cwd, paths)
    return _python(c) or _node(c) or _compiled(c)


def _context_free(model: CommandModel, dest: str) -> bool:
    """Whether a command neither reads the copied files nor changes what the COPY to
    ``dest`` writes, so it can run before the source is copied."""
    tool, sub = model.tool, model.subcommand
    if tool in ("set", "true", ":", "export", "cd", "corepack"):
        return True
    if tool in _SYSTEM_PACKAGES:
        return all(p.kind in ("name", "group") for p in model.packages)
    if tool == "pip":
        if sub == "cache":
            return True
        return (
            sub == "install"
            and not model.has_option("requirement", "requirements", "constraint", "constraints", "editable")
            and all(p.kind in ("name", "url", "vcs") and not _local_project(p.spec) for p in model.packages)
        )
    if tool in ("npm", "yarn", "pnpm"):
        if sub is not None and sub.split(" ", 1)[0] in ("config", "cache"):
            return True
        return (model.has_option("global") or sub == "global add") and all(
            p.kind == "name" for p in model.packages
        )
    if tool == "mkdir":
        return all(o.text is not None and o.text.startswith("/") for o in model.operands)
    if tool == "rm":  # not what the COPY puts in place (an unknown destination is taken not to)
        return all(
            o.text is not None and o.text.startswith("/") and _below(o.text, dest) is None
            for o in model.operands
        )
    return False


# -- the walk -----------------------------------------------------------------------------


class _Walk:
    """One stage's instructions (or its ONBUILD triggers), in order."""

    def __init__(
        self,
        ctx: Context,
        items: list[tuple[cst.Instruction, cst.Instruction]],
        outers: Sequence[cst.Instruction],
        workdir: str,
        context: BuildContext | None,
        paths: _Paths,
        triggers: bool,
    ) -> None:
        self.ctx = ctx
        self.items = items
        self.outers = list(outers)
        self.workdir = workdir
        self.context = context
        self.paths = paths
        self.triggers = triggers
        self.copies: list[Copied] = []
        #: ecosystem -> index of its first install (-1: in a stage this one is built FROM)
        self.installed: dict[str, int] = {}
        self._expanded: dict[int, list[ExpandedWord]] = {}

    # -- what instructions do

    def _value(self, node: cst.Instruction, word: cst.Node, role: str) -> str | None:
        if self.triggers:  # expanded in the build that uses the image: keep plain words only
            text = getattr(word, "value", None)
            return None if text is None or any(c in text for c in "$\"'") else text
        if id(node) not in self._expanded:
            self._expanded[id(node)] = self.ctx.model.expansions(node)
        for expanded in self._expanded[id(node)]:
            if expanded.node is word and expanded.role == role:
                return expanded.expansion.value
        return None

    def _copied(self, index: int, node: cst.Copy, outer: cst.Instruction) -> Copied | None:
        from dflint.checks.layers.copy_ignored_file import remote
        from dflint.model.context import context_path
        from dflint.syntax import instructions

        if node.flag("from") is not None or instructions.copy_sources(node) is None:
            return None
        words = list(node.arguments.elements if isinstance(node.arguments, cst.ExecForm) else node.arguments)
        values = node.values
        sources, written, nodes = [], [], []
        for word, value in zip(words[:-1], values[:-1], strict=True):
            if instructions.heredoc_spec(value) is not None:
                continue
            source = self._value(node, word, "source")
            if source is None:
                return None
            if isinstance(node, cst.Add) and remote(source):
                continue
            sources.append(context_path(source))
            written.append(source)
            nodes.append(word)
        dest = self._value(node, words[-1], "destination")
        if dest is None or not sources:
            return None
        return Copied(
            index,
            node,
            outer,
            sources,
            written,
            nodes,
            self.paths.join(self.workdir, dest),
            dest.endswith("/") or dest in (".", "") or len(values) > 2,
        )

    def _delivers(self, copied: Copied, target: str) -> Delivery | None:
        """Whether ``copied`` puts the image file ``target`` in place, and how."""
        from dflint.model.context import go_match, has_wildcards

        context = self.context
        below = _below(target, copied.dest)
        name = _basename(target)

        def lands(source_name: str) -> bool:
            return target == f"{copied.dest.rstrip('/')}/{source_name}" or (
                not copied.dest_dir and target == copied.dest
            )

        for index, (source, written) in enumerate(zip(copied.sources, copied.written, strict=True)):
            directory = source == "" or (
                context.is_dir(source) if context is not None else written.endswith("/")
            )
            if directory:
                if below:
                    path = _context_join(source, below)
                    if context is None or context.available(path):
                        return Delivery(copied, True, path, index, context is None and source != "")
                continue
            if has_wildcards(source):
                if context is None:
                    pattern = _basename(source)
                    try:
                        if go_match(pattern, name) and lands(name):
                            return Delivery(
                                copied, False, _context_join(source.rpartition("/")[0], name), index
                            )
                    except ValueError:
                        pass
                    continue
                for match in context.glob(source):
                    if context.excluded(match):
                        continue
                    if context.is_dir(match):
                        if below and context.available(_context_join(match, below)):
                            return Delivery(copied, True, _context_join(match, below), index)
                    elif lands(_basename(match)):
                        return Delivery(copied, False, match, index)
                continue
            if (context is None or context.available(source)) and lands(_basename(source)):
                return Delivery(copied, False, source, index)
        return None

    def _latest(self, target: str, before: int) -> Delivery | None:
        for copied in reversed(self.copies):
            if copied.index < before:
                found = self._delivers(copied, target)
                if found is not None:
                    return found
        return None

    def _run_installs(self, node: cst.Run) -> tuple[list[Install], list[tuple[SimpleCommand, CommandModel]]]:
        parsed = self.ctx.model.shell(node)
        installs: list[Install] = []
        commands: list[tuple[SimpleCommand, CommandModel]] = []
        if parsed is None:
            return installs, commands
        cwd: dict[tuple[str, ...], str] = {(): self.workdir}
        for command in parsed.commands:
            model = self.ctx.model.command(command)
            here = next(
                cwd[command.context[:i]]
                for i in range(len(command.context), -1, -1)
                if command.context[:i] in cwd
            )
            if model is None:
                continue
            commands.append((command, model))
            if model.tool == "cd":
                target = model.operands[0].text if model.operands else None
                cwd[command.context] = self.paths.join(here, None if target == "-" else target)
                continue
            install = _install(command, model, here, self.paths)
            if install is not None:
                installs.append(install)
        return installs, commands

    # -- the walk

    def run(self) -> Iterator[Violation]:
        from dflint.model.stages import cache_mount_targets

        reported: set[tuple[str, int]] = set()
        for index, (node, outer) in enumerate(self.items):
            if isinstance(node, cst.Workdir):
                value = self._value(node, node.argument, "workdir") if node.argument is not None else None
                self.workdir = self.paths.join(self.workdir, value)
            elif isinstance(node, cst.Copy):
                copied = self._copied(index, node, outer)
                if copied is not None:
                    self.copies.append(copied)
            elif isinstance(node, cst.Run):
                installs, commands = self._run_installs(node)
                cached = bool(cache_mount_targets(node))
                findings: dict[int, Finding] = {}
                for install in installs:
                    first = self.installed.setdefault(install.ecosystem, index)
                    if cached:
                        continue
                    delivery = self._primary(install, index)
                    if delivery is None or not delivery.broad:
                        continue
                    copied = delivery.copied
                    if first < copied.index or (install.ecosystem, copied.index) in reported:
                        continue
                    reported.add((install.ecosystem, copied.index))
                    finding = findings.get(copied.index)
                    if finding is None:
                        finding = findings[copied.index] = Finding(copied, copied.words[delivery.source])
                    self._add_manifests(finding, install)
                for finding in findings.values():
                    yield self._violation(finding, outer, commands)

    def _primary(self, install: Install, before: int) -> Delivery | None:
        """The last COPY that put the install's main manifest in place. Without a
        context, a directory (``COPY static/ /app/``) is taken to hold the manifest
        only when no earlier COPY put it there."""
        assumed = None
        for copied in reversed(self.copies):
            if copied.index >= before:
                continue
            for name in install.primary if self.context is not None else install.primary[:1]:
                found = self._delivers(copied, self.paths.join(install.directory, name))
                if found is not None and not found.assumed:
                    return found
                if found is not None:
                    assumed = assumed or found
                    break
        return assumed

    def _add_manifests(self, finding: Finding, install: Install) -> None:
        finding.installs.append(install)
        names = install.candidates if self.context is not None else install.named
        for name in names:
            target = self.paths.join(install.directory, name)
            found = self._delivers(finding.copied, target)
            if found is None or not found.broad:
                continue
            below = _below(target, finding.copied.dest)
            finding.manifests.setdefault(found.path, below or name)
            earlier = self._latest(target, finding.copied.index)
            if earlier is not None and not earlier.broad:
                finding.already.add(found.path)

    # -- the report and the fix

    def _violation(
        self,
        finding: Finding,
        run_outer: cst.Instruction,
        commands: list[tuple[SimpleCommand, CommandModel]],
    ) -> Violation:
        ctx = self.ctx
        copied = finding.copied
        word_text = next(w for w, n in zip(copied.written, copied.words, strict=True) if n is finding.word)
        verb = f"{copied.node.keyword.name.upper()} {word_text}"
        first = finding.installs[0]
        line = ctx.positions.position(first.command.start).line
        labels = " and ".join(f"`{i.label}`" for i in finding.installs)
        to_copy = [p for p in finding.manifests if p not in finding.already]
        hints = [i.hint for i in finding.installs if i.hint]
        how = f"install the dependencies alone ({hints[0]})" if hints else "run the install"
        if to_copy:
            advice = f"copy {_listing(to_copy)} first, {how}, then copy the rest"
        else:
            advice = f"{how} before this {copied.node.keyword.name.upper()}"
        message = (
            f"`{verb}` comes before {labels} (line {line}): every change to the copied files "
            f"re-runs the install; {advice}"
        )
        fixable = all(i.fixable and not i.hint for i in finding.installs)
        fix = self._fix(finding, to_copy, run_outer, commands) if fixable else None
        title = None
        if fix is not None:
            title = (
                f"Copy {_listing(to_copy)} before the install and `{verb}` after it"
                if to_copy
                else f"Move `{verb}` after the install"
            )
        span = ctx.positions.span(finding.word)
        return Violation(message, span.start.offset, span.end.offset, fix, title)

    def _fix(
        self,
        finding: Finding,
        to_copy: list[str],
        run_outer: cst.Instruction,
        commands: list[tuple[SimpleCommand, CommandModel]],
    ) -> Fix | None:
        ctx = self.ctx
        copied = finding.copied
        node, outer = copied.node, copied.outer
        if (
            isinstance(node.arguments, cst.ExecForm)
            or node.heredocs
            or len(node.arguments) != 2
            or any(f.name not in ("chown", "chmod", "link") or "\n" in f.raw for f in node.flags)
        ):
            return None
        dest_raw = node.arguments[-1].raw
        if re.search(r"[\s\"'\\`]", dest_raw) or any(re.search(r"[\s\"'\\`$]", p) for p in to_copy):
            return None
        if any("/" in finding.manifests[p] for p in to_copy):
            return None  # it would land elsewhere than the install expects
        if not self._movable(copied, run_outer):
            return None
        ours = {id(i.command) for i in finding.installs}
        if not all(id(c) in ours or _context_free(m, copied.dest) for c, m in commands):
            return None
        if self.context is not None and not self._only_manifests(finding):
            return None

        text = ctx.text
        positions = ctx.positions

        def line_start(instr: cst.Instruction) -> int:
            return positions.span(instr).start.offset - len(instr.indent)

        moved = text[line_start(outer) : positions.full_span(outer).end.offset]
        if to_copy:
            keyword = keyword_like(node.keyword.value, "COPY")
            dest = dest_raw
            if dest == "." and len(to_copy) > 1:
                dest = "./"
            elif not dest.endswith("/") and dest != ".":
                dest += "/"
            flags = "".join(f" {f.raw}" for f in node.flags)
            span = positions.span(node)
            first = Edit(span.start.offset, span.end.offset, f"{keyword}{flags} {' '.join(to_copy)} {dest}")
        else:
            first = Edit.deletion(line_start(outer), positions.full_span(outer).end.offset)
        end = positions.full_span(run_outer).end.offset
        if not text[:end].endswith("\n"):  # the install is the last line and has no line end
            newline = moved[len(moved.rstrip("\r\n")) :]  # the moved line's own
            moved = newline + moved.removesuffix(newline)
        return Fix.unsafe(first, Edit.insertion(end, moved))

    def _movable(self, copied: Copied, run_outer: cst.Instruction) -> bool:
        """Whether the broad COPY can move past what stands between it and the install."""
        start = next(i for i, x in enumerate(self.outers) if x is copied.outer)
        end = next(i for i, x in enumerate(self.outers) if x is run_outer)
        between = []
        for outer in self.outers[start + 1 : end]:
            inner = outer.trigger if isinstance(outer, cst.Onbuild) else None
            if self.triggers:
                if inner is not None:
                    between.append(inner)
            elif inner is None:
                between.append(outer)
        if not all(isinstance(i, _NEUTRAL) or self._free_run(i, copied.dest) for i in between):
            return False
        dest = copied.node.values[-1]
        if any(isinstance(i, cst.Workdir) for i in between) and not dest.startswith("/"):
            return False
        return not (
            any(isinstance(i, (cst.Env, cst.Arg)) for i in between) and "$" in copied.node.logical_line
        )

    def _free_run(self, instr: cst.Instruction, dest: str) -> bool:
        """A RUN whose every command leaves the copied files alone (``apt-get install``,
        ``npm install -g``): the COPY can move past it."""
        if not isinstance(instr, cst.Run):
            return False
        parsed = self.ctx.model.shell(instr)
        if parsed is None or parsed.errors or not parsed.commands:
            return False
        models = [self.ctx.model.command(c) for c in parsed.commands]
        return all(m is not None and m.tool != "cd" and _context_free(m, dest) for m in models)

    def _only_manifests(self, finding: Finding) -> bool:
        """With the context readable: whether the installs need only these files (no
        workspaces or install scripts, no local paths in requirement files, no output
        directory in the context that the moved COPY would overwrite)."""
        context = self.context
        assert context is not None
        by_name = {_basename(p): p for p in finding.manifests}
        for install in finding.installs:
            base = next(
                (p.rpartition("/")[0] for p in finding.manifests if _basename(p) == install.primary[0]),
                "",
            )
            if any(context.available(_context_join(base, o)) for o in install.outputs):
                return False
            if install.ecosystem == "node":
                if any(
                    context.available(_context_join(base, f)) for f in (".yarnrc.yml", "pnpm-workspace.yaml")
                ):
                    return False
                text = context.read_text(by_name.get("package.json", "package.json"))
                try:
                    data = json.loads(text) if text is not None else {}
                except ValueError:
                    return False
                scripts = data.get("scripts") if isinstance(data, dict) else None
                if not isinstance(data, dict) or "workspaces" in data:
                    return False
                if isinstance(scripts, dict) and any(h in scripts for h in _INSTALL_HOOKS):
                    return False
            elif install.requirement_files:
                for path in finding.manifests:
                    if _basename(path) not in {_basename(n) for n in install.named}:
                        continue
                    text = context.read_text(path) or ""
                    if re.search(
                        r"^\s*(-r|--requirement|-c|--constraint|-e|--editable|\.|/|file:)", text, re.M
                    ):
                        return False
                    if re.search(r"@\s*file:", text):
                        return False
            elif install.ecosystem == "ruby":
                text = context.read_text(by_name.get(install.primary[0], install.primary[0])) or ""
                if re.search(r"^\s*gemspec\b|\bpath\s*(:|=>)", text, re.M):
                    return False
            elif install.ecosystem == "go":
                if context.available(_context_join(base, "go.work")):
                    return False
            elif install.ecosystem == "java":
                text = context.read_text(by_name.get("pom.xml", "pom.xml")) or ""
                if "<modules>" in text or context.available(_context_join(base, ".mvn")):
                    return False
        return True


def _listing(paths: Sequence[str]) -> str:
    names = [f"`{p}`" for p in paths]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def check(ctx: Context) -> Iterator[Violation]:
    model = ctx.model
    context = ctx.file.build_context.get(ctx.options.get("context"))
    paths = _Paths()
    final: dict[int, _Walk] = {}
    for stage in model.stages:
        parent = final.get(stage.base.stage) if stage.base.stage is not None else None
        plain = [(i, i) for i in stage.instructions if not isinstance(i, cst.Onbuild)]
        workdir = parent.workdir if parent is not None else paths.unknown()
        walk = _Walk(ctx, plain, stage.instructions, workdir, context, paths, False)
        if parent is not None:  # what the stage it is built FROM installed is there already
            walk.installed = dict.fromkeys(parent.installed, -1)
        yield from walk.run()
        final[stage.index] = walk
        triggers = [
            (i.trigger, i) for i in stage.instructions if isinstance(i, cst.Onbuild) and i.trigger is not None
        ]
        if triggers:
            # another build's context and working directory
            yield from _Walk(ctx, triggers, stage.instructions, paths.unknown(), None, paths, True).run()
