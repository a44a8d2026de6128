"""Reading a single-stage Dockerfile for the multi-stage rewrite.

:func:`analyse` walks the one stage and sorts its instructions: the package installs
that set up the build, the build steps (compilers, build systems, package managers that
may compile what they install), what comes before the last build step, and what comes
after it. It finds what the build makes (the outputs of ``go build -o``, ``make
install``, ``install``, ``cp``, ``jar``, ...) and what the image runs (ENTRYPOINT, CMD,
HEALTHCHECK and the RUNs that stay), and answers with an :class:`Analysis` for
:mod:`dflint.optimize.rewrite`, or raises :class:`Declined` with the reason.

Nothing here guesses: a step it cannot read, a program it cannot place, a dependency
list it cannot see makes it decline with the reason.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from dflint.checks.layers.build_tools_in_final_stage import category
from dflint.model.commands import CommandModel
from dflint.model.shell import SimpleCommand
from dflint.model.stages import Model
from dflint.syntax import cst

#: why the rewrite is not offered
NOT_A_CANDIDATE = "not a candidate"  #: nothing to split (multi-stage, nothing built)
LITTLE_GAIN = "little to gain"  #: the gate's estimate is too small
CANNOT_ANALYSE = "cannot analyse"  #: the rewrite would have to guess


@dataclass(frozen=True)
class Decline:
    """Why there is no rewrite: the kind (one of the three above), a one-line reason,
    and the instruction it is about, if one."""

    kind: str
    reason: str
    instruction: cst.Instruction | None = None


class Declined(Exception):
    def __init__(self, kind: str, reason: str, instruction: cst.Instruction | None = None) -> None:
        super().__init__(reason)
        self.decline = Decline(kind, reason, instruction)


def cannot(reason: str, instruction: cst.Instruction | None = None) -> Declined:
    return Declined(CANNOT_ANALYSE, reason, instruction)


#: package managers of Debian and Ubuntu (the only distributions the recipes know)
APT = frozenset({"apt-get", "apt", "aptitude"})
#: build commands by tool (a None subcommand: any use of the tool builds)
_BUILD_TOOLS: dict[str, frozenset[str] | None] = {
    "go": frozenset({"build", "install", "generate"}),
    "cargo": frozenset({"build", "install"}),
    "make": None,
    "cmake": None,
    "ninja": None,
    "meson": None,
    "gcc": None,
    "g++": None,
    "cc": None,
    "c++": None,
    "clang": None,
    "clang++": None,
    "rustc": None,
    "javac": None,
    "jar": None,
    "mvn": None,
    "mvnw": None,
    "gradle": None,
    "gradlew": None,
    "dotnet": frozenset({"publish", "build"}),
    "pip": frozenset({"install", "wheel"}),
    "npm": frozenset({"ci", "install", "run", "run-script", "rebuild"}),
    "yarn": None,
    "pnpm": frozenset({"install", "run", "build"}),
    "configure": None,
}
#: what a build tool says about the language
LANGUAGE_OF_TOOL = {
    "go": "go",
    "cargo": "rust",
    "rustc": "rust",
    "make": "c",
    "cmake": "c",
    "ninja": "c",
    "meson": "c",
    "gcc": "c",
    "g++": "c",
    "cc": "c",
    "c++": "c",
    "clang": "c",
    "clang++": "c",
    "configure": "c",
    "javac": "java",
    "jar": "java",
    "mvn": "java",
    "mvnw": "java",
    "gradle": "java",
    "gradlew": "java",
    "dotnet": "dotnet",
    "pip": "python",
    "npm": "node",
    "yarn": "node",
    "pnpm": "node",
}
#: setup.py commands that build or install the project
_SETUP_BUILDS = frozenset({"build", "build_ext", "install", "bdist_wheel", "develop"})
#: commands a build step may run besides the build tools: they make nothing, or what
#: they make is modelled (outputs_of), or they change files in place in the build stage
_KNOWN_IN_BUILD = frozenset(
    """cd true false : echo printf test [ ls cat ldd file strip set export pwd which command type
    uname id whoami date env sleep nproc rm chmod chown chgrp touch sed install cp mv mkdir ln
    jar javac apt-get apt apt-mark dpkg rustup go cargo make cmake ninja meson gcc g++ cc c++
    clang clang++ rustc mvn mvnw gradle gradlew pip pip3 npm npx configure sort head tail wc
    grep truncate yarn pnpm dotnet""".split()
)
#: python as a build step: pip, setup.py and python -m build only
_PYTHON = re.compile(r"python[\d.]*")


def _unknown_in_build(command: SimpleCommand, model: CommandModel | None) -> str | None:
    """The command, when a build step runs something whose effect the rewrite cannot
    know (what files it makes, in or outside the build directory)."""
    name = command.name
    if name is None:
        return None if not command.words else "$…"
    name = name.removeprefix("./")
    if name in _KNOWN_IN_BUILD or name in ("node", "nodejs"):
        return None  # node: a Node build script, whose outputs the recipes check
    if name == "find" and not {"-delete", "-exec", "-execdir", "-ok", "-fprint"} & set(command.argv):
        return None
    if _PYTHON.fullmatch(name):
        if model is not None and model.tool == "pip":
            return None
        argv = command.argv
        if argv[1:2] == ["setup.py"] or argv[1:3] == ["-m", "build"] or argv[1:3] == ["-m", "venv"]:
            return None
    return " ".join(w or "$…" for w in command.argv[:3])


@dataclass
class Output:
    """A path a build step makes, absolute."""

    path: str
    instruction: cst.Instruction
    how: str  #: "go build -o", "make install", "cp", ...
    directory: bool = False  #: made by mkdir (a directory others may fill)
    cwd: str = "/"  #: where the command ran (make: the directory of its Makefile)
    explicit_prefix: bool = False  #: make install: PREFIX= given on the command line


@dataclass
class Analysis:
    """What :func:`analyse` found in the one stage."""

    model: Model
    stage_from: cst.From
    image: str  #: the base image as written (expanded)
    familiar: str  #: its familiar name (``golang``, ``python``)
    tag: str
    instructions: tuple[cst.Instruction, ...]
    last_build: int  #: index (in instructions) of the last build step or build setup
    build_steps: list[int]  #: indexes of the RUNs that build
    languages: list[str]  #: by first appearance in the build steps
    #: package installs before the last build step: index -> (build packages, other packages)
    installs: dict[int, tuple[list[str], list[str]]]
    outputs: list[Output]
    workdirs: dict[int, str]  #: instruction index -> working directory before it
    build_dirs: set[str]  #: the working directories of the build steps
    commands: dict[int, list[tuple[SimpleCommand, CommandModel | None]]]
    env: dict[str, str | None] = field(default_factory=dict)  #: ENV set by the file (final)
    #: packages an apt-get remove/purge removes again (they do not count in the estimate)
    removed: set[str] = field(default_factory=set)


def _tool(model: CommandModel | None, command: SimpleCommand) -> str | None:
    if model is not None:
        return model.tool
    return command.name


def is_build_command(model: CommandModel | None, command: SimpleCommand) -> str | None:
    """The language a command builds, when it is a build step."""
    name = _tool(model, command)
    if name is None:
        return None
    name = name.rsplit("/", 1)[-1]
    if name in ("python", "python3") and model is not None and model.tool == "pip":
        name = "pip"
    if re.fullmatch(r"python[\d.]*", name) and (
        (command.argv[1:2] == ["setup.py"] and command.argv[2:3] and command.argv[2] in _SETUP_BUILDS)
        or command.argv[1:3] == ["-m", "build"]
    ):
        return "python"
    if name in ("pip3",):
        name = "pip"
    if name.startswith("./"):
        name = name[2:]
    if name not in _BUILD_TOOLS:
        return None
    subs = _BUILD_TOOLS[name]
    if subs is not None:
        sub = model.subcommand if model is not None else None
        if sub is None:
            words = [w for w in command.argv[1:] if w and not w.startswith("-")]
            sub = words[0] if words else None
        if sub not in subs:
            return None
    return LANGUAGE_OF_TOOL[name]


def _argv_options(argv: list[str | None], takes_value: set[str]) -> tuple[dict[str, str], list[str]]:
    """A small getopt for tools dflint has no table for (install, jar, javac, cp)."""
    options: dict[str, str] = {}
    operands: list[str] = []
    i = 1
    while i < len(argv):
        word = argv[i]
        if word is None:  # an operand made at run time ($(find ...)): not an output here
            operands.append("")
            i += 1
            continue
        if word == "--":
            operands.extend(w or "" for w in argv[i + 1 :])
            break
        if word.startswith("--") and "=" in word:
            name, value = word[2:].split("=", 1)
            options[name] = value
        elif word.startswith("-") and len(word) > 1:
            name = word.lstrip("-")
            if name in takes_value and i + 1 < len(argv):
                if argv[i + 1] is None:
                    raise ValueError("an option value that is not static")
                options[name] = argv[i + 1] or ""
                i += 1
            elif word.startswith("-") and not word.startswith("--") and len(name) > 1:
                # a cluster such as -Dm 0755 or -cf FILE: the last letter may take the value
                for letter in name:
                    options[letter] = ""
                if name[-1] in takes_value and i + 1 < len(argv):
                    options[name[-1]] = argv[i + 1] or ""
                    i += 1
            else:
                options[name] = ""
        else:
            operands.append(word)
        i += 1
    return options, operands


def _absolute(path: str, workdir: str) -> str:
    return posixpath.normpath(posixpath.join(workdir, path))


#: directories every Debian image has: ``cp x /usr/local/bin`` copies into them
STANDARD_DIRS = frozenset(
    "/ /bin /sbin /usr/bin /usr/sbin /usr/local/bin /usr/local/sbin /usr/local/lib /usr/local/share "
    "/usr/lib /usr/share /usr/local /opt /etc /srv /var/lib /var/www /tmp /root /home".split()
)


def outputs_of(
    command: SimpleCommand,
    model: CommandModel | None,
    workdir: str,
    instr: cst.Instruction,
    dirs: frozenset[str] | set[str] = frozenset(),
) -> list[Output]:
    """The paths a build-stage command makes (relative to ``workdir``); ``dirs`` are the
    directories known to exist (a copy into one lands inside it)."""
    argv = command.argv
    name = (command.name or "").rsplit("/", 1)[-1]
    out: list[Output] = []

    def add(path: str, how: str, directory: bool = False) -> None:
        out.append(Output(_absolute(path, workdir), instr, how, directory, workdir))

    def into(dest: str, source: str) -> str:
        """Where a single-source copy lands: inside ``dest`` when it is a directory."""
        if (
            dest.endswith("/")
            or _absolute(dest, workdir) in STANDARD_DIRS
            or _absolute(dest, workdir) in dirs
        ):
            return posixpath.join(dest, posixpath.basename(source.rstrip("/")))
        return dest

    try:
        if name in ("install", "cp", "mv", "mkdir", "ln") and None in argv:
            raise ValueError("a path that is not static")
        if name == "go" and model is not None and model.subcommand == "build":
            target = model.option_value("o")
            if target is not None:
                add(target, "go build -o")
        elif name in ("gcc", "g++", "cc", "c++", "clang", "clang++", "rustc"):
            options, _ = _argv_options(argv, {"o"})
            if options.get("o") and not {"c", "S", "E"} & set(options):
                add(options["o"], f"{name} -o")
        elif name == "make" and "install" in [w for w in argv[1:] if w]:
            prefix = "/usr/local"
            destdir = ""
            explicit = False
            directory = workdir
            words = list(argv[1:])
            for i, word in enumerate(words):
                if word is None:
                    raise ValueError
                if word.startswith("PREFIX=") or word.startswith("prefix="):
                    prefix = word.split("=", 1)[1]
                    explicit = True
                elif word.startswith("DESTDIR="):
                    destdir = word.split("=", 1)[1]
                    if destdir:
                        raise cannot(
                            "make install DESTDIR=…: a staged install, whose files belong elsewhere at run time",
                            instr,
                        )
                elif word == "-C" and i + 1 < len(words) and words[i + 1]:
                    directory = _absolute(words[i + 1] or "", workdir)
                elif word.startswith("-C") and len(word) > 2:
                    directory = _absolute(word[2:], workdir)
            out.append(
                Output(
                    _absolute(destdir.rstrip("/") + prefix if destdir else prefix, workdir),
                    instr,
                    "make install",
                    cwd=directory,
                    explicit_prefix=explicit,
                )
            )
        elif name == "install" and model is not None and model.tool == "install":
            options, operands = _argv_options(
                argv, {"m", "mode", "o", "owner", "g", "group", "t", "target-directory", "S", "suffix"}
            )
            target_dir = options.get("t") or options.get("target-directory")
            if "d" in options or "directory" in options:
                for d in operands:
                    add(d, "install -d", directory=True)
            elif target_dir:
                for source in operands:
                    add(posixpath.join(target_dir, posixpath.basename(source)), "install")
            elif len(operands) >= 2:
                *sources, dest = operands
                if len(sources) == 1:
                    add(into(dest, sources[0]), "install")
                else:
                    for source in sources:
                        add(posixpath.join(dest, posixpath.basename(source)), "install")
        elif name in ("cp", "mv"):
            options, operands = _argv_options(argv, {"t", "target-directory", "S", "suffix"})
            target_dir = options.get("t") or options.get("target-directory")
            if target_dir:
                for source in operands:
                    add(posixpath.join(target_dir, posixpath.basename(source.rstrip("/"))), name)
            elif len(operands) >= 2:
                *sources, dest = operands
                if len(sources) == 1:
                    add(into(dest, sources[0]), name)
                else:
                    for source in sources:
                        add(posixpath.join(dest, posixpath.basename(source.rstrip("/"))), name)
        elif name == "mkdir":
            _, operands = _argv_options(argv, {"m", "mode"})
            for d in operands:
                add(d, "mkdir", directory=True)
        elif name == "jar":
            options, _ = _argv_options(argv, {"file", "f", "manifest", "m", "C", "e", "main-class"})
            target = options.get("file") or options.get("f")
            if target:
                add(target, "jar")
        elif name == "javac":
            options, _ = _argv_options(
                argv,
                {
                    "d",
                    "cp",
                    "classpath",
                    "class-path",
                    "release",
                    "source",
                    "target",
                    "encoding",
                    "s",
                    "h",
                    "sourcepath",
                    "p",
                    "module-path",
                },
            )
            if options.get("d"):
                add(options["d"], "javac -d", directory=True)
        elif name == "cargo" and model is not None and model.subcommand == "build":
            add("target", "cargo build", directory=True)
        elif name in ("mvn", "mvnw") and {"package", "install", "verify"} & {w for w in argv[1:] if w}:
            add("target", "mvn package", directory=True)
        elif name in ("gradle", "gradlew") and {"build", "assemble", "jar", "bootJar", "installDist"} & {
            w for w in argv[1:] if w
        }:
            add("build", "gradle build", directory=True)
        elif name in ("ln",):
            _, operands = _argv_options(argv, {"t", "target-directory", "S", "suffix"})
            if len(operands) == 2:
                add(operands[1], "ln")
    except ValueError:
        raise cannot(
            f"cannot tell what `{' '.join(w or '$…' for w in argv)}` makes: a word is not static", instr
        ) from None
    return out


def _packages(model: CommandModel, instr: cst.Instruction) -> list[str]:
    names = []
    for package in model.packages:
        if package.name is None or package.kind != "name":
            raise cannot("a package of the install is not a plain static name", instr)
        names.append(package.name.split(":", 1)[0].split("=", 1)[0].lower())
    return names


def analyse(model: Model) -> Analysis:
    """The one stage of ``model`` read for the rewrite (raises :class:`Declined`)."""
    stages = model.stages
    if not stages:
        raise Declined(NOT_A_CANDIDATE, "the file has no FROM")
    if len(stages) > 1:
        raise Declined(NOT_A_CANDIDATE, "already a multi-stage build")
    stage = stages[0]
    if stage.base.reference is None or stage.base.is_scratch:
        raise Declined(NOT_A_CANDIDATE, "the stage does not build on an image dflint knows")
    if model.global_args and "$" in stage.base.text:
        raise cannot("the base image is chosen by an ARG", stage.from_)
    ref = stage.base.reference
    if ref.digest is not None:
        raise cannot(
            "the base image is pinned by digest: its variant and release cannot be read", stage.from_
        )
    instructions = stage.instructions
    for instr in instructions:
        if isinstance(instr, cst.Onbuild):
            raise cannot("ONBUILD triggers would move to the runtime stage's children", instr)
        if isinstance(instr, (cst.Copy, cst.Add)) and instr.flag("from") is not None:
            raise cannot("COPY --from another image", instr)
        if (
            isinstance(instr, cst.Run)
            and (instr.flag("mount") is not None)
            and any("type=cache" not in (f.value or "") for f in instr.flags_named("mount"))
        ):
            raise cannot("RUN --mount other than a cache mount", instr)
    from dflint.optimize.knowledge import BASE_WORKDIR

    workdir = BASE_WORKDIR.get(ref.familiar_name, "/")
    workdirs: dict[int, str] = {}
    dirs: set[str] = {workdir}
    commands: dict[int, list[tuple[SimpleCommand, CommandModel | None]]] = {}
    build_steps: list[int] = []
    languages: list[str] = []
    installs: dict[int, tuple[list[str], list[str]]] = {}
    outputs: list[Output] = []
    build_dirs: set[str] = set()
    env: dict[str, str | None] = {}
    removed: set[str] = set()
    for index, instr in enumerate(instructions):
        workdirs[index] = workdir
        if isinstance(instr, cst.Workdir):
            value = model.expand(instr.value, instr).value if instr.value is not None else None
            if value is None:
                raise cannot("a WORKDIR whose value is not static", instr)
            workdir = _absolute(value, workdir)
            dirs.add(workdir)
        elif isinstance(instr, cst.Env):
            for pair in instr.pairs:
                env[pair.key.value] = model.expand(pair.value.value, instr).value
        elif isinstance(instr, cst.Run):
            if instr.heredocs:
                raise cannot("a RUN with a heredoc", instr)
            parsed = model.shell(instr)
            if parsed is None:
                raise cannot("an exec-form RUN", instr)
            if parsed.errors:
                raise cannot("a RUN whose shell script does not parse", instr)
            listed = [(c, model.command(c)) for c in parsed.commands]
            commands[index] = listed
            builds = [lang for c, m in listed if (lang := is_build_command(m, c))]
            build_packages: list[str] = []
            other_packages: list[str] = []
            for _, m in listed:
                if m is not None and m.tool in APT and m.subcommand in ("remove", "purge"):
                    removed.update(p.name.split(":", 1)[0].lower() for p in m.packages if p.name)
                if m is not None and m.tool in APT and m.subcommand == "install":
                    for name in _packages(m, instr):
                        if category_of(name):
                            build_packages.append(name)
                        else:
                            other_packages.append(name)
                elif (
                    m is not None
                    and m.tool in ("apk", "dnf", "yum", "microdnf", "zypper")
                    and m.subcommand
                    in (
                        "add",
                        "install",
                    )
                ):
                    raise cannot(
                        f"packages installed with {m.tool}: the recipes know Debian and Ubuntu", instr
                    )
            if build_packages or other_packages:
                installs[index] = (build_packages, other_packages)
            if builds:
                build_steps.append(index)
                build_dirs.add(workdir)
                for lang in builds:
                    if lang not in languages:
                        languages.append(lang)
            if builds or build_packages:
                cwd = workdir
                for c, m in listed:
                    unknown = _unknown_in_build(c, m)
                    if unknown is not None:
                        raise cannot(
                            f"a build step runs `{unknown}`: cannot tell what it makes or changes", instr
                        )
                    for redirect in c.redirects:
                        target = redirect.target.value if redirect.target is not None else None
                        if redirect.operator in (">", ">>", ">|", "&>", "&>>") and target is not None:
                            if not target.startswith("/dev/"):
                                outputs.append(Output(_absolute(target, cwd), instr, "redirect", cwd=cwd))
                    if c.name == "cd" and len(c.argv) == 2 and c.argv[1]:
                        cwd = _absolute(c.argv[1], cwd)
                        continue
                    made = outputs_of(c, m, cwd, instr, dirs)
                    dirs.update(o.path for o in made if o.directory)
                    outputs.extend(made)
    if not build_steps:
        raise Declined(
            NOT_A_CANDIDATE,
            "no build steps: nothing is compiled or installed by a package manager, so a "
            "builder stage would have nothing to do (see DF103 and DF104 for the base image)",
        )
    last = max(build_steps)
    setup = [i for i, (b, _) in installs.items() if b]
    last = max([last, *(i for i in setup if i < last)])
    return Analysis(
        model=model,
        stage_from=stage.from_,
        image=stage.base.expansion.value or stage.base.text,
        familiar=ref.familiar_name,
        tag=(ref.tag or "latest"),
        instructions=instructions,
        last_build=last,
        build_steps=build_steps,
        languages=languages,
        installs=installs,
        outputs=outputs,
        workdirs=workdirs,
        build_dirs=build_dirs,
        commands=commands,
        env=env,
        removed=removed,
    )


def category_of(name: str) -> str | None:
    from dflint.model.commands import Package

    return category(Package(name=name, version=None, operator=None, index=0, spec=name))


def program_words(model: Model, instr: cst.Instruction) -> list[list[str]] | None:
    """The argv of each command an ENTRYPOINT, CMD or HEALTHCHECK runs (exec form: its
    argv; shell form: each simple command of the script, the shell first); None when a
    word is not static."""
    args = instr.arguments  # type: ignore[attr-defined]
    if isinstance(args, cst.ExecForm):
        return [list(args.argv)]
    if isinstance(args, cst.ShellForm):
        parsed = model.shell(instr)
        if parsed is None or parsed.errors:
            return None
        out: list[list[str]] = [["sh"]]
        for c in parsed.commands:
            if any(w is None for w in c.argv):
                return None
            out.append([w or "" for w in c.argv])
        return out
    return []
