"""DF235 build-tools-in-final-stage: compilers, headers or build systems installed in the
image that ships, which only its build uses: the candidate for a multi-stage build.

Only layers that ship are checked (the target stage and the stages it is built FROM).
A RUN that removes the packages again (``apt-get purge``, ``apk del`` of the package or
of its ``--virtual`` group, ``dnf remove``, or the ``apt-mark auto`` + ``--auto-remove``
idiom of the official images) keeps them out of its layer and is not reported. The image
is taken to need them at run time, and nothing is reported, when it is itself a build
or development environment as far as dflint can see: its CMD/ENTRYPOINT builds (a build
tool or script, ``pip install``, ...), ends in an interactive shell, a REPL or a
keep-alive (``sleep infinity``), or the image sets neither (it runs what its base image
runs). DF104 reports a toolchain base image; when it does, the packages added to it
are not reported again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.base_images import toolchain_final_stage
from dflint.checks.layers import modelled, ships
from dflint.model.commands import CommandModel, Package, model_command
from dflint.model.shell import SimpleCommand
from dflint.syntax import cst

ON = (cst.Run,)

#: what each category holds: exact package names of Debian/Ubuntu, Alpine, Fedora/RHEL
#: and openSUSE, then name patterns (full match)
BUILD_PACKAGES: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "compilers": (
        frozenset(
            "gcc g++ gcc-c++ clang build-essential build-base alpine-sdk golang golang-go go"
            " rustc cargo rust gfortran gcc-gfortran default-jdk default-jdk-headless nasm yasm"
            " ghc".split()
        ),
        (
            r"(gcc|g\+\+|clang|gfortran|cpp)-\d+(\.\d+)*",  # gcc-12, clang-16
            r"(gcc|clang)\d+",  # Alpine's gcc13, clang17
            r"gcc-toolset-\d+",
            r"golang-\d+\.\d+(-go)?",
            r"openjdk-\d+-jdk(-headless)?",  # Debian
            r"openjdk\d+(-jdk)?",  # Alpine: openjdk21 is the JDK
            r"java-[\d.]+-openjdk-devel",
        ),
    ),
    "headers": (
        frozenset({"kernel-headers", "kernel-devel"}),
        (r".+-dev", r".+-devel", r"linux-headers(-.+)?"),
    ),
    "build systems": (
        frozenset(
            "make cmake ninja-build ninja samurai meson autoconf automake libtool pkg-config"
            " pkgconf pkgconfig maven gradle ant scons bazel bison flex".split()
        ),
        (r"cmake\d+",),
    ),
}
#: headers packages installed for what they also hold at run time: libjemalloc-dev has
#: the unversioned ``libjemalloc.so`` that entrypoints put in LD_PRELOAD (Flink's images)
RUNTIME_HEADERS = frozenset({"libjemalloc-dev"})
#: package groups that are compilers and build tools (``dnf group install ...``)
BUILD_GROUPS = frozenset(
    {"development-tools", "development", "c-development", "c-development-tools-and-libraries"}
)
#: commands that make an image a build environment when its CMD/ENTRYPOINT runs them
BUILD_COMMANDS = frozenset(
    "gcc g++ cc c++ clang clang++ make cmake ninja meson go cargo rustc javac mvn mvnw gradle"
    " gradlew ant bazel scons gfortran flutter sbt lein swift swiftc".split()
)
_SHELLS = frozenset({"sh", "bash", "zsh", "ash", "dash", "ksh", "fish"})
_REPL = re.compile(r"python[\d.]*|ipython3?|irb|node|nodejs|R|julia|ghci|iex|erl")
#: build scripts, by name: build.sh, build-all.sh, configure, compile, package.sh
_BUILD_SCRIPT = re.compile(r"(build|compile|configure|package)([-_.][\w.-]*)?")
#: language package managers and the subcommands that may compile what they install
_LANGUAGE_INSTALLERS: dict[str, frozenset[str | None]] = {
    **dict.fromkeys(("pip", "pipx", "uv", "gem", "composer"), frozenset({"install", "sync", "update"})),
    **dict.fromkeys(("npm", "pnpm"), frozenset({"install", "ci", "add", "rebuild", "update"})),
    "yarn": frozenset({"install", "add", None}),  # a bare `yarn` installs
    "bundle": frozenset({"install", "update", None}),
    "cargo": frozenset({"install", "build", "run"}),
}
#: servers to develop in (notebooks, editors, an SSH login)
_WORKBENCHES = frozenset(
    "jupyter jupyter-lab jupyter-notebook start-notebook.sh start-notebook.py code-server sshd".split()
)
#: base images that are workbenches (their users build in them): name prefixes
WORKBENCH_IMAGES = (
    "rocker/rstudio",
    "rocker/tidyverse",
    "rocker/verse",
    "rocker/geospatial",
    "rocker/ml",
    "jupyter/",
    "quay.io/jupyter/",
    "mcr.microsoft.com/devcontainers/",
    "mcr.microsoft.com/vscode/devcontainers/",
    "codercom/code-server",
    "gitpod/",
)
#: init processes that run the program after their options
_INITS = frozenset({"tini", "tini-static", "dumb-init", "catatonit", "docker-init"})

#: package manager -> the subcommands that install and that remove packages
_INSTALL = {
    **dict.fromkeys(("apt-get", "apt", "aptitude"), ({"install"}, {"remove", "purge"})),
    "apk": ({"add"}, {"del"}),
    **dict.fromkeys(
        ("dnf", "yum", "microdnf"),
        ({"install", "group install"}, {"remove", "group remove"}),
    ),
    "zypper": ({"install"}, {"remove"}),
}
_APT = frozenset({"apt-get", "apt", "aptitude"})
_COMPILED = {
    category: (names, re.compile("|".join(f"(?:{p})" for p in patterns)))
    for category, (names, patterns) in BUILD_PACKAGES.items()
}


def _bare(name: str) -> str:
    """A package name without apt's ``:arch`` and apk's ``@tag``."""
    return name.split(":", 1)[0].split("@", 1)[0]


def category(package: Package) -> str | None:
    """The build category of an installed package, or None."""
    if package.name is None:
        return None
    if package.kind == "group":
        group = re.sub(r"[\s_]+", "-", package.name.strip().lower()).lstrip("@")
        return "compilers" if group in BUILD_GROUPS else None
    if package.kind != "name":
        return None
    name = _bare(package.name).lower()
    if name in RUNTIME_HEADERS:
        return None
    for found, (names, pattern) in _COMPILED.items():
        if name in names or pattern.fullmatch(name):
            return found
    return None


def _removes(model: CommandModel) -> bool:
    entry = _INSTALL.get(model.tool)
    return entry is not None and model.subcommand in entry[1]


def _auto_removes(model: CommandModel) -> bool:
    """apt's autoremove, or remove/purge with ``--auto-remove``."""
    return model.tool in _APT and (
        model.subcommand in ("autoremove", "autopurge")
        or (model.subcommand in ("remove", "purge") and model.has_option("auto-remove"))
    )


def _removed_later(
    commands: list[tuple[SimpleCommand, CommandModel]], index: int, install: CommandModel
) -> set[str] | None:
    """The package names (and apk virtual groups) the commands after ``index`` remove;
    None when they may remove anything (a package word that is not static, or apt's
    ``apt-mark auto`` followed by an auto-remove, which removes what was installed)."""
    removed: set[str] = set()
    marked_auto = False
    for _, model in commands[index + 1 :]:
        if model.tool == "apt-mark" and model.operands and model.operands[0].text in ("auto", "markauto"):
            marked_auto = True
        if install.tool in _APT and marked_auto and _auto_removes(model):
            return None
        if _removes(model):
            for package in model.packages:
                if package.name is None:
                    return None
                removed.add(_bare(package.name).lower())
    return removed


def _runtime(ctx: Context) -> tuple[cst.Entrypoint | None, cst.Cmd | None]:
    """The ENTRYPOINT and CMD the image runs: the nearest along the stages it is built
    from (an ENTRYPOINT resets a CMD inherited from a base, as BuildKit does)."""
    entrypoint = cmd = None
    reset = False
    for stage in ctx.model.base_chain():
        own_entrypoint = next(
            (i for i in reversed(stage.instructions) if isinstance(i, cst.Entrypoint)), None
        )
        own_cmd = next((i for i in reversed(stage.instructions) if isinstance(i, cst.Cmd)), None)
        if cmd is None and not reset:
            cmd = own_cmd
        if entrypoint is None and own_entrypoint is not None:
            entrypoint = own_entrypoint
            reset = True
    return entrypoint, cmd


def _unwrapped(argv: list[str | None]) -> list[str | None]:
    """``argv`` without the init processes in front of the program (``tini --``,
    ``dumb-init``)."""
    while argv and (argv[0] or "").rsplit("/", 1)[-1] in _INITS:
        argv = argv[1:]
        while argv and (argv[0] or "").startswith("-"):
            argv = argv[1:]
    return argv


def _argv(ctx: Context, instr: cst.Entrypoint | cst.Cmd) -> list[str]:
    """The program an ENTRYPOINT or CMD ends up in: its exec form (after any init
    process), or the last top-level command of its shell form."""
    if instr.argv is not None:
        return [w or "" for w in _unwrapped(list(instr.argv))]
    parsed = ctx.model.shell(instr)
    top = [c for c in parsed.commands if not c.context] if parsed else []
    return [w or "" for w in top[-1].argv] if top else []


def _open_ended(argv: list[str]) -> bool:
    """Whether ``argv`` is an interactive program or a keep-alive: a shell or REPL
    without a script (``bash``, ``sh -l``, ``bash -c`` awaiting one, ``python3``,
    ``irb``), a notebook or editor server, ``sleep infinity``, ``tail -f /dev/null``."""
    if not argv:
        return False
    name, rest = argv[0].rsplit("/", 1)[-1], argv[1:]
    options = all(a.startswith("-") for a in rest)
    if name in _SHELLS:
        return options and ("-c" not in rest or rest[-1] == "-c")
    if _REPL.fullmatch(name):
        return options and not {"-c", "-m", "-e"} & set(rest)
    return (
        name in _WORKBENCHES
        or (name == "sleep" and rest in (["infinity"], ["inf"]))
        or (name == "tail" and rest == ["-f", "/dev/null"])
    )


def _builds(argv: list[str | None]) -> bool:
    """Whether a command the image runs builds something, or opens a workbench: a build
    tool, a build script (``./build.sh``, ``./configure``), or a language package
    manager installing packages, which may compile them (``pip install``, ``npm ci``,
    ``bundle install``, ``python setup.py``)."""
    argv = _unwrapped(argv)
    model = model_command(argv) if argv else None
    if model is None:
        return False
    if model.tool in _SHELLS and not model.has_option("c") and model.operands:
        script = (model.operands[0].text or "").rsplit("/", 1)[-1]  # `bash build.sh`
        return bool(_BUILD_SCRIPT.fullmatch(script))
    if model.tool in BUILD_COMMANDS or model.tool in _WORKBENCHES or _BUILD_SCRIPT.fullmatch(model.tool):
        return True
    if model.tool in _LANGUAGE_INSTALLERS and model.subcommand in _LANGUAGE_INSTALLERS[model.tool]:
        return True
    return model.tool == "python" and any((w or "").endswith("setup.py") for w in model.argv)


def _build_environment(ctx: Context) -> bool:
    """Whether the image is, as far as dflint can see, for building or developing in:
    its ENTRYPOINT or CMD runs a build tool or is open-ended (:func:`_open_ended`), or
    it sets neither (it runs what its base image runs)."""
    chain = ctx.model.base_chain()
    base = chain[-1].base.reference if chain else None
    if base is not None and base.familiar_name.startswith(WORKBENCH_IMAGES):
        return True
    entrypoint, cmd = _runtime(ctx)
    if entrypoint is None and cmd is None:
        return True
    for instr in (entrypoint, cmd):
        if instr is None:
            continue
        parsed = ctx.model.shell(instr)
        lines = [list(c.argv) for c in parsed.commands] if parsed else []
        if instr.argv:
            lines.append(list(instr.argv))
        if any(_builds(argv) for argv in lines):
            return True
    main = _argv(ctx, entrypoint) if entrypoint is not None else []
    if entrypoint is not None and entrypoint.argv is not None and cmd is not None and cmd.argv is not None:
        main += cmd.argv  # exec-form ENTRYPOINT gets the CMD as arguments
    elif entrypoint is None and cmd is not None:
        main = _argv(ctx, cmd)
    # a bare shell as CMD behind an entrypoint script (`exec "$@"`) is open-ended too
    return _open_ended(main) or (cmd is not None and _open_ended(_argv(ctx, cmd)))


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    if not ships(instr, ctx):
        return
    commands = list(modelled(ctx, ctx.model.shell(instr)))
    findings = []
    for index, (command, model) in enumerate(commands):
        entry = _INSTALL.get(model.tool)
        if entry is None or model.subcommand not in entry[0]:
            continue
        build = [(p, c) for p in model.packages if (c := category(p)) is not None]
        if not build:
            continue
        removed = _removed_later(commands, index, model)
        if removed is None:
            continue
        virtual = model.option_value("virtual")
        if virtual is not None and virtual.lower() in removed:
            continue
        kept = [(p, c) for p, c in build if _bare(p.name or "").lower() not in removed]
        if kept:
            findings.append((command, model, kept))
    if not findings or _build_environment(ctx) or any(True for _ in toolchain_final_stage.check(ctx)):
        return
    for command, model, kept in findings:
        by_category: dict[str, list[str]] = {}
        for package, found in kept:
            names = by_category.setdefault(found, [])
            if package.name not in names:
                names.append(package.name or "")
        listed = "; ".join(f"{c}: {', '.join(names)}" for c, names in by_category.items())
        words = [command.words[p.index] for p, _ in kept]
        tool = " ".join(model.argv[i] or "" for i in (model.tool_index, *model.subcommand_indexes))
        yield Violation(
            f"`{tool}` puts build tools into the image that ships ({listed}), and nothing it "
            f"runs uses them: build in a builder stage and copy only the result into the "
            f"final stage",
            min(w.start for w in words),
            max(w.end for w in words),
        )
