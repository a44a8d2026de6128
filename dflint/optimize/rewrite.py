"""The recipes and the rendering of the multi-stage rewrite.

:func:`rewrite` takes an :class:`~dflint.optimize.analysis.Analysis` and decides the
runtime stage: which image (scratch for a static Go binary, the ``-slim`` variant of the
language image, the slim image of the same Debian release), which runtime packages
(the libraries of the ``-dev`` packages, a JRE for a JDK), what to copy from the build
stage (the build's outputs, a virtualenv, the Node app directory), and which
instructions carry over (the runtime contract: ENV, ARG, WORKDIR, USER and its
creation, EXPOSE, VOLUME, LABEL, HEALTHCHECK, STOPSIGNAL, ENTRYPOINT, CMD, and the files
copied in for the runtime). Then it renders the new file: the build stage is the
original up to its last build step, unchanged but for the recipe's lines; the runtime
stage follows.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from dflint.fix.style import keyword_like, line_end
from dflint.model import base_images as kb
from dflint.model.context import BuildContext, has_wildcards
from dflint.optimize import knowledge as kn
from dflint.optimize.analysis import (
    APT,
    Analysis,
    Output,
    cannot,
    program_words,
)
from dflint.syntax import cst

_SHELLS = frozenset({"sh", "bash", "dash"})
#: outputs that are a build tool's whole output directory
_BUILD_DIRECTORIES = frozenset({"cargo build", "mvn package", "gradle build"})
#: commands that change files in place
_IN_PLACE = frozenset({"chmod", "chown", "chgrp", "touch", "sed", "truncate"})
#: shell builtins and keywords a script may run
_BUILTINS = frozenset(
    """cd exec export set unset echo printf test [ [[ true false : . source read shift trap wait local
    return exit command type umask ulimit getopts alias unalias hash readonly declare typeset let
    pushd popd dirs shopt eval break continue""".split()
)
_PATH_DIRS = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
#: carried to the runtime stage from before the last build step, as they are
_CONTRACT = (
    cst.Arg,
    cst.Env,
    cst.Label,
    cst.Expose,
    cst.Volume,
    cst.Stopsignal,
    cst.Healthcheck,
    cst.Entrypoint,
    cst.Cmd,
    cst.Shell,
    cst.User,
    cst.Maintainer,
)
VENV = "/opt/venv"


@dataclass
class Rewrite:
    """The rewritten Dockerfile and what it did."""

    text: str
    recipe: str  #: go-static, go, c, rust, java, python, node, static
    builder: str
    runtime: str
    changes: list[str]  #: one line per change, for ``dflint optimize``
    before_bytes: int | None  #: estimated download of the original image (None: unknown)
    after_bytes: int | None
    basis: list[str]  #: where the estimate's numbers come from

    @property
    def saving(self) -> float | None:
        if not self.before_bytes or self.after_bytes is None:
            return None
        return 1 - self.after_bytes / self.before_bytes


@dataclass
class _Plan:
    recipe: str
    runtime: str
    programs: frozenset[str]
    shell: bool  #: the runtime image has /bin/sh
    apt: bool  #: the runtime image has apt-get
    packages: list[str] = field(default_factory=list)
    copies: list[tuple[str, str]] = field(default_factory=list)  #: (build path, runtime path)
    #: copies right after FROM (the users, before any instruction names one)
    early: list[tuple[str, str]] = field(default_factory=list)
    after_copy: list[str] = field(default_factory=list)  #: lines after the copies (ENV PATH)
    inserts: dict[int, list[str]] = field(default_factory=dict)  #: builder lines before index
    build_tail: list[str] = field(default_factory=list)  #: builder lines after the last step
    moved: set[int] = field(default_factory=set)  #: post-build RUNs that move to the builder
    changes: list[str] = field(default_factory=list)


#: recipes whose runtime stage gets only the build's outputs
_COMPILED = frozenset({"go", "go-static", "c", "rust", "java", "static"})
#: files that are build inputs (by name, or by extension), and documents
_SOURCE_NAMES = frozenset(
    """go.mod go.sum go.work Makefile makefile GNUmakefile CMakeLists.txt configure configure.ac
    Makefile.am Makefile.in meson.build Cargo.toml Cargo.lock build.rs pom.xml build.gradle
    build.gradle.kts settings.gradle settings.gradle.kts gradlew mvnw package.json
    package-lock.json tsconfig.json .dockerignore .gitignore .gitattributes .editorconfig
    Dockerfile Containerfile docker-compose.yml docker-compose.yaml compose.yml compose.yaml
    .gitlab-ci.yml .travis.yml .golangci.yml .golangci.yaml .pre-commit-config.yaml""".split()
)
#: directories of development tooling, never read by an app at run time
_DEV_DIRS = (".git/", ".github/", ".gitlab/", ".vscode/", ".idea/", ".circleci/", ".devcontainer/")
#: source files of each compiled recipe, by extension (a static site's Node build reads
#: whatever it is given: the runtime stage gets only its output)
_SOURCE_EXTENSIONS = {
    "go": frozenset(".go .s .c .h .proto".split()),
    "c": frozenset(".c .h .cc .cpp .cxx .hpp .hh .hxx .s .S .asm .cmake .m4 .in .ac .am .mk".split()),
    "rust": frozenset(".rs .c .h".split()),
    "java": frozenset(".java .kt .kts .scala .groovy".split()),
}
_SOURCE_EXTENSIONS["go-static"] = _SOURCE_EXTENSIONS["go"]
_DOCUMENTS = re.compile(
    r"(README|LICENSE|LICENCE|COPYING|CHANGELOG|CHANGES|NOTICE|AUTHORS|CONTRIBUTING)\b.*|.*\.(md|rst)", re.I
)


def _build_input(path: str, named: set[str], recipe: str) -> bool:
    if recipe == "static":
        return True
    name = posixpath.basename(path)
    if name in _SOURCE_NAMES or name in named or _DOCUMENTS.fullmatch(name):
        return True
    if path.startswith((*_DEV_DIRS, "gradle/", ".mvn/")) or "/.git/" in path:
        return True
    if name.endswith((".Dockerfile", ".dockerfile", ".Containerfile")) or name.startswith("Dockerfile."):
        return True
    return posixpath.splitext(name)[1] in _SOURCE_EXTENSIONS.get(recipe, frozenset())


def _within(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip("/") + "/")


def _release(a: Analysis) -> str | None:
    """The Debian release the base image is built on, when it can be known."""
    if a.familiar == "debian":
        for release in kn.DEBIAN_RELEASES:
            if a.tag.startswith(release):
                return release
        numbers = {"11": "bullseye", "12": "bookworm", "13": "trixie"}
        return numbers.get(a.tag.split("-")[0].split(".")[0])
    shape = kb.tag_shape(a.tag)
    if shape.os in kn.DEBIAN_RELEASES:
        return shape.os
    if shape.os is not None:
        return None
    found = kb.lookup(f"{a.familiar}:{a.tag}")
    if isinstance(found, kb.Match) and found.row.os.startswith("debian-"):
        return found.row.os.removeprefix("debian-")
    version = shape.version or ""
    line = ".".join(version.split(".")[:2]) if a.familiar != "node" else version.split(".")[0]
    return kn.DEFAULT_RELEASE.get((a.familiar, line))


def _slim_sibling(a: Analysis) -> str | None:
    """``python:3.11`` -> ``python:3.11-slim``; ``python:3.11-bookworm`` ->
    ``python:3.11-slim-bookworm``; None for tags with other flavours."""
    shape = kb.tag_shape(a.tag)
    if shape.version is None or shape.flavours - {"slim"}:
        return None
    if "slim" in shape.flavours:
        return f"{a.familiar}:{a.tag}"
    if shape.os:
        return f"{a.familiar}:{shape.version}-slim-{shape.os}"
    return f"{a.familiar}:{shape.version}-slim"


def _jre_image(a: Analysis) -> str:
    """The Eclipse Temurin JRE of a JDK image: ``eclipse-temurin:21-jdk-noble`` ->
    ``eclipse-temurin:21-jre-noble``; ``maven:3.9-eclipse-temurin-17`` and
    ``gradle:8.10-jdk17`` (both built on Temurin) -> ``eclipse-temurin:17-jre``."""
    if a.familiar == "eclipse-temurin":
        parts = a.tag.split("-")
        if "jdk" in parts:
            return "eclipse-temurin:" + "-".join("jre" if p == "jdk" else p for p in parts)
        raise cannot(f"{a.image} is not a JDK tag of eclipse-temurin")
    found = re.search(r"eclipse-temurin-(\d+)$", a.tag) if a.familiar == "maven" else None
    found = found or (re.search(r"(?:^|-)jdk(\d+)$", a.tag) if a.familiar == "gradle" else None)
    if found is None:
        raise cannot(
            f"cannot tell which JDK {a.image} is built on (a tag such as maven:3.9-eclipse-temurin-21)"
        )
    return f"eclipse-temurin:{found.group(1)}-jre"


def _debian_slim(a: Analysis, why: str) -> str:
    if a.familiar == "ubuntu":
        return f"ubuntu:{a.tag}"
    release = _release(a)
    if release is None:
        raise cannot(f"cannot tell which Debian release {a.image} is built on, for {why}", a.stage_from)
    return f"debian:{release}-slim"


class _Rewriter:
    def __init__(self, a: Analysis, context: BuildContext | None, text: str) -> None:
        self.a = a
        self.model = a.model
        self.context = context
        self.text = text
        self.nl = line_end(text)
        self.like = a.stage_from.keyword.raw
        self.instr = a.instructions
        self.last = a.last_build
        #: the Node app directory the runtime stage copies whole (the node recipe)
        self.app_dir: str | None = None
        self._copies: list[tuple[int, cst.Copy, list[str]]] | None = None
        self._carried: set[str] | None = None
        #: the final working directory, ENTRYPOINT and CMD, HEALTHCHECK
        self.final_workdir = a.workdirs[len(self.instr) - 1] if self.instr else "/"
        if self.instr and isinstance(self.instr[-1], cst.Workdir):
            value = self.model.expand(self.instr[-1].value or "", self.instr[-1]).value or "/"
            self.final_workdir = posixpath.normpath(posixpath.join(self.final_workdir, value))

    # -- the contract --------------------------------------------------------------

    def kw(self, name: str) -> str:
        return keyword_like(self.like, name)

    def runs(self) -> list[tuple[cst.Instruction, list[str]]]:
        """The commands the image runs: ENTRYPOINT+CMD (the last of each) and
        HEALTHCHECK, each command's argv."""
        entrypoint = next((i for i in reversed(self.instr) if isinstance(i, cst.Entrypoint)), None)
        cmd = next((i for i in reversed(self.instr) if isinstance(i, cst.Cmd)), None)
        health = next((i for i in reversed(self.instr) if isinstance(i, cst.Healthcheck)), None)
        if entrypoint is None and cmd is None:
            raise cannot("the file sets neither ENTRYPOINT nor CMD: the image runs its base image's command")
        out: list[tuple[cst.Instruction, list[str]]] = []
        for instr in (entrypoint, cmd, health):
            if instr is None or (isinstance(instr, cst.Healthcheck) and instr.arguments is None):
                continue
            if isinstance(instr, cst.Cmd) and entrypoint is not None and entrypoint.form == "exec":
                continue  # arguments to the entrypoint
            words = program_words(self.model, instr)
            if words is None:
                raise cannot(f"{instr.name.upper()} has a word that is not static", instr)
            for argv in words:
                if argv:
                    out.append((instr, argv))
        return out

    def referenced_paths(self) -> list[tuple[str, bool]]:
        """Paths the contract may name, resolved against the final WORKDIR: the words of
        ENTRYPOINT, CMD and HEALTHCHECK and the ENV values, split at ``=``, ``:`` and
        ``,``. Each with whether it surely is a path (absolute, or with a ``/``, or the
        program) rather than a word that might be one (``classes`` in ``-cp classes``)."""
        out: list[tuple[str, bool]] = []
        words: list[tuple[str, bool]] = [(v, False) for v in self.a.env.values() if v]
        for instr in self.instr:
            if isinstance(instr, (cst.Entrypoint, cst.Cmd, cst.Healthcheck)):
                for argv in program_words(self.model, instr) or []:
                    words += [(w, i == 0) for i, w in enumerate(argv)]
        for word, program in words:
            if program and "/" not in word:
                continue  # a program found on PATH
            if "://" in word or any(c.isspace() for c in word):
                continue  # a URL, or a script given as a string
            for part in re.split(r"[=:,]", word):
                if not part or part.startswith("-") or part in (".", ".."):
                    continue
                path = posixpath.normpath(posixpath.join(self.final_workdir, part))
                out.append((path, program or "/" in part))
        return out

    # -- context ---------------------------------------------------------------------

    def context_copies(self, upto: int) -> list[tuple[int, cst.Copy, list[str]]]:
        """The COPY/ADD from the build context before index ``upto`` and where each puts
        its sources (absolute paths in the image)."""
        if self._copies is None:
            self._copies = self._all_context_copies()
        return [c for c in self._copies if c[0] < upto]

    def _all_context_copies(self) -> list[tuple[int, cst.Copy, list[str]]]:
        out = []
        for index, instr in enumerate(self.instr):
            if not isinstance(instr, (cst.Copy, cst.Add)) or instr.flag("from") is not None:
                continue
            dest = instr.destination
            if dest is None:
                continue
            dest = self.model.expand(dest, instr).value
            if dest is None:
                raise cannot("a COPY destination that is not static", instr)
            workdir = self.a.workdirs[index]
            target = posixpath.normpath(posixpath.join(workdir, dest))
            sources = instr.sources
            places = []
            for source in sources:
                base = posixpath.basename(source.rstrip("/")) or source
                into_dir = dest.endswith("/") or dest in (".", "./") or len(sources) > 1
                directory = source.endswith("/") or (self.context is not None and self.context.is_dir(source))
                if into_dir and not directory:
                    places.append(posixpath.join(target, base))
                else:
                    places.append(target)  # the file itself, or a directory's contents
            out.append((index, instr, places))
        return out

    def context_file(self, image_path: str, upto: int) -> str | None:
        """The build-context path of a file the image has at ``image_path`` (copied
        before index ``upto``), if it can be told."""
        if self.context is None:
            return None
        for _, instr, places in reversed(self.context_copies(upto)):
            for source, place in zip(instr.sources, places, strict=False):
                if place == image_path:
                    return source
                if image_path.startswith(place.rstrip("/") + "/") and self.context.is_dir(source):
                    return posixpath.join(source, image_path[len(place.rstrip("/")) + 1 :])
        return None

    # -- recipes ---------------------------------------------------------------------

    def plan(self) -> _Plan:
        a = self.a
        langs = [lang for lang in a.languages if lang != "c"] or ["c"]
        if "go" in a.languages:
            langs = ["go"]
        elif "rust" in a.languages:
            langs = ["rust"]
        elif "java" in a.languages:
            langs = ["java"]
        if len(langs) > 1:
            raise cannot(f"the build uses {' and '.join(langs)}: no recipe splits both")
        lang = langs[0]
        if lang == "dotnet":
            raise cannot("no recipe for .NET yet (its runtime images are not in the catalogue)")
        if a.familiar not in (
            "golang",
            "python",
            "node",
            "debian",
            "ubuntu",
            "rust",
            "gcc",
            "buildpack-deps",
            "eclipse-temurin",
            "maven",
            "gradle",
        ):
            raise cannot(f"no recipe for the base image {a.familiar}")
        plan = getattr(self, f"_plan_{lang}")()
        return plan

    def _runtime_packages(self) -> list[str]:
        """The packages the runtime stage installs: the installs before the last build
        step, build packages dropped, ``-dev`` packages mapped to their libraries and JDKs
        to JREs."""
        out: list[str] = []
        for index, (build, other) in sorted(self.a.installs.items()):
            if index > self.last:
                continue
            for name in other:
                if name not in out:
                    out.append(name)
            for name in build:
                if name in kn.JDK_TO_JRE:
                    mapped: tuple[str, ...] = (kn.JDK_TO_JRE[name],)
                elif name in kn.DEV_TO_RUNTIME:
                    mapped = tuple(
                        self._runtime_name(m, name, self.instr[index]) for m in kn.DEV_TO_RUNTIME[name]
                    )
                elif name.endswith("-dev") or name.endswith("-devel"):
                    raise cannot(f"cannot tell which runtime library goes with {name}", self.instr[index])
                else:
                    mapped = ()  # a compiler or build system: left in the build stage
                for m in mapped:
                    if m not in out:
                        out.append(m)
        return out

    def _runtime_name(self, package: str, wanted_by: str, instr: cst.Instruction | None) -> str:
        """The name of a bookworm runtime library package on the base image's release."""
        release = _release(self.a) if self.a.familiar != "ubuntu" else None
        if release == "bookworm":
            return package
        if release == "trixie" and package in kn.TRIXIE_NAMES:
            return kn.TRIXIE_NAMES[package]
        raise cannot(
            f"the runtime library of {wanted_by} ({package} on Debian bookworm) is not known for "
            f"{self.a.image}'s release",
            instr,
        )

    def _debian_plan(self, recipe: str, image: str, *, packages: list[str]) -> _Plan:
        programs = set(kn.DEBIAN_SLIM_PROGRAMS)
        if any(p.startswith(("default-jre", "openjdk-")) for p in packages):
            programs.add("java")
        return _Plan(recipe, image, frozenset(programs), True, True, packages=packages)

    def _plan_go(self) -> _Plan:
        a = self.a
        packages = self._runtime_packages()
        cgo = a.env.get("CGO_ENABLED")
        reasons = []
        if cgo is not None and cgo != "0":
            reasons.append(f"the file sets CGO_ENABLED={cgo}")
        for index in a.build_steps:
            for command, model in a.commands[index]:
                words = [
                    x.name + "=" + (x.value.value or "$…" if x.value else "") for x in command.assignments
                ]
                words += [w or "" for w in command.argv]
                if any(w.startswith("CGO_ENABLED=") and w != "CGO_ENABLED=0" for w in words):
                    reasons.append("a build step sets CGO_ENABLED")
                if model is not None and model.tool == "go" and model.subcommand == "install":
                    reasons.append("go install puts a binary in GOPATH whose sources dflint does not check")
                if (
                    model is not None
                    and model.tool == "go"
                    and any(
                        "linkmode" in (o.value or "") or "extldflags" in (o.value or "")
                        for o in model.options
                    )
                ):
                    reasons.append("the build links with an external linker")
        if any(
            n.endswith("-dev") and n not in ("libc6-dev", "libc-dev")
            for b, _ in a.installs.values()
            for n in b
        ):
            reasons.append("it installs C libraries to link")
        if not reasons:
            why = self._go_sources_pure()
            if why:
                reasons.append(why)
        post_runs = [i for i in range(self.last + 1, len(self.instr)) if isinstance(self.instr[i], cst.Run)]
        pre_runs = [
            i
            for i in range(self.last)
            if isinstance(self.instr[i], cst.Run) and i not in a.installs and i not in a.build_steps
        ]
        scratch_ok = not reasons and not packages
        if scratch_ok:
            for index in post_runs + pre_runs:
                names = {c.name for c, _ in a.commands.get(index, [])}
                if not names <= kn.USER_COMMANDS:
                    scratch_ok = False
                    reasons.append(f"line {self._line(index)} runs commands after the build")
        if scratch_ok:
            for _, argv in self.runs():
                program = argv[0]
                made = any(
                    _within(posixpath.normpath(posixpath.join(self.final_workdir, program)), o.path)
                    for o in a.outputs
                )
                if program.rsplit("/", 1)[-1] in _SHELLS or not (
                    made if "/" in program else self._artifact_program(program)
                ):
                    scratch_ok = False
                    reasons.append(f"the image runs `{program}`, which scratch does not have")
                    break
        if scratch_ok:
            plan = _Plan("go-static", "scratch", frozenset(), False, False)
            first = min(a.build_steps)
            plan.inserts[first] = [
                "# A static binary (no cgo) runs on scratch.",
                f"{self.kw('ENV')} CGO_ENABLED=0",
            ]
            plan.copies.append(("/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs/"))
            plan.changes.append(
                "builds a static binary (CGO_ENABLED=0: the Go sources import no C and go.mod requires no modules) "
                "and runs it on scratch, with the build stage's CA certificates for TLS"
            )
            if post_runs or pre_runs or self._named_user():
                plan.moved.update(i for i in post_runs)
                plan.early.append(("/etc/passwd", "/etc/passwd"))
                plan.early.append(("/etc/group", "/etc/group"))
                if post_runs:
                    plan.changes.append(
                        "creates the user in the build stage and copies /etc/passwd and /etc/group (scratch has no useradd)"
                    )
            return plan
        image = _debian_slim(a, "a dynamically linked Go binary")
        plan = self._debian_plan("go", image, packages=packages)
        plan.changes.append(
            f"runs the binary on {image} (dynamically linked: {'; '.join(reasons) or 'cgo stays on'})"
            + (f", with {', '.join(packages)}" if packages else "")
        )
        return plan

    def _go_sources_pure(self) -> str | None:
        """Why the Go build may need cgo, or None when the copied sources show it does not."""
        if self.context is None:
            return "the build context is not available to check the Go sources for cgo"
        files = 0
        sources = 0
        for _, instr, _places in self.context_copies(self.last + 1):
            for source in instr.sources:
                for path in self.context.glob(source):
                    for name in self.context.files(path):
                        files += 1
                        if files > 5000:
                            return "too many files in the build context to check the Go sources"
                        if name.endswith(".go"):
                            sources += 1
                            text = self.context.read_text(name)
                            if text is None:
                                return f"{name} cannot be read to check it for cgo"
                            if re.search(r'^\s*(import\s+)?"C"\s*$', text, re.MULTILINE):
                                return f"{name} imports C"
                        elif posixpath.basename(name) == "go.mod":
                            text = self.context.read_text(name) or ""
                            if re.search(r"^\s*require\b", text, re.MULTILINE):
                                return "go.mod requires modules, which may use cgo"
        if not sources:
            return "no Go sources were found in the build context to check for cgo"
        return None

    def _plan_c(self, recipe: str = "c") -> _Plan:
        a = self.a
        if a.familiar not in ("debian", "ubuntu", "gcc", "buildpack-deps", "rust"):
            raise cannot(f"no {recipe} recipe for the base image {a.familiar}")
        image = _debian_slim(a, "the runtime stage")
        packages = self._runtime_packages()
        plan = self._debian_plan(recipe, image, packages=packages)
        plan.changes.append(
            f"runs the build's output on {image}"
            + (f" with the runtime libraries {', '.join(packages)}" if packages else "")
            + "; the compilers and headers stay in the build stage"
        )
        return plan

    def _plan_rust(self) -> _Plan:
        return self._plan_c("rust")

    def _plan_java(self) -> _Plan:
        a = self.a
        if a.familiar in ("eclipse-temurin", "maven", "gradle"):
            image = _jre_image(a)
            packages = self._runtime_packages()
            programs = set(kn.DEBIAN_SLIM_PROGRAMS) | {"java"}
            plan = _Plan("java", image, frozenset(programs), True, True, packages=packages)
            plan.changes.append(
                f"runs the build's output on the JRE image {image}; the JDK stays in the build stage"
            )
            return plan
        if a.familiar not in ("debian", "ubuntu"):
            raise cannot(f"no Java recipe for the base image {a.familiar}")
        plan = self._plan_c("java")
        if "java" not in plan.programs:
            raise cannot("no JDK package to map to a JRE")
        return plan

    def _plan_python(self) -> _Plan:
        a = self.a
        if a.familiar != "python":
            raise cannot(f"no Python recipe for the base image {a.familiar}")
        version = kb.tag_shape(a.tag).version or ""
        if version and not version.startswith("3"):
            raise cannot(f"{a.image} is Python {version.split('.')[0]}, which has no venv module")
        image = _slim_sibling(a)
        if image is None:
            raise cannot(f"no slim variant of {a.image}")
        packages = self._runtime_packages()
        first = None
        names: list[str] = []
        for index in a.build_steps:
            for command, model in a.commands[index]:
                if model is None or model.tool != "pip":
                    continue
                if model.subcommand == "wheel":
                    raise cannot("pip wheel: the recipe installs into a virtualenv", self.instr[index])
                if command.name not in ("pip", "pip3", "python", "python3"):
                    raise cannot(
                        f"`{command.name}` runs a pip the virtualenv does not replace", self.instr[index]
                    )
                for option in ("user", "target", "prefix", "root"):
                    if model.has_option(option):
                        raise cannot(
                            f"pip install --{option} installs outside the virtualenv", self.instr[index]
                        )
                first = index if first is None else min(first, index)
                names += self._pip_names(model, index, command)
        if first is None:
            raise cannot("the build steps install nothing with pip")
        refused = sorted(set(names) & kn.PYPI_REFUSED)
        if refused:
            raise cannot(f"{', '.join(refused)} needs system software the slim image lacks")
        for name in names:
            for lib in kn.PYPI_SYSTEM_LIBRARIES.get(name, ()):
                lib = self._runtime_name(lib, f"{name} (PyPI)", None)
                if lib not in packages:
                    packages.append(lib)
        programs = set(kn.DEBIAN_SLIM_PROGRAMS) | kn.PYTHON_PROGRAMS
        plan = _Plan("python", image, frozenset(programs), True, True, packages=packages)
        plan.inserts[first] = [
            "# Install the Python packages into a virtualenv that the runtime stage copies.",
            f"{self.kw('RUN')} python3 -m venv {VENV}",
            f'{self.kw("ENV")} PATH="{VENV}/bin:$PATH"',
        ]
        plan.copies.append((VENV, VENV))
        plan.after_copy.append(f'{self.kw("ENV")} PATH="{VENV}/bin:$PATH"')
        plan.changes.append(
            f"installs the Python packages into a virtualenv ({VENV}) in the build stage and copies it to {image}"
            + (f" with {', '.join(packages)}" if packages else "")
            + "; compilers and headers stay behind"
        )
        return plan

    def _pip_names(self, model, index: int, command) -> list[str]:  # type: ignore[no-untyped-def]
        names = [p.name.lower().replace("_", "-") for p in model.packages if p.name]
        for p in model.packages:
            if p.name is None and p.kind in ("path",):
                names += self._project_dependencies(p.spec or ".", index)
            elif p.name is None:
                word = p.spec or command.words[p.index].symbolic
                raise cannot(f"cannot tell what `{word}` installs", self.instr[index])
        for option in model.options_named("requirement", "constraint"):
            if option.value is None:
                raise cannot("a requirements file named by a variable", self.instr[index])
            if option.name == "requirement":
                names += self._requirements(option.value, index)
        return names

    def _read(self, path: str, index: int, what: str) -> str:
        image_path = posixpath.normpath(posixpath.join(self.a.workdirs[index], path))
        source = self.context_file(image_path, index)
        text = self.context.read_text(source) if (self.context and source) else None
        if text is None:
            raise cannot(f"cannot read {path} from the build context to see {what}", self.instr[index])
        return text

    def _requirements(self, path: str, index: int, depth: int = 0) -> list[str]:
        text = self._read(path, index, "what pip installs")
        names = []
        for raw in text.splitlines():
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith(("-r ", "--requirement")) and depth < 3:
                nested = line.split(None, 1)[1] if " " in line else line.split("=", 1)[1]
                names += self._requirements(posixpath.join(posixpath.dirname(path), nested), index, depth + 1)
                continue
            if re.match(r"[\w+.-]+://|git\+|\.{0,2}/|file:", line) or re.match(
                r"[^\s;#]*(/|\.whl\b|\.tar\.gz\b|\.zip\b)", line
            ):
                raise cannot(
                    f"{path} installs `{line}`, whose dependencies cannot be read", self.instr[index]
                )
            if line.startswith("-"):
                if line.startswith(
                    (
                        "--hash",
                        "--index-url",
                        "-i ",
                        "--extra-index-url",
                        "--no-binary",
                        "--only-binary",
                        "--prefer-binary",
                        "--trusted-host",
                        "-c ",
                        "--constraint",
                    )
                ):
                    continue
                raise cannot(f"cannot tell what `{line}` in {path} installs", self.instr[index])
            m = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
            if m is None:
                raise cannot(f"cannot tell what `{line}` in {path} installs", self.instr[index])
            names.append(m.group().lower().replace("_", "-"))
        return names

    def _project_dependencies(self, path: str, index: int) -> list[str]:
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]

        text = self._read(posixpath.join(path, "pyproject.toml"), index, "the project's dependencies")
        try:
            project = tomllib.loads(text).get("project", {})
        except tomllib.TOMLDecodeError:
            raise cannot("pyproject.toml does not parse", self.instr[index]) from None
        if "dependencies" in project.get("dynamic", []):
            raise cannot("the project's dependencies are dynamic", self.instr[index])
        out = []
        for spec in project.get("dependencies", []):
            m = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", spec)
            if m:
                out.append(m.group().lower().replace("_", "-"))
        return out

    def _plan_node(self) -> _Plan:
        a = self.a
        if a.familiar != "node":
            raise cannot(f"no Node recipe for the base image {a.familiar}")
        app_dir = None
        prune = False
        for index in a.build_steps:
            for command, model in a.commands[index]:
                if model is None or command.name not in ("npm", "yarn", "pnpm"):
                    continue
                if command.name != "npm":
                    raise cannot(f"{command.name}: the recipe knows npm", self.instr[index])
                if model.subcommand in ("ci", "install"):
                    if model.has_option("global") or model.packages:
                        raise cannot("npm installs named packages or global ones", self.instr[index])
                    omit = (
                        model.option_value("omit") == "dev"
                        or model.has_option("production")
                        or (model.option_value("only") in ("prod", "production"))
                    )
                    prune = prune or not omit
                    app_dir = app_dir or a.workdirs[index]
        if app_dir is None:
            raise cannot("no npm ci or npm install among the build steps")
        manifest = self._read(posixpath.join(app_dir, "package.json"), a.build_steps[0], "the dependencies")
        refused = sorted(set(re.findall(r'"([@\w./-]+)"\s*:', manifest)) & kn.NPM_REFUSED)
        if refused:
            raise cannot(f"{', '.join(refused)} links system libraries the slim image lacks")
        needs = {argv[0].rsplit("/", 1)[-1] for _, argv in self.runs()}
        release = _release(a)
        if needs & kn.NODE_PROGRAMS or not needs:
            image = _slim_sibling(a)
            if image is None:
                raise cannot(f"no slim variant of {a.image}")
            packages = self._runtime_packages()
            programs = set(kn.DEBIAN_SLIM_PROGRAMS) | kn.NODE_PROGRAMS
            plan = _Plan("node", image, frozenset(programs), True, True, packages=packages)
            plan.copies.append((app_dir, app_dir))
            if prune:
                plan.build_tail.append("# Keep only the production dependencies for the runtime stage.")
                plan.build_tail.append(f"{self.kw('RUN')} npm prune --omit=dev")
            plan.changes.append(
                f"copies the app directory {app_dir} to {image}"
                + (" after `npm prune --omit=dev` (production dependencies only)" if prune else "")
            )
            self.app_dir = app_dir
            return plan
        if needs & kn.PYTHON_PROGRAMS and release in kn.DEBIAN_PYTHON:
            image = f"python:{kn.DEBIAN_PYTHON[release]}-slim"
            programs = set(kn.DEBIAN_SLIM_PROGRAMS) | kn.PYTHON_PROGRAMS
            plan = _Plan("static", image, frozenset(programs), True, True, packages=self._runtime_packages())
        else:
            image = _debian_slim(a, "the runtime stage")
            plan = self._debian_plan("static", image, packages=self._runtime_packages())
        plan.changes.append(
            f"the image runs no Node.js: the build's output goes to {image}, node_modules and npm stay behind"
        )
        return plan

    # -- what is copied --------------------------------------------------------------

    def _named_user(self) -> bool:
        for instr in self.instr:
            if isinstance(instr, cst.User):
                name = (instr.value or "").split(":", 1)[0]
                if name and not name.isdigit() and name != "root":
                    return True
        return False

    def _artifact_program(self, name: str) -> bool:
        return any(
            posixpath.basename(o.path) == name and posixpath.dirname(o.path) in _PATH_DIRS
            for o in self.a.outputs
        )

    def artifacts(self, plan: _Plan) -> list[str]:
        a = self.a
        # a build in / makes nothing there that is only an intermediate
        build_dirs = {d for d in a.build_dirs if d != "/"} | (
            {self.app_dir} if self.app_dir is not None else set()
        )
        referenced_all = self.referenced_paths()
        referenced = [r for r, _ in referenced_all]
        kept: list[Output] = []
        for output in a.outputs:
            path = output.path
            if path == "/":
                raise cannot("a build step writes to /", output.instruction)
            if output.how == "make install":
                if a.familiar not in ("debian", "ubuntu", "buildpack-deps"):
                    raise cannot(f"make install into {path}, which {a.image} also uses", output.instruction)
                path = output.path = self._install_prefix(output)
            inside = any(path == d or path.startswith(d.rstrip("/") + "/") for d in build_dirs)
            used = [r for r in referenced if _within(r, path)]
            if inside and not used:
                continue
            if output.how in _BUILD_DIRECTORIES and used:
                # the build tool's output directory holds its intermediates too: copy only
                # what the image names in it (target/release/app, target/app.jar)
                for r, sure in referenced_all:
                    if sure and _within(r, path) and r != path:
                        kept.append(Output(r, output.instruction, output.how, cwd=output.cwd))
                continue
            kept.append(output)
        # referenced paths made by the build in its working directories, but named by no step
        copied_places = self.carried_places(plan)
        for r, sure in referenced_all:
            if not sure:
                continue
            in_build = any(r.startswith(d.rstrip("/") + "/") for d in a.build_dirs)
            covered = any(r == o.path or r.startswith(o.path.rstrip("/") + "/") for o in kept) or any(
                r == p or r.startswith(p.rstrip("/") + "/") for p in copied_places
            )
            if (
                (in_build or plan.recipe == "static")
                and not covered
                and plan.recipe not in ("python", "node")
            ):
                raise cannot(f"the image uses {r}, which the build makes but no step names")
        # directories made by mkdir that other outputs fill are made by their copies
        paths = sorted(
            {
                o.path
                for o in kept
                if not (
                    o.directory
                    and any(q.path != o.path and _within(q.path, o.path) for q in a.outputs)
                    and not any(not q.directory and q.path == o.path for q in kept)
                )
            }
        )
        return [p for p in paths if not any(p != q and _within(p, q) for q in paths)]

    # -- checks of what the runtime can run ---------------------------------------------

    def check_programs(self, plan: _Plan, artifacts: list[str]) -> None:
        provided = set(artifacts) | {dest for _, dest in plan.copies + plan.early}
        for instr, argv in self.runs():
            program = argv[0]
            if program.rsplit("/", 1)[-1] in _SHELLS and isinstance(
                instr, (cst.Cmd, cst.Entrypoint, cst.Healthcheck)
            ):
                if not plan.shell:
                    raise cannot(f"{instr.name.upper()} needs a shell, which {plan.runtime} lacks", instr)
                if "-c" in argv and not isinstance(instr.arguments, cst.ShellForm):
                    raise cannot(f"{instr.name.upper()} runs a shell script given as a string", instr)
                script = next((w for w in argv[1:] if not w.startswith("-")), None)
                if script is not None and "-c" not in argv:
                    self.check_script(plan, instr, script, provided)
                continue
            if program.endswith((".sh", ".bash")):
                if not plan.shell:
                    raise cannot(
                        f"{instr.name.upper()} runs a shell script, and {plan.runtime} has no shell", instr
                    )
                self.check_script(plan, instr, program, provided)
                continue
            if "/" in program:
                path = posixpath.normpath(posixpath.join(self.final_workdir, program))
                if any(path == p or path.startswith(p.rstrip("/") + "/") for p in provided):
                    continue
                if posixpath.basename(path) in plan.programs and posixpath.dirname(path) in _PATH_DIRS:
                    continue
                if self._carried_copy_provides(path):
                    continue
                raise cannot(
                    f"{instr.name.upper()} runs {program}, which the runtime stage would not have", instr
                )
            if program in _BUILTINS:
                continue  # `exit 1` of a shell-form HEALTHCHECK
            if program in plan.programs or self._artifact_program(program):
                continue
            if plan.recipe == "python" and program not in kn.DEBIAN_FULL_ONLY:
                continue  # a console script of an installed package, in the virtualenv
            if program in kn.INSTALLABLE and kn.INSTALLABLE[program] and plan.apt:
                package = kn.INSTALLABLE[program]
                if package not in plan.packages:
                    plan.packages.append(package)
                    plan.changes.append(
                        f"installs {package} in the runtime stage: {instr.name.upper()} calls it"
                    )
                continue
            raise cannot(f"{instr.name.upper()} runs `{program}`, which {plan.runtime} does not have", instr)

    def check_in_place_changes(self, plan: _Plan, artifacts: list[str]) -> None:
        """A build step that changes files in place (chmod, chown, touch, sed -i) may
        only change what the runtime stage copies from the build stage, or what stays in
        the build stage: a change to a file the runtime stage copies from the context
        (or has from its base image) would be lost."""
        copied = set(artifacts) | {source for source, _ in plan.copies + plan.early}
        # what stays in the build stage: a compiled build's directories (the Python and
        # Node recipes carry or copy theirs)
        staying = {d for d in self.a.build_dirs if d != "/"} if plan.recipe in _COMPILED else set()
        for index in self.a.build_steps:
            cwd = self.a.workdirs[index]
            for command, _ in self.a.commands[index]:
                name = command.name
                words = [w for w in command.argv[1:]]
                if name == "cd" and len(words) == 1 and words[0]:
                    cwd = posixpath.normpath(posixpath.join(cwd, words[0]))
                    continue
                if name not in _IN_PLACE or (
                    name == "sed" and not any((w or "").startswith("-i") for w in words)
                ):
                    continue
                operands = [w for w in words if not (w or "").startswith("-")]
                if name in ("chmod", "chown", "chgrp", "sed"):
                    operands = operands[1:]  # the mode, owner, group or script
                for word in operands:
                    if word is None:
                        raise cannot(
                            f"`{name}` of a path that is not static in a build step", self.instr[index]
                        )
                    path = posixpath.normpath(posixpath.join(cwd, word))
                    if any(_within(path, p) for p in copied | staying):
                        continue
                    raise cannot(
                        f"a build step changes {path} with {name}, which the runtime stage would not get changed",
                        self.instr[index],
                    )

    def check_build_inputs(self, index: int, instr: cst.Copy) -> None:
        """A COPY into a build directory of a compiled build is left in the build stage:
        every file it copies must be a source or build file, a document, or a file a
        build step names; anything else may be read by the app at run time."""
        named = {
            posixpath.basename(w)
            for i in self.a.build_steps
            for c, _ in self.a.commands[i]
            for w in c.argv
            if w
        }
        for source in instr.sources:
            if source.startswith("<<"):
                raise cannot("a heredoc COPY into the build directory", instr)
            if self.context is not None:
                paths = self.context.glob(source)
                if not paths:
                    raise cannot(f"{source} is not in the build context", instr)
                files = [f for p in paths for f in self.context.files(p)]
            elif has_wildcards(source) or source.rstrip("/") in ("", ".") or source.endswith("/"):
                raise cannot(
                    f"cannot list what `{source}` copies into the build directory without the build context",
                    instr,
                )
            elif not _build_input(source, named, self._plan.recipe):
                raise cannot(
                    f"cannot tell without the build context whether `{source}` holds sources or files "
                    "the app reads at run time",
                    instr,
                )
            else:
                files = [source]
            for file in files:
                if not _build_input(file, named, self._plan.recipe):
                    raise cannot(
                        f"{file} is copied into the build directory and is not a source file: "
                        "cannot tell whether the app reads it at run time",
                        instr,
                    )

    def check_script(self, plan: _Plan, instr: cst.Instruction, script: str, provided: set[str]) -> None:
        """Every command of a shell script the image runs must be one the runtime has."""
        from dflint.model.shell import _OffsetMap, parse_script

        path = posixpath.normpath(posixpath.join(self.final_workdir, script))
        source = self.context_file(path, len(self.instr))
        text = self.context.read_text(source) if (self.context is not None and source) else None
        if text is None:
            raise cannot(
                f"{instr.name.upper()} runs the script {script}, which cannot be read from the build context "
                "to check the programs it calls",
                instr,
            )
        parsed = parse_script(text, _OffsetMap())
        if parsed.errors:
            raise cannot(f"the script {script} does not parse", instr)
        functions = set(re.findall(r"^\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\)", text, re.MULTILINE))
        functions |= set(re.findall(r"^\s*function\s+([A-Za-z_][\w-]*)", text, re.MULTILINE))
        for command in parsed.commands:
            argv = command.argv
            if not argv:
                continue
            while argv and argv[0] in ("exec", "command", "nohup") and len(argv) > 1:
                argv = argv[1:]
            name = argv[0]
            if name is None:
                if command.words and command.words[0].symbolic in ('"$@"', "$@", '"$*"', "$*"):
                    continue  # runs the CMD, which is checked on its own
                raise cannot(f"the script {script} runs a command whose name is not static", instr)
            base = name.rsplit("/", 1)[-1]
            if (
                base in _BUILTINS
                or base in functions
                or base in plan.programs
                or self._artifact_program(base)
                or any(
                    _within(posixpath.normpath(posixpath.join(self.final_workdir, name)), p) for p in provided
                )
                or (
                    "/" in name
                    and self._carried_copy_provides(
                        posixpath.normpath(posixpath.join(self.final_workdir, name))
                    )
                )
                or (plan.recipe == "python" and base not in kn.DEBIAN_FULL_ONLY)
            ):
                continue
            raise cannot(f"the script {script} runs `{name}`, which {plan.runtime} does not have", instr)

    def _carried_copy_provides(self, path: str) -> bool:
        return any(_within(path, place) for place in self.carried_places(self._plan))

    def carried(self, plan: _Plan, index: int, places: list[str]) -> bool:
        """Whether the context COPY at ``index`` (before the last build step) is carried
        to the runtime stage: always for Python (sources and config), unless it lands in
        the Node app directory (copied whole), and for compiled builds unless it lands in
        a build directory (a build input)."""
        if plan.recipe == "python":
            return True
        app_dir = self.app_dir
        if app_dir is not None:
            return not all(_within(p, app_dir) for p in places)
        return not any(_within(p, d) for p in places for d in self.a.build_dirs)

    def carried_places(self, plan: _Plan) -> set[str]:
        """Where the COPYs the runtime stage keeps put their files (computed once: the
        plan does not change after it is made)."""
        if self._carried is None:
            self._carried = set()
            for index, _, places in self.context_copies(len(self.instr)):
                if index > self.last or self.carried(plan, index, places):
                    self._carried.update(places)
        return self._carried

    def _install_prefix(self, output: Output) -> str:
        """Where ``make install`` puts files: the PREFIX given to make, configure's
        ``--prefix`` or cmake's ``CMAKE_INSTALL_PREFIX``, else the Makefile's own
        default, read from the context, whose install rule must stay under it."""
        if output.explicit_prefix:
            return output.path
        for index in self.a.build_steps:
            for command, _ in self.a.commands[index]:
                name = (command.name or "").rsplit("/", 1)[-1]
                words = [w or "" for w in command.argv[1:]]
                if name == "configure":
                    given = [w.split("=", 1)[1] for w in words if w.startswith("--prefix=")]
                    return given[-1] if given else "/usr/local"
                if name == "cmake":
                    given = [w.split("=", 1)[1] for w in words if w.startswith("-DCMAKE_INSTALL_PREFIX")]
                    if any(w in ("--build", "--install") for w in words) and not given:
                        continue
                    return given[-1] if given else "/usr/local"
        makefile = None
        for name in ("GNUmakefile", "makefile", "Makefile"):
            source = self.context_file(posixpath.join(output.cwd, name), len(self.instr))
            if source and self.context is not None:
                makefile = self.context.read_text(source)
                if makefile is not None:
                    break
        if makefile is None:
            raise cannot(
                "cannot read the Makefile from the build context to see where make install puts files",
                output.instruction,
            )
        prefix = output.path
        found = re.search(r"^\s*(?:PREFIX|prefix)\s*[:?]?=\s*(\S+)\s*$", makefile, re.MULTILINE)
        if found:
            prefix = found.group(1)
            if not prefix.startswith("/"):
                raise cannot(f"the Makefile's PREFIX is {prefix}", output.instruction)
        rule = re.search(r"^install\s*:[^\n]*\n((?:\t[^\n]*\n?)*)", makefile, re.MULTILINE)
        if rule is None:
            raise cannot("the Makefile has no install rule dflint can read", output.instruction)
        for line in rule.group(1).splitlines():
            if "$(MAKE)" in line or "${MAKE}" in line:
                raise cannot("the Makefile's install rule runs make again", output.instruction)
            for token in line.split()[1:]:
                token = token.strip("'\"")
                if token.startswith("/") and not _within(posixpath.normpath(token), prefix):
                    raise cannot(
                        f"the Makefile's install rule writes to {token}, outside {prefix}", output.instruction
                    )
        return prefix

    def check_runs(self, plan: _Plan, carried: list[int]) -> None:
        for index in carried:
            for command, _model in self.a.commands.get(index, []):
                name = command.name
                if name is None:
                    raise cannot("a RUN command whose name is not static", self.instr[index])
                if name in plan.programs or (plan.shell and (name in _SHELLS or name in _BUILTINS)):
                    continue
                raise cannot(
                    f"line {self._line(index)} runs `{name}`, which {plan.runtime} may not have",
                    self.instr[index],
                )

    def _line(self, index: int) -> int:
        return self.model.positions.span(self.instr[index].keyword).start.line

    # -- the new text ----------------------------------------------------------------

    def render(self) -> tuple[_Plan, list[str], str]:
        """The plan, the copied outputs and the new text (raises Declined)."""
        a = self.a
        plan = self.plan()
        self._plan = plan
        artifacts = self.artifacts(plan)
        if plan.recipe in ("go", "go-static", "c", "rust", "java", "static") and not artifacts:
            raise cannot("the build steps name no output for the runtime stage to copy")
        self.check_programs(plan, artifacts)
        self.check_in_place_changes(plan, artifacts)
        # which instructions before the last build step carry over
        pre_items: list[tuple[int, str]] = []  # (index, kind)
        context_copies = {i: places for i, _, places in self.context_copies(self.last + 1)}
        install_done = False
        carried_runs: list[int] = []
        for index, instr in enumerate(self.instr[: self.last + 1]):
            if isinstance(instr, cst.Workdir):
                pre_items.append((index, "workdir"))
            elif isinstance(instr, _CONTRACT):
                pre_items.append((index, "instr"))
            elif isinstance(instr, (cst.Copy, cst.Add)):
                places = context_copies.get(index, [])
                if self.carried(plan, index, places):
                    pre_items.append((index, "instr"))
                elif plan.recipe in _COMPILED:
                    self.check_build_inputs(index, instr)
            elif isinstance(instr, cst.Run):
                if index in a.build_steps:
                    continue
                if index in a.installs:
                    self._check_install_run(index)
                    if not install_done and plan.packages:
                        pre_items.append((index, "packages"))
                        install_done = True
                    continue
                if plan.recipe == "go-static":
                    continue  # user creation stays in the build stage; /etc/passwd is copied
                carried_runs.append(index)
                pre_items.append((index, "instr"))
        if plan.packages and not install_done:
            pre_items.insert(0, (-1, "packages"))
        post = [i for i in range(self.last + 1, len(self.instr)) if i not in plan.moved]
        self.check_runs(
            plan,
            carried_runs + [i for i in post if isinstance(self.instr[i], cst.Run)],
        )
        if plan.packages and not plan.apt:
            raise cannot(f"{plan.runtime} cannot install {', '.join(plan.packages)}")
        return plan, artifacts, self._text(plan, artifacts, pre_items, post)

    def _check_install_run(self, index: int) -> None:
        for command, model in self.a.commands[index]:
            name = command.name
            if model is not None and model.tool in APT:
                continue
            if name in ("rm", "true", "echo", "export", "set", "ln", "mkdir") or (
                name is None and command.assignments
            ):
                continue
            if name is None and not command.words:
                continue
            raise cannot(
                f"line {self._line(index)} does more than install packages (`{name}`): cannot tell whether the runtime needs it",
                self.instr[index],
            )

    def _code(self, instr: cst.Instruction, comments: bool = True) -> str:
        node = instr if comments else instr.with_changes(leading_lines=())
        code = node.code
        if not code.endswith("\n"):
            code += self.nl
        return code

    def _text(
        self, plan: _Plan, artifacts: list[str], pre_items: list[tuple[int, str]], post: list[int]
    ) -> str:
        a = self.a
        nl = self.nl
        df = self.model.dockerfile
        out: list[str] = [df.bom]
        out += [d.code for d in df.directives]
        # the global ARGs (and anything else before FROM) stay as they are
        from_ = a.stage_from
        for instr in df.instructions:
            if instr is from_:
                break
            out.append(self._code(instr))
        # the build stage
        lead = "".join(line.code for line in from_.leading_lines)
        out.append(lead)
        out.append(f"# Build stage: the toolchain of {a.image} builds the app.{nl}")
        out.append(self._from_code(from_, "build"))
        for index, instr in enumerate(self.instr[: self.last + 1]):
            for line in plan.inserts.get(index, []):
                out.append(line + nl)
            out.append(self._code(instr))
        moved = [self.instr[i] for i in sorted(plan.moved)]
        if plan.build_tail or moved:
            for line in plan.build_tail:
                out.append(line + nl)
            for instr in moved:
                out.append(self._code(instr))
        # the runtime stage
        out.append(nl)
        out.append(f"# Runtime stage: {plan.runtime} with only what the app needs to run.{nl}")
        as_word = "as" if self.like.islower() else "AS"
        platform = from_.flag("platform")
        flag = f"{platform.code.strip()} " if platform is not None else ""
        out.append(f"{self.kw('FROM')} {flag}{plan.runtime} {as_word} runtime{nl}")
        for source, dest in plan.early:
            out.append(f"{self.kw('COPY')} --from=build {source} {dest}{nl}")
        workdir_now = "/"
        pending: str | None = None

        def flush() -> None:
            nonlocal pending, workdir_now
            if pending is not None and pending != workdir_now:
                out.append(f"{self.kw('WORKDIR')} {pending}{nl}")
                workdir_now = pending
            pending = None

        for index, kind in pre_items:
            if kind == "workdir":
                pending = self._workdir_after(index)
                continue
            if kind == "packages":
                out.append(self._apt_run(plan.packages))
                continue
            instr = self.instr[index]
            if isinstance(instr, (cst.Copy, cst.Add, cst.Run)):
                flush()
            out.append(self._code(instr, comments=False))
        if not any(isinstance(self.instr[i], cst.Workdir) for i in post):
            flush()
        for path in artifacts:
            out.append(f"{self.kw('COPY')} --from=build {path} {path}{nl}")
        for source, dest in plan.copies:
            out.append(f"{self.kw('COPY')} --from=build {source} {dest}{nl}")
        for line in plan.after_copy:
            out.append(line + nl)
        for index in post:
            instr = self.instr[index]
            if isinstance(instr, cst.Workdir):
                pending = None
                workdir_now = self._workdir_after(index)
                out.append(self._code(instr))
                continue
            if pending is not None and self._needs_workdir(instr):
                flush()
            out.append(self._code(instr))
        final = self.final_workdir
        if final != workdir_now:
            out.append(f"{self.kw('WORKDIR')} {final}{nl}")
        out += [line.code for line in df.footer]
        return "".join(out)

    def _workdir_after(self, index: int) -> str:
        instr = self.instr[index]
        value = self.model.expand(getattr(instr, "value", "") or "", instr).value or "/"
        return posixpath.normpath(posixpath.join(self.a.workdirs[index], value))

    def _needs_workdir(self, instr: cst.Instruction) -> bool:
        if isinstance(instr, cst.Run):
            return True
        if isinstance(instr, (cst.Copy, cst.Add)):
            return not (instr.destination or "").startswith("/")
        return False

    def _from_code(self, from_: cst.From, name: str) -> str:
        node = from_.with_changes(leading_lines=())
        words = list(from_.arguments)
        code = node.code
        if len(words) >= 3 and words[-2].value.lower() == "as":
            # rename the stage: replace the last word
            span_text = words[-1].code
            idx = code.rfind(span_text)
            code = code[:idx] + span_text.replace(words[-1].value, name) + code[idx + len(span_text) :]
        else:
            image = words[0].code if words else ""
            idx = code.find(image) + len(image) if image else len(code.rstrip("\r\n"))
            as_word = "as" if self.like.islower() else "AS"
            code = code[:idx] + f" {as_word} {name}" + code[idx:]
        if not code.endswith("\n"):
            code += self.nl
        return code

    def _script(self, commands: list[str]) -> str:
        """A RUN of ``commands`` joined with ``&&``, one per line, in the file's layout
        (``&&`` at line starts or ends, its indentation, its escape character)."""
        from types import SimpleNamespace

        from dflint.checks.layers import file_layout

        df = self.model.dockerfile
        layout = file_layout(SimpleNamespace(positions=self.model.positions, text=self.text, df=df))  # type: ignore[arg-type]
        esc, nl, indent = df.escape, self.nl, layout.indent or "    "
        if layout.leading:
            body = f" {esc}{nl}{indent}&& ".join(commands)
        else:
            body = f" && {esc}{nl}{indent}".join(commands)
        return f"{self.kw('RUN')} {body}{nl}"

    def _apt_run(self, packages: list[str]) -> str:
        install = [
            "apt-get update",
            f"apt-get install -y --no-install-recommends {' '.join(packages)}",
            "apt-get clean",
            "rm -rf /var/lib/apt/lists/*",
        ]
        if any(p.startswith(("default-jre", "openjdk-")) for p in packages):
            # update-alternatives links the JRE's man page there; slim images leave it out
            return (
                "# The JRE's setup links its man page into /usr/share/man/man1, which slim images leave out."
                + self.nl
                + self._script(["mkdir -p /usr/share/man/man1", *install])
            )
        return self._script(install)
