"""The optimiser without an engine: what it declines and why, what each recipe makes of
the apps of corpus/apps (with their build contexts), the file's style kept, DF236 through
the linter, ``dflint optimize``, and a crash-and-shape run over ../shared/corpus.

tests/test_optimize_apps.py builds the rewrites for real; here every rewrite is checked
as text: it parses and round-trips, has the two stages ``build`` and ``runtime``, keeps
the comments and the runtime contract, and is declined when optimised again.
"""

from __future__ import annotations

import collections
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dflint.catalogue import builtin_rules
from dflint.cli import main
from dflint.engine import Settings, lint_text
from dflint.model import base_images as kb
from dflint.model.context import BuildContext
from dflint.model.stages import Model, Stage
from dflint.optimize import CANNOT_ANALYSE, LITTLE_GAIN, NOT_A_CANDIDATE, Decline, Gate, Rewrite, optimise
from dflint.syntax import cst
from dflint.syntax.parser import parse
from dflint.syntax.positions import Positions
from tests.conftest import REPO, shared_path
from tests.corpus_data import parsed_corpus

APPS = REPO / "corpus" / "apps"
CERTS = "/etc/ssl/certs/ca-certificates.crt"


def app(name: str) -> tuple[str, BuildContext]:
    path = APPS / name
    return (path / "Dockerfile").read_text(encoding="utf-8"), BuildContext(path.resolve(), None)


def rewrite_of(text: str, context: BuildContext | None = None, gate: Gate | None = None) -> Rewrite:
    found = optimise(text, context=context, gate=gate)
    assert isinstance(found, Rewrite), found
    return found


def decline_of(text: str, context: BuildContext | None = None, gate: Gate | None = None) -> Decline:
    found = optimise(text, context=context, gate=gate)
    assert isinstance(found, Decline), found.text
    return found


def stages(text: str) -> list[Stage]:
    return Model(parse(text)).stages


def own_code(instr: cst.Instruction) -> str:
    """An instruction's text without the comments above it."""
    return instr.with_changes(leading_lines=()).code


def copied_from_build(stage: Stage) -> set[str]:
    return {
        source
        for i in stage.instructions
        if isinstance(i, cst.Copy) and (f := i.flag("from")) is not None and f.value == "build"
        for source in i.sources
    }


def copied_from_build_one(instr: cst.Instruction) -> str | None:
    if isinstance(instr, cst.Copy) and (f := instr.flag("from")) is not None and f.value == "build":
        return instr.sources[0]
    return None


def apt_installs(text: str, stage_index: int) -> list[str]:
    """The packages the stage's RUNs install with apt-get (read with the shell model)."""
    model = Model(parse(text))
    names = []
    for instr in model.stages[stage_index].instructions:
        parsed = model.shell(instr) if isinstance(instr, cst.Run) else None
        for command in parsed.commands if parsed else []:
            m = model.command(command)
            if m is not None and m.tool == "apt-get" and m.subcommand == "install":
                names += [p.name for p in m.packages if p.name]
    return names


def comment_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def assert_well_formed(text: str) -> list[Stage]:
    """Parses, round-trips, and has exactly the stages build and runtime."""
    assert parse(text).code == text
    found = stages(text)
    assert [s.name for s in found] == ["build", "runtime"]
    return found


# -- 1. the gate declines -------------------------------------------------------------


def test_an_already_slim_image_has_nothing_to_gain(tmp_path: Path) -> None:
    named = 'FROM python:3.13-slim\nRUN pip install --no-cache-dir flask gunicorn\nCOPY app.py /app/\nCMD ["gunicorn", "app:app"]\n'
    found = decline_of(named)
    assert found.kind == LITTLE_GAIN
    assert (
        "nothing to leave behind: python:3.13-slim is already the runtime image" in found.reason
    )  # python:3.13-slim -> python:3.13-slim
    # the same through a requirements file read from the context
    (tmp_path / "requirements.txt").write_text("flask==3.0.3\ngunicorn==22.0.0\n")
    listed = 'FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD ["gunicorn", "app:app"]\n'
    found = decline_of(listed, BuildContext(tmp_path, None))
    assert (
        found.kind,
        "nothing to leave behind: python:3.13-slim is already the runtime image" in found.reason,
    ) == (LITTLE_GAIN, True)
    # however low the gate, a saving of nothing is never offered
    assert decline_of(named, gate=Gate(min_percent=0, min_bytes=1)).kind == LITTLE_GAIN


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('FROM python:3.11\nCOPY app.py /app/app.py\nCMD ["python", "/app/app.py"]\n', "no build steps"),
        (
            'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nCMD ["/app"]\n',
            "already a multi-stage build",
        ),
        ("ARG X=1\n", "has no FROM"),
        ('FROM scratch\nCOPY app /app\nCMD ["/app"]\n', "does not build on an image"),
    ],
    ids=["no-build-steps", "multi-stage", "no-from", "scratch"],
)
def test_not_a_candidate(text: str, reason: str) -> None:
    found = decline_of(text)
    assert (found.kind, found.instruction) == (NOT_A_CANDIDATE, None)
    assert reason in found.reason


def test_little_to_gain_gives_the_numbers() -> None:
    text, context = app("python-pure")
    # the estimate, from the catalogue: python:3.11 -> python:3.11-slim, no build packages
    before = kb.lookup("python:3.11").row.compressed_bytes  # type: ignore[union-attr]
    after = kb.lookup("python:3.11-slim").row.compressed_bytes  # type: ignore[union-attr]
    percent = 100 * (before - after) / before
    assert 80 < percent < 95  # what the catalogue says of these two images
    offered = rewrite_of(text, context)
    assert (offered.before_bytes, offered.after_bytes) == (before, after)
    found = decline_of(text, context, Gate(min_percent=99))
    assert found.kind == LITTLE_GAIN
    assert f"saving is {kb.human_size(before - after)} ({percent:.0f}%)" in found.reason
    assert "(20.0 MB and 99%)" in found.reason
    # each threshold on its own, and exactly at the estimate the rewrite is offered
    assert decline_of(text, context, Gate(min_percent=0, min_bytes=before - after + 1)).kind == LITTLE_GAIN
    rewrite_of(text, context, Gate(min_percent=0, min_bytes=before - after))
    rewrite_of(text, context, Gate(min_percent=percent, min_bytes=0))
    assert decline_of(text, context, Gate(min_percent=percent + 0.01, min_bytes=0)).kind == LITTLE_GAIN


GO = "FROM golang:1.22\nWORKDIR /src\nCOPY main.go go.mod ./\n"
GO_BUILD = "RUN go build -o /usr/local/bin/app .\n"
APP_CMD = 'CMD ["/usr/local/bin/app"]\n'
C = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make\nWORKDIR /src\nCOPY Makefile app.c ./\n"
C_BUILD = "RUN make && install -m 0755 app /usr/local/bin/app\n"


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        ("ARG BASE=golang:1.22\nFROM $BASE\n" + GO_BUILD + APP_CMD, "base image is chosen by an ARG", 2),
        (f"FROM golang:1.22@sha256:{'a' * 64}\n" + GO_BUILD + APP_CMD, "pinned by digest", 1),
        (
            C.replace("gcc make", "gcc make libfoo-dev") + C_BUILD + APP_CMD,
            "runtime library goes with libfoo-dev",
            2,
        ),
        (
            C.replace("debian:bookworm", "ubuntu:24.04").replace("gcc make", "gcc make libssl-dev")
            + C_BUILD
            + APP_CMD,
            "the runtime library of libssl-dev (libssl3 on Debian bookworm) is not known",
            2,
        ),
        (
            'FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
            "cannot read requirements.txt from the build context",
            4,
        ),
        (
            'FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
            "cannot read /app/package.json from the build context",
            4,
        ),
        (
            GO + 'RUN go build\nCMD ["./app"]\n',
            "the image uses /src/app, which the build makes but no step names",
            None,
        ),
        (GO + GO_BUILD + 'CMD ["sh", "-c", "app --port $PORT"]\n', "shell script given as a string", 5),
        (GO + GO_BUILD, "neither ENTRYPOINT nor CMD", None),
        (
            'FROM python:3.11-alpine\nRUN apk add --no-cache gcc musl-dev\nRUN pip install flask\nCMD ["flask", "run"]\n',
            "packages installed with apk",
            2,
        ),
        (
            'FROM fedora:40\nRUN dnf install -y gcc make\nCOPY . /src\nRUN make -C /src install\nCMD ["/usr/local/bin/app"]\n',
            "packages installed with dnf",
            2,
        ),
        ('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN yarn install\nCMD ["node", "server.js"]\n', "yarn", 4),
        (
            'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install -g serve\nCMD ["serve", "dist"]\n',
            "global",
            4,
        ),
        ('FROM python:3.11\nRUN pip install --user flask\nCMD ["flask", "run"]\n', "pip install --user", 2),
        (GO + "RUN <<EOF\ngo build -o /usr/local/bin/app .\nEOF\n" + APP_CMD, "a RUN with a heredoc", 4),
        (
            "FROM golang:1.22\nCOPY --from=busybox:1.36 /bin/busybox /bin/busybox\n" + GO_BUILD + APP_CMD,
            "COPY --from another image",
            2,
        ),
        (GO + GO_BUILD + "RUN git config --global user.name me\n" + APP_CMD, "line 5 runs `git`", 5),
        (C + C_BUILD + "RUN curl -fsSLo /x https://example.com/x\n" + APP_CMD, "line 6 runs `curl`", 6),
        ("FROM golang:1.22\nONBUILD COPY . /src\n" + GO_BUILD + APP_CMD, "ONBUILD", 2),
        (GO + 'RUN ["go", "build", "-o", "/usr/local/bin/app", "."]\n' + APP_CMD, "an exec-form RUN", 4),
        ("FROM golang:1.22\nRUN --mount=type=bind,target=/src go build -o /a .\n" + APP_CMD, "--mount", 2),
        ("FROM golang:1.22\nRUN go build -o /usr/local/bin/app . && (echo\n" + APP_CMD, "does not parse", 2),
        ("FROM golang:1.22\nARG D\nRUN mkdir -p $D && " + GO_BUILD[4:] + APP_CMD, "`mkdir -p $…`", 3),
        (
            "FROM golang:1.22\nARG D\nWORKDIR $D\n" + GO_BUILD + APP_CMD,
            "WORKDIR whose value is not static",
            3,
        ),
        (
            "FROM debian:bookworm\nARG P\nRUN apt-get update && apt-get install -y gcc $P\n"
            "RUN make && make install\n" + APP_CMD,
            "not a plain static name",
            3,
        ),
        (
            "FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make && curl -o /x http://x\n"
            + C_BUILD
            + APP_CMD,
            "`curl -o /x`",
            2,
        ),
        (C.replace("bookworm", "stretch") + C_BUILD + APP_CMD, "debian:stretch", 1),
        (C + "RUN gcc a.c\n" + 'CMD ["/src/a.out"]\n', "the image uses /src/a.out", None),
        (
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -o /out\n"
            'CMD ["dotnet", "/out/app.dll"]\n',
            "no recipe for .NET",
            None,
        ),
        (C.replace("debian:bookworm", "ruby:3.3") + C_BUILD + APP_CMD, "base image ruby", None),
        ('FROM python:3.11\nRUN pip wheel -w /w flask\nCMD ["python"]\n', "pip wheel", 2),
        ('FROM python:2.7\nRUN pip install flask\nCMD ["flask", "run"]\n', "Python 2", None),
        (
            'FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3-pip\nRUN pip install flask\nCMD ["flask"]\n',
            "no Python recipe for the base image debian",
            None,
        ),
        (
            'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && pip install flask\nCMD ["node", "x.js"]\n',
            "node and python",
            None,
        ),
        (
            'FROM python:3.11\nRUN pip install uwsgi flask\nCMD ["uwsgi"]\n',
            "uwsgi needs system software",
            None,
        ),
        (
            "FROM debian:bookworm\nWORKDIR /src\nCOPY . .\n"
            "RUN javac -d classes A.java && jar --create --file /opt/a.jar -C classes .\n"
            'CMD ["java", "-jar", "/opt/a.jar"]\n',
            "no JDK package",
            None,
        ),
    ],
    ids=[
        "arg-base",
        "digest",
        "unknown-dev",
        "dev-not-bookworm",
        "requirements-no-context",
        "package-json-no-context",
        "go-build-no-o",
        "sh-c-exec-form",
        "no-cmd",
        "apk",
        "dnf",
        "yarn",
        "npm-global",
        "pip-user",
        "heredoc",
        "copy-from",
        "post-build-git",
        "post-build-curl",
        "onbuild",
        "exec-form-run",
        "bind-mount",
        "shell-syntax-error",
        "variable-output",
        "variable-workdir",
        "variable-package",
        "install-does-more",
        "unknown-release",
        "unnamed-output",
        "dotnet",
        "no-recipe-ruby",
        "pip-wheel",
        "python-2",
        "python-on-debian",
        "two-languages",
        "refused-pypi",
        "java-without-jdk",
    ],
)
def test_cannot_analyse_says_why(text: str, reason: str, line: int | None) -> None:
    df = parse(text)
    found = optimise(text, df=df)
    assert isinstance(found, Decline), found.text
    assert found.kind == CANNOT_ANALYSE
    assert reason in found.reason
    assert "\n" not in found.reason
    where = None if found.instruction is None else Positions(df).span(found.instruction).start.line
    assert where == line


def test_go_build_without_o_is_declined_with_the_sources_too(tmp_path: Path) -> None:
    # with sources in the context, a go build without -o still names no output
    (tmp_path / "main.go").write_text('package main\n\nfunc main() { println("hi") }\n')
    (tmp_path / "go.mod").write_text("module app\n\ngo 1.22\n")
    found = decline_of(GO + 'RUN go build\nCMD ["./app"]\n', BuildContext(tmp_path, None))
    assert (found.kind, "/src/app" in found.reason) == (CANNOT_ANALYSE, True)


def test_a_variable_version_is_named_in_the_reason() -> None:
    found = decline_of('FROM python:3.11\nARG V=3.0.3\nRUN pip install flask==$V\nCMD ["flask", "run"]\n')
    assert "`None`" not in found.reason
    assert "flask==$V" in found.reason


# -- 2. the recipes on the apps --------------------------------------------------------

VENV_LINES = ["RUN python3 -m venv /opt/venv", 'ENV PATH="/opt/venv/bin:$PATH"']


@dataclass(frozen=True)
class Expected:
    recipe: str
    runtime: str
    packages: list[str]  #: what the runtime stage installs with apt-get
    copies: set[str]  #: what it copies from the build stage
    added: list[str] = field(default_factory=list)  #: the lines the recipe adds to the build stage


#: hand-checked against corpus/apps/README.md ("facts for the optimiser")
RECIPES = {
    "c-make": Expected("c", "debian:bookworm-slim", ["libsqlite3-0"], {"/usr/local"}),
    "go-cgo": Expected("go", "debian:bookworm-slim", ["zlib1g"], {"/usr/local/bin/zsum"}),
    "go-healthcheck-user": Expected(
        "go-static",
        "scratch",
        [],
        {"/app/server", CERTS, "/etc/passwd", "/etc/group"},  # USER notes needs /etc/passwd
        ["ENV CGO_ENABLED=0"],
    ),
    "go-static": Expected(
        "go-static", "scratch", [], {"/usr/local/bin/wordfreq", CERTS}, ["ENV CGO_ENABLED=0"]
    ),
    "java-javac": Expected(
        "java", "debian:bookworm-slim", ["default-jre-headless"], {"/opt/csvstats/csvstats.jar"}
    ),
    # npm ci --omit=dev: nothing to prune
    "node-api": Expected("node", "node:18-slim", [], {"/usr/src/app"}),
    "node-frontend": Expected("node", "node:18-slim", [], {"/usr/src/app"}, ["RUN npm prune --omit=dev"]),
    "python-compiled": Expected("python", "python:3.11-slim", [], {"/opt/venv"}, VENV_LINES),
    "python-pure": Expected("python", "python:3.11-slim", [], {"/opt/venv"}, VENV_LINES),
    "python-web": Expected("python", "python:3.11-slim", [], {"/opt/venv"}, VENV_LINES),
    "rust-nocrates": Expected("rust", "debian:bookworm-slim", [], {"/usr/local/bin/rpncalc"}),
    "static-site": Expected("static", "python:3.11-slim", [], {"/srv/site"}),
}
_CONTRACT = (cst.Entrypoint, cst.Cmd, cst.User, cst.Expose, cst.Healthcheck, cst.Workdir)


def test_every_app_has_an_expected_recipe() -> None:
    assert sorted(RECIPES) == sorted(p.name for p in APPS.iterdir() if (p / "Dockerfile").is_file())


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_recipe_of_each_app(name: str) -> None:
    text, context = app(name)
    expected = RECIPES[name]
    found = rewrite_of(text, context)
    original = stages(text)[0]
    assert (found.recipe, found.builder, found.runtime) == (
        expected.recipe,
        original.base.text,
        expected.runtime,
    )
    assert found.changes[0] == f"names the original stage `build`: {found.builder} builds as before"
    assert found.before_bytes is not None and found.after_bytes is not None
    assert found.after_bytes < found.before_bytes

    build, run = assert_well_formed(found.text)
    assert build.base.text == original.base.text
    assert own_code(run.from_).startswith(f"FROM {expected.runtime} AS runtime")
    assert apt_installs(found.text, 1) == expected.packages
    assert apt_installs(found.text, 0) == apt_installs(text, 0)  # the build stage installs as before
    assert copied_from_build(run) == expected.copies

    # the build stage is the original's instructions in order, with only the recipe's lines added
    codes = [own_code(i) for i in build.instructions]
    assert [c.rstrip("\n") for c in codes if c.rstrip("\n") in expected.added] == expected.added
    it = iter([own_code(i) for i in original.instructions])
    assert all(c in it for c in codes if c.rstrip("\n") not in expected.added), codes

    # the runtime contract: the last ENTRYPOINT, CMD, USER, EXPOSE, HEALTHCHECK, WORKDIR, as written
    for kind in _CONTRACT:
        last_before = [own_code(i) for i in original.instructions if isinstance(i, kind)][-1:]
        last_after = [own_code(i) for i in run.instructions if isinstance(i, kind)][-1:]
        assert last_after == last_before, kind.__name__
    for instr in original.instructions:
        if isinstance(instr, (cst.Env, cst.Expose, cst.Label)):
            assert own_code(instr) in [own_code(i) for i in run.instructions]
    if expected.recipe == "python":
        copy_venv = next(i for i, c in enumerate(run.instructions) if copied_from_build_one(c) == "/opt/venv")
        assert own_code(run.instructions[copy_venv + 1]) == 'ENV PATH="/opt/venv/bin:$PATH"\n'

    # every comment is kept, once
    assert collections.Counter(comment_lines(found.text)) >= collections.Counter(comment_lines(text))

    again = decline_of(found.text, context)
    assert (again.kind, again.reason) == (NOT_A_CANDIDATE, "already a multi-stage build")


def test_recipes_keep_the_build_packages_out_of_the_runtime_stage() -> None:
    text, context = app("c-make")
    found = rewrite_of(text, context)
    assert apt_installs(found.text, 0) == ["gcc", "make", "libc6-dev", "libsqlite3-dev"]
    assert apt_installs(found.text, 1) == ["libsqlite3-0"]
    # go-static has no go.mod requirements and no import "C": it builds without cgo
    text, context = app("go-static")
    assert rewrite_of(text, context).runtime == "scratch"
    assert rewrite_of(text).runtime == "debian:bookworm-slim"  # without the sources it cannot tell


def test_a_go_source_importing_c_keeps_the_dynamic_recipe(tmp_path: Path) -> None:
    shutil.copytree(APPS / "go-static", tmp_path / "app")
    main_go = tmp_path / "app" / "main.go"
    main_go.write_text(main_go.read_text().replace("import (", 'import "C"\n\nimport (', 1))
    text = (tmp_path / "app" / "Dockerfile").read_text()
    found = rewrite_of(text, BuildContext(tmp_path / "app", None))
    assert (found.recipe, found.runtime) == ("go", "debian:bookworm-slim")
    assert "main.go imports C" in found.changes[1]


def test_comments_everywhere_are_kept_once() -> None:
    text = (
        "# header\n"
        "FROM golang:1.22\n"
        "# the port\n"
        "EXPOSE 8080\n"
        "WORKDIR /src\n"
        "# the sources\n"
        "COPY main.go .\n"
        "# build it\n"
        "RUN go build -o /usr/local/bin/app main.go\n"
        "# run it\n"
        'CMD ["/usr/local/bin/app"]\n'
        "# footer\n"
    )
    found = rewrite_of(text)
    assert_well_formed(found.text)
    for comment in comment_lines(text):
        assert comment_lines(found.text).count(comment) == 1, comment
    assert found.text.startswith("# header\n")
    assert found.text.endswith('# run it\nCMD ["/usr/local/bin/app"]\n# footer\n')


def test_global_args_are_kept() -> None:
    text = 'ARG PORT=8080\nFROM python:3.11\nARG PORT\nRUN pip install flask\nEXPOSE $PORT\nCMD ["flask", "run"]\n'
    found = rewrite_of(text)
    before_the_stages = found.text.split("FROM python:3.11 AS build")[0]
    assert "ARG PORT=8080\n" in before_the_stages


def test_cp_into_a_system_directory_copies_the_file() -> None:
    text = (
        C + 'RUN make && cp hello /usr/bin && cp hello.conf /etc\nCMD ["/usr/bin/hello", "/etc/hello.conf"]\n'
    )
    found = rewrite_of(text)
    assert copied_from_build(stages(found.text)[1]) == {"/usr/bin/hello", "/etc/hello.conf"}


def chmods(text: str, stage_index: int) -> list[list[str | None]]:
    model = Model(parse(text))
    out = []
    for instr in model.stages[stage_index].instructions:
        parsed = model.shell(instr) if isinstance(instr, cst.Run) else None
        out += [list(c.argv) for c in (parsed.commands if parsed else []) if c.name == "chmod"]
    return out


def test_a_chmod_of_its_own_is_carried(tmp_path: Path) -> None:
    (tmp_path / "start.sh").write_text("#!/bin/sh\nexec flask run\n")
    text = 'FROM python:3.11\nCOPY start.sh /start.sh\nRUN chmod +x /start.sh\nRUN pip install flask\nCMD ["/start.sh"]\n'
    found = rewrite_of(text, BuildContext(tmp_path, None))
    assert chmods(found.text, 1) == [["chmod", "+x", "/start.sh"]]


def test_a_chmod_beside_a_build_step_is_not_lost(tmp_path: Path) -> None:
    # start.sh is not executable in the context: the chmod is what lets CMD run it, and
    # the runtime stage copies start.sh from the context, not from the build stage
    (tmp_path / "start.sh").write_text("#!/bin/sh\nexec flask run\n")
    (tmp_path / "start.sh").chmod(0o644)
    text = 'FROM python:3.11\nCOPY start.sh /start.sh\nRUN pip install flask && chmod +x /start.sh\nCMD ["/start.sh"]\n'
    found = decline_of(text, BuildContext(tmp_path, None))
    assert found.kind == CANNOT_ANALYSE
    assert "/start.sh with chmod" in found.reason


def test_a_file_written_beside_a_build_step_is_copied_when_named() -> None:
    text = (
        'FROM python:3.11\nRUN pip install flask && echo "debug = false" > /etc/app.conf\n'
        'CMD ["flask", "run", "--config", "/etc/app.conf"]\n'
    )
    assert copied_from_build(stages(rewrite_of(text).text)[1]) == {"/etc/app.conf", "/opt/venv"}


def test_a_file_written_beside_a_build_step_is_not_lost() -> None:
    text = 'FROM python:3.11\nRUN pip install flask && echo "debug = false" > /etc/app.conf\nCMD ["flask", "run"]\n'
    found = rewrite_of(text)
    assert copied_from_build(stages(found.text)[1]) == {"/etc/app.conf", "/opt/venv"}


@pytest.mark.parametrize(
    ("project", "bookworm_only"),
    [("pillow", "libtiff6"), ("python-ldap", "libldap-2.5-0")],
)
def test_pypi_runtime_libraries_exist_in_the_release(project: str, bookworm_only: str) -> None:
    # bullseye has libtiff5, libwebp6 and libldap-2.4-2: the names are not known there
    found = decline_of(f'FROM python:3.9-bullseye\nRUN pip install {project}\nCMD ["python"]\n')
    assert found.kind == CANNOT_ANALYSE
    assert (
        f"({bookworm_only} on Debian bookworm)" in found.reason
        or "is not known for python:3.9-bullseye" in found.reason
    )
    on_bookworm = rewrite_of(f'FROM python:3.11-bookworm\nRUN pip install {project}\nCMD ["python"]\n')
    assert bookworm_only in apt_installs(on_bookworm.text, 1)


def test_a_shell_form_healthcheck_with_exit_installs_curl() -> None:
    text = C + C_BUILD + 'HEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD ["/usr/local/bin/app"]\n'
    found = optimise(text)
    assert isinstance(found, Rewrite), found.reason
    assert apt_installs(found.text, 1) == ["curl"]


# -- 3. the file's style ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["c-make", "java-javac", "node-frontend", "python-pure", "go-healthcheck-user"]
)
def test_crlf_and_escape_directive_are_kept(name: str) -> None:
    text, context = app(name)
    plain = rewrite_of(text, context).text
    crlf = rewrite_of(text.replace("\n", "\r\n"), context).text
    assert parse(crlf).code == crlf
    assert "\n" not in crlf.replace("\r\n", "")
    assert crlf == plain.replace("\n", "\r\n")
    backtick = "# escape=`\n" + text.replace("\\\n", "`\n")
    found = rewrite_of(backtick, context).text
    assert parse(found).code == found
    assert [s.name for s in stages(found)] == ["build", "runtime"]
    assert found == "# escape=`\n" + plain.replace("\\\n", "`\n")
    assert "\\\n" not in found


def test_backtick_continuations_in_the_generated_install() -> None:
    text, context = app("c-make")
    found = rewrite_of("# escape=`\n" + text.replace("\\\n", "`\n"), context).text
    runtime = found[found.index("FROM debian:bookworm-slim AS runtime") :]
    assert (
        "RUN apt-get update `\n    && apt-get install -y --no-install-recommends libsqlite3-0 `\n" in runtime
    )
    assert apt_installs(found, 1) == ["libsqlite3-0"]


def _lower_keywords(text: str) -> str:
    return re.sub(r"^([A-Z]+)\b", lambda m: m.group(1).lower(), text, flags=re.MULTILINE)


@pytest.mark.parametrize("name", ["c-make", "python-pure", "go-static", "node-frontend"])
def test_lower_case_keywords_are_kept(name: str) -> None:
    text, context = app(name)
    found = rewrite_of(_lower_keywords(text), context).text
    df = parse(found)
    assert df.code == found
    upper = [own_code(i).split("\n")[0] for i in df.instructions if not i.keyword.raw.islower()]
    assert upper == []
    assert [f for f in re.findall(r"^from .*$", found, re.MULTILINE) if " AS " in f] == []


# -- 4. DF236 through the linter ----------------------------------------------------------


@pytest.fixture
def go_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of corpus/apps/go-static (its build context with it), as the current directory."""
    shutil.copytree(APPS / "go-static", tmp_path / "app")
    monkeypatch.chdir(tmp_path / "app")
    return tmp_path / "app"


def lint_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict]]:  # type: ignore[type-arg]
    code = main(["--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)["diagnostics"]


def test_df236_reports_the_from_image_with_an_unsafe_fix(
    go_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (go_app / "Dockerfile").read_text()
    expected = rewrite_of(text, BuildContext(go_app, None))
    code, [finding] = lint_json(capsys, "--select", "DF236", "Dockerfile")
    assert code == 1
    assert finding["rule"] == "DF236"
    assert (finding["location"]["line"], finding["location"]["column"]) == (1, 6)  # golang:1.19
    assert (finding["end_location"]["line"], finding["end_location"]["column"]) == (1, 17)
    assert finding["fix"]["applicability"] == "unsafe"
    assert (
        finding["fix"]["title"] == "Split into a build stage and a scratch runtime stage (go-static recipe)"
    )
    saved = kb.human_size(expected.before_bytes - expected.after_bytes)  # type: ignore[operator]
    assert f"a scratch runtime stage would save about {saved} (100%)" in finding["message"]
    # the one edit turns the file into the rewrite
    [edit] = finding["fix"]["edits"]
    start, end = edit["start"]["offset"], edit["end"]["offset"]
    assert text[:start] + edit["content"] + text[end:] == expected.text


def test_df236_on_the_command_line(go_app: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dflint", "--select", "DF236", "--no-show-source", "Dockerfile"],
        capture_output=True,
        text=True,
        cwd=go_app,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 1, done.stderr
    [line] = [x for x in done.stdout.splitlines() if "DF236" in x]
    assert line.startswith("Dockerfile:1:6: DF236")


def test_df236_unsafe_fix_writes_the_rewrite_and_safe_fix_does_not(
    go_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = go_app / "Dockerfile"
    text = path.read_text()
    expected = rewrite_of(text, BuildContext(go_app, None)).text
    main(["--fix", "--select", "DF236", "Dockerfile"])
    assert path.read_text() == text
    main(["--fix", "--unsafe-fixes", "--select", "DF236", "Dockerfile"])
    assert path.read_text() == expected
    capsys.readouterr()
    code, found = lint_json(capsys, "--select", "DF236", "Dockerfile")
    assert (code, found) == (0, [])  # already multi-stage


def test_df236_is_silent_where_the_optimiser_declines_and_honours_its_options() -> None:
    rules = builtin_rules()

    def found(text: str, **options: object) -> list[tuple[int, int]]:
        settings = Settings(rules=rules, enabled=frozenset({"DF236"}), options={"DF236": options})
        result = lint_text(text, "nowhere/Dockerfile", settings)
        assert not result.internal_errors
        return [(d.start.line, d.start.column) for d in result.diagnostics]

    slim = 'FROM python:3.13-slim\nRUN pip install flask\nCMD ["flask", "run"]\n'
    full = 'FROM python:3.13\nRUN pip install flask\nCMD ["flask", "run"]\n'
    assert found(slim) == []
    assert found(full) == [(1, 6)]
    assert found(full, **{"min-saving-percent": 99}) == []
    assert found(full, **{"min-saving-mb": 10_000}) == []
    assert found('FROM python:3.13\nRUN pip install --user flask\nCMD ["flask", "run"]\n') == []


# -- 5. dflint optimize ---------------------------------------------------------------------


def optimize(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["optimize", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_optimize_text_output(go_app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = go_app / "Dockerfile"
    text = path.read_text()
    found = rewrite_of(text, BuildContext(go_app, None))
    code, out, _ = optimize(capsys, str(path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{path}: go-static recipe: build on golang:1.19, run on scratch"
    assert lines[1 : 1 + len(found.changes)] == [f"  - {c}" for c in found.changes]
    estimate = lines[1 + len(found.changes)]
    before, after = kb.human_size(found.before_bytes), kb.human_size(found.after_bytes)
    assert estimate.startswith(f"  estimated download: {before} -> {after} (saves ")
    assert "golang:1.19" in estimate and "scratch: nothing" in estimate
    diff = out[out.index(f"--- {path}") :]
    assert f"+++ {path}\n" in diff
    assert "-FROM golang:1.19\n+# Build stage" in diff
    assert "+FROM scratch AS runtime\n" in diff
    assert path.read_text() == text  # no --write: nothing written


def test_optimize_json(go_app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = rewrite_of((go_app / "Dockerfile").read_text(), BuildContext(go_app, None))
    code, out, _ = optimize(capsys, "--format", "json", "Dockerfile")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"file", "recipe", "builder", "runtime", "changes", "estimate", "rewrite", "diff"}
    assert (doc["file"], doc["recipe"], doc["builder"], doc["runtime"]) == (
        "Dockerfile",
        "go-static",
        "golang:1.19",
        "scratch",
    )
    assert doc["changes"] == found.changes
    assert doc["rewrite"] == found.text
    assert doc["estimate"] == {
        "before_bytes": found.before_bytes,
        "after_bytes": found.after_bytes,
        "saving": 1.0,
        "basis": found.basis,
    }
    assert doc["diff"].startswith("--- a/Dockerfile\n+++ b/Dockerfile\n")


def test_optimize_write_is_atomic_and_keeps_the_mode(
    go_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = go_app / "Dockerfile"
    expected = rewrite_of(path.read_text(), BuildContext(go_app, None)).text
    path.chmod(0o640)
    inode = path.stat().st_ino
    names = sorted(os.listdir(go_app))
    code, _, err = optimize(capsys, "--write", "Dockerfile")
    assert code == 0
    assert path.read_text() == expected
    assert "Wrote Dockerfile" in err
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != inode  # replaced by a rename, not written in place
    assert sorted(os.listdir(go_app)) == names  # no temporary file left
    code, out, _ = optimize(capsys, "--write", "Dockerfile")
    assert (code, out) == (1, "Dockerfile: no rewrite (not a candidate): already a multi-stage build\n")
    assert path.read_text() == expected


def test_optimize_declined_names_the_instruction(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "Dockerfile"
    text = GO + GO_BUILD + '# through a shell\n  CMD ["sh", "-c", "app"]\n'
    path.write_text(text)
    code, out, _ = optimize(capsys, "--write", str(path))
    assert (code, out) == (
        1,
        f"{path}:6:3: no rewrite (cannot analyse): CMD runs a shell script given as a string\n",
    )
    assert path.read_text() == text
    code, out, _ = optimize(capsys, "--format", "json", str(path))
    assert code == 1
    assert json.loads(out) == {
        "file": str(path),
        "rewrite": None,
        "declined": CANNOT_ANALYSE,
        "reason": "CMD runs a shell script given as a string",
        "line": 6,
        "column": 3,
    }
    path.write_text('FROM python:3.11\nCOPY app.py /app/app.py\nCMD ["python", "/app/app.py"]\n')
    code, out, _ = optimize(capsys, str(path))
    assert code == 1
    assert out.startswith(f"{path}: no rewrite (not a candidate): no build steps")


def test_optimize_gate_options(go_app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = optimize(capsys, "--min-saving-mb", "100000", "Dockerfile")
    assert code == 1
    assert out.startswith("Dockerfile: no rewrite (little to gain): the estimated saving is ")
    assert f"below the gate ({kb.human_size(100_000 * 1_000_000)} and 30%)" in out


def test_optimize_context_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(APPS / "python-pure", tmp_path / "app")
    docker = tmp_path / "app" / "docker"
    docker.mkdir()
    (tmp_path / "app" / "Dockerfile").rename(docker / "Dockerfile")
    code, out, _ = optimize(capsys, str(docker / "Dockerfile"))
    assert code == 1
    assert "cannot read requirements.txt from the build context" in out
    code, out, _ = optimize(capsys, "--context", "..", str(docker / "Dockerfile"))
    assert code == 0
    assert out.startswith(
        f"{docker / 'Dockerfile'}: python recipe: build on python:3.11, run on python:3.11-slim\n"
    )


def test_optimize_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope"
    code, out, err = optimize(capsys, str(missing))
    assert (code, out) == (2, "")
    assert str(missing) in err
    (tmp_path / "bad").write_text("FROM debian:12\nRUN echo <<EOF\n")
    code, out, err = optimize(capsys, str(tmp_path / "bad"))
    assert (code, out) == (2, "")


class _Stdin:
    def __init__(self, text: str) -> None:
        self.buffer = io.BytesIO(text.encode())


def test_optimize_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    text, _ = app("go-static")
    without_context = rewrite_of(text)  # stdin has no build context
    monkeypatch.setattr(sys, "stdin", _Stdin(text))
    code, out, _ = optimize(capsys, "-")
    assert code == 0
    assert out.startswith("<stdin>: go recipe: build on golang:1.19, run on debian:bookworm-slim\n")
    monkeypatch.setattr(sys, "stdin", _Stdin(text))
    code, out, _ = optimize(capsys, "--format", "json", "-")
    assert (code, json.loads(out)["rewrite"]) == (0, without_context.text)
    monkeypatch.setattr(sys, "stdin", _Stdin(text))
    code, _, err = optimize(capsys, "--write", "-")
    assert code == 2
    assert "--write needs a file" in err


# -- 6. the real-world corpus -------------------------------------------------------------


def test_real_world_corpus() -> None:
    """optimise() over every Dockerfile of ../shared/corpus that dflint parses (~9,300,
    about 20 s, no context): no exception, every decline one of the three kinds with a
    one-line reason, every rewrite well formed, keeping the comments and the final CMD
    and ENTRYPOINT, and declined when optimised again."""
    shared_path("corpus", "MANIFEST.tsv")
    started = time.monotonic()
    kinds: collections.Counter[str] = collections.Counter()
    for item, text, df in parsed_corpus():
        found = optimise(text, df=df)
        if isinstance(found, Decline):
            kinds[found.kind] += 1
            assert found.kind in (NOT_A_CANDIDATE, LITTLE_GAIN, CANNOT_ANALYSE), item.name
            assert found.reason and "\n" not in found.reason, item.name
            continue
        kinds["rewrite"] += 1
        _, run = assert_well_formed(found.text)
        assert run.base.text == found.runtime, item.name
        assert collections.Counter(comment_lines(found.text)) >= collections.Counter(comment_lines(text))
        original = Model(df).stages[0]
        for kind in (cst.Entrypoint, cst.Cmd):  # a file's last line may have no line end
            last = [own_code(i).rstrip("\r\n") for i in original.instructions if isinstance(i, kind)][-1:]
            kept = [own_code(i).rstrip("\r\n") for i in run.instructions if isinstance(i, kind)][-1:]
            assert kept == last, item.name
        assert decline_of(found.text).reason == "already a multi-stage build"
    assert time.monotonic() - started < 60
    assert sum(kinds.values()) > 9000
    # most files are declined, and each kind is seen
    assert kinds[NOT_A_CANDIDATE] > 3000 and kinds[CANNOT_ANALYSE] > 3000
    assert kinds[LITTLE_GAIN] > 0 and kinds["rewrite"] > 0


# -- cases from the review of the docs -----------------------------------------------------


def test_a_url_with_a_port_in_a_healthcheck_is_not_a_path() -> None:
    text = (
        "FROM golang:1.23\nWORKDIR /src\nCOPY go.mod main.go ./\nRUN go build -o /usr/local/bin/server .\n"
        'HEALTHCHECK CMD ["curl", "-f", "http://localhost:8080/health"]\nENTRYPOINT ["/usr/local/bin/server"]\n'
    )
    found = rewrite_of(text)
    assert found.runtime == "debian:bookworm-slim"
    assert apt_installs(found.text, 1) == ["curl"]


def test_a_chmod_in_a_python_build_step_of_a_carried_file_declines(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("flask==3.0.3\n")
    (tmp_path / "entrypoint.sh").write_text("#!/bin/sh\nexec flask run\n")
    text = (
        "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt entrypoint.sh ./\n"
        'RUN pip install -r requirements.txt && chmod +x entrypoint.sh\nCMD ["./entrypoint.sh"]\n'
    )
    found = decline_of(text, BuildContext(tmp_path, None))
    assert "/app/entrypoint.sh with chmod" in found.reason


def test_builtins_in_a_carried_run_are_fine() -> None:
    text = (
        "FROM golang:1.23\nWORKDIR /src\nCOPY go.mod main.go ./\nRUN go build -o /usr/local/bin/server .\n"
        'RUN set -eux; useradd --system app\nUSER app\nENTRYPOINT ["/usr/local/bin/server"]\n'
    )
    found = rewrite_of(text)
    assert "RUN set -eux; useradd --system app\n" in found.text.split("AS runtime")[1]


def test_go_falls_back_to_debian_slim_for_a_program_scratch_lacks(tmp_path: Path) -> None:
    (tmp_path / "main.go").write_text('package main\n\nfunc main() { println("hi") }\n')
    (tmp_path / "go.mod").write_text("module app\n\ngo 1.22\n")
    text = (
        "FROM golang:1.23\nWORKDIR /src\nCOPY go.mod main.go ./\nRUN go build -o /usr/local/bin/app .\n"
        'ENTRYPOINT ["/usr/bin/env", "app"]\n'
    )
    found = rewrite_of(text, BuildContext(tmp_path, None))
    assert (found.recipe, found.runtime) == ("go", "debian:bookworm-slim")
    assert "`/usr/bin/env`, which scratch does not have" in " ".join(found.changes)


@pytest.mark.parametrize("line", ["dist/app-1.0-py3-none-any.whl", "app-1.0.tar.gz", "./vendor/pkg"])
def test_a_requirement_that_is_a_file_declines(tmp_path: Path, line: str) -> None:
    (tmp_path / "requirements.txt").write_text(f"flask==3.0.3\n{line}\n")
    text = 'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD ["flask", "run"]\n'
    found = decline_of(text, BuildContext(tmp_path, None))
    assert f"`{line}`" in found.reason


def test_a_compiler_output_is_copied() -> None:
    text = (
        "FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev\n"
        'WORKDIR /src\nCOPY hello.c .\nRUN gcc -O2 -o /usr/local/bin/hello hello.c\nCMD ["/usr/local/bin/hello"]\n'
    )
    found = rewrite_of(text)
    assert copied_from_build(stages(found.text)[1]) == {"/usr/local/bin/hello"}


def test_write_from_stdin_fails_before_printing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from dflint.cli import main

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"FROM python:3.11\n")))
    assert main(["optimize", "-", "--write"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "--write needs a file" in err


@pytest.mark.parametrize(
    ("base", "runtime"),
    [
        ("eclipse-temurin:21-jdk", "eclipse-temurin:21-jre"),
        ("eclipse-temurin:17-jdk-noble", "eclipse-temurin:17-jre-noble"),
        ("maven:3.9-eclipse-temurin-21", "eclipse-temurin:21-jre"),
        ("gradle:8.10-jdk17", "eclipse-temurin:17-jre"),
    ],
)
def test_jdk_images_run_on_their_jre(tmp_path: Path, base: str, runtime: str) -> None:
    (tmp_path / "src" / "main" / "java").mkdir(parents=True)
    (tmp_path / "src" / "main" / "java" / "App.java").write_text("class App {}\n")
    (tmp_path / "pom.xml").write_text("<project/>\n")
    (tmp_path / "build.gradle").write_text("plugins { id 'java' }\n")
    build = "mvn -B package -DskipTests" if "gradle" not in base else "gradle --no-daemon build"
    out = "target/app-1.0.jar" if "gradle" not in base else "build/libs/app-1.0.jar"
    text = (
        f"FROM {base}\nWORKDIR /src\nCOPY pom.xml build.gradle ./\nCOPY src ./src\nRUN {build}\n"
        f'CMD ["java", "-jar", "/src/{out}"]\n'
    )
    found = rewrite_of(text, BuildContext(tmp_path, None))
    assert (found.recipe, found.runtime) == ("java", runtime)
    # only the jar the image runs, not the build tool's whole output directory
    assert copied_from_build(stages(found.text)[1]) == {f"/src/{out}"}


def test_a_jdk_image_without_a_known_jdk_declines() -> None:
    found = decline_of(
        'FROM maven:3.9\nWORKDIR /src\nCOPY pom.xml .\nRUN mvn package\nCMD ["java", "-jar", "/src/target/a.jar"]\n'
    )
    assert "cannot tell which JDK maven:3.9 is built on" in found.reason


def test_a_directory_copied_without_the_context_declines() -> None:
    found = decline_of(
        'FROM golang:1.23\nWORKDIR /src\nCOPY main.go go.mod ./\nCOPY assets ./assets\nRUN go build -o /app .\nCMD ["/app"]\n'
    )
    assert "whether `assets` holds sources" in found.reason
